//! "Password" and "Password again" with the strength hint: the first owner's form and a
//! person's own new password share them.

use sycamore::prelude::*;
use tikbill_api::FieldError;

use super::strength::strength;
use crate::components::field::{field_error, FieldMessage};

/// The two fields' values.
#[derive(Clone, Copy)]
pub struct NewPassword {
    pub password: Signal<String>,
    pub again: Signal<String>,
}

impl NewPassword {
    pub fn new() -> Self {
        Self {
            password: create_signal(String::new()),
            again: create_signal(String::new()),
        }
    }

    /// The password, or the refusal under "again" when the two differ.
    pub fn typed(self) -> Result<String, FieldError> {
        let password = self.password.get_clone_untracked();
        match mismatch(&password, &self.again.get_clone_untracked()) {
            Some(refusal) => Err(refusal),
            None => Ok(password),
        }
    }
}

impl Default for NewPassword {
    fn default() -> Self {
        Self::new()
    }
}

/// The two passwords typed differ: said under the second.
pub fn mismatch(password: &str, again: &str) -> Option<FieldError> {
    (password != again).then(|| FieldError {
        field: "password_again".into(),
        message: "The two passwords differ.".into(),
    })
}

/// The two fields; the inputs' ids are `{id}` and `{id}-again`.
#[component(inline_props)]
pub fn NewPasswordFields(
    fields: NewPassword,
    errors: ReadSignal<Vec<FieldError>>,
    label: &'static str,
    id: &'static str,
) -> View {
    let hint = move || strength(&fields.password.get_clone()).hint();
    view! {
        label(class="field") {
            span(class="field-label") { (label) }
            input(id=id, r#type="password", name="password", bind:value=fields.password)
            (match field_error(errors, "password") {
                Some(m) => view! { span(class="field-error", id="error-password") { (m) } },
                None => view! { span(class="field-hint", id="password-strength") { (hint()) } },
            })
        }
        label(class="field") {
            span(class="field-label") { (format!("{label} again")) }
            input(id=format!("{id}-again"), r#type="password", name="password_again", bind:value=fields.again)
            FieldMessage(name="password_again", errors=errors)
        }
    }
}
