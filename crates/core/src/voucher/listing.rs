//! Reading cards and batches: the vouchers page, the command line, a card's history.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{
    Permission, VoucherBatchId, VoucherBatchView, VoucherFilter, VoucherPage, VoucherState,
    VoucherTransitionView, VoucherView,
};

use super::code::normalized;
use super::view::{batch_view, card_views};
use crate::entity::{voucher, voucher_batch, voucher_transition};
use crate::{Context, CoreError, CoreResult};

/// Cards per page when the filter does not say, and the most a page holds.
const PAGE: u32 = 100;
const PAGE_MAX: u32 = 1000;

/// Every batch, newest first.
pub async fn batches(ctx: &Context) -> CoreResult<Vec<VoucherBatchView>> {
    ctx.require(Permission::ViewVouchers)?;
    let rows = voucher_batch::Entity::find()
        .order_by_desc(voucher_batch::Column::Id)
        .all(ctx.db())
        .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        views.push(batch_view(ctx.db(), row).await?);
    }
    Ok(views)
}

/// One batch.
pub async fn batch(ctx: &Context, id: VoucherBatchId) -> CoreResult<VoucherBatchView> {
    ctx.require(Permission::ViewVouchers)?;
    let row = voucher_batch::Entity::find_by_id(id)
        .one(ctx.db())
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("Voucher batch #{id} does not exist.")))?;
    batch_view(ctx.db(), row).await
}

/// A page of cards, by id, narrowed by the filter.
pub async fn list(ctx: &Context, filter: &VoucherFilter) -> CoreResult<VoucherPage> {
    ctx.require(Permission::ViewVouchers)?;
    let limit = filter.limit.unwrap_or(PAGE).clamp(1, PAGE_MAX);
    let mut query = voucher::Entity::find().order_by_asc(voucher::Column::Id);
    if let Some(batch) = filter.batch_id {
        query = query.filter(voucher::Column::BatchId.eq(batch));
    }
    if let Some(state) = filter.state {
        query = query.filter(voucher::Column::State.eq(state.as_str()));
    }
    if let Some(staff) = filter.issued_to {
        query = query.filter(voucher::Column::IssuedTo.eq(staff));
    }
    if let Some(code) = filter
        .code
        .as_deref()
        .map(normalized)
        .filter(|c| !c.is_empty())
    {
        // Codes are capitals and digits: a typed start is matched as a prefix (the unique index
        // on `code` serves it), never as a pattern.
        let safe: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
        query = query.filter(voucher::Column::Code.starts_with(safe));
    }
    if let Some(after) = filter.after {
        query = query.filter(voucher::Column::Id.gt(after));
    }
    let mut rows = query.limit(u64::from(limit) + 1).all(ctx.db()).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = more.then(|| rows.last().map(|r| r.id)).flatten();
    Ok(VoucherPage {
        cards: revealed(ctx, card_views(ctx.db(), rows).await?),
        next,
    })
}

/// Cards as the acting person may see them: codes and passwords are usable cards, so only
/// those who manage cards (and tikbill itself) see them whole, and a cashier sees those she
/// holds; everyone else sees `HS••••••••TA`.
fn revealed(ctx: &Context, cards: Vec<VoucherView>) -> Vec<VoucherView> {
    if ctx.require(Permission::ManageVouchers).is_ok() {
        return cards;
    }
    let me = ctx.actor().staff_id();
    cards
        .into_iter()
        .map(|mut card| {
            if me.is_none() || card.issued_to_id != me {
                card.code = masked(&card.code);
                card.password = card.password.map(|_| "••••••••".to_string());
            }
            card
        })
        .collect()
}

/// `HS7KX2M9QRTA` as `HS••••••••TA`.
pub(crate) fn masked(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() <= 4 {
        return "•".repeat(chars.len());
    }
    let middle = "•".repeat(chars.len() - 4);
    format!(
        "{}{middle}{}",
        chars[..2].iter().collect::<String>(),
        chars[chars.len() - 2..].iter().collect::<String>()
    )
}

/// Every card matching the filter (all pages): the command line's list.
pub async fn list_all(ctx: &Context, filter: &VoucherFilter) -> CoreResult<Vec<VoucherView>> {
    let mut filter = filter.clone();
    filter.limit = Some(PAGE_MAX);
    let mut cards = Vec::new();
    loop {
        let page = list(ctx, &filter).await?;
        cards.extend(page.cards);
        match page.next {
            Some(next) => filter.after = Some(next),
            None => return Ok(cards),
        }
    }
}

/// One card by its code (as typed: spaces, dashes and case do not matter).
pub async fn by_code(ctx: &Context, code: &str) -> CoreResult<VoucherView> {
    ctx.require(Permission::ViewVouchers)?;
    let row = find_code(ctx.db(), code).await?;
    Ok(revealed(ctx, card_views(ctx.db(), vec![row]).await?).remove(0))
}

pub(crate) async fn find_code(
    db: &impl sea_orm::ConnectionTrait,
    code: &str,
) -> CoreResult<voucher::Model> {
    let code = normalized(code);
    voucher::Entity::find()
        .filter(voucher::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("No card has the code '{code}'.")))
}

/// A card's history, oldest first.
pub async fn history(ctx: &Context, code: &str) -> CoreResult<Vec<VoucherTransitionView>> {
    ctx.require(Permission::ViewVouchers)?;
    let card = find_code(ctx.db(), code).await?;
    let rows = voucher_transition::Entity::find()
        .filter(voucher_transition::Column::VoucherId.eq(card.id))
        .order_by_asc(voucher_transition::Column::Id)
        .all(ctx.db())
        .await?;
    let batch = voucher_batch::Entity::find_by_id(card.batch_id)
        .one(ctx.db())
        .await?;
    let mut history = Vec::with_capacity(rows.len() + 1);
    if let Some(batch) = batch {
        history.push(VoucherTransitionView {
            from: None,
            to: VoucherState::Created,
            reason: format!("batch #{} generated", batch.id),
            actor: batch.created_by_label,
            at: batch.created_at.to_rfc3339(),
        });
    }
    history.extend(rows.into_iter().map(|row| VoucherTransitionView {
        from: row.from_state.as_deref().and_then(VoucherState::parse),
        to: VoucherState::parse(&row.to_state).unwrap_or(VoucherState::Created),
        reason: row.reason,
        actor: row.actor,
        at: row.at.to_rfc3339(),
    }));
    Ok(history)
}
