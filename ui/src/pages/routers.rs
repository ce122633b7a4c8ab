//! The Routers page: every router with its status, a form to add or edit one, "Test
//! connection" per router, "Check all", each router's API log, "Sync…" (a dry run, then
//! Apply) and "Import users" from a router.

mod certificate;
mod form;
mod sync;
mod table;

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{
    ById, CheckRouters, DeleteRouter, ImportFromRouter, ListRouters, NoArgs, RouterLog, TestRouter,
};
use tikbill_api::{
    ApiError, CertificateChange, ImportReport, Permission, RouterCheck, RouterId, RouterLogView,
    RouterView,
};

use crate::components::import_report::{import_summary, ImportReportCard};
use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::Page;
pub use certificate::{grouped, CertificateChangeDialog};

pub use form::{describe_trial, RouterForm, RouterFormState};
pub use sync::{
    action_label, fixable_count, kind_label, problem_label, sync_summary, SyncPanel,
    SyncReportTable, SyncRun,
};
pub use table::{RouterLogTable, RouterTable};

#[derive(Clone, Copy)]
pub struct RoutersPageState {
    /// Where the page's calls to the backend run (see [`PageScope`]).
    pub scope: PageScope,
    pub routers: Signal<Option<Vec<RouterView>>>,
    pub notice: Signal<Option<Notice>>,
    pub form: RouterFormState,
    pub confirm_delete: Signal<Option<RouterView>>,
    /// Whose log is open, and its entries.
    pub log: Signal<Option<(RouterView, Vec<RouterLogView>)>>,
    /// Ids of routers being tested right now (and `0` while checking all).
    pub busy: Signal<Vec<RouterId>>,
    /// The last sync (dry run or applied), shown until closed.
    pub sync: Signal<Option<SyncRun>>,
    /// The last import from a router: the router's name and the report.
    pub import: Signal<Option<(String, ImportReport)>>,
    /// What a running sync or import is doing ("Comparing Tower 1 with tikbill…").
    pub working: Signal<Option<String>>,
    /// A router whose api-ssl certificate changed, waiting for the owner's decision.
    pub certificate: Signal<Option<CertificateChange>>,
}

/// A sentence for the result of testing one router.
pub fn describe_check(check: &RouterCheck) -> Notice {
    match (&check.report, &check.error) {
        (Some(r), _) => Notice::Success(format!(
            "{} is online: {} running RouterOS {}, up {}, CPU {}%, {} free of {}, answered in {} ms.",
            check.name,
            r.identity,
            r.routeros_version,
            format::uptime(r.uptime_secs),
            r.cpu_load,
            format::bytes(r.free_memory),
            format::bytes(r.total_memory),
            r.latency_ms
        )),
        (None, Some(e)) => Notice::Error(format!("{} is offline. {e}", check.name)),
        (None, None) => Notice::Error(format!("{}: no answer.", check.name)),
    }
}

impl RoutersPageState {
    fn new() -> Self {
        Self {
            scope: PageScope::current(),
            routers: create_signal(None),
            notice: create_signal(None),
            form: RouterFormState::new(),
            confirm_delete: create_signal(None),
            log: create_signal(None),
            busy: create_signal(Vec::new()),
            sync: create_signal(None),
            import: create_signal(None),
            working: create_signal(None),
            certificate: create_signal(None),
        }
    }

    /// Makes customers of a router's hotspot users and PPPoE secrets.
    pub fn import_users(self, router: RouterView) {
        self.working
            .set(Some(format!("Importing the users of {}…", router.name)));
        self.notice.set(None);
        self.scope.spawn(async move {
            let result: Result<ImportReport, ApiError> =
                invoke::<ImportFromRouter>(&ById { id: router.id }).await;
            self.working.set(None);
            match result {
                Ok(report) => {
                    let summary = format!("{}: {}", router.name, import_summary(&report));
                    self.notice.set(Some(if report.refused.is_empty() {
                        Notice::Success(summary)
                    } else {
                        Notice::Warning(summary)
                    }));
                    self.sync.set(None);
                    self.import.set(Some((router.name, report)));
                    self.reload();
                }
                Err(e) => self.failed(e),
            }
        });
    }

