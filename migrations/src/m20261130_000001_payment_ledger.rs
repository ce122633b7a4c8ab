//! The payment ledger (issue 11): the seed's `payments` table gains what applying a payment
//! needs (how many periods it buys, the credit it added or used, the expiry before and after
//! its apply so a reversal takes back exactly that time), every state change is a row of
//! `payment_transitions`, and each customer has a credit balance per currency.
//!
//! Payment states: `pending`, `paid`, `failed`, `unmatched`, `applied`, `reversed`. A manual
//! payment is stored with gateway `manual` and a reference of its own, so the unique
//! (gateway, gateway_reference) index makes every recording idempotent.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000003_profiles_customers::Customers;
use crate::m20261124_000004_payments::Payments;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Ledger {
    /// How many periods of the plan the payment buys (1 or more).
    Periods,
    /// What the apply put on the customer's credit balance (1/10,000 units).
    CreditAddedE4,
    /// What the apply took from the customer's credit balance (1/10,000 units).
    CreditUsedE4,
    /// The customer's expiry just before and just after the apply (null: no time bought).
    ExpiryBefore,
    ExpiryAfter,
}

#[derive(DeriveIden)]
enum PaymentTransitions {
    Table,
    Id,
    PaymentId,
    FromState,
    ToState,
    Reason,
    /// The actor's label ("sari (cashier)", "agent").
    Actor,
    StaffId,
    At,
}

#[derive(DeriveIden)]
enum CustomerCredits {
    Table,
    Id,
    CustomerId,
    Currency,
    BalanceE4,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        let columns = [
            integer(Ledger::Periods).default(1).to_owned(),
            big_integer(Ledger::CreditAddedE4).default(0).to_owned(),
            big_integer(Ledger::CreditUsedE4).default(0).to_owned(),
            timestamp_with_time_zone_null(Ledger::ExpiryBefore),
            timestamp_with_time_zone_null(Ledger::ExpiryAfter),
        ];
        for column in columns {
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
            .create_table(
                Table::create()
                    .table(PaymentTransitions::Table)
                    .col(big_pk_auto(PaymentTransitions::Id))
                    .col(big_integer(PaymentTransitions::PaymentId))
                    .col(string_len_null(PaymentTransitions::FromState, 16))
                    .col(string_len(PaymentTransitions::ToState, 16))
                    .col(text(PaymentTransitions::Reason))
                    .col(string_len(PaymentTransitions::Actor, 128))
                    .col(big_integer_null(PaymentTransitions::StaffId))
                    .col(timestamp_with_time_zone(PaymentTransitions::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PaymentTransitions::Table, PaymentTransitions::PaymentId)
                            .to(Payments::Table, Payments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                PaymentTransitions::Table,
                "idx_payment_transitions_payment",
                &["payment_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerCredits::Table)
                    .col(big_pk_auto(CustomerCredits::Id))
                    .col(big_integer(CustomerCredits::CustomerId))
                    .col(string_len(CustomerCredits::Currency, 3))
                    .col(big_integer(CustomerCredits::BalanceE4))
                    .col(timestamp_with_time_zone(CustomerCredits::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerCredits::Table, CustomerCredits::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    CustomerCredits::Table,
                    "uq_customer_credits_customer_currency",
                    &["customer_id", "currency"],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CustomerCredits::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PaymentTransitions::Table).to_owned())
            .await?;
        for column in [
            Ledger::ExpiryAfter,
            Ledger::ExpiryBefore,
            Ledger::CreditUsedE4,
            Ledger::CreditAddedE4,
            Ledger::Periods,
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
        Ok(())
    }
}
