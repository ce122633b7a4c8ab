//! A card as a router should have it: a hotspot user named by its code, with the plan's speed,
//! and its time counted by the router itself, so a card ends on time with the office PC off.
//!
//! - **From first login**: the card's profile (`card-<plan>`) carries an `on-login` script. At a
//!   card's first login it adds a scheduler entry `tikbill-card-<code>` with the plan's
//!   duration as its interval: one interval later the entry disables the card, drops its
//!   session and removes itself. A second login finds the entry and adds nothing, so the time
//!   is never started again.
//! - **Time online**: `limit-uptime` on the user; the router logs the card out when it is used up.
//! - **Until a date**: the same one-shot expiry entry customers get (`tikbill-expire-hotspot-…`).
//!
//! Calendar months have no fixed length on a router: a month of a first-login card counts as
//! 30 days there.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tikbill_api::{DurationUnit, VoucherState, VoucherTimeMode};
use tikbill_routeros::menu::format_duration;

use crate::entity::{profile, voucher, voucher_batch, voucher_batch_router};
use crate::provisioning::desired::profile_spec;
use crate::provisioning::target::{script_string, Account, CardAccount, ProfileSpec};
use crate::CoreResult;

/// Every card's first-login scheduler entry starts with this.
pub const CARD_ENTRY_PREFIX: &str = "tikbill-card-";

/// Names per `IN (…)`.
const READ_BATCH: usize = 500;

/// A batch's period in seconds (a month as 30 days); `None` when it has none.
pub fn duration_secs(batch: &voucher_batch::Model) -> Option<u64> {
    period_secs(batch.duration_value, &batch.duration_unit)
}

/// `value` `unit`s in seconds (a month as 30 days).
pub fn period_secs(value: i32, unit: &str) -> Option<u64> {
    let value = u64::try_from(value).ok()?;
    let unit = DurationUnit::parse(unit)?;
    let per = match unit {
        DurationUnit::Hours => 3600,
        DurationUnit::Days => 86_400,
        DurationUnit::Weeks => 7 * 86_400,
        DurationUnit::Months => 30 * 86_400,
    };
    value.checked_mul(per).filter(|s| *s > 0)
}

/// The `on-login` script of a first-login card profile whose cards last `secs`.
pub fn first_login_script(secs: u64) -> String {
    let interval = format_duration(Duration::from_secs(secs));
    let entry = format!("{CARD_ENTRY_PREFIX}$user");
    let end = format!(
        "/ip hotspot user disable [find where name=\\\"$user\\\"]; \
         /ip hotspot active remove [find where user=\\\"$user\\\"]; \
         /system scheduler remove [find where name=\\\"{entry}\\\"]"
    );
    format!(
        ":if ([:len [/system scheduler find where name=\"{entry}\"]] = 0) do={{\
         /system scheduler add name=\"{entry}\" interval={interval} \
         comment=\"tikbill: ends this card\" on-event=\"{end}\"}}"
    )
}

/// The profile a batch's cards use on routers: the plan's speed; for first-login cards, a
/// profile of their own per plan and period (`tikbill-card-Daily-1d`), so cards sold as one
/// day stay one day when the plan is changed later.
pub fn card_profile(
    plan: &profile::Model,
    batch: &voucher_batch::Model,
    mode: VoucherTimeMode,
) -> ProfileSpec {
    let mut spec = profile_spec(plan);
    if mode == VoucherTimeMode::FirstLogin {
        if let Some(secs) = duration_secs(batch) {
            let interval = format_duration(Duration::from_secs(secs));
            spec.name = format!("{CARD_PROFILE_PREFIX}{}-{interval}", plan.name);
            spec.on_login = Some(first_login_script(secs));
        }
    }
    spec
}

/// Every first-login card profile's name starts with this.
pub const CARD_PROFILE_PREFIX: &str = "tikbill-card-";

