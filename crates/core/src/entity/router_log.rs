use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "router_logs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub router_id: i64,
    pub command: String,
    pub duration_ms: i32,
    pub outcome: String,
    pub message: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
