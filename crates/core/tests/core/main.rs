//! The core against real databases: a fresh SQLite file, and a fresh PostgreSQL database on
//! 127.0.0.1:5432 (see `support`). One test binary, one module per area.

mod audit;
mod audit_changes;
mod audit_page;
mod customers;
mod dashboard;
mod database;
mod import;
mod keyring;
mod payments;
mod profiles;
mod provisioning;
mod reports;
mod roles;
mod router_trial;
mod routers;
mod sms;
mod staff;
mod staff_sign_in;
mod support;
mod vouchers;
