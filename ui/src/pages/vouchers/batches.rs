//! The batches table: each batch with its cards counted by state, and what can be done with it.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{Permission, VoucherBatchId, VoucherBatchView, VoucherState};

use crate::format;
use crate::state::allowed;

/// What a batch's row offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAction {
    Print(VoucherBatchId),
    Cards(VoucherBatchId),
    Export(VoucherBatchId),
}

/// "12 on router · 3 sold · 1 in use".
pub fn state_summary(batch: &VoucherBatchView) -> String {
    if batch.states.is_empty() {
        return "no cards".into();
    }
    batch
        .states
        .iter()
        .map(|c| format!("{} {}", c.count, c.state.label()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// How many of a batch's cards are in `state`.
pub fn in_state(batch: &VoucherBatchView, state: VoucherState) -> u64 {
    batch
        .states
        .iter()
        .find(|c| c.state == state)
        .map_or(0, |c| c.count)
}

#[component(inline_props)]
pub fn BatchTable(batches: Vec<VoucherBatchView>, on_action: Rc<dyn Fn(BatchAction)>) -> View {
    if batches.is_empty() {
        return view! {
            section(class="card empty-state", id="batches-empty") {
                h2 { "No vouchers yet" }
                p { "Generate a batch: choose a plan, how many cards and the routers they work on." }
            }
        };
    }
    let rows = batches
        .into_iter()
        .map(|b| {
            let id = b.id;
            let summary = state_summary(&b);
            let made = format::local_time(&b.created_at);
            let price = format::money(&b.price, &b.currency);
            let routers = b.routers.join(", ");
            let (print, cards, export) = (on_action.clone(), on_action.clone(), on_action.clone());
            let can_print = allowed(Permission::ManageVouchers);
            view! {
                tr(class="batch-row", id=format!("batch-{id}")) {
                    td(class="num") { (format!("#{id}")) }
                    td(class="name") { (b.plan.clone()) }
                    td(class="num") { (b.count.to_string()) }
                    td(class="num") { (price) }
                    td { (b.time_mode.label()) }
                    td { (routers) }
                    td(class="batch-states") { (summary) }
                    td { (made) " · " (b.created_by.clone()) }
                    td(class="actions") {
                        div(class="row-actions") {
                            (if can_print {
                                let print = print.clone();
                                view! { button(class="small", id=format!("batch-print-{id}"), on:click=move |_| print(BatchAction::Print(id))) { "Print" } }
                            } else {
                                view! {}
                            })
                            button(class="small", id=format!("batch-cards-{id}"), on:click=move |_| cards(BatchAction::Cards(id))) { "Cards" }
                            (if can_print {
                                let export = export.clone();
                                view! { button(class="small", id=format!("batch-export-{id}"), on:click=move |_| export(BatchAction::Export(id))) { "CSV" } }
                            } else {
                                view! {}
                            })
                        }
                    }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="batches-table") {
                thead {
                    tr {
                        th(class="num") { "Batch" }
                        th { "Plan" }
                        th(class="num") { "Cards" }
                        th(class="num") { "Price" }
                        th { "Time counts" }
                        th { "Routers" }
                        th { "Where the cards are" }
                        th { "Made" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
