//! A report written out: CSV (each table under its title, every cell neutralised against
//! spreadsheet formulas) and PDF (`tikbill-print`'s report document, with the same charts).

use tikbill_api::ReportRequest;

use super::document::Report;
use crate::csv_cell::neutralized;
use crate::{Context, CoreError, CoreResult};

/// The report asked for as CSV: a title block (report, days, time zone), the key figures, then
/// each table with its header, rows and total, separated by a blank line.
pub async fn csv(ctx: &Context, request: &ReportRequest) -> CoreResult<String> {
    let report = super::build(ctx, request).await?;
    write_csv(&report)
}

pub(crate) fn write_csv(report: &Report) -> CoreResult<String> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| CoreError::Internal(format!("the report's CSV: {e}"));
    let mut write = |cells: Vec<String>| -> CoreResult<()> {
        out.write_record(cells.iter().map(|c| neutralized(c).into_owned()))
            .map_err(fail)
    };
    write(vec![report.title.clone(), report.period()])?;
    for figure in &report.figures {
        write(vec![figure.label.clone(), figure.value.clone()])?;
    }
    for table in &report.tables {
        write(vec![String::new()])?;
        write(vec![table.title.clone()])?;
        write(table.columns.iter().map(|c| c.title.clone()).collect())?;
        for row in &table.rows {
            write(row.clone())?;
        }
        if let Some(total) = &table.total {
            write(total.clone())?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| CoreError::Internal(format!("the report's CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CoreError::Internal(format!("the report's CSV: {e}")))
}

/// The report asked for as a PDF (A4; the office's name from the receipt settings).
pub async fn pdf(ctx: &Context, request: &ReportRequest) -> CoreResult<Vec<u8>> {
    let report = super::build(ctx, request).await?;
    let office = crate::settings::receipt::stored(ctx.db())
        .await?
        .office_name;
    write_pdf(ctx, &report, &office)
}

pub(crate) fn write_pdf(ctx: &Context, report: &Report, office: &str) -> CoreResult<Vec<u8>> {
    let generated = ctx.now().format("%Y-%m-%d %H:%M UTC").to_string();
    let document = tikbill_print::ReportDocument {
        office: office.to_string(),
        title: report.title.clone(),
        period: report.period(),
        generated,
        summary: report
            .figures
            .iter()
            .map(|f| (f.label.clone(), f.value.clone()))
            .collect(),
        charts: report.charts.iter().map(super::draw::chart).collect(),
        tables: report
            .tables
            .iter()
            .map(|t| tikbill_print::ReportTable {
                title: t.title.clone(),
                columns: t
                    .columns
                    .iter()
                    .map(|c| tikbill_print::ReportColumn {
                        title: c.title.clone(),
                        align: if c.numeric {
                            tikbill_print::TextAlign::Right
                        } else {
                            tikbill_print::TextAlign::Left
                        },
                    })
                    .collect(),
                rows: t.rows.clone(),
                total: t.total.clone(),
            })
            .collect(),
    };
    tikbill_print::report_pdf(&document)
        .map_err(|e| CoreError::Internal(format!("the report's PDF: {e}")))
}
