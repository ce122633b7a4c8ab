//! The sheet: its page, the grid of cards on it, the cut marks and where fields sit on a
//! card. Plain numbers in mm, checked before anything is drawn.

use crate::error::{LayoutError, PrintError};
use crate::voucher::fields::{arrange, arrange_with, FieldBox};

/// The margin kept around a custom grid, in mm.
const MARGIN: f32 = 10.0;
/// The smallest card side, in mm: below it nothing on a card is legible.
const MIN_CARD: f32 = 10.0;
/// The largest page side, in mm: PDF readers refuse pages over 200 inches.
const MAX_PAGE: f32 = 5080.0;

/// A page size in mm, portrait.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSize {
    pub width_mm: f32,
    pub height_mm: f32,
}

impl PageSize {
    pub const A4: PageSize = PageSize {
        width_mm: 210.0,
        height_mm: 297.0,
    };
    /// US Letter, 8.5 × 11 in.
    pub const LETTER: PageSize = PageSize {
        width_mm: 215.9,
        height_mm: 279.4,
    };
}

/// What shows where the sheet is to be cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutMarks {
    /// Nothing: die-cut labels.
    None,
    /// A guillotine sheet: short crop marks in the margins at every card edge, and the cards'
    /// outlines dashed in light grey for scissors.
    Grid,
    /// A roll: a dashed line across the paper under each card, where it is torn or cut.
    Roll,
}

/// A sheet of voucher cards: `rows` × `cols` cards of one size on a page, filled row by
/// row, and where each field sits on a card. Build one with [`Layout::preset`],
/// [`Layout::grid`] or [`Layout::with_card_size`]; every field is public, and a changed
/// layout is checked again when a sheet is printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The preset's name, or "custom".
    pub name: String,
    pub page: PageSize,
    pub rows: u32,
    pub cols: u32,
    pub card_width_mm: f32,
    pub card_height_mm: f32,
    /// From the page's left edge to the first column.
    pub margin_left_mm: f32,
    /// From the page's top edge to the first row.
    pub margin_top_mm: f32,
    /// Between two columns.
    pub gutter_x_mm: f32,
    /// Between two rows.
    pub gutter_y_mm: f32,
    pub cut_marks: CutMarks,
    /// The fields' boxes, relative to a card's top-left corner.
    pub fields: Vec<FieldBox>,
}

impl Layout {
    /// The same layout for cards with no QR code: the default arrangement is made again with
    /// the texts across the card; a placement of one's own only loses its QR box.
    pub fn without_qr(&self) -> Layout {
        let mut layout = self.clone();
        if self.fields == arrange(self.card_width_mm, self.card_height_mm) {
            layout.fields = arrange_with(self.card_width_mm, self.card_height_mm, false);
        } else {
            layout
                .fields
                .retain(|b| b.field != crate::voucher::fields::Field::Qr);
        }
        layout
    }

    /// `rows` × `cols` cards filling `page` inside 10 mm margins, with crop marks.
    pub fn grid(page: PageSize, rows: u32, cols: u32) -> Result<Layout, PrintError> {
        if rows == 0 || cols == 0 {
            return Err(PrintError::Layout(LayoutError::EmptyGrid { rows, cols }));
        }
        check_page(page)?;
        let card_width = (page.width_mm - 2.0 * MARGIN) / cols as f32;
        let card_height = (page.height_mm - 2.0 * MARGIN) / rows as f32;
        let layout = Layout {
            name: "custom".into(),
            page,
            rows,
            cols,
            card_width_mm: card_width,
            card_height_mm: card_height,
            margin_left_mm: MARGIN,
            margin_top_mm: MARGIN,
            gutter_x_mm: 0.0,
            gutter_y_mm: 0.0,
            cut_marks: CutMarks::Grid,
            fields: arrange(card_width, card_height),
        };
        layout.check()?;
        Ok(layout)
    }

