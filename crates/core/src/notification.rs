//! The notification center: things the office should see, each made once (`dedupe_key`), and
//! read per staff member (`notification_reads`), so the bell counts what *this* person has not
//! read.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tikbill_api::NotificationView;

use crate::entity::{notification, notification_read};
use crate::{Context, CoreError, CoreResult};

pub const ROUTER_OFFLINE: &str = "router.offline";
pub const ROUTER_ONLINE: &str = "router.online";
pub const DAILY_REPORT: &str = "report.daily";
pub const EXPIRING: &str = "customers.expiring";
pub const JOB_LATE: &str = "agent.job_late";

/// How many notifications the center shows.
pub const SHOWN: u64 = 100;

/// A notification to make.
pub(crate) struct Notice {
    /// `info`, `warning` or `error` (errors also show on the desktop).
    pub level: &'static str,
    pub kind: &'static str,
    /// What it is about, so the same thing is told once (`kind:key`).
    pub key: String,
    pub title: String,
    pub body: String,
}

/// Makes `notice` unless one with its kind and key exists. Returns whether it was made.
pub(crate) async fn notify(
    db: &impl ConnectionTrait,
    notice: Notice,
    at: DateTime<Utc>,
) -> CoreResult<bool> {
    let inserted = notification::Entity::insert(notification::ActiveModel {
        level: Set(notice.level.to_string()),
        kind: Set(notice.kind.to_string()),
        title: Set(notice.title.chars().take(255).collect()),
        body: Set(notice.body),
        read_at: Set(None),
        dedupe_key: Set(Some(format!("{}:{}", notice.kind, notice.key))),
        created_at: Set(at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(notification::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}

fn signed_in(ctx: &Context) -> CoreResult<i64> {
    ctx.actor().require_signed_in()?;
    ctx.actor()
        .staff_id()
        .ok_or_else(|| CoreError::Forbidden("Sign in to see notifications.".into()))
}

/// The newest notifications ([`SHOWN`]), each saying whether the person acting has read it.
pub async fn list(ctx: &Context) -> CoreResult<Vec<NotificationView>> {
    let staff = signed_in(ctx)?;
    let db = ctx.db();
    let rows = notification::Entity::find()
        .order_by_desc(notification::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let read: std::collections::HashSet<i64> = notification_read::Entity::find()
        .select_only()
        .column(notification_read::Column::NotificationId)
        .filter(notification_read::Column::StaffId.eq(staff))
        .filter(notification_read::Column::NotificationId.is_in(ids))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| NotificationView {
            id: r.id,
            level: r.level,
            kind: r.kind,
            title: r.title,
            body: r.body,
            created_at: r
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            read: read.contains(&r.id),
        })
        .collect())
}

/// How many of the newest notifications the person acting has not read.
pub async fn unread(ctx: &Context) -> CoreResult<u64> {
    Ok(list(ctx).await?.iter().filter(|n| !n.read).count() as u64)
}

/// Marks notifications read for the person acting: `ids`, or every one when `None`.
pub async fn mark_read(ctx: &Context, ids: Option<Vec<i64>>) -> CoreResult<u64> {
    let staff = signed_in(ctx)?;
    let db = ctx.db();
    let mut find = notification::Entity::find()
        .select_only()
        .column(notification::Column::Id);
    if let Some(ids) = ids {
        find = find.filter(notification::Column::Id.is_in(ids));
    }
    let ids: Vec<i64> = find.into_tuple().all(db).await?;
    let now = ctx.now();
    let mut marked = 0;
    for chunk in ids.chunks(500) {
        let rows = chunk.iter().map(|&id| notification_read::ActiveModel {
            staff_id: Set(staff),
            notification_id: Set(id),
            read_at: Set(now),
        });
        marked += notification_read::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    notification_read::Column::StaffId,
                    notification_read::Column::NotificationId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(marked)
}

/// Notifications made after id `after`, oldest first: what the app's own background work
/// shows on the desktop (tikbill itself asks, not a person).
pub async fn since(ctx: &Context, after: i64) -> CoreResult<Vec<NotificationView>> {
    ctx.actor().require_system()?;
    let rows = notification::Entity::find()
        .filter(notification::Column::Id.gt(after))
        .order_by_asc(notification::Column::Id)
        .limit(SHOWN)
        .all(ctx.db())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| NotificationView {
            id: r.id,
            level: r.level,
            kind: r.kind,
            title: r.title,
            body: r.body,
            created_at: r
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            read: false,
        })
        .collect())
}

/// The newest notification's id (0 when none).
pub async fn newest_id(db: &impl ConnectionTrait) -> CoreResult<i64> {
    Ok(notification::Entity::find()
        .select_only()
        .column(notification::Column::Id)
        .order_by_desc(notification::Column::Id)
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}
