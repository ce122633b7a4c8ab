//! Cashier shifts and receipt numbers (issue 11).
//!
//! - `cash_shifts`: a cashier's drawer from opening (with the float counted into it) to closing
//!   (with the cash counted out, and what tikbill expected stored beside it). A staff member has
//!   at most one open shift: a partial unique index on `staff_id` where `closed_at` is null,
//!   written in SQL because sea-query's index builder has no `WHERE` (both databases accept it).
//! - `payments.shift_id`: the shift a payment was taken in (every payment a staff member records
//!   while their shift is open; cash only with one open).
//! - `payments.receipt_number` and `counters`: receipt numbers come from one counter row
//!   (`receipt`), advanced in the transaction that records the payment, so a payment that is
//!   not saved does not use a number: the sequence has no gaps. Unique, so two payments never
//!   share one. `payments.receipt_prints` counts its prints: every print after the first says
//!   REPRINT.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000001_staff_settings::StaffUsers;
use crate::m20261124_000004_payments::Payments;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CashShifts {
    Table,
    Id,
    StaffId,
    /// The drawer's currency: cash in another currency is not taken into it.
    Currency,
    /// The cash in the drawer when the shift opened (1/10,000 units).
    FloatE4,
    OpenedAt,
    ClosedAt,
    /// Who closed it (the cashier, or an owner or manager closing an abandoned shift).
    ClosedBy,
    /// The actor's label at closing ("sari (cashier)").
    ClosedByLabel,
    /// The float plus the cash taken in the shift, as it stood at closing.
    ExpectedE4,
    /// The cash counted at closing.
    CountedE4,
    CloseNote,
}

#[derive(DeriveIden)]
enum ShiftColumns {
    ShiftId,
    ReceiptNumber,
    /// How many times its receipt was printed (a second print says REPRINT).
    ReceiptPrints,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

/// One open shift per staff member.
const ONE_OPEN_SHIFT: &str =
    "CREATE UNIQUE INDEX uq_cash_shifts_open ON cash_shifts (staff_id) WHERE closed_at IS NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CashShifts::Table)
                    .col(big_pk_auto(CashShifts::Id))
                    .col(big_integer(CashShifts::StaffId))
                    .col(string_len(CashShifts::Currency, 3))
                    .col(big_integer(CashShifts::FloatE4))
                    .col(timestamp_with_time_zone(CashShifts::OpenedAt))
                    .col(timestamp_with_time_zone_null(CashShifts::ClosedAt))
                    .col(big_integer_null(CashShifts::ClosedBy))
                    .col(string_len_null(CashShifts::ClosedByLabel, 128))
                    .col(big_integer_null(CashShifts::ExpectedE4))
                    .col(big_integer_null(CashShifts::CountedE4))
                    .col(text_null(CashShifts::CloseNote))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CashShifts::Table, CashShifts::StaffId)
                            .to(StaffUsers::Table, StaffUsers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(ONE_OPEN_SHIFT)
            .await?;
        manager
            .create_index(index(
                CashShifts::Table,
                "idx_cash_shifts_opened",
                &["opened_at", "id"],
            ))
            .await?;
        for column in [
            big_integer_null(ShiftColumns::ShiftId),
            big_integer_null(ShiftColumns::ReceiptNumber),
            integer(ShiftColumns::ReceiptPrints).default(0).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Payments::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index(
                Payments::Table,
                "idx_payments_shift",
                &["shift_id", "id"],
            ))
            .await?;
        manager
            .create_index(
                index(
                    Payments::Table,
                    "uq_payments_receipt_number",
                    &["receipt_number"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Counters::Table)
                    .col(string_len(Counters::Name, 32).primary_key())
                    .col(big_integer(Counters::Value))
                    .to_owned(),
            )
            .await?;
        let mut first = Query::insert();
        first
            .into_table(Counters::Table)
            .columns([Counters::Name, Counters::Value])
            .values(["receipt".into(), 0i64.into()])
            .map_err(|e| DbErr::Migration(format!("the receipt counter: {e}")))?;
        manager.exec_stmt(first).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Counters::Table).to_owned())
            .await?;
        for name in ["uq_payments_receipt_number", "idx_payments_shift"] {
            manager
                .drop_index(Index::drop().name(name).table(Payments::Table).to_owned())
                .await?;
        }
        for column in [
            ShiftColumns::ReceiptPrints,
            ShiftColumns::ReceiptNumber,
            ShiftColumns::ShiftId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Payments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(CashShifts::Table).to_owned())
            .await
    }
}
