use thiserror::Error;
use tikbill_chart::ChartError;

/// Why a document could not be made. Receipts and shift reports fail only on a logo that is not
/// an image (or on the embedded font or the PDF writer, a bug worth reporting); voucher sheets
/// also refuse a layout that cannot be printed, a template that names an unknown value, a
/// sheet with no cards and a login URL too long for a QR code; reports with charts refuse a
/// chart that cannot be drawn and a table row that does not match its columns.
#[derive(Debug, Error)]
pub enum PrintError {
    /// The logo bytes are not a PNG or JPEG image that can be decoded.
    #[error("the logo is not a readable PNG or JPEG image: {0}")]
    Logo(String),
    /// The font shipped in this crate could not be read or subset.
    #[error("the embedded font could not be used: {0}")]
    Font(String),
    /// The PDF writer reported an error.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    /// No voucher layout has this name.
    #[error("there is no voucher layout called {name:?}; the layouts are: {}", valid.join(", "))]
    UnknownPreset {
        name: String,
        valid: &'static [&'static str],
    },
    /// The voucher layout cannot be printed as it is.
    #[error("the voucher layout cannot be printed: {0}")]
    Layout(LayoutError),
    /// A card template's text names a value that does not exist.
    #[error("the {field} text of the card template has an unknown placeholder {{{placeholder}}}; the placeholders are {{office}}, {{code}}, {{password}}, {{plan}}, {{price}}, {{validity}}, {{data_cap}}, {{serial}} and {{note}}")]
    UnknownPlaceholder {
        field: &'static str,
        placeholder: String,
    },
    /// A card template's text has a `{` without its `}` (write `{{` and `}}` for braces).
    #[error("the {field} text of the card template has an unclosed {{")]
    UnclosedPlaceholder { field: &'static str },
    /// A sheet of vouchers was asked for with no card on it.
    #[error("there are no voucher cards to print")]
    NoCards,
    /// A card's login URL does not fit in a QR code.
    #[error("the login URL of voucher {serial:?} is too long for a QR code")]
    QrTooLong { serial: String },
    /// A report's chart cannot be drawn.
    #[error("the chart {title:?} cannot be drawn: {error}")]
    Chart { title: String, error: ChartError },
    /// A row of a report's table has more or fewer cells than the table has columns (`row`
    /// counts from 1; none is the total row).
    #[error("the table {table:?} has {columns} columns, but {} has {cells} cells", which_row(*.row))]
    RaggedRow {
        table: String,
        row: Option<usize>,
        cells: usize,
        columns: usize,
    },
}

fn which_row(row: Option<usize>) -> String {
    match row {
        Some(row) => format!("row {row}"),
        None => "the total row".to_string(),
    }
}

/// What is wrong with a voucher layout.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LayoutError {
    /// A length that must be positive (and finite) is not.
    #[error("the {what} must be a positive number of millimetres, not {value}")]
    NotPositive { what: &'static str, value: f32 },
    /// A length that must not be negative (and finite) is.
    #[error("the {what} must not be negative, not {value} mm")]
    Negative { what: &'static str, value: f32 },
    /// A page side longer than PDF readers accept (5080 mm, 200 inches).
    #[error("a page side of {value} mm is longer than PDF readers accept (5080 mm)")]
    PageTooLarge { value: f32 },
    /// A sheet has no rows or no columns (or more than a thousand).
    #[error("a sheet needs at least one row and one column (and at most 1000 of each), not {rows} × {cols}")]
    EmptyGrid { rows: u32, cols: u32 },
    /// The cards, margins and gutters are wider or taller than the page.
    #[error("{cols} × {rows} cards of {card_width} × {card_height} mm do not fit on a {page_width} × {page_height} mm page with these margins and gutters")]
    CardsDoNotFit {
        rows: u32,
        cols: u32,
        card_width: f32,
        card_height: f32,
        page_width: f32,
        page_height: f32,
    },
    /// A field's box reaches outside the card.
    #[error("the {field} box reaches outside the {card_width} × {card_height} mm card")]
    FieldOutsideCard {
        field: &'static str,
        card_width: f32,
        card_height: f32,
    },
    /// A font size that is not a positive number of points.
    #[error("the {field} text size must be a positive number of points, not {size}")]
    BadTextSize { field: &'static str, size: f32 },
}
