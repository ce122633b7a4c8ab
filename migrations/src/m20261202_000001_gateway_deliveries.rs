//! Online payments (issue 12): what gateways sent us, and the M-Pesa pushes we started.
//!
//! - `gateway_deliveries`: every HTTP delivery the relay accepted, raw (headers as JSON, the
//!   exact body bytes, the remote address, when), committed before the gateway got its 2xx.
//!   Processing fills in the verdict, the payment it made and when; `state` is `stored` until
//!   then. A delivery pulled from a relay on another server keeps that relay's id in
//!   (`source`, `source_id`), unique, so pulling twice stores it once. `delivery_key` is the
//!   gateway's own id of a signed delivery (Standard Webhooks' `webhook-id`, PayPal's
//!   transmission id), unique per gateway: the database, not the code, refuses a replay.
//! - `mpesa_pushes`: an STK push as we asked it (customer, plan, periods, amount, phone), stored
//!   before Daraja is asked; its CheckoutRequestID once Daraja accepted it (unique: a callback
//!   matches exactly one push), the result and the payment it made, and when reconciliation
//!   asks Daraja next.
//! - The seed's `gateway_logs` (the raw request as text, no remote address, no processing
//!   state) is dropped: nothing ever wrote it, and `gateway_deliveries` keeps the exact bytes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000003_profiles_customers::Customers;
use crate::m20261124_000004_payments::Payments;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GatewayDeliveries {
    Table,
    Id,
    /// The path it came to: `stk`, `c2b/confirmation`, `paypal`, …
    Hook,
    Gateway,
    ReceivedAt,
    RemoteAddr,
    /// `[["Name","value"], …]` as the request had them.
    Headers,
    Body,
    /// `stored`, `processed`, `rejected`, `ignored`, `waiting`.
    State,
    Verdict,
    PaymentId,
    ProcessedAt,
    Attempts,
    NextAttemptAt,
    DeliveryKey,
    Source,
    SourceId,
}

#[derive(DeriveIden)]
enum MpesaPushes {
    Table,
    Id,
    CustomerId,
    ProfileId,
    Periods,
    AmountE4,
    Phone,
    AccountReference,
    /// `sending`, `pending`, `paid`, `failed`, `expired`, `refused`.
    State,
    MerchantRequestId,
    CheckoutRequestId,
    ResultCode,
    ResultDesc,
    Receipt,
    /// The ledger reference its payment is (or will be) stored under, fixed when the push is
    /// claimed paid: the receipt, or (paid per the query, which gives none) the
    /// CheckoutRequestID. A receipt learnt later never changes it.
    LedgerReference,
    PaymentId,
    CreatedAt,
    CreatedBy,
    ResolvedAt,
    Queries,
    NextQueryAt,
}

#[derive(DeriveIden)]
enum GatewayLogs {
    Table,
    Id,
    Gateway,
    RawRequest,
    Headers,
    PaymentId,
    Outcome,
    Message,
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GatewayLogs::Table).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GatewayDeliveries::Table)
                    .col(big_pk_auto(GatewayDeliveries::Id))
                    .col(string_len(GatewayDeliveries::Hook, 32))
                    .col(string_len(GatewayDeliveries::Gateway, 16))
                    .col(timestamp_with_time_zone(GatewayDeliveries::ReceivedAt))
                    .col(string_len(GatewayDeliveries::RemoteAddr, 64))
                    .col(text(GatewayDeliveries::Headers))
                    .col(blob(GatewayDeliveries::Body))
                    .col(string_len(GatewayDeliveries::State, 16))
                    .col(text_null(GatewayDeliveries::Verdict))
                    .col(big_integer_null(GatewayDeliveries::PaymentId))
                    .col(timestamp_with_time_zone_null(
                        GatewayDeliveries::ProcessedAt,
                    ))
                    .col(integer(GatewayDeliveries::Attempts).default(0).to_owned())
                    .col(timestamp_with_time_zone_null(
                        GatewayDeliveries::NextAttemptAt,
                    ))
                    .col(string_len_null(GatewayDeliveries::DeliveryKey, 128))
                    .col(string_len_null(GatewayDeliveries::Source, 255))
                    .col(big_integer_null(GatewayDeliveries::SourceId))
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            ("idx_gateway_deliveries_state", &["state", "id"][..], false),
            (
                "idx_gateway_deliveries_received",
                &["received_at", "id"][..],
                false,
            ),
            (
                "uq_gateway_deliveries_key",
                &["gateway", "delivery_key"][..],
                true,
            ),
            (
                "uq_gateway_deliveries_source",
                &["source", "source_id"][..],
                true,
            ),
        ] {
            let mut stmt = index(GatewayDeliveries::Table, name, cols);
            if unique {
                stmt.unique();
            }
            manager.create_index(stmt).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(MpesaPushes::Table)
                    .col(big_pk_auto(MpesaPushes::Id))
                    .col(big_integer(MpesaPushes::CustomerId))
                    .col(big_integer_null(MpesaPushes::ProfileId))
                    .col(integer(MpesaPushes::Periods))
                    .col(big_integer(MpesaPushes::AmountE4))
                    .col(string_len(MpesaPushes::Phone, 16))
                    .col(string_len(MpesaPushes::AccountReference, 16))
                    .col(string_len(MpesaPushes::State, 16))
                    .col(string_len_null(MpesaPushes::MerchantRequestId, 64))
                    .col(string_len_null(MpesaPushes::CheckoutRequestId, 64))
                    .col(string_len_null(MpesaPushes::ResultCode, 16))
                    .col(text_null(MpesaPushes::ResultDesc))
                    .col(string_len_null(MpesaPushes::Receipt, 32))
                    .col(string_len_null(MpesaPushes::LedgerReference, 64))
                    .col(big_integer_null(MpesaPushes::PaymentId))
                    .col(timestamp_with_time_zone(MpesaPushes::CreatedAt))
                    .col(string_len(MpesaPushes::CreatedBy, 128))
                    .col(timestamp_with_time_zone_null(MpesaPushes::ResolvedAt))
                    .col(integer(MpesaPushes::Queries).default(0).to_owned())
                    .col(timestamp_with_time_zone_null(MpesaPushes::NextQueryAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MpesaPushes::Table, MpesaPushes::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "uq_mpesa_pushes_checkout",
                &["checkout_request_id"][..],
                true,
            ),
            (
                "idx_mpesa_pushes_state",
                &["state", "next_query_at"][..],
                false,
            ),
            (
                "idx_mpesa_pushes_customer",
                &["customer_id", "id"][..],
                false,
            ),
        ] {
            let mut stmt = index(MpesaPushes::Table, name, cols);
            if unique {
                stmt.unique();
            }
            manager.create_index(stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MpesaPushes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(GatewayDeliveries::Table).to_owned())
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
}
