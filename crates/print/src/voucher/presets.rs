//! The named layouts an office picks from.

use crate::error::PrintError;
use crate::voucher::fields::arrange;
use crate::voucher::grid::{CutMarks, Layout, PageSize};

/// Every preset's name, in the order they are offered.
pub const PRESETS: &[&str] = &[
    "a4",
    "letter",
    "avery-l7160",
    "avery-5160",
    "thermal-58",
    "thermal-80",
];

const INCH: f32 = 25.4;

impl Layout {
    /// The layout called `name`:
    /// - `a4`, `letter`: 4 columns × 8 rows of cards in 10 mm margins, with crop marks
    ///   (47.5 × 34.6 mm and 49.0 × 32.4 mm cards);
    /// - `avery-l7160`: A4 labels, 3 × 7 of 63.5 × 38.1 mm, 7.25 mm side and 15.15 mm top
    ///   margins, 66.0 mm across from one label to the next;
    /// - `avery-5160`: US Letter labels, 3 × 10 of 2.625 × 1 in, 3/16 in side and 1/2 in top
    ///   margins, 2.75 in across from one label to the next;
    /// - `thermal-58`, `thermal-80`: roll paper, one card per page (48 × 70 mm and
    ///   72 × 44 mm printed, 2 mm above and below) with a dashed cut line at its foot.
    ///
    /// A roll is printed one page per card rather than as one long page: PDF readers refuse a
    /// page longer than 5080 mm, which a batch of a hundred cards would pass, and a receipt
    /// printer's driver feeds (or cuts) between pages.
    pub fn preset(name: &str) -> Result<Layout, PrintError> {
        let mut layout = match name {
            "a4" => Layout::grid(PageSize::A4, 8, 4)?,
            "letter" => Layout::grid(PageSize::LETTER, 8, 4)?,
            "avery-l7160" => labels(PageSize::A4, 7, 3, (63.5, 38.1), (7.25, 15.15), (2.5, 0.0)),
            "avery-5160" => labels(
                PageSize::LETTER,
                10,
                3,
                (2.625 * INCH, INCH),
                (0.1875 * INCH, 0.5 * INCH),
                (0.125 * INCH, 0.0),
            ),
            "thermal-58" => roll(58.0, 48.0, 70.0),
            "thermal-80" => roll(80.0, 72.0, 44.0),
            _ => {
                return Err(PrintError::UnknownPreset {
                    name: name.to_string(),
                    valid: PRESETS,
                })
            }
        };
        layout.name = name.to_string();
        layout.check()?;
        Ok(layout)
    }
}

/// Die-cut labels: `rows` × `cols` labels of `card` size, the first at `margins` (left, top)
/// and `gutters` (across, down) between them.
fn labels(
    page: PageSize,
    rows: u32,
    cols: u32,
    card: (f32, f32),
    margins: (f32, f32),
    gutters: (f32, f32),
) -> Layout {
    Layout {
        name: String::new(),
        page,
        rows,
        cols,
        card_width_mm: card.0,
        card_height_mm: card.1,
        margin_left_mm: margins.0,
        margin_top_mm: margins.1,
        gutter_x_mm: gutters.0,
        gutter_y_mm: gutters.1,
        cut_marks: CutMarks::None,
        fields: arrange(card.0, card.1),
    }
}

/// A roll `paper` mm wide printing `width` mm centred, one `height` mm card per page.
fn roll(paper: f32, width: f32, height: f32) -> Layout {
    Layout {
        name: String::new(),
        page: PageSize {
            width_mm: paper,
            height_mm: height + 4.0,
        },
        rows: 1,
        cols: 1,
        card_width_mm: width,
        card_height_mm: height,
        margin_left_mm: (paper - width) / 2.0,
        margin_top_mm: 2.0,
        gutter_x_mm: 0.0,
        gutter_y_mm: 0.0,
        cut_marks: CutMarks::Roll,
        fields: arrange(width, height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_a_valid_layout() {
        for name in PRESETS {
            let layout = Layout::preset(name).unwrap();
            assert_eq!(layout.name, *name);
            layout.check().unwrap();
        }
    }

    #[test]
    fn label_presets_match_their_sheets() {
        let l7160 = Layout::preset("avery-l7160").unwrap();
        assert_eq!((l7160.rows, l7160.cols, l7160.cards_per_page()), (7, 3, 21));
        let right = l7160.margin_left_mm + 3.0 * 63.5 + 2.0 * 2.5;
        assert!(
            (210.0 - right - 7.25).abs() < 1e-3,
            "the sheet is symmetric"
        );
        let bottom = l7160.margin_top_mm + 7.0 * 38.1;
        assert!(
            (297.0 - bottom - 15.15).abs() < 1e-3,
            "top and bottom margins match"
        );
        let (x, y) = l7160.card_origin(4);
        assert!((x - (7.25 + 66.0)).abs() < 1e-3 && (y - (15.15 + 38.1)).abs() < 1e-3);

        let l5160 = Layout::preset("avery-5160").unwrap();
        assert_eq!(l5160.cards_per_page(), 30);
        let (x, y) = l5160.card_origin(29);
        assert!(
            (x + 66.675 - (215.9 - 4.7625)).abs() < 1e-3,
            "right margin 3/16 in"
        );
        assert!(
            (y + 25.4 - (279.4 - 12.7)).abs() < 1e-3,
            "bottom margin 1/2 in"
        );
    }

    #[test]
    fn an_unknown_name_lists_the_presets() {
        let error = Layout::preset("A4 ").unwrap_err();
        assert_eq!(
            error.to_string(),
            "there is no voucher layout called \"A4 \"; the layouts are: a4, letter, \
             avery-l7160, avery-5160, thermal-58, thermal-80"
        );
    }
}
