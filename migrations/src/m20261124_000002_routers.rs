use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Routers {
    Table,
    Id,
    Name,
    /// Host name, LAN address or VPN address the office reaches the router on.
    Host,
    ApiPort,
    UseTls,
    /// SHA-256 fingerprint of the router's certificate, pinned on first TLS use.
    TlsFingerprint,
    Username,
    // No password column: the password lives in the OS keyring under the router's id.
    /// `unknown`, `online`, `offline`.
    Status,
    LastSeenAt,
    LastCheckedAt,
    LatencyMs,
    Identity,
    RouterosVersion,
    UptimeSecs,
    CpuLoad,
    FreeMemory,
    TotalMemory,
    LastError,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RouterLogs {
    Table,
    Id,
    RouterId,
    /// The API command path, e.g. `/ip/hotspot/user/add` (never any password).
    Command,
    DurationMs,
    /// `ok`, `trap`, `timeout`, `unreachable`, …
    Outcome,
    Message,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Routers::Table)
                    .col(big_pk_auto(Routers::Id))
                    .col(string_len_uniq(Routers::Name, 64))
                    .col(string_len(Routers::Host, 255))
                    .col(integer(Routers::ApiPort))
                    .col(boolean(Routers::UseTls).default(false))
                    .col(string_len_null(Routers::TlsFingerprint, 128))
                    .col(string_len(Routers::Username, 64))
                    .col(string_len(Routers::Status, 16).default("unknown"))
                    .col(timestamp_with_time_zone_null(Routers::LastSeenAt))
                    .col(timestamp_with_time_zone_null(Routers::LastCheckedAt))
                    .col(integer_null(Routers::LatencyMs))
                    .col(string_len_null(Routers::Identity, 128))
                    .col(string_len_null(Routers::RouterosVersion, 64))
                    .col(big_integer_null(Routers::UptimeSecs))
                    .col(integer_null(Routers::CpuLoad))
                    .col(big_integer_null(Routers::FreeMemory))
                    .col(big_integer_null(Routers::TotalMemory))
                    .col(text_null(Routers::LastError))
                    .col(timestamp_with_time_zone(Routers::CreatedAt))
                    .col(timestamp_with_time_zone(Routers::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RouterLogs::Table)
                    .col(big_pk_auto(RouterLogs::Id))
                    .col(big_integer(RouterLogs::RouterId))
                    .col(string_len(RouterLogs::Command, 255))
                    .col(integer(RouterLogs::DurationMs))
                    .col(string_len(RouterLogs::Outcome, 32))
                    .col(text_null(RouterLogs::Message))
                    .col(timestamp_with_time_zone(RouterLogs::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RouterLogs::Table, RouterLogs::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                RouterLogs::Table,
                "idx_router_logs_router_time",
                &["router_id", "created_at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RouterLogs::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Routers::Table).to_owned())
            .await
    }
}
