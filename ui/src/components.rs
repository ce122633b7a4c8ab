//! Small building blocks shared by pages.

pub mod field;
pub mod notice;
pub mod page_header;
pub mod sidebar;
