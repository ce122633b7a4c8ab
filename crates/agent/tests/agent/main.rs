//! The `tikbill-agent` binary, run for real: a temporary data directory, the file password
//! store, RouterOS emulators on loopback, SQLite (and PostgreSQL when reachable).

mod audit;
mod customers;
mod health;
mod online;
mod payments;
mod postgres;
mod probe;
mod relay_kill;
mod reports;
mod routers;
mod run;
mod run_queue;
mod staff;
mod support;
mod sync;
mod vouchers;
