//! Writing jobs. Every function takes the caller's transaction, so a job is saved with the
//! change that caused it or not at all. A job only names what to converge (router, kind,
//! name); the worker reads what it should look like when it applies it.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use tikbill_api::{CustomerId, ServiceType};

use super::target::Kind;
use crate::entity::{customer, router_job};
use crate::CoreResult;

/// Rows per `INSERT` (well under every backend's bound-parameter limit). Not more: on
/// PostgreSQL one statement's cost through sea-orm and sqlx grows faster than its rows (500 job
/// rows took about 55 ms, 100 rows under 3 ms; benches/vouchers.rs).
const INSERT_BATCH: usize = 100;

/// The job's row, pending from now.
fn job(
    router_id: i64,
    kind: Kind,
    name: &str,
    customer_id: Option<CustomerId>,
    now: DateTime<Utc>,
) -> router_job::ActiveModel {
    router_job::ActiveModel {
        router_id: Set(router_id),
        kind: Set(kind.as_str().to_string()),
        name: Set(name.to_string()),
        customer_id: Set(customer_id),
        status: Set(super::PENDING.to_string()),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(now),
        created_at: Set(now),
        done_at: Set(None),
        ..Default::default()
    }
}

async fn insert(db: &impl ConnectionTrait, rows: Vec<router_job::ActiveModel>) -> CoreResult<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(INSERT_BATCH).collect();
        router_job::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// One customer account: converge `name` of `service` on the router.
pub async fn account(
    db: &impl ConnectionTrait,
    router_id: i64,
    service: ServiceType,
    name: &str,
    customer_id: Option<CustomerId>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let row = job(
        router_id,
        Kind::account_for(service),
        name,
        customer_id,
        now,
    );
    insert(db, vec![row]).await
}

/// An imported customer's account: like [`account`], and it may take over the router's own
/// account of that name (one tikbill did not create), which becomes tikbill's.
pub async fn adopting_account(
    db: &impl ConnectionTrait,
    router_id: i64,
    service: ServiceType,
    name: &str,
    customer_id: CustomerId,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let mut row = job(
        router_id,
        Kind::account_for(service),
        name,
        Some(customer_id),
        now,
    );
    row.adopts_router_account = Set(true);
    insert(db, vec![row]).await
}

/// The accounts of these customers, as stored now.
pub async fn customers(
    db: &impl ConnectionTrait,
    ids: &[CustomerId],
    now: DateTime<Utc>,
) -> CoreResult<()> {
    for chunk in ids.chunks(INSERT_BATCH) {
        let rows: Vec<(i64, i64, String, String)> = customer::Entity::find()
            .select_only()
            .columns([
                customer::Column::Id,
                customer::Column::RouterId,
                customer::Column::ServiceType,
                customer::Column::Username,
            ])
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        let jobs = rows
            .into_iter()
            .map(|(id, router_id, service, name)| {
                let service = ServiceType::parse(&service).unwrap_or(ServiceType::Hotspot);
                job(router_id, Kind::account_for(service), &name, Some(id), now)
            })
            .collect();
        insert(db, jobs).await?;
    }
    Ok(())
}

/// The accounts of customers already read: `(router, service, user name, customer)`.
pub async fn accounts(
    db: &impl ConnectionTrait,
    accounts: &[(i64, ServiceType, String, CustomerId)],
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let jobs = accounts
        .iter()
        .map(|(router_id, service, name, id)| {
            job(
                *router_id,
                Kind::account_for(*service),
                name,
                Some(*id),
                now,
            )
        })
        .collect();
    insert(db, jobs).await
}

/// A profile on every router where customers use it (both menus where both services do), and,
/// when it was renamed, the removal of the old name there and every such customer's account
/// (which must point at the new name).
pub async fn profile_everywhere(
    db: &impl ConnectionTrait,
    profile_id: i64,
    old_name: &str,
    new_name: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let places: Vec<(i64, String)> = customer::Entity::find()
        .select_only()
        .columns([customer::Column::RouterId, customer::Column::ServiceType])
        .filter(customer::Column::ProfileId.eq(profile_id))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let renamed = old_name != new_name;
    let mut jobs = Vec::new();
    for (router_id, service) in places {
        let service = ServiceType::parse(&service).unwrap_or(ServiceType::Hotspot);
        let kind = Kind::profile_for(service);
        jobs.push(job(router_id, kind, new_name, None, now));
        if renamed {
            jobs.push(job(router_id, kind, old_name, None, now));
        }
    }
    insert(db, jobs).await?;
    if renamed {
        let ids: Vec<CustomerId> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::ProfileId.eq(profile_id))
            .into_tuple()
            .all(db)
            .await?;
        customers(db, &ids, now).await?;
    }
    Ok(())
}

/// Any key on one router (sync's repairs).
pub async fn key(
    db: &impl ConnectionTrait,
    router_id: i64,
    kind: Kind,
    name: &str,
    customer_id: Option<CustomerId>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    insert(db, vec![job(router_id, kind, name, customer_id, now)]).await
}

/// Many keys of one kind on one router (a batch of vouchers).
pub async fn names(
    db: &impl ConnectionTrait,
    router_id: i64,
    kind: Kind,
    names: &[String],
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let jobs = names
        .iter()
        .map(|name| job(router_id, kind, name, None, now))
        .collect();
    insert(db, jobs).await
}
