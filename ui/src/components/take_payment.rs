//! "Take payment" (F2): find the customer (arrow keys and Enter), confirm one period of their
//! plan in cash or change it, record; then the receipt. Open, pick, confirm: three clicks or
//! three keys.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{receipt_label, CustomerView, PaymentState, PaymentView, PdfFile};

use crate::components::field::{FieldMessage, SelectField, TextField};
use crate::components::modal::{focus_on_mount, Modal};
use crate::components::shift_box::{FormMessage, ReportLine};
use crate::pages::customers::{expiry_text, status_badge};
use crate::till::{counter_methods, method_label, needs_shift, TakeStep, Till};

/// Whether an exact amount is zero ("0", "0.00").
pub fn is_zero(amount: &str) -> bool {
    amount
        .trim()
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
}

/// The dialog, over whatever page is shown, while it is open.
#[component]
pub fn TakePaymentDialog() -> View {
    let till = use_context::<Till>();
    let close: Rc<dyn Fn()> = Rc::new(move || till.close_take_payment());
    view! {
        (match till.take.step.get_clone() {
            None => view! {},
            Some(step) => {
                let title = match &step {
                    TakeStep::Search => "Take payment".to_string(),
                    TakeStep::Confirm(c) => format!("Take payment from {}", c.username),
                    TakeStep::Done(..) => "Payment recorded".to_string(),
                };
                let body = match step {
                    TakeStep::Search => view! { CustomerSearch {} },
                    TakeStep::Confirm(customer) => view! { ConfirmPayment(customer=*customer) },
                    TakeStep::Done(done) => {
                        let (payment, customer) = *done;
                        view! { Recorded(payment=payment, customer=customer) }
                    }
                };
                let close = close.clone();
                view! { Modal(id="take-payment-dialog", title=title, on_close=close) { (body) } }
            }
        })
    }
}

