use sea_orm::entity::prelude::*;

/// A router the office manages. Its password is not here: it lives in the OS keyring.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "routers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub host: String,
    pub api_port: i32,
    pub use_tls: bool,
    pub tls_fingerprint: Option<String>,
    pub username: String,
    pub status: String,
    pub last_seen_at: Option<DateTimeUtc>,
    pub last_checked_at: Option<DateTimeUtc>,
    pub latency_ms: Option<i32>,
    pub identity: Option<String>,
    pub routeros_version: Option<String>,
    pub uptime_secs: Option<i64>,
    pub cpu_load: Option<i32>,
    pub free_memory: Option<i64>,
    pub total_memory: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Where its hotspot login page is (`10.5.50.1`, `hotspot.example.net`), for the
    /// auto-login QR code printed on vouchers.
    pub hotspot_address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
