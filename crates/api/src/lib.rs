//! The contract between the tikbill UI and its backend.
//!
//! Everything that crosses the Tauri IPC boundary is defined here, once, and used by both sides:
//! the Sycamore UI (compiled to wasm32) and the Tauri shell. Database models never appear here;
//! the core crate converts them at the boundary.
//!
//! Free-text fields a user types (prices, rate limits, sizes) travel as strings: the core parses
//! them and answers with a field-level [`ApiError`] when they are wrong, so validation lives in
//! one place.

mod customer;
mod error;
mod profile;
mod router;
mod system;

pub use customer::{
    CustomerFilter, CustomerId, CustomerInput, CustomerPage, CustomerStatus, CustomerView,
    ServiceType,
};
pub use error::{ApiError, ErrorCode, FieldError};
pub use profile::{DurationUnit, ProfileId, ProfileInput, ProfileView};
pub use router::{
    RouterCheck, RouterId, RouterInput, RouterLogView, RouterReport, RouterStatus, RouterView,
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
    pub const CHECK_ROUTERS: &str = "check_routers";
    pub const ROUTER_LOG: &str = "router_log";
}
