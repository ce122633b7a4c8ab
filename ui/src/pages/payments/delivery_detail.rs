//! One delivery: its facts, the headers and body the gateway sent, and "Process again".

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{DeliveryDetail, PaymentId, Permission};

use super::delivery_table::{delivery_source_text, delivery_state_badge};
use crate::components::notice::Notice;
use crate::format;
use crate::state::allowed;

/// The delivery, with what it carried.
#[component(inline_props)]
pub fn DeliveryDetailView(
    detail: DeliveryDetail,
    /// What the last "Process again" came to.
    #[prop(!optional)]
    said: Option<Notice>,
    busy: bool,
    on_back: Rc<dyn Fn()>,
    on_process: Rc<dyn Fn()>,
    on_payment: Rc<dyn Fn(PaymentId)>,
) -> View {
    let DeliveryDetail {
        delivery: d,
        headers,
        body_text,
    } = detail;
    let title = format!("Delivery {} · {}", d.id, delivery_source_text(&d));
    let received = format::local_time(&d.received_at);
    let processed = d
        .processed_at
        .as_deref()
        .map(format::local_time)
        .unwrap_or_else(|| "Not yet".into());
    let verdict = d.verdict.clone().unwrap_or_else(|| "—".into());
    let payment = match d.payment_id {
        Some(pid) => view! {
            button(class="link", id="delivery-payment", on:click=move |_| on_payment(pid)) { (format!("Payment {pid}")) }
        },
        None => view! { "—" },
    };
    let size = format::bytes(d.body_bytes as u64);
    let said = match said {
        Some(Notice::Success(t)) => {
            view! { div(class="notice success", id="delivery-said", role="status") { span { (t) } } }
        }
        Some(Notice::Warning(t)) => {
            view! { div(class="notice warning", id="delivery-said", role="status") { span { (t) } } }
        }
        Some(Notice::Error(t)) => {
            view! { div(class="notice error", id="delivery-said", role="status") { span { (t) } } }
        }
        None => view! {},
    };
    let header_rows = headers
        .into_iter()
        .map(|(name, value)| {
            view! { tr { td { code { (name) } } td(class="wrap") { (value) } } }
        })
        .collect::<Vec<_>>();
    let process = if allowed(Permission::TakePayments) {
        view! {
            button(class="primary", id="delivery-process", disabled=busy, on:click=move |_| on_process()) {
                (if busy { "Processing…" } else { "Process again" })
            }
        }
    } else {
        view! {}
    };
    view! {
        div(id="delivery-detail") {
            div(class="detail-nav") {
                button(class="link", id="delivery-back", on:click=move |_| on_back()) { "← Deliveries" }
            }
            section(class="card", id="delivery-summary") {
                div(class="card-title-row") {
                    h2 { (title) }
                    span(id="delivery-state") { (delivery_state_badge(d.state)) }
                }
                dl(class="facts") {
                    dt { "Received" } dd { (received) }
                    dt { "From" } dd { code { (d.remote_addr.clone()) } }
                    dt { "Verdict" } dd(id="delivery-verdict") { (verdict) }
                    dt { "Payment" } dd { (payment) }
                    dt { "Processed" } dd { (processed) }
                    dt { "Attempts" } dd { (d.attempts.to_string()) }
                    dt { "Body" } dd { (size) }
                }
                (said)
                div(class="customer-actions") { (process) }
            }
            section(class="card table-card", id="delivery-headers") {
                h2(class="table-title") { "Headers" }
                table {
                    thead { tr { th { "Name" } th { "Value" } } }
                    tbody { (header_rows) }
                }
            }
            section(class="card") {
                h2 { "Body" }
                pre(class="delivery-body", id="delivery-body") { (body_text) }
            }
        }
    }
}