    /// As many `width` × `height` mm cards as fit on `page` inside 10 mm margins, the grid
    /// centred, with crop marks.
    pub fn with_card_size(page: PageSize, width: f32, height: f32) -> Result<Layout, PrintError> {
        check_page(page)?;
        positive("card width", width)?;
        positive("card height", height)?;
        let fit = |room: f32, card: f32| ((room - 2.0 * MARGIN) / card + 1e-4).floor().max(0.0);
        let (cols, rows) = (fit(page.width_mm, width), fit(page.height_mm, height));
        if cols < 1.0 || rows < 1.0 {
            return Err(PrintError::Layout(LayoutError::CardsDoNotFit {
                rows: 1,
                cols: 1,
                card_width: width,
                card_height: height,
                page_width: page.width_mm,
                page_height: page.height_mm,
            }));
        }
        let layout = Layout {
            name: "custom".into(),
            page,
            // At most a page's width over 10 mm: a few hundred.
            rows: rows.min(1000.0) as u32,
            cols: cols.min(1000.0) as u32,
            card_width_mm: width,
            card_height_mm: height,
            margin_left_mm: (page.width_mm - cols * width) / 2.0,
            margin_top_mm: (page.height_mm - rows * height) / 2.0,
            gutter_x_mm: 0.0,
            gutter_y_mm: 0.0,
            cut_marks: CutMarks::Grid,
            fields: arrange(width, height),
        };
        layout.check()?;
        Ok(layout)
    }

    /// How many cards a page holds.
    pub fn cards_per_page(&self) -> usize {
        self.rows as usize * self.cols as usize
    }

    /// The top-left corner of the `index`th card of a page (row by row), in mm.
    pub(crate) fn card_origin(&self, index: usize) -> (f32, f32) {
        let cols = self.cols.max(1) as usize;
        let (row, col) = (index / cols, index % cols);
        (
            self.margin_left_mm + col as f32 * (self.card_width_mm + self.gutter_x_mm),
            self.margin_top_mm + row as f32 * (self.card_height_mm + self.gutter_y_mm),
        )
    }

    /// Whether the layout can be printed: positive sizes, at least one card, every card and
    /// field inside its page and card.
    pub fn check(&self) -> Result<(), PrintError> {
        check_page(self.page)?;
        if self.rows == 0 || self.cols == 0 || self.rows > 1000 || self.cols > 1000 {
            return Err(PrintError::Layout(LayoutError::EmptyGrid {
                rows: self.rows,
                cols: self.cols,
            }));
        }
        positive("card width", self.card_width_mm)?;
        positive("card height", self.card_height_mm)?;
        for (what, value) in [
            ("left margin", self.margin_left_mm),
            ("top margin", self.margin_top_mm),
            ("column gutter", self.gutter_x_mm),
            ("row gutter", self.gutter_y_mm),
        ] {
            if !value.is_finite() || value < 0.0 {
                return Err(PrintError::Layout(LayoutError::Negative { what, value }));
            }
        }
        let span = |n: u32, card: f32, gutter: f32| n as f32 * card + (n - 1) as f32 * gutter;
        let too_small = self.card_width_mm < MIN_CARD || self.card_height_mm < MIN_CARD;
        if too_small
            || self.margin_left_mm + span(self.cols, self.card_width_mm, self.gutter_x_mm)
                > self.page.width_mm + 0.01
            || self.margin_top_mm + span(self.rows, self.card_height_mm, self.gutter_y_mm)
                > self.page.height_mm + 0.01
        {
            return Err(PrintError::Layout(LayoutError::CardsDoNotFit {
                rows: self.rows,
                cols: self.cols,
                card_width: self.card_width_mm,
                card_height: self.card_height_mm,
                page_width: self.page.width_mm,
                page_height: self.page.height_mm,
            }));
        }
        for b in &self.fields {
            let field = b.field.name();
            let numbers = [b.x_mm, b.y_mm, b.width_mm, b.height_mm];
            if numbers.iter().any(|n| !n.is_finite() || *n < 0.0)
                || b.x_mm + b.width_mm > self.card_width_mm + 0.01
                || b.y_mm + b.height_mm > self.card_height_mm + 0.01
            {
                return Err(PrintError::Layout(LayoutError::FieldOutsideCard {
                    field,
                    card_width: self.card_width_mm,
                    card_height: self.card_height_mm,
                }));
            }
            if !b.size_pt.is_finite() || b.size_pt <= 0.0 || b.size_pt > 200.0 {
                return Err(PrintError::Layout(LayoutError::BadTextSize {
                    field,
                    size: b.size_pt,
                }));
            }
        }
        Ok(())
    }
}

