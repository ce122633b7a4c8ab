//! The Payments page's filter bar: dates, method, state, cashier and customer.

use sycamore::prelude::*;
use tikbill_api::{
    CustomerId, FieldError, PaymentFilter, PaymentId, PaymentMethod, PaymentState, StaffId,
};

use super::table::state_label;
use crate::components::field::FieldMessage;
use crate::till::method_label;

/// The filters as chosen (the customer already found by their user name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentCriteria {
    /// "YYYY-MM-DD", office time.
    pub from: Option<String>,
    pub to: Option<String>,
    pub method: Option<PaymentMethod>,
    pub state: Option<PaymentState>,
    pub cashier: Option<StaffId>,
    pub customer_id: Option<CustomerId>,
}

impl PaymentCriteria {
    /// The backend's filter for one page after `before_id`.
    pub fn filter(&self, before_id: Option<PaymentId>, limit: u32) -> PaymentFilter {
        PaymentFilter {
            customer_id: self.customer_id,
            from: self.from.clone(),
            to: self.to.clone(),
            method: self.method,
            state: self.state,
            cashier: self.cashier,
            before_id,
            limit: Some(limit),
        }
    }
}

/// The bar's fields as typed.
#[derive(Clone, Copy)]
pub struct PaymentFilterForm {
    pub from: Signal<String>,
    pub to: Signal<String>,
    /// A [`PaymentMethod`] name, or empty for all.
    pub method: Signal<String>,
    /// A [`PaymentState`] name, or empty for all.
    pub state: Signal<String>,
    /// A staff id, or empty for everyone.
    pub cashier: Signal<String>,
    /// A customer's user name, or empty for all.
    pub customer: Signal<String>,
    pub errors: Signal<Vec<FieldError>>,
    /// The people the cashier filter offers: `(id, name)`.
    pub people: Signal<Vec<(String, String)>>,
}

impl PaymentFilterForm {
    pub fn new() -> Self {
        Self {
            from: create_signal(String::new()),
            to: create_signal(String::new()),
            method: create_signal(String::new()),
            state: create_signal(String::new()),
            cashier: create_signal(String::new()),
            customer: create_signal(String::new()),
            errors: create_signal(Vec::new()),
            people: create_signal(Vec::new()),
        }
    }

    /// The criteria as typed; the customer's id is found apart (`customer_id`).
    pub fn criteria(self, customer_id: Option<CustomerId>) -> PaymentCriteria {
        let text = |s: Signal<String>| {
            Some(s.get_clone_untracked().trim().to_string()).filter(|t| !t.is_empty())
        };
        PaymentCriteria {
            from: text(self.from),
            to: text(self.to),
            method: text(self.method).and_then(|m| PaymentMethod::parse(&m)),
            state: text(self.state).and_then(|s| PaymentState::parse(&s)),
            cashier: text(self.cashier).and_then(|c| c.parse().ok()),
            customer_id,
        }
    }

    pub fn clear(self) {
        batch(|| {
            for s in [
                self.from,
                self.to,
                self.method,
                self.state,
                self.cashier,
                self.customer,
            ] {
                s.set(String::new());
            }
            self.errors.set(Vec::new());
        });
    }
}

impl Default for PaymentFilterForm {
    fn default() -> Self {
        Self::new()
    }
}

/// The filter bar; `on_apply` runs on "Show" (or Enter), `on_clear` on "Clear".
#[component(inline_props)]
pub fn PaymentFilterBar(
    form: PaymentFilterForm,
    on_apply: std::rc::Rc<dyn Fn()>,
    on_clear: std::rc::Rc<dyn Fn()>,
) -> View {
    let methods = PaymentMethod::ALL
        .into_iter()
        .map(|m| view! { option(value=m.as_str()) { (method_label(m)) } })
        .collect::<Vec<_>>();
    let states = PaymentState::ALL
        .into_iter()
        .map(|s| view! { option(value=s.as_str()) { (state_label(s)) } })
        .collect::<Vec<_>>();
    let people = move || {
        form.people
            .get_clone()
            .into_iter()
            .map(|(id, name)| view! { option(value=id) { (name) } })
            .collect::<Vec<_>>()
    };
    view! {
        form(class="filter-bar payment-filters", id="payment-filters", novalidate=true,
            on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); on_apply() }) {
            label(class="filter-days") { "From " input(id="payments-from", r#type="date", aria-label="From", bind:value=form.from) }
            label(class="filter-days") { "to " input(id="payments-to", r#type="date", aria-label="To", bind:value=form.to) }
            select(id="payments-method", aria-label="Method", bind:value=form.method) {
                option(value="") { "All methods" }
                (methods)
            }
            select(id="payments-state", aria-label="State", bind:value=form.state) {
                option(value="") { "All states" }
                (states)
            }
            select(id="payments-cashier", aria-label="Recorded by", bind:value=form.cashier) {
                option(value="") { "Everyone" }
                (people())
            }
            span(class="filter-customer") {
                input(id="payments-customer", r#type="search", aria-label="Customer", placeholder="Customer user name",
                    bind:value=form.customer)
                FieldMessage(name="customer", errors=*form.errors)
            }
            button(r#type="submit", class="primary small", id="payments-apply") { "Show" }
            button(r#type="button", class="small", id="payments-clear", on:click=move |_| on_clear()) { "Clear" }
        }
    }
}
