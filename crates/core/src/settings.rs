//! Office-wide settings kept in the `settings` table (each change recorded in the audit log as
//! `settings.office`), and the agent's record of its jobs (not recorded: the agent's own
//! bookkeeping).

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tikbill_api::{FieldError, JobRunView, OfficeSettings, DEFAULT_IDLE_LOCK_MINUTES};

use crate::audit::AuditEntry;
use crate::entity::setting;
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

pub(crate) mod receipt;
mod relay;

pub(crate) use receipt::logo;
pub(crate) use receipt::stored as stored_receipt_settings;
pub use receipt::{receipt_settings, save_receipt_settings, set_logo, LINES_MAX, LOGO_MAX_BYTES};
pub use relay::{
    relay_listen, relay_public_url, relay_pull_from, relay_settings, save_relay_settings,
    set_relay_public_url, set_relay_pull_from,
};

/// The office time zone's key.
pub const OFFICE_TIME_ZONE: &str = "office.time_zone";
/// The idle lock's key (minutes).
pub const IDLE_LOCK_MINUTES: &str = "office.idle_lock_minutes";
/// The longest idle lock the office may choose: a working day.
pub const IDLE_LOCK_MAX: u32 = 480;
const JOB_PREFIX: &str = "agent.job.";
const JOB_SUFFIX: &str = ".last_run";

/// The office's time zone; UTC until the office sets one. Services read it through
/// [`Context::office_time_zone`].
pub(crate) async fn office_time_zone(db: &impl ConnectionTrait) -> CoreResult<Tz> {
    Ok(read(db, OFFICE_TIME_ZONE)
        .await?
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC))
}

/// Sets the office time zone to `zone` unless the office chose one already (the app passes the
/// computer's own zone at its first start), recorded as `settings.office`. Returns whether it
/// was set.
pub async fn default_office_time_zone(ctx: &Context, zone: &str) -> CoreResult<bool> {
    ctx.actor().require_system()?;
    let Ok(zone) = zone.parse::<Tz>() else {
        return Ok(false);
    };
    let txn = crate::db::begin_write(ctx.db()).await?;
    if read(&txn, OFFICE_TIME_ZONE).await?.is_some() {
        return Ok(false);
    }
    let before = stored(&txn).await?;
    write(&txn, OFFICE_TIME_ZONE, zone.name(), ctx.now()).await?;
    crate::report::rollup::drop_all(&txn).await?;
    let after = OfficeSettings {
        time_zone: zone.name().to_string(),
        ..before.clone()
    };
    record_office(ctx, &txn, &before, &after).await?;
    txn.commit().await?;
    Ok(true)
}

/// The office settings as stored (defaults for what was never set).
async fn stored(db: &impl ConnectionTrait) -> CoreResult<OfficeSettings> {
    Ok(OfficeSettings {
        time_zone: office_time_zone(db).await?.name().to_string(),
        idle_lock_minutes: idle_lock_minutes(db).await?,
    })
}

async fn record_office(
    ctx: &Context,
    txn: &impl ConnectionTrait,
    before: &OfficeSettings,
    after: &OfficeSettings,
) -> CoreResult<()> {
    crate::audit::record(
        txn,
        AuditEntry::by(ctx, "settings.office", "settings", None)
            .before(before)
            .after(after),
    )
    .await
}

/// The office settings: anyone signed in reads them (every page shows times in the office's zone).
pub async fn office_settings(ctx: &Context) -> CoreResult<OfficeSettings> {
    ctx.actor().require_signed_in()?;
    stored(ctx.db()).await
}

/// Minutes without use after which the app locks (anyone may read it: the app locks before
/// anyone signs in again).
pub async fn idle_lock(ctx: &Context) -> CoreResult<u32> {
    idle_lock_minutes(ctx.db()).await
}

