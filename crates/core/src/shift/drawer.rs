//! Which shift a payment being recorded belongs to.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::{FieldError, PaymentMethod};

use crate::entity::cash_shift;
use crate::{Context, CoreError, CoreResult};

/// The shift a payment goes into.
pub(crate) struct Drawer {
    pub shift_id: Option<i64>,
}

/// The staff member's open shift, as a query.
fn open_shift(staff_id: i64) -> sea_orm::Select<cash_shift::Entity> {
    cash_shift::Entity::find()
        .filter(cash_shift::Column::StaffId.eq(staff_id))
        .filter(cash_shift::Column::ClosedAt.is_null())
}

/// The staff member's open shift, if any.
pub(crate) async fn open_shift_of(
    db: &impl ConnectionTrait,
    staff_id: i64,
) -> CoreResult<Option<cash_shift::Model>> {
    Ok(open_shift(staff_id).one(db).await?)
}

/// [`open_shift_of`], the shift held open until the caller's transaction ends (PostgreSQL's
/// FOR SHARE: a close waits for the payment, and a payment that waited for a close sees the
/// shift closed; SQLite's write transaction already excludes the close).
async fn open_shift_for_payment(
    db: &impl ConnectionTrait,
    staff_id: i64,
) -> CoreResult<Option<cash_shift::Model>> {
    Ok(open_shift(staff_id).lock_shared().one(db).await?)
}

/// The shift a payment recorded now by the actor belongs to: their open shift, if any. Cash
/// taken by a person needs one, in the drawer's currency; tikbill itself (the command line on
/// a server, a gateway) has no drawer.
pub(crate) async fn for_payment(
    ctx: &Context,
    db: &impl ConnectionTrait,
    method: PaymentMethod,
    currency: &str,
) -> CoreResult<Drawer> {
    let Some(staff_id) = ctx.actor().staff_id() else {
        return Ok(Drawer { shift_id: None });
    };
    let open = open_shift_for_payment(db, staff_id).await?;
    if method != PaymentMethod::Cash {
        return Ok(Drawer {
            shift_id: open.map(|s| s.id),
        });
    }
    match open {
        None => Err(CoreError::invalid(
            "payment",
            vec![FieldError {
                field: "method".into(),
                message: "Open a shift first: cash goes into a cashier's drawer.".into(),
            }],
        )),
        Some(shift) if shift.currency != currency => Err(CoreError::invalid(
            "payment",
            vec![FieldError {
                field: "currency".into(),
                message: format!(
                    "Your drawer holds {}: take cash in {} or record another method.",
                    shift.currency, shift.currency
                ),
            }],
        )),
        Some(shift) => Ok(Drawer {
            shift_id: Some(shift.id),
        }),
    }
}
