use sycamore::prelude::*;

use crate::state::Page;

/// The title row of a page, with room for its main actions.
#[component(inline_props)]
pub fn PageHeader(page: Page, children: Children) -> View {
    view! {
        header(class="page-header") {
            div {
                h1(id="page-title") { (page.title()) }
                p(class="page-purpose") { (page.purpose()) }
            }
            div(class="page-actions") { (children) }
        }
    }
}
