//! A customer as their router has them: the account, the expiry entry, the session online now
//! (with a Kick), and the connection history tikbill recorded from what it saw online.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tikbill_api::{
    ActiveSessionView, CustomerId, CustomerRouterView, RouterAccountView, ServiceType,
    SessionHistoryView,
};
use tikbill_routeros::menu::parse_duration;
use tikbill_routeros::{Client, Command, Row};

use super::find;
use crate::entity::{customer, customer_session};
use crate::provisioning::apply::{self, is_disabled, Seen, Target};
use crate::provisioning::router_time::RouterTime;
use crate::provisioning::target::{expiry_entry_name, Kind};
use crate::provisioning::{failed_jobs, queue, worker, JobScope};
use crate::router::clock as router_clock;
use crate::router::probe::ProbeFailure;
use crate::sync::snapshot::entry_start;
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

/// Sessions shown in the history.
const HISTORY: u64 = 20;
/// A session seen again whose start differs less than this is the same session.
const SAME_SESSION_SLACK: TimeDelta = TimeDelta::minutes(2);

/// What the router has for the customer now (or why it could not tell), and their history.
pub async fn on_router(
    ctx: &Context,
    id: CustomerId,
    timeout: Duration,
) -> CoreResult<CustomerRouterView> {
    ctx.require(Permission::ViewCustomers)?;
    let (db, secrets) = (ctx.db(), ctx.secrets());
    let row = find(db, id).await?;
    let kind = kind_of(&row);
    let mut view = CustomerRouterView {
        customer_id: id,
        account: None,
        session: None,
        router_error: None,
        clock_warning: None,
        waiting_changes: queue::waiting_for(db, id).await?,
        history: Vec::new(),
        failed: failed_jobs(ctx, JobScope::Customer(id)).await?,
    };
    match worker::connect(db, secrets, row.router_id, timeout).await? {
        Err(why) => view.router_error = Some(why),
        Ok(client) => {
            let router_clock = read_clock(&client).await;
            let now = ctx.now();
            view.clock_warning = router_clock
                .as_ref()
                .and_then(|row| router_clock::clock_error(row, now))
                .and_then(|error| router_clock::describe_clock_error(error, now));
            let router_time = router_clock
                .as_ref()
                .and_then(|row| RouterTime::from_clock_row(row, now).ok());
            match look(&client, kind, &row.username, now).await {
                Ok(seen) => {
                    view.account = account_of(&seen, kind, &row.username, router_time.as_ref());
                    let session = first_session(&seen, kind, &row.username);
                    observe(db, &row, session.as_ref(), ctx.now()).await?;
                    view.session = session;
                }
                Err(why) => view.router_error = Some(why),
            }
            client.close();
        }
    }
    view.history = history(db, id).await?;
    Ok(view)
}

/// Logs the customer out now (the account stays as it is), records it (`customer.kick`, with
/// the end of their session in the connection history), then shows them again.
pub async fn kick(
    ctx: &Context,
    id: CustomerId,
    timeout: Duration,
) -> CoreResult<CustomerRouterView> {
    ctx.require(Permission::SuspendCustomers)?;
    let (db, secrets) = (ctx.db(), ctx.secrets());
    let row = find(db, id).await?;
    let kind = kind_of(&row);
    let client = match worker::connect(db, secrets, row.router_id, timeout).await? {
        Ok(client) => client,
        Err(why) => return Err(CoreError::Router(ProbeFailure::Setup(why))),
    };
    let seen = look(&client, kind, &row.username, ctx.now())
        .await
        .map_err(|why| CoreError::Router(ProbeFailure::Setup(why)))?;
    if let (Some(sessions), Some((menu, _, _))) = (
        seen.sessions.get(&(kind, row.username.clone())),
        kind.active_menu(),
    ) {
        for session in sessions.iter().filter_map(|s| s.get(".id")) {
            let remove = Command::new(format!("{menu}/remove")).attr(".id", session);
            client
                .run(remove)
                .await
                .map_err(|e| CoreError::Router(ProbeFailure::Router(e)))?;
        }
    }
    client.close();
    let txn = crate::db::begin_write(db).await?;
    observe(&txn, &row, None, ctx.now()).await?;
    crate::audit::record(
        &txn,
        crate::audit::AuditEntry::by(ctx, "customer.kick", "customer", Some(id)),
    )
    .await?;
    txn.commit().await?;
    on_router(ctx, id, timeout).await
}

fn kind_of(row: &customer::Model) -> Kind {
    Kind::account_for(ServiceType::parse(&row.service_type).unwrap_or(ServiceType::Hotspot))
}

async fn look(client: &Client, kind: Kind, name: &str, now: DateTime<Utc>) -> Result<Seen, String> {
    let target = Target::Account {
        kind,
        name: name.to_string(),
        want: None,
    };
    apply::read(client, &[target], now)
        .await
        .map_err(|e| e.to_string())
}

