//! The "Request M-Pesa payment" dialog: phone, periods and the amount asked; after "Send
//! request", where the push stands.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{CustomerView, MpesaPushView, ProfileView, PushState};

use super::mpesa::MpesaRequest;
use super::pushes::{push_status_text, push_waiting};
use crate::components::field::{FieldMessage, TextField};
use crate::components::modal::{focus_on_mount, Modal};
use crate::till::amount_for;

/// What `periods` of `plan` cost ("KES 1,000.00"), or `None` when either is unknown.
pub fn asked_amount(plan: Option<&ProfileView>, periods: &str) -> Option<String> {
    let plan = plan?;
    let periods = periods.trim().parse::<u32>().ok().filter(|n| *n >= 1)?;
    let amount = amount_for(&plan.price, periods)?;
    Some(format_money(&amount, &plan.currency))
}

/// The dialog over the customer's page while it is open.
#[component(inline_props)]
pub fn MpesaDialog(
    mpesa: MpesaRequest,
    customer: CustomerView,
    /// Their plan, for the price.
    #[prop(!optional)]
    plan: Option<ProfileView>,
    on_send: Rc<dyn Fn()>,
) -> View {
    let title = format!("Request M-Pesa payment from {}", customer.username);
    view! {
        Modal(id="mpesa-dialog", title=title, on_close=Rc::new(move || mpesa.close())) {
            (match mpesa.push.get_clone() {
                None => {
                    let (plan, on_send) = (plan.clone(), on_send.clone());
                    view! { PushForm(mpesa=mpesa, plan=plan, on_send=on_send) }
                }
                Some(push) => view! { PushStatus(mpesa=mpesa, push=push) },
            })
        }
    }
}

/// Phone, periods, the amount asked, and "Send request".
#[component(inline_props)]
fn PushForm(
    mpesa: MpesaRequest,
    #[prop(!optional)] plan: Option<ProfileView>,
    on_send: Rc<dyn Fn()>,
) -> View {
    let errors = *mpesa.errors;
    let phone = create_node_ref();
    focus_on_mount(phone);
    let amount = move || {
        asked_amount(plan.as_ref(), &mpesa.periods.get_clone())
            .unwrap_or_else(|| "— (shown once the request is sent)".into())
    };
    view! {
        form(novalidate=true, id="mpesa-form", on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); on_send() }) {
            p(class="muted") { "The customer's phone shows the request; they confirm it with their M-Pesa PIN. The payment is then applied by itself." }
            div(class="form-grid two") {
                label(class=move || if errors.with(|e| e.iter().any(|f| f.field == "phone")) { "field invalid" } else { "field" }) {
                    span(class="field-label") { "Phone" }
                    input(id="mpesa-phone", name="phone", r#type="tel", placeholder="0712 345 678", r#ref=phone, bind:value=mpesa.phone)
                    FieldMessage(name="phone", errors=errors, hint="0712…, +254712… or 254712…")
                }
                TextField(name="periods", label="Periods", value=mpesa.periods, errors=errors, id="mpesa-periods",
                    hint="Periods of the customer's plan")
            }
            dl(class="facts mpesa-amount") {
                dt { "Amount asked" }
                dd(id="mpesa-amount") { (amount()) }
            }
            div { FieldMessage(name="amount", errors=errors) }
            (match mpesa.message.get_clone() {
                Some(m) => view! { div(class="notice error", id="mpesa-error", role="alert") { span { (m) } } },
                None => view! {},
            })
            div(class="form-actions") {
                button(r#type="submit", class="primary", id="mpesa-send", disabled=mpesa.busy.get()) {
                    (if mpesa.busy.get() { "Sending…" } else { "Send request" })
                }
                button(r#type="button", id="mpesa-cancel", on:click=move |_| mpesa.close()) { "Cancel" }
            }
        }
    }
}

/// Where the push stands: waiting, paid, or why not.
#[component(inline_props)]
fn PushStatus(mpesa: MpesaRequest, push: MpesaPushView) -> View {
    let text = push_status_text(&push);
    let class = match push.state {
        PushState::Paid => "notice success",
        PushState::Sending | PushState::Pending => "notice warning",
        _ => "notice error",
    };
    let waiting = push_waiting(push.state);
    let amount = format_money(&push.amount, &push.currency);
    view! {
        div(id="mpesa-done") {
            div(class=class, id="mpesa-status", role="status", data-state=push.state.as_str()) { span { (text) } }
            dl(class="facts") {
                dt { "Phone" } dd(id="mpesa-sent-phone") { code { (push.phone.clone()) } }
                dt { "Amount" } dd(id="mpesa-amount") { (amount) }
                dt { "Periods" } dd { (push.periods.to_string()) }
            }
            div(class="form-actions") {
                (if waiting {
                    view! {}
                } else {
                    view! { button(id="mpesa-again", on:click=move |_| mpesa.again()) { "Send another request" } }
                })
                button(class=if waiting { "" } else { "primary" }, id="mpesa-close", on:click=move |_| mpesa.close()) {
                    (if waiting { "Close (it goes on)" } else { "Done" })
                }
            }
        }
    }
}