/// Step 1: the search box (focused) and the customers it finds.
#[component]
fn CustomerSearch() -> View {
    let till = use_context::<Till>();
    let take = till.take;
    let input = create_node_ref();
    focus_on_mount(input);
    create_effect(move || {
        let query = take.query.get_clone();
        till.search(query);
    });
    let keys = move |e: web_sys::KeyboardEvent| match e.key().as_str() {
        "ArrowDown" => {
            e.prevent_default();
            till.move_highlight(1);
        }
        "ArrowUp" => {
            e.prevent_default();
            till.move_highlight(-1);
        }
        "Enter" => {
            e.prevent_default();
            till.pick_highlighted();
        }
        _ => {}
    };
    view! {
        div(class="take-search") {
            input(id="take-payment-search", class="search", r#type="search", autocomplete="off",
                aria-label="Find the customer", aria-controls="take-payment-results",
                placeholder="User name, phone or name", r#ref=input, bind:value=take.query, on:keydown=keys)
            (move || {
                let (results, highlighted) = (take.results.get_clone(), take.highlighted.get());
                let typed = !take.query.with(|q| q.trim().is_empty());
                view! {
                    CustomerResults(results=results, highlighted=highlighted, typed=typed,
                        on_pick=Rc::new(move |c: CustomerView| till.pick(c)))
                }
            })
            FormMessage(message=take.message, id="take-payment-error")
        }
    }
}

/// The customers found, the highlighted one marked (↑ ↓ move, Enter picks, a click picks).
#[component(inline_props)]
pub fn CustomerResults(
    results: Vec<CustomerView>,
    highlighted: usize,
    /// Something is typed (else the hint shows).
    typed: bool,
    on_pick: Rc<dyn Fn(CustomerView)>,
) -> View {
    if !typed {
        return view! { p(class="muted", id="take-payment-hint") { "Type a user name, phone number or name. ↑ ↓ to choose, Enter to pick." } };
    }
    if results.is_empty() {
        return view! { p(class="muted", id="take-payment-none") { "No customer matches." } };
    }
    let rows = results
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let class = if i == highlighted {
                "search-result highlighted"
            } else {
                "search-result"
            };
            let pick = on_pick.clone();
            let detail = [
                c.full_name.clone(),
                c.phone.clone().unwrap_or_default(),
                c.profile_name.clone(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
            let (username, status) = (c.username.clone(), c.status);
            view! {
                li(class=class, id=format!("take-payment-result-{i}"), role="option",
                    aria-selected=(i == highlighted).to_string(), data-customer-id=c.id.to_string(),
                    on:click=move |_| pick(c.clone())) {
                    span(class="result-name") { (username) }
                    span(class="result-detail") { (detail) }
                    (status_badge(status))
                }
            }
        })
        .collect::<Vec<_>>();
    view! { ul(class="search-results", id="take-payment-results", role="listbox") { (rows) } }
}

/// Step 2: one period of the plan, in cash, prefilled; Enter records it.
#[component(inline_props)]
fn ConfirmPayment(customer: CustomerView) -> View {
    let till = use_context::<Till>();
    let take = till.take;
    let errors = *take.errors;
    let methods = create_signal(counter_methods());
    let amount = create_node_ref();
    focus_on_mount(amount);
    let following = customer.clone();
    create_effect(move || {
        take.periods.track();
        take.periods_changed(&following);
    });
    let plan = match take.plan_of(&customer) {
        Some(p) => format!(
            "{} · {} for {}",
            p.name,
            format_money(&p.price, &p.currency),
            p.duration_unit.describe(p.duration_value)
        ),
        None => customer.profile_name.clone(),
    };
    let expiry = expiry_text(&customer);
    let for_submit = customer.clone();
    let needs_shift = move || errors.with(|e| needs_shift(e));
    view! {
        form(novalidate=true, id="take-payment-form", on:submit=move |e: web_sys::SubmitEvent| {
            e.prevent_default();
            till.confirm(for_submit.clone());
        }) {
            dl(class="facts") {
                dt { "Customer" } dd(id="take-payment-customer") { (format!("{} ({})", customer.username, customer.full_name)) }
                dt { "Plan" } dd(id="take-payment-plan") { (plan) }
                dt { "Expiry" } dd { (expiry) }
            }
            div(class="form-grid two") {
                TextField(name="periods", label="Periods", value=take.periods, errors=errors, id="take-payment-periods",
                    hint="The amount follows the plan's price")
                label(class=move || if errors.with(|e| e.iter().any(|f| f.field == "amount")) { "field invalid" } else { "field" }) {
                    span(class="field-label") { "Amount" }
                    input(id="take-payment-amount", name="amount", inputmode="decimal", r#ref=amount, bind:value=take.amount)
                    FieldMessage(name="amount", errors=errors)
                }
                TextField(name="currency", label="Currency", value=take.currency, errors=errors, id="take-payment-currency")
                SelectField(name="method", label="Method", id="take-payment-method", value=take.method, errors=errors, options=*methods)
                TextField(name="reference", label="Reference (optional)", value=take.reference, errors=errors, id="take-payment-reference",
                    hint="A transfer or M-Pesa code; empty: tikbill makes one")
            }
            (if needs_shift() {
                view! {
                    div(class="notice warning", id="take-payment-needs-shift") {
                        span { "Cash goes into a cashier's drawer: open your shift, then record the payment." }
                        button(r#type="button", class="primary", id="take-payment-open-shift", on:click=move |_| till.open_shift_form()) { "Open shift" }
                    }
                }
            } else {
                view! {}
            })
            FormMessage(message=take.message, id="take-payment-error")
            div(class="form-actions") {
                button(r#type="submit", class="primary", id="take-payment-confirm", disabled=take.busy.get()) {
                    (if take.busy.get() { "Recording…" } else { "Record payment" })
                }
                button(r#type="button", id="take-payment-back", on:click=move |_| take.step.set(Some(TakeStep::Search))) { "Another customer" }
            }
        }
    }
}

/// Step 3: what was recorded, with "Print receipt" focused.
#[component(inline_props)]
fn Recorded(payment: PaymentView, #[prop(!optional)] customer: Option<CustomerView>) -> View {
    let till = use_context::<Till>();
    let take = till.take;
    let id = payment.id;
    view! {
        (move || {
            let receipt = take.receipt.get_clone();
            let (payment, customer) = (payment.clone(), customer.clone());
            view! {
                PaymentOutcome(
                    payment=payment,
                    customer=customer,
                    receipt=receipt,
                    on_print=Rc::new(move || till.print_receipt(id, take.receipt)),
                    on_another=Rc::new(move || till.take_payment()),
                    on_close=Rc::new(move || till.close_take_payment()),
                )
            }
        })
    }
}

/// What recording did: the receipt number, the new expiry, the credit added.
#[component(inline_props)]
pub fn PaymentOutcome(
    payment: PaymentView,
    /// The customer as they are now.
    #[prop(!optional)]
    customer: Option<CustomerView>,
    #[prop(!optional)] receipt: Option<Result<PdfFile, String>>,
    on_print: Rc<dyn Fn()>,
    on_another: Rc<dyn Fn()>,
    on_close: Rc<dyn Fn()>,
) -> View {
    let amount = format_money(&payment.amount, &payment.currency);
    let receipt_no = payment
        .receipt_number
        .map(receipt_label)
        .unwrap_or_else(|| "—".into());
    let who = payment
        .customer_username
        .clone()
        .unwrap_or_else(|| "nobody yet".into());
    let headline = format!(
        "{receipt_no}: {amount} by {} for {who}.",
        method_label(payment.method).to_lowercase()
    );
    let state = match payment.state {
        PaymentState::Applied => view! {},
        PaymentState::Unmatched => view! {
            p(class="notice warning", id="take-payment-unmatched") {
                "Not applied: it waits on the Payments page (Unmatched) to be given to a customer."
            }
        },
        other => {
            let text = format!("The payment is {}.", other.as_str());
            view! { p(class="notice warning") { (text) } }
        }
    };
    let expiry = customer
        .as_ref()
        .map(expiry_text)
        .unwrap_or_else(|| "—".into());
    let credit = |amount: &str, id: &'static str, label: &'static str| {
        if is_zero(amount) {
            view! {}
        } else {
            let text = format_money(amount, &payment.currency);
            view! { dt { (label) } dd(id=id) { (text) } }
        }
    };
    let credit_added = credit(&payment.credit_added, "take-payment-credit", "Credit added");
    let credit_used = credit(
        &payment.credit_used,
        "take-payment-credit-used",
        "Credit used",
    );
    let print = create_node_ref();
    focus_on_mount(print);
    let has_receipt = payment.receipt_number.is_some();
    view! {
        div(id="take-payment-done") {
            p(class="recorded-line", id="take-payment-result") { (headline) }
            (state)
            dl(class="facts") {
                dt { "Receipt" } dd(id="take-payment-receipt") { (receipt_no.clone()) }
                dt { "New expiry" } dd(id="take-payment-expiry") { (expiry) }
                (credit_added)
                (credit_used)
            }
            ReportLine(report=receipt, id="receipt-path")
            div(class="form-actions") {
                (if has_receipt {
                    let print_now = on_print.clone();
                    view! { button(class="primary", id="print-receipt", r#ref=print, on:click=move |_| print_now()) { "Print receipt" } }
                } else {
                    view! {}
                })
                button(id="take-payment-another", on:click=move |_| on_another()) { "Take another" }
                button(id="take-payment-close", on:click=move |_| on_close()) { "Done" }
            }
        }
    }
}
