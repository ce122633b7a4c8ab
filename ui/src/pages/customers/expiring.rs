//! "Expiring soon": active customers whose plan ends within a week, soonest first, with days
//! left and whether their expiry reminder went out.

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;
use tikbill_api::command::{ExpiringCustomers, WithInput};
use tikbill_api::{ExpiringCustomer, ReminderOutcome};

use crate::ipc::invoke;

/// How far ahead the list looks.
pub const EXPIRING_SOON_DAYS: u32 = 7;

/// "ends today", "1 day left", "3 days left".
pub fn days_left_text(days: i64) -> String {
    match days {
        i64::MIN..=0 => "ends today".into(),
        1 => "1 day left".into(),
        n => format!("{n} days left"),
    }
}

/// What became of a customer's reminder, as the list says it.
pub fn reminder_text(reminder: Option<ReminderOutcome>, phone: Option<&str>) -> &'static str {
    match reminder {
        Some(ReminderOutcome::Sent) => "SMS sent",
        Some(ReminderOutcome::Sending) => "SMS sending",
        Some(ReminderOutcome::Failed) => "SMS failed",
        None if phone.is_none_or(|p| p.trim().is_empty()) => "no phone",
        None => "not yet",
    }
}

/// The list, as the backend answered it.
#[component(inline_props)]
pub fn ExpiringList(customers: Vec<ExpiringCustomer>) -> View {
    if customers.is_empty() {
        return view! { p(class="muted", id="expiring-none") { "No plan ends in the next 7 days." } };
    }
    let rows = customers
        .into_iter()
        .map(|c| {
            let reminder = reminder_text(c.reminder, c.phone.as_deref());
            let class = match c.reminder {
                Some(ReminderOutcome::Failed) => "badge offline",
                Some(_) => "badge online",
                None => "badge unknown",
            };
            view! {
                tr(id=format!("expiring-{}", c.customer_id)) {
                    td { (c.username) }
                    td { (c.plan) }
                    td { (c.expires_local) }
                    td(class="days-left") { (days_left_text(c.days_left)) }
                    td { span(class=class) { (reminder) } }
                }
            }
        })
        .collect::<Vec<_>>();
    view! {
        table(class="table", id="expiring-table") {
            thead { tr { th { "Customer" } th { "Plan" } th { "Ends" } th { "Left" } th { "Reminder" } } }
            tbody { (rows) }
        }
    }
}

/// The "Expiring soon" card, loaded when shown.
#[component]
pub fn ExpiringSoon() -> View {
    let list = create_signal(None::<Result<Vec<ExpiringCustomer>, String>>);
    spawn_local_scoped(async move {
        let answer = invoke::<ExpiringCustomers>(&WithInput {
            input: EXPIRING_SOON_DAYS,
        })
        .await;
        list.set(Some(answer.map_err(|e| e.message)));
    });
    view! {
        section(class="card", id="expiring-soon") {
            h2 { "Expiring soon" }
            (match list.get_clone() {
                None => view! { p(class="muted") { "Loading…" } },
                Some(Err(message)) => view! { div(class="notice error") { (message) } },
                Some(Ok(customers)) => view! { ExpiringList(customers=customers) },
            })
        }
    }
}
