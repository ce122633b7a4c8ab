use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mpesa_pushes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub profile_id: Option<i64>,
    pub periods: i32,
    /// 1/10,000 of a shilling; see `money`.
    pub amount_e4: i64,
    pub phone: String,
    pub account_reference: String,
    pub state: String,
    pub merchant_request_id: Option<String>,
    pub checkout_request_id: Option<String>,
    pub result_code: Option<String>,
    pub result_desc: Option<String>,
    pub receipt: Option<String>,
    pub ledger_reference: Option<String>,
    pub payment_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub created_by: String,
    pub resolved_at: Option<DateTimeUtc>,
    pub queries: i32,
    pub next_query_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
