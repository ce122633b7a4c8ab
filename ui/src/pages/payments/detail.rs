//! One payment: what it was, its whole history (every move from state to state: who, when,
//! why), its receipt, and "Reverse…" for an applied payment (owners and managers).

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{
    FieldError, PaymentState, PaymentTransitionView, PaymentView, PdfFile, Permission,
};

use super::table::{customer_text, receipt_text, state_badge, state_label};
use crate::components::field::FieldMessage;
use crate::components::modal::focus_on_mount;
use crate::components::shift_box::ReportLine;
use crate::components::take_payment::is_zero;
use crate::format;
use crate::state::allowed;
use crate::till::method_label;

/// "Reverse…": the reason asked, then confirmed.
#[derive(Clone, Copy)]
pub struct ReverseState {
    pub open: Signal<bool>,
    pub reason: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    pub busy: Signal<bool>,
}

impl ReverseState {
    pub fn new() -> Self {
        Self {
            open: create_signal(false),
            reason: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            busy: create_signal(false),
        }
    }

    pub fn start(self) {
        batch(|| {
            self.reason.set(String::new());
            self.errors.set(Vec::new());
            self.open.set(true);
        });
    }

    /// The reason typed, or the refusal to show under it.
    pub fn reason(self) -> Result<String, FieldError> {
        let reason = self.reason.get_clone_untracked().trim().to_string();
        if reason.is_empty() {
            return Err(FieldError {
                field: "reason".into(),
                message: "Say why the payment is reversed: the reason is kept in its history."
                    .into(),
            });
        }
        Ok(reason)
    }
}

impl Default for ReverseState {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether the person signed in may reverse `payment` now: it is applied, and they have
/// [`Permission::ReversePayments`].
pub fn may_reverse(payment: &PaymentView) -> bool {
    payment.state == PaymentState::Applied && allowed(Permission::ReversePayments)
}

/// "Applied → Reversed", or "Created as Applied".
pub fn transition_text(t: &PaymentTransitionView) -> String {
    match t.from {
        Some(from) => format!("{} → {}", state_label(from), state_label(t.to)),
        None => format!("Created as {}", state_label(t.to)),
    }
}

/// The payment, its history and its buttons.
#[component(inline_props)]
pub fn PaymentDetail(
    payment: PaymentView,
    #[prop(!optional)] receipt: Option<Result<PdfFile, String>>,
    reverse: ReverseState,
    on_back: Rc<dyn Fn()>,
    on_print: Rc<dyn Fn()>,
    /// With the reason typed.
    on_reverse: Rc<dyn Fn(String)>,
) -> View {
    let amount = format_money(&payment.amount, &payment.currency);
    let receipt_no = receipt_text(&payment);
    let customer = customer_text(&payment);
    let credit = |a: &str| {
        if is_zero(a) {
            "—".to_string()
        } else {
            format_money(a, &payment.currency)
        }
    };
    let (credit_added, credit_used) = (credit(&payment.credit_added), credit(&payment.credit_used));
    let when = format::local_time(&payment.created_at);
    let shift = payment
        .shift_id
        .map(|s| format!("#{s}"))
        .unwrap_or_else(|| "—".into());
    let history = payment
        .transitions
        .iter()
        .map(|t| {
            let (moved, when, who, why) = (
                transition_text(t),
                format::local_time(&t.at),
                t.actor.clone(),
                t.reason.clone(),
            );
            view! {
                tr(class="transition-row") {
                    td { (moved) }
                    td { (who) }
                    td { (when) }
                    td(class="wrap") { (why) }
                }
            }
        })
        .collect::<Vec<_>>();
    let can_reverse = may_reverse(&payment);
    let has_receipt = payment.receipt_number.is_some();
    let confirm_text = format!(
        "Reverse {receipt_no}, {amount} for {customer}? The time and credit it gave are taken back; the payment stays in the ledger as reversed."
    );
    let reverse_panel = move || {
        if !reverse.open.get() {
            return view! {};
        }
        let on_reverse = on_reverse.clone();
        let text = confirm_text.clone();
        let field = create_node_ref();
        focus_on_mount(field);
        view! {
            form(class="notice warning stacked", id="reverse-panel", novalidate=true,
                on:submit=move |e: web_sys::SubmitEvent| {
                    e.prevent_default();
                    match reverse.reason() {
                        Ok(reason) => on_reverse(reason),
                        Err(refusal) => reverse.errors.set(vec![refusal]),
                    }
                }) {
                p { (text) }
                label(class="field") {
                    span(class="field-label") { "Reason" }
                    input(id="reverse-reason", name="reason", placeholder="Paid twice by mistake", r#ref=field, bind:value=reverse.reason)
                    FieldMessage(name="reason", errors=*reverse.errors)
                }
                div(class="actions") {
                    button(r#type="submit", class="danger", id="reverse-confirm", disabled=reverse.busy.get()) { "Reverse payment" }
                    button(r#type="button", id="reverse-cancel", on:click=move |_| reverse.open.set(false)) { "Keep it" }
                }
            }
        }
    };
    let title = format!("{receipt_no} · {amount}");
    view! {
        div(id="payment-page") {
            div(class="detail-nav") {
                button(class="link", id="payments-back", on:click=move |_| on_back()) { "← All payments" }
            }
            section(class="card", id="payment-summary") {
                div(class="card-title-row") {
                    h2(id="payment-title") { (title) }
                    span(id="payment-state") { (state_badge(payment.state)) }
                }
                dl(class="facts") {
                    dt { "Customer" } dd(id="payment-customer") { (customer.clone()) }
                    dt { "Amount" } dd(id="payment-amount") { (amount.clone()) }
                    dt { "Method" } dd { (method_label(payment.method)) }
                    dt { "Reference" } dd { code { (payment.reference.clone()) } }
                    dt { "Periods" } dd { (payment.periods.to_string()) }
                    dt { "Credit added" } dd { (credit_added) }
                    dt { "Credit used" } dd { (credit_used) }
                    dt { "Recorded" } dd { (format!("{when} by {}", payment.recorded_by)) }
                    dt { "Shift" } dd { (shift) }
                }
                ReportLine(report=receipt, id="payment-receipt-path")
                div(class="customer-actions") {
                    (if has_receipt {
                        let print = on_print.clone();
                        view! { button(id="payment-print-receipt", on:click=move |_| print()) { "Print receipt" } }
                    } else {
                        view! {}
                    })
                    (if can_reverse {
                        view! { button(class="danger-outline", id="reverse-payment", disabled=reverse.open.get(), on:click=move |_| reverse.start()) { "Reverse…" } }
                    } else {
                        view! {}
                    })
                }
            }
            (reverse_panel())
            section(class="card table-card", id="payment-history") {
                h2(class="table-title") { "History" }
                table(class="log-table") {
                    thead { tr { th { "Move" } th { "Who" } th { "When" } th { "Why" } } }
                    tbody { (history) }
                }
            }
        }
    }
}
