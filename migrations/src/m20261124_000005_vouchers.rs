use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000002_routers::Routers;
use crate::m20261124_000003_profiles_customers::{Customers, Profiles};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VoucherBatches {
    Table,
    Id,
    ProfileId,
    RouterId,
    Quantity,
    /// Price of one voucher in 1/10,000 of the currency unit.
    PriceE4,
    Currency,
    Prefix,
    CodeLength,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Vouchers {
    Table,
    Id,
    BatchId,
    /// Unique across every batch ever made: a code can never be sold twice.
    Code,
    Password,
    /// `unused`, `sold`, `used`, `expired`, `revoked`.
    Status,
    CustomerId,
    UsedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(VoucherBatches::Table)
                    .col(big_pk_auto(VoucherBatches::Id))
                    .col(big_integer(VoucherBatches::ProfileId))
                    .col(big_integer_null(VoucherBatches::RouterId))
                    .col(integer(VoucherBatches::Quantity))
                    .col(big_integer(VoucherBatches::PriceE4))
                    .col(string_len(VoucherBatches::Currency, 3))
                    .col(string_len(VoucherBatches::Prefix, 16).default(""))
                    .col(integer(VoucherBatches::CodeLength))
                    .col(text_null(VoucherBatches::Note))
                    .col(big_integer_null(VoucherBatches::CreatedBy))
                    .col(timestamp_with_time_zone(VoucherBatches::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(VoucherBatches::Table, VoucherBatches::ProfileId)
                            .to(Profiles::Table, Profiles::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(VoucherBatches::Table, VoucherBatches::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Vouchers::Table)
                    .col(big_pk_auto(Vouchers::Id))
                    .col(big_integer(Vouchers::BatchId))
                    .col(string_len_uniq(Vouchers::Code, 32))
                    .col(string_len_null(Vouchers::Password, 32))
                    .col(string_len(Vouchers::Status, 16).default("unused"))
                    .col(big_integer_null(Vouchers::CustomerId))
                    .col(timestamp_with_time_zone_null(Vouchers::UsedAt))
                    .col(timestamp_with_time_zone(Vouchers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Vouchers::Table, Vouchers::BatchId)
                            .to(VoucherBatches::Table, VoucherBatches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Vouchers::Table, Vouchers::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                Vouchers::Table,
                "idx_vouchers_batch_status",
                &["batch_id", "status"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Vouchers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(VoucherBatches::Table).to_owned())
            .await
    }
}
