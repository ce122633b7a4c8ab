//! The sign-in form: on the sign-in screen at start, and over a locked page. Too many wrong
//! passwords make the account wait; the form counts the wait down ("try again in 40 s").

use sycamore::prelude::*;
use tikbill_api::command::{SignIn, WithInput};
use tikbill_api::{ApiError, ErrorCode, FieldError, SignInInput};

use crate::components::field::TextField;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::{AppState, Page};

/// Seconds to wait, from a `too_many_attempts` refusal.
fn wait_of(error: &ApiError) -> Option<u64> {
    if error.code != ErrorCode::TooManyAttempts {
        return None;
    }
    error
        .fields
        .iter()
        .find(|f| f.field == "retry_after_secs")
        .and_then(|f| f.message.parse().ok())
}

/// What the form says while the account waits.
pub fn wait_message(seconds: u64) -> String {
    format!("Too many wrong passwords: try again in {seconds} s.")
}

/// The sign-in form. `over_page`: the app is locked and the page waits underneath; whoever
/// signs in carries on (someone else starts at the dashboard, not on the page they did not
/// open).
#[component(inline_props)]
pub fn SignInForm(over_page: bool) -> View {
    let state = use_context::<AppState>();
    let last = state.last_user.get_clone_untracked();
    let before = last.as_ref().map(|(id, _)| *id);
    let last_user = last.map(|(_, name)| name).unwrap_or_default();
    let username = create_signal(last_user);
    let password = create_signal(String::new());
    let errors = create_signal(Vec::<FieldError>::new());
    let message = create_signal(None::<String>);
    let wait = create_signal(0_u64);
    let busy = create_signal(false);
    // Work started by the form belongs to the form, not to the part of it that redraws.
    let scope = PageScope::current();
    let count_down = move |seconds: u64| {
        wait.set(seconds);
        scope.spawn(async move {
            while wait.get_untracked() > 0 {
                crate::timer::sleep(1000).await;
                wait.set(wait.get_untracked().saturating_sub(1));
            }
        });
    };
    let submit = move |e: web_sys::SubmitEvent| {
        e.prevent_default();
        if busy.get_untracked() || wait.get_untracked() > 0 {
            return;
        }
        busy.set(true);
        errors.set(Vec::new());
        message.set(None);
        let input = SignInInput {
            username: username.get_clone_untracked(),
            password: password.get_clone_untracked(),
        };
        scope.spawn(async move {
            let result = invoke::<SignIn>(&WithInput { input }).await;
            busy.set(false);
            password.set(String::new());
            match result {
                Ok(session) => {
                    let now = session.staff.as_ref().map(|s| s.id);
                    state.session.set(Some(session));
                    // Someone else, or the same person whose role no longer opens the page,
                    // starts at the dashboard.
                    if over_page && (now != before || !state.may_see(state.page.get_untracked())) {
                        state.page.set(Page::Dashboard);
                    }
                    state.locked.set(false);
                }
                Err(e) => {
                    if let Some(seconds) = wait_of(&e) {
                        count_down(seconds);
                    } else {
                        message.set(Some(e.message));
                        errors.set(e.fields);
                    }
                }
            }
        });
    };
    view! {
        section(class="card auth-card", id="sign-in") {
            h1 { (if over_page { "tikbill is locked" } else { "Sign in to tikbill" }) }
            p(class="muted") {
                (if over_page {
                    "Sign in to carry on where you were, or as someone else to take over the counter."
                } else {
                    "Use the user name and password the owner gave you."
                })
            }
            form(novalidate=true, on:submit=submit) {
                div(class="auth-fields") {
                    TextField(name="username", label="User name", value=username, errors=*errors, id="sign-in-username")
                    TextField(name="password", label="Password", value=password, errors=*errors, id="sign-in-password", kind="password")
                }
                (match message.get_clone() {
                    Some(m) => view! { p(class="field-error", id="sign-in-error") { (m) } },
                    None => view! {},
                })
                (if wait.get() > 0 {
                    view! { p(class="field-error", id="sign-in-wait") { (wait_message(wait.get())) } }
                } else {
                    view! {}
                })
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="sign-in-submit", disabled=busy.get() || wait.get() > 0) {
                        (if busy.get() { "Signing in…" } else { "Sign in" })
                    }
                }
            }
        }
    }
}
