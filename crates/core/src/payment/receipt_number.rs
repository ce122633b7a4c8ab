//! Receipt numbers: one gapless sequence for the office (every computer sharing its database).
//! The counter row is advanced in the transaction that records the payment, so a payment that
//! is rolled back gives its number back, and two transactions never get the same one (the row
//! is locked until the first commits; on SQLite the write transaction excludes every other).

use sea_orm::{ConnectionTrait, Statement};

use crate::{CoreError, CoreResult};

/// Takes the next receipt number in the caller's write transaction.
pub(crate) async fn next(txn: &impl ConnectionTrait) -> CoreResult<i64> {
    let backend = txn.get_database_backend();
    let row = txn
        .query_one_raw(Statement::from_string(
            backend,
            "UPDATE counters SET value = value + 1 WHERE name = 'receipt' RETURNING value",
        ))
        .await?
        .ok_or_else(|| CoreError::Internal("the receipt counter is missing".into()))?;
    Ok(row.try_get::<i64>("", "value")?)
}
