use sea_orm::entity::prelude::*;

/// An expiry reminder sent (or tried) to a customer: once per customer and expiry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub expires_at: DateTimeUtc,
    pub phone: String,
    pub message: String,
    /// `sending` (taken, being sent), `sent` or `failed`.
    pub outcome: String,
    pub detail: Option<String>,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
