use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{AgentJobs, ListCustomers, ListCustomersArgs, ListProfiles, NoArgs};
use tikbill_api::{CustomerFilter, JobRunView, ProfileView};

use crate::components::page_header::PageHeader;
use crate::components::queue_banner::{LiveQueueBanner, QueueWatch};
use crate::format;
use crate::ipc::invoke;
use crate::pages::settings::JobList;
use crate::state::{AppState, Page};

/// The "expiring soon" tile counts plans ending within this many days.
const EXPIRING_DAYS: u32 = 3;

/// How many customers match `filter` (one row is read; the total comes with it).
async fn count(filter: CustomerFilter) -> Result<u64, String> {
    let filter = CustomerFilter {
        page_size: 1,
        ..filter
    };
    invoke::<ListCustomers>(&ListCustomersArgs { filter })
        .await
        .map(|p| p.total)
        .map_err(|e| e.message)
}

fn figure(value: Option<Result<u64, String>>) -> String {
    match value {
        None => "…".to_string(),
        Some(Ok(n)) => format::count(n),
        Some(Err(_)) => "—".to_string(),
    }
}

#[component]
pub fn DashboardPage() -> View {
    let state = use_context::<AppState>();
    let profiles = create_signal(None::<Result<Vec<ProfileView>, String>>);
    let customers = create_signal(None::<Result<u64, String>>);
    let expiring = create_signal(None::<Result<u64, String>>);
    let jobs = create_signal(None::<Vec<JobRunView>>);
    let queues = QueueWatch::new();
    queues.keep_fresh();
    spawn_local_scoped(async move {
        profiles.set(Some(
            invoke::<ListProfiles>(&NoArgs {})
                .await
                .map_err(|e| e.message),
        ));
    });
    spawn_local_scoped(async move {
        customers.set(Some(count(CustomerFilter::default()).await));
    });
    spawn_local_scoped(async move {
        expiring.set(Some(
            count(CustomerFilter {
                expiring_within_days: Some(EXPIRING_DAYS),
                ..CustomerFilter::default()
            })
            .await,
        ));
    });
    spawn_local_scoped(async move {
        if let Ok(list) = invoke::<AgentJobs>(&NoArgs {}).await {
            jobs.set(Some(list));
        }
    });
    view! {
        PageHeader(page=Page::Dashboard) {}
        LiveQueueBanner(watch=queues)
        div(class="tiles") {
            section(class="card tile") {
                h2 { "Customers" }
                p(class="tile-figure", id="tile-customers") { (figure(customers.get_clone())) }
                p(class="muted tile-sub", id="tile-expiring") {
                    (format!("{} expiring within {EXPIRING_DAYS} days", figure(expiring.get_clone())))
                }
                button(class="link", on:click=move |_| state.page.set(Page::Customers)) { "Manage customers" }
            }
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
                h2 { "Income and payments" }
                p { "Today's takings come with the reports; until then the Payments page adds them up. No numbers are shown here until they are real." }
            }
        }
        (match jobs.get_clone() {
            Some(list) if !list.is_empty() => view! { JobList(jobs=list) },
            _ => view! {},
        })
    }
}
