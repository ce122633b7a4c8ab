use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum StaffUsers {
    Table,
    Id,
    Username,
    FullName,
    /// `owner`, `manager`, `cashier`, `viewer` (see `m20261127_000001_staff_sign_in`).
    Role,
    /// Argon2 PHC string; never the password itself.
    PasswordHash,
    Active,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StaffUsers::Table)
                    .col(big_pk_auto(StaffUsers::Id))
                    .col(string_len_uniq(StaffUsers::Username, 64))
                    .col(string_len(StaffUsers::FullName, 128))
                    .col(string_len(StaffUsers::Role, 16))
                    .col(string_len(StaffUsers::PasswordHash, 255))
                    .col(boolean(StaffUsers::Active).default(true))
                    .col(timestamp_with_time_zone_null(StaffUsers::LastLoginAt))
                    .col(timestamp_with_time_zone(StaffUsers::CreatedAt))
                    .col(timestamp_with_time_zone(StaffUsers::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(string_len(Settings::Key, 128).primary_key())
                    .col(text(Settings::Value))
                    .col(timestamp_with_time_zone(Settings::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Settings::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(StaffUsers::Table).to_owned())
            .await
    }
}
