//! The `staff_users` table: one row per staff account, never deleted (`active = false` is a
//! disabled account). The password is only ever here as an Argon2id PHC string.
//! Migrations `m20261124_000001_staff_settings` and `m20261127_000001_staff_sign_in`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub full_name: String,
    /// `owner`, `manager`, `cashier` or `viewer`.
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub last_login_at: Option<DateTimeUtc>,
    pub must_change_password: bool,
    /// Wrong passwords since the last successful sign-in.
    pub failed_attempts: i32,
    /// No sign-in is tried before this instant.
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
