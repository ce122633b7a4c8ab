//! The contract between the tikbill UI and its backend.
//!
//! Everything that crosses the Tauri IPC boundary is defined here, once, and used by both sides:
//! the Sycamore UI (compiled to wasm32) and the Tauri shell. Database models never appear here;
//! the core crate converts them at the boundary.
//!
//! Free-text fields a user types (prices, rate limits, sizes) travel as strings: the core parses
//! them and answers with a field-level [`ApiError`] when they are wrong, so validation lives in
//! one place.

mod certificate;
mod customer;
mod error;
mod profile;
mod provisioning;
mod router;
mod system;

pub use certificate::{CertificateChange, TrustCertificateInput};
pub use customer::{
    BulkOutcome, BulkRefusal, CustomerFilter, CustomerId, CustomerInput, CustomerPage,
    CustomerStatus, CustomerView, ExtendInput, ServiceType,
};
pub use error::{ApiError, ErrorCode, FieldError};
pub use profile::{DurationUnit, ProfileId, ProfileInput, ProfileView};
pub use provisioning::{
    ActiveSessionView, CsvImportInput, CustomerRouterView, ImportRefusal, ImportReport, JobRunView,
    OfficeSettings, RouterAccountView, RouterQueueView, SessionHistoryView, SyncDifference,
    SyncReport,
};
pub use router::{
    RouterCheck, RouterId, RouterInput, RouterLogView, RouterReport, RouterStatus, RouterTrial,
    RouterView,
};
pub use system::{AppInfo, DatabaseKind, SecretStoreKind};

/// Names of the Tauri commands, shared so the UI and the shell cannot drift apart.
pub mod command {
    pub const APP_INFO: &str = "app_info";
    pub const LIST_PROFILES: &str = "list_profiles";
    pub const CREATE_PROFILE: &str = "create_profile";
    pub const UPDATE_PROFILE: &str = "update_profile";
    pub const DELETE_PROFILE: &str = "delete_profile";
    pub const LIST_ROUTERS: &str = "list_routers";
    pub const CREATE_ROUTER: &str = "create_router";
    pub const UPDATE_ROUTER: &str = "update_router";
    pub const DELETE_ROUTER: &str = "delete_router";
    pub const TEST_ROUTER: &str = "test_router";
    /// "Test" on the router form, before saving: `{input}` → `RouterTrial` (api-ssl first when
    /// the form names neither a port nor api-ssl).
    pub const TRY_ROUTER: &str = "try_router";
    /// Accepts a router's changed api-ssl certificate: `{input: TrustCertificateInput}` →
    /// `RouterView`.
    pub const TRUST_ROUTER_CERTIFICATE: &str = "trust_router_certificate";
    /// Keeps router passwords in another store from now on: `{kind}` → `AppInfo`.
    pub const CHOOSE_SECRET_STORE: &str = "choose_secret_store";
    pub const CHECK_ROUTERS: &str = "check_routers";
    pub const ROUTER_LOG: &str = "router_log";
    pub const LIST_CUSTOMERS: &str = "list_customers";
    pub const GET_CUSTOMER: &str = "get_customer";
    pub const CREATE_CUSTOMER: &str = "create_customer";
    pub const UPDATE_CUSTOMER: &str = "update_customer";
    pub const DELETE_CUSTOMER: &str = "delete_customer";
    pub const ACTIVATE_CUSTOMER: &str = "activate_customer";
    /// Activates many customers at once (one transaction): `{ids}` → `BulkOutcome`.
    pub const ACTIVATE_CUSTOMERS: &str = "activate_customers";
    pub const EXTEND_CUSTOMER: &str = "extend_customer";
    pub const DISABLE_CUSTOMER: &str = "disable_customer";
    pub const ENABLE_CUSTOMER: &str = "enable_customer";
    /// The customer's account, session and history as the router and the database have them.
    pub const CUSTOMER_ROUTER: &str = "customer_router";
    pub const KICK_CUSTOMER: &str = "kick_customer";
    /// Every router's queue of waiting changes.
    pub const ROUTER_QUEUES: &str = "router_queues";
    pub const SYNC_ROUTER: &str = "sync_router";
    pub const IMPORT_FROM_ROUTER: &str = "import_from_router";
    pub const IMPORT_CUSTOMERS_CSV: &str = "import_customers_csv";
    pub const OFFICE_SETTINGS: &str = "office_settings";
    pub const SAVE_OFFICE_SETTINGS: &str = "save_office_settings";
    /// When each of the agent's jobs last ran.
    pub const AGENT_JOBS: &str = "agent_jobs";
}
