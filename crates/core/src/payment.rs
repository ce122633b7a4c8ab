//! The payment ledger: money taken for customers, exact (`money`), each payment's life a
//! state machine ([`transition`]) whose every move is a stored row, applied to its customer
//! once and reversible once.
//!
//! - [`record`]: a payment taken at the counter, stored `paid` and applied in the same
//!   transaction (or `unmatched` when it is for nobody known yet); its (gateway, reference)
//!   makes it idempotent.
//! - [`apply`] / [`assign`]: the plan's price times the periods against the payment plus the
//!   customer's credit; enough buys the periods through the same extension the lifecycle uses
//!   (`customer::add_periods`), the rest or the whole of a short payment goes to the credit.
//! - [`reverse`]: takes back exactly what the payment gave, time and credit.
//! - [`receive`] / [`settle`]: money confirmed by a gateway, stored `paid` on its own and
//!   applied by the agent's settling pass (also after a crash between the two).
//! - [`get`], [`list`], [`credit`]: reading.
//!
//! Every change is one transaction with its router job and audit entries (`payment.record`,
//! `.apply`, `.reverse`, with `customer.extend` / `customer.take_back` for the time).

mod apply;
mod credit;
mod receipt;
mod receipt_number;
mod record;
mod reverse;
mod settle;
mod state;
mod view;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{PaymentFilter, PaymentId, PaymentView, Permission};

use crate::entity::payment;
use crate::{Context, CoreResult};

pub use apply::{apply, assign};
pub use credit::credit;
pub(crate) use receipt::local as local_time;
pub use receipt::{receipt_pdf, ReceiptPdf};
pub use record::{record, MANUAL};
pub use reverse::reverse;
pub use settle::{receive, settle, Settled};
pub use state::transition;

/// How many payments a page has when the filter does not say, and at most.
const PAGE: u32 = 50;
const PAGE_MAX: u32 = 500;

/// One payment with its history.
pub async fn get(ctx: &Context, id: PaymentId) -> CoreResult<PaymentView> {
    ctx.require(Permission::ViewPayments)?;
    let row = view::find(ctx.db(), id).await?;
    view::view_of(ctx.db(), row).await
}

/// Payments, newest first, a page at a time: the next page is the one before the last id.
pub async fn list(ctx: &Context, filter: &PaymentFilter) -> CoreResult<Vec<PaymentView>> {
    ctx.require(Permission::ViewPayments)?;
    let mut query = payment::Entity::find().order_by_desc(payment::Column::Id);
    if let Some(customer_id) = filter.customer_id {
        query = query.filter(payment::Column::CustomerId.eq(customer_id));
    }
    if let Some(before) = filter.before_id {
        query = query.filter(payment::Column::Id.lt(before));
    }
    let limit = filter.limit.unwrap_or(PAGE).clamp(1, PAGE_MAX);
    let rows = query.limit(u64::from(limit)).all(ctx.db()).await?;
    view::views(ctx.db(), rows).await
}
