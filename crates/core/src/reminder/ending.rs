//! Active customers whose plan ends in a window, with the reminder of their current expiry:
//! what the "Expiring soon" list shows and what reminders are sent to.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{CustomerStatus, ReminderOutcome};

use crate::entity::{customer, profile, sms_reminder};
use crate::CoreResult;

/// A customer whose plan ends soon.
pub(super) struct Ending {
    pub customer: customer::Model,
    pub plan: String,
    pub expires_at: DateTime<Utc>,
    /// The reminder of this expiry, if one was taken.
    pub reminder: Option<ReminderOutcome>,
}

impl Ending {
    /// Whether a reminder is still to be sent: a phone on file and none taken for this expiry.
    pub fn due(&self) -> bool {
        self.reminder.is_none()
            && self
                .customer
                .phone
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty())
    }
}

/// Active customers whose plan ends after `now` and no later than `until`, soonest first (at
/// most `limit` when given). A plan that already ended is never in it.
pub(super) async fn ending(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: Option<u64>,
) -> CoreResult<Vec<Ending>> {
    let customers = customer::Entity::find()
        .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
        .filter(customer::Column::ExpiresAt.gt(now))
        .filter(customer::Column::ExpiresAt.lte(until))
        .order_by_asc(customer::Column::ExpiresAt)
        .order_by_asc(customer::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    if customers.is_empty() {
        return Ok(Vec::new());
    }
    let plan_ids: HashSet<i64> = customers.iter().map(|c| c.profile_id).collect();
    let plans: HashMap<i64, String> = profile::Entity::find()
        .filter(profile::Column::Id.is_in(plan_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    // Reminders of expiries still ahead: at most one per customer and expiry.
    let reminders: HashMap<(i64, DateTime<Utc>), ReminderOutcome> = sms_reminder::Entity::find()
        .filter(sms_reminder::Column::ExpiresAt.gt(now))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            let outcome = ReminderOutcome::parse(&r.outcome).unwrap_or(ReminderOutcome::Failed);
            ((r.customer_id, r.expires_at), outcome)
        })
        .collect();
    Ok(customers
        .into_iter()
        .filter_map(|customer| {
            let expires_at = customer.expires_at?;
            Some(Ending {
                plan: plans.get(&customer.profile_id).cloned().unwrap_or_default(),
                reminder: reminders.get(&(customer.id, expires_at)).copied(),
                expires_at,
                customer,
            })
        })
        .collect())
}
