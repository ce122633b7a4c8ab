use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{
    CustomerStatus, FieldError, PaymentMethod, PaymentState, PaymentTransitionView, PaymentView,
    PdfFile, ProfileView, ShiftMethodTotal, ShiftView, StaffRole,
};
use tikbill_ui::pages::payments::{
    assign_target, may_close, totals_text, PaymentCriteria, PaymentDetail, PaymentFilterBar,
    PaymentFilterForm, PaymentTable, ReverseState, ShiftTable, UnmatchedList,
};
use tikbill_ui::scope::PageScope;
use tikbill_ui::state::{AppState, Page};

use crate::customer_page::home_10m;
use crate::customers::customer;

pub fn payment(id: i64, state: PaymentState) -> PaymentView {
    let transition = |from, to, reason: &str| PaymentTransitionView {
        from,
        to,
        reason: reason.into(),
        actor: "sari (cashier)".into(),
        at: "2026-11-24T08:02:00+00:00".into(),
    };
    let mut transitions = vec![transition(None, PaymentState::Paid, "taken at the counter")];
    match state {
        PaymentState::Applied => transitions.push(transition(
            Some(PaymentState::Paid),
            PaymentState::Applied,
            "1 period of Home 10M",
        )),
        PaymentState::Reversed => {
            transitions.push(transition(
                Some(PaymentState::Paid),
                PaymentState::Applied,
                "1 period of Home 10M",
            ));
            transitions.push(transition(
                Some(PaymentState::Applied),
                PaymentState::Reversed,
                "Paid twice by mistake",
            ));
        }
        _ => {}
    }
    let matched = state != PaymentState::Unmatched;
    PaymentView {
        id,
        customer_id: matched.then_some(3),
        customer_username: matched.then(|| "ayu".to_string()),
        profile_id: Some(7),
        periods: 1,
        amount: "1500".into(),
        currency: "KES".into(),
        method: PaymentMethod::MobileMoney,
        gateway: "counter".into(),
        reference: "QKX12345".into(),
        state,
        credit_added: "0".into(),
        credit_used: "0".into(),
        recorded_by: "sari (cashier)".into(),
        created_at: "2026-11-24T08:02:00+00:00".into(),
        shift_id: Some(4),
        receipt_number: Some(42),
        transitions,
    }
}

pub fn shift(id: i64, staff_id: i64, closed: bool) -> ShiftView {
    ShiftView {
        id,
        staff_id,
        cashier: "sari (Sari Dewi)".into(),
        currency: "KES".into(),
        float: "2000".into(),
        opened_at: "2026-11-24T08:02:00+00:00".into(),
        closed_at: closed.then(|| "2026-11-24T17:00:00+00:00".into()),
        closed_by: closed.then(|| "sari (cashier)".into()),
        cash_taken: "1520".into(),
        expected: "3520".into(),
        counted: closed.then(|| "3500".into()),
        difference: closed.then(|| "-20".into()),
        note: None,
        by_method: vec![ShiftMethodTotal {
            method: PaymentMethod::Cash,
            currency: "KES".into(),
            count: 2,
            total: "1520".into(),
        }],
        payments: 2,
        cards: Default::default(),
    }
}

/// Home 10M at a Kenyan office's price.
pub fn plan() -> ProfileView {
    ProfileView {
        price: "1500".into(),
        currency: "KES".into(),
        ..home_10m()
    }
}

/// Every one of `expected` is in `html`.
pub fn contains_all(html: &str, expected: &[&str], why: &str) {
    for e in expected {
        assert!(html.contains(e), "{why}: {e} in {html}");
    }
}

#[test]
fn the_table_shows_each_payment_as_people_read_it() {
    let rows = vec![
        payment(9, PaymentState::Applied),
        payment(8, PaymentState::Unmatched),
    ];
    let html = sycamore::render_to_string(move || {
        view! { PaymentTable(payments=rows, id="payments-table", on_open=Rc::new(|_| {})) }
    });
    contains_all(
        &html,
        &[
            "id=\"payments-table\"",
            "id=\"payment-9\"",
            "2026-11-24 08:02 UTC",
            "R-000042",
            "KES 1,500.00",
            "Mobile money",
            "badge payment-applied",
            "badge payment-unmatched",
            "— (unmatched)",
            "sari (cashier)",
        ],
        "a row has when, receipt, customer, amount, method, state and who",
    );
    let empty = sycamore::render_to_string(|| {
        view! { PaymentTable(payments=Vec::new(), id="payments-table", on_open=Rc::new(|_| {})) }
    });
    assert!(
        empty.contains("payments-table-empty") && !empty.contains("<table"),
        "{empty}"
    );
}

