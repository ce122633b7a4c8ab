//! tikbill's agent: the sidecar that ships with the desktop app and also runs alone on a server.
//! It works on the same database as the app (SQLite file or PostgreSQL) and the same password
//! store, and does what must happen while nobody has the window open: for now, checking the
//! health of every router on a schedule.
//!
//! # Layout
//!
//! - [`cli`]: the command line (clap), whose names and flags are promises to scripts;
//!   [`commands`]: what each subcommand does; [`output`]: JSON on stdout, lines on stderr.
//! - [`storage`]: where the data lives (database URL and data directory), chosen as the app
//!   chooses; [`agent`]: an opened [`Agent`] (the core context: database, password store,
//!   clock, randomness).
//! - [`address`], [`password`], [`probe`]: testing a router that is not saved yet.
//! - [`routers`]: adding, listing and removing routers by name.
//! - [`sync`], [`import`], [`customers`]: comparing routers with tikbill and fixing them,
//!   importing customers (from a router or a CSV file), listing customers.
//! - [`audit`]: verifying the audit log's hash chain.
//! - [`payments`]: listing and recording payments.
//! - [`vouchers`]: generating batches of prepaid cards, listing them, exporting a batch as CSV,
//!   and the job that reads where cards are on the routers.
//! - [`reports`]: writing the daily report now, and the job that writes each day's at its time
//!   (and the days missed while nothing ran).
//! - [`reminders`]: the job that sends expiry reminders by SMS.
//! - [`staff`]: adding, listing and disabling staff accounts, resetting their passwords.
//! - [`health`]: checking all routers and summing the outcome up.
//! - [`router_jobs`]: the router job queue and the expiry pass, as scheduled jobs.
//! - [`scheduler`]: the [`Job`] trait and the loop that runs jobs on their intervals (the core
//!   records when each job last ran); [`stop_signal`]: Ctrl-C and SIGTERM.
//!
//! Architecture invariant: the rules stay in `tikbill-core`; the agent only calls core services,
//! schedules them and prints their results. Time comes from a [`tikbill_core::Clock`].

pub mod address;
pub mod agent;
pub mod audit;
pub mod cli;
pub mod commands;
pub mod customers;
mod error;
pub mod gateways;
pub mod health;
pub mod import;
pub mod mpesa;
pub mod output;
pub mod password;
pub mod payments;
pub mod probe;
pub mod relay;
pub mod reminders;
pub mod reports;
pub mod router_jobs;
pub mod routers;
pub mod scheduler;
pub mod staff;
pub mod stop_signal;
pub mod storage;
pub mod sync;
pub mod vouchers;
pub mod webhooks;

pub use agent::Agent;
pub use error::AgentError;
pub use scheduler::{Job, Scheduler};
