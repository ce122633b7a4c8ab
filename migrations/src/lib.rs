//! The tikbill schema, written with sea-query's backend-agnostic builders so the same migrations
//! run on SQLite (the embedded default) and PostgreSQL (several offices on one database). The
//! exception is the customer text search (`m20261124_000010_customer_search`): each database has
//! its own kind of trigram index, written in its own SQL.
//!
//! Conventions every table follows:
//! - time is UTC (`timestamp with time zone`);
//! - money is an exact integer count of 1/10,000 of the currency unit in a `*_e4` BIGINT column
//!   plus a 3-letter currency code (SQLite has no exact decimal type; sea-orm reads SQLite
//!   decimals through f64). The core converts to and from `rust_decimal::Decimal`;
//! - enumerations are stored as short lowercase strings;
//! - router passwords are never stored here: they live in the OS keyring.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_staff_settings;
mod m20261124_000002_routers;
mod m20261124_000003_profiles_customers;
mod m20261124_000004_payments;
mod m20261124_000005_vouchers;
mod m20261124_000006_activity_notifications;
mod m20261124_000007_customer_username_index;
mod m20261124_000008_router_jobs;
mod m20261124_000009_profile_session_timeout;
mod m20261124_000010_customer_search;
mod m20261126_000001_router_job_failures;
mod m20261126_000002_router_job_adopts_router_account;
mod m20261127_000001_staff_sign_in;
mod m20261128_000001_audit_chain;
mod m20261129_000001_audit_indexes;
mod m20261130_000001_payment_ledger;
mod m20261201_000001_payment_indexes;
mod m20261201_000002_cash_shifts;
mod m20261202_000001_gateway_deliveries;
mod m20261203_000001_voucher_cards;
mod m20261204_000001_reports;
mod m20261205_000001_reports_at_scale;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_staff_settings::Migration),
            Box::new(m20261124_000002_routers::Migration),
            Box::new(m20261124_000003_profiles_customers::Migration),
            Box::new(m20261124_000004_payments::Migration),
            Box::new(m20261124_000005_vouchers::Migration),
            Box::new(m20261124_000006_activity_notifications::Migration),
            Box::new(m20261124_000007_customer_username_index::Migration),
            Box::new(m20261124_000008_router_jobs::Migration),
            Box::new(m20261124_000009_profile_session_timeout::Migration),
            Box::new(m20261124_000010_customer_search::Migration),
            Box::new(m20261126_000001_router_job_failures::Migration),
            Box::new(m20261126_000002_router_job_adopts_router_account::Migration),
            Box::new(m20261127_000001_staff_sign_in::Migration),
            Box::new(m20261128_000001_audit_chain::Migration),
            Box::new(m20261129_000001_audit_indexes::Migration),
            Box::new(m20261130_000001_payment_ledger::Migration),
            Box::new(m20261201_000001_payment_indexes::Migration),
            Box::new(m20261201_000002_cash_shifts::Migration),
            Box::new(m20261202_000001_gateway_deliveries::Migration),
            Box::new(m20261203_000001_voucher_cards::Migration),
            Box::new(m20261204_000001_reports::Migration),
            Box::new(m20261205_000001_reports_at_scale::Migration),
        ]
    }
}

/// Creates an index; a small shorthand used by every migration.
pub(crate) fn index<T: IntoTableRef>(
    table: T,
    name: &str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}
