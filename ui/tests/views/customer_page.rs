use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{
    ActiveSessionView, CustomerRouterView, CustomerStatus, DurationUnit, FieldError, ProfileView,
    RouterAccountView, SessionHistoryView,
};
use tikbill_ui::pages::customers::{
    actions_for, CustomerAction, CustomerRouterSections, CustomerSummary, ExtendForm, ExtendState,
};

use crate::customers::customer;

pub fn home_10m() -> ProfileView {
    ProfileView {
        id: 7,
        name: "Home 10M".into(),
        rate_limit: "10M/5M".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: 30,
        duration_unit: DurationUnit::Days,
        data_limit: None,
        shared_users: 1,
        session_timeout: None,
        customer_count: 1,
    }
}

fn summary(status: CustomerStatus, expires_at: Option<&str>) -> String {
    let mut c = customer(3, "ayu", status);
    c.expires_at = expires_at.map(String::from);
    sycamore::render_to_string(move || {
        view! { CustomerSummary(customer=c, profile=Some(home_10m()), busy=false, on_action=Rc::new(|_| {})) }
    })
}

/// The buttons a customer in `status` gets, in order, by their ids.
fn check(status: CustomerStatus, expect: &[&str], why: &str) {
    let ids: Vec<_> = actions_for(status)
        .into_iter()
        .map(CustomerAction::id)
        .collect();
    assert_eq!(ids, expect, "{why}");
    let html = summary(status, Some("2026-12-24T08:00:00+00:00"));
    for action in [
        CustomerAction::Activate,
        CustomerAction::Extend,
        CustomerAction::Disable,
        CustomerAction::Enable,
    ] {
        let shown = html.contains(&format!("id=\"{}\"", action.id()));
        assert_eq!(
            shown,
            expect.contains(&action.id()),
            "{} for a {status:?} customer: {html}",
            action.label()
        );
    }
}

#[test]
fn the_buttons_follow_the_status() {
    check(
        CustomerStatus::Pending,
        &[
            "activate-customer",
            "disable-customer",
            "edit-customer",
            "delete-customer",
        ],
        "a new customer is activated (or switched off), never extended",
    );
    check(
        CustomerStatus::Active,
        &[
            "extend-customer",
            "disable-customer",
            "edit-customer",
            "delete-customer",
        ],
        "an active customer gets more time; activating twice would sell a period by mistake",
    );
    check(
        CustomerStatus::Expired,
        &[
            "activate-customer",
            "extend-customer",
            "disable-customer",
            "edit-customer",
            "delete-customer",
        ],
        "a run-out plan is renewed either way: the period starts now",
    );
    check(
        CustomerStatus::Disabled,
        &[
            "enable-customer",
            "activate-customer",
            "edit-customer",
            "delete-customer",
        ],
        "a disabled customer is enabled with the time left, or activated with a new period",
    );
}

#[test]
fn the_summary_shows_plan_status_and_expiry_in_local_time() {
    let html = summary(CustomerStatus::Active, Some("2026-12-24T08:00:00+00:00"));
    for expected in [
        "id=\"customer-summary\"",
        "ayu Lestari",
        "Home 10M · 10M/5M · 30 days",
        "badge status-active",
        "Until 2026-12-24 08:00 UTC",
        "Hotspot on Tower 1",
        "2026-11-01 02:30 UTC",
    ] {
        assert!(
            html.contains(expected),
            "the summary shows {expected:?}: {html}"
        );
    }
    let pending = summary(CustomerStatus::Pending, None);
    assert!(
        pending.contains("Not started: activate to begin the first period"),
        "{pending}"
    );
    let disabled = summary(CustomerStatus::Disabled, Some("2026-12-24T08:00:00+00:00"));
    assert!(
        disabled.contains("2026-12-24 08:00 UTC (kept while disabled"),
        "{disabled}"
    );
}

fn on_router(view: CustomerRouterView) -> String {
    sycamore::render_to_string(move || {
        view! {
            CustomerRouterSections(view=view, username="ayu".to_string(), router_name="Tower 1".to_string(),
                busy=false, on_kick=Rc::new(|| {}), on_retry=Rc::new(|| {}))
        }
    })
}

#[test]
fn changes_the_router_refused_for_good_are_shown_with_its_words_and_a_retry() {
    let mut view = router_view();
    assert!(
        !on_router(view.clone()).contains("failed-changes"),
        "nothing refused, nothing shown"
    );
    view.failed = vec![tikbill_api::FailedRouterJob {
        id: 9,
        router_id: 1,
        router_name: "Tower 1".into(),
        customer_id: Some(3),
        kind: "hotspot user".into(),
        name: "ayu".into(),
        attempts: 6,
        last_error: "failure: cannot disable default user".into(),
        failed_at: "2026-11-24T08:00:00+00:00".into(),
        next_attempt_at: "2026-11-24T09:00:00+00:00".into(),
    }];
    let html = on_router(view);
    for expected in [
        "id=\"failed-changes\"",
        "The router refused 1 change",
        "hotspot user ayu",
        "failure: cannot disable default user (6 attempts; next try 2026-11-24 09:00 UTC)",
        "id=\"retry-failed\"",
        "Retry now",
    ] {
        assert!(html.contains(expected), "shows {expected:?}: {html}");
    }
}

fn router_view() -> CustomerRouterView {
    CustomerRouterView {
        customer_id: 3,
        account: None,
        session: None,
        router_error: None,
        clock_warning: None,
        waiting_changes: 0,
        history: Vec::new(),
        failed: Vec::new(),
    }
}

