//! Reports and alerts (issue 14).
//!
//! - `router_checks`: every health check of every router (when, online or not, the answer's
//!   time), the history router performance is read from; `router_outages`: a router's time
//!   offline, from the first failed check to the first one that answered again (`ended_at`
//!   empty while it lasts), written by the checks as they change a router's status.
//! - Daily roll-ups of what a finished office day holds, so a year's report reads 365 small
//!   groups instead of half a million payments: `report_days` says which days are rolled up
//!   (a write touching a day deletes its row, so a stale roll-up is never read),
//!   `report_revenue_days` money taken and reversed per day, currency and one dimension
//!   (`all`, `method`, `plan`, `router`, `cashier` with its key), `report_router_days` checks,
//!   answers and answer times per day and router.
//! - `daily_reports`: the report the agent writes for each office day (its figures as JSON and
//!   where its PDF was written).
//! - `notification_reads`: who has read which notification (the bell counts per person);
//!   `notifications.dedupe_key` makes a notification about one thing once (`kind:key`).
//! - `sms_reminders`: each expiry reminder sent (or failed) to a customer, once per expiry.
//! - Indexes on `customers.created_at`, `customers.expires_at` and `voucher_transitions.at`:
//!   reports count customers made, plans ending and cards' moves per day.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;
use crate::m20261124_000002_routers::Routers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RouterChecks {
    Table,
    Id,
    RouterId,
    CheckedAt,
    Online,
    LatencyMs,
}

#[derive(DeriveIden)]
enum RouterOutages {
    Table,
    Id,
    RouterId,
    StartedAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum ReportDays {
    Table,
    Day,
    BuiltAt,
}

#[derive(DeriveIden)]
enum ReportRevenueDays {
    Table,
    Day,
    Dimension,
    Key,
    Currency,
    TakenE4,
    TakenCount,
    ReversedE4,
    ReversedCount,
}

#[derive(DeriveIden)]
enum ReportRouterDays {
    Table,
    Day,
    RouterId,
    Checks,
    OnlineChecks,
    LatencySumMs,
    LatencyChecks,
}

#[derive(DeriveIden)]
enum DailyReports {
    Table,
    Day,
    Figures,
    PdfPath,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NotificationReads {
    Table,
    NotificationId,
    StaffId,
    ReadAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    DedupeKey,
}

#[derive(DeriveIden)]
enum SmsReminders {
    Table,
    Id,
    CustomerId,
    ExpiresAt,
    Phone,
    Message,
    Outcome,
    Detail,
    SentAt,
}

/// (table, index, column) of the indexes reports read by.
const REPORT_INDEXES: [(&str, &str, &str); 3] = [
    ("customers", "idx_customers_created", "created_at"),
    ("customers", "idx_customers_expires", "expires_at"),
    ("voucher_transitions", "idx_voucher_transitions_at", "at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RouterChecks::Table)
                    .col(big_pk_auto(RouterChecks::Id))
                    .col(big_integer(RouterChecks::RouterId))
                    .col(timestamp_with_time_zone(RouterChecks::CheckedAt))
                    .col(boolean(RouterChecks::Online))
                    .col(integer_null(RouterChecks::LatencyMs))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RouterChecks::Table, RouterChecks::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                RouterChecks::Table,
                "idx_router_checks_at",
                &["checked_at", "router_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RouterOutages::Table)
                    .col(big_pk_auto(RouterOutages::Id))
                    .col(big_integer(RouterOutages::RouterId))
                    .col(timestamp_with_time_zone(RouterOutages::StartedAt))
                    .col(timestamp_with_time_zone_null(RouterOutages::EndedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RouterOutages::Table, RouterOutages::RouterId)
                            .to(Routers::Table, Routers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                RouterOutages::Table,
                "idx_router_outages_router",
                &["router_id", "started_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportDays::Table)
                    .col(string_len(ReportDays::Day, 10).primary_key())
                    .col(timestamp_with_time_zone(ReportDays::BuiltAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportRevenueDays::Table)
                    .col(string_len(ReportRevenueDays::Day, 10))
                    .col(string_len(ReportRevenueDays::Dimension, 8))
                    .col(string_len(ReportRevenueDays::Key, 32))
                    .col(string_len(ReportRevenueDays::Currency, 3))
                    .col(big_integer(ReportRevenueDays::TakenE4))
                    .col(big_integer(ReportRevenueDays::TakenCount))
                    .col(big_integer(ReportRevenueDays::ReversedE4))
                    .col(big_integer(ReportRevenueDays::ReversedCount))
                    .primary_key(
                        Index::create()
                            .col(ReportRevenueDays::Dimension)
                            .col(ReportRevenueDays::Day)
                            .col(ReportRevenueDays::Key)
                            .col(ReportRevenueDays::Currency),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportRouterDays::Table)
                    .col(string_len(ReportRouterDays::Day, 10))
                    .col(big_integer(ReportRouterDays::RouterId))
                    .col(big_integer(ReportRouterDays::Checks))
                    .col(big_integer(ReportRouterDays::OnlineChecks))
                    .col(big_integer(ReportRouterDays::LatencySumMs))
                    .col(big_integer(ReportRouterDays::LatencyChecks))
                    .primary_key(
                        Index::create()
                            .col(ReportRouterDays::Day)
                            .col(ReportRouterDays::RouterId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DailyReports::Table)
                    .col(string_len(DailyReports::Day, 10).primary_key())
                    .col(text(DailyReports::Figures))
                    .col(text_null(DailyReports::PdfPath))
                    .col(timestamp_with_time_zone(DailyReports::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationReads::Table)
                    .col(big_integer(NotificationReads::NotificationId))
                    .col(big_integer(NotificationReads::StaffId))
                    .col(timestamp_with_time_zone(NotificationReads::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(NotificationReads::StaffId)
                            .col(NotificationReads::NotificationId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(string_len_null(Notifications::DedupeKey, 160))
                    .to_owned(),
            )
            .await?;
        let mut once = index(
            Notifications::Table,
            "uq_notifications_dedupe",
            &["dedupe_key"],
        );
        manager.create_index(once.unique().to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(SmsReminders::Table)
                    .col(big_pk_auto(SmsReminders::Id))
                    .col(big_integer(SmsReminders::CustomerId))
                    .col(timestamp_with_time_zone(SmsReminders::ExpiresAt))
                    .col(string_len(SmsReminders::Phone, 32))
                    .col(text(SmsReminders::Message))
                    .col(string_len(SmsReminders::Outcome, 16))
                    .col(text_null(SmsReminders::Detail))
                    .col(timestamp_with_time_zone(SmsReminders::SentAt))
                    .to_owned(),
            )
            .await?;
        let mut once = index(
            SmsReminders::Table,
            "uq_sms_reminders_expiry",
            &["customer_id", "expires_at"],
        );
        manager.create_index(once.unique().to_owned()).await?;
        // Reports count customers made and plans ending per day, and cards' moves per day.
        for (table, name, column) in REPORT_INDEXES {
            manager
                .create_index(index(Alias::new(table), name, &[column]))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, name, _) in REPORT_INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("uq_notifications_dedupe")
                    .table(Notifications::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .drop_column(Notifications::DedupeKey)
                    .to_owned(),
            )
            .await?;
        for table in [
            SmsReminders::Table.into_iden(),
            NotificationReads::Table.into_iden(),
            DailyReports::Table.into_iden(),
            ReportRouterDays::Table.into_iden(),
            ReportRevenueDays::Table.into_iden(),
            ReportDays::Table.into_iden(),
            RouterOutages::Table.into_iden(),
            RouterChecks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