/// The card's account as a router should have it.
pub fn account_of(
    row: &voucher::Model,
    batch: &voucher_batch::Model,
    plan: &profile::Model,
) -> Account {
    let mode = VoucherTimeMode::parse(&batch.time_mode).unwrap_or_default();
    Account {
        customer_id: 0,
        password: row.password.clone().unwrap_or_else(|| row.code.clone()),
        profile: card_profile(plan, batch, mode),
        enabled: true,
        expires_at: batch
            .valid_until
            .filter(|_| mode == VoucherTimeMode::FixedDate),
        adopts_router_account: false,
        card: Some(CardAccount {
            batch_id: batch.id,
            limit_uptime_secs: if mode == VoucherTimeMode::UsageTime {
                duration_secs(batch)
            } else {
                None
            },
            limit_bytes_total: batch.data_limit_bytes.and_then(|b| u64::try_from(b).ok()),
        }),
    }
}

/// The cards named `names` that should be hotspot users on `router_id`.
pub(crate) async fn accounts(
    db: &impl ConnectionTrait,
    router_id: i64,
    names: &[&String],
) -> CoreResult<HashMap<String, Account>> {
    let mut found = HashMap::new();
    if names.is_empty() {
        return Ok(found);
    }
    let batches_here: HashSet<i64> = voucher_batch_router::Entity::find()
        .filter(voucher_batch_router::Column::RouterId.eq(router_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.batch_id)
        .collect();
    if batches_here.is_empty() {
        return Ok(found);
    }
    let mut batches: HashMap<i64, (voucher_batch::Model, Option<profile::Model>)> = HashMap::new();
    for chunk in names.chunks(READ_BATCH) {
        let rows = voucher::Entity::find()
            .filter(voucher::Column::Code.is_in(chunk.iter().map(|n| n.as_str())))
            .all(db)
            .await?;
        for row in rows {
            let on_router = VoucherState::parse(&row.state).is_some_and(VoucherState::on_router);
            // A card first used on another router works there only.
            let bound_elsewhere = row.router_id.is_some_and(|r| r != router_id);
            if !on_router || bound_elsewhere || !batches_here.contains(&row.batch_id) {
                continue;
            }
            if let Entry::Vacant(slot) = batches.entry(row.batch_id) {
                let Some(batch) = voucher_batch::Entity::find_by_id(row.batch_id)
                    .one(db)
                    .await?
                else {
                    continue;
                };
                let plan = profile::Entity::find_by_id(batch.profile_id)
                    .one(db)
                    .await?;
                slot.insert((batch, plan));
            }
            if let Some((batch, Some(plan))) = batches.get(&row.batch_id) {
                found.insert(row.code.clone(), account_of(&row, batch, plan));
            }
        }
    }
    Ok(found)
}

/// The card code an entry name belongs to, if it is a card's first-login entry.
pub fn card_of_entry(name: &str) -> Option<&str> {
    name.strip_prefix(CARD_ENTRY_PREFIX)
}

/// `script_string` is how tikbill quotes names in scripts; card codes never need it (capitals
/// and digits), which this check keeps true.
pub fn needs_no_quoting(code: &str) -> bool {
    script_string(code) == format!("\"{code}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_login_script_is_routeros_script() {
        assert_eq!(
            first_login_script(86_400),
            ":if ([:len [/system scheduler find where name=\"tikbill-card-$user\"]] = 0) \
             do={/system scheduler add name=\"tikbill-card-$user\" interval=1d \
             comment=\"tikbill: ends this card\" on-event=\"/ip hotspot user disable \
             [find where name=\\\"$user\\\"]; /ip hotspot active remove [find where \
             user=\\\"$user\\\"]; /system scheduler remove [find where \
             name=\\\"tikbill-card-$user\\\"]\"}"
        );
        assert!(first_login_script(5 * 3600).contains("interval=5h "));
        assert!(needs_no_quoting("HS7KX2M9QRTA"));
    }
}