#[test]
fn the_router_side_shows_the_account_the_session_and_the_history() {
    let mut view = router_view();
    view.account = Some(RouterAccountView {
        menu: "/ip/hotspot/user".into(),
        name: "ayu".into(),
        profile: Some("Home 10M".into()),
        disabled: false,
        comment: Some("tikbill: Ayu Lestari".into()),
        expiry_entry: Some("2026-12-24 15:00:00".into()),
        expiry_fires_at: None,
    });
    view.session = Some(ActiveSessionView {
        address: Some("10.5.50.12".into()),
        mac_address: Some("AA:BB:CC:00:11:22".into()),
        uptime_secs: 3_660,
        bytes_in: 45 * 1024 * 1024,
        bytes_out: 3 * 512 * 1024 * 1024,
    });
    view.waiting_changes = 3;
    view.history = vec![
        SessionHistoryView {
            started_at: "2026-11-24T07:00:00+00:00".into(),
            ended_at: None,
            address: Some("10.5.50.12".into()),
            mac_address: Some("AA:BB:CC:00:11:22".into()),
            uptime_secs: 3_660,
            bytes_in: 45 * 1024 * 1024,
            bytes_out: 3 * 512 * 1024 * 1024,
        },
        SessionHistoryView {
            started_at: "2026-11-23T01:00:00+00:00".into(),
            ended_at: Some("2026-11-23T03:00:00+00:00".into()),
            address: None,
            mac_address: None,
            uptime_secs: 7_200,
            bytes_in: 0,
            bytes_out: 0,
        },
    ];
    let html = on_router(view);
    for expected in [
        "On the router (Tower 1)",
        "3 changes waiting for the router",
        "/ip/hotspot/user",
        "tikbill: Ayu Lestari",
        ">No<",
        "2026-12-24 15:00:00 (router time)",
        "Active session",
        "10.5.50.12",
        "AA:BB:CC:00:11:22",
        "1h 1m",
        "45 MiB",
        "1.5 GiB",
        "id=\"kick-customer\"",
        "Connection history",
        "2026-11-24 07:00 UTC",
        "online now",
        "2026-11-23 03:00 UTC",
        "2h 0m",
    ] {
        assert!(
            html.contains(expected),
            "the router side shows {expected:?}: {html}"
        );
    }
    assert_eq!(html.matches("class=\"history-row\"").count(), 2, "{html}");
    assert!(
        !html.contains("router-error"),
        "the router answered: {html}"
    );
}

#[test]
fn a_far_off_router_clock_is_named_and_the_entry_shown_in_office_time() {
    let mut view = router_view();
    view.clock_warning = Some("The router's clock is 1 year 10 months behind.".into());
    view.account = Some(RouterAccountView {
        menu: "/ip/hotspot/user".into(),
        name: "ayu".into(),
        profile: Some("Home 10M".into()),
        disabled: false,
        comment: None,
        expiry_entry: Some("2025-01-31 00:00:00".into()),
        expiry_fires_at: Some("2026-12-24T08:00:00+00:00".into()),
    });
    let html = on_router(view);
    for expected in [
        "id=\"router-clock\"",
        "The router's clock is 1 year 10 months behind.",
        "2025-01-31 00:00:00 (router time)",
        "fires 2026-12-24 08:00 UTC (office time)",
    ] {
        assert!(
            html.contains(expected),
            "the router side shows {expected:?}: {html}"
        );
    }
    let clean = on_router(router_view());
    assert!(
        !clean.contains("router-clock"),
        "no clock note for a router whose clock is right: {clean}"
    );
}

#[test]
fn a_router_that_did_not_answer_is_said_plainly() {
    let mut view = router_view();
    view.router_error = Some("The router did not answer in time while logging in to it.".into());
    view.waiting_changes = 1;
    let html = on_router(view);
    for expected in [
        "Could not ask Tower 1: The router did not answer in time while logging in to it. What tikbill has is shown below",
        "1 change waiting for the router",
        "Not known: the router did not answer.",
        "No sessions recorded yet.",
    ] {
        assert!(html.contains(expected), "{expected:?}: {html}");
    }
    assert!(!html.contains("kick-customer"), "nobody to kick: {html}");
    assert!(
        !html.contains("no-router-account"),
        "a silent router is not a missing account: {html}"
    );
}

#[test]
fn an_answering_router_without_the_account_or_a_session() {
    let html = on_router(router_view());
    for expected in [
        "Tower 1 has no account named ayu yet.",
        "Not connected now.",
        "No sessions recorded yet.",
    ] {
        assert!(html.contains(expected), "{expected:?}: {html}");
    }
    assert!(
        !html.contains("waiting-changes"),
        "nothing waiting, nothing said: {html}"
    );
}

#[test]
fn extend_offers_the_profiles_period_or_a_chosen_time() {
    let html = sycamore::render_to_string(|| {
        let state = ExtendState::new();
        state.errors.set(vec![FieldError {
            field: "value".into(),
            message: "Give a whole number of at least 1".into(),
        }]);
        view! { ExtendForm(state=state, period=Some("30 days".to_string()), busy=false, on_extend=Rc::new(|_| {})) }
    });
    for expected in [
        "id=\"extend-form\"",
        "Add one period (30 days)",
        "id=\"extend-by-profile\"",
        "id=\"extend-value\"",
        "id=\"extend-unit\"",
        ">hours<",
        ">days<",
        ">weeks<",
        ">months<",
        "id=\"extend-by-value\"",
        "Give a whole number of at least 1",
    ] {
        assert!(html.contains(expected), "{expected:?}: {html}");
    }
}