fn detail(state: PaymentState, role: Option<StaffRole>, printed: Option<PdfFile>) -> String {
    sycamore::render_to_string(move || {
        if let Some(role) = role {
            provide_context(AppState::signed_in_as(Page::Payments, role));
        }
        let reverse = ReverseState::new();
        view! {
            PaymentDetail(
                payment=payment(9, state),
                receipt=printed.map(Ok),
                reverse=reverse,
                on_back=Rc::new(|| {}),
                on_print=Rc::new(|| {}),
                on_reverse=Rc::new(|_| {}),
            )
        }
    })
}

#[test]
fn a_payment_shows_its_whole_history() {
    let html = detail(PaymentState::Reversed, Some(StaffRole::Owner), None);
    contains_all(
        &html,
        &[
            "R-000042 · KES 1,500.00",
            "Created as Paid",
            "Paid → Applied",
            "Applied → Reversed",
            "Paid twice by mistake",
            "sari (cashier)",
            "id=\"payment-print-receipt\"",
        ],
        "every move: from, to, who, when, why",
    );
    assert!(
        !html.contains("id=\"reverse-payment\""),
        "a reversed payment is not reversed again: {html}"
    );
}

#[test]
fn only_owners_and_managers_reverse_and_only_applied_payments() {
    for (role, state, shown) in [
        (StaffRole::Owner, PaymentState::Applied, true),
        (StaffRole::Manager, PaymentState::Applied, true),
        (StaffRole::Cashier, PaymentState::Applied, false),
        (StaffRole::Viewer, PaymentState::Applied, false),
        (StaffRole::Owner, PaymentState::Unmatched, false),
    ] {
        let html = detail(state, Some(role), None);
        assert_eq!(
            html.contains("id=\"reverse-payment\""),
            shown,
            "Reverse… for a {role:?} on a {state:?} payment"
        );
    }
}

#[test]
fn a_printed_receipt_says_where_it_was_saved() {
    let file = PdfFile {
        path: "/home/office/tikbill/receipts/R-000042.pdf".into(),
        bytes: 2_048,
    };
    let html = detail(PaymentState::Applied, None, Some(file));
    contains_all(
        &html,
        &[
            "id=\"payment-receipt-path\"",
            "/home/office/tikbill/receipts/R-000042.pdf",
        ],
        "the saved path",
    );
}

#[test]
fn the_filter_bar_offers_dates_method_state_cashier_and_customer() {
    let html = sycamore::render_to_string(|| {
        let form = PaymentFilterForm::new();
        view! { PaymentFilterBar(form=form, on_apply=Rc::new(|| {}), on_clear=Rc::new(|| {})) }
    });
    contains_all(
        &html,
        &[
            "id=\"payments-from\"",
            "id=\"payments-to\"",
            "id=\"payments-method\"",
            "Bank transfer",
            "id=\"payments-state\"",
            "Unmatched",
            "id=\"payments-cashier\"",
            "id=\"payments-customer\"",
            "id=\"payments-apply\"",
        ],
        "every filter",
    );
}

#[test]
fn the_criteria_become_the_backends_filter_paged_by_the_last_id() {
    let criteria = PaymentCriteria {
        from: Some("2026-11-01".into()),
        to: Some("2026-11-30".into()),
        method: Some(PaymentMethod::Cash),
        state: Some(PaymentState::Unmatched),
        cashier: Some(4),
        customer_id: Some(3),
    };
    let filter = criteria.filter(Some(120), 50);
    assert_eq!(filter.customer_id, Some(3));
    assert_eq!(
        (filter.from.as_deref(), filter.to.as_deref()),
        (Some("2026-11-01"), Some("2026-11-30"))
    );
    assert_eq!(filter.method, Some(PaymentMethod::Cash));
    assert_eq!(filter.state, Some(PaymentState::Unmatched));
    assert_eq!(filter.cashier, Some(4));
    assert_eq!(
        filter.before_id,
        Some(120),
        "the next page starts below the last id shown"
    );
    assert_eq!(filter.limit, Some(50));
}

