use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{
    ActiveSessionView, CustomerRouterView, FailedRouterJob, RouterAccountView, SessionHistoryView,
};

use crate::format;

/// "On the router", "Active session" and "Connection history" for one customer.
#[component(inline_props)]
pub fn CustomerRouterSections(
    view: CustomerRouterView,
    username: String,
    router_name: String,
    /// A change is on its way: Kick waits.
    busy: bool,
    on_kick: Rc<dyn Fn()>,
    /// "Retry" for the changes the router refused for good.
    on_retry: Rc<dyn Fn()>,
) -> View {
    let failed = failed_changes(&view.failed, busy, on_retry);
    let waiting = match view.waiting_changes {
        0 => view! {},
        n => {
            let text = format!(
                "{} waiting for the router",
                format::plural(n, "change", "changes")
            );
            view! { span(class="badge waiting", id="waiting-changes") { (text) } }
        }
    };
    let router_error = view.router_error.clone();
    let answered = router_error.is_none();
    let error = match router_error {
        Some(e) => {
            let text = format!(
                "Could not ask {router_name}: {}. What tikbill has is shown below; waiting changes reach the router when it answers.",
                e.trim_end_matches('.')
            );
            view! { div(class="notice warning", id="router-error") { (text) } }
        }
        None => view! {},
    };
    let clock_warning = match view.clock_warning.clone() {
        Some(warning) => {
            let text = format!(
                "{warning} Its expiry entries are in its own time; tikbill schedules them by that \
                 clock, so they fire when the plan ends. Set the router's clock (System > Clock, \
                 or NTP)."
            );
            view! { div(class="notice warning", id="router-clock") { (text) } }
        }
        None => view! {},
    };
    let account = match view.account {
        Some(a) => account_facts(a),
        None if answered => {
            let text = format!("{router_name} has no account named {username} yet.");
            view! { p(class="muted", id="no-router-account") { (text) } }
        }
        None => view! {},
    };
    let title = format!("On the router ({router_name})");
    let session = match view.session {
        Some(s) => session_facts(s, busy, on_kick),
        None if answered => view! { p(class="muted", id="no-session") { "Not connected now." } },
        None => {
            view! { p(class="muted", id="no-session") { "Not known: the router did not answer." } }
        }
    };
    view! {
        section(class="card", id="on-router") {
            div(class="card-title-row") {
                h2 { (title) }
                (waiting)
            }
            (error)
            (clock_warning)
            (failed)
            (account)
        }
        section(class="card", id="active-session") {
            h2 { "Active session" }
            (session)
        }
        section(class="card", id="connection-history") {
            h2 { "Connection history" }
            HistoryTable(sessions=view.history)
        }
    }
}

/// The changes the router refused for good, in its words, with when tikbill tries again and a
/// Retry button; nothing when there are none.
fn failed_changes(jobs: &[FailedRouterJob], busy: bool, on_retry: Rc<dyn Fn()>) -> View {
    if jobs.is_empty() {
        return view! {};
    }
    let title = format!(
        "The router refused {}",
        format::plural(jobs.len() as u64, "change", "changes")
    );
    let lines = jobs
        .iter()
        .map(|job| {
            let what = format!("{} {}", job.kind, job.name);
            let why = format!(
                "{} ({} attempts; next try {})",
                job.last_error,
                job.attempts,
                format::local_time(&job.next_attempt_at)
            );
            view! { li { strong { (what) } ": " (why) } }
        })
        .collect::<Vec<_>>();
    view! {
        div(class="notice error stacked", id="failed-changes", role="alert") {
            strong { (title) }
            ul { (lines) }
            (if crate::state::allowed(tikbill_api::Permission::SyncRouters) {
                let on_retry = on_retry.clone();
                view! {
                    button(r#type="button", id="retry-failed", disabled=busy, on:click=move |_| on_retry()) {
                        "Retry now"
                    }
                }
            } else {
                view! {}
            })
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// The account as the router itself has it.
fn account_facts(a: RouterAccountView) -> View {
    let disabled_class = if a.disabled { "account-disabled" } else { "" };
    let (menu, name, disabled) = (a.menu, a.name, yes_no(a.disabled));
    let (profile, comment) = (or_dash(a.profile), or_dash(a.comment));
    let expiry = match (a.expiry_entry, a.expiry_fires_at) {
        (Some(entry), Some(fires)) => format!(
            "{entry} (router time), fires {} (office time)",
            format::local_time(&fires)
        ),
        (Some(entry), None) => format!("{entry} (router time)"),
        (None, _) => "none".into(),
    };
    view! {
        dl(class="facts", id="router-account") {
            dt { "Menu" } dd { code { (menu) } }
            dt { "Name" } dd { (name) }
            dt { "Profile" } dd { (profile) }
            dt { "Disabled" } dd(class=disabled_class) { (disabled) }
            dt { "Comment" } dd { (comment) }
            dt { "Expiry entry" } dd { (expiry) }
        }
    }
}

/// Who is online now, with the Kick button.
fn session_facts(s: ActiveSessionView, busy: bool, on_kick: Rc<dyn Fn()>) -> View {
    let (address, mac) = (or_dash(s.address), or_dash(s.mac_address));
    let uptime = format::uptime(s.uptime_secs);
    let (bytes_in, bytes_out) = (format::bytes(s.bytes_in), format::bytes(s.bytes_out));
    view! {
        dl(class="facts", id="session") {
            dt { "Address" } dd { (address) }
            dt { "MAC" } dd { code { (mac) } }
            dt { "Uptime" } dd { (uptime) }
            dt { "Bytes in" } dd { (bytes_in) }
            dt { "Bytes out" } dd { (bytes_out) }
        }
        (if crate::state::allowed(tikbill_api::Permission::SuspendCustomers) {
            let on_kick = on_kick.clone();
            view! {
                button(class="danger-outline", id="kick-customer", disabled=busy, on:click=move |_| on_kick()) {
                    "Kick (end this session)"
                }
            }
        } else {
            view! {}
        })
    }
}

/// Past sessions, newest first as the backend sends them.
#[component(inline_props)]
pub fn HistoryTable(sessions: Vec<SessionHistoryView>) -> View {
    if sessions.is_empty() {
        return view! { p(class="muted", id="no-history") { "No sessions recorded yet." } };
    }
    let rows = sessions
        .into_iter()
        .map(|s| {
            let ended = s
                .ended_at
                .as_deref()
                .map(format::local_time)
                .unwrap_or_else(|| "online now".into());
            let started = format::local_time(&s.started_at);
            let (address, mac) = (or_dash(s.address), or_dash(s.mac_address));
            let uptime = format::uptime(s.uptime_secs);
            let (bytes_in, bytes_out) = (format::bytes(s.bytes_in), format::bytes(s.bytes_out));
            view! {
                tr(class="history-row") {
                    td { (started) }
                    td { (ended) }
                    td { (address) }
                    td { code { (mac) } }
                    td(class="num") { (uptime) }
                    td(class="num") { (bytes_in) }
                    td(class="num") { (bytes_out) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        div(class="table-scroll") {
            table(class="log-table", id="history-table") {
                thead {
                    tr {
                        th { "Started" }
                        th { "Ended" }
                        th { "Address" }
                        th { "MAC" }
                        th(class="num") { "Uptime" }
                        th(class="num") { "Bytes in" }
                        th(class="num") { "Bytes out" }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
