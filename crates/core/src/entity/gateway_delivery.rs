use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gateway_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub hook: String,
    pub gateway: String,
    pub received_at: DateTimeUtc,
    pub remote_addr: String,
    /// `[["Name","value"], …]`.
    pub headers: String,
    pub body: Vec<u8>,
    pub state: String,
    pub verdict: Option<String>,
    pub payment_id: Option<i64>,
    pub processed_at: Option<DateTimeUtc>,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub delivery_key: Option<String>,
    pub source: Option<String>,
    pub source_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
