//! The counter's card work: issuing a range of a batch to a cashier, selling cards one holds,
//! giving unsold cards back, and redeeming a card's code for a customer.

use sycamore::prelude::*;
use tikbill_api::command::{
    AuditPeople, IssueVouchers, ListCustomers, ListCustomersArgs, NoArgs, RedeemVoucher,
    ReturnVouchers, SellVouchers, WithInput,
};
use tikbill_api::{
    CustomerFilter, IssueVouchersInput, PaymentMethod, Permission, RedeemVoucherInput,
    SellVouchersInput, VoucherCodes,
};

use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::allowed;
use crate::till::Till;

/// Codes typed or scanned, one per line or separated by spaces and commas.
pub fn codes_in(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

#[component(inline_props)]
pub fn Counter(notice: Signal<Option<Notice>>, on_changed: std::rc::Rc<dyn Fn()>) -> View {
    let codes = create_signal(String::new());
    let customer = create_signal(String::new());
    let batch = create_signal(String::new());
    let from = create_signal("1".to_string());
    let to = create_signal("10".to_string());
    let staff = create_signal(String::new());
    let scope = PageScope::current();
    // A sale goes into the drawer: the sidebar's shift box reads it again.
    let till = try_use_context::<Till>();
    let people = create_signal(Vec::<(String, String)>::new());
    if allowed(Permission::ManageVouchers) {
        scope.spawn(async move {
            if let Ok(list) = invoke::<AuditPeople>(&NoArgs {}).await {
                let choices: Vec<(String, String)> = list
                    .into_iter()
                    .filter(|s| !s.disabled)
                    .map(|s| {
                        (
                            s.id.to_string(),
                            format!("{} ({})", s.username, s.role.as_str()),
                        )
                    })
                    .collect();
                if let Some((first, _)) = choices.first() {
                    if staff.get_clone_untracked().is_empty() {
                        staff.set(first.clone());
                    }
                }
                people.set(choices);
            }
        });
    }
    let said = move |result: Result<String, tikbill_api::ApiError>| match result {
        Ok(text) => notice.set(Some(Notice::Success(text))),
        Err(e) => notice.set(Some(Notice::Error(e.message))),
    };
    let (c1, c2, c3, c4) = (
        on_changed.clone(),
        on_changed.clone(),
        on_changed.clone(),
        on_changed.clone(),
    );
    let sell = move |_| {
        let input = SellVouchersInput {
            codes: codes_in(&codes.get_clone_untracked()),
            method: PaymentMethod::Cash,
        };
        let changed = c1.clone();
        scope.spawn(async move {
            let result = invoke::<SellVouchers>(&WithInput { input })
                .await
                .map(|sale| {
                    changed();
                    if let Some(till) = till {
                        till.load_shift();
                        till.bump();
                    }
                    match sale.payment {
                        Some(p) => format!(
                            "Sold {} cards for {} {} (receipt {}).",
                            sale.cards.len(),
                            p.amount,
                            p.currency,
                            p.receipt_number.map(|n| n.to_string()).unwrap_or_default()
                        ),
                        None => format!("Gave {} free cards.", sale.cards.len()),
                    }
                });
            said(result);
        });
    };
    let give_back = move |_| {
        let input = VoucherCodes {
            codes: codes_in(&codes.get_clone_untracked()),
            reason: None,
        };
        let changed = c2.clone();
        scope.spawn(async move {
            let result = invoke::<ReturnVouchers>(&WithInput { input })
                .await
                .map(|cards| {
                    changed();
                    format!("{} cards returned unsold.", cards.len())
                });
            said(result);
        });
    };
    let redeem = move |_| {
        let code = codes.get_clone_untracked().trim().to_string();
        let who = customer.get_clone_untracked().trim().to_string();
        let changed = c3.clone();
        scope.spawn(async move {
            // The customer by user name (exactly), as people know them.
            let filter = CustomerFilter {
                search: who.clone(),
                status: None,
                router_id: None,
                profile_id: None,
                expiring_within_days: None,
                page: 1,
                page_size: CustomerFilter::MAX_PAGE_SIZE,
            };
            let found = invoke::<ListCustomers>(&ListCustomersArgs { filter })
                .await
                .map(|page| {
                    page.items
                        .into_iter()
                        .find(|c| c.username.eq_ignore_ascii_case(&who))
                });
            let customer_id = match found {
                Ok(Some(c)) => c.id,
                Ok(None) => {
                    said(Err(tikbill_api::ApiError::new(
                        tikbill_api::ErrorCode::NotFound,
                        format!("No customer has the user name '{who}'."),
                    )));
                    return;
                }
                Err(e) => {
                    said(Err(e));
                    return;
                }
            };
            let input = RedeemVoucherInput { code, customer_id };
            let result = invoke::<RedeemVoucher>(&WithInput { input })
                .await
                .map(|done| {
                    changed();
                    format!(
                        "Card {} redeemed; the customer's plan now ends {}.",
                        done.card.code,
                        done.expires_at
                            .as_deref()
                            .map(crate::format::local_time)
                            .unwrap_or_default()
                    )
                });
            said(result);
        });
    };
    let issue = move |_| {
        let number = |s: Signal<String>| s.get_clone_untracked().trim().parse::<u32>().unwrap_or(0);
        let input = IssueVouchersInput {
            batch_id: i64::from(number(batch)),
            from_serial: number(from),
            to_serial: number(to),
            staff_id: i64::from(number(staff)),
        };
        let changed = c4.clone();
        scope.spawn(async move {
            let result = invoke::<IssueVouchers>(&WithInput { input })
                .await
                .map(|cards| {
                    changed();
                    format!("{} cards issued.", cards.len())
                });
            said(result);
        });
    };
    view! {
        section(class="card form-card", id="voucher-counter") {
            h2 { "At the counter" }
            label(class="field") {
                span(class="field-label") { "Card codes (typed or scanned)" }
                textarea(id="counter-codes", bind:value=codes, rows="3") {}
            }
            (if allowed(Permission::SellVouchers) {
                view! {
                    div(class="form-actions") {
                        button(class="primary", id="counter-sell", on:click=sell.clone()) { "Sell (cash)" }
                        button(id="counter-return", on:click=give_back.clone()) { "Return unsold" }
                    }
                    div(class="form-grid") {
                        label(class="field") {
                            span(class="field-label") { "Customer's user name (to redeem one sold card)" }
                            input(id="counter-customer", bind:value=customer)
                        }
                    }
                    div(class="form-actions") {
                        button(id="counter-redeem", on:click=redeem.clone()) { "Redeem for customer" }
                    }
                }
            } else {
                view! {}
            })
            (if allowed(Permission::ManageVouchers) {
                view! {
                    h3 { "Issue cards to a cashier" }
                    div(class="form-grid") {
                        label(class="field") { span(class="field-label") { "Batch number" } input(id="issue-batch", bind:value=batch, placeholder="1") }
                        label(class="field") { span(class="field-label") { "From card" } input(id="issue-from", bind:value=from) }
                        label(class="field") { span(class="field-label") { "To card" } input(id="issue-to", bind:value=to) }
                        label(class="field") {
                            span(class="field-label") { "To" }
                            select(id="issue-staff", bind:value=staff) {
                                (people.get_clone().into_iter().map(|(v, t)| view! { option(value=v) { (t) } }).collect::<Vec<_>>())
                            }
                        }
                    }
                    div(class="form-actions") {
                        button(id="issue-submit", on:click=issue.clone()) { "Issue" }
                    }
                }
            } else {
                view! {}
            })
        }
    }
}
