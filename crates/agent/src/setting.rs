//! The `settings` table, as the core defines it.

pub use tikbill_core::entity::setting::*;
