use sycamore::prelude::*;

use crate::components::page_header::PageHeader;
use crate::state::Page;

/// What an area that is not built yet shows: the truth, and no invented data.
#[component(inline_props)]
pub fn NotBuiltPage(page: Page) -> View {
    view! {
        PageHeader(page=page) {}
        section(class="card empty-state", id="not-built") {
            h2 { (format!("{} is not built yet", page.title())) }
            p { "This part of tikbill is still being written. Nothing here is shown until it works with your real data." }
        }
    }
}
