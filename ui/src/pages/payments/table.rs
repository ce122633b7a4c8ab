//! Payments as a table, newest first; a row opens the payment.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{receipt_label, PaymentId, PaymentState, PaymentTotals, PaymentView};

use crate::format;
use crate::till::method_label;

/// A payment's state as people say it.
pub fn state_label(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Pending => "Pending",
        PaymentState::Paid => "Paid",
        PaymentState::Failed => "Failed",
        PaymentState::Unmatched => "Unmatched",
        PaymentState::Applied => "Applied",
        PaymentState::Reversed => "Reversed",
    }
}

/// `Applied` in a coloured pill (`badge payment-applied`).
pub fn state_badge(state: PaymentState) -> View {
    let class = format!("badge payment-{}", state.as_str());
    view! { span(class=class) { (state_label(state)) } }
}

/// `R-000042`, or a dash for money not yet in hand.
pub fn receipt_text(payment: &PaymentView) -> String {
    payment
        .receipt_number
        .map(receipt_label)
        .unwrap_or_else(|| "—".into())
}

/// How it was paid, with the gateway's own reference for money a gateway reported
/// ("Mobile money · mpesa TKQ7M2XJ4P"): what the customer's SMS or the gateway's dashboard shows.
pub fn method_text(payment: &PaymentView) -> String {
    let method = method_label(payment.method);
    if payment.gateway == "manual" || payment.gateway.is_empty() {
        method.to_string()
    } else {
        format!("{method} · {} {}", payment.gateway, payment.reference)
    }
}

/// The customer a payment is for, or that it waits for one.
pub fn customer_text(payment: &PaymentView) -> String {
    payment
        .customer_username
        .clone()
        .unwrap_or_else(|| "— (unmatched)".into())
}

/// The payments given, or why there are none. `id` names the table (`payments-table`).
#[component(inline_props)]
pub fn PaymentTable(
    payments: Vec<PaymentView>,
    id: &'static str,
    /// What the empty table says.
    #[prop(default = "No payments match.")]
    empty: &'static str,
    on_open: Rc<dyn Fn(PaymentId)>,
) -> View {
    if payments.is_empty() {
        return view! {
            section(class="card empty-state", id=format!("{id}-empty")) { p { (empty) } }
        };
    }
    let rows = payments
        .into_iter()
        .map(|p| {
            let (open, open_by_key) = (on_open.clone(), on_open.clone());
            let id = p.id;
            let when = format::local_time(&p.created_at);
            let amount = format_money(&p.amount, &p.currency);
            let (receipt, customer, method) = (receipt_text(&p), customer_text(&p), method_text(&p));
            view! {
                tr(class="payment-row", id=format!("payment-{id}"), tabindex="0",
                    on:click=move |_| open(id),
                    on:keydown=move |e: web_sys::KeyboardEvent| if e.key() == "Enter" { open_by_key(id) }) {
                    td { (when) }
                    td { code { (receipt) } }
                    td(class="name") { (customer) }
                    td(class="num") { (amount) }
                    td { (method) }
                    td { (state_badge(p.state)) }
                    td { (p.recorded_by.clone()) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id=id) {
                thead {
                    tr {
                        th { "When" }
                        th { "Receipt" }
                        th { "Customer" }
                        th(class="num") { "Amount" }
                        th { "Method" }
                        th { "State" }
                        th { "Recorded by" }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}

/// "Taken: KES 3,020.00 (2) — cash KES 1,520.00, mobile money KES 1,500.00 · reversed
/// KES 500.00 (1)", one line per currency.
pub fn totals_text(totals: &PaymentTotals) -> Vec<String> {
    totals
        .currencies
        .iter()
        .map(|c| {
            let money = |amount: &str| format_money(amount, &c.currency);
            let methods: Vec<String> = c
                .methods
                .iter()
                .filter(|m| m.taken.count > 0)
                .map(|m| {
                    format!(
                        "{} {}",
                        method_label(m.method).to_lowercase(),
                        money(&m.taken.amount)
                    )
                })
                .collect();
            let mut line = format!("Taken: {} ({})", money(&c.taken.amount), c.taken.count);
            if !methods.is_empty() {
                line.push_str(&format!(" — {}", methods.join(", ")));
            }
            if c.reversed.count > 0 {
                line.push_str(&format!(
                    " · reversed {} ({})",
                    money(&c.reversed.amount),
                    c.reversed.count
                ));
            }
            line
        })
        .collect()
}

/// The totals of the filtered payments, or nothing while they are read.
#[component(inline_props)]
pub fn PaymentTotalsLine(#[prop(!optional)] totals: Option<PaymentTotals>) -> View {
    match totals {
        None => view! {},
        Some(t) if t.currencies.is_empty() => {
            view! { p(class="totals muted", id="payments-totals") { "No money taken in these payments." } }
        }
        Some(t) => {
            let lines: Vec<View> = totals_text(&t)
                .into_iter()
                .map(|line| view! { div { (line) } })
                .collect();
            view! { div(class="totals", id="payments-totals") { (lines) } }
        }
    }
}