/// The row `/system/clock/print` answers, if the router shows it.
async fn read_clock(client: &Client) -> Option<Row> {
    let reply = client.run(Command::new("/system/clock/print")).await.ok()?;
    reply.rows.into_iter().next()
}

fn account_of(
    seen: &Seen,
    kind: Kind,
    name: &str,
    router_time: Option<&RouterTime>,
) -> Option<RouterAccountView> {
    let item = seen.items.get(&(kind, name.to_string()))?;
    let entry_row = seen.entries.get(&expiry_entry_name(kind, name));
    let entry = entry_row.map(|e| {
        format!(
            "{} {}",
            e.get("start-date").unwrap_or_default(),
            e.get("start-time").unwrap_or_default()
        )
    });
    // When the router's clock will show the entry's start, in real time.
    let fires_at = entry_row
        .and_then(entry_start)
        .zip(router_time)
        .and_then(|(start, time)| time.instant(start))
        .map(|at| at.to_rfc3339());
    let text = |name: &str| item.get(name).filter(|v| !v.is_empty()).map(str::to_owned);
    Some(RouterAccountView {
        menu: kind.menu().to_string(),
        name: name.to_string(),
        profile: text("profile"),
        disabled: is_disabled(item),
        comment: text("comment"),
        expiry_entry: entry,
        expiry_fires_at: fires_at,
    })
}

pub(super) fn first_session(seen: &Seen, kind: Kind, name: &str) -> Option<ActiveSessionView> {
    let row: &Row = seen.sessions.get(&(kind, name.to_string()))?.first()?;
    let number = |name: &str| row.get(name).and_then(|v| v.parse().ok()).unwrap_or(0);
    let text = |name: &str| row.get(name).filter(|v| !v.is_empty()).map(str::to_owned);
    Some(ActiveSessionView {
        address: text("address"),
        mac_address: text("mac-address").or_else(|| text("caller-id")),
        uptime_secs: row
            .get("uptime")
            .and_then(parse_duration)
            .map_or(0, |d| d.as_secs()),
        bytes_in: number("bytes-in"),
        bytes_out: number("bytes-out"),
    })
}

/// Records what was seen: the open session continues (or a new one starts), or it ended.
pub(super) async fn observe(
    db: &impl ConnectionTrait,
    row: &customer::Model,
    session: Option<&ActiveSessionView>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let open = customer_session::Entity::find()
        .filter(customer_session::Column::CustomerId.eq(row.id))
        .filter(customer_session::Column::EndedAt.is_null())
        .order_by_desc(customer_session::Column::Id)
        .one(db)
        .await?;
    let Some(session) = session else {
        return close_open(db, row.id, now).await;
    };
    let uptime = i64::try_from(session.uptime_secs).unwrap_or(0);
    let started = now - TimeDelta::seconds(uptime);
    let bytes = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    match open {
        // The same session: it started when the open one did, or it is still at the same
        // address and its uptime has not gone back (a new login starts from zero).
        Some(open)
            if (open.started_at - started).abs() < SAME_SESSION_SLACK
                || (open.address == session.address && uptime >= open.uptime_secs) =>
        {
            let mut open: customer_session::ActiveModel = open.into();
            open.uptime_secs = Set(uptime);
            open.bytes_in = Set(bytes(session.bytes_in));
            open.bytes_out = Set(bytes(session.bytes_out));
            open.update(db).await?;
        }
        _ => {
            close_open(db, row.id, now).await?;
            customer_session::ActiveModel {
                customer_id: Set(row.id),
                router_id: Set(row.router_id),
                started_at: Set(started),
                ended_at: Set(None),
                address: Set(session.address.clone()),
                mac_address: Set(session.mac_address.clone()),
                bytes_in: Set(bytes(session.bytes_in)),
                bytes_out: Set(bytes(session.bytes_out)),
                uptime_secs: Set(uptime),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

async fn close_open(
    db: &impl ConnectionTrait,
    customer_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    customer_session::Entity::update_many()
        .col_expr(customer_session::Column::EndedAt, Expr::value(now))
        .filter(customer_session::Column::CustomerId.eq(customer_id))
        .filter(customer_session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn history(db: &impl ConnectionTrait, id: CustomerId) -> CoreResult<Vec<SessionHistoryView>> {
    let rows = customer_session::Entity::find()
        .filter(customer_session::Column::CustomerId.eq(id))
        .order_by_desc(customer_session::Column::StartedAt)
        .limit(HISTORY)
        .all(db)
        .await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|s| SessionHistoryView {
            started_at: s.started_at.to_rfc3339(),
            ended_at: s.ended_at.map(|t| t.to_rfc3339()),
            address: s.address,
            mac_address: s.mac_address,
            uptime_secs: count(s.uptime_secs),
            bytes_in: count(s.bytes_in),
            bytes_out: count(s.bytes_out),
        })
        .collect())
}
