use sycamore::prelude::*;

use crate::components::sidebar::Sidebar;
use crate::pages;
use crate::state::{AppState, Page};

/// The whole window: the sidebar and the page it selects.
#[component]
pub fn App() -> View {
    let state = AppState::new(Page::Dashboard);
    provide_context(state);
    view! {
        div(class="shell") {
            Sidebar {}
            main(class="content") {
                (match state.page.get() {
                    Page::Dashboard => view! { pages::dashboard::DashboardPage {} },
                    Page::Customers => view! { pages::customers::CustomersPage {} },
                    Page::Profiles => view! { pages::profiles::ProfilesPage {} },
                    Page::Routers => view! { pages::routers::RoutersPage {} },
                    Page::Settings => view! { pages::settings::SettingsPage {} },
                    other => view! { pages::not_built::NotBuiltPage(page=other) },
                })
            }
        }
    }
}
