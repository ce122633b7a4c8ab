//! Learning where cards are from the routers and the job queue (run by the agent every minute
//! and by "Refresh" on the vouchers page):
//!
//! - a card `created` whose router jobs are all done is `on_router`;
//! - a card whose first login the router saw (time online, traffic, a session, or its
//!   first-login scheduler entry) is `in_use`;
//! - a card in use that reached its time online or data limit is `used_up`; one its router
//!   switched off (its first-login time or its last day ended there) is `expired`.
//!
//! tikbill itself acts for these moves; each is recorded like any other.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use tikbill_api::VoucherState;
use tikbill_routeros::menu::{parse_bool, parse_duration};
use tikbill_routeros::{Client, Command};

use super::moves;
use super::on_router::card_of_entry;
use super::view::{routers_of, state_of};
use crate::entity::{router_job, voucher, voucher_batch_router};
use crate::provisioning::target::{is_card_comment, Kind};
use crate::provisioning::worker;
use crate::router::probe::ProbeFailure;
use crate::{Context, CoreError, CoreResult};

/// Names per `IN (…)`.
const READ_BATCH: usize = 500;

/// What one pass moved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Observed {
    pub on_router: u64,
    pub in_use: u64,
    pub used_up: u64,
    pub expired: u64,
}

/// Cards `created` whose router jobs are all done become `on_router`.
pub async fn settle_pushed(ctx: &Context) -> CoreResult<u64> {
    ctx.actor().require_system()?;
    let db = ctx.db();
    let created: Vec<(i64, String, i64)> = voucher::Entity::find()
        .select_only()
        .columns([
            voucher::Column::Id,
            voucher::Column::Code,
            voucher::Column::BatchId,
        ])
        .filter(voucher::Column::State.eq(VoucherState::Created.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    if created.is_empty() {
        return Ok(0);
    }
    let batches: HashSet<i64> = created.iter().map(|(_, _, b)| *b).collect();
    let routers: HashSet<i64> = voucher_batch_router::Entity::find()
        .filter(voucher_batch_router::Column::BatchId.is_in(batches.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.router_id)
        .collect();
    let mut waiting: HashSet<String> = HashSet::new();
    for router_id in routers {
        let names: Vec<String> = router_job::Entity::find()
            .select_only()
            .column(router_job::Column::Name)
            .filter(router_job::Column::RouterId.eq(router_id))
            .filter(router_job::Column::Status.ne(crate::provisioning::DONE))
            .filter(router_job::Column::Kind.eq(Kind::HotspotUser.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        waiting.extend(names);
    }
    let ready: Vec<i64> = created
        .into_iter()
        .filter(|(_, code, _)| !waiting.contains(code))
        .map(|(id, _, _)| id)
        .collect();
    let mut moved = 0;
    for chunk in ready.chunks(READ_BATCH) {
        let txn = crate::db::begin_write(db).await?;
        let rows = moves::lock(
            voucher::Entity::find()
                .filter(voucher::Column::Id.is_in(chunk.iter().copied()))
                .filter(voucher::Column::State.eq(VoucherState::Created.as_str())),
        )
        .all(&txn)
        .await?;
        moved += rows.len() as u64;
        moves::apply(
            ctx,
            &txn,
            rows,
            VoucherState::OnRouter,
            "the router has it",
            |_| None,
            |_| {},
        )
        .await?;
        txn.commit().await?;
    }
    Ok(moved)
}

/// What a router shows of one card.
#[derive(Debug, Default, Clone)]
struct Seen {
    uptime: Duration,
    bytes: u64,
    disabled: bool,
    limit_uptime: Option<Duration>,
    limit_bytes: Option<u64>,
    entry: bool,
    online: bool,
}

impl Seen {
    fn first_login(&self) -> bool {
        self.uptime > Duration::ZERO || self.bytes > 0 || self.entry || self.online
    }

    fn used_up(&self) -> bool {
        self.limit_uptime
            .is_some_and(|l| l > Duration::ZERO && self.uptime >= l)
            || self.limit_bytes.is_some_and(|l| l > 0 && self.bytes >= l)
    }
}

/// Reads one router's cards and moves them as it shows (see the module).
pub async fn observe_router(
    ctx: &Context,
    router_id: i64,
    timeout: Duration,
) -> CoreResult<Observed> {
    ctx.actor().require_system()?;
    let client = match worker::connect(ctx.db(), ctx.secrets(), router_id, timeout).await? {
        Ok(client) => client,
        Err(why) => return Err(CoreError::Router(ProbeFailure::Setup(why))),
    };
    let seen = read(&client).await;
    client.close();
    let seen = seen.map_err(|e| CoreError::Router(ProbeFailure::Router(e)))?;
    apply_seen(ctx, router_id, seen).await
}

async fn read(client: &Client) -> Result<HashMap<String, Seen>, tikbill_routeros::Error> {
    let commands = vec![
        Command::new("/ip/hotspot/user/print").proplist([
            "name",
            "comment",
            "uptime",
            "bytes-in",
            "bytes-out",
            "disabled",
            "limit-uptime",
            "limit-bytes-total",
        ]),
        Command::new("/system/scheduler/print").proplist(["name"]),
        Command::new("/ip/hotspot/active/print").proplist(["user"]),
    ];
    let mut replies = client.run_many(commands, 3).await.into_iter();
    let mut cards: HashMap<String, Seen> = HashMap::new();
    let users = replies
        .next()
        .transpose()?
        .map(|r| r.rows)
        .unwrap_or_default();
    for row in users {
        if !is_card_comment(row.get("comment")) {
            continue;
        }
        let Some(name) = row.get("name") else {
            continue;
        };
        let number = |key: &str| row.get(key).and_then(|v| v.parse::<u64>().ok());
        let duration = |key: &str| row.get(key).and_then(parse_duration);
        cards.insert(
            name.to_string(),
            Seen {
                uptime: duration("uptime").unwrap_or_default(),
                bytes: number("bytes-in").unwrap_or(0) + number("bytes-out").unwrap_or(0),
                disabled: row.get("disabled").and_then(parse_bool).unwrap_or(false),
                limit_uptime: duration("limit-uptime"),
                limit_bytes: number("limit-bytes-total"),
                ..Default::default()
            },
        );
    }
    let entries = replies
        .next()
        .transpose()?
        .map(|r| r.rows)
        .unwrap_or_default();
    for row in entries {
        if let Some(card) = row.get("name").and_then(card_of_entry) {
            if let Some(seen) = cards.get_mut(card) {
                seen.entry = true;
            }
        }
    }
    let active = replies
        .next()
        .transpose()?
        .map(|r| r.rows)
        .unwrap_or_default();
    for row in active {
        if let Some(seen) = row.get("user").and_then(|u| cards.get_mut(u)) {
            seen.online = true;
        }
    }
    Ok(cards)
}

async fn apply_seen(
    ctx: &Context,
    router_id: i64,
    seen: HashMap<String, Seen>,
) -> CoreResult<Observed> {
    let mut observed = Observed::default();
    let codes: Vec<&String> = seen.keys().collect();
    for chunk in codes.chunks(READ_BATCH) {
        let txn = crate::db::begin_write(ctx.db()).await?;
        let rows = moves::lock(
            voucher::Entity::find()
                .filter(voucher::Column::Code.is_in(chunk.iter().map(|c| c.as_str()))),
        )
        .all(&txn)
        .await?;
        for row in rows {
            let Some(card) = seen.get(&row.code) else {
                continue;
            };
            let mut state = state_of(&row)?;
            let mut row = row;
            let waiting_to_start = matches!(
                state,
                VoucherState::OnRouter
                    | VoucherState::Issued
                    | VoucherState::Returned
                    | VoucherState::Sold
            );
            if waiting_to_start && card.first_login() {
                let now = ctx.now();
                row = moves::apply(
                    ctx,
                    &txn,
                    vec![row],
                    VoucherState::InUse,
                    "first login seen on the router",
                    |_| None,
                    |c| {
                        c.first_login_at = Set(Some(now));
                        c.router_id = Set(Some(router_id));
                    },
                )
                .await?
                .remove(0);
                // A card works on the router it was first used on: the batch's other routers
                // drop it, so its time is never counted twice.
                for other in routers_of(&txn, row.batch_id).await? {
                    if other != router_id {
                        crate::provisioning::enqueue::names(
                            &txn,
                            other,
                            Kind::HotspotUser,
                            std::slice::from_ref(&row.code),
                            now,
                        )
                        .await?;
                    }
                }
                state = VoucherState::InUse;
                observed.in_use += 1;
            }
            let ended = if card.used_up() && state == VoucherState::InUse {
                Some((VoucherState::UsedUp, "its time online or data is used up"))
            } else if card.disabled && (state == VoucherState::InUse || waiting_to_start) {
                Some((
                    VoucherState::Expired,
                    "its router switched it off: its time is over",
                ))
            } else {
                None
            };
            if let Some((to, reason)) = ended {
                moves::apply(ctx, &txn, vec![row], to, reason, |_| None, |_| {}).await?;
                match to {
                    VoucherState::UsedUp => observed.used_up += 1,
                    _ => observed.expired += 1,
                }
            }
        }
        txn.commit().await?;
    }
    Ok(observed)
}

/// [`settle_pushed`], then every router that has cards: the agent's `vouchers` job.
pub async fn observe_all(ctx: &Context, timeout: Duration) -> CoreResult<(Observed, Vec<String>)> {
    let mut total = Observed {
        on_router: settle_pushed(ctx).await?,
        ..Default::default()
    };
    let routers: HashSet<i64> = voucher_batch_router::Entity::find()
        .all(ctx.db())
        .await?
        .into_iter()
        .map(|r| r.router_id)
        .collect();
    let mut problems = Vec::new();
    for router_id in routers {
        match observe_router(ctx, router_id, timeout).await {
            Ok(seen) => {
                total.in_use += seen.in_use;
                total.used_up += seen.used_up;
                total.expired += seen.expired;
            }
            Err(err) => problems.push(format!("router #{router_id}: {err}")),
        }
    }
    Ok((total, problems))
}
