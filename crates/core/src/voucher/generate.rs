//! Generating a batch: checked, then the batch, its cards and their router jobs written in one
//! transaction, so a batch that fails leaves nothing behind.
//!
//! Codes are unique across every card ever made: the `vouchers.code` unique index is the last
//! word. Each chunk of cards is inserted with `ON CONFLICT (code) DO NOTHING`; a card whose code
//! was already taken (by an older card, or by a batch being generated at the same time in
//! another transaction, whose commit PostgreSQL waits for) is drawn again and inserted again,
//! so a collision is never shown to anyone. A code that is some customer's user name on the
//! batch's routers is drawn again too: a card must never take over a customer's account.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use tikbill_api::{
    FieldError, GeneratedBatch, Permission, VoucherBatchInput, VoucherState, VoucherTimeMode,
};

use super::code::{self, DEFAULT_LENGTH, LENGTHS};
use super::view::batch_view;
use crate::audit::{self, AuditEntry};
use crate::entity::{customer, profile, router, voucher, voucher_batch, voucher_batch_router};
use crate::money::{from_e4, parse_amount, to_e4};
use crate::provisioning::Kind;
use crate::{Context, CoreError, CoreResult};

/// The most cards one batch may hold.
pub const MAX_COUNT: u32 = 50_000;
/// Cards per `INSERT` (9 columns: well under every backend's parameter limit). On PostgreSQL
/// one statement's cost through sea-orm and sqlx grows faster than its rows: 500 rows took
/// about 55 ms, 100 rows under 3 ms (benches/vouchers.rs, BENCHMARKS.md "Vouchers").
const CHUNK: usize = 100;
/// Draws of one chunk before giving up (each redraw replaces only the codes that collided; a
/// code space this large never needs a second one in practice).
const MAX_DRAWS: u32 = 64;

/// Told how far a batch has come: cards stored so far, of how many.
pub type Progress<'a> = &'a (dyn Fn(u32, u32) + Send + Sync);

/// Generates a batch (see the module).
pub async fn generate(ctx: &Context, input: &VoucherBatchInput) -> CoreResult<GeneratedBatch> {
    generate_with_progress(ctx, input, &|_, _| {}).await
}

