//! The documents as a person gets them: each PDF is written under the target dir, rendered with
//! poppler's `pdftoppm` at 100 dpi and read back with `pdftotext` (poppler-utils, which
//! `cargo xtask` installs).

mod receipt;
mod report;
mod shift_report;
mod support;
mod voucher;
