//! M-Pesa STK pushes: asking a customer's phone for a payment, and learning how it ended.
//!
//! - [`request_push`]: the push is stored (customer, plan, periods, amount, phone) before
//!   Daraja is asked; Daraja's CheckoutRequestID is stored with it once accepted.
//! - [`resolve_callback`]: Daraja's callback, matched on the CheckoutRequestID, its amount and
//!   phone checked against the push; paid money goes to the ledger (`payment::receive`, the
//!   M-Pesa receipt number as its reference, so the same money arriving again as a C2B
//!   confirmation is the same payment).
//! - [`reconcile`]: a push whose callback has not come is asked of Daraja (STK Query) with
//!   back-off (+30 s, +60 s, +2 min, +5 min, then every 10 min); "still processing" is not an
//!   answer; a push nobody answered for 24 hours is expired.

mod c2b;
mod claim;
mod push;
mod reconcile;
mod resolve;
mod rows;

pub use c2b::{register_c2b, validate_c2b};
pub use push::request_push;
pub use reconcile::{reconcile, Reconciled};
pub use resolve::{resolve_callback, resolve_confirmation};
pub use rows::{list_for_customer, push_view};
