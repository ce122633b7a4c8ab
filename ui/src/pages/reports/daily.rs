//! The daily reports the agent wrote, newest first, each with its PDF.

use sycamore::prelude::*;
use tikbill_api::command::{DailyReportPdf, OpenExportedFile, WithInput};
use tikbill_api::DailyReportView;

use crate::components::notice::Notice;
use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;

/// One line of money per currency: "IDR 160,000 (3)".
pub fn money_line(report: &DailyReportView) -> String {
    if report.figures.money.is_empty() {
        return "–".into();
    }
    report
        .figures
        .money
        .iter()
        .map(|m| format!("{} ({})", format::money(&m.taken, &m.currency), m.payments))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component(inline_props)]
pub fn DailyReports(
    reports: Vec<DailyReportView>,
    notice: Signal<Option<Notice>>,
    /// The page's scope: this list is drawn again as reports arrive.
    scope: PageScope,
) -> View {
    if reports.is_empty() {
        return view! {
            p(class="muted", id="daily-none") {
                "The agent writes a report of each day at 23:55 (office time); none is written yet."
            }
        };
    }
    let open = move |day: String| {
        scope.spawn(async move {
            let made = invoke::<DailyReportPdf>(&WithInput { input: day }).await;
            let said = match made {
                Ok(file) => invoke::<OpenExportedFile>(&WithInput {
                    input: file.path.clone(),
                })
                .await
                .map(|_| format!("Opened {} in the viewer.", file.path))
                .map_err(|e| format!("Saved {} — {}", file.path, e.message)),
                Err(e) => Err(e.message),
            };
            notice.set(Some(match said {
                Ok(text) => Notice::Success(text),
                Err(text) => Notice::Error(text),
            }));
        });
    };
    let rows = reports
        .into_iter()
        .map(|r| {
            let day = r.figures.day.clone();
            let id = format!("daily-pdf-{day}");
            let money = money_line(&r);
            let f = r.figures;
            let shown_day = day.clone();
            view! {
                tr {
                    td { (shown_day) }
                    td(class="num") { (money) }
                    td(class="num") { (format::count(f.new_customers)) }
                    td(class="num") { (format::count(f.renewals)) }
                    td(class="num") { (format::count(f.vouchers_sold)) }
                    td(class="num") { (format::count(f.outages)) }
                    td { button(class="small", id=id, on:click=move |_| open(day.clone())) { "Open PDF" } }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        div(class="table-wrap") {
            table(id="daily-reports") {
                thead { tr {
                    th { "Day" } th(class="num") { "Money taken" } th(class="num") { "New" }
                    th(class="num") { "Renewals" } th(class="num") { "Cards sold" } th(class="num") { "Outages" } th {}
                } }
                tbody { (rows) }
            }
        }
    }
}
