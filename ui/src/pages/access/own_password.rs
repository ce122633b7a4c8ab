//! A person chooses their own password: after an owner reset it (before anything else), or
//! whenever they like from the account menu.

use sycamore::prelude::*;
use tikbill_api::command::{ChangeOwnPassword, WithInput};
use tikbill_api::{FieldError, PasswordChange};

use super::new_password::{NewPassword, NewPasswordFields};
use crate::components::field::TextField;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::AppState;

/// `forced`: the password was set by an owner and must be replaced before anything else.
/// `on_done` runs after the change (e.g. to close the form).
#[component(inline_props)]
pub fn OwnPasswordForm(forced: bool, on_done: std::rc::Rc<dyn Fn()>) -> View {
    let state = use_context::<AppState>();
    let current = create_signal(String::new());
    let new_password = NewPassword::new();
    let errors = create_signal(Vec::<FieldError>::new());
    let message = create_signal(None::<String>);
    let busy = create_signal(false);
    let scope = PageScope::current();
    let submit = move |e: web_sys::SubmitEvent| {
        e.prevent_default();
        if busy.get_untracked() {
            return;
        }
        message.set(None);
        let password = match new_password.typed() {
            Ok(password) => password,
            Err(refusal) => {
                errors.set(vec![refusal]);
                return;
            }
        };
        errors.set(Vec::new());
        busy.set(true);
        let input = PasswordChange {
            current_password: current.get_clone_untracked(),
            password,
        };
        let on_done = on_done.clone();
        scope.spawn(async move {
            let result = invoke::<ChangeOwnPassword>(&WithInput { input }).await;
            busy.set(false);
            match result {
                Ok(session) => {
                    state.session.set(Some(session));
                    on_done();
                }
                Err(e) => {
                    message.set(Some(e.message));
                    errors.set(e.fields);
                }
            }
        });
    };
    view! {
        section(class="card auth-card", id="own-password") {
            h2 { (if forced { "Choose your own password" } else { "Change your password" }) }
            (if forced {
                view! { p(class="muted") { "An owner set a temporary password for you. Choose your own before you go on." } }
            } else {
                view! {}
            })
            form(novalidate=true, on:submit=submit) {
                div(class="auth-fields") {
                    TextField(name="current_password", label=if forced { "Temporary password" } else { "Current password" },
                        value=current, errors=*errors, id="own-current-password", kind="password")
                    NewPasswordFields(fields=new_password, errors=*errors, label="New password", id="own-new-password")
                }
                (match message.get_clone() {
                    Some(m) => view! { p(class="field-error") { (m) } },
                    None => view! {},
                })
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="own-password-save", disabled=busy.get()) { "Save the password" }
                }
            }
        }
    }
}
