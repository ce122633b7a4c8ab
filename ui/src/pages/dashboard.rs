use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::{command, ProfileView};

use crate::components::page_header::PageHeader;
use crate::ipc::{call, NoArgs};
use crate::state::{AppState, Page};

#[component]
pub fn DashboardPage() -> View {
    let state = use_context::<AppState>();
    let profiles = create_signal(None::<Result<Vec<ProfileView>, String>>);
    spawn_local_scoped(async move {
        profiles.set(Some(
            call(command::LIST_PROFILES, &NoArgs {})
                .await
                .map_err(|e| e.message),
        ));
    });
    view! {
        PageHeader(page=Page::Dashboard) {}
        div(class="tiles") {
            section(class="card tile") {
                h2 { "Profiles" }
                p(class="tile-figure", id="tile-profiles") {
                    (match profiles.get_clone() {
                        None => "…".to_string(),
                        Some(Ok(list)) => list.len().to_string(),
                        Some(Err(_)) => "—".to_string(),
                    })
                }
                button(class="link", on:click=move |_| state.page.set(Page::Profiles)) { "Manage profiles" }
            }
            section(class="card tile muted-tile") {
                h2 { "Customers, income, routers online" }
                p { "These figures appear here once routers, customers and payments are built. No numbers are shown until they are real." }
            }
        }
    }
}
