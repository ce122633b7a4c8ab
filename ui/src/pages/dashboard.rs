use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{
    AgentJobs, DashboardCharts, DashboardFiguresNow, ListCustomers, ListCustomersArgs,
    ListProfiles, NoArgs, WithInput,
};
use tikbill_api::{CustomerFilter, DashboardFigures, JobRunView, ProfileView, ReportChart};

use crate::components::page_header::PageHeader;
use crate::components::queue_banner::{LiveQueueBanner, QueueWatch};
use crate::format;
use crate::ipc::invoke;
use crate::pages::settings::JobList;
use crate::state::{AppState, Page};

/// How many of the audit log's newest entries "Recent activity" shows.
const RECENT_ACTIVITY: u32 = 8;

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
    let figures = create_signal(None::<Result<DashboardFigures, String>>);
    let charts = create_signal(None::<Result<Vec<ReportChart>, String>>);
    // Drawn by the backend in the window's theme, and again when the theme changes.
    let scope = crate::scope::PageScope::current();
    create_effect(move || {
        let theme = state.theme.get();
        scope.spawn(async move {
            charts.set(Some(
                invoke::<DashboardCharts>(&WithInput { input: theme })
                    .await
                    .map_err(|e| e.message),
            ));
        });
    });
    let activity = create_signal(None::<Vec<tikbill_api::AuditEntryView>>);
    if state.can(tikbill_api::Permission::ViewAudit) {
        spawn_local_scoped(async move {
            let filter = tikbill_api::AuditFilter {
                limit: Some(RECENT_ACTIVITY),
                ..Default::default()
            };
            if let Ok(page) =
                invoke::<tikbill_api::command::AuditLog>(&WithInput { input: filter }).await
            {
                activity.set(Some(page.entries));
            }
        });
    }
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
        figures.set(Some(
            invoke::<DashboardFiguresNow>(&NoArgs {})
                .await
                .map_err(|e| e.message),
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
            (match figures.get_clone() {
                None => view! {},
                Some(Err(e)) => view! { section(class="card tile") { h2 { "Today" } p(class="field-error") { (e) } } },
                Some(Ok(f)) => view! { FigureTiles(figures=f) },
            })
        }
        (match charts.get_clone() {
            None => view! {},
            Some(Err(e)) => view! { section(class="card") { p(class="field-error") { (e) } } },
            Some(Ok(list)) => view! { DashboardChartList(charts=list) },
        })
        (match activity.get_clone() {
            Some(entries) => view! { RecentActivity(entries=entries) },
            None => view! {},
        })
        (match jobs.get_clone() {
            Some(list) if !list.is_empty() => view! { JobList(jobs=list) },
            _ => view! {},
        })
    }
}

/// The tiles drawn from the dashboard's figures: who is online, routers, money taken per
/// currency (today, this month, last month), payments waiting, prepaid cards.
#[component(inline_props)]
pub fn FigureTiles(figures: DashboardFigures) -> View {
    let state = try_use_context::<AppState>();
    let go = move |page: Page| {
        if let Some(state) = state {
            state.page.set(page);
        }
    };
    let money = figures
        .revenue
        .iter()
        .map(|r| {
            let today = format::money(&r.today, &r.currency);
            let month = format::money(&r.this_month, &r.currency);
            let last = format::money(&r.last_month, &r.currency);
            let id = format!("tile-revenue-{}", r.currency.to_lowercase());
            view! {
                p(class="tile-figure", id=id) { (today) }
                p(class="muted tile-sub") { (format!("this month {month} · last month {last}")) }
            }
        })
        .collect::<Vec<_>>();
    let no_money = figures.revenue.is_empty();
    view! {
        section(class="card tile") {
            h2 { "Online now" }
            p(class="tile-figure", id="tile-online") { (format::count(figures.online_now)) }
            p(class="muted tile-sub") { (format!("of {} active customers", format::count(figures.active_customers))) }
        }
        section(class="card tile") {
            h2 { "Routers" }
            p(class="tile-figure", id="tile-routers") {
                (format!("{} of {}", figures.routers_online, figures.routers_total))
            }
            p(class="muted tile-sub") { "online at their last check" }
            button(class="link", on:click=move |_| go(Page::Routers)) { "Routers" }
        }
        section(class="card tile") {
            h2 { (format!("Money taken today ({})", figures.day)) }
            (if no_money {
                view! { p(class="tile-figure", id="tile-revenue-none") { "0" } }
            } else {
                view! { (money) }
            })
            p(class="muted tile-sub", id="tile-waiting") {
                (format!("{} waiting to be applied", format::count(figures.payments_waiting)))
            }
            button(class="link", on:click=move |_| go(Page::Payments)) { "Payments" }
        }
        section(class="card tile") {
            h2 { "Vouchers" }
            p(class="tile-figure", id="tile-vouchers-sold") { (format!("{} sold today", format::count(figures.vouchers_sold_today))) }
            p(class="muted tile-sub", id="tile-vouchers-stock") { (format!("{} in stock", format::count(figures.vouchers_in_stock))) }
            button(class="link", on:click=move |_| go(Page::Vouchers)) { "Vouchers" }
        }
    }
}

/// The dashboard's charts side by side (each an SVG the backend drew).
#[component(inline_props)]
pub fn DashboardChartList(charts: Vec<ReportChart>) -> View {
    let shown = charts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            view! {
                figure(class="report-chart dashboard-chart", id=format!("dashboard-chart-{i}"), aria-label=c.title, dangerously_set_inner_html=c.svg) {}
            }
        })
        .collect::<Vec<_>>();
    view! { div(class="dashboard-charts", id="dashboard-charts") { (shown) } }
}

/// The audit log's newest entries: who did what, when.
#[component(inline_props)]
pub fn RecentActivity(entries: Vec<tikbill_api::AuditEntryView>) -> View {
    let state = try_use_context::<AppState>();
    let rows = entries
        .into_iter()
        .map(|e| {
            let when = format::local_time(&e.at);
            let what = match e.entity_id {
                Some(id) => format!("{} #{id}", e.action),
                None => e.action.clone(),
            };
            view! { li { span(class="muted") { (when) } " " strong { (e.actor.clone()) } " " (what) } }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card", id="recent-activity") {
            h2 { "Recent activity" }
            ul(class="activity-list") { (rows) }
            button(class="link", on:click=move |_| {
                if let Some(state) = state {
                    state.page.set(Page::Audit);
                }
            }) { "Audit log" }
        }
    }
}
