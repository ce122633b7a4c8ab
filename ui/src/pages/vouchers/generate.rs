//! "Generate vouchers": the batch form, with a progress bar while the cards are stored.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{GenerateVouchers, WithInput};
use tikbill_api::{
    FieldError, GeneratedBatch, ProfileView, RouterView, VoucherBatchInput, VoucherTimeMode,
};

use crate::components::field::{FieldMessage, SelectField, TextField};
use crate::ipc::{invoke, reset_voucher_progress, voucher_progress};
use crate::scope::PageScope;
use crate::timer::sleep;

/// The time modes as the form offers them.
fn mode_options() -> Vec<(String, String)> {
    VoucherTimeMode::ALL
        .into_iter()
        .map(|m| (m.as_str().to_string(), m.label().to_string()))
        .collect()
}

#[component(inline_props)]
pub fn GenerateForm(
    plans: Vec<ProfileView>,
    routers: Vec<RouterView>,
    on_made: Rc<dyn Fn(GeneratedBatch)>,
    on_cancel: Rc<dyn Fn()>,
    /// A batch is being stored: the page's, so leaving the form or the tab neither loses the
    /// answer nor lets a second batch start.
    busy: Signal<bool>,
    /// Cards stored, of how many (the page's, as `busy`).
    progress: Signal<(u32, u32)>,
    /// The page's scope: the batch's answer arrives even if the form is gone.
    scope: PageScope,
) -> View {
    let plan_options: Vec<(String, String)> = plans
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} ({} {})", p.name, p.price, p.currency),
            )
        })
        .collect();
    let plan = create_signal(
        plan_options
            .first()
            .map(|(v, _)| v.clone())
            .unwrap_or_default(),
    );
    let plan_options = create_signal(plan_options);
    let count = create_signal("30".to_string());
    let length = create_signal("12".to_string());
    let prefix = create_signal(String::new());
    let price = create_signal(String::new());
    let valid_until = create_signal(String::new());
    let note = create_signal(String::new());
    let mode = create_signal(VoucherTimeMode::FirstLogin.as_str().to_string());
    let modes = create_signal(mode_options());
    let same_password = create_signal(false);
    let chosen = create_signal(routers.first().map(|r| vec![r.id]).unwrap_or_default());
    let errors = create_signal(Vec::<FieldError>::new());
    let message = create_signal(None::<String>);
    let router_boxes = routers
        .into_iter()
        .map(|r| {
            let id = r.id;
            let checked = chosen.with_untracked(|c| c.contains(&id));
            view! {
                label(class="check") {
                    input(r#type="checkbox", id=format!("voucher-router-{id}"), checked=checked, on:change=move |_| {
                        chosen.update(|c| {
                            if let Some(at) = c.iter().position(|x| *x == id) {
                                c.remove(at);
                            } else {
                                c.push(id);
                            }
                        })
                    })
                    (r.name.clone())
                }
            }
        })
        .collect::<Vec<_>>();
    let submit = move |e: web_sys::SubmitEvent| {
        e.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.set(Vec::new());
        message.set(None);
        let number = |s: Signal<String>| s.get_clone_untracked().trim().parse::<u32>().ok();
        let blank = |s: Signal<String>| {
            let text = s.get_clone_untracked();
            (!text.trim().is_empty()).then_some(text)
        };
        let input = VoucherBatchInput {
            profile_id: plan.get_clone_untracked().parse().unwrap_or(0),
            count: number(count).unwrap_or(0),
            router_ids: chosen.get_clone_untracked(),
            code_length: number(length),
            prefix: prefix.get_clone_untracked(),
            same_password: same_password.get_untracked(),
            time_mode: VoucherTimeMode::parse(&mode.get_clone_untracked()).unwrap_or_default(),
            valid_until: blank(valid_until),
            price: blank(price),
            note: blank(note),
        };
        let on_made = on_made.clone();
        busy.set(true);
        reset_voucher_progress();
        progress.set((0, input.count));
        // The bar follows the backend's progress events while the batch is stored.
        scope.spawn(async move {
            while busy.get_untracked() {
                sleep(100).await;
                let (done, total) = voucher_progress();
                if total > 0 {
                    progress.set((done, total));
                }
            }
        });
        scope.spawn(async move {
            let result = invoke::<GenerateVouchers>(&WithInput { input }).await;
            busy.set(false);
            match result {
                Ok(made) => on_made(made),
                Err(e) => {
                    message.set(Some(e.message));
                    errors.set(e.fields);
                }
            }
        });
    };
    let bar = move || {
        let (done, total) = progress.get();
        if !busy.get() {
            return view! {};
        }
        let text = format!("Storing cards: {done} of {total}");
        view! {
            div(class="progress", id="voucher-progress") {
                progress(max=total.max(1).to_string(), value=done.to_string()) {}
                span { (text) }
            }
        }
    };
    view! {
        section(class="card form-card", id="generate-vouchers") {
            h2 { "Generate vouchers" }
            form(novalidate=true, on:submit=submit) {
                div(class="form-grid") {
                    SelectField(name="profile_id", label="Plan", id="voucher-plan", value=plan, errors=*errors, options=*plan_options)
                    TextField(name="count", label="How many cards", value=count, errors=*errors, id="voucher-count", hint="1 to 50,000")
                    TextField(name="code_length", label="Code length", value=length, errors=*errors, id="voucher-length", hint="6 to 16 characters")
                    TextField(name="prefix", label="Prefix", value=prefix, errors=*errors, id="voucher-prefix", hint="Optional, letters and digits")
                    SelectField(name="time_mode", label="Time counts", id="voucher-mode", value=mode, errors=*errors, options=*modes)
                    TextField(name="valid_until", label="Last day (until a date)", value=valid_until, errors=*errors, id="voucher-valid-until", placeholder="2026-12-31")
                    TextField(name="price", label="Price of a card", value=price, errors=*errors, id="voucher-price", hint="Blank: the plan's price")
                    TextField(name="note", label="Note", value=note, errors=*errors, id="voucher-note")
                }
                div(class="field") {
                    span(class="field-label") { "Routers" }
                    div(class="checks", id="voucher-routers") { (router_boxes) }
                    FieldMessage(name="router_ids", errors=*errors, hint="")
                }
                label(class="check") {
                    input(r#type="checkbox", id="voucher-same-password", bind:checked=same_password)
                    "Password is the code (one thing to type)"
                }
                (bar)
                (match message.get_clone() {
                    Some(m) => view! { p(class="field-error", id="generate-error") { (m) } },
                    None => view! {},
                })
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="generate-submit", disabled=move || busy.get()) { "Generate" }
                    button(r#type="button", id="generate-cancel", disabled=move || busy.get(), on:click=move |_| on_cancel()) { "Cancel" }
                }
            }
        }
    }
}
