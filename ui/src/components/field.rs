use sycamore::prelude::*;
use tikbill_api::FieldError;

/// The backend's message for the field `name`, or the hint when it has none.
#[component(inline_props)]
pub fn FieldMessage(
    name: &'static str,
    errors: ReadSignal<Vec<FieldError>>,
    #[prop(default = "")] hint: &'static str,
) -> View {
    view! {
        (match field_error(errors, name) {
            Some(m) => view! { span(class="field-error", id=format!("error-{name}")) { (m) } },
            None => view! { span(class="field-hint") { (hint) } },
        })
    }
}

/// What the backend said about `name`, if anything (tracks `errors`).
pub fn field_error(errors: ReadSignal<Vec<FieldError>>, name: &str) -> Option<String> {
    errors.with(|all| {
        all.iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    })
}

/// A labelled text input bound to `value`, with the backend's message for `name` under it.
#[component(inline_props)]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    value: Signal<String>,
    errors: ReadSignal<Vec<FieldError>>,
    #[prop(default = "")] placeholder: &'static str,
    #[prop(default = "")] hint: &'static str,
    /// The input's id is `{id_prefix}-{name}` (`profile-price`, `router-host`).
    #[prop(default = "profile")]
    id_prefix: &'static str,
    /// The input's id when it is not `{id_prefix}-{name}` (`customer-full-name`).
    #[prop(default = "")]
    id: &'static str,
    /// The input's type: `text` or `password`.
    #[prop(default = "text")]
    kind: &'static str,
) -> View {
    let class = move || {
        if field_error(errors, name).is_some() {
            "field invalid"
        } else {
            "field"
        }
    };
    let id = if id.is_empty() {
        format!("{id_prefix}-{name}")
    } else {
        id.to_string()
    };
    view! {
        label(class=class) {
            span(class="field-label") { (label) }
            input(id=id, r#type=kind, name=name, placeholder=placeholder, bind:value=value)
            FieldMessage(name=name, errors=errors, hint=hint)
        }
    }
}

/// A labelled `<select>` bound to `value` (an option's value), with the backend's message for
/// `name` under it. `options` are `(value, text)` pairs and may arrive after the field is shown.
#[component(inline_props)]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    id: &'static str,
    value: Signal<String>,
    errors: ReadSignal<Vec<FieldError>>,
    options: ReadSignal<Vec<(String, String)>>,
    #[prop(default = "")] hint: &'static str,
) -> View {
    let class = move || {
        if field_error(errors, name).is_some() {
            "field invalid"
        } else {
            "field"
        }
    };
    let choices = move || {
        let current = value.get_clone_untracked();
        options
            .get_clone()
            .into_iter()
            .map(|(v, text)| {
                let selected = v == current;
                view! { option(value=v, selected=selected) { (text) } }
            })
            .collect::<Vec<_>>()
    };
    view! {
        label(class=class) {
            span(class="field-label") { (label) }
            select(id=id, name=name, bind:value=value) { (choices()) }
            FieldMessage(name=name, errors=errors, hint=hint)
        }
    }
}
