//! End to end: the real tikbill binary in a real WebKit window (WebKitWebDriver through
//! tauri-driver), on a virtual display, over a real SQLite file. Built with `--features e2e`;
//! `cargo xtask test` runs it. Screenshots land in target/e2e/ for people to look at.

mod audit;
mod certificates;
mod customers;
mod desktop;
mod idle;
mod online;
mod payments;
mod profiles;
mod reports;
mod routers;
mod staff;
mod vouchers;
