//! A report: A4 portrait, a header (office, title, period, when it was made), a block of key
//! figures, charts drawn by `tikbill-chart` (the same drawing the window shows, in its light
//! theme), then tables that run over as many pages as they need, their header repeated on each
//! page and every page numbered "Page n of m".

mod chart;

use tikbill_chart::Theme;

use crate::a4::{column, heading, number_pages, pager, BODY, MARGIN};
use crate::error::PrintError;
use crate::fonts::{Fonts, Style};
use crate::layout::{Align, Block, Page};
use crate::table::{fit_widths, header, push_rows, striped, table_row, TableColumn, GUTTER};
use crate::TextAlign;

/// What a report shows, every value already formatted by the caller.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportDocument {
    pub office: String,
    /// e.g. "Revenue".
    pub title: String,
    /// e.g. "1–30 Nov 2026 (Africa/Nairobi)".
    pub period: String,
    /// When the report was made, e.g. "1 Dec 2026 08:00 EAT"; not shown when empty.
    pub generated: String,
    /// Key figures, label and value, shown two to a line under the header.
    pub summary: Vec<(String, String)>,
    /// Drawn one under the other, across the page.
    pub charts: Vec<tikbill_chart::Chart>,
    /// Printed after the charts.
    pub tables: Vec<ReportTable>,
}

/// A table of a report. Every row (and the total) has one cell per column, or the report is
/// refused with [`PrintError::RaggedRow`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportTable {
    pub title: String,
    pub columns: Vec<ReportColumn>,
    pub rows: Vec<Vec<String>>,
    /// The total row, printed bold under a rule.
    pub total: Option<Vec<String>>,
}

/// A column of a report's table: its title and how its cells are aligned (numbers right).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportColumn {
    pub title: String,
    pub align: TextAlign,
}

/// A chart's size on paper: across the text, 80 mm tall.
const CHART_HEIGHT: f32 = 80.0;
/// The pixels a chart is drawn in, per mm on paper: its texts come out about 9 pt.
const CHART_PX_PER_MM: f32 = 4.0;
/// What an empty table says.
const NO_ROWS: &str = "No data for this period.";

/// The report as an A4 PDF.
pub fn report_pdf(doc: &ReportDocument) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::load()?;
    let pages = layout(&fonts, doc)?;
    crate::pdf::write(&doc.title, &pages, &fonts, None)
}

pub(crate) fn layout(fonts: &Fonts, doc: &ReportDocument) -> Result<Vec<Page>, PrintError> {
    for table in &doc.tables {
        check(table)?;
    }
    let column = column(fonts);
    let body = Style::regular(BODY);
    let mut pager = pager();

    pager.push(column.text(&doc.office, Style::bold(16.0), Align::Left));
    pager.push(column.text(&doc.title, Style::regular(13.0), Align::Left));
    pager.push(column.text(&doc.period, Style::regular(10.0), Align::Left));
    if !doc.generated.is_empty() {
        let generated = format!("Generated {}", doc.generated);
        pager.push(column.text(&generated, Style::regular(8.0), Align::Left));
    }

    if !doc.summary.is_empty() {
        let half = (column.width - 2.0 * GUTTER) / 2.0;
        let sides = [
            column.part(MARGIN, half),
            column.part(MARGIN + half + 2.0 * GUTTER, half),
        ];
        let mut lines = vec![heading(column, "Summary")];
        for pairs in doc.summary.chunks(2) {
            let line = pairs
                .iter()
                .zip(sides)
                .map(|((label, value), side)| side.pair(label, value, body, Style::bold(BODY)))
                .fold(Block::gap(0.0), Block::beside);
            lines.push(line.then(Block::gap(0.8)));
        }
        pager.push_together(lines);
    }

    for chart in &doc.charts {
        let drawing = tikbill_chart::drawing(
            chart,
            Theme::Light,
            (column.width * CHART_PX_PER_MM).round() as u32,
            (CHART_HEIGHT * CHART_PX_PER_MM).round() as u32,
        )
        .map_err(|error| PrintError::Chart {
            title: chart.title.clone(),
            error,
        })?;
        pager.push(Block::gap(5.0).then(chart::block(&drawing, fonts, MARGIN, column.width)));
    }

    for table in &doc.tables {
        let title = heading(column, &table.title);
        if table.rows.is_empty() || table.columns.is_empty() {
            pager.push_together(vec![title, column.text(NO_ROWS, body, Align::Left)]);
            continue;
        }
        let cols = columns(fonts, table, column.width);
        let titles: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
        let table_header = header(fonts, &cols, &titles, column.width);
        let rows = table.rows.iter().enumerate().map(|(i, cells)| {
            let texts: Vec<&str> = cells.iter().map(String::as_str).collect();
            striped(table_row(fonts, &cols, &texts, body), i, column.width)
        });
        push_rows(&mut pager, title, table_header, rows);
        let mut end = vec![column.rule(1.0, 0.3, false)];
        if let Some(total) = &table.total {
            let texts: Vec<&str> = total.iter().map(String::as_str).collect();
            end.push(table_row(fonts, &cols, &texts, Style::bold(BODY)));
        }
        pager.push_together(end);
    }

    let mut pages = pager.finish();
    let note = [doc.title.as_str(), &doc.period, &doc.office]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
    number_pages(&mut pages, column, &note);
    Ok(pages)
}

