//! Closing a shift: the counted cash stored beside what tikbill expected.

use sea_orm::{ActiveModelTrait, EntityTrait, QuerySelect, Set};
use tikbill_api::{CloseShiftInput, FieldError, Permission, ShiftView};

use super::view::{takings, view_of};
use crate::audit::{self, AuditEntry};
use crate::entity::cash_shift;
use crate::money::{parse_amount, to_e4};
use crate::{Context, CoreError, CoreResult};

/// The longest closing note kept.
const NOTE_MAX: usize = 500;

/// Closes a shift: one's own, or anyone's with [`Permission::ManageShifts`] (an abandoned
/// drawer). The expected cash is frozen as it stands now.
pub async fn close(ctx: &Context, input: &CloseShiftInput) -> CoreResult<ShiftView> {
    ctx.require(Permission::TakePayments)?;
    let counted_e4 = match parse_amount(&input.counted).map(to_e4) {
        Ok(Ok(e4)) => e4,
        Ok(Err(err)) | Err(err) => {
            return Err(CoreError::invalid(
                "shift",
                vec![FieldError {
                    field: "counted".into(),
                    message: format!("The counted cash: {err}."),
                }],
            ))
        }
    };
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(CoreError::invalid(
            "shift",
            vec![FieldError {
                field: "note".into(),
                message: format!("A note has at most {NOTE_MAX} characters."),
            }],
        ));
    }
    // Visible to the actor (a cashier's own), checked before the write lock is taken.
    super::find_visible(ctx, input.shift_id).await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = cash_shift::Entity::find_by_id(input.shift_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("Shift #{} does not exist.", input.shift_id)))?;
    if row.closed_at.is_some() {
        return Err(CoreError::Conflict(format!(
            "Shift #{} is already closed.",
            row.id
        )));
    }
    let before = view_of(&txn, row.clone()).await?;
    let cash_e4 = takings(&txn, &row).await?.cash_e4;
    let expected_e4 = row
        .float_e4
        .checked_add(cash_e4)
        .ok_or_else(|| CoreError::Internal("a drawer beyond what can be counted".into()))?;
    let mut active: cash_shift::ActiveModel = row.into();
    active.closed_at = Set(Some(ctx.now()));
    active.closed_by = Set(ctx.actor().staff_id());
    active.closed_by_label = Set(Some(ctx.actor().label()));
    active.expected_e4 = Set(Some(expected_e4));
    active.counted_e4 = Set(Some(counted_e4));
    active.close_note = Set(note.map(str::to_string));
    let row = active.update(&txn).await?;
    let after = view_of(&txn, row).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "shift.close", "shift", Some(after.id))
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
