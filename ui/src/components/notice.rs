use sycamore::prelude::*;

/// A message above the page's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Success(String),
    /// Something needs attention but nothing failed (e.g. some routers are offline).
    Warning(String),
    Error(String),
}

/// Shows the notice in `notice`, if any, with a button to dismiss it.
#[component(inline_props)]
pub fn NoticeBar(notice: Signal<Option<Notice>>) -> View {
    view! {
        (match notice.get_clone() {
            None => view! {},
            Some(n) => {
                let (class, text) = match n {
                    Notice::Success(t) => ("notice success", t),
                    Notice::Warning(t) => ("notice warning", t),
                    Notice::Error(t) => ("notice error", t),
                };
                view! {
                    div(class=class, id="notice", role="status") {
                        span { (text) }
                        button(class="notice-close", aria-label="Dismiss", on:click=move |_| notice.set(None)) { "×" }
                    }
                }
            }
        })
    }
}
