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
//! - [`get`], [`credit`]: reading.
//! - [`list`] (`listing.rs`): the payments page, newest first, a keyset page at a time, by
//!   customer, days on the office's clock, method, state and cashier; [`totals`] (`totals.rs`):
//!   what the same payments add up to per currency and method, which states are money taken;
//!   [`export_csv`] (`export.rs`): the same payments as a CSV file.
//!
//! Every change is one transaction with its router job and audit entries (`payment.record`,
//! `.apply`, `.reverse`, with `customer.extend` / `customer.take_back` for the time).

mod apply;
mod credit;
mod export;
mod listing;
mod receipt;
mod receipt_number;
mod record;
mod reverse;
pub(crate) mod sale;
mod settle;
mod state;
mod totals;
mod view;

use tikbill_api::{PaymentId, PaymentView, Permission};

use crate::{Context, CoreResult};

pub use apply::{apply, assign};
pub use credit::credit;
pub use export::{export_csv, CSV_COLUMNS};
pub use listing::list;
pub(crate) use receipt::local as local_time;
pub use receipt::{receipt_pdf, ReceiptPdf};
pub use record::{record, MANUAL};
pub use reverse::reverse;
pub use settle::{receive, receive_or_set_aside, settle, Settled};
pub use state::transition;
pub use totals::{totals, TAKEN};
pub(crate) use view::view_of as view_of_row;

/// One payment with its history.
pub async fn get(ctx: &Context, id: PaymentId) -> CoreResult<PaymentView> {
    ctx.require(Permission::ViewPayments)?;
    let row = view::find(ctx.db(), id).await?;
    view::view_of(ctx.db(), row).await
}

/// The payment a gateway's reference names, if any.
pub async fn by_gateway_reference(
    ctx: &Context,
    gateway: &str,
    reference: &str,
) -> CoreResult<Option<PaymentView>> {
    ctx.require(Permission::ViewPayments)?;
    match record::by_reference_of(ctx.db(), gateway, reference).await? {
        Some(row) => Ok(Some(view::view_of(ctx.db(), row).await?)),
        None => Ok(None),
    }
}
