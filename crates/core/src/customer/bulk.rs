//! One change for many customers at once, in one transaction: the same rules as one customer
//! ([`super::transition`]), a few statements whatever the number of customers (rows read and
//! jobs written in batches, customers that end up alike updated together), and a refusal for one
//! customer never holds the others back.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::{
    BulkOutcome, BulkRefusal, CustomerId, CustomerStatus, CustomerView, ServiceType,
};

use super::lifecycle::duration_of;
use super::listing;
use super::transition::{self, Change, State};
use crate::audit::{self, AuditEntry};
use crate::entity::customer;
use crate::provisioning::{desired, enqueue};
use crate::{Context, CoreResult};
use tikbill_api::Permission;

/// Ids per `IN (…)`.
const BATCH: usize = 1000;

/// Activates every customer in `ids` for one period of their profile (as [`super::activate`]
/// does for one), writing their router jobs and a `customer.activate` audit entry for each
/// in the same transaction.
pub async fn activate_many(ctx: &Context, ids: &[CustomerId]) -> CoreResult<BulkOutcome> {
    ctx.require(Permission::ActivateCustomers)?;
    let now = ctx.now();
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        rows.extend(
            customer::Entity::find()
                .filter(customer::Column::Id.is_in(chunk.iter().copied()))
                .lock_exclusive()
                .all(&txn)
                .await?,
        );
    }
    let profiles =
        desired::profiles_by_id(&txn, rows.iter().map(|r| r.profile_id).collect()).await?;
    let mut outcome = BulkOutcome::default();
    let found: HashMap<CustomerId, ()> = rows.iter().map(|r| (r.id, ())).collect();
    for id in ids.iter().filter(|id| !found.contains_key(id)) {
        outcome.refused.push(BulkRefusal {
            customer_id: *id,
            reason: format!("Customer #{id} does not exist (it may have been deleted)."),
        });
    }
    // Customers that end up alike are written by one UPDATE.
    let mut alike: BTreeMap<(&'static str, Option<DateTime<Utc>>), Vec<CustomerId>> =
        BTreeMap::new();
    let mut jobs = Vec::new();
    let mut to_states = HashMap::new();
    for row in &rows {
        let next = profiles
            .get(&row.profile_id)
            .ok_or_else(|| format!("{}'s profile no longer exists.", row.full_name))
            .and_then(|profile| duration_of(profile).map_err(|e| e.to_string()))
            .and_then(|period| {
                let from = State {
                    status: CustomerStatus::parse(&row.status).unwrap_or(CustomerStatus::Pending),
                    expires_at: row.expires_at,
                };
                transition::next(
                    &row.full_name,
                    from,
                    Change::Activate(period),
                    now,
                    office_tz,
                )
                .map_err(|e| e.to_string())
            });
        match next {
            Ok(to) => {
                alike
                    .entry((to.status.as_str(), to.expires_at))
                    .or_default()
                    .push(row.id);
                let service = ServiceType::parse(&row.service_type).unwrap_or(ServiceType::Hotspot);
                jobs.push((row.router_id, service, row.username.clone(), row.id));
                to_states.insert(row.id, to);
                outcome.changed.push(row.id);
            }
            Err(reason) => outcome.refused.push(BulkRefusal {
                customer_id: row.id,
                reason,
            }),
        }
    }
    for ((status, expires_at), ids) in alike {
        for chunk in ids.chunks(BATCH) {
            customer::Entity::update_many()
                .col_expr(customer::Column::Status, Expr::value(status))
                .col_expr(customer::Column::ExpiresAt, Expr::value(expires_at))
                .col_expr(customer::Column::UpdatedAt, Expr::value(now))
                .filter(customer::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
    }
    enqueue::accounts(&txn, &jobs, now).await?;
    let mut entries = Vec::with_capacity(to_states.len());
    for before in listing::views(&txn, rows).await? {
        let Some(to) = to_states.get(&before.id) else {
            continue;
        };
        let after = CustomerView {
            status: to.status,
            expires_at: to.expires_at.map(|t| t.to_rfc3339()),
            ..before.clone()
        };
        entries.push(
            AuditEntry::by(ctx, "customer.activate", "customer", Some(before.id))
                .before(&before)
                .after(&after),
        );
    }
    entries.sort_by_key(|entry| entry.entity_id);
    audit::record_all(&txn, entries).await?;
    txn.commit().await?;
    outcome.changed.sort_unstable();
    outcome.refused.sort_by_key(|r| r.customer_id);
    Ok(outcome)
}
