//! When each scheduled job last ran, kept in the `settings` table under
//! `agent.job.<name>.last_run` as RFC 3339 UTC text, so the app can show it and a restarted
//! agent knows what it missed.

use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use tikbill_core::CoreError;

use crate::setting;
use crate::AgentError;

/// The settings key for a job's last run, e.g. `agent.job.health.last_run`.
pub fn key(job: &str) -> String {
    format!("agent.job.{job}.last_run")
}

/// Records that `job` ran at `at` (replacing the previous record).
pub async fn record(
    db: &impl ConnectionTrait,
    job: &str,
    at: DateTime<Utc>,
) -> Result<(), AgentError> {
    let row = setting::ActiveModel {
        key: Set(key(job)),
        value: Set(at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        updated_at: Set(at),
    };
    setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map_err(CoreError::from)?;
    Ok(())
}

/// When `job` last ran, if ever (a value that is not RFC 3339 counts as never).
pub async fn last(
    db: &impl ConnectionTrait,
    job: &str,
) -> Result<Option<DateTime<Utc>>, AgentError> {
    let row = setting::Entity::find_by_id(key(job))
        .one(db)
        .await
        .map_err(CoreError::from)?;
    Ok(row
        .and_then(|r| DateTime::parse_from_rfc3339(&r.value).ok())
        .map(|t| t.with_timezone(&Utc)))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use sea_orm::{ConnectionTrait, Statement};
    use tikbill_core::db;

    use super::*;

    #[tokio::test]
    async fn the_last_run_is_recorded_replaced_and_read_back_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let db = db::open(&db::sqlite_url(dir.path())).await.unwrap();
        assert_eq!(
            last(&db, "health").await.unwrap(),
            None,
            "never ran in a new database"
        );
        let first = Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap();
        let second = Utc.with_ymd_and_hms(2026, 11, 24, 8, 5, 0).unwrap();
        record(&db, "health", first).await.unwrap();
        record(&db, "health", second).await.unwrap();
        assert_eq!(
            last(&db, "health").await.unwrap(),
            Some(second),
            "the newer run replaces the older"
        );
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT value FROM settings WHERE key = 'agent.job.health.last_run'",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.try_get_by_index::<String>(0).unwrap(),
            "2026-11-24T08:05:00Z",
            "stored as RFC 3339 UTC text that the app and people can read"
        );
        assert_eq!(
            last(&db, "reports").await.unwrap(),
            None,
            "jobs are kept apart"
        );
    }
}
