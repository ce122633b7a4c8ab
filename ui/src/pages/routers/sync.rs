//! "Sync…": compare routers with tikbill (a dry run first), then Apply.

use sycamore::prelude::*;
use tikbill_api::command::{SyncArgs, SyncRouter};
use tikbill_api::{ApiError, RouterId, SyncDifference, SyncReport};

use super::RoutersPageState;
use crate::components::notice::Notice;
use crate::format;
use crate::ipc::invoke;

/// A comparison shown on the page: which routers (`None` for all) and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncRun {
    pub target: Option<RouterId>,
    pub reports: Vec<SyncReport>,
}

impl RoutersPageState {
    /// Compares one router (`id`, called `what`), or every router with `None`, with
    /// tikbill; `dry_run` only reports.
    pub fn sync(self, id: Option<RouterId>, what: String, dry_run: bool) {
        self.working.set(Some(if dry_run {
            format!("Comparing {what} with tikbill…")
        } else {
            format!("Applying the changes to {what}…")
        }));
        self.notice.set(None);
        self.scope.spawn(async move {
            let result: Result<tikbill_api::SyncRun, ApiError> =
                invoke::<SyncRouter>(&SyncArgs { id, dry_run }).await;
            self.working.set(None);
            match result {
                Ok(run) => {
                    let reports = run.reports;
                    // What fell short (a router that failed, a difference not fixed) is the
                    // core's verdict; it is shown as it is, and outranks the count of changes.
                    if let Some(problem) = run.problem {
                        self.notice.set(Some(Notice::Error(problem)));
                    } else if !dry_run {
                        let applied: u64 = reports.iter().map(|r| r.applied).sum();
                        self.notice.set(Some(Notice::Success(format!(
                            "Applied {} on {what}.",
                            format::plural(applied, "change", "changes")
                        ))));
                    }
                    if !dry_run {
                        self.reload();
                    }
                    self.import.set(None);
                    self.sync.set(Some(SyncRun {
                        target: id,
                        reports,
                    }));
                }
                Err(e) => self.failed(e),
            }
        });
    }
}

/// `user` → `Hotspot user`; unknown kinds are shown as sent.
pub fn kind_label(kind: &str) -> String {
    match kind {
        "user" => "Hotspot user",
        "secret" => "PPPoE secret",
        "hotspot_profile" => "Hotspot profile",
        "ppp_profile" => "PPP profile",
        "expiry_entry" => "Expiry entry",
        other => return other.replace('_', " "),
    }
    .to_string()
}

pub fn problem_label(problem: &str) -> String {
    match problem {
        "missing_on_router" => "Missing on the router",
        "differs" => "Differs",
        "only_on_router" => "Only on the router",
        other => return other.replace('_', " "),
    }
    .to_string()
}

/// What Apply does about a difference.
pub fn action_label(action: &str) -> String {
    match action {
        "add" => "Add to the router",
        "update" => "Update the router",
        "remove" => "Remove from the router",
        "none" => "Leave it (import it instead)",
        other => return other.replace('_', " "),
    }
    .to_string()
}

/// Whether Apply changes anything for this difference.
pub fn is_fixable(d: &SyncDifference) -> bool {
    d.action != "none"
}

/// How many differences Apply would fix, over all reports.
pub fn fixable_count(reports: &[SyncReport]) -> u64 {
    reports
        .iter()
        .flat_map(|r| &r.differences)
        .filter(|d| is_fixable(d))
        .count() as u64
}

/// One line per router: `Tower 1: 3 differences, 2 to fix.`
pub fn sync_summary(report: &SyncReport) -> String {
    let found = report.differences.len() as u64;
    if found == 0 {
        return format!("{} matches tikbill: nothing to fix.", report.router_name);
    }
    let differences = format::plural(found, "difference", "differences");
    if report.dry_run {
        let fixable = report.differences.iter().filter(|d| is_fixable(d)).count() as u64;
        format!(
            "{}: {differences}, {} to fix.",
            report.router_name,
            format::count(fixable)
        )
    } else {
        format!(
            "{}: {differences}, {} fixed.",
            report.router_name,
            format::count(report.applied)
        )
    }
}

