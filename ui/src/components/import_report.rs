use sycamore::prelude::*;
use tikbill_api::ImportReport;

use crate::format;

/// `Imported 12, skipped 3 (already customers), refused 2.`
pub fn import_summary(report: &ImportReport) -> String {
    format!(
        "Imported {}, skipped {} (already customers), refused {}.",
        format::count(report.imported),
        format::count(report.skipped),
        format::count(report.refused.len() as u64)
    )
}

/// What an import from a router or a CSV file did: the counts, the file's columns it did not
/// use, the profiles it had to create, and every refused row with its reason.
#[component(inline_props)]
pub fn ImportReportCard(
    /// `Import from Tower 1`, `Import of customers.csv`.
    title: String,
    report: ImportReport,
    #[prop(default = "Line")] row_label: &'static str,
) -> View {
    let summary = import_summary(&report);
    let created = if report.profiles_created.is_empty() {
        view! {}
    } else {
        let names = report.profiles_created.join(", ");
        view! {
            p(class="import-profiles") {
                (format!("Profiles created: {names}. Check their speed and price on the Profiles page."))
            }
        }
    };
    let ignored = report
        .ignored_columns
        .iter()
        .map(|column| {
            let text = format!("Column '{column}' was not used.");
            view! { li { (text) } }
        })
        .collect::<Vec<_>>();
    let ignored = if ignored.is_empty() {
        view! {}
    } else {
        view! { ul(class="import-ignored", id="import-ignored") { (ignored) } }
    };
    let refused = if report.refused.is_empty() {
        view! {}
    } else {
        let rows = report
            .refused
            .into_iter()
            .map(|r| {
                view! {
                    tr(class="refusal-row") {
                        td { (r.row) }
                        td(class="name") { (r.username) }
                        td(class="wrap") { (r.reason) }
                    }
                }
            })
            .collect::<Vec<_>>();
        view! {
            h3 { "Refused" }
            div(class="table-scroll") {
                table(class="refusal-table log-table") {
                    thead { tr { th { (row_label) } th { "User name" } th { "Reason" } } }
                    tbody { (rows) }
                }
            }
        }
    };
    view! {
        div(class="import-report", id="import-report") {
            h2 { (title) }
            p(class="import-summary") { (summary) }
            (ignored)
            (created)
            (refused)
        }
    }
}
