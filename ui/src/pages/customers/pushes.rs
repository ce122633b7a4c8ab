//! A customer's M-Pesa pushes ("Request M-Pesa payment"): where each stands, in words, and the
//! small table of the latest ones on their page.

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{MpesaPushView, PushState};

use crate::format;

/// How many pushes the customer's page lists.
const SHOWN: usize = 5;

/// Whether the customer has yet to answer the push (the dialog keeps asking).
pub fn push_waiting(state: PushState) -> bool {
    matches!(state, PushState::Sending | PushState::Pending)
}

/// A push's state as people say it.
pub fn push_state_label(state: PushState) -> &'static str {
    match state {
        PushState::Sending => "Sending",
        PushState::Pending => "Waiting",
        PushState::Paid => "Paid",
        PushState::Failed => "Not paid",
        PushState::Expired => "Expired",
        PushState::Refused => "Refused",
    }
}

/// The state in a coloured pill, in the payments' colours.
pub fn push_state_badge(state: PushState) -> View {
    let class = match state {
        PushState::Paid => "badge payment-applied",
        PushState::Sending | PushState::Pending => "badge payment-unmatched",
        PushState::Failed | PushState::Expired | PushState::Refused => "badge payment-failed",
    };
    view! { span(class=class) { (push_state_label(state)) } }
}

/// The one line the dialog shows: waiting, paid, or why not.
pub fn push_status_text(push: &MpesaPushView) -> String {
    match push.state {
        PushState::Sending | PushState::Pending => {
            format!("Waiting for {} to confirm on the phone…", push.phone)
        }
        PushState::Paid => {
            let receipt = push.receipt.clone().unwrap_or_else(|| "—".into());
            match push.payment_id {
                Some(id) => format!("Paid: receipt {receipt} (payment {id})"),
                None => format!("Paid: receipt {receipt}"),
            }
        }
        PushState::Failed => format!("Not paid: {}", push_result(push)),
        PushState::Expired => format!(
            "Not paid: nobody answered the request ({})",
            push_result(push)
        ),
        PushState::Refused => format!(
            "Not paid: M-Pesa refused the request ({})",
            push_result(push)
        ),
    }
}

/// Daraja's words, or a dash.
fn push_result(push: &MpesaPushView) -> String {
    push.result
        .clone()
        .unwrap_or_else(|| "no reason given".into())
}

/// The result column: the receipt once paid, else what M-Pesa said.
fn result_cell(push: &MpesaPushView) -> String {
    match (&push.receipt, &push.result) {
        (Some(receipt), _) => receipt.clone(),
        (None, Some(result)) => result.clone(),
        (None, None) => "—".into(),
    }
}

/// The latest pushes to the customer; nothing at all when there are none.
#[component(inline_props)]
pub fn CustomerPushes(pushes: Vec<MpesaPushView>) -> View {
    if pushes.is_empty() {
        return view! {};
    }
    let rows = pushes
        .into_iter()
        .take(SHOWN)
        .map(|p| {
            let when = format::local_time(&p.created_at);
            let amount = format_money(&p.amount, &p.currency);
            let result = result_cell(&p);
            view! {
                tr(id=format!("push-{}", p.id)) {
                    td { (when) }
                    td { code { (p.phone.clone()) } }
                    td(class="num") { (amount) }
                    td { (push_state_badge(p.state)) }
                    td(class="wrap") { (result) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        div(class="table-scroll pushes") {
            h3 { "M-Pesa requests" }
            table(id="customer-pushes") {
                thead {
                    tr {
                        th { "When" }
                        th { "Phone" }
                        th(class="num") { "Amount" }
                        th { "State" }
                        th { "Receipt or result" }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
