use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: Option<i64>,
    pub profile_id: Option<i64>,
    /// 1/10,000 of the currency unit; see `money`.
    pub amount_e4: i64,
    pub currency: String,
    pub method: String,
    /// `manual` for a payment taken at the counter.
    pub gateway: Option<String>,
    pub gateway_reference: Option<String>,
    pub state: String,
    /// The staff account that recorded it.
    pub received_by: Option<i64>,
    /// The label of who recorded it ("sari (cashier)").
    pub note: Option<String>,
    pub paid_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub periods: i32,
    pub credit_added_e4: i64,
    pub credit_used_e4: i64,
    pub expiry_before: Option<DateTimeUtc>,
    pub expiry_after: Option<DateTimeUtc>,
    /// The cashier shift it was taken in.
    pub shift_id: Option<i64>,
    /// Its receipt's number (gapless, from the `receipt` counter).
    pub receipt_number: Option<i64>,
    /// How many times its receipt was printed.
    pub receipt_prints: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
