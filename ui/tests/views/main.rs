//! Sycamore views rendered to HTML strings on the host (off wasm, Sycamore renders server-side):
//! what a person would read, checked without a browser.

mod access;
mod customer_bulk;
mod customer_page;
mod customers;
mod dashboard;
mod online;
mod payments;
mod profiles;
mod provisioning;
mod reports;
mod routers;
mod shell;
mod sms;
mod till;
mod vouchers;
