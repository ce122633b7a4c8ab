//! Moving cards from one state to the next, many at once: read under the write lock, checked
//! against the state table, updated, and each move recorded, in the caller's transaction.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use tikbill_api::VoucherState;

use super::code::normalized;
use super::state::{self, Move};
use super::view::state_of;
use crate::entity::voucher;
use crate::{Context, CoreError, CoreResult};

/// Names per `IN (…)`.
const READ_BATCH: usize = 500;
/// The most cards one call moves.
pub const MAX_CARDS: usize = 50_000;

/// The cards with these codes (as typed), in the order given; a code that is no card's is
/// refused, naming it.
pub(crate) async fn cards_by_code(
    txn: &DatabaseTransaction,
    codes: &[String],
) -> CoreResult<Vec<voucher::Model>> {
    let codes: Vec<String> = codes
        .iter()
        .map(|c| normalized(c))
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return Err(CoreError::invalid(
            "cards",
            vec![tikbill_api::FieldError {
                field: "codes".into(),
                message: "Give the codes of the cards.".into(),
            }],
        ));
    }
    if codes.len() > MAX_CARDS {
        return Err(CoreError::invalid(
            "cards",
            vec![tikbill_api::FieldError {
                field: "codes".into(),
                message: format!("At most {MAX_CARDS} cards at once."),
            }],
        ));
    }
    let mut found: HashMap<String, voucher::Model> = HashMap::new();
    for chunk in codes.chunks(READ_BATCH) {
        for row in lock(voucher::Entity::find().filter(voucher::Column::Code.is_in(chunk.to_vec())))
            .all(txn)
            .await?
        {
            found.insert(row.code.clone(), row);
        }
    }
    let mut rows = Vec::with_capacity(codes.len());
    let mut seen = std::collections::HashSet::new();
    for code in codes {
        if !seen.insert(code.clone()) {
            continue;
        }
        match found.remove(&code) {
            Some(row) => rows.push(row),
            None => {
                return Err(CoreError::NotFound(format!(
                    "No card has the code '{code}'."
                )))
            }
        }
    }
    Ok(rows)
}

/// `FOR UPDATE` on PostgreSQL (SQLite's write transaction already excludes other writers).
pub(crate) fn lock(select: sea_orm::Select<voucher::Entity>) -> sea_orm::Select<voucher::Entity> {
    select.lock_exclusive()
}

/// Checks every card may go to `to` (the first that may not is refused, by code).
pub(crate) fn check_all(rows: &[voucher::Model], to: VoucherState) -> CoreResult<()> {
    for row in rows {
        state::check(&row.code, state_of(row)?, to)?;
    }
    Ok(())
}

/// Moves the cards to `to`, changing each with `change`, recording each move with `reason` and
/// the shift `shift_of` names for it.
pub(crate) async fn apply(
    ctx: &Context,
    db: &impl ConnectionTrait,
    rows: Vec<voucher::Model>,
    to: VoucherState,
    reason: &str,
    shift_of: impl Fn(&voucher::Model) -> Option<i64>,
    change: impl Fn(&mut voucher::ActiveModel),
) -> CoreResult<Vec<voucher::Model>> {
    let mut moves = Vec::with_capacity(rows.len());
    let mut saved = Vec::with_capacity(rows.len());
    for row in rows {
        let from = state_of(&row)?;
        state::check(&row.code, from, to)?;
        let shift_id = shift_of(&row);
        let id = row.id;
        let mut active: voucher::ActiveModel = row.into();
        active.state = Set(to.as_str().to_string());
        active.updated_at = Set(ctx.now());
        change(&mut active);
        saved.push(active.update(db).await?);
        moves.push(Move {
            voucher_id: id,
            from: Some(from),
            to,
            shift_id,
        });
    }
    state::log(ctx, db, moves, reason).await?;
    Ok(saved)
}
