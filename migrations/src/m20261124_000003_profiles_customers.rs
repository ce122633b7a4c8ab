use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000002_routers::Routers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Profiles {
    Table,
    Id,
    Name,
    /// Bits per second the customer may send (RouterOS rx).
    RateUpBps,
    /// Bits per second the customer may receive (RouterOS tx).
    RateDownBps,
    BurstUpBps,
    BurstDownBps,
    BurstThresholdUpBps,
    BurstThresholdDownBps,
    BurstTimeUpSecs,
    BurstTimeDownSecs,
    /// Price in 1/10,000 of the currency unit.
    PriceE4,
    Currency,
    DurationValue,
    /// `hours`, `days`, `weeks`, `months`.
    DurationUnit,
    DataLimitBytes,
    SharedUsers,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Customers {
    Table,
    Id,
    Username,
    /// The customer's hotspot/PPPoE password as the router needs it (not a staff secret).
    ServicePassword,
    FullName,
    Phone,
    Email,
    /// `hotspot` or `pppoe`.
    ServiceType,
    RouterId,
    ProfileId,
    /// `pending`, `active`, `expired`, `disabled`.
    Status,
    ExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CustomerSessions {
    Table,
    Id,
    CustomerId,
    RouterId,
    StartedAt,
    EndedAt,
    Address,
    MacAddress,
    BytesIn,
    BytesOut,
    UptimeSecs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Profiles::Table)
                    .col(big_pk_auto(Profiles::Id))
                    .col(string_len_uniq(Profiles::Name, 64))
                    .col(big_integer(Profiles::RateUpBps))
                    .col(big_integer(Profiles::RateDownBps))
                    .col(big_integer_null(Profiles::BurstUpBps))
                    .col(big_integer_null(Profiles::BurstDownBps))
                    .col(big_integer_null(Profiles::BurstThresholdUpBps))
                    .col(big_integer_null(Profiles::BurstThresholdDownBps))
                    .col(integer_null(Profiles::BurstTimeUpSecs))
                    .col(integer_null(Profiles::BurstTimeDownSecs))
                    .col(big_integer(Profiles::PriceE4))
                    .col(string_len(Profiles::Currency, 3))
                    .col(integer(Profiles::DurationValue))
                    .col(string_len(Profiles::DurationUnit, 8))
                    .col(big_integer_null(Profiles::DataLimitBytes))
                    .col(integer(Profiles::SharedUsers).default(1))
                    .col(timestamp_with_time_zone(Profiles::CreatedAt))
                    .col(timestamp_with_time_zone(Profiles::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(big_pk_auto(Customers::Id))
                    .col(string_len(Customers::Username, 64))
                    .col(string_len(Customers::ServicePassword, 128))
                    .col(string_len(Customers::FullName, 128))
                    .col(string_len_null(Customers::Phone, 32))
                    .col(string_len_null(Customers::Email, 255))
                    .col(string_len(Customers::ServiceType, 8))
                    .col(big_integer(Customers::RouterId))
                    .col(big_integer(Customers::ProfileId))
                    .col(string_len(Customers::Status, 16).default("pending"))
                    .col(timestamp_with_time_zone_null(Customers::ExpiresAt))
                    .col(timestamp_with_time_zone(Customers::CreatedAt))
                    .col(timestamp_with_time_zone(Customers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Customers::Table, Customers::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Customers::Table, Customers::ProfileId)
                            .to(Profiles::Table, Profiles::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A username is unique on its router (hotspot users and PPP secrets are per router).
        manager
            .create_index(
                index(
                    Customers::Table,
                    "uq_customers_router_username",
                    &["router_id", "username"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_customers_profile", &["profile_id"][..]),
            ("idx_customers_status_expiry", &["status", "expires_at"][..]),
            ("idx_customers_full_name", &["full_name"][..]),
        ] {
            manager
                .create_index(index(Customers::Table, name, cols))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CustomerSessions::Table)
                    .col(big_pk_auto(CustomerSessions::Id))
                    .col(big_integer(CustomerSessions::CustomerId))
                    .col(big_integer(CustomerSessions::RouterId))
                    .col(timestamp_with_time_zone(CustomerSessions::StartedAt))
                    .col(timestamp_with_time_zone_null(CustomerSessions::EndedAt))
                    .col(string_len_null(CustomerSessions::Address, 64))
                    .col(string_len_null(CustomerSessions::MacAddress, 32))
                    .col(big_integer(CustomerSessions::BytesIn).default(0))
                    .col(big_integer(CustomerSessions::BytesOut).default(0))
                    .col(big_integer(CustomerSessions::UptimeSecs).default(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerSessions::Table, CustomerSessions::CustomerId)
                            .to(Customers::Table, Customers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerSessions::Table, CustomerSessions::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                CustomerSessions::Table,
                "idx_sessions_customer_start",
                &["customer_id", "started_at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CustomerSessions::Table.into_iden(),
            Customers::Table.into_iden(),
            Profiles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
