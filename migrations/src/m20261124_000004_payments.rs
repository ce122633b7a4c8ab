use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000003_profiles_customers::{Customers, Profiles};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Payments {
    Table,
    Id,
    CustomerId,
    ProfileId,
    /// Amount in 1/10,000 of the currency unit.
    AmountE4,
    Currency,
    /// `cash`, `bank_transfer`, `gateway`, `voucher`.
    Method,
    /// The gateway's name (`midtrans`, `mpesa`, …) when method is `gateway`.
    Gateway,
    /// The gateway's own transaction reference; unique per gateway so a callback applies once.
    GatewayReference,
    /// `pending`, `paid`, `failed`, `refunded`, `cancelled`.
    State,
    ReceivedBy,
    Note,
    PaidAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GatewayLogs {
    Table,
    Id,
    Gateway,
    /// The raw callback body exactly as received.
    RawRequest,
    Headers,
    PaymentId,
    /// `applied`, `duplicate`, `rejected`, `unmatched`.
    Outcome,
    Message,
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(big_pk_auto(Payments::Id))
                    .col(big_integer_null(Payments::CustomerId))
                    .col(big_integer_null(Payments::ProfileId))
                    .col(big_integer(Payments::AmountE4))
                    .col(string_len(Payments::Currency, 3))
                    .col(string_len(Payments::Method, 16))
                    .col(string_len_null(Payments::Gateway, 32))
                    .col(string_len_null(Payments::GatewayReference, 128))
                    .col(string_len(Payments::State, 16))
                    .col(big_integer_null(Payments::ReceivedBy))
                    .col(text_null(Payments::Note))
                    .col(timestamp_with_time_zone_null(Payments::PaidAt))
                    .col(timestamp_with_time_zone(Payments::CreatedAt))
                    .col(timestamp_with_time_zone(Payments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::ProfileId)
                            .to(Profiles::Table, Profiles::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // NULL references (cash payments) do not collide: both databases treat NULLs as distinct.
        manager
            .create_index(
                index(
                    Payments::Table,
                    "uq_payments_gateway_reference",
                    &["gateway", "gateway_reference"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Payments::Table, "idx_payments_paid_at", &["paid_at"]))
            .await?;
        manager
            .create_index(index(
                Payments::Table,
                "idx_payments_customer",
                &["customer_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GatewayLogs::Table)
                    .col(big_pk_auto(GatewayLogs::Id))
                    .col(string_len(GatewayLogs::Gateway, 32))
                    .col(text(GatewayLogs::RawRequest))
                    .col(text_null(GatewayLogs::Headers))
                    .col(big_integer_null(GatewayLogs::PaymentId))
                    .col(string_len(GatewayLogs::Outcome, 16))
                    .col(text_null(GatewayLogs::Message))
                    .col(timestamp_with_time_zone(GatewayLogs::ReceivedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GatewayLogs::Table, GatewayLogs::PaymentId)
                            .to(Payments::Table, Payments::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GatewayLogs::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Payments::Table).to_owned())
            .await
    }
}