fn positive(what: &'static str, value: f32) -> Result<(), PrintError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(PrintError::Layout(LayoutError::NotPositive { what, value }))
    }
}

fn check_page(page: PageSize) -> Result<(), PrintError> {
    positive("page width", page.width_mm)?;
    positive("page height", page.height_mm)?;
    for value in [page.width_mm, page.height_mm] {
        if value > MAX_PAGE {
            return Err(PrintError::Layout(LayoutError::PageTooLarge { value }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn cards_without_a_qr_code_give_its_room_to_the_texts() {
        for name in crate::voucher::PRESETS {
            let layout = Layout::preset(name).expect("a preset");
            let bare = layout.without_qr();
            assert!(bare
                .fields
                .iter()
                .all(|b| b.field != crate::voucher::fields::Field::Qr));
            // The plan's details reach further right once the QR code is gone.
            let reach = |l: &Layout| {
                l.fields
                    .iter()
                    .filter(|b| {
                        matches!(
                            b.field,
                            crate::voucher::fields::Field::Validity
                                | crate::voucher::fields::Field::DataCap
                                | crate::voucher::fields::Field::Price
                        )
                    })
                    .map(|b| b.x_mm + b.width_mm)
                    .fold(0.0_f32, f32::max)
            };
            assert!(reach(&bare) >= reach(&layout) - 1e-3, "{name}");
        }
    }

    use super::*;

    fn check(result: Result<Layout, PrintError>, expect: Result<(u32, u32, f32, f32), &str>) {
        match (result, expect) {
            (Ok(l), Ok((rows, cols, w, h))) => {
                assert_eq!((l.rows, l.cols), (rows, cols), "{}", l.name);
                assert!(
                    (l.card_width_mm - w).abs() < 0.01,
                    "card width {}",
                    l.card_width_mm
                );
                assert!(
                    (l.card_height_mm - h).abs() < 0.01,
                    "card height {}",
                    l.card_height_mm
                );
            }
            (Err(e), Err(want)) => assert!(e.to_string().contains(want), "{e}"),
            (got, want) => panic!("got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn custom_grids() {
        check(Layout::grid(PageSize::A4, 8, 4), Ok((8, 4, 47.5, 34.625)));
        check(Layout::grid(PageSize::A4, 0, 4), Err("at least one row"));
        check(Layout::grid(PageSize::A4, 100, 4), Err("do not fit"));
        check(
            Layout::with_card_size(PageSize::A4, 85.0, 54.0),
            Ok((5, 2, 85.0, 54.0)),
        );
        check(
            Layout::with_card_size(PageSize::A4, 300.0, 54.0),
            Err("do not fit"),
        );
        check(
            Layout::with_card_size(PageSize::A4, f32::NAN, 54.0),
            Err("card width must be a positive"),
        );
        check(
            Layout::with_card_size(
                PageSize {
                    width_mm: -1.0,
                    height_mm: 10.0,
                },
                5.0,
                5.0,
            ),
            Err("page width must be a positive"),
        );
    }

    #[test]
    fn a_changed_layout_is_checked() {
        let mut layout = Layout::grid(PageSize::A4, 8, 4).unwrap();
        layout.fields[0].width_mm = 500.0;
        assert!(matches!(
            layout.check(),
            Err(PrintError::Layout(LayoutError::FieldOutsideCard { .. }))
        ));
        let mut layout = Layout::grid(PageSize::A4, 8, 4).unwrap();
        layout.gutter_x_mm = 5.0;
        assert!(
            layout.check().is_err(),
            "gutters push the grid off the page"
        );
        let centred = Layout::with_card_size(PageSize::A4, 85.0, 54.0).unwrap();
        assert!((centred.margin_left_mm - 20.0).abs() < 1e-3);
        assert_eq!(
            centred.card_origin(3),
            (105.0, centred.margin_top_mm + 54.0)
        );
    }
}
