use sea_orm::entity::prelude::*;

/// One change a router must receive: "make this account or profile match the database".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "router_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub router_id: i64,
    pub kind: String,
    pub name: String,
    pub customer_id: Option<i64>,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    /// When the job failed for good (refused [`crate::provisioning::worker::MAX_ATTEMPTS`]
    /// times); it is retried hourly from then on.
    pub failed_at: Option<DateTimeUtc>,
    /// Written by an import: may take over the router's own account of this name (one tikbill
    /// did not create).
    pub adopts_router_account: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
