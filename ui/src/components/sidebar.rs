use sycamore::prelude::*;

use crate::state::{AppState, Page};

/// The left-hand navigation with every area of the product.
#[component]
pub fn Sidebar() -> View {
    let state = use_context::<AppState>();
    let items = Page::ALL
        .into_iter()
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
        .collect::<Vec<_>>();
    view! {
        nav(class="sidebar") {
            div(class="brand") {
                img(src="icon.png", alt="", class="brand-mark")
                span(class="brand-name") { "tikbill" }
            }
            ul(class="nav-list") { (items) }
        }
    }
}