/// Refuses a row (or total) whose cells do not match the columns.
fn check(table: &ReportTable) -> Result<(), PrintError> {
    let columns = table.columns.len();
    let rows = table.rows.iter().enumerate().map(|(i, r)| (Some(i + 1), r));
    for (row, cells) in rows.chain(table.total.iter().map(|t| (None, t))) {
        if cells.len() != columns {
            return Err(PrintError::RaggedRow {
                table: table.title.clone(),
                row,
                cells: cells.len(),
                columns,
            });
        }
    }
    Ok(())
}

/// The table's columns across `width` mm from the margin, each as wide as its widest cell
/// when they fit, the widest left-aligned one taking what is left over.
fn columns(fonts: &Fonts, table: &ReportTable, width: f32) -> Vec<TableColumn> {
    let (body, strong) = (Style::regular(BODY), Style::bold(BODY));
    let natural: Vec<f32> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let width =
                |row: &Vec<String>, style| row.get(i).map_or(0.0, |t| fonts.width(t, style));
            let cells = table.rows.iter().map(|row| width(row, body));
            let total = table.total.iter().map(|row| width(row, strong));
            cells
                .chain(total)
                .fold(fonts.width(&column.title, strong), f32::max)
        })
        .collect();
    // The widest left-aligned column (a name, a description) takes the room left over.
    let stretch = (0..natural.len())
        .filter(|i| table.columns[*i].align == TextAlign::Left)
        .max_by(|a, b| natural[*a].total_cmp(&natural[*b]))
        .unwrap_or(0);
    let room = width - GUTTER * table.columns.len().saturating_sub(1) as f32;
    let widths = fit_widths(&natural, stretch, room);
    let mut x = MARGIN;
    table
        .columns
        .iter()
        .zip(widths)
        .map(|(column, w)| {
            let align = match column.align {
                TextAlign::Left => Align::Left,
                TextAlign::Center => Align::Center,
                TextAlign::Right => Align::Right,
            };
            let placed = (x, w, align);
            x += w + GUTTER;
            placed
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide_table(rows: usize) -> ReportDocument {
        let columns: Vec<ReportColumn> = (0..12)
            .map(|i| ReportColumn {
                title: format!("Column number {i}"),
                align: if i % 2 == 0 {
                    TextAlign::Left
                } else {
                    TextAlign::Right
                },
            })
            .collect();
        ReportDocument {
            office: "Kilimani Fibre Networks".into(),
            title: "Everything".into(),
            period: "November 2026".into(),
            summary: vec![(
                "A long label that takes more than half".into(),
                "KES 1,000,000.00".into(),
            )],
            tables: vec![ReportTable {
                title: "Wide".into(),
                rows: (0..rows)
                    .map(|r| {
                        (0..12)
                            .map(|c| format!("Wanjiru-Nyambura-Kamau-Otieno {r}.{c}"))
                            .collect()
                    })
                    .collect(),
                total: Some(vec!["Σ".to_string(); 12]),
                columns,
            }],
            ..ReportDocument::default()
        }
    }

    #[test]
    fn wide_tables_wrap_within_the_margins() {
        let fonts = Fonts::load().unwrap();
        let pages = layout(&fonts, &wide_table(40)).unwrap();
        assert!(
            pages.len() > 1,
            "40 rows of wrapped cells take more than a page"
        );
        let cells = crate::a4::assert_within_margins(&fonts, &pages)
            .iter()
            .filter(|t| t.starts_with("Wanjiru"))
            .count();
        assert!(
            cells >= 480,
            "every cell is printed, wrapped: {cells} pieces"
        );
    }

    #[test]
    fn ragged_rows_are_named() {
        let mut doc = wide_table(3);
        doc.tables[0].rows[2].push("one too many".into());
        let error = layout(&Fonts::load().unwrap(), &doc).unwrap_err();
        assert!(
            matches!(
                error,
                PrintError::RaggedRow {
                    row: Some(3),
                    cells: 13,
                    columns: 12,
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
