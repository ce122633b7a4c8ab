//! Profiles (bandwidth plans): what a customer buys. A profile's name is unique; it cannot be
//! deleted while customers use it.

mod draft;

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};
use tikbill_api::{DurationUnit, ProfileId, ProfileInput, ProfileView};

use crate::audit::{self, AuditEntry};
use crate::entity::{customer, profile};
use crate::money::from_e4;
use crate::rate_limit::{Burst, RateLimit, UpDown};
use crate::size::format_size;
use crate::{unique_name, usage, Context, CoreError, CoreResult};
use tikbill_api::Permission;

const WHAT: &str = "profile";

pub use draft::ProfileDraft;

/// Every profile, by name, with how many customers use each.
pub async fn list(ctx: &Context) -> CoreResult<Vec<ProfileView>> {
    ctx.require(Permission::ViewPlans)?;
    let db = ctx.db();
    let counts = usage::customers_by(db, customer::Column::ProfileId).await?;
    let rows = profile::Entity::find()
        .order_by_asc(profile::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let n = counts.get(&row.id).copied().unwrap_or(0);
            view(row, n)
        })
        .collect())
}

/// One profile.
pub async fn get(ctx: &Context, id: ProfileId) -> CoreResult<ProfileView> {
    ctx.require(Permission::ViewPlans)?;
    let row = find(ctx.db(), id).await?;
    let n = customers_using(ctx.db(), id).await?;
    Ok(view(row, n))
}

pub async fn create(ctx: &Context, input: &ProfileInput) -> CoreResult<ProfileView> {
    ctx.require(Permission::EditPlans)?;
    let draft = ProfileDraft::parse(input)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    ensure_name_free(&txn, &draft.name, None).await?;
    let now = ctx.now();
    let name = draft.name.clone();
    let mut row = draft.into_active_model();
    row.created_at = Set(now);
    row.updated_at = Set(now);
    let saved = row.insert(&txn).await.map_err(|e| name_clash(e, &name))?;
    let after = view(saved, 0);
    audit::record(
        &txn,
        AuditEntry::by(ctx, "profile.create", WHAT, Some(after.id)).after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn update(ctx: &Context, id: ProfileId, input: &ProfileInput) -> CoreResult<ProfileView> {
    ctx.require(Permission::EditPlans)?;
    let draft = ProfileDraft::parse(input)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let existing = find(&txn, id).await?;
    ensure_name_free(&txn, &draft.name, Some(id)).await?;
    let n = customers_using(&txn, id).await?;
    let before = view(existing.clone(), n);
    let name = draft.name.clone();
    let mut row = draft.into_active_model();
    row.id = sea_orm::Unchanged(existing.id);
    row.created_at = sea_orm::Unchanged(existing.created_at);
    row.updated_at = Set(ctx.now());
    let saved = row.update(&txn).await.map_err(|e| name_clash(e, &name))?;
    crate::provisioning::enqueue::profile_everywhere(
        &txn,
        id,
        &existing.name,
        &saved.name,
        saved.updated_at,
    )
    .await?;
    let after = view(saved, n);
    audit::record(
        &txn,
        AuditEntry::by(ctx, "profile.update", WHAT, Some(id))
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Deletes a profile no customer uses; refuses otherwise, saying how many use it.
pub async fn delete(ctx: &Context, id: ProfileId) -> CoreResult<()> {
    ctx.require(Permission::EditPlans)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let existing = find(&txn, id).await?;
    let n = customers_using(&txn, id).await?;
    if n > 0 {
        return Err(in_use(&existing.name, n));
    }
    let name = existing.name.clone();
    let before = view(existing, 0);
    // Its old payments stay, of no plan: their days are added up again.
    crate::report::rollup::stale_payments_of(&txn, crate::entity::payment::Column::ProfileId, id)
        .await?;
    profile::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .map_err(|e| {
            if CoreError::is_foreign_key_violation(&e) {
                in_use(&name, 1)
            } else {
                e.into()
            }
        })?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "profile.delete", WHAT, Some(id)).before(&before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn find(db: &impl ConnectionTrait, id: ProfileId) -> CoreResult<profile::Model> {
    profile::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| {
            CoreError::NotFound(format!(
                "Profile #{id} does not exist (it may have been deleted)."
            ))
        })
}

async fn customers_using(db: &impl ConnectionTrait, id: ProfileId) -> CoreResult<i64> {
    usage::customers_with(db, customer::Column::ProfileId, id).await
}

async fn ensure_name_free(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<ProfileId>,
) -> CoreResult<()> {
    unique_name::ensure_free::<profile::Entity>(
        db,
        profile::Column::Name,
        profile::Column::Id,
        name,
        except,
        WHAT,
    )
    .await
}

fn name_clash(err: sea_orm::DbErr, name: &str) -> CoreError {
    unique_name::clash(err, WHAT, name)
}

fn in_use(name: &str, n: i64) -> CoreError {
    let who = usage::customers_phrase(n);
    CoreError::InUse(format!(
        "'{name}' is used by {who}. Move them to another profile before deleting it."
    ))
}

/// The stored row as the UI sees it.
fn view(row: profile::Model, customer_count: i64) -> ProfileView {
    let rate = rate_limit_of(&row);
    ProfileView {
        id: row.id,
        name: row.name,
        rate_limit: rate.to_string(),
        price: from_e4(row.price_e4).to_string(),
        currency: row.currency,
        duration_value: u32::try_from(row.duration_value).unwrap_or(0),
        duration_unit: DurationUnit::parse(&row.duration_unit).unwrap_or(DurationUnit::Days),
        data_limit: row
            .data_limit_bytes
            .and_then(|b| u64::try_from(b).ok())
            .map(format_size),
        shared_users: u32::try_from(row.shared_users).unwrap_or(1),
        session_timeout: row
            .session_timeout_secs
            .and_then(|s| u64::try_from(s).ok())
            .map(|s| tikbill_routeros::menu::format_duration(std::time::Duration::from_secs(s))),
        customer_count: u64::try_from(customer_count).unwrap_or(0),
    }
}

/// The stored columns as a rate limit (all values were validated before they were stored).
pub(crate) fn rate_limit_of(row: &profile::Model) -> RateLimit {
    let u = |v: i64| u64::try_from(v).unwrap_or(0);
    let s = |v: i32| u32::try_from(v).unwrap_or(0);
    let burst = match (
        row.burst_up_bps,
        row.burst_down_bps,
        row.burst_threshold_up_bps,
        row.burst_threshold_down_bps,
        row.burst_time_up_secs,
        row.burst_time_down_secs,
    ) {
        (Some(bu), Some(bd), Some(tu), Some(td), Some(su), Some(sd)) => Some(Burst {
            rate: UpDown {
                up: u(bu),
                down: u(bd),
            },
            threshold: UpDown {
                up: u(tu),
                down: u(td),
            },
            time_secs: UpDown {
                up: s(su),
                down: s(sd),
            },
        }),
        _ => None,
    };
    RateLimit {
        rate: UpDown {
            up: u(row.rate_up_bps),
            down: u(row.rate_down_bps),
        },
        burst,
    }
}
