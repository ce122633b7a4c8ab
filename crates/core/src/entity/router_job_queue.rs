use sea_orm::entity::prelude::*;

/// A router's job queue: who works it now, and its retry state while the router is unreachable.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "router_job_queues")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub router_id: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub failures: i32,
    pub retry_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
