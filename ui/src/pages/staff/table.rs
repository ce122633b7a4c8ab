//! The list of staff accounts, each with its role, state and what the owner can do to it.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{StaffId, StaffRole, StaffView};

use super::role_title;
use crate::format;

/// What the owner did to a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAction {
    Role(StaffRole),
    Disable,
    Enable,
    /// Reset to this temporary password.
    Reset(String),
}

#[component(inline_props)]
pub fn StaffTable(staff: Vec<StaffView>, on_action: Rc<dyn Fn(StaffId, StaffAction)>) -> View {
    let count = staff.len();
    let rows = staff
        .into_iter()
        .map(|account| {
            let id = account.id;
            let act = on_action.clone();
            let role_changed = move |e: web_sys::Event| {
                let chosen = e
                    .target()
                    .and_then(|t| wasm_value(&t))
                    .and_then(|v| StaffRole::parse(&v));
                if let Some(role) = chosen {
                    act(id, StaffAction::Role(role));
                }
            };
            let choices = StaffRole::ALL
                .into_iter()
                .map(|r| {
                    let selected = r == account.role;
                    view! { option(value=r.as_str(), selected=selected) { (role_title(r)) } }
                })
                .collect::<Vec<_>>();
            let status = if account.disabled {
                view! { span(class="badge offline") { "Disabled" } }
            } else if account.must_change_password {
                view! { span(class="badge waiting") { "Must choose a password" } }
            } else {
                view! { span(class="badge online") { "Active" } }
            };
            let toggle = {
                let act = on_action.clone();
                let disabled = account.disabled;
                view! {
                    button(class=if disabled { "small" } else { "small danger-outline" }, id=format!("staff-toggle-{id}"),
                        on:click=move |_| act(id, if disabled { StaffAction::Enable } else { StaffAction::Disable })) {
                        (if disabled { "Enable" } else { "Disable" })
                    }
                }
            };
            let resetting = create_signal(false);
            let temporary = create_signal(String::new());
            let act = on_action.clone();
            let reset = move || {
                if resetting.get() {
                    let act = act.clone();
                    view! {
                        span(class="row-actions") {
                            input(id=format!("staff-temporary-{id}"), r#type="password", placeholder="Temporary password", bind:value=temporary)
                            button(class="small", id=format!("staff-reset-save-{id}"), on:click=move |_| {
                                act(id, StaffAction::Reset(temporary.get_clone_untracked()));
                                resetting.set(false);
                            }) { "Set" }
                        }
                    }
                } else {
                    view! {
                        button(class="small", id=format!("staff-reset-{id}"), on:click=move |_| resetting.set(true)) { "Reset password" }
                    }
                }
            };
            view! {
                tr(id=format!("staff-row-{id}")) {
                    td(class="name") { (account.username.clone()) }
                    td { (account.name.clone()) }
                    td {
                        select(class="role-select", id=format!("staff-role-{id}"), on:change=role_changed) { (choices) }
                    }
                    td { (status) }
                    td { (format::local_time(&account.created_at)) }
                    td(class="actions") { div(class="row-actions") { (toggle) (reset) } }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="staff-table") {
                thead {
                    tr {
                        th { "User name" }
                        th { "Name" }
                        th { "Role" }
                        th { "State" }
                        th { "Since" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
            p(class="table-foot muted") { (if count == 1 { "1 account".to_string() } else { format!("{count} accounts") }) }
        }
    }
}

/// The value of a `<select>` an event came from.
#[cfg(target_arch = "wasm32")]
fn wasm_value(target: &web_sys::EventTarget) -> Option<String> {
    use wasm_bindgen::JsCast;
    target
        .dyn_ref::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

#[cfg(not(target_arch = "wasm32"))]
fn wasm_value(_target: &web_sys::EventTarget) -> Option<String> {
    None
}
