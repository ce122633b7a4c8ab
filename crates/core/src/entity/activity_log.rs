use sea_orm::entity::prelude::*;

/// One audit log entry, a link of the hash chain (`crate::audit`). Written once, never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_log")]
pub struct Model {
    /// The entries' order.
    #[sea_orm(primary_key)]
    pub id: i64,
    pub staff_user_id: Option<i64>,
    /// `staff:ayu`, `agent@host`, `cli`.
    pub actor: String,
    /// `app on host X`, `agent`, `cli`.
    pub origin: String,
    /// e.g. `customer.extend`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    /// The previous entry's hash; 64 zeros for the first entry.
    pub prev_hash: String,
    /// Hex SHA-256 of `prev_hash` and this entry's canonical bytes.
    pub hash: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
