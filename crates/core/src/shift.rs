//! Cashier shifts: a cashier opens a shift with the float in the drawer; every payment they
//! record while it is open belongs to it (cash only with one open, in the drawer's currency);
//! closing asks for the counted cash and stores what tikbill expected beside it, so the
//! difference is on record for good. Owners and managers see every shift and close one a
//! cashier left open ([`Permission::ManageShifts`]); a cashier sees and closes their own.
//!
//! Expected cash = the float + cash payments of the shift in the drawer's currency that are
//! money in hand (paid, unmatched, applied: a reversed payment's cash went back to the customer).

mod close;
pub(crate) mod drawer;
mod print;
pub(crate) mod view;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tikbill_api::{FieldError, OpenShiftInput, Permission, ShiftFilter, ShiftId, ShiftView};

use crate::audit::{self, AuditEntry};
use crate::entity::cash_shift;
use crate::money::{parse_amount, parse_currency, to_e4};
use crate::{Context, CoreError, CoreResult};

pub use close::close;
pub(crate) use drawer::for_payment;

const PAGE: u32 = 50;
const PAGE_MAX: u32 = 500;

/// Opens a shift for the signed-in person.
pub async fn open(ctx: &Context, input: &OpenShiftInput) -> CoreResult<ShiftView> {
    ctx.require(Permission::TakePayments)?;
    let staff_id = ctx.actor().staff_id().ok_or_else(|| {
        CoreError::Forbidden("A shift belongs to a person: sign in to open one.".into())
    })?;
    let mut fields = Vec::new();
    let float_e4 = match parse_amount(&input.float).map(to_e4) {
        Ok(Ok(e4)) => Some(e4),
        Ok(Err(err)) | Err(err) => {
            fields.push(FieldError {
                field: "float".into(),
                message: format!("The float: {err}."),
            });
            None
        }
    };
    let currency = parse_currency(&input.currency);
    if currency.is_none() {
        fields.push(FieldError {
            field: "currency".into(),
            message: "Write the currency as its 3-letter code, such as KES.".into(),
        });
    }
    let (Some(float_e4), Some(currency)) = (float_e4, currency) else {
        return Err(CoreError::invalid("shift", fields));
    };
    let txn = crate::db::begin_write(ctx.db()).await?;
    if let Some(open) = drawer::open_shift_of(&txn, staff_id).await? {
        return Err(already_open(&open));
    }
    let inserted = cash_shift::ActiveModel {
        staff_id: Set(staff_id),
        currency: Set(currency),
        float_e4: Set(float_e4),
        opened_at: Set(ctx.now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(err) if CoreError::is_unique_violation(&err) => {
            return Err(CoreError::Conflict(
                "You already have a shift open: close it before opening another.".into(),
            ))
        }
        Err(err) => return Err(err.into()),
    };
    let view = view::view_of(&txn, row).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "shift.open", "shift", Some(view.id)).after(&view),
    )
    .await?;
    txn.commit().await?;
    Ok(view)
}

fn already_open(open: &cash_shift::Model) -> CoreError {
    CoreError::Conflict(format!(
        "You already have shift #{} open since {}: close it before opening another.",
        open.id,
        open.opened_at.format("%Y-%m-%d %H:%M UTC")
    ))
}

/// The signed-in person's open shift, if any.
pub async fn current(ctx: &Context) -> CoreResult<Option<ShiftView>> {
    ctx.require(Permission::TakePayments)?;
    let Some(staff_id) = ctx.actor().staff_id() else {
        return Ok(None);
    };
    match drawer::open_shift_of(ctx.db(), staff_id).await? {
        Some(row) => Ok(Some(view::view_of(ctx.db(), row).await?)),
        None => Ok(None),
    }
}

/// One shift: a cashier's own, or any with [`Permission::ManageShifts`].
pub async fn get(ctx: &Context, id: ShiftId) -> CoreResult<ShiftView> {
    let row = find_visible(ctx, id).await?;
    view::view_of(ctx.db(), row).await
}

/// Shifts newest first: a cashier's own, or everyone's (or one person's) with
/// [`Permission::ManageShifts`].
pub async fn list(ctx: &Context, filter: &ShiftFilter) -> CoreResult<Vec<ShiftView>> {
    ctx.require(Permission::TakePayments)?;
    let mut query = cash_shift::Entity::find().order_by_desc(cash_shift::Column::Id);
    let own = ctx.actor().staff_id();
    let staff = match filter.staff_id {
        // Someone else's shifts: owners and managers only.
        Some(other) if Some(other) != own => {
            ctx.require(Permission::ManageShifts)?;
            Some(other)
        }
        Some(mine) => Some(mine),
        None if ctx.require(Permission::ManageShifts).is_ok() => None,
        None => own,
    };
    if let Some(staff_id) = staff {
        query = query.filter(cash_shift::Column::StaffId.eq(staff_id));
    }
    if filter.open_only {
        query = query.filter(cash_shift::Column::ClosedAt.is_null());
    }
    if let Some(before) = filter.before_id {
        query = query.filter(cash_shift::Column::Id.lt(before));
    }
    let limit = filter.limit.unwrap_or(PAGE).clamp(1, PAGE_MAX);
    let rows = query.limit(u64::from(limit)).all(ctx.db()).await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        views.push(view::view_of(ctx.db(), row).await?);
    }
    Ok(views)
}

/// The shift, if the actor may see it; someone else's is "not found" to a cashier.
pub(crate) async fn find_visible(ctx: &Context, id: ShiftId) -> CoreResult<cash_shift::Model> {
    ctx.require(Permission::TakePayments)?;
    let row = cash_shift::Entity::find_by_id(id).one(ctx.db()).await?;
    let own = |row: &cash_shift::Model| Some(row.staff_id) == ctx.actor().staff_id();
    match row {
        Some(row) if own(&row) || ctx.require(Permission::ManageShifts).is_ok() => Ok(row),
        _ => Err(CoreError::NotFound(format!("Shift #{id} does not exist."))),
    }
}

pub use print::report_pdf;
pub(crate) use view::cashier_label;
pub use view::{report, ShiftReportData, ShiftReportLine};
