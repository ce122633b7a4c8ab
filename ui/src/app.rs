use std::rc::Rc;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{GetSession, NoArgs};

use crate::components::sidebar::Sidebar;
use crate::ipc::invoke;
use crate::pages;
use crate::pages::access::{watch_idle, FirstRunPage, OwnPasswordForm, SignInForm};
use crate::state::{AppState, Page};
use crate::till::Till;

/// What the window shows, from the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    /// The backend has not said yet.
    Loading,
    /// No staff account exists: "Create the owner account".
    FirstRun,
    /// Nobody has signed in since the app started.
    SignIn,
    /// Signed in with a temporary password: the person chooses their own before anything.
    OwnPassword,
    /// The app: sidebar and page (the sign-in form covers it while locked).
    App,
}

/// The whole window: the first start or the sign-in screen, then the sidebar and the page it
/// selects.
#[component]
pub fn App() -> View {
    let state = AppState::new(Page::Dashboard);
    provide_context(state);
    spawn_local_scoped(async move {
        if let Ok(session) = invoke::<GetSession>(&NoArgs {}).await {
            state.session.set(Some(session));
        }
    });
    watch_idle(state);
    create_effect(move || crate::theme::apply(state.theme.get()));
    // The session ended elsewhere (the account disabled, say): cover the page with the
    // sign-in form, as the lock does.
    let root = crate::scope::PageScope::current();
    crate::ipc::on_session_lost(move || {
        if state.staff_untracked().is_none() || state.locked.get_untracked() {
            return;
        }
        // Run where the app's own work runs, not in the part of a page whose call found out.
        root.spawn(async move {
            state.locked.set(true);
            let now = invoke::<GetSession>(&NoArgs {}).await;
            crate::pages::access::signed_out(state, now);
        });
    });
    let screen = create_selector(move || {
        let staff = state.staff();
        match state.session.with(|s| s.as_ref().map(|s| s.needs_owner)) {
            None => Screen::Loading,
            Some(true) => Screen::FirstRun,
            // Locked ("Switch user", idle): the page stays, the sign-in form covers it. Signed
            // out: the page goes.
            Some(false) if staff.is_none() && !state.locked.get() => Screen::SignIn,
            Some(false) if staff.as_ref().is_some_and(|s| s.must_change_password) => {
                Screen::OwnPassword
            }
            Some(false) => Screen::App,
        }
    });
    create_effect(move || {
        if let Some(staff) = state.staff() {
            state.last_user.set(Some((staff.id, staff.username)));
        }
    });
    view! {
        (match screen.get() {
            Screen::Loading => view! { div(class="auth-screen") { p(class="muted") { "Opening tikbill…" } } },
            Screen::FirstRun => view! { FirstRunPage {} },
            Screen::SignIn => view! { div(class="auth-screen") { SignInForm(over_page=false) } },
            Screen::OwnPassword => view! {
                div(class="auth-screen") { OwnPasswordForm(forced=true, on_done=Rc::new(|| ())) }
            },
            Screen::App => view! { SignedInApp {} },
        })
    }
}

/// The sidebar and the page; covered by the sign-in form while nobody is signed in (locked).
#[component]
fn SignedInApp() -> View {
    let state = use_context::<AppState>();
    let covered = create_selector(move || state.locked.get() || state.staff().is_none());
    let till = Till::new();
    provide_context(till);
    // The shift of whoever is signed in (read again when someone else signs in).
    let cashier = create_selector(move || {
        state
            .staff()
            .filter(|_| state.can(tikbill_api::Permission::TakePayments))
            .map(|s| s.id)
    });
    create_effect(move || {
        if cashier.get().is_some() {
            untrack(|| till.load_shift());
        }
    });
    listen_for_keys(state, till);
    view! {
        div(class="shell") {
            Sidebar {}
            main(class="content") {
                (if state.changing_password.get() {
                    view! { OwnPasswordForm(forced=false, on_done=Rc::new(move || state.changing_password.set(false))) }
                } else {
                    view! {}
                })
                (if state.can(tikbill_api::Permission::ViewPayments) {
                    view! { crate::components::money_banner::LiveMoneyWaiting {} }
                } else {
                    view! {}
                })
                (match state.page.get() {
                    Page::Dashboard => view! { pages::dashboard::DashboardPage {} },
                    Page::Customers => view! { pages::customers::CustomersPage {} },
                    Page::Profiles => view! { pages::profiles::ProfilesPage {} },
                    Page::Routers => view! { pages::routers::RoutersPage {} },
                    Page::Settings => view! { pages::settings::SettingsPage {} },
                    Page::Staff => view! { pages::staff::StaffPage {} },
                    Page::Audit => view! { pages::audit::AuditLogPage {} },
                    Page::Payments => view! { pages::payments::PaymentsPage {} },
                    Page::Vouchers => view! { pages::vouchers::VouchersPage {} },
                    Page::Reports => view! { pages::reports::ReportsPage {} },
                })
            }
        }
        crate::components::take_payment::TakePaymentDialog {}
        crate::components::shift_box::ShiftDialogs {}
        (if covered.get() {
            view! { div(class="lock-overlay") { SignInForm(over_page=true) } }
        } else {
            view! {}
        })
    }
}

/// F2 opens "Take payment" from anywhere, for people who take payments.
fn listen_for_keys(state: AppState, till: Till) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::prelude::*;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        // A browser listener runs outside any reactive scope: the key's work runs in the app's.
        let scope = crate::scope::PageScope::current();
        let handler =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                if e.key() != "F2" {
                    return;
                }
                scope.run(|| {
                    let may = untrack(|| {
                        !state.locked.get() && state.can(tikbill_api::Permission::TakePayments)
                    });
                    if may {
                        e.prevent_default();
                        till.take_payment();
                    }
                });
            });
        if window
            .add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref())
            .is_ok()
        {
            on_cleanup(move || {
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    handler.as_ref().unchecked_ref(),
                );
            });
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (state, till);
}
