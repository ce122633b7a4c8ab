//! Tables on an A4 page: cells set in columns, a bold header row over a rule, and every other
//! row on a light grey band.

use crate::a4::{BODY, MARGIN};
use crate::fonts::{Fonts, Style};
use crate::layout::{row, Align, Block, Cell, Column, Mark, Pager};

/// The room above and below the text of a row, in mm.
pub(crate) const PADDING: f32 = 0.9;
/// The room between two columns, in mm.
pub(crate) const GUTTER: f32 = 3.0;

/// A column of a table: its left edge and width in mm, and how its cells are aligned.
pub(crate) type TableColumn = (f32, f32, Align);

pub(crate) fn cell(text: &str, left: f32, width: f32, align: Align, style: Style) -> Cell<'_> {
    Cell {
        text,
        left,
        width,
        align,
        style,
    }
}

/// One cell per column, each of `texts` in `style`.
pub(crate) fn cells<'a>(cols: &[TableColumn], texts: &[&'a str], style: Style) -> Vec<Cell<'a>> {
    cols.iter()
        .zip(texts)
        .map(|(&(left, width, align), text)| cell(text, left, width, align, style))
        .collect()
}

/// A row of `texts` in `style`.
pub(crate) fn table_row(
    fonts: &Fonts,
    cols: &[TableColumn],
    texts: &[&str],
    style: Style,
) -> Block {
    row(fonts, &cells(cols, texts, style), PADDING)
}

/// A table's header row: bold titles over a rule `width` mm long from the margin.
pub(crate) fn header(fonts: &Fonts, cols: &[TableColumn], titles: &[&str], width: f32) -> Block {
    table_row(fonts, cols, titles, Style::bold(BODY))
        .then(Column::new(fonts, MARGIN, width).rule(0.6, 0.3, false))
}

/// Every other row on a light grey band `width` mm long from the margin, for the eye to follow.
pub(crate) fn striped(mut block: Block, index: usize, width: f32) -> Block {
    if index % 2 == 1 {
        block.marks.insert(
            0,
            Mark::Shade {
                x: MARGIN,
                y: 0.0,
                width,
                height: block.height,
                grey: 0.93,
            },
        );
    }
    block
}

/// Places the rows of a table that may run over pages: the first kept on one page with `title`
/// and `header`, and `header` repeated at the top of every page the rows run onto.
pub(crate) fn push_rows(
    pager: &mut Pager,
    title: Block,
    header: Block,
    rows: impl IntoIterator<Item = Block>,
) {
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return;
    };
    pager.push_together(vec![title, header.clone(), first]);
    pager.repeat(vec![header]);
    for row in rows {
        pager.push(row);
    }
    pager.repeat(Vec::new());
}

/// The widths of columns whose contents are `natural` mm wide, to fill `room` mm: each its
/// natural width when they all fit, column `stretch` taking what is left over; otherwise the
/// narrow ones keep theirs and the wide ones share the rest equally (their cells wrap). No
/// width is below 1 mm.
pub(crate) fn fit_widths(natural: &[f32], stretch: usize, room: f32) -> Vec<f32> {
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by(|a, b| natural[*a].total_cmp(&natural[*b]));
    let mut widths = natural.to_vec();
    let mut left = room;
    for (k, &i) in order.iter().enumerate() {
        let share = left / (order.len() - k) as f32;
        if natural[i] <= share {
            left -= natural[i];
        } else {
            for &j in &order[k..] {
                widths[j] = share;
            }
            left = 0.0;
            break;
        }
    }
    if let Some(width) = widths.get_mut(stretch) {
        *width += left.max(0.0);
    }
    widths.iter().map(|w| w.max(1.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(natural: &[f32], room: f32, expect: &[f32], why: &str) {
        assert_eq!(fit_widths(natural, 1, room), expect, "{why}");
    }

    #[test]
    fn columns_fill_the_room() {
        check(
            &[10.0, 20.0, 15.0],
            100.0,
            &[10.0, 75.0, 15.0],
            "all fit: the stretching column takes the rest",
        );
        check(
            &[10.0, 200.0, 150.0],
            100.0,
            &[10.0, 45.0, 45.0],
            "too wide: the narrow one keeps its width, the wide ones share",
        );
        check(&[], 100.0, &[], "no columns");
        check(&[5.0, 5.0], -10.0, &[1.0, 1.0], "no room at all");
    }
}
