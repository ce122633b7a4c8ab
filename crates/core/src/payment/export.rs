//! The payments a filter matches as a CSV file: every page, in the page's order.

use tikbill_api::{PaymentFilter, PaymentView, Permission};

use super::listing::{page_of, Criteria};
use super::view;
use crate::{Context, CoreError, CoreResult};

/// Payments read per query by [`export_csv`].
const EXPORT_PAGE: u32 = 1000;

/// The CSV file's columns, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "id",
    "created_at",
    "customer",
    "amount",
    "currency",
    "method",
    "state",
    "reference",
    "recorded_by",
    "credit_added",
    "credit_used",
];

/// Writes every payment `filter` matches to `out` as CSV, newest first, with a header row
/// ([`CSV_COLUMNS`]), reading [`EXPORT_PAGE`] payments at a time; answers how many payments
/// (rows after the header) were written. `filter.limit` is ignored: the export holds every
/// matching payment; `filter.before_id`, when given, is where it starts, as for a page.
///
/// `created_at` is RFC 3339 on the office's clock (its time zone, with its offset then);
/// `customer` the customer's user name (empty for a payment for nobody known); amounts are exact
/// decimals; `method` and `state` their stored names (`bank_transfer`, `applied`);
/// `recorded_by` who recorded it ("sari (cashier)").
pub async fn export_csv(
    ctx: &Context,
    filter: &PaymentFilter,
    out: impl std::io::Write,
) -> CoreResult<u64> {
    ctx.require(Permission::ViewPayments)?;
    let criteria = Criteria::read(ctx, filter).await?;
    let office_tz = ctx.office_time_zone().await?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_COLUMNS).map_err(written)?;
    let mut written_rows: u64 = 0;
    let mut before_id = filter.before_id;
    loop {
        let (rows, next) = page_of(ctx.db(), &criteria, before_id, EXPORT_PAGE).await?;
        let times: Vec<_> = rows.iter().map(|row| row.created_at).collect();
        for (payment, at) in view::views(ctx.db(), rows).await?.iter().zip(times) {
            let at = at.with_timezone(&office_tz).to_rfc3339();
            csv.write_record(csv_row(payment, at)).map_err(written)?;
            written_rows += 1;
        }
        match next {
            Some(next) => before_id = Some(next),
            None => break,
        }
    }
    csv.flush().map_err(|e| written(e.into()))?;
    Ok(written_rows)
}

fn written(e: csv::Error) -> CoreError {
    CoreError::Internal(format!("the payments' CSV file could not be written: {e}"))
}

/// `payment`'s row, `created_at` already on the office's clock.
fn csv_row(payment: &PaymentView, created_at: String) -> [String; 11] {
    [
        payment.id.to_string(),
        created_at,
        payment.customer_username.clone().unwrap_or_default(),
        payment.amount.clone(),
        payment.currency.clone(),
        payment.method.as_str().to_string(),
        payment.state.as_str().to_string(),
        payment.reference.clone(),
        payment.recorded_by.clone(),
        payment.credit_added.clone(),
        payment.credit_used.clone(),
    ]
}
