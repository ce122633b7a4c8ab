use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub rate_up_bps: i64,
    pub rate_down_bps: i64,
    pub burst_up_bps: Option<i64>,
    pub burst_down_bps: Option<i64>,
    pub burst_threshold_up_bps: Option<i64>,
    pub burst_threshold_down_bps: Option<i64>,
    pub burst_time_up_secs: Option<i32>,
    pub burst_time_down_secs: Option<i32>,
    /// 1/10,000 of the currency unit; see `money`.
    pub price_e4: i64,
    pub currency: String,
    pub duration_value: i32,
    pub duration_unit: String,
    pub data_limit_bytes: Option<i64>,
    pub shared_users: i32,
    pub session_timeout_secs: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
