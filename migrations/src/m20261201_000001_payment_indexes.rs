//! The payments page (`tikbill_core::payment::list`) shows payments newest first, by
//! `(created_at, id)`, in keyset pages (`(created_at, id) < (cursor's) ORDER BY created_at DESC,
//! id DESC LIMIT n`), narrowed by customer, days, method, state and cashier. At a million
//! payments each narrowing needs an index that goes on with `(created_at, id)`, so its payments
//! are read in page order from where the page starts (days being a range inside it) instead of
//! being found and sorted:
//! - `(created_at, id)`: no narrowing, or days alone;
//! - `(customer_id, created_at, id)` replaces `(customer_id)`: one customer's payments (and the
//!   foreign key's lookups, which its first column serves);
//! - `(state, …)`, `(method, …)`, `(received_by, …)`: one state, one method, one cashier, each
//!   also holding the other two columns after `(created_at, id)`, so a walk through one of them
//!   tests the others in the index, without reading the payments;
//! - `(received_by, method, created_at, id, state)`: one cashier's payments by one method (a
//!   cashier's gateway payments are none: walking either index alone would read all of the
//!   cashier's or all of the gateway's to find that out).
//!
//! `payment::list` picks among them when several narrowings come together (its `Through`).

use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
}

/// `(customer_id)`, from `m20261124_000004_payments`.
const OLD_CUSTOMER_INDEX: (&str, &[&str]) = ("idx_payments_customer", &["customer_id"]);

const INDEXES: [(&str, &[&str]); 6] = [
    ("idx_payments_time_id", &["created_at", "id"]),
    (
        "idx_payments_customer_time_id",
        &["customer_id", "created_at", "id"],
    ),
    (
        "idx_payments_state_time_id",
        &["state", "created_at", "id", "method", "received_by"],
    ),
    (
        "idx_payments_method_time_id",
        &["method", "created_at", "id", "state", "received_by"],
    ),
    (
        "idx_payments_received_by_time_id",
        &["received_by", "created_at", "id", "state", "method"],
    ),
    (
        "idx_payments_received_by_method_time_id",
        &["received_by", "method", "created_at", "id", "state"],
    ),
];

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(Payments::Table).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns) in INDEXES {
            manager
                .create_index(index(Payments::Table, name, columns))
                .await?;
        }
        drop_index(manager, OLD_CUSTOMER_INDEX.0).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (name, columns) = OLD_CUSTOMER_INDEX;
        manager
            .create_index(index(Payments::Table, name, columns))
            .await?;
        for (name, _) in INDEXES {
            drop_index(manager, name).await?;
        }
        Ok(())
    }
}
