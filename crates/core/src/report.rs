//! Reports: what a range of the office's days holds (money, customers, routers, plans, cards),
//! as key figures, charts and tables. One model ([`document::Report`]) is shown in the window
//! (charts drawn as SVG by `tikbill-chart`), written as CSV and laid out as a PDF by
//! `tikbill-print` with the very same charts. Days are the office's (`days::bounds`), never
//! UTC's; money is added up as integers per currency and never across currencies.
//!
//! Finished days are read from daily roll-ups ([`rollup`]), today from the raw rows.

mod buckets;
pub mod daily;
mod document;
mod draw;
mod export;
pub(crate) mod format;
mod period;
pub mod rollup;
mod sections;

use chrono::NaiveDate;
use tikbill_api::{Permission, ReportKind, ReportRequest, ReportView};

pub use document::Report;
pub use export::{csv, pdf};

use crate::{Context, CoreError, CoreResult};

/// The longest range a report covers: ten years of days.
pub const MAX_DAYS: i64 = 3_660;

/// The office days a request covers, checked: both given, `to` not before `from`, at most
/// [`MAX_DAYS`]. A mistake is a field error on `from` or `to`.
pub(crate) fn range(request: &ReportRequest) -> CoreResult<(NaiveDate, NaiveDate)> {
    let mut fields = Vec::new();
    let (from, to) = crate::days::range(&mut fields, Some(&request.from), Some(&request.to));
    for (field, day) in [("from", from), ("to", to)] {
        let text = if field == "from" {
            &request.from
        } else {
            &request.to
        };
        if day.is_none() && text.trim().is_empty() {
            fields.push(tikbill_api::FieldError {
                field: field.into(),
                message: "a day is needed, as YYYY-MM-DD".into(),
            });
        }
    }
    if let (Some(from), Some(to)) = (from, to) {
        if (to - from).num_days() >= MAX_DAYS {
            fields.push(tikbill_api::FieldError {
                field: "to".into(),
                message: format!("a report covers at most {MAX_DAYS} days"),
            });
        }
    }
    match (from, to) {
        (Some(from), Some(to)) if fields.is_empty() => Ok((from, to)),
        _ => Err(CoreError::invalid("report", fields)),
    }
}

/// Builds the report asked for.
pub async fn build(ctx: &Context, request: &ReportRequest) -> CoreResult<Report> {
    ctx.require(Permission::ViewReports)?;
    let (from, to) = range(request)?;
    let office_tz = ctx.office_time_zone().await?;
    let mut report = Report::new(request.kind, from, to, office_tz.name());
    match request.kind {
        ReportKind::Revenue => {
            sections::revenue::fill(ctx, &mut report, request.period, request.by).await?
        }
        ReportKind::Customers => {
            sections::customers::fill(ctx, &mut report, request.period).await?
        }
        ReportKind::Routers => sections::routers::fill(ctx, &mut report, request.period).await?,
        ReportKind::Plans => sections::plans::fill(ctx, &mut report).await?,
        ReportKind::Vouchers => sections::vouchers::fill(ctx, &mut report).await?,
    }
    Ok(report)
}

/// The report asked for, as the window shows it (charts drawn in the request's theme).
pub async fn view(ctx: &Context, request: &ReportRequest) -> CoreResult<ReportView> {
    let report = build(ctx, request).await?;
    draw::view(report, request.theme)
}

/// The dashboard's three charts (see `dashboard::charts`): the reports' own sections, asked
/// without the reports' permission (the dashboard shows them to everyone who sees customers).
pub(crate) async fn dashboard_charts(
    ctx: &Context,
    days_from: NaiveDate,
    month_start: NaiveDate,
    today: NaiveDate,
    theme: tikbill_api::ChartTheme,
) -> CoreResult<Vec<tikbill_api::ReportChart>> {
    use rollup::Wanted;
    use tikbill_api::{ReportPeriod, RevenueBy};
    let zone = ctx.office_time_zone().await?;
    let names = sections::names::Names::read(ctx.db()).await?;
    // Both money charts from one read of their days (today added up from the raw rows once).
    let first = days_from.min(month_start);
    let wanted = Wanted::money(&["all", "method"]);
    let days = rollup::days(ctx, first, today, wanted).await?;
    let within = |from: NaiveDate| -> std::collections::BTreeMap<_, _> {
        days.range(from..=today)
            .map(|(d, r)| (*d, r.clone()))
            .collect()
    };
    let mut money = Report::new(ReportKind::Revenue, days_from, today, zone.name());
    sections::revenue::write(
        &mut money,
        &within(days_from),
        ReportPeriod::Day,
        RevenueBy::Time,
        &names,
    )?;
    let mut methods = Report::new(ReportKind::Revenue, month_start, today, zone.name());
    sections::revenue::write(
        &mut methods,
        &within(month_start),
        ReportPeriod::Day,
        RevenueBy::Method,
        &names,
    )?;
    let mut plans = Report::new(ReportKind::Plans, month_start, today, zone.name());
    sections::plans::fill(ctx, &mut plans).await?;
    let mut charts = Vec::new();
    // (report, title, whether the title names the currency, series kept)
    for (report, title, money_chart, series) in [
        (money, "Money taken, last 30 days", true, 2),
        (methods, "Payments by method, this month", true, 1),
        (plans, "Plans by customers", false, 1),
    ] {
        // The busiest currency's chart (the sections put it first).
        if let Some(mut data) = report.charts.into_iter().next() {
            data.title = if money_chart {
                format!("{title} ({})", data.unit)
            } else {
                title.to_string()
            };
            data.series.truncate(series);
            charts.push(tikbill_api::ReportChart {
                title: data.title.clone(),
                svg: draw::svg_sized(&data, theme, 600, 300)?,
            });
        }
    }
    Ok(charts)
}