#[test]
fn totals_read_per_currency_with_their_methods_and_what_was_reversed() {
    use tikbill_api::{CurrencyTotals, MethodTotals, MoneyCount, PaymentTotals};
    let count = |amount: &str, count: u64| MoneyCount {
        amount: amount.into(),
        count,
    };
    let totals = PaymentTotals {
        currencies: vec![CurrencyTotals {
            currency: "KES".into(),
            taken: count("3020", 2),
            reversed: count("500", 1),
            methods: vec![
                MethodTotals {
                    method: PaymentMethod::Cash,
                    taken: count("1520", 1),
                    reversed: count("500", 1),
                },
                MethodTotals {
                    method: PaymentMethod::MobileMoney,
                    taken: count("1500", 1),
                    reversed: count("0", 0),
                },
            ],
        }],
    };
    assert_eq!(
        totals_text(&totals),
        vec![
            "Taken: KES 3,020.00 (2) — cash KES 1,520.00, mobile money KES 1,500.00 · reversed KES 500.00 (1)"
                .to_string()
        ]
    );
}

#[test]
fn unmatched_payments_wait_with_a_search_and_assign() {
    let html = sycamore::render_to_string(|| {
        let rows = vec![payment(8, PaymentState::Unmatched)];
        view! {
            UnmatchedList(payments=rows, scope=PageScope::current(), on_assigned=Rc::new(|_| {}), on_open=Rc::new(|_| {}))
        }
    });
    contains_all(
        &html,
        &[
            "id=\"unmatched-8\"",
            "id=\"assign-search-8\"",
            "id=\"assign-8\"",
            "QKX12345",
        ],
        "a search and Assign per payment",
    );
    let (ayu, budi) = (
        customer(3, "ayu", CustomerStatus::Active),
        customer(4, "ayub", CustomerStatus::Active),
    );
    let found = vec![ayu.clone(), budi.clone()];
    for (picked, typed, expect, why) in [
        (Some(&budi), "ay", Some(4), "the one picked"),
        (None, "AYU", Some(3), "the exact user name, any case"),
        (None, "ay", None, "two match and neither exactly"),
        (None, "", None, "nothing typed"),
    ] {
        assert_eq!(
            assign_target(picked, typed, &found).map(|c| c.id),
            expect,
            "{why}"
        );
    }
    assert_eq!(
        assign_target(None, "bu", std::slice::from_ref(&budi)).map(|c| c.id),
        Some(4),
        "the only one found"
    );
}

#[test]
fn shifts_can_be_closed_by_their_cashier_or_a_manager() {
    let table = |role: StaffRole| {
        sycamore::render_to_string(move || {
            provide_context(AppState::signed_in_as(Page::Payments, role));
            let shifts = vec![shift(2, 1, false), shift(3, 5, false), shift(1, 5, true)];
            view! { ShiftTable(shifts=shifts, me=Some(1), on_action=Rc::new(|_| {})) }
        })
    };
    let cashier = table(StaffRole::Cashier);
    assert!(
        cashier.contains("id=\"close-shift-2\""),
        "their own open shift"
    );
    assert!(
        !cashier.contains("id=\"close-shift-3\""),
        "not another's: {cashier}"
    );
    let manager = table(StaffRole::Manager);
    assert!(
        manager.contains("id=\"close-shift-3\""),
        "a manager closes a shift left open"
    );
    assert!(
        !manager.contains("id=\"close-shift-1\""),
        "a closed one stays closed"
    );
    contains_all(
        &manager,
        &[
            "KES 3,520.00",
            "KES -20.00 (short)",
            "difference short",
            "id=\"shift-report-1\"",
        ],
        "expected, counted, difference and the report",
    );
    let closed = shift(1, 5, true);
    assert!(!may_close(&closed, Some(5)));
}

#[test]
fn a_missing_shift_is_named_by_the_field_error() {
    let errors = [FieldError {
        field: "method".into(),
        message: "Open a shift first: cash goes into a cashier's drawer.".into(),
    }];
    assert!(tikbill_ui::till::needs_shift(&errors));
}
