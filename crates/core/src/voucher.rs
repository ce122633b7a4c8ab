//! Prepaid cards (vouchers) for cashiers: batches with codes that never collide
//! ([`generate`]), pushed to routers as hotspot users through the router job queue with the
//! router counting their time ([`on_router`]), and every card accounted for: its state moves
//! ([`state`]) are recorded with who and when, from the counter (issue, sell, return, revoke,
//! redeem) and from the routers ([`observe`]).

pub mod code;
mod export;
mod generate;
mod listing;
mod moves;
pub mod observe;
pub mod on_router;
mod print;
mod redeem;
mod revoke;
pub(crate) mod sale;
mod shift_cards;
pub mod state;
mod stock;
mod view;

pub use export::{export_csv, CSV_COLUMNS};
pub use generate::{generate, generate_with_progress, Progress, MAX_COUNT};
pub use listing::{batch, batches, by_code, history, list, list_all};
pub use observe::{observe_all, observe_router, settle_pushed, Observed};
pub use print::{preview, print_pdf, PrintedCards};
pub use redeem::{redeem, WRONG_PER_MINUTE};
pub use revoke::revoke;
pub use sale::sell;
pub use shift_cards::shift_cards;
pub use stock::{issue, return_unsold};
