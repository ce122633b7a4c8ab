//! The tikbill UI: Sycamore 0.9 components compiled to WASM and shown in the Tauri webview.
//!
//! Architecture invariant: the UI talks to the backend only through [`ipc::call`] with the
//! request/response types of `tikbill_api`; it never sees database models. Pages load data and
//! hold signals; the components that draw data take it as plain props, so they render to strings
//! on the host and are unit-tested there (see `tests/`).

pub mod app;
pub mod components;
pub mod file;
pub mod format;
pub mod ipc;
pub mod pages;
pub mod scope;
pub mod state;
pub mod theme;
pub mod till;
pub mod timer;

pub use app::App;
