//! A report as the window shows it: its key figures, its charts (SVG drawn by the backend in
//! the window's theme) and its tables, numbers aligned right.

use sycamore::prelude::*;
use tikbill_api::{ReportTable, ReportView};

/// `num` for a numeric column (aligned right).
fn class_of(numeric: &[bool], i: usize) -> &'static str {
    if numeric.get(i).copied().unwrap_or(false) {
        "num"
    } else {
        ""
    }
}

/// A row's cells.
fn cells(row: Vec<String>, numeric: &[bool]) -> Vec<View> {
    row.into_iter()
        .enumerate()
        .map(|(i, cell)| {
            let class = class_of(numeric, i);
            view! { td(class=class) { (cell) } }
        })
        .collect()
}

/// One table, with its total row in bold.
#[component(inline_props)]
pub fn ReportTableView(table: ReportTable, index: usize) -> View {
    let numeric: Vec<bool> = table.columns.iter().map(|c| c.numeric).collect();
    let head = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let class = class_of(&numeric, i);
            let title = c.title.clone();
            view! { th(class=class) { (title) } }
        })
        .collect::<Vec<_>>();
    let empty = table.rows.is_empty();
    let width = table.columns.len().max(1).to_string();
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let tds = cells(row, &numeric);
            view! { tr { (tds) } }
        })
        .collect::<Vec<_>>();
    let total: Vec<View> = table
        .total
        .into_iter()
        .map(|row| {
            let tds = cells(row, &numeric);
            view! { tr(class="total-row") { (tds) } }
        })
        .collect();
    view! {
        h3 { (table.title) }
        div(class="table-wrap") {
            table(class="report-table", id=format!("report-table-{index}")) {
                thead { tr { (head) } }
                tbody {
                    (if empty {
                        view! { tr { td(colspan=width.clone(), class="muted") { "Nothing in these days." } } }
                    } else {
                        view! { (rows) }
                    })
                    (total)
                }
            }
        }
    }
}

/// The whole report.
#[component(inline_props)]
pub fn ReportResult(report: ReportView) -> View {
    let figures = report
        .figures
        .iter()
        .map(|f| {
            let (label, value) = (f.label.clone(), f.value.clone());
            view! { div(class="report-figure") { dt { (label) } dd { (value) } } }
        })
        .collect::<Vec<_>>();
    let charts = report
        .charts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                figure(class="report-chart", id=format!("report-chart-{i}"), aria-label=c.title, dangerously_set_inner_html=c.svg) {}
            }
        })
        .collect::<Vec<_>>();
    let tables = report
        .tables
        .into_iter()
        .enumerate()
        .map(|(index, table)| view! { section(class="card") { ReportTableView(table=table, index=index) } })
        .collect::<Vec<_>>();
    let period = if report.from == report.to {
        format!("{} ({})", report.from, report.time_zone)
    } else {
        format!("{} to {} ({})", report.from, report.to, report.time_zone)
    };
    view! {
        div(id="report-result") {
            section(class="card") {
                h2(id="report-title") { (report.title) }
                p(class="muted", id="report-period") { (period) }
                dl(class="report-figures", id="report-figures") { (figures) }
            }
            (charts)
            (tables)
        }
    }
}
