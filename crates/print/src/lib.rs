//! Printed documents for tikbill, as PDF bytes: the payment receipt (80 mm and 58 mm thermal
//! rolls, A5) and the cashier's shift report (A4).
//!
//! Pure inputs and outputs: every value arrives already formatted (money, dates, names), and
//! the result is the PDF. The crate knows nothing of the database, the domain or the window;
//! it lays pages out in millimetres (`layout`), measuring text with the font it ships
//! (`fonts`, DejaVu Sans, so any Latin, Greek or Cyrillic name prints), and writes them with
//! printpdf (`pdf`).

mod error;
mod fonts;
mod layout;
mod logo;
mod pdf;
mod receipt;
mod shift_report;

pub use error::PrintError;
pub use logo::check_logo;
pub use receipt::{receipt_pdf, Paper, Receipt};
pub use shift_report::{shift_report_pdf, MethodTotal, ShiftReport, ShiftReportLine};
