use sycamore::prelude::*;
use tikbill_api::{CustomerFilter, CustomerStatus};

use super::table::status_label;
use super::CustomersPageState;

/// The list's search box and filters as typed, and the page number.
#[derive(Clone, Copy)]
pub struct FilterState {
    pub search: Signal<String>,
    /// A status name, or empty for all.
    pub status: Signal<String>,
    /// A router id, or empty for all.
    pub router: Signal<String>,
    /// A profile id, or empty for all.
    pub profile: Signal<String>,
    /// A number of days, or empty.
    pub expiring: Signal<String>,
    /// 1-based.
    pub page: Signal<u32>,
}

/// "Expiring within N days": a whole number of at least 1, else no such filter.
pub fn expiring_days(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|d| *d > 0)
}

impl FilterState {
    pub fn new() -> Self {
        Self {
            search: create_signal(String::new()),
            status: create_signal(String::new()),
            router: create_signal(String::new()),
            profile: create_signal(String::new()),
            expiring: create_signal(String::new()),
            page: create_signal(1),
        }
    }

    /// What to list, page aside (tracks every criterion).
    pub fn criteria(&self) -> CustomerFilter {
        CustomerFilter {
            search: self.search.get_clone().trim().to_string(),
            status: CustomerStatus::parse(&self.status.get_clone()),
            router_id: self.router.get_clone().parse().ok(),
            profile_id: self.profile.get_clone().parse().ok(),
            expiring_within_days: expiring_days(&self.expiring.get_clone()),
            page: 0,
            page_size: CustomerFilter::DEFAULT_PAGE_SIZE,
        }
    }

    /// Whether anything narrows the list (so an empty list means "no match", not "none yet").
    pub fn is_narrowed(&self) -> bool {
        let c = untrack(|| self.criteria());
        !c.search.is_empty()
            || c.status.is_some()
            || c.router_id.is_some()
            || c.profile_id.is_some()
            || c.expiring_within_days.is_some()
    }

    pub fn clear(&self) {
        batch(|| {
            self.search.set(String::new());
            self.status.set(String::new());
            self.router.set(String::new());
            self.profile.set(String::new());
            self.expiring.set(String::new());
        });
    }
}

impl Default for FilterState {
    fn default() -> Self {
        Self::new()
    }
}

/// The search box and the filters above the list.
#[component]
pub fn FilterBar() -> View {
    let page = use_context::<CustomersPageState>();
    let f = page.filter;
    let statuses = CustomerStatus::ALL
        .into_iter()
        .map(|s| view! { option(value=s.as_str()) { (status_label(s)) } })
        .collect::<Vec<_>>();
    let routers = move || {
        page.routers
            .get_clone()
            .into_iter()
            .map(|r| {
                let (id, name) = (r.id.to_string(), r.name);
                view! { option(value=id) { (name) } }
            })
            .collect::<Vec<_>>()
    };
    let profiles = move || {
        page.profiles
            .get_clone()
            .into_iter()
            .map(|p| {
                let (id, name) = (p.id.to_string(), p.name);
                view! { option(value=id) { (name) } }
            })
            .collect::<Vec<_>>()
    };
    let expiring_class = move || {
        let text = f.expiring.get_clone();
        if text.trim().is_empty() || expiring_days(&text).is_some() {
            "filter-days"
        } else {
            "filter-days invalid"
        }
    };
    let narrowed = move || {
        !f.search.with(String::is_empty)
            || !f.status.with(String::is_empty)
            || !f.router.with(String::is_empty)
            || !f.profile.with(String::is_empty)
            || !f.expiring.with(String::is_empty)
    };
    view! {
        div(class="filter-bar", id="customer-filters") {
            input(id="customer-search", class="search", r#type="search", aria-label="Search customers",
                placeholder="Search user name, name or phone", bind:value=f.search)
            select(id="customer-filter-status", aria-label="Status", bind:value=f.status) {
                option(value="") { "All statuses" }
                (statuses)
            }
            select(id="customer-filter-router", aria-label="Router", bind:value=f.router) {
                option(value="") { "All routers" }
                (routers())
            }
            select(id="customer-filter-profile", aria-label="Profile", bind:value=f.profile) {
                option(value="") { "All profiles" }
                (profiles())
            }
            label(class=expiring_class) {
                "Expiring within "
                input(id="customer-filter-expiring", r#type="number", min="1", placeholder="–", bind:value=f.expiring)
                " days"
            }
            (if narrowed() {
                view! { button(class="small", id="customer-filters-clear", on:click=move |_| f.clear()) { "Clear" } }
            } else {
                view! {}
            })
        }
    }
}