/// [`generate`], calling `progress` after every chunk of cards stored.
pub async fn generate_with_progress(
    ctx: &Context,
    input: &VoucherBatchInput,
    progress: Progress<'_>,
) -> CoreResult<GeneratedBatch> {
    ctx.require(Permission::ManageVouchers)?;
    let office_tz = ctx.office_time_zone().await?;
    let checked = check(ctx.db(), input, office_tz, ctx.now()).await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let batch = voucher_batch::ActiveModel {
        profile_id: Set(checked.plan.id),
        count: Set(i32::try_from(input.count).unwrap_or(i32::MAX)),
        price_e4: Set(checked.price_e4),
        currency: Set(checked.plan.currency.clone()),
        prefix: Set(input.prefix.trim().to_ascii_uppercase()),
        code_length: Set(i32::try_from(checked.length).unwrap_or(12)),
        same_password: Set(input.same_password),
        time_mode: Set(input.time_mode.as_str().to_string()),
        duration_value: Set(checked.plan.duration_value),
        duration_unit: Set(checked.plan.duration_unit.clone()),
        data_limit_bytes: Set(checked.plan.data_limit_bytes),
        valid_until: Set(checked.valid_until),
        note: Set(input
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from)),
        created_by: Set(ctx.actor().staff_id()),
        created_by_label: Set(ctx.actor().label()),
        created_at: Set(ctx.now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    voucher_batch_router::Entity::insert_many(checked.routers.iter().map(|id| {
        voucher_batch_router::ActiveModel {
            batch_id: Set(batch.id),
            router_id: Set(*id),
        }
    }))
    .exec_without_returning(&txn)
    .await?;
    let codes = store_cards(ctx, &txn, &batch, &checked, progress).await?;
    let now = ctx.now();
    let mut jobs = 0u64;
    for router_id in &checked.routers {
        crate::provisioning::enqueue::names(&txn, *router_id, Kind::HotspotUser, &codes, now)
            .await?;
        jobs += codes.len() as u64;
    }
    let view = batch_view(&txn, batch).await?;
    audit::record(
        &txn,
        AuditEntry::by(
            ctx,
            "voucher_batch.generate",
            "voucher_batch",
            Some(view.id),
        )
        .after(&view),
    )
    .await?;
    txn.commit().await?;
    Ok(GeneratedBatch {
        batch: view,
        router_jobs: jobs,
    })
}

/// What the input says, checked.
struct Checked {
    plan: profile::Model,
    routers: Vec<i64>,
    length: u32,
    price_e4: i64,
    valid_until: Option<DateTime<Utc>>,
}

async fn check(
    db: &impl ConnectionTrait,
    input: &VoucherBatchInput,
    office_tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> CoreResult<Checked> {
    let mut fields = Vec::new();
    let mut refuse = |field: &str, message: String| {
        fields.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let plan = profile::Entity::find_by_id(input.profile_id)
        .one(db)
        .await?;
    if plan.is_none() {
        refuse(
            "profile_id",
            format!("Plan #{} does not exist.", input.profile_id),
        );
    }
    if !(1..=MAX_COUNT).contains(&input.count) {
        refuse(
            "count",
            format!("Make 1 to {MAX_COUNT} cards in one batch."),
        );
    }
    let length = input.code_length.unwrap_or(DEFAULT_LENGTH);
    if !LENGTHS.contains(&length) {
        refuse(
            "code_length",
            format!(
                "A code has {} to {} random characters.",
                LENGTHS.start(),
                LENGTHS.end()
            ),
        );
    }
    if !code::prefix_ok(input.prefix.trim()) {
        refuse(
            "prefix",
            format!(
                "A prefix is at most {} letters and digits (A-Z, 0-9).",
                code::PREFIX_MAX
            ),
        );
    }
    let routers: BTreeSet<i64> = input.router_ids.iter().copied().collect();
    if routers.is_empty() {
        refuse("router_ids", "Choose the routers the cards work on.".into());
    } else {
        let found: Vec<i64> = router::Entity::find()
            .select_only()
            .column(router::Column::Id)
            .filter(router::Column::Id.is_in(routers.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        if let Some(missing) = routers.iter().find(|id| !found.contains(id)) {
            refuse("router_ids", format!("Router #{missing} does not exist."));
        }
    }
    let price_e4 = match (input.price.as_deref().map(str::trim), &plan) {
        (None | Some(""), Some(plan)) => Some(plan.price_e4),
        (None | Some(""), None) => None,
        (Some(text), _) => match parse_amount(text).map(to_e4) {
            Ok(Ok(e4)) if e4 >= 0 => Some(e4),
            Ok(Ok(_)) => {
                refuse("price", "A card's price cannot be negative.".into());
                None
            }
            Ok(Err(err)) | Err(err) => {
                refuse("price", format!("The price is not an amount: {err}."));
                None
            }
        },
    };
    let valid_until = match input.time_mode {
        VoucherTimeMode::FixedDate => {
            let day = crate::days::day(&mut fields, "valid_until", input.valid_until.as_deref());
            match day {
                None if !fields.iter().any(|f| f.field == "valid_until") => {
                    fields.push(FieldError {
                        field: "valid_until".into(),
                        message: "Give the last day the cards work, e.g. 2026-12-31.".into(),
                    });
                    None
                }
                None => None,
                Some(day) => {
                    // The end of that day on the office's clock: the next day's first instant.
                    let end = day
                        .succ_opt()
                        .and_then(|next| next.and_hms_opt(0, 0, 0))
                        .and_then(|local| crate::expiry::instant_showing(local, office_tz));
                    match end {
                        Some(end) if end > now => Some(end),
                        _ => {
                            fields.push(FieldError {
                                field: "valid_until".into(),
                                message: "That day is over: cards must work until a day to come."
                                    .into(),
                            });
                            None
                        }
                    }
                }
            }
        }
        _ => None,
    };
    match (plan, price_e4) {
        (Some(plan), Some(price_e4)) if fields.is_empty() => Ok(Checked {
            plan,
            routers: routers.into_iter().collect(),
            length,
            price_e4,
            valid_until,
        }),
        _ => Err(CoreError::invalid("voucher batch", fields)),
    }
}

/// Draws and stores the batch's cards; their codes, by serial.
async fn store_cards(
    ctx: &Context,
    txn: &DatabaseTransaction,
    batch: &voucher_batch::Model,
    checked: &Checked,
    progress: Progress<'_>,
) -> CoreResult<Vec<String>> {
    let alphabet = code::alphabet();
    let prefix = batch.prefix.as_str();
    let password_length = checked.length.min(8);
    let total = u32::try_from(batch.count).unwrap_or(0);
    let now = ctx.now();
    let mut drawn_here: HashSet<String> = HashSet::new();
    let mut codes = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut serial = 1u32;
    while serial <= total {
        let last = total.min(serial + u32::try_from(CHUNK).unwrap_or(100) - 1);
        let mut pending: Vec<(u32, String)> = (serial..=last)
            .map(|s| {
                (
                    s,
                    fresh(ctx, &alphabet, prefix, checked.length, &mut drawn_here),
                )
            })
            .collect();
        let mut draws = 0;
        while !pending.is_empty() {
            draws += 1;
            if draws > MAX_DRAWS {
                return Err(CoreError::Internal(
                    "voucher codes kept colliding: the code space is exhausted".into(),
                ));
            }
            // Codes that are a customer's user name on these routers are drawn again.
            let taken = customer_names(txn, &checked.routers, &pending).await?;
            for (_, code) in pending.iter_mut() {
                if taken.contains(code.as_str()) {
                    *code = fresh(ctx, &alphabet, prefix, checked.length, &mut drawn_here);
                }
            }
            let rows = pending.iter().map(|(s, code)| voucher::ActiveModel {
                batch_id: Set(batch.id),
                serial: Set(i32::try_from(*s).unwrap_or(i32::MAX)),
                code: Set(code.clone()),
                password: Set((!batch.same_password)
                    .then(|| ctx.random().text(&alphabet, password_length as usize))),
                state: Set(VoucherState::Created.as_str().to_string()),
                issued_to: Set(None),
                payment_id: Set(None),
                customer_id: Set(None),
                router_id: Set(None),
                first_login_at: Set(None),
                updated_at: Set(now),
                ..Default::default()
            });
            let inserted = match voucher::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::column(voucher::Column::Code)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(txn)
                .await
            {
                Ok(n) => n,
                // Every code of the chunk was taken.
                Err(sea_orm::DbErr::RecordNotInserted) => 0,
                Err(err) => return Err(err.into()),
            };
            if inserted == pending.len() as u64 {
                codes.extend(pending.drain(..).map(|(_, code)| code));
                break;
            }
            // Some codes were taken: keep the cards stored, draw the others again.
            let stored: HashSet<String> = voucher::Entity::find()
                .select_only()
                .column(voucher::Column::Code)
                .filter(voucher::Column::BatchId.eq(batch.id))
                .filter(voucher::Column::Code.is_in(pending.iter().map(|(_, c)| c.clone())))
                .into_tuple()
                .all(txn)
                .await?
                .into_iter()
                .collect();
            let mut again = Vec::new();
            for (s, code) in pending.drain(..) {
                if stored.contains(&code) {
                    codes.push(code);
                } else {
                    again.push((
                        s,
                        fresh(ctx, &alphabet, prefix, checked.length, &mut drawn_here),
                    ));
                }
            }
            pending = again;
        }
        progress(last, total);
        serial = last + 1;
    }
    Ok(codes)
}

/// A code not drawn before in this batch.
fn fresh(
    ctx: &Context,
    alphabet: &[char],
    prefix: &str,
    length: u32,
    drawn: &mut HashSet<String>,
) -> String {
    loop {
        let code = code::draw(ctx.random(), alphabet, prefix, length);
        if drawn.insert(code.clone()) {
            return code;
        }
    }
}

/// The codes among `pending` that are a customer's user name on one of `routers`.
async fn customer_names(
    db: &impl ConnectionTrait,
    routers: &[i64],
    pending: &[(u32, String)],
) -> CoreResult<HashSet<String>> {
    Ok(customer::Entity::find()
        .select_only()
        .column(customer::Column::Username)
        .filter(customer::Column::RouterId.is_in(routers.iter().copied()))
        .filter(customer::Column::Username.is_in(pending.iter().map(|(_, c)| c.clone())))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// One card's price, for people ("5000").
pub(crate) fn price_text(price_e4: i64) -> String {
    from_e4(price_e4).normalize().to_string()
}
