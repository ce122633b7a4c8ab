//! Reports at an ISP's size (a year's report under 100 ms at 100,000 customers).
//!
//! `report_voucher_days`: cards' moves per office day, batch, person (0: tikbill itself) and
//! state moved to, rolled up with the day's money and checks (a year of a busy hotspot's card
//! moves is more than half a million rows).
//!
//! Indexes that hold everything the customers and plans reports count, so a year's counts walk
//! an index and never read the customers' rows (at 100,000 customers reading the rows took half
//! a second on SQLite):
//! - `(created_at, expires_at, profile_id)` replaces `(created_at)`: customers made per group of
//!   days, those made with a plan (`expires_at > created_at`), and per plan;
//! - `(expires_at, created_at)` replaces `(expires_at)`: plans ending per group of days (and the
//!   expiry jobs' lookups, which its first column serves), and customers active at an instant;
//! - `(status, profile_id)`: active customers per plan;
//! - `report_revenue_days (dimension, key, currency, day, sums…)`: a dimension's money summed
//!   over a range of days, key by key, walked in the order it is grouped in (SQLite sorted a
//!   year by router, 37,000 rows, to group it);
//! - `(checked_at, router_id, online, latency_ms)` replaces `(checked_at, router_id)`: a day's
//!   health checks added up from the index alone (today's, and each day rolled up).

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportVoucherDays {
    Table,
    Day,
    BatchId,
    StaffId,
    ToState,
    Moves,
}

/// (table, old index, its columns, new index, its columns).
type Replaced = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static [&'static str],
);

const REPLACED: [Replaced; 3] = [
    (
        "customers",
        "idx_customers_created",
        &["created_at"],
        "idx_customers_created_expires_plan",
        &["created_at", "expires_at", "profile_id"],
    ),
    (
        "customers",
        "idx_customers_expires",
        &["expires_at"],
        "idx_customers_expires_created",
        &["expires_at", "created_at"],
    ),
    (
        "router_checks",
        "idx_router_checks_at",
        &["checked_at", "router_id"],
        "idx_router_checks_at_answer",
        &["checked_at", "router_id", "online", "latency_ms"],
    ),
];

const ADDED: [(&str, &str, &[&str]); 2] = [
    (
        "customers",
        "idx_customers_status_plan",
        &["status", "profile_id"],
    ),
    (
        "report_revenue_days",
        "idx_report_revenue_days_key",
        &[
            "dimension",
            "key",
            "currency",
            "day",
            "taken_e4",
            "taken_count",
            "reversed_e4",
            "reversed_count",
        ],
    ),
];

async fn drop_index(manager: &SchemaManager<'_>, table: &str, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportVoucherDays::Table)
                    .col(string_len(ReportVoucherDays::Day, 10))
                    .col(big_integer(ReportVoucherDays::BatchId))
                    .col(big_integer(ReportVoucherDays::StaffId))
                    .col(string_len(ReportVoucherDays::ToState, 16))
                    .col(big_integer(ReportVoucherDays::Moves))
                    .primary_key(
                        Index::create()
                            .col(ReportVoucherDays::Day)
                            .col(ReportVoucherDays::BatchId)
                            .col(ReportVoucherDays::StaffId)
                            .col(ReportVoucherDays::ToState),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, old, _, new, columns) in REPLACED {
            manager
                .create_index(index(Alias::new(table), new, columns))
                .await?;
            drop_index(manager, table, old).await?;
        }
        for (table, name, columns) in ADDED {
            manager
                .create_index(index(Alias::new(table), name, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name, _) in ADDED {
            drop_index(manager, table, name).await?;
        }
        for (table, old, old_columns, new, _) in REPLACED {
            manager
                .create_index(index(Alias::new(table), old, old_columns))
                .await?;
            drop_index(manager, table, new).await?;
        }
        manager
            .drop_table(Table::drop().table(ReportVoucherDays::Table).to_owned())
            .await
    }
}
