use sea_orm::entity::prelude::*;

/// One prepaid card.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vouchers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub batch_id: i64,
    /// From 1 within its batch.
    pub serial: i32,
    /// Unique across every card ever made; the hotspot user name.
    pub code: String,
    /// `None`: the password is the code.
    pub password: Option<String>,
    pub state: String,
    /// The cashier holding it.
    pub issued_to: Option<i64>,
    /// Its sale.
    pub payment_id: Option<i64>,
    /// The customer it was redeemed for.
    pub customer_id: Option<i64>,
    /// The router it was first used on.
    pub router_id: Option<i64>,
    pub first_login_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
