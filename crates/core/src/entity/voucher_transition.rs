use sea_orm::entity::prelude::*;

/// One change of a card's state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "voucher_transitions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub voucher_id: i64,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: String,
    pub actor: String,
    pub staff_id: Option<i64>,
    /// The shift of the cashier it happened to (issued, sold, returned).
    pub shift_id: Option<i64>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