/// The differences between tikbill and each router: kind, name, problem, detail and what
/// Apply does (or did).
#[component(inline_props)]
pub fn SyncReportTable(reports: Vec<SyncReport>) -> View {
    if reports.is_empty() {
        return view! { p(class="muted") { "There are no routers to compare." } };
    }
    let blocks = reports
        .into_iter()
        .map(|report| {
            let summary = sync_summary(&report);
            let router_id = report.router_id.to_string();
            let table = if report.differences.is_empty() {
                view! {}
            } else {
                let rows = report
                    .differences
                    .into_iter()
                    .map(|d| {
                        let class = if is_fixable(&d) {
                            "sync-row"
                        } else {
                            "sync-row left-alone"
                        };
                        let (kind, problem, action) = (
                            kind_label(&d.kind),
                            problem_label(&d.problem),
                            action_label(&d.action),
                        );
                        let SyncDifference { name, detail, .. } = d;
                        view! {
                            tr(class=class) {
                                td { (kind) }
                                td(class="name") { (name) }
                                td { (problem) }
                                td(class="wrap") { (detail) }
                                td { (action) }
                            }
                        }
                    })
                    .collect::<Vec<_>>();
                view! {
                    div(class="table-scroll") {
                        table(class="sync-table log-table") {
                            thead { tr { th { "Kind" } th { "Name" } th { "Problem" } th { "Detail" } th { "Action" } } }
                            tbody { (rows) }
                        }
                    }
                }
            };
            view! {
                div(class="sync-router", data-router-id=router_id) {
                    p(class="sync-summary") { (summary) }
                    (table)
                }
            }
        })
        .collect::<Vec<_>>();
    view! { div(class="sync-reports") { (blocks) } }
}

/// The last sync's reports, with Apply after a dry run.
#[component]
pub fn SyncPanel() -> View {
    let page = use_context::<RoutersPageState>();
    let working = move || page.working.with(Option::is_some);
    view! {
        (match page.sync.get_clone() {
            None => view! {},
            Some(run) => {
                let fixable = fixable_count(&run.reports);
                let dry_run = run.reports.iter().all(|r| r.dry_run);
                let target = run.target;
                let what = match (target, run.reports.first()) {
                    (Some(_), Some(r)) => r.router_name.clone(),
                    (Some(_), None) => "the router".to_string(),
                    (None, _) => "every router".to_string(),
                };
                let title = match (dry_run, target) {
                    (true, Some(_)) => format!("Sync {what} (dry run)"),
                    (true, None) => "Sync all routers (dry run)".to_string(),
                    (false, Some(_)) => format!("Sync {what}: applied"),
                    (false, None) => "Sync all routers: applied".to_string(),
                };
                let (note, apply) = if dry_run {
                    let label = format!("Apply {}", format::plural(fixable, "change", "changes"));
                    let disabled = fixable == 0 || working();
                    (
                        view! { p(class="muted") { "Nothing was changed yet. Apply makes the routers match tikbill; users only the router has are left alone (import them instead)." } },
                        view! {
                            div(class="form-actions") {
                                button(class="primary", id="sync-apply", disabled=disabled,
                                    on:click=move |_| page.sync(target, what.clone(), false)) { (label) }
                            }
                        },
                    )
                } else {
                    (view! {}, view! {})
                };
                view! {
                    section(class="card", id="sync-report") {
                        div(class="card-title-row") {
                            h2 { (title) }
                            button(class="small", id="sync-close", on:click=move |_| page.sync.set(None)) { "Close" }
                        }
                        (note)
                        SyncReportTable(reports=run.reports)
                        (apply)
                    }
                }
            }
        })
    }
}
