use sea_orm::entity::prelude::*;

/// Something the office should see (a router that refused a change for good, …).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `info`, `warning`, `error`.
    pub level: String,
    /// e.g. `router.job_failed`.
    pub kind: String,
    pub title: String,
    pub body: String,
    pub read_at: Option<DateTimeUtc>,
    /// `kind:key` of the thing it is about, so it is made once (unique when set).
    pub dedupe_key: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
