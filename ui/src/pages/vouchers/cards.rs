//! The cards table: search by code, narrow by state, and per card its history, a reprint or
//! revoking it.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{Permission, VoucherState, VoucherView};

use crate::format;
use crate::state::allowed;

/// What a card's row offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardAction {
    Reprint(String),
    Revoke(String),
}

/// Whether a card in `state` may still be revoked.
pub fn revocable(state: VoucherState) -> bool {
    !matches!(
        state,
        VoucherState::UsedUp
            | VoucherState::Expired
            | VoucherState::Revoked
            | VoucherState::Redeemed
    )
}

#[component(inline_props)]
pub fn CardTable(cards: Vec<VoucherView>, on_action: Rc<dyn Fn(CardAction)>) -> View {
    if cards.is_empty() {
        return view! { p(class="muted", id="cards-empty") { "No card matches." } };
    }
    let manage = allowed(Permission::ManageVouchers);
    let rows = cards
        .into_iter()
        .map(|c| {
            let code = c.code.clone();
            let holder = c.issued_to.clone().unwrap_or_default();
            let first = c.first_login_at.as_deref().map(format::local_time).unwrap_or_default();
            let actions = if manage {
                let (reprint, revoke) = (on_action.clone(), on_action.clone());
                let (a, b) = (code.clone(), code.clone());
                let can_revoke = revocable(c.state);
                view! {
                    div(class="row-actions") {
                        button(class="small", id=format!("card-reprint-{code}"), on:click=move |_| reprint(CardAction::Reprint(a.clone()))) { "Reprint" }
                        (if can_revoke {
                            let revoke = revoke.clone();
                            let id = format!("card-revoke-{b}");
                            let b = b.clone();
                            // Revoking is final: the first click asks, the second revokes.
                            let armed = create_signal(false);
                            view! {
                                button(class="small danger", id=id, on:click=move |_| {
                                    if armed.get_untracked() {
                                        revoke(CardAction::Revoke(b.clone()));
                                    } else {
                                        armed.set(true);
                                    }
                                }) { (if armed.get() { "Sure? Revoke" } else { "Revoke" }) }
                            }
                        } else {
                            view! {}
                        })
                    }
                }
            } else {
                view! {}
            };
            let row_id = format!("card-{}", c.code);
            let shown_code = c.code.clone();
            view! {
                tr(class="card-row", id=row_id) {
                    td(class="num") { (c.serial.to_string()) }
                    td(class="code") { (shown_code) }
                    td { (c.password.clone().unwrap_or_else(|| "= code".into())) }
                    td { span(class=format!("badge voucher-{}", c.state.as_str())) { (c.state.label()) } }
                    td { (holder) }
                    td { (first) }
                    td(class="actions") { (actions) }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="cards-table") {
                thead {
                    tr {
                        th(class="num") { "No." }
                        th { "Code" }
                        th { "Password" }
                        th { "State" }
                        th { "Held by" }
                        th { "First login" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
