//! The dashboard's tiles drawn from its figures.

use sycamore::prelude::*;
use tikbill_api::{DashboardFigures, RevenueFigures};
use tikbill_ui::pages::dashboard::FigureTiles;

#[test]
fn the_tiles_show_each_figure_and_money_per_currency() {
    let figures = DashboardFigures {
        day: "2026-11-24".into(),
        active_customers: 1200,
        online_now: 312,
        expiring_soon: 40,
        routers_online: 4,
        routers_total: 5,
        payments_waiting: 2,
        revenue: vec![
            RevenueFigures {
                currency: "IDR".into(),
                today: "160000".into(),
                this_month: "310000".into(),
                last_month: "150000".into(),
            },
            RevenueFigures {
                currency: "KES".into(),
                today: "1500".into(),
                this_month: "1500".into(),
                last_month: "0".into(),
            },
        ],
        vouchers_sold_today: 1,
        vouchers_in_stock: 2,
    };
    let html = sycamore::render_to_string(move || view! { FigureTiles(figures=figures.clone()) });
    for expected in [
        "tile-online",
        "312",
        "of 1,200 active customers",
        "4 of 5",
        "IDR 160,000",
        "this month IDR 310,000 · last month IDR 150,000",
        "tile-revenue-kes",
        "2 waiting to be applied",
        "1 sold today",
        "2 in stock",
        "2026-11-24",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
}

#[test]
fn recent_activity_lists_who_did_what() {
    let entries = vec![tikbill_api::AuditEntryView {
        id: 9,
        at: "2026-11-27T04:00:00Z".into(),
        staff_id: Some(1),
        actor: "staff:ayu".into(),
        origin: "app on host office".into(),
        action: "customer.extend".into(),
        entity_kind: "customer".into(),
        entity_id: Some(42),
        before: None,
        after: None,
    }];
    let html = sycamore::render_to_string(move || {
        view! { tikbill_ui::pages::dashboard::RecentActivity(entries=entries.clone()) }
    });
    assert!(html.contains("recent-activity"), "{html}");
    assert!(html.contains("staff:ayu"), "{html}");
    assert!(html.contains("customer.extend #42"), "{html}");
}
