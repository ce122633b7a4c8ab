//! A batch's cards as CSV (for another printing tool, or the books), every cell safe to open in
//! a spreadsheet ([`crate::csv_cell`]).

use tikbill_api::{Permission, VoucherBatchId, VoucherFilter};

use super::listing::{batch, list};
use crate::csv_cell::neutralized;
use crate::{Context, CoreError, CoreResult};

/// The CSV file's columns, in order.
pub const CSV_COLUMNS: [&str; 13] = [
    "batch",
    "serial",
    "code",
    "password",
    "state",
    "plan",
    "price",
    "currency",
    "issued_to",
    "payment",
    "customer",
    "first_login_at",
    "updated_at",
];

/// Writes every card of a batch to `out`, by serial, with a header row; answers how many cards.
/// `password` is the code when the batch's password is the code.
pub async fn export_csv(
    ctx: &Context,
    batch_id: VoucherBatchId,
    out: impl std::io::Write,
) -> CoreResult<u64> {
    // Every card's code and password: usable cards, for those who manage them.
    ctx.require(Permission::ManageVouchers)?;
    let batch = batch(ctx, batch_id).await?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_COLUMNS).map_err(written)?;
    let mut filter = VoucherFilter {
        batch_id: Some(batch.id),
        limit: Some(1000),
        ..Default::default()
    };
    let mut count = 0u64;
    loop {
        let page = list(ctx, &filter).await?;
        for card in &page.cards {
            let password = card.password.clone().unwrap_or_else(|| card.code.clone());
            let cells = [
                card.batch_id.to_string(),
                card.serial.to_string(),
                card.code.clone(),
                password,
                card.state.as_str().to_string(),
                card.plan.clone(),
                card.price.clone(),
                card.currency.clone(),
                card.issued_to.clone().unwrap_or_default(),
                card.payment_id.map(|p| p.to_string()).unwrap_or_default(),
                card.customer_id.map(|c| c.to_string()).unwrap_or_default(),
                card.first_login_at.clone().unwrap_or_default(),
                card.updated_at.clone(),
            ];
            csv.write_record(cells.iter().map(|c| neutralized(c).into_owned()))
                .map_err(written)?;
            count += 1;
        }
        match page.next {
            Some(next) => filter.after = Some(next),
            None => break,
        }
    }
    csv.flush()
        .map_err(|e| CoreError::Internal(format!("the CSV file could not be written: {e}")))?;
    Ok(count)
}

fn written(err: csv::Error) -> CoreError {
    CoreError::Internal(format!("the CSV file could not be written: {err}"))
}
