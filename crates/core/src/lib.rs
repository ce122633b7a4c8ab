//! tikbill's domain: the rules of billing and the services that apply them to the database.
//!
//! Architecture invariant: this crate knows nothing of Tauri, windows or HTTP. Every side effect
//! it needs comes in through a parameter (a database connection, a [`Clock`]), so every rule is
//! tested against real databases with exact time. Database models ([`entity`]) stay inside; the
//! outside world sees the `tikbill_api` types.

pub mod actor;
pub mod alerts;
pub mod audit;
pub mod clock;
mod context;
mod csv_cell;
pub mod customer;
pub mod dashboard;
mod days;
pub mod db;
pub mod delivery;
// The database models stay inside the core: the app, the agent and the UI see `tikbill_api`
// types. Tests that write or read rows by hand get them with `test-support` (the agent's own
// build, `cargo xtask sidecar`, has no such feature, so a model used outside tests does not
// compile there).
#[cfg(not(feature = "test-support"))]
mod entity;
#[cfg(feature = "test-support")]
pub mod entity;
mod error;
pub mod expiry;
pub mod gateway;
pub mod import;
pub mod money;
pub mod mpesa;
pub mod notification;
pub mod payment;
pub mod profile;
pub mod provisioning;
pub mod random;
pub mod rate_limit;
pub mod reminder;
pub mod report;
pub mod router;
#[cfg(feature = "test-support")]
pub mod scratch_postgres;
pub mod secret_store;
pub mod settings;
pub mod shift;
pub mod size;
pub mod staff;
pub mod sync;
#[cfg(feature = "test-support")]
pub mod test_context;
mod unique_name;
mod usage;
pub mod voucher;

pub use actor::Actor;
pub use clock::{Clock, FixedClock, SystemClock};
pub use context::Context;
pub use error::{CoreError, CoreResult};
pub use random::Randomness;