/// Minutes without use after which the app locks ([`DEFAULT_IDLE_LOCK_MINUTES`] until the
/// office chooses; a stored value out of range counts as unset).
pub(crate) async fn idle_lock_minutes(db: &impl ConnectionTrait) -> CoreResult<u32> {
    Ok(read(db, IDLE_LOCK_MINUTES)
        .await?
        .and_then(|value| value.parse::<u32>().ok())
        .filter(|minutes| (1..=IDLE_LOCK_MAX).contains(minutes))
        .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
}

/// Saves the office settings; an unknown time zone is refused under its field.
pub async fn save_office_settings(
    ctx: &Context,
    input: &OfficeSettings,
) -> CoreResult<OfficeSettings> {
    ctx.require(Permission::EditSettings)?;
    let name = input.time_zone.trim();
    let mut refused = Vec::new();
    let zone = name.parse::<Tz>().ok();
    if zone.is_none() {
        refused.push(FieldError {
            field: "time_zone".into(),
            message: format!(
                "'{name}' is not a time zone: use an IANA name such as Africa/Nairobi or \
                 Asia/Jakarta."
            ),
        });
    }
    if !(1..=IDLE_LOCK_MAX).contains(&input.idle_lock_minutes) {
        refused.push(FieldError {
            field: "idle_lock_minutes".into(),
            message: format!("The idle lock is between 1 and {IDLE_LOCK_MAX} minutes."),
        });
    }
    let Some(zone) = zone.filter(|_| refused.is_empty()) else {
        return Err(CoreError::invalid("office settings", refused));
    };
    let txn = crate::db::begin_write(ctx.db()).await?;
    let before = stored(&txn).await?;
    let now = ctx.now();
    write(&txn, OFFICE_TIME_ZONE, zone.name(), now).await?;
    write(
        &txn,
        IDLE_LOCK_MINUTES,
        &input.idle_lock_minutes.to_string(),
        now,
    )
    .await?;
    let after = stored(&txn).await?;
    if after.time_zone != before.time_zone {
        // Days are the office's: every roll-up is added up again in the new zone.
        crate::report::rollup::drop_all(&txn).await?;
    }
    record_office(ctx, &txn, &before, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// When each agent job last ran, by name.
pub async fn job_runs(ctx: &Context) -> CoreResult<Vec<JobRunView>> {
    ctx.require(Permission::ViewSettings)?;
    job_runs_unchecked(ctx.db()).await
}

/// [`job_runs`] for tikbill's own checks (no person asks).
pub(crate) async fn job_runs_unchecked(db: &impl ConnectionTrait) -> CoreResult<Vec<JobRunView>> {
    let rows = setting::Entity::find()
        .filter(setting::Column::Key.starts_with(JOB_PREFIX))
        .order_by_asc(setting::Column::Key)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let name = row.key.strip_prefix(JOB_PREFIX)?.strip_suffix(JOB_SUFFIX)?;
            let last_run = DateTime::parse_from_rfc3339(&row.value).ok().map(|t| {
                t.with_timezone(&Utc)
                    .to_rfc3339_opts(SecondsFormat::Secs, true)
            });
            Some(JobRunView {
                name: name.to_string(),
                last_run,
            })
        })
        .collect())
}

/// Records that the agent's job `job` ran at `at` (replacing the previous record), as RFC 3339
/// UTC text under `agent.job.<job>.last_run`, so the app can show it and a restarted agent
/// knows what it missed.
pub async fn record_job_run(ctx: &Context, job: &str, at: DateTime<Utc>) -> CoreResult<()> {
    ctx.actor().require_system()?;
    let value = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    write(ctx.db(), &job_key(job), &value, at).await
}

/// When the agent's job `job` last ran, if ever (a value that is not RFC 3339 counts as never).
pub async fn last_job_run(ctx: &Context, job: &str) -> CoreResult<Option<DateTime<Utc>>> {
    Ok(read(ctx.db(), &job_key(job))
        .await?
        .and_then(|value| DateTime::parse_from_rfc3339(&value).ok())
        .map(|t| t.with_timezone(&Utc)))
}

/// The settings key for a job's last run, e.g. `agent.job.health.last_run`.
pub fn job_key(job: &str) -> String {
    format!("{JOB_PREFIX}{job}{JOB_SUFFIX}")
}

pub(crate) async fn read(db: &impl ConnectionTrait, key: &str) -> CoreResult<Option<String>> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|row| row.value))
}

pub(crate) async fn write(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
    at: DateTime<Utc>,
) -> CoreResult<()> {
    let row = setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
        updated_at: Set(at),
    };
    setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

async fn remove(db: &impl ConnectionTrait, key: &str) -> CoreResult<()> {
    setting::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}
