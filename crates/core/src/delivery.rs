//! Deliveries: what payment gateways sent to the relay, kept raw and processed afterwards.
//!
//! The relay answers a gateway only after the delivery is committed ([`Inbox`]: its own
//! connection, `synchronous=FULL` on SQLite, many deliveries per commit), so a 2xx means the
//! bytes survive a power cut. Processing reads them back (`stored` first, oldest first),
//! decides, and writes its verdict beside the raw bytes, never over them.
//!
//! - [`Inbox`] / [`NewDelivery`]: storing, durably, with group commit.
//! - [`after`]: the relay's own deliveries after a cursor, for a desktop that pulls them from a
//!   relay on another server; [`import`] stores pulled ones once (by their source and id).
//! - [`due`] / [`finish`]: what processing reads and writes.

mod inbox;
mod listing;
mod process;
mod pull;
mod rows;

pub use inbox::{open_durable, Inbox, NewDelivery};
pub use listing::{detail, list, process_again};
pub use process::{process_due, process_one, Processed};
pub use pull::pull;
pub use rows::{
    after, due, finish, get_raw, import, key_seen, pulled_up_to, RawDelivery, Verdict, PULL_LIMIT,
};
