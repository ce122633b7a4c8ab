use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000001_staff_settings::StaffUsers;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The audit trail: who did what to which record, and when.
#[derive(DeriveIden)]
enum ActivityLog {
    Table,
    Id,
    StaffUserId,
    /// `app`, `agent`, `relay` or `cli` when no staff member acted.
    Source,
    /// e.g. `profile.create`, `customer.extend`.
    Action,
    EntityType,
    EntityId,
    /// Human-readable detail; never a password.
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    /// `info`, `warning`, `error`.
    Level,
    /// e.g. `router.offline`, `payment.received`.
    Kind,
    Title,
    Body,
    ReadAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ActivityLog::Table)
                    .col(big_pk_auto(ActivityLog::Id))
                    .col(big_integer_null(ActivityLog::StaffUserId))
                    .col(string_len(ActivityLog::Source, 16))
                    .col(string_len(ActivityLog::Action, 64))
                    .col(string_len(ActivityLog::EntityType, 32))
                    .col(big_integer_null(ActivityLog::EntityId))
                    .col(text(ActivityLog::Detail))
                    .col(timestamp_with_time_zone(ActivityLog::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActivityLog::Table, ActivityLog::StaffUserId)
                            .to(StaffUsers::Table, StaffUsers::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                ActivityLog::Table,
                "idx_activity_log_time",
                &["created_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_pk_auto(Notifications::Id))
                    .col(string_len(Notifications::Level, 8))
                    .col(string_len(Notifications::Kind, 64))
                    .col(string_len(Notifications::Title, 255))
                    .col(text(Notifications::Body))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ActivityLog::Table).to_owned())
            .await
    }
}
