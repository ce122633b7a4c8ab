//! One small function per operation the UI can ask for.

pub mod audit;
pub mod customers;
pub mod files;
pub mod online;
pub mod payments;
pub mod profiles;
pub mod provisioning;
pub mod reminders;
pub mod reports;
pub mod routers;
pub mod settings;
pub mod shifts;
pub mod staff;
pub mod system;
pub mod vouchers;
