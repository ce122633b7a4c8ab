//! What signing in needs beyond the first schema's `staff_users`: whether the person must choose
//! a new password (after someone else set one), and the run of wrong passwords that makes an
//! account wait before the next try (`failed_attempts`, and the instant the wait ends,
//! `locked_until`). From here on `staff_users.role` holds `owner`, `manager`, `cashier` or
//! `viewer`, and `active = false` is a disabled account (accounts are never deleted).
//!
//! SQLite adds one column per `ALTER TABLE`, so each column is its own statement.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
    MustChangePassword,
    FailedAttempts,
    LockedUntil,
}

fn added() -> Vec<ColumnDef> {
    vec![
        boolean(StaffUsers::MustChangePassword)
            .default(false)
            .to_owned(),
        integer(StaffUsers::FailedAttempts).default(0).to_owned(),
        timestamp_with_time_zone_null(StaffUsers::LockedUntil),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in added() {
            manager
                .alter_table(
                    Table::alter()
                        .table(StaffUsers::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            StaffUsers::LockedUntil,
            StaffUsers::FailedAttempts,
            StaffUsers::MustChangePassword,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(StaffUsers::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
