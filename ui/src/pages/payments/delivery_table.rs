//! What payment gateways sent, as a table, newest first: a row opens the delivery; its payment
//! link opens the payment.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{DeliveryState, DeliveryView, PaymentId};

use crate::format;

/// A delivery's state as people say it.
pub fn delivery_state_label(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Stored => "Stored",
        DeliveryState::Processed => "Processed",
        DeliveryState::Rejected => "Rejected",
        DeliveryState::Ignored => "Ignored",
        DeliveryState::Waiting => "Waiting",
    }
}

/// The state in a coloured pill (the payments' colours).
pub fn delivery_state_badge(state: DeliveryState) -> View {
    let colour = match state {
        DeliveryState::Processed => "payment-applied",
        DeliveryState::Waiting => "payment-unmatched",
        DeliveryState::Rejected => "payment-failed",
        DeliveryState::Stored | DeliveryState::Ignored => "payment-pending",
    };
    let class = format!("badge {colour} delivery-{}", state.as_str());
    view! { span(class=class) { (delivery_state_label(state)) } }
}

/// `mpesa · stk`: the gateway, and the path it called.
pub fn delivery_source_text(d: &DeliveryView) -> String {
    let mut text = format!("{} · {}", d.gateway, d.hook);
    if let Some(source) = &d.source {
        text.push_str(&format!(" (via {source})"));
    }
    text
}

/// The deliveries given, or that there are none.
#[component(inline_props)]
pub fn DeliveryTable(
    deliveries: Vec<DeliveryView>,
    on_open: Rc<dyn Fn(i64)>,
    on_payment: Rc<dyn Fn(PaymentId)>,
) -> View {
    if deliveries.is_empty() {
        return view! {
            section(class="card empty-state", id="deliveries-table-empty") {
                p { "No gateway has sent anything that matches." }
            }
        };
    }
    let rows = deliveries
        .into_iter()
        .map(|d| {
            let (open, open_by_key) = (on_open.clone(), on_open.clone());
            let id = d.id;
            let when = format::local_time(&d.received_at);
            let source = delivery_source_text(&d);
            let verdict = d.verdict.clone().unwrap_or_else(|| "—".into());
            let payment = match d.payment_id {
                Some(pid) => {
                    let to_payment = on_payment.clone();
                    view! {
                        button(class="link", id=format!("delivery-payment-{id}"), on:click=move |e: web_sys::MouseEvent| {
                            // The payment, not the row's delivery.
                            e.stop_propagation();
                            to_payment(pid)
                        }) { (format!("Payment {pid}")) }
                    }
                }
                None => view! { "—" },
            };
            view! {
                tr(class="delivery-row", id=format!("delivery-{id}"), tabindex="0", data-state=d.state.as_str(),
                    on:click=move |_| open(id),
                    on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Enter" { open_by_key(id) }) {
                    td { (when) }
                    td { (source) }
                    td { (delivery_state_badge(d.state)) }
                    td(class="wrap") { (verdict) }
                    td { (payment) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="deliveries-table") {
                thead {
                    tr {
                        th { "Received" }
                        th { "Gateway" }
                        th { "State" }
                        th { "Verdict" }
                        th { "Payment" }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
