//! Online payments: the M-Pesa request dialog and a customer's pushes, gateway deliveries, the
//! "money waiting" banner.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{
    CustomerStatus, DeliveryDetail, DeliveryState, DeliveryView, MpesaPushView, PushState,
    StaffRole,
};
use tikbill_ui::components::money_banner::{waiting_text, MoneyWaitingBanner, Waiting};
use tikbill_ui::pages::customers::{
    asked_amount, push_status_text, CustomerPushes, MpesaDialog, MpesaRequest,
};
use tikbill_ui::pages::payments::{DeliveryDetailView, DeliveryTable};
use tikbill_ui::state::{AppState, Page};

use crate::customers::customer;
use crate::payments::{contains_all, plan};

fn push(state: PushState) -> MpesaPushView {
    MpesaPushView {
        id: 4,
        customer_id: 3,
        phone: "254712345678".into(),
        amount: "1500".into(),
        currency: "KES".into(),
        periods: 1,
        state,
        checkout_request_id: Some("ws_CO_1".into()),
        result: None,
        receipt: None,
        payment_id: None,
        created_at: "2026-11-26T08:00:00+00:00".into(),
    }
}

fn delivery(id: i64, state: DeliveryState, payment_id: Option<i64>) -> DeliveryView {
    DeliveryView {
        id,
        hook: "stk".into(),
        gateway: "mpesa".into(),
        received_at: "2026-11-26T08:00:05+00:00".into(),
        remote_addr: "196.201.214.200".into(),
        state,
        verdict: Some("Paid push 4: payment 9".into()),
        payment_id,
        processed_at: None,
        attempts: 1,
        source: None,
        body_bytes: 512,
    }
}

#[test]
fn a_push_says_where_it_stands() {
    assert_eq!(
        push_status_text(&push(PushState::Pending)),
        "Waiting for 254712345678 to confirm on the phone…"
    );
    let mut paid = push(PushState::Paid);
    paid.receipt = Some("TKA1B2C3D4".into());
    paid.payment_id = Some(9);
    assert_eq!(
        push_status_text(&paid),
        "Paid: receipt TKA1B2C3D4 (payment 9)"
    );
    let mut failed = push(PushState::Failed);
    failed.result = Some("1032 Request cancelled by user".into());
    assert_eq!(
        push_status_text(&failed),
        "Not paid: 1032 Request cancelled by user"
    );
    assert_eq!(
        asked_amount(Some(&plan()), "2").as_deref(),
        Some("KES 3,000.00")
    );
    assert_eq!(asked_amount(Some(&plan()), "0"), None, "no periods");
    assert_eq!(asked_amount(None, "1"), None, "no plan");
}

#[test]
fn the_mpesa_dialog_asks_then_waits() {
    let form = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Customers, StaffRole::Cashier));
        let mpesa = MpesaRequest::new();
        mpesa.start(&customer(3, "ayu", CustomerStatus::Active));
        assert_eq!(mpesa.phone.get_clone(), "+62 812 3456 7890", "their phone");
        assert_eq!(mpesa.periods.get_clone(), "1", "one period");
        view! { MpesaDialog(mpesa=mpesa, customer=customer(3, "ayu", CustomerStatus::Active), plan=Some(plan()), on_send=Rc::new(|| {})) }
    });
    contains_all(
        &form,
        &[
            "id=\"mpesa-dialog\"",
            "id=\"mpesa-phone\"",
            "id=\"mpesa-periods\"",
            "id=\"mpesa-amount\"",
            "KES 1,500.00",
            "id=\"mpesa-send\"",
        ],
        "the form, the customer's phone filled in",
    );
    let waiting = sycamore::render_to_string(|| {
        let mpesa = MpesaRequest::new();
        mpesa.start(&customer(3, "ayu", CustomerStatus::Active));
        mpesa.push.set(Some(push(PushState::Pending)));
        view! { MpesaDialog(mpesa=mpesa, customer=customer(3, "ayu", CustomerStatus::Active), plan=None, on_send=Rc::new(|| {})) }
    });
    contains_all(
        &waiting,
        &["id=\"mpesa-status\"", "Waiting for 254712345678 to confirm"],
        "after sending",
    );
}

#[test]
fn a_customers_pushes_are_listed_only_when_there_are_some() {
    let none = sycamore::render_to_string(|| view! { CustomerPushes(pushes=Vec::new()) });
    assert!(!none.contains("customer-pushes"), "{none}");
    let some = sycamore::render_to_string(
        || view! { CustomerPushes(pushes=vec![push(PushState::Pending)]) },
    );
    contains_all(
        &some,
        &[
            "id=\"customer-pushes\"",
            "254712345678",
            "KES 1,500.00",
            "Waiting",
        ],
        "the pushes",
    );
}

#[test]
fn deliveries_show_state_verdict_and_payment() {
    let html = sycamore::render_to_string(|| {
        let rows = vec![
            delivery(12, DeliveryState::Processed, Some(9)),
            delivery(11, DeliveryState::Rejected, None),
        ];
        view! { DeliveryTable(deliveries=rows, on_open=Rc::new(|_| {}), on_payment=Rc::new(|_| {})) }
    });
    contains_all(
        &html,
        &[
            "id=\"deliveries-table\"",
            "id=\"delivery-12\"",
            "mpesa · stk",
            "Processed",
            "Rejected",
            "id=\"delivery-payment-12\"",
            "Payment 9",
        ],
        "the deliveries",
    );
    let detail = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Payments, StaffRole::Cashier));
        let detail = DeliveryDetail {
            delivery: delivery(12, DeliveryState::Waiting, None),
            headers: vec![("content-type".into(), "application/json".into())],
            body_text: "{\"Body\":{}}".into(),
        };
        view! {
            DeliveryDetailView(detail=detail, said=None, busy=false, on_back=Rc::new(|| {}),
                on_process=Rc::new(|| {}), on_payment=Rc::new(|_| {}))
        }
    });
    contains_all(
        &detail,
        &[
            "id=\"delivery-detail\"",
            "content-type",
            "id=\"delivery-body\"",
            "id=\"delivery-process\"",
        ],
        "one delivery",
    );
}

#[test]
fn the_banner_counts_money_waiting() {
    assert_eq!(waiting_text(Waiting::default()), None);
    assert_eq!(
        waiting_text(Waiting {
            count: 1,
            more: false
        })
        .as_deref(),
        Some("1 payment is waiting to be matched")
    );
    assert_eq!(
        waiting_text(Waiting {
            count: 100,
            more: true
        })
        .as_deref(),
        Some("100+ payments are waiting to be matched")
    );
    let html = sycamore::render_to_string(|| {
        view! { MoneyWaitingBanner(waiting=Waiting { count: 3, more: false }, on_show=Rc::new(|| {})) }
    });
    contains_all(
        &html,
        &[
            "id=\"money-waiting\"",
            "3 payments are waiting to be matched",
        ],
        "the banner",
    );
}
