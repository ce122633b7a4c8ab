//! tikbill's RouterOS API client, written from MikroTik's protocol description, and an emulator
//! of a router for tests.
//!
//! # Layout
//!
//! - [`codec`]: bytes ↔ words ↔ sentences (length prefixes; a decoder that reads each byte once).
//! - [`limits`]: how much a router may send ([`ReplyLimits`]) before the connection is closed
//!   with [`Oversize`], so nothing a router sends can exhaust the app.
//! - [`reply`]: sentences from the router as typed values (`!re`, `!done`, `!trap`, `!fatal`,
//!   `!empty`, `.tag` anywhere); [`row`]: one printed item, an ordered attribute map.
//! - [`command`]: the command builder (`=attr=`, `?query`, `=.proplist=`).
//! - [`client`]: the async client. One task per connection owns the socket, writes queued
//!   sentences and routes replies by tag, so many commands are in flight at once
//!   ([`Client::run`], [`Client::send`], [`Client::listen`], and [`Client::run_many`], which
//!   adapts how many it keeps in flight to how fast the router answers); it also
//!   holds login (modern and legacy MD5) and the connect options. The private `tls` module
//!   pins api-ssl certificates by [`Fingerprint`].
//! - [`link`]: [`RouterLink`], a client that reconnects with exponential [`Backoff`].
//! - [`router`]: the [`Router`] trait the typed menus run commands through.
//! - [`menu`]: typed hotspot users and profiles, PPP secrets and profiles, active sessions,
//!   system identity/resource/clock and scheduler entries.
//! - [`emulator`]: an in-memory RouterOS that speaks the real protocol on loopback, with
//!   round-trip latency, a per-connection service time and fault injection, and a clock that
//!   runs one-shot scheduler entries through a small script interpreter; also the
//!   `routeros-emulator` binary.
//! - [`error`]: [`Error`], each variant's message a sentence someone at the desk can act on;
//!   [`secret`]: [`Secret`], whose `Debug` prints `<redacted>`.
//!
//! # Example
//!
//! ```no_run
//! use tikbill_routeros::{Client, Command, ConnectOptions, Secret};
//! # async fn example() -> Result<(), tikbill_routeros::Error> {
//! let options = ConnectOptions::plain("192.0.2.1", "billing", Secret::new("pw"));
//! let client = Client::connect(&options).await?;
//! let reply = client
//!     .run(Command::new("/ip/hotspot/user/add").attr("name", "u1").attr("password", "p"))
//!     .await?;
//! println!("new user {:?}", reply.ret);
//! # Ok(())
//! # }
//! ```

pub mod client;
pub mod codec;
pub mod command;
pub mod emulator;
pub mod error;
pub mod fingerprint;
mod hex;
pub mod limits;
pub mod link;
pub mod menu;
pub mod reply;
pub mod router;
pub mod row;
pub mod secret;
mod tls;

pub use client::{Client, ConnectOptions, InFlight, Listening, Reply, Transport};
pub use command::Command;
pub use error::{Error, Phase, ProtocolError};
pub use fingerprint::Fingerprint;
pub use limits::{Oversize, ReplyLimits};
pub use link::{Backoff, RouterLink};
pub use reply::TrapCategory;
pub use router::Router;
pub use row::Row;
pub use secret::Secret;
