//! Unmatched payments: money in hand for nobody known yet. Each waits with a customer search
//! and "Assign", which gives it to that customer (who gets what it buys).

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{AssignArgs, AssignPayment, ListCustomers, ListCustomersArgs};
use tikbill_api::money::format_money;
use tikbill_api::{CustomerFilter, CustomerView, PaymentId, PaymentView};

use super::table::receipt_text;
use crate::format;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::till::method_label;

/// How many customers a row's search offers.
const SUGGESTIONS: u32 = 5;

/// The customer "Assign" gives the payment to: the one picked, else the only one found, else
/// the one whose user name is exactly what was typed.
pub fn assign_target(
    picked: Option<&CustomerView>,
    typed: &str,
    found: &[CustomerView],
) -> Option<CustomerView> {
    if let Some(c) = picked {
        return Some(c.clone());
    }
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    match found {
        [only] => Some(only.clone()),
        _ => found
            .iter()
            .find(|c| c.username.eq_ignore_ascii_case(typed))
            .cloned(),
    }
}

/// The unmatched payments, each with its own search and "Assign".
#[component(inline_props)]
pub fn UnmatchedList(
    payments: Vec<PaymentView>,
    scope: PageScope,
    on_assigned: Rc<dyn Fn(PaymentView)>,
    on_open: Rc<dyn Fn(PaymentId)>,
) -> View {
    if payments.is_empty() {
        return view! {
            section(class="card empty-state", id="unmatched-empty") {
                h2 { "Nothing unmatched" }
                p { "Every payment in hand has been given to a customer." }
            }
        };
    }
    let rows = payments
        .into_iter()
        .map(|p| {
            let (assigned, open) = (on_assigned.clone(), on_open.clone());
            view! { AssignRow(payment=p, scope=scope, on_assigned=assigned, on_open=open) }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="unmatched-table") {
                thead {
                    tr {
                        th { "When" }
                        th { "Receipt" }
                        th(class="num") { "Amount" }
                        th { "Method" }
                        th { "Reference" }
                        th { "Give to" }
                    }
                }
                tbody { (rows) }
            }
        }
    }
}

#[component(inline_props)]
fn AssignRow(
    payment: PaymentView,
    scope: PageScope,
    on_assigned: Rc<dyn Fn(PaymentView)>,
    on_open: Rc<dyn Fn(PaymentId)>,
) -> View {
    let id = payment.id;
    let query = create_signal(String::new());
    let found = create_signal(Vec::<CustomerView>::new());
    let picked = create_signal(None::<CustomerView>);
    let busy = create_signal(false);
    let error = create_signal(None::<String>);
    let request = create_signal(0u64);
    create_effect(move || {
        let typed = query.get_clone().trim().to_string();
        request.update(|n| *n += 1);
        let mine = request.get_untracked();
        // A pick fills the box with its user name: that is no new search.
        if picked.with_untracked(|p| p.as_ref().is_some_and(|c| c.username == typed)) {
            return;
        }
        picked.set(None);
        // What was found for other text is no answer for this one (Assign waits for it).
        found.set(Vec::new());
        if typed.is_empty() {
            return;
        }
        scope.spawn(async move {
            let filter = CustomerFilter {
                search: typed,
                page_size: SUGGESTIONS,
                ..CustomerFilter::default()
            };
            let answer = invoke::<ListCustomers>(&ListCustomersArgs { filter }).await;
            if request.get_untracked() == mine {
                match answer {
                    Ok(page) => found.set(page.items),
                    Err(e) => error.set(Some(e.message)),
                }
            }
        });
    });
    let assign = move || {
        let target = picked.with_untracked(|p| {
            found.with_untracked(|f| assign_target(p.as_ref(), &query.get_clone_untracked(), f))
        });
        let Some(customer) = target else {
            error.set(Some(
                "Type the customer's user name and pick them from the list.".into(),
            ));
            return;
        };
        let on_assigned = on_assigned.clone();
        busy.set(true);
        error.set(None);
        scope.spawn(async move {
            let args = AssignArgs {
                id,
                customer_id: customer.id,
            };
            let answer = invoke::<AssignPayment>(&args).await;
            busy.set(false);
            match answer {
                Ok(done) => on_assigned(done),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let suggestions = move || {
        if picked.with(Option::is_some) {
            return view! {};
        }
        let items = found
            .get_clone()
            .into_iter()
            .map(|c| {
                let text = if c.full_name.is_empty() {
                    c.username.clone()
                } else {
                    format!("{} ({})", c.username, c.full_name)
                };
                view! {
                    li(class="search-result", data-customer-id=c.id.to_string(), on:click=move |_| {
                        picked.set(Some(c.clone()));
                        query.set(c.username.clone());
                    }) { (text) }
                }
            })
            .collect::<Vec<_>>();
        if items.is_empty() {
            view! {}
        } else {
            view! { ul(class="search-results inline", id=format!("assign-results-{id}")) { (items) } }
        }
    };
    let when = format::local_time(&payment.created_at);
    let receipt = receipt_text(&payment);
    let amount = format_money(&payment.amount, &payment.currency);
    let method = method_label(payment.method);
    let reference = payment.reference.clone();
    view! {
        tr(class="unmatched-row", id=format!("unmatched-{id}")) {
            td { button(class="link", on:click=move |_| on_open(id)) { (when) } }
            td { code { (receipt) } }
            td(class="num") { (amount) }
            td { (method) }
            td { code { (reference) } }
            td(class="assign-cell") {
                form(class="assign-form", novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); assign() }) {
                    input(id=format!("assign-search-{id}"), r#type="search", autocomplete="off", aria-label="Customer",
                        placeholder="User name, phone or name", bind:value=query)
                    button(r#type="submit", class="primary small", id=format!("assign-{id}"), disabled=busy.get()) { "Assign" }
                }
                (suggestions())
                (match error.get_clone() {
                    Some(m) => view! { div(class="row-error") { (m) } },
                    None => view! {},
                })
            }
        }
    }
}
