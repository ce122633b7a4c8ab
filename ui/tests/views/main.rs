//! Sycamore views rendered to HTML strings on the host (off wasm, Sycamore renders server-side):
//! what a person would read, checked without a browser.

mod profiles;
mod routers;
mod shell;
