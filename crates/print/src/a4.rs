//! The A4 portrait documents (the shift report, the reports with charts): their page, margins
//! and text sizes, their section headings, and the footer that numbers every page.

use crate::fonts::{Fonts, Style};
use crate::layout::{Align, Block, Column, Page, Pager};

pub(crate) const WIDTH: f32 = 210.0;
pub(crate) const HEIGHT: f32 = 297.0;
pub(crate) const MARGIN: f32 = 15.0;
pub(crate) const TOP: f32 = 15.0;
/// Room under the content for the footer line.
pub(crate) const BOTTOM: f32 = 20.0;
/// The size of body text and table cells, in points.
pub(crate) const BODY: f32 = 9.0;
/// The size of the footer, in points.
pub(crate) const SMALL: f32 = 8.0;

/// The column of text between the margins.
pub(crate) fn column(fonts: &Fonts) -> Column<'_> {
    Column::new(fonts, MARGIN, WIDTH - 2.0 * MARGIN)
}

/// A pager of A4 sheets with room for the footer.
pub(crate) fn pager() -> Pager {
    Pager::sheets(WIDTH, HEIGHT, TOP, BOTTOM)
}

/// A section's heading, with a little room above and below.
pub(crate) fn heading(column: Column<'_>, text: &str) -> Block {
    Block::gap(5.0)
        .then(column.text(text, Style::bold(11.0), Align::Left))
        .then(Block::gap(1.0))
}

/// The footer of every page: a rule, `note` at the left and "Page n of m" at the right.
pub(crate) fn number_pages(pages: &mut [Page], column: Column<'_>, note: &str) {
    let total = pages.len();
    let small = Style::regular(SMALL);
    for (i, page) in pages.iter_mut().enumerate() {
        let y = HEIGHT - BOTTOM + 6.0;
        page.marks.extend(column.rule(0.0, 0.2, false).placed_at(y));
        page.marks.extend(
            column
                .part(MARGIN, column.width - 35.0)
                .fitted(note, small, 6.0, Align::Left)
                .placed_at(y + 1.0),
        );
        page.marks.extend(
            column
                .part(WIDTH - MARGIN - 35.0, 35.0)
                .text(&format!("Page {} of {}", i + 1, total), small, Align::Right)
                .placed_at(y + 1.0),
        );
    }
}

/// Checks that every text of `pages` lies within the side margins and above the footer's
/// bottom; gives the texts.
#[cfg(test)]
pub(crate) fn assert_within_margins<'p>(fonts: &Fonts, pages: &'p [Page]) -> Vec<&'p str> {
    let mut texts = Vec::new();
    for mark in pages.iter().flat_map(|p| &p.marks) {
        if let crate::layout::Mark::Text {
            x,
            baseline,
            text,
            style,
            ..
        } = mark
        {
            assert!(
                *x >= MARGIN - 1e-3 && x + fonts.width(text, *style) <= WIDTH - MARGIN + 1e-3,
                "{text:?} at {x} mm stays within the margins"
            );
            assert!(*baseline <= HEIGHT - 8.0, "{text:?} is on the page");
            texts.push(text.as_str());
        }
    }
    texts
}
