//! What a cashier holds: a range of a batch's cards issued to them, and cards they give back
//! unsold. Each move is recorded in the cashier's open shift, so its report counts them.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tikbill_api::{
    FieldError, IssueVouchersInput, Permission, StaffRole, VoucherCodes, VoucherState, VoucherView,
};

use super::moves::{self, lock, MAX_CARDS};
use super::view::card_views;
use crate::audit::{self, AuditEntry};
use crate::entity::{staff_user, voucher};
use crate::shift::drawer::open_shift_of;
use crate::{Context, CoreError, CoreResult};

/// Issues serials `from..=to` of a batch to a cashier.
pub async fn issue(ctx: &Context, input: &IssueVouchersInput) -> CoreResult<Vec<VoucherView>> {
    ctx.require(Permission::ManageVouchers)?;
    let refuse = |field: &str, message: String| {
        CoreError::invalid(
            "issue",
            vec![FieldError {
                field: field.into(),
                message,
            }],
        )
    };
    if input.from_serial == 0 || input.to_serial < input.from_serial {
        return Err(refuse(
            "to_serial",
            "Give a range of serial numbers, the first not after the last.".into(),
        ));
    }
    if (input.to_serial - input.from_serial) as usize >= MAX_CARDS {
        return Err(refuse(
            "to_serial",
            format!("At most {MAX_CARDS} cards at once."),
        ));
    }
    let staff = staff_user::Entity::find_by_id(input.staff_id)
        .one(ctx.db())
        .await?
        .filter(|s| s.active)
        .ok_or_else(|| refuse("staff_id", "Choose an active staff member.".into()))?;
    let may_sell =
        StaffRole::parse(&staff.role).is_some_and(|r| Permission::SellVouchers.allows(r));
    if !may_sell {
        return Err(refuse(
            "staff_id",
            format!("{} may not sell cards (a viewer's role).", staff.username),
        ));
    }
    let txn = crate::db::begin_write(ctx.db()).await?;
    let rows = lock(
        voucher::Entity::find()
            .filter(voucher::Column::BatchId.eq(input.batch_id))
            .filter(voucher::Column::Serial.between(
                i32::try_from(input.from_serial).unwrap_or(i32::MAX),
                i32::try_from(input.to_serial).unwrap_or(i32::MAX),
            ))
            .order_by_asc(voucher::Column::Serial),
    )
    .all(&txn)
    .await?;
    let wanted = (input.to_serial - input.from_serial + 1) as usize;
    if rows.len() != wanted {
        return Err(CoreError::NotFound(format!(
            "Batch #{} has no cards {}–{} (it has {} of them).",
            input.batch_id,
            input.from_serial,
            input.to_serial,
            rows.len()
        )));
    }
    moves::check_all(&rows, VoucherState::Issued)?;
    let shift = open_shift_of(&txn, staff.id).await?.map(|s| s.id);
    let reason = format!("issued to {}", staff.username);
    let saved = moves::apply(
        ctx,
        &txn,
        rows,
        VoucherState::Issued,
        &reason,
        |_| shift,
        |card| card.issued_to = Set(Some(staff.id)),
    )
    .await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "voucher.issue", "voucher_batch", Some(input.batch_id)).after(
            &serde_json::json!({
                "from_serial": input.from_serial,
                "to_serial": input.to_serial,
                "staff_id": staff.id,
                "cards": saved.len(),
            }),
        ),
    )
    .await?;
    let views = card_views(&txn, saved).await?;
    txn.commit().await?;
    Ok(views)
}

/// Takes back cards a cashier did not sell. A cashier returns their own; owners and managers
/// any issued card.
pub async fn return_unsold(ctx: &Context, input: &VoucherCodes) -> CoreResult<Vec<VoucherView>> {
    ctx.require(Permission::SellVouchers)?;
    let manager = ctx.require(Permission::ManageVouchers).is_ok();
    let me = ctx.actor().staff_id();
    let txn = crate::db::begin_write(ctx.db()).await?;
    let rows = moves::cards_by_code(&txn, &input.codes).await?;
    moves::check_all(&rows, VoucherState::Returned)?;
    if !manager {
        if let Some(other) = rows.iter().find(|r| r.issued_to != me || me.is_none()) {
            return Err(CoreError::Forbidden(format!(
                "Card {} is not one issued to you.",
                other.code
            )));
        }
    }
    let mut shifts = std::collections::HashMap::new();
    for holder in rows.iter().filter_map(|r| r.issued_to) {
        if let std::collections::hash_map::Entry::Vacant(slot) = shifts.entry(holder) {
            slot.insert(open_shift_of(&txn, holder).await?.map(|s| s.id));
        }
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("returned unsold")
        .to_string();
    let saved = moves::apply(
        ctx,
        &txn,
        rows,
        VoucherState::Returned,
        &reason,
        |card| {
            card.issued_to
                .and_then(|h| shifts.get(&h).copied().flatten())
        },
        |card| card.issued_to = Set(None),
    )
    .await?;
    let views = card_views(&txn, saved).await?;
    audit::record(
        &txn,
        AuditEntry::by(
            ctx,
            "voucher.return",
            "voucher",
            views.first().map(|v| v.id),
        )
        .after(&serde_json::json!({ "codes": views.iter().map(|v| &v.code).collect::<Vec<_>>() })),
    )
    .await?;
    txn.commit().await?;
    Ok(views)
}
