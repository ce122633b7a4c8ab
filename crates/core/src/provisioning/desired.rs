//! What the database says a router should have, read when a job is applied (never when it is
//! written), so a job applied late still sets the latest state.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tikbill_api::{CustomerStatus, ServiceType};

use super::target::{Account, Kind, ProfileSpec};
use crate::entity::{customer, profile};
use crate::profile::rate_limit_of;
use crate::CoreResult;

/// Names per `IN (…)`.
const READ_BATCH: usize = 500;

/// A profile as routers get it.
pub fn profile_spec(row: &profile::Model) -> ProfileSpec {
    ProfileSpec {
        name: row.name.clone(),
        rate_limit: rate_limit_of(row).to_string(),
        shared_users: u32::try_from(row.shared_users).unwrap_or(1).max(1),
        session_timeout_secs: row.session_timeout_secs.and_then(|s| u64::try_from(s).ok()),
        on_login: None,
    }
}

/// The customer's account as the router should have it.
pub fn account_of(row: &customer::Model, profile: &profile::Model) -> Account {
    let enabled = row.status == CustomerStatus::Active.as_str();
    Account {
        customer_id: row.id,
        password: row.service_password.clone(),
        profile: profile_spec(profile),
        enabled,
        expires_at: if enabled { row.expires_at } else { None },
        // Set per batch from its jobs (an import's job adopts the router's own account).
        adopts_router_account: false,
        card: None,
    }
}

/// The accounts of `kind` named `names` on `router_id` that should exist; a name missing from
/// the result should not exist on the router.
pub async fn accounts(
    db: &impl ConnectionTrait,
    router_id: i64,
    kind: Kind,
    names: &BTreeSet<String>,
) -> CoreResult<HashMap<String, Account>> {
    let Some(service) = kind.service() else {
        return Ok(HashMap::new());
    };
    let names: Vec<&String> = names.iter().collect();
    let mut rows = Vec::new();
    for chunk in names.chunks(READ_BATCH) {
        rows.extend(
            customer::Entity::find()
                .filter(customer::Column::RouterId.eq(router_id))
                .filter(customer::Column::ServiceType.eq(service.as_str()))
                .filter(customer::Column::Username.is_in(chunk.iter().map(|n| n.as_str())))
                .all(db)
                .await?,
        );
    }
    let profiles = profiles_by_id(db, rows.iter().map(|r| r.profile_id).collect()).await?;
    let mut accounts: HashMap<String, Account> = rows
        .into_iter()
        .filter_map(|row| {
            let profile = profiles.get(&row.profile_id)?;
            Some((row.username.clone(), account_of(&row, profile)))
        })
        .collect();
    if kind == Kind::HotspotUser {
        let missing: Vec<&String> = names
            .iter()
            .copied()
            .filter(|n| !accounts.contains_key(*n))
            .collect();
        accounts.extend(crate::voucher::on_router::accounts(db, router_id, &missing).await?);
    }
    Ok(accounts)
}

/// The profiles named `names` that exist in tikbill.
pub async fn profiles(
    db: &impl ConnectionTrait,
    names: &BTreeSet<String>,
) -> CoreResult<HashMap<String, ProfileSpec>> {
    let names: Vec<&String> = names.iter().collect();
    let mut found = HashMap::new();
    for chunk in names.chunks(READ_BATCH) {
        for row in profile::Entity::find()
            .filter(profile::Column::Name.is_in(chunk.iter().map(|n| n.as_str())))
            .all(db)
            .await?
        {
            found.insert(row.name.clone(), profile_spec(&row));
        }
    }
    Ok(found)
}

pub(crate) async fn profiles_by_id(
    db: &impl ConnectionTrait,
    ids: BTreeSet<i64>,
) -> CoreResult<HashMap<i64, profile::Model>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut found = HashMap::new();
    for chunk in ids.chunks(READ_BATCH) {
        for row in profile::Entity::find()
            .filter(profile::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            found.insert(row.id, row);
        }
    }
    Ok(found)
}

/// Every customer of a router, with their account as it should be, by kind and name.
pub async fn all_accounts(
    db: &impl ConnectionTrait,
    router_id: i64,
) -> CoreResult<HashMap<(Kind, String), Account>> {
    let rows = customer::Entity::find()
        .filter(customer::Column::RouterId.eq(router_id))
        .all(db)
        .await?;
    let profiles = profiles_by_id(db, rows.iter().map(|r| r.profile_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let profile = profiles.get(&row.profile_id)?;
            let service = ServiceType::parse(&row.service_type)?;
            Some((
                (Kind::account_for(service), row.username.clone()),
                account_of(&row, profile),
            ))
        })
        .collect())
}
