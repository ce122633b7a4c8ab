//! Reading and writing stored deliveries.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use tikbill_api::{DeliveryState, PulledDelivery, PulledPage};

use crate::entity::gateway_delivery::{self, Column, Entity};
use crate::{CoreError, CoreResult};

pub(crate) const STORED: &str = "stored";

/// The most deliveries one pull returns.
pub const PULL_LIMIT: u64 = 500;

/// A stored delivery, for processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDelivery {
    pub id: i64,
    pub hook: String,
    pub gateway: String,
    pub received_at: DateTime<Utc>,
    pub remote_addr: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub attempts: i32,
}

/// What processing decided about a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub state: DeliveryState,
    /// In plain words: "paid 500.00 KES for ayu: payment 12", "signature does not match".
    pub words: String,
    pub payment_id: Option<i64>,
    /// The gateway's own id of the delivery, if signed (a second delivery with it is a replay).
    pub delivery_key: Option<String>,
    /// For `Waiting`: when to try again.
    pub retry_at: Option<DateTime<Utc>>,
}

pub(crate) fn headers_json(headers: &[(String, String)]) -> String {
    serde_json::to_string(headers).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn headers_of(json: &str) -> Vec<(String, String)> {
    serde_json::from_str(json).unwrap_or_default()
}

fn raw(row: gateway_delivery::Model) -> RawDelivery {
    RawDelivery {
        headers: headers_of(&row.headers),
        id: row.id,
        hook: row.hook,
        gateway: row.gateway,
        received_at: row.received_at,
        remote_addr: row.remote_addr,
        body: row.body,
        attempts: row.attempts,
    }
}

/// This relay's own deliveries (not ones it pulled itself) after the cursor, oldest first.
pub async fn after(db: &DatabaseConnection, cursor: i64, limit: u64) -> CoreResult<PulledPage> {
    let rows = Entity::find()
        .filter(Column::Id.gt(cursor))
        .filter(Column::Source.is_null())
        .order_by_asc(Column::Id)
        .limit(limit.clamp(1, PULL_LIMIT))
        .all(db)
        .await?;
    let next_after = rows.last().map_or(cursor, |r| r.id);
    let deliveries = rows
        .into_iter()
        .map(|row| PulledDelivery {
            id: row.id,
            received_at: row.received_at.to_rfc3339(),
            headers: headers_of(&row.headers),
            body_base64: base64::engine::general_purpose::STANDARD.encode(&row.body),
            hook: row.hook,
            gateway: row.gateway,
            remote_addr: row.remote_addr,
        })
        .collect();
    Ok(PulledPage {
        deliveries,
        next_after,
    })
}

/// Where pulling from `source` goes on: the newest of its deliveries stored here.
pub async fn pulled_up_to(db: &DatabaseConnection, source: &str) -> CoreResult<i64> {
    let newest = Entity::find()
        .filter(Column::Source.eq(source))
        .order_by_desc(Column::SourceId)
        .one(db)
        .await?;
    Ok(newest.and_then(|r| r.source_id).unwrap_or(0))
}

/// Stores deliveries pulled from the relay at `source`, each once; returns how many were new.
pub async fn import(
    db: &DatabaseConnection,
    source: &str,
    pulled: &[PulledDelivery],
) -> CoreResult<usize> {
    let mut added = 0;
    for d in pulled {
        let body = base64::engine::general_purpose::STANDARD
            .decode(&d.body_base64)
            .map_err(|e| CoreError::Internal(format!("delivery {} from {source}: {e}", d.id)))?;
        let received_at = DateTime::parse_from_rfc3339(&d.received_at)
            .map_err(|e| CoreError::Internal(format!("delivery {} from {source}: {e}", d.id)))?
            .with_timezone(&Utc);
        let row = gateway_delivery::ActiveModel {
            hook: Set(d.hook.clone()),
            gateway: Set(d.gateway.clone()),
            received_at: Set(received_at),
            remote_addr: Set(d.remote_addr.chars().take(64).collect()),
            headers: Set(headers_json(&d.headers)),
            body: Set(body),
            state: Set(STORED.into()),
            attempts: Set(0),
            source: Set(Some(source.to_string())),
            source_id: Set(Some(d.id)),
            ..Default::default()
        };
        let inserted = Entity::insert(row)
            .on_conflict(
                OnConflict::columns([Column::Source, Column::SourceId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        added += inserted as usize;
    }
    Ok(added)
}

/// Deliveries to process now: every stored one and every waiting one whose time has come,
/// oldest first.
pub async fn due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> CoreResult<Vec<RawDelivery>> {
    let rows = Entity::find()
        .filter(
            Condition::any().add(Column::State.eq(STORED)).add(
                Condition::all()
                    .add(Column::State.eq(DeliveryState::Waiting.as_str()))
                    .add(Column::NextAttemptAt.lte(now)),
            ),
        )
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(raw).collect())
}

/// One delivery, raw.
pub async fn get_raw(db: &DatabaseConnection, id: i64) -> CoreResult<RawDelivery> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .map(raw)
        .ok_or_else(|| CoreError::NotFound(format!("There is no delivery {id}.")))
}

/// Writes processing's verdict beside the raw delivery. A delivery key another delivery of the
/// same gateway already has is a replay: `Conflict`.
pub async fn finish(
    db: &DatabaseConnection,
    id: i64,
    verdict: &Verdict,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let row = gateway_delivery::ActiveModel {
        id: Set(id),
        state: Set(verdict.state.as_str().into()),
        verdict: Set(Some(verdict.words.clone())),
        payment_id: Set(verdict.payment_id),
        processed_at: Set(Some(now)),
        next_attempt_at: Set(verdict.retry_at),
        delivery_key: Set(verdict.delivery_key.clone()),
        ..Default::default()
    };
    let attempts = Entity::find_by_id(id)
        .one(db)
        .await?
        .map_or(0, |r| r.attempts);
    let mut row = row;
    row.attempts = Set(attempts.saturating_add(1));
    match Entity::update(row).exec(db).await {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(CoreError::Conflict(format!(
            "delivery {id} repeats a delivery already processed"
        ))),
        Err(e) => Err(e.into()),
    }
}

fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Whether another delivery of `gateway` was already processed with this delivery key.
pub async fn key_seen(
    db: &DatabaseConnection,
    gateway: &str,
    key: &str,
    except: i64,
) -> CoreResult<bool> {
    Ok(Entity::find()
        .filter(Column::Gateway.eq(gateway))
        .filter(Column::DeliveryKey.eq(key))
        .filter(Column::Id.ne(except))
        .one(db)
        .await?
        .is_some())
}