    pub fn reload(self) {
        self.scope.spawn(async move {
            match invoke::<ListRouters>(&NoArgs {}).await {
                Ok(list) => self.routers.set(Some(list)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    pub fn test(self, router: RouterView) {
        self.busy.update(|b| b.push(router.id));
        self.scope.spawn(async move {
            let result: Result<RouterCheck, ApiError> =
                invoke::<TestRouter>(&ById { id: router.id }).await;
            self.busy.update(|b| b.retain(|id| *id != router.id));
            match result {
                // A changed certificate is put to the owner on its own, not as a notice too.
                Ok(check) => match check.certificate_change {
                    Some(change) => self.ask_about(change),
                    None => self.notice.set(Some(describe_check(&check))),
                },
                Err(e) => self.failed(e),
            }
            self.reload();
        });
    }

    pub fn check_all(self) {
        self.busy.update(|b| b.push(0));
        self.scope.spawn(async move {
            let result: Result<Vec<RouterCheck>, ApiError> =
                invoke::<CheckRouters>(&NoArgs {}).await;
            self.busy.update(|b| b.retain(|id| *id != 0));
            match result {
                Ok(checks) => {
                    let online = checks.iter().filter(|c| c.report.is_some()).count();
                    let text = format!(
                        "Checked {} routers: {online} online, {} offline.",
                        checks.len(),
                        checks.len() - online
                    );
                    self.notice.set(Some(if online == checks.len() {
                        Notice::Success(text)
                    } else {
                        Notice::Warning(text)
                    }));
                    if let Some(change) = checks.into_iter().find_map(|c| c.certificate_change) {
                        self.ask_about(change);
                    }
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
            self.reload();
        });
    }

    pub fn show_log(self, router: RouterView) {
        self.scope.spawn(async move {
            match invoke::<RouterLog>(&ById { id: router.id }).await {
                Ok(entries) => self.log.set(Some((router, entries))),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    pub fn delete(self, router: RouterView) {
        self.scope.spawn(async move {
            let result: Result<(), ApiError> =
                invoke::<DeleteRouter>(&ById { id: router.id }).await;
            self.confirm_delete.set(None);
            match result {
                Ok(()) => {
                    self.notice
                        .set(Some(Notice::Success(format!("Removed '{}'.", router.name))));
                    self.log.set(None);
                    self.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }
}

#[component]
pub fn RoutersPage() -> View {
    let page = RoutersPageState::new();
    let app = use_context::<crate::state::AppState>();
    provide_context(page);
    page.reload();
    let form_open = move || page.form.mode.get_clone().is_some();
    let checking_all = move || page.busy.with(|b| b.contains(&0));
    let working = move || page.working.with(Option::is_some);
    view! {
        PageHeader(page=Page::Routers) {
            button(id="check-routers", disabled=checking_all(), on:click=move |_| page.check_all()) {
                (if checking_all() { "Checking…" } else { "Check all routers" })
            }
            (if app.can(Permission::SyncRouters) {
                view! {
                    button(id="sync-all", disabled=working(), on:click=move |_| page.sync(None, "every router".into(), true)) {
                        "Sync all routers (dry run)"
                    }
                }
            } else {
                view! {}
            })
            (if app.can(Permission::EditRouters) {
                view! {
                    button(class="primary", id="new-router", disabled=form_open(), on:click=move |_| {
                        page.notice.set(None);
                        page.form.open_new();
                    }) { "Add router" }
                }
            } else {
                view! {}
            })
        }
        NoticeBar(notice=page.notice)
        (match page.certificate.get_clone() {
            Some(change) => {
                let (for_trust, busy) = (change.clone(), page.busy.with(|b| b.contains(&change.router_id)));
                view! {
                    CertificateChangeDialog(change=change, busy=busy,
                        on_trust=Rc::new(move || page.trust(for_trust.clone())),
                        on_dismiss=Rc::new(move || page.certificate.set(None)))
                }
            }
            None => view! {},
        })
        (match page.working.get_clone() {
            Some(what) => view! { div(class="notice", id="router-working", role="status") { span { (what) } } },
            None => view! {},
        })
        (match page.confirm_delete.get_clone() {
            None => view! {},
            Some(r) => {
                let name = r.name.clone();
                view! {
                    div(class="notice warning", id="confirm-delete") {
                        span { (format!("Remove the router '{name}' from tikbill? Its password is forgotten too.")) }
                        div(class="notice-actions") {
                            button(class="danger", id="confirm-delete-yes", on:click=move |_| page.delete(r.clone())) { "Remove" }
                            button(id="confirm-delete-no", on:click=move |_| page.confirm_delete.set(None)) { "Keep it" }
                        }
                    }
                }
            }
        })
        (if form_open() { view! { RouterForm {} } } else { view! {} })
        (match page.routers.get_clone() {
            None => view! { p(class="muted") { "Loading routers…" } },
            Some(list) => {
                // Read here, not in the props (props are read untracked), so the table
                // redraws when a test or a sync starts and ends.
                let (busy, locked) = (page.busy.get_clone(), working());
                view! {
                    RouterTable(
                        routers=list,
                        busy=busy,
                        locked=locked,
                        can_edit=app.can(Permission::EditRouters),
                        can_sync=app.can(Permission::SyncRouters),
                        on_test=std::rc::Rc::new(move |r: RouterView| page.test(r)),
                        on_log=std::rc::Rc::new(move |r: RouterView| page.show_log(r)),
                        on_sync=std::rc::Rc::new(move |r: RouterView| page.sync(Some(r.id), r.name, true)),
                        on_import=std::rc::Rc::new(move |r: RouterView| page.import_users(r)),
                        on_edit=std::rc::Rc::new(move |r: RouterView| { page.notice.set(None); page.form.open_edit(&r) }),
                        on_delete=std::rc::Rc::new(move |r: RouterView| page.confirm_delete.set(Some(r))),
                    )
                }
            }
        })
        SyncPanel {}
        (match page.import.get_clone() {
            None => view! {},
            Some((name, report)) => view! {
                section(class="card", id="router-import") {
                    ImportReportCard(title=format!("Import from {name}"), report=report, row_label="Router item")
                    div(class="form-actions") {
                        button(class="small", id="import-close", on:click=move |_| page.import.set(None)) { "Close" }
                    }
                }
            },
        })
        (match page.log.get_clone() {
            None => view! {},
            Some((router, entries)) => view! {
                section(class="card", id="router-log") {
                    div(class="card-title-row") {
                        h2 { (format!("API log of {}", router.name)) }
                        button(class="small", on:click=move |_| page.log.set(None)) { "Close" }
                    }
                    RouterLogTable(entries=entries)
                }
            },
        })
    }
}
