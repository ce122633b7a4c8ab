//! The audit page (`tikbill_core::audit::page`) shows the log newest first, by id, in keyset
//! pages (`id < before_id ORDER BY id DESC LIMIT n`), narrowed by person, kind of record, one
//! record and days. At a million entries each narrowing needs an index that ends in `id`, so its
//! entries are read in page order from where the page starts instead of being found and sorted:
//! - `(staff_user_id, id)`: one person's entries;
//! - `(entity_type, id)`: one kind of record's entries (a kind may be most of the log, or a
//!   handful of entries all long ago; without statistics SQLite would otherwise sort them all);
//! - `(entity_type, entity_id, id)`: one record's history;
//! - `(created_at, id)` replaces `(created_at)`: where a range of days starts and ends in id
//!   order is looked up in it (the log's id order is its time order, so the days are a range of
//!   ids, walked through the indexes above).

use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityLog {
    Table,
}

/// `(created_at)`, from `m20261124_000006_activity_notifications`.
const OLD_TIME_INDEX: (&str, &[&str]) = ("idx_activity_log_time", &["created_at"]);

const INDEXES: [(&str, &[&str]); 4] = [
    ("idx_activity_log_staff_id", &["staff_user_id", "id"]),
    ("idx_activity_log_kind_id", &["entity_type", "id"]),
    (
        "idx_activity_log_entity_id",
        &["entity_type", "entity_id", "id"],
    ),
    ("idx_activity_log_time_id", &["created_at", "id"]),
];

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(
            Index::drop()
                .name(name)
                .table(ActivityLog::Table)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, OLD_TIME_INDEX.0).await?;
        for (name, columns) in INDEXES {
            manager
                .create_index(index(ActivityLog::Table, name, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            drop_index(manager, name).await?;
        }
        let (name, columns) = OLD_TIME_INDEX;
        manager
            .create_index(index(ActivityLog::Table, name, columns))
            .await
    }
}
