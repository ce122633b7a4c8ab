//! Small building blocks shared by pages.

pub mod bell;
pub mod field;
pub mod file_store_offer;
pub mod import_report;
pub mod modal;
pub mod money_banner;
pub mod notice;
pub mod page_header;
pub mod queue_banner;
pub mod shift_box;
pub mod sidebar;
pub mod take_payment;
