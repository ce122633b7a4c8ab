use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{RouterId, RouterLogView, RouterStatus, RouterView};

use crate::format;

pub type RouterAction = Rc<dyn Fn(RouterView)>;

fn badge(status: RouterStatus) -> View {
    let (class, text) = match status {
        RouterStatus::Online => ("badge online", "Online"),
        RouterStatus::Offline => ("badge offline", "Offline"),
        RouterStatus::Unknown => ("badge unknown", "Not checked"),
    };
    view! { span(class=class) { (text) } }
}

/// The routers with their status, or how to add the first one.
#[component(inline_props)]
pub fn RouterTable(
    routers: Vec<RouterView>,
    busy: Vec<RouterId>,
    /// A sync or import is running: those buttons wait.
    #[prop(default)]
    locked: bool,
    on_test: RouterAction,
    on_log: RouterAction,
    /// "Sync…": compare the router with tikbill (a dry run first).
    on_sync: RouterAction,
    /// "Import users": make customers of the router's users.
    on_import: RouterAction,
    on_edit: RouterAction,
    on_delete: RouterAction,
    /// The person may add, change and remove routers (else no Edit or Remove).
    #[prop(default = true)]
    can_edit: bool,
    /// The person may sync and import (else no Sync or Import).
    #[prop(default = true)]
    can_sync: bool,
) -> View {
    if routers.is_empty() {
        return view! {
            section(class="card empty-state", id="routers-empty") {
                h2 { "No routers yet" }
                p { "Add the MikroTik routers this office manages: their address (LAN or VPN), API port and an API user. Passwords are kept in the system keyring, never in the database." }
            }
        };
    }
    let rows = routers
        .into_iter()
        .map(|r| {
            let testing = busy.contains(&r.id);
            let (test, log, edit, delete) = (on_test.clone(), on_log.clone(), on_edit.clone(), on_delete.clone());
            let (sync, import) = (on_sync.clone(), on_import.clone());
            let (rt, rl, re, rd) = (r.clone(), r.clone(), r.clone(), r.clone());
            let (rs, ri) = (r.clone(), r.clone());
            let address = format!("{}:{}{}", r.host, r.port, if r.use_tls { " (TLS)" } else { "" });
            let seen = r.last_seen_at.as_deref().map(format::local_time).unwrap_or_else(|| "never".into());
            let health = match (r.cpu_load, r.free_memory, r.total_memory) {
                (Some(cpu), Some(free), Some(total)) => format!("CPU {cpu}%, {} free of {}", format::bytes(free), format::bytes(total)),
                _ => "—".into(),
            };
            let about = match (&r.identity, &r.routeros_version) {
                (Some(i), Some(v)) => format!("{i} · RouterOS {v}"),
                _ => "—".into(),
            };
            let uptime = r.uptime_secs.map(format::uptime).unwrap_or_else(|| "—".into());
            let latency = r.latency_ms.map(|l| format!("{l} ms")).unwrap_or_else(|| "—".into());
            let error = r.last_error.clone().filter(|_| r.status == RouterStatus::Offline);
            let warning = r.warning.clone();
            view! {
                tr(id=format!("router-row-{}", r.id)) {
                    td(class="name stack") {
                        (r.name.clone())
                        span(class="sub") { code { (address) } }
                        (match error.clone() {
                            Some(e) => view! { div(class="row-error") { (e) } },
                            None => view! {},
                        })
                        (match warning.clone() {
                            Some(w) => view! { div(class="row-warning", id=format!("router-warning-{}", r.id), role="note") { (w) } },
                            None => view! {},
                        })
                    }
                    td(class="status stack") {
                        (badge(r.status))
                        span(class="sub") { (format!("seen {seen}")) }
                    }
                    td(class="stack") {
                        (about)
                        span(class="sub") { (format!("up {uptime}")) }
                    }
                    td(class="stack") {
                        (health)
                        span(class="sub") { (format!("answers in {latency}")) }
                    }
                    td(class="num") { (r.customer_count) }
                    td(class="actions") {
                        div(class="row-actions") {
                            button(class="small", id=format!("test-router-{}", r.id), disabled=testing, on:click=move |_| test(rt.clone())) {
                                (if testing { "Testing…" } else { "Test" })
                            }
                            button(class="small", id=format!("log-router-{}", r.id), on:click=move |_| log(rl.clone())) { "Log" }
                            (if can_sync {
                                let (sync, import, rs, ri) = (sync.clone(), import.clone(), rs.clone(), ri.clone());
                                view! {
                                    button(class="small", id=format!("sync-router-{}", rs.id), disabled=locked, on:click=move |_| sync(rs.clone())) { "Sync…" }
                                    button(class="small", id=format!("import-router-{}", ri.id), disabled=locked, on:click=move |_| import(ri.clone())) { "Import users" }
                                }
                            } else {
                                view! {}
                            })
                            (if can_edit {
                                let (edit, delete, re, rd) = (edit.clone(), delete.clone(), re.clone(), rd.clone());
                                view! {
                                    button(class="small", id=format!("edit-router-{}", re.id), on:click=move |_| edit(re.clone())) { "Edit" }
                                    button(class="small danger-outline", id=format!("remove-router-{}", rd.id), on:click=move |_| delete(rd.clone())) { "Remove" }
                                }
                            } else {
                                view! {}
                            })
                        }
                    }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="routers-table") {
                thead {
                    tr {
                        th { "Router" }
                        th { "Status" }
                        th { "Identity" }
                        th { "Load" }
                        th(class="num") { "Customers" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
        }
    }
}

/// A router's recent API interactions, newest first.
#[component(inline_props)]
pub fn RouterLogTable(entries: Vec<RouterLogView>) -> View {
    if entries.is_empty() {
        return view! { p(class="muted") { "No API interactions yet: use Test to talk to the router." } };
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            let class = if e.outcome == "ok" {
                "outcome ok"
            } else {
                "outcome failed"
            };
            view! {
                tr {
                    td { (format::local_time(&e.created_at)) }
                    td { code { (e.command.clone()) } }
                    td(class="num") { (format!("{} ms", e.duration_ms)) }
                    td { span(class=class) { (e.outcome.clone()) } }
                    td(class="wrap") { (e.message.clone().unwrap_or_default()) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        table(class="log-table") {
            thead { tr { th { "When" } th { "Command" } th(class="num") { "Took" } th { "Outcome" } th { "Message" } } }
            tbody { (rows) }
        }
    }
}
