//! `activity_log` becomes the tamper-evident audit log. Each entry says when (UTC,
//! `created_at`), who (`staff_user_id` when a staff member acted, and always a label in
//! `actor`: `staff:ayu`, `agent@host`, `cli`), from where (`origin`: `app on host X`, `agent`,
//! `cli`), what (`action`, `entity_type`, `entity_id`), the record before and after as JSON text
//! (secrets redacted by the core), and its place in a hash chain: `hash` is the hex SHA-256 of
//! `prev_hash` and the entry's canonical bytes (`tikbill_core::audit`). The entries' order is
//! `id`. The first schema's `source` (at most 16 characters) and `detail` give way to `origin`
//! and the JSON columns; nothing wrote them before this slice.
//!
//! SQLite adds or drops one column per `ALTER TABLE`, so each column is its own statement.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityLog {
    Table,
    Source,
    Detail,
    Actor,
    Origin,
    BeforeJson,
    AfterJson,
    PrevHash,
    Hash,
}

const HASH_INDEX: &str = "idx_activity_log_hash";

fn added() -> Vec<ColumnDef> {
    vec![
        string_len(ActivityLog::Actor, 128).default("").to_owned(),
        string_len(ActivityLog::Origin, 255).default("").to_owned(),
        text_null(ActivityLog::BeforeJson),
        text_null(ActivityLog::AfterJson),
        string_len(ActivityLog::PrevHash, 64).default("").to_owned(),
        string_len(ActivityLog::Hash, 64).default("").to_owned(),
    ]
}

fn removed() -> Vec<ColumnDef> {
    vec![
        string_len(ActivityLog::Source, 16).default("").to_owned(),
        text(ActivityLog::Detail).default("").to_owned(),
    ]
}

async fn add(manager: &SchemaManager<'_>, mut column: ColumnDef) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(ActivityLog::Table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

async fn drop(manager: &SchemaManager<'_>, column: ActivityLog) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(ActivityLog::Table)
                .drop_column(column)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in added() {
            add(manager, column).await?;
        }
        drop(manager, ActivityLog::Source).await?;
        drop(manager, ActivityLog::Detail).await?;
        // Finding an entry by its hash (a later export names entries by it).
        manager
            .create_index(index(ActivityLog::Table, HASH_INDEX, &["hash"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(HASH_INDEX)
                    .table(ActivityLog::Table)
                    .to_owned(),
            )
            .await?;
        for column in removed() {
            add(manager, column).await?;
        }
        for column in [
            ActivityLog::Hash,
            ActivityLog::PrevHash,
            ActivityLog::AfterJson,
            ActivityLog::BeforeJson,
            ActivityLog::Origin,
            ActivityLog::Actor,
        ] {
            drop(manager, column).await?;
        }
        Ok(())
    }
}
