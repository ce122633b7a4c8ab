//! One module per area of the sidebar.

pub mod access;
pub mod audit;
pub mod customers;
pub mod dashboard;
pub mod payments;
pub mod profiles;
pub mod reports;
pub mod routers;
pub mod settings;
pub mod staff;
pub mod vouchers;
