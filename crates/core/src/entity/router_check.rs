use sea_orm::entity::prelude::*;

/// One health check of one router.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "router_checks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub router_id: i64,
    pub checked_at: DateTimeUtc,
    pub online: bool,
    pub latency_ms: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
