//! A dialog over the page: a title, a close button, Escape closes it.

use std::rc::Rc;

use sycamore::prelude::*;

/// Gives the element behind `node` the keyboard focus once it is in the page (in the window;
/// nothing on the host).
pub fn focus_on_mount(node: NodeRef) {
    on_mount(move || focus(node));
}

/// Gives the element behind `node` the keyboard focus now, if it is shown.
pub fn focus(node: NodeRef) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = node
            .try_get()
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // Focus is a convenience: an element that refuses it stays usable by mouse.
            let _ = element.focus();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = node;
}

/// The dialog's frame; `children` is its content.
#[component(inline_props)]
pub fn Modal(
    /// The dialog's id (`take-payment-dialog`).
    id: &'static str,
    title: String,
    on_close: Rc<dyn Fn()>,
    children: Children,
) -> View {
    let on_escape = on_close.clone();
    let label = title.clone();
    view! {
        div(class="modal-backdrop") {
            div(class="modal", id=id, role="dialog", aria-modal="true", aria-label=label,
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Escape" {
                        e.prevent_default();
                        on_escape();
                    }
                }) {
                div(class="card-title-row modal-title") {
                    h2 { (title) }
                    button(r#type="button", class="notice-close", aria-label="Close", on:click=move |_| on_close()) { "×" }
                }
                (children)
            }
        }
    }
}
