//! Printed documents for tikbill, as PDF bytes: the payment receipt (80 mm and 58 mm thermal
//! rolls, A5), the cashier's shift report (A4), reports with charts and tables (A4) and sheets
//! of voucher cards (A4 and Letter grids, Avery labels, thermal rolls), the latter also as SVG
//! for the app's preview.
//!
//! Pure inputs and outputs: every value arrives already formatted (money, dates, names), and
//! the result is the PDF. The crate knows nothing of the database, the domain or the window,
//! and depends on nothing of ours but `tikbill-chart`, itself pure, which draws the reports'
//! charts as shapes. It lays pages out in millimetres (`layout`), measuring text with the font
//! it ships (`fonts`, DejaVu Sans, so any Latin, Greek or Cyrillic name prints), and writes them
//! with printpdf (`pdf`); `svg` draws the same pages for the screen.

mod a4;
mod error;
mod fonts;
mod layout;
mod logo;
mod pdf;
mod receipt;
mod report;
mod shift_report;
mod svg;
mod table;
mod voucher;

pub use error::{LayoutError, PrintError};
pub use logo::check_logo;
pub use receipt::{receipt_pdf, Paper, Receipt};
pub use report::{report_pdf, ReportColumn, ReportDocument, ReportTable};
pub use shift_report::{shift_report_pdf, MethodTotal, ShiftReport, ShiftReportLine};
pub use voucher::{
    arrange, voucher_sheet_pdf, voucher_sheet_svg, CardTemplate, CutMarks, Field, FieldBox, Layout,
    PageSize, SheetInput, TextAlign, VoucherCard, PRESETS,
};
