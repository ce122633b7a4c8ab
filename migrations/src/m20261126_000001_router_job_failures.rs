//! When a router job failed for good (refused six times): shown in the list of failed changes,
//! and the start of its hourly retries. `router_jobs.status` also takes `parked` from here on:
//! a job whose kind this version does not know (a newer tikbill wrote it into a shared
//! database) waits for a version that knows it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RouterJobs {
    Table,
    FailedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RouterJobs::Table)
                    .add_column(timestamp_with_time_zone_null(RouterJobs::FailedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RouterJobs::Table)
                    .drop_column(RouterJobs::FailedAt)
                    .to_owned(),
            )
            .await
    }
}
