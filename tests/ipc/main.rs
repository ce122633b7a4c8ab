//! The IPC contract between the UI and the shell, on Tauri's mock runtime (no window needed):
//! command names, argument shapes and `{code, message, fields}` errors, over a real SQLite file.

mod audit;
mod contract;
mod customers;
mod harness;
mod online;
mod payments;
mod permissions;
mod profiles;
mod reminders;
mod reports;
mod routers;
mod staff;
mod system;
mod vouchers;
