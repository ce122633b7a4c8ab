use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{NoArgs, SignOut};

use crate::ipc::invoke;
use crate::state::{AppState, Page};

/// The left-hand navigation: the areas the person signed in may open, and who they are.
#[component]
pub fn Sidebar() -> View {
    let state = use_context::<AppState>();
    let items = move || {
        Page::ALL
            .into_iter()
            .filter(|page| state.may_see(*page))
            .map(|page| {
                let class = move || if state.page.get() == page { "nav-item active" } else { "nav-item" };
                view! {
                    li {
                        button(id=format!("nav-{}", page.slug()), class=class, on:click=move |_| state.page.set(page)) {
                            span(class=format!("nav-icon icon-{}", page.slug()))
                            (page.title())
                        }
                    }
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        nav(class="sidebar") {
            div(class="brand") {
                img(src="icon.png", alt="", class="brand-mark")
                span(class="brand-name") { "tikbill" }
            }
            div(class="side-tools") {
                crate::components::bell::Bell {}
                button(r#type="button", class="link theme-toggle", id="theme-toggle",
                    on:click=move |_| state.theme.set(crate::theme::toggled(state.theme.get()))) {
                    (match state.theme.get() {
                        tikbill_api::ChartTheme::Light => "Dark theme",
                        tikbill_api::ChartTheme::Dark => "Light theme",
                    })
                }
            }
            ul(class="nav-list") { (items()) }
            crate::components::shift_box::TillBox {}
            AccountBox {}
        }
    }
}

/// Who is signed in, with "Change password", "Switch user" (the counter hand-over: the page
/// stays, the sign-in form covers it) and "Sign out".
#[component]
fn AccountBox() -> View {
    let state = use_context::<AppState>();
    let leave = move |lock: bool| {
        spawn_local_scoped(async move {
            state.locked.set(lock);
            state.changing_password.set(false);
            let answer = invoke::<SignOut>(&NoArgs {}).await;
            if !lock {
                state.page.set(Page::Dashboard);
                state.last_user.set(None);
            }
            crate::pages::access::signed_out(state, answer);
        });
    };
    view! {
        (match state.staff() {
            None => view! {},
            Some(staff) => {
                let who = if staff.name.is_empty() { staff.username.clone() } else { staff.name.clone() };
                view! {
                    div(class="account-box", id="account") {
                        div(class="account-name", id="account-name") { (who) }
                        div(class="account-role", id="account-role") { (format!("{} · {}", staff.username, staff.role.as_str())) }
                        div(class="account-actions") {
                            button(class="link", id="change-password", on:click=move |_| state.changing_password.set(true)) { "Change password" }
                            button(class="link", id="switch-user", on:click=move |_| leave(true)) { "Switch user" }
                            button(class="link", id="sign-out", on:click=move |_| leave(false)) { "Sign out" }
                        }
                    }
                }
            }
        })
    }
}
