use sycamore::prelude::*;
use tikbill_api::FieldError;

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
    /// The input's type: `text` or `password`.
    #[prop(default = "text")]
    kind: &'static str,
) -> View {
    let message = move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone())
        })
    };
    let class = move || {
        if message().is_some() {
            "field invalid"
        } else {
            "field"
        }
    };
    view! {
        label(class=class) {
            span(class="field-label") { (label) }
            input(id=format!("{id_prefix}-{name}"), r#type=kind, name=name, placeholder=placeholder, bind:value=value)
            (match message() {
                Some(m) => view! { span(class="field-error", id=format!("error-{name}")) { (m) } },
                None => view! { span(class="field-hint") { (hint) } },
            })
        }
    }
}
