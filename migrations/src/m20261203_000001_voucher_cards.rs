//! Vouchers for cashiers (issue 13): the seed's `voucher_batches` and `vouchers` were never
//! used by any release, so they are made again with what prepaid cards need.
//!
//! - `voucher_batches`: a plan, how many cards, the code length and prefix, whether the
//!   password is the code, how the card's time counts (`first_login`, `usage_time`,
//!   `fixed_date` with `valid_until`), the price of one card and who made it.
//! - `voucher_batch_routers`: the routers a batch's cards are hotspot users on.
//! - `vouchers`: one card. `code` is unique across every card ever made (a collision is drawn
//!   again, never shown); `serial` numbers the cards of a batch from 1. `state` is where the
//!   card is in its life (`created`, `on_router`, `issued`, `sold`, `in_use`, `used_up`,
//!   `expired`, `returned`, `revoked`, `redeemed`); `issued_to` the cashier holding it,
//!   `payment_id` the sale, `customer_id` the customer it was redeemed for, `router_id` the
//!   router it was first used on (the others drop it).
//! - `voucher_transitions`: every change of a card's state, with who, when, and the shift of
//!   the cashier it happened in (a shift report counts cards issued, sold and returned).
//! - `voucher_redeem_attempts`: codes typed for redemption, so attempts are limited per staff
//!   member and minute.
//! - `routers.hotspot_address`: where the router's hotspot login page is, for the auto-login
//!   QR code printed on cards (`http://<address>/login?username=…&password=…`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000002_routers::Routers;
use crate::m20261124_000003_profiles_customers::Profiles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VoucherBatches {
    Table,
    Id,
    ProfileId,
    Count,
    PriceE4,
    Currency,
    Prefix,
    CodeLength,
    SamePassword,
    TimeMode,
    /// The plan's period when the batch was made (a card keeps what it was sold as, whatever
    /// the plan becomes): `duration_value` `duration_unit`, and its data cap.
    DurationValue,
    DurationUnit,
    DataLimitBytes,
    ValidUntil,
    Note,
    CreatedBy,
    CreatedByLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum VoucherBatchRouters {
    Table,
    BatchId,
    RouterId,
}

#[derive(DeriveIden)]
enum Vouchers {
    Table,
    Id,
    BatchId,
    Serial,
    Code,
    Password,
    State,
    IssuedTo,
    PaymentId,
    CustomerId,
    /// The router it was first used on: a card works on that router only from then on.
    RouterId,
    FirstLoginAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum VoucherTransitions {
    Table,
    Id,
    VoucherId,
    FromState,
    ToState,
    Reason,
    Actor,
    StaffId,
    ShiftId,
    At,
}

#[derive(DeriveIden)]
enum RouterColumns {
    HotspotAddress,
}

#[derive(DeriveIden)]
enum VoucherRedeemAttempts {
    Table,
    Id,
    StaffId,
    At,
    Succeeded,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Vouchers::Table).if_exists().to_owned())
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(VoucherBatches::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherBatches::Table)
                    .col(big_pk_auto(VoucherBatches::Id))
                    .col(big_integer(VoucherBatches::ProfileId))
                    .col(integer(VoucherBatches::Count))
                    .col(big_integer(VoucherBatches::PriceE4))
                    .col(string_len(VoucherBatches::Currency, 3))
                    .col(string_len(VoucherBatches::Prefix, 8).default(""))
                    .col(integer(VoucherBatches::CodeLength))
                    .col(boolean(VoucherBatches::SamePassword))
                    .col(string_len(VoucherBatches::TimeMode, 16))
                    .col(integer(VoucherBatches::DurationValue))
                    .col(string_len(VoucherBatches::DurationUnit, 16))
                    .col(big_integer_null(VoucherBatches::DataLimitBytes))
                    .col(timestamp_with_time_zone_null(VoucherBatches::ValidUntil))
                    .col(text_null(VoucherBatches::Note))
                    .col(big_integer_null(VoucherBatches::CreatedBy))
                    .col(string_len(VoucherBatches::CreatedByLabel, 128))
                    .col(timestamp_with_time_zone(VoucherBatches::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(VoucherBatches::Table, VoucherBatches::ProfileId)
                            .to(Profiles::Table, Profiles::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherBatchRouters::Table)
                    .col(big_integer(VoucherBatchRouters::BatchId))
                    .col(big_integer(VoucherBatchRouters::RouterId))
                    .primary_key(
                        Index::create()
                            .col(VoucherBatchRouters::BatchId)
                            .col(VoucherBatchRouters::RouterId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(VoucherBatchRouters::Table, VoucherBatchRouters::BatchId)
                            .to(VoucherBatches::Table, VoucherBatches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(VoucherBatchRouters::Table, VoucherBatchRouters::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                VoucherBatchRouters::Table,
                "idx_voucher_batch_routers_router",
                &["router_id", "batch_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Vouchers::Table)
                    .col(big_pk_auto(Vouchers::Id))
                    .col(big_integer(Vouchers::BatchId))
                    .col(integer(Vouchers::Serial))
                    .col(string_len_uniq(Vouchers::Code, 32))
                    .col(string_len_null(Vouchers::Password, 32))
                    .col(string_len(Vouchers::State, 16))
                    .col(big_integer_null(Vouchers::IssuedTo))
                    .col(big_integer_null(Vouchers::PaymentId))
                    .col(big_integer_null(Vouchers::CustomerId))
                    .col(big_integer_null(Vouchers::RouterId))
                    .col(timestamp_with_time_zone_null(Vouchers::FirstLoginAt))
                    .col(timestamp_with_time_zone(Vouchers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Vouchers::Table, Vouchers::BatchId)
                            .to(VoucherBatches::Table, VoucherBatches::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("uq_vouchers_batch_serial", &["batch_id", "serial"][..]),
            ("idx_vouchers_batch_state", &["batch_id", "state", "id"][..]),
            ("idx_vouchers_state", &["state", "id"][..]),
            ("idx_vouchers_issued_to", &["issued_to", "state", "id"][..]),
            ("idx_vouchers_payment", &["payment_id"][..]),
        ] {
            let mut statement = index(Vouchers::Table, name, cols);
            if name.starts_with("uq_") {
                statement.unique();
            }
            manager.create_index(statement).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(VoucherTransitions::Table)
                    .col(big_pk_auto(VoucherTransitions::Id))
                    .col(big_integer(VoucherTransitions::VoucherId))
                    .col(string_len_null(VoucherTransitions::FromState, 16))
                    .col(string_len(VoucherTransitions::ToState, 16))
                    .col(string_len(VoucherTransitions::Reason, 256))
                    .col(string_len(VoucherTransitions::Actor, 128))
                    .col(big_integer_null(VoucherTransitions::StaffId))
                    .col(big_integer_null(VoucherTransitions::ShiftId))
                    .col(timestamp_with_time_zone(VoucherTransitions::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(VoucherTransitions::Table, VoucherTransitions::VoucherId)
                            .to(Vouchers::Table, Vouchers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                VoucherTransitions::Table,
                "idx_voucher_transitions_voucher",
                &["voucher_id", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                VoucherTransitions::Table,
                "idx_voucher_transitions_shift",
                &["shift_id", "to_state"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherRedeemAttempts::Table)
                    .col(big_pk_auto(VoucherRedeemAttempts::Id))
                    .col(big_integer_null(VoucherRedeemAttempts::StaffId))
                    .col(timestamp_with_time_zone(VoucherRedeemAttempts::At))
                    .col(boolean(VoucherRedeemAttempts::Succeeded))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                VoucherRedeemAttempts::Table,
                "idx_voucher_redeem_attempts_staff",
                &["staff_id", "at"],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Routers::Table)
                    .add_column(string_len_null(RouterColumns::HotspotAddress, 255))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Routers::Table)
                    .drop_column(RouterColumns::HotspotAddress)
                    .to_owned(),
            )
            .await?;
        for table in [
            VoucherRedeemAttempts::Table.into_iden(),
            VoucherTransitions::Table.into_iden(),
            Vouchers::Table.into_iden(),
            VoucherBatchRouters::Table.into_iden(),
            VoucherBatches::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        // The seed's tables as they were, so the migrations before this one roll back too.
        crate::m20261124_000005_vouchers::Migration
            .up(manager)
            .await
    }
}
