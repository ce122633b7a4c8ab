//! A customer's money on their page: the credit they hold and their payments, with "Take
//! payment" straight at the confirm step for them.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{ById, CustomerCredit, CustomerPushes, ListPayments, WithInput};
use tikbill_api::money::format_money;
use tikbill_api::{CustomerId, MpesaPushView, PaymentFilter, PaymentId, PaymentView, Permission};

use super::pushes::CustomerPushes as PushTable;
use super::CustomersPageState;
use crate::components::take_payment::is_zero;
use crate::ipc::invoke;
use crate::pages::payments::PaymentTable;
use crate::state::allowed;

/// How many of a customer's payments their page shows.
const SHOWN: u32 = 20;

/// "KES 500.00 · USD 2.00", or "None" when they hold no credit.
pub fn credit_text(credit: &[(String, String)]) -> String {
    let held = credit
        .iter()
        .filter(|(_, amount)| !is_zero(amount))
        .map(|(currency, amount)| format_money(amount, currency))
        .collect::<Vec<_>>();
    if held.is_empty() {
        "None".into()
    } else {
        held.join(" · ")
    }
}

impl CustomersPageState {
    /// Reads customer `id`'s credit, latest payments and M-Pesa pushes.
    pub fn load_money(self, id: CustomerId) {
        self.scope.spawn(async move {
            // The pushes are a footnote to the payments: unreadable, they are left out.
            let pushes = invoke::<CustomerPushes>(&ById { id }).await;
            if self.open.get_untracked() == Some(id) {
                self.pushes.set(Some(pushes.unwrap_or_default()));
            }
        });
        self.scope.spawn(async move {
            let credit = invoke::<CustomerCredit>(&ById { id }).await;
            if self.open.get_untracked() == Some(id) {
                self.credit.set(Some(credit.map_err(|e| e.message)));
            }
        });
        self.scope.spawn(async move {
            let filter = PaymentFilter {
                customer_id: Some(id),
                limit: Some(SHOWN),
                ..PaymentFilter::default()
            };
            let payments = invoke::<ListPayments>(&WithInput { input: filter }).await;
            if self.open.get_untracked() == Some(id) {
                self.payments.set(Some(
                    payments.map(|page| page.payments).map_err(|e| e.message),
                ));
            }
        });
    }
}

/// The "Payments" section of a customer's page.
#[component(inline_props)]
pub fn CustomerMoney(
    /// Per currency; `None` while read.
    #[prop(!optional)]
    credit: Option<Result<super::Credit, String>>,
    /// The latest payments; `None` while read.
    #[prop(!optional)]
    payments: Option<Result<Vec<PaymentView>, String>>,
    /// The latest M-Pesa pushes to them (the table is left out when there are none).
    #[prop(default)]
    pushes: Vec<MpesaPushView>,
    on_take: Rc<dyn Fn()>,
    /// "Request M-Pesa payment" (the button shows when given).
    on_request: Option<Rc<dyn Fn()>>,
    on_open: Rc<dyn Fn(PaymentId)>,
) -> View {
    let credit = match credit {
        None => "…".to_string(),
        Some(Ok(held)) => credit_text(&held),
        Some(Err(message)) => message,
    };
    let list = match payments {
        None => view! { p(class="muted") { "Reading payments…" } },
        Some(Err(message)) => view! { div(class="notice error") { (message) } },
        Some(Ok(list)) => view! {
            PaymentTable(payments=list, id="customer-payments-table", empty="No payments yet.", on_open=on_open)
        },
    };
    let take = if allowed(Permission::TakePayments) {
        let request = match on_request {
            Some(request) => view! {
                button(id="customer-request-mpesa", on:click=move |_| request()) { "Request M-Pesa payment" }
            },
            None => view! {},
        };
        view! {
            div(class="customer-actions") {
                (request)
                button(class="primary", id="customer-take-payment", on:click=move |_| on_take()) { "Take payment" }
            }
        }
    } else {
        view! {}
    };
    view! {
        section(class="card", id="customer-payments") {
            div(class="card-title-row") {
                h2 { "Payments" }
                (take)
            }
            dl(class="facts") {
                dt { "Credit" } dd(id="customer-credit") { (credit) }
            }
            (list)
            PushTable(pushes=pushes)
        }
    }
}
