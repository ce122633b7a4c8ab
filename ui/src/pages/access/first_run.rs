//! The first start: no staff account exists, so the app asks for the owner's. There is no
//! default password, ever.

use sycamore::prelude::*;
use tikbill_api::command::{CreateOwner, WithInput};
use tikbill_api::{FieldError, OwnerInput};

use super::new_password::{NewPassword, NewPasswordFields};
use crate::components::field::TextField;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::AppState;

#[component]
pub fn FirstRunPage() -> View {
    let state = use_context::<AppState>();
    let name = create_signal(String::new());
    let username = create_signal(String::new());
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
        let input = OwnerInput {
            username: username.get_clone_untracked(),
            name: name.get_clone_untracked(),
            password,
        };
        scope.spawn(async move {
            let result = invoke::<CreateOwner>(&WithInput { input }).await;
            busy.set(false);
            match result {
                Ok(session) => state.session.set(Some(session)),
                Err(e) => {
                    message.set(Some(e.message));
                    errors.set(e.fields);
                }
            }
        });
    };
    view! {
        div(class="auth-screen") {
            section(class="card auth-card", id="first-run") {
                h1 { "Create the owner account" }
                p(class="muted") {
                    "This is the first start of tikbill on this database. The owner can do everything, and adds the other staff accounts. tikbill has no default password: choose one only you know."
                }
                form(novalidate=true, on:submit=submit) {
                    div(class="auth-fields") {
                        TextField(name="name", label="Your name", value=name, errors=*errors, id="owner-name")
                        TextField(name="username", label="User name", value=username, errors=*errors, id="owner-username",
                            hint="What you sign in with, e.g. budi")
                        NewPasswordFields(fields=new_password, errors=*errors, label="Password", id="owner-password")
                    }
                    (match message.get_clone() {
                        Some(m) => view! { p(class="field-error", id="first-run-error") { (m) } },
                        None => view! {},
                    })
                    div(class="form-actions") {
                        button(r#type="submit", class="primary", id="create-owner", disabled=busy.get()) {
                            (if busy.get() { "Creating…" } else { "Create the owner account" })
                        }
                    }
                }
            }
        }
    }
}
