//! Integration tests: the client against the emulator over real loopback sockets, and the
//! emulator against librouteros, a Python client we did not write. One binary, one module per
//! area (each extra test binary costs link time).

mod commands;
mod faults;
mod hotspot_cards;
mod hotspot_logins;
mod librouteros;
mod limits;
mod login;
mod menus;
mod pipelining;
mod repeating;
mod scheduler;
mod slow_router;
mod streaming;
mod support;
mod tls;
