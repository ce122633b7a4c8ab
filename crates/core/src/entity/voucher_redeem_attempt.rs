use sea_orm::entity::prelude::*;

/// A code typed for redemption.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_redeem_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub staff_id: Option<i64>,
    pub at: DateTimeUtc,
    pub succeeded: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
