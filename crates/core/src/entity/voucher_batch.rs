use sea_orm::entity::prelude::*;

/// Cards made together: one plan, one price, one way of counting their time.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub profile_id: i64,
    pub count: i32,
    /// One card's price, 1/10,000 of the currency unit; see `money`.
    pub price_e4: i64,
    pub currency: String,
    pub prefix: String,
    pub code_length: i32,
    pub same_password: bool,
    /// `first_login`, `usage_time` or `fixed_date`.
    pub time_mode: String,
    /// The plan's period and data cap when the batch was made: what its cards were sold as.
    pub duration_value: i32,
    pub duration_unit: String,
    pub data_limit_bytes: Option<i64>,
    pub valid_until: Option<DateTimeUtc>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    pub created_by_label: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
