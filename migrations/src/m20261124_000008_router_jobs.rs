//! The durable router job queue (issue 4). A job says "make this account or profile on this
//! router match what the database says now"; it is written in the same transaction as the
//! business change that caused it and marked done only after the router confirmed. One row per
//! router in `router_job_queues` holds the lease that lets one worker (the app's or the
//! agent's) work a router's queue at a time, and the router-level retry state while it is
//! unreachable.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000002_routers::Routers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RouterJobs {
    Table,
    Id,
    RouterId,
    /// `hotspot_user`, `ppp_secret`, `hotspot_profile`, `ppp_profile`.
    Kind,
    /// The user or profile name on the router.
    Name,
    /// The customer the job is for, if any (no foreign key: a deleted customer's removal job
    /// outlives the row).
    CustomerId,
    /// `pending`, `done`, `failed`.
    Status,
    /// Attempts the router refused (an unreachable router does not count).
    Attempts,
    LastError,
    NextAttemptAt,
    CreatedAt,
    DoneAt,
}

#[derive(DeriveIden)]
enum RouterJobQueues {
    Table,
    RouterId,
    /// Who works the queue now (`app:host`, `agent:host`), until `lease_until`.
    LeaseOwner,
    LeaseUntil,
    /// Connection failures in a row; the retry delay grows with it.
    Failures,
    RetryAt,
    LastError,
    UpdatedAt,
}

const JOBS_BY_ROUTER: &str = "idx_router_jobs_router_status";
const JOBS_BY_CUSTOMER: &str = "idx_router_jobs_customer";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RouterJobs::Table)
                    .col(big_pk_auto(RouterJobs::Id))
                    .col(big_integer(RouterJobs::RouterId))
                    .col(string_len(RouterJobs::Kind, 16))
                    .col(string_len(RouterJobs::Name, 64))
                    .col(big_integer_null(RouterJobs::CustomerId))
                    .col(string_len(RouterJobs::Status, 8))
                    .col(integer(RouterJobs::Attempts).default(0))
                    .col(text_null(RouterJobs::LastError))
                    .col(timestamp_with_time_zone(RouterJobs::NextAttemptAt))
                    .col(timestamp_with_time_zone(RouterJobs::CreatedAt))
                    .col(timestamp_with_time_zone_null(RouterJobs::DoneAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RouterJobs::Table, RouterJobs::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                RouterJobs::Table,
                JOBS_BY_ROUTER,
                &["router_id", "status", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                RouterJobs::Table,
                JOBS_BY_CUSTOMER,
                &["customer_id", "status"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RouterJobQueues::Table)
                    .col(big_integer(RouterJobQueues::RouterId).primary_key())
                    .col(string_len_null(RouterJobQueues::LeaseOwner, 128))
                    .col(timestamp_with_time_zone_null(RouterJobQueues::LeaseUntil))
                    .col(integer(RouterJobQueues::Failures).default(0))
                    .col(timestamp_with_time_zone_null(RouterJobQueues::RetryAt))
                    .col(text_null(RouterJobQueues::LastError))
                    .col(timestamp_with_time_zone(RouterJobQueues::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RouterJobQueues::Table, RouterJobQueues::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RouterJobQueues::Table.into_iden(),
            RouterJobs::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
