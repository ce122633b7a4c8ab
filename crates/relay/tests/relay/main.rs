//! The relay and online payments end to end: real HTTP on loopback into a real database,
//! processing through the ledger, and loopback fakes of the gateways' APIs.

mod http;
mod mpesa;
mod support;
mod webhooks;
