use sea_orm::entity::prelude::*;

/// Money taken and reversed on one office day, in one currency, for one key of one dimension.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_revenue_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dimension: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub currency: String,
    pub taken_e4: i64,
    pub taken_count: i64,
    pub reversed_e4: i64,
    pub reversed_count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
