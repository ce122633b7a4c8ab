//! The Routers page: every router with its status, a form to add or edit one, "Test
//! connection" per router, "Check all", and each router's API log.

mod form;
mod table;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::{command, ApiError, RouterCheck, RouterId, RouterLogView, RouterView};

use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::format;
use crate::ipc::{call, NoArgs};
use crate::state::Page;

pub use form::{RouterForm, RouterFormState};
pub use table::{RouterLogTable, RouterTable};

#[derive(serde::Serialize)]
struct IdArg {
    id: RouterId,
}

#[derive(Clone, Copy)]
pub struct RoutersPageState {
    pub routers: Signal<Option<Vec<RouterView>>>,
    pub notice: Signal<Option<Notice>>,
    pub form: RouterFormState,
    pub confirm_delete: Signal<Option<RouterView>>,
    /// Whose log is open, and its entries.
    pub log: Signal<Option<(RouterView, Vec<RouterLogView>)>>,
    /// Ids of routers being tested right now (and `0` while checking all).
    pub busy: Signal<Vec<RouterId>>,
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
            routers: create_signal(None),
            notice: create_signal(None),
            form: RouterFormState::new(),
            confirm_delete: create_signal(None),
            log: create_signal(None),
            busy: create_signal(Vec::new()),
        }
    }

    pub fn reload(self) {
        spawn_local_scoped(async move {
            match call::<_, Vec<RouterView>>(command::LIST_ROUTERS, &NoArgs {}).await {
                Ok(list) => self.routers.set(Some(list)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    pub fn test(self, router: RouterView) {
        self.busy.update(|b| b.push(router.id));
        spawn_local_scoped(async move {
            let result: Result<RouterCheck, ApiError> =
                call(command::TEST_ROUTER, &IdArg { id: router.id }).await;
            self.busy.update(|b| b.retain(|id| *id != router.id));
            match result {
                Ok(check) => self.notice.set(Some(describe_check(&check))),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
            self.reload();
        });
    }

    pub fn check_all(self) {
        self.busy.update(|b| b.push(0));
        spawn_local_scoped(async move {
            let result: Result<Vec<RouterCheck>, ApiError> =
                call(command::CHECK_ROUTERS, &NoArgs {}).await;
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
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
            self.reload();
        });
    }

    pub fn show_log(self, router: RouterView) {
        spawn_local_scoped(async move {
            match call::<_, Vec<RouterLogView>>(command::ROUTER_LOG, &IdArg { id: router.id }).await
            {
                Ok(entries) => self.log.set(Some((router, entries))),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    pub fn delete(self, router: RouterView) {
        spawn_local_scoped(async move {
            let result: Result<(), ApiError> =
                call(command::DELETE_ROUTER, &IdArg { id: router.id }).await;
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
    provide_context(page);
    page.reload();
    let form_open = move || page.form.mode.get_clone().is_some();
    let checking_all = move || page.busy.with(|b| b.contains(&0));
    view! {
        PageHeader(page=Page::Routers) {
            button(id="check-routers", disabled=checking_all(), on:click=move |_| page.check_all()) {
                (if checking_all() { "Checking…" } else { "Check all routers" })
            }
            button(class="primary", id="new-router", disabled=form_open(), on:click=move |_| {
                page.notice.set(None);
                page.form.open_new();
            }) { "Add router" }
        }
        NoticeBar(notice=page.notice)
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
            Some(list) => view! {
                RouterTable(
                    routers=list,
                    busy=page.busy.get_clone(),
                    on_test=std::rc::Rc::new(move |r: RouterView| page.test(r)),
                    on_log=std::rc::Rc::new(move |r: RouterView| page.show_log(r)),
                    on_edit=std::rc::Rc::new(move |r: RouterView| { page.notice.set(None); page.form.open_edit(&r) }),
                    on_delete=std::rc::Rc::new(move |r: RouterView| page.confirm_delete.set(Some(r))),
                )
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
