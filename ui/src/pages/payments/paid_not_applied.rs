//! Payments paid but not applied: the money is in, the customer known, but what it buys was not
//! given (the process stopped halfway). "Apply" gives it now.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{ApplyPayment, ById};
use tikbill_api::money::format_money;
use tikbill_api::{PaymentId, PaymentView, Permission};

use super::table::{customer_text, receipt_text};
use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::allowed;
use crate::till::method_label;

/// The section, with an "Apply" per payment (for those who take payments).
#[component(inline_props)]
pub fn PaidNotApplied(
    /// `None` while read.
    #[prop(!optional)]
    payments: Option<Vec<PaymentView>>,
    scope: PageScope,
    on_applied: Rc<dyn Fn(PaymentView)>,
    on_open: Rc<dyn Fn(PaymentId)>,
) -> View {
    let body = match payments {
        None => view! { p(class="muted table-foot") { "Reading…" } },
        Some(list) if list.is_empty() => view! {
            p(class="muted table-foot", id="paid-not-applied-empty") { "None: every payment received has been applied." }
        },
        Some(list) => {
            let rows = list
                .into_iter()
                .map(|p| {
                    let (applied, open) = (on_applied.clone(), on_open.clone());
                    view! { ApplyRow(payment=p, scope=scope, on_applied=applied, on_open=open) }
                })
                .collect::<Vec<_>>();
            view! {
                table(id="paid-not-applied-table") {
                    thead {
                        tr {
                            th { "When" }
                            th { "Receipt" }
                            th { "Customer" }
                            th(class="num") { "Amount" }
                            th { "Method" }
                            th { "Reference" }
                            th {}
                        }
                    }
                    tbody { (rows) }
                }
            }
        }
    };
    view! {
        section(class="card table-card", id="paid-not-applied") {
            h2(class="table-title") { "Paid, not applied" }
            p(class="muted table-foot") { "Money in for a known customer whose time or credit was not given yet. Apply gives it now." }
            (body)
        }
    }
}

#[component(inline_props)]
fn ApplyRow(
    payment: PaymentView,
    scope: PageScope,
    on_applied: Rc<dyn Fn(PaymentView)>,
    on_open: Rc<dyn Fn(PaymentId)>,
) -> View {
    let id = payment.id;
    let busy = create_signal(false);
    let error = create_signal(None::<String>);
    let apply = move |_| {
        let on_applied = on_applied.clone();
        busy.set(true);
        error.set(None);
        scope.spawn(async move {
            let answer = invoke::<ApplyPayment>(&ById { id }).await;
            busy.set(false);
            match answer {
                Ok(done) => on_applied(done),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let button = if allowed(Permission::TakePayments) {
        view! { button(class="primary small", id=format!("apply-{id}"), disabled=busy.get(), on:click=apply) { "Apply" } }
    } else {
        view! {}
    };
    let when = format::local_time(&payment.created_at);
    let amount = format_money(&payment.amount, &payment.currency);
    let (receipt, customer) = (receipt_text(&payment), customer_text(&payment));
    let (method, reference) = (method_label(payment.method), payment.reference);
    view! {
        tr(class="paid-row", id=format!("paid-{id}")) {
            td { button(class="link", on:click=move |_| on_open(id)) { (when) } }
            td { code { (receipt) } }
            td(class="name") { (customer) }
            td(class="num") { (amount) }
            td { (method) }
            td { code { (reference) } }
            td {
                (button)
                (match error.get_clone() {
                    Some(m) => view! { div(class="row-error") { (m) } },
                    None => view! {},
                })
            }
        }
    }
}
