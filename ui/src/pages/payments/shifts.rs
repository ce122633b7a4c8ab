//! Shifts, newest first: a cashier's own, everyone's for owners and managers, who may close a
//! shift another person left open.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{Permission, ShiftId, ShiftView, StaffId};

use crate::components::shift_box::difference_text;
use crate::format;
use crate::state::allowed;

/// What a row of the shifts list offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShiftAction {
    Close(Box<ShiftView>),
    Report(ShiftId),
}

/// Whether `shift` gets "Close" for the person `me`: an open shift of their own, or anyone's
/// for those who manage shifts.
pub fn may_close(shift: &ShiftView, me: Option<StaffId>) -> bool {
    shift.closed_at.is_none() && (me == Some(shift.staff_id) || allowed(Permission::ManageShifts))
}

#[component(inline_props)]
pub fn ShiftTable(
    shifts: Vec<ShiftView>,
    /// Who is signed in.
    #[prop(!optional)]
    me: Option<StaffId>,
    on_action: Rc<dyn Fn(ShiftAction)>,
) -> View {
    if shifts.is_empty() {
        return view! {
            section(class="card empty-state", id="shifts-empty") {
                h2 { "No shifts yet" }
                p { "A cashier opens a shift with the cash already in the drawer (the sidebar's \"Open shift\")." }
            }
        };
    }
    let rows = shifts
        .into_iter()
        .map(|s| {
            let id = s.id;
            let money = |a: &Option<String>| {
                a.as_deref()
                    .map(|a| format_money(a, &s.currency))
                    .unwrap_or_else(|| "—".into())
            };
            let opened = format::local_time(&s.opened_at);
            let closed = match (&s.closed_at, &s.closed_by) {
                (Some(at), Some(by)) => format!("{} by {by}", format::local_time(at)),
                (Some(at), None) => format::local_time(at),
                (None, _) => String::new(),
            };
            let open = s.closed_at.is_none();
            let (float, expected, counted) = (
                format_money(&s.float, &s.currency),
                format_money(&s.expected, &s.currency),
                money(&s.counted),
            );
            let (class, difference) = match &s.difference {
                Some(d) => difference_text(d, &s.currency),
                None => ("difference", "—".to_string()),
            };
            let payments = s.payments.to_string();
            let cashier = s.cashier.clone();
            let close = if may_close(&s, me) {
                let act = on_action.clone();
                let shift = s.clone();
                view! {
                    button(class="small", id=format!("close-shift-{id}"), on:click=move |_| act(ShiftAction::Close(Box::new(shift.clone())))) { "Close" }
                }
            } else {
                view! {}
            };
            let report = on_action.clone();
            view! {
                tr(class="shift-row", id=format!("shift-{id}")) {
                    td(class="name") { (cashier) }
                    td { (opened) }
                    td { (if open { view! { span(class="badge status-active") { "Open" } } } else { view! { (closed.clone()) } }) }
                    td(class="num") { (float) }
                    td(class="num") { (expected) }
                    td(class="num") { (counted) }
                    td(class=format!("num {class}")) { (difference) }
                    td(class="num") { (payments) }
                    td(class="actions") {
                        div(class="row-actions") {
                            (close)
                            button(class="small", id=format!("shift-report-{id}"), on:click=move |_| report(ShiftAction::Report(id))) { "Report" }
                        }
                    }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        section(class="card table-card") {
            table(id="shifts-table") {
                thead {
                    tr {
                        th { "Cashier" }
                        th { "Opened" }
                        th { "Closed" }
                        th(class="num") { "Float" }
                        th(class="num") { "Expected" }
                        th(class="num") { "Counted" }
                        th(class="num") { "Difference" }
                        th(class="num") { "Payments" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
        }
    }
}
