//! The layout model, as plain data: pages in millimetres holding marks (text, rules, boxes, the
//! logo) positioned from the page's top-left corner. The documents build it with the pure
//! functions here; `pdf.rs` only writes it out.

use tikbill_chart::Rgb;

use crate::fonts::{Fonts, Style};
use crate::voucher::qr::QrModules;

/// The colour of text, unless a chart says otherwise.
pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);

/// Something drawn on a page. Every length is in mm, `y` grows downwards from the page's top.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Mark {
    /// One line of text; `x` is its left edge.
    Text {
        x: f32,
        baseline: f32,
        text: String,
        style: Style,
        colour: Rgb,
    },
    /// A horizontal line.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness: f32,
        dashed: bool,
    },
    /// The outline of a rectangle.
    Frame {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        thickness: f32,
    },
    /// A filled rectangle; `grey` is 0 for black and 1 for white.
    Shade {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: f32,
    },
    /// The logo, scaled into this box.
    Logo {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// A straight line in any direction (cut marks); `grey` is 0 for black and 1 for white.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        thickness: f32,
        dashed: bool,
        grey: f32,
    },
    /// A line through `points` in `colour` (charts); `closed` joins the last point to the first.
    Stroke {
        points: Vec<(f32, f32)>,
        thickness: f32,
        colour: Rgb,
        closed: bool,
    },
    /// A polygon filled with `colour` (charts).
    Fill {
        points: Vec<(f32, f32)>,
        colour: Rgb,
    },
    /// A QR code filling the square `size` mm wide whose top-left corner is at (`x`, `y`),
    /// quiet zone included.
    Qr {
        x: f32,
        y: f32,
        size: f32,
        modules: QrModules,
    },
}

impl Mark {
    fn moved_down(self, dy: f32) -> Mark {
        self.moved(0.0, dy)
    }

    /// The mark `dx` mm to the right and `dy` mm down.
    pub fn moved(mut self, dx: f32, dy: f32) -> Mark {
        match &mut self {
            Mark::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Mark::Rule { x1, x2, y, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y += dy;
            }
            Mark::Frame { x, y, .. }
            | Mark::Shade { x, y, .. }
            | Mark::Logo { x, y, .. }
            | Mark::Qr { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Mark::Line { from, to, .. } => {
                *from = (from.0 + dx, from.1 + dy);
                *to = (to.0 + dx, to.1 + dy);
            }
            Mark::Stroke { points, .. } | Mark::Fill { points, .. } => {
                for (x, y) in points {
                    *x += dx;
                    *y += dy;
                }
            }
        }
        self
    }
}

/// `value` as both writers print a length: at most three decimals, no trailing zeros.
pub(crate) fn decimal(value: f32) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "" | "-" | "-0" => "0".to_string(),
        text => text.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}

/// A horizontal strip of a page: marks placed relative to its top, and its height. Blocks are
/// stacked by a [`Pager`]; one never splits across pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Block {
    pub height: f32,
    pub marks: Vec<Mark>,
}

impl Block {
    pub fn gap(height: f32) -> Block {
        Block {
            height,
            marks: Vec::new(),
        }
    }

    /// The marks, moved to a page with the block's top `y` mm from the page's top.
    pub fn placed_at(self, y: f32) -> Vec<Mark> {
        self.marks.into_iter().map(|m| m.moved_down(y)).collect()
    }

    /// `self` with `other` beside it (each keeps its own x), as tall as the taller.
    pub fn beside(mut self, other: Block) -> Block {
        self.height = self.height.max(other.height);
        self.marks.extend(other.marks);
        self
    }

    /// `self` with `below` stacked under it.
    pub fn then(mut self, below: Block) -> Block {
        let dy = self.height;
        self.marks
            .extend(below.marks.into_iter().map(|m| m.moved_down(dy)));
        self.height += below.height;
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Breaks `text` into lines no wider than `width` mm: at spaces where it can, inside a word
/// only when the word alone is too wide. A newline in `text` always breaks. Nothing is dropped
/// but runs of white space, and every input gives at least one line.
pub(crate) fn wrap(fonts: &Fonts, text: &str, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fonts.width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word starts a line; if it is wider than a line, cut it where it must.
            for c in word.chars() {
                line.push(c);
                if fonts.width(&line, style) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// A column of the page, `width` mm wide from `left`, that makes blocks of text in it.
#[derive(Clone, Copy)]
pub(crate) struct Column<'f> {
    pub fonts: &'f Fonts,
    pub left: f32,
    pub width: f32,
}

impl<'f> Column<'f> {
    pub fn new(fonts: &'f Fonts, left: f32, width: f32) -> Self {
        Column { fonts, left, width }
    }

    /// A part of this column.
    pub fn part(self, left: f32, width: f32) -> Column<'f> {
        Column {
            fonts: self.fonts,
            left,
            width,
        }
    }

    /// Lines of `text`, placed as given.
    fn lines(self, lines: Vec<String>, style: Style, align: Align) -> Block {
        let line_height = style.line_height();
        let baseline = self.fonts.baseline(style);
        let marks = lines
            .into_iter()
            .enumerate()
            .filter(|(_, text)| !text.is_empty())
            .map(|(i, text)| {
                let free = self.width - self.fonts.width(&text, style);
                let x = match align {
                    Align::Left => self.left,
                    Align::Center => self.left + free / 2.0,
                    Align::Right => self.left + free,
                };
                Mark::Text {
                    x,
                    baseline: i as f32 * line_height + baseline,
                    text,
                    style,
                    colour: BLACK,
                }
            })
            .collect::<Vec<_>>();
        Block {
            height: line_height * marks.len().max(1) as f32,
            marks,
        }
    }

    /// `text` wrapped to the column.
    pub fn text(self, text: &str, style: Style, align: Align) -> Block {
        self.lines(wrap(self.fonts, text, style, self.width), style, align)
    }

    /// `text` on one line in the largest size from `largest` down to `smallest` (in steps of
    /// half a point) at which it fits; wrapped at `smallest` if even that is too wide.
    pub fn fitted(self, text: &str, style: Style, smallest: f32, align: Align) -> Block {
        let mut size = style.size;
        while size > smallest && self.fonts.width(text, Style { size, ..style }) > self.width {
            size = (size - 0.5).max(smallest);
        }
        self.text(text, Style { size, ..style }, align)
    }

    /// `label` at the left and `value` at the right of one row. The value wraps within the
    /// room the label leaves; when that would make it a narrow column of more than two lines
    /// (or the label takes more than half the row), the value goes under the label instead,
    /// across the whole column.
    pub fn pair(self, label: &str, value: &str, label_style: Style, value_style: Style) -> Block {
        let gap = 1.2 * label_style.size * crate::fonts::MM_PER_PT;
        let label_width = self.fonts.width(label, label_style);
        let room = self.width - label_width - gap;
        let beside = wrap(self.fonts, value, value_style, room);
        let under = wrap(self.fonts, value, value_style, self.width);
        let label_block = self.text(label, label_style, Align::Left);
        if label_width > self.width / 2.0 || (beside.len() > 2 && under.len() < beside.len() - 1) {
            return label_block.then(self.lines(under, value_style, Align::Right));
        }
        let value_block =
            self.part(self.left + self.width - room, room)
                .lines(beside, value_style, Align::Right);
        // The first baselines line up when the two sizes differ.
        let shift = self.fonts.baseline(value_style) - self.fonts.baseline(label_style);
        let (label_dy, value_dy) = if shift > 0.0 {
            (shift, 0.0)
        } else {
            (0.0, -shift)
        };
        let height = (label_block.height + label_dy).max(value_block.height + value_dy);
        let marks = label_block
            .marks
            .into_iter()
            .map(|m| m.moved_down(label_dy))
            .chain(
                value_block
                    .marks
                    .into_iter()
                    .map(|m| m.moved_down(value_dy)),
            )
            .collect();
        Block { height, marks }
    }

    /// A horizontal rule across the column, centred in a strip `height` mm high.
    pub fn rule(self, height: f32, thickness: f32, dashed: bool) -> Block {
        Block {
            height,
            marks: vec![Mark::Rule {
                x1: self.left,
                x2: self.left + self.width,
                y: height / 2.0,
                thickness,
                dashed,
            }],
        }
    }
}

/// One cell of a table row: its text, where it sits and how it is set.
pub(crate) struct Cell<'a> {
    pub text: &'a str,
    pub left: f32,
    pub width: f32,
    pub align: Align,
    pub style: Style,
}

/// A table row: each cell wrapped in its own column, `padding` mm above and below the tallest.
pub(crate) fn row(fonts: &Fonts, cells: &[Cell<'_>], padding: f32) -> Block {
    let mut block = Block::gap(0.0);
    for cell in cells {
        let cell_block =
            Column::new(fonts, cell.left, cell.width).text(cell.text, cell.style, cell.align);
        block.height = block.height.max(cell_block.height);
        block
            .marks
            .extend(cell_block.marks.into_iter().map(|m| m.moved_down(padding)));
    }
    block.height += 2.0 * padding;
    block
}

/// Stacks blocks onto pages. A fixed page height breaks to a new page when a block does not
/// fit (repeating the blocks set with [`Pager::repeat`] at its top); a roll (no height) is one
/// page as long as its content.
pub(crate) struct Pager {
    width: f32,
    height: Option<f32>,
    top: f32,
    bottom: f32,
    pages: Vec<Vec<Mark>>,
    y: f32,
    repeat: Vec<Block>,
}

impl Pager {
    /// Pages `width` × `height` mm, with `top` and `bottom` mm kept free.
    pub fn sheets(width: f32, height: f32, top: f32, bottom: f32) -> Pager {
        Pager {
            width,
            height: Some(height),
            top,
            bottom,
            pages: vec![Vec::new()],
            y: top,
            repeat: Vec::new(),
        }
    }

    /// A roll `width` mm wide, cut `bottom` mm under the content.
    pub fn roll(width: f32, top: f32, bottom: f32) -> Pager {
        Pager {
            height: None,
            ..Pager::sheets(width, 0.0, top, bottom)
        }
    }

    /// Blocks to repeat at the top of every page started from now on; none stops repeating.
    pub fn repeat(&mut self, blocks: Vec<Block>) {
        self.repeat = blocks;
    }

    fn room(&self) -> f32 {
        match self.height {
            Some(height) => height - self.bottom - self.y,
            None => f32::INFINITY,
        }
    }

    fn place(&mut self, block: Block) {
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.extend(block.marks.into_iter().map(|m| m.moved_down(y)));
        }
        self.y += block.height;
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
        for block in self.repeat.clone() {
            self.place(block);
        }
    }

    fn at_top(&self) -> bool {
        let repeated: f32 = self.repeat.iter().map(|b| b.height).sum();
        self.y <= self.top + repeated + 1e-3
    }

    /// Places `block`, on a new page if it does not fit on this one.
    pub fn push(&mut self, block: Block) {
        if block.height > self.room() && !self.at_top() {
            self.new_page();
        }
        self.place(block);
    }

    /// Places `blocks` on one page: a new one if they do not fit together on this one (and
    /// would fit on an empty one).
    pub fn push_together(&mut self, blocks: Vec<Block>) {
        let together: f32 = blocks.iter().map(|b| b.height).sum();
        if together > self.room() && !self.at_top() {
            self.new_page();
        }
        for block in blocks {
            self.place(block);
        }
    }

    pub fn finish(self) -> Vec<Page> {
        let height = self.height.unwrap_or(self.y + self.bottom);
        self.pages
            .into_iter()
            .map(|marks| Page {
                width: self.width,
                height,
                marks,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
    }

    /// Wraps `text` at 9 pt into `width` mm and checks the lines.
    fn check_wrap(text: &str, width: f32, expect: &[&str], why: &str) {
        let fonts = fonts();
        let style = Style::regular(9.0);
        let lines = wrap(&fonts, text, style, width);
        assert_eq!(lines, expect, "{why}");
        for line in &lines {
            assert!(
                fonts.width(line, style) <= width || line.chars().count() == 1,
                "{line:?} fits in {width} mm"
            );
        }
    }

    #[test]
    fn wrapping() {
        check_wrap(
            "jdoe — John Doe",
            100.0,
            &["jdoe — John Doe"],
            "a short line stays one line",
        );
        check_wrap(
            "Wanjiru Nyambura Kamau Otieno",
            30.0,
            &["Wanjiru Nyambura", "Kamau Otieno"],
            "long names break between words",
        );
        check_wrap("", 30.0, &[""], "nothing is one empty line");
        check_wrap("a\nb", 30.0, &["a", "b"], "a newline breaks");
        check_wrap(
            "  spaced   out  ",
            30.0,
            &["spaced out"],
            "runs of white space fold to one",
        );
        check_wrap(
            "MPESA-QWERTYUIOPASDFGHJKL",
            20.0,
            &["MPESA-QWE", "RTYUIOPAS", "DFGHJKL"],
            "a word wider than the line is cut where it must be",
        );
    }

    #[test]
    fn a_pair_keeps_label_and_value_apart() {
        let fonts = fonts();
        let column = Column::new(&fonts, 5.0, 48.0);
        let style = Style::regular(8.0);
        let block = column.pair("Customer", "jdoe — Wanjiru Nyambura Kamau", style, style);
        let texts: Vec<(f32, String)> = block
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { x, text, .. } => Some((*x, text.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts[0],
            (5.0, "Customer".to_string()),
            "the label sits left"
        );
        let label_end = 5.0 + fonts.width("Customer", style);
        for (x, text) in &texts[1..] {
            assert!(*x > label_end, "{text:?} starts right of the label");
            let end = x + fonts.width(text, style);
            assert!((end - 53.0).abs() < 1e-3, "{text:?} ends at the right edge");
        }
        assert!(texts.len() >= 3, "the long value wraps: {texts:?}");
        assert!(
            (block.height - 2.0 * style.line_height()).abs() < 1e-3,
            "two lines high"
        );
    }

    #[test]
    fn sheets_break_and_repeat_a_header() {
        let mut pager = Pager::sheets(100.0, 100.0, 10.0, 10.0);
        pager.push(Block::gap(30.0));
        pager.repeat(vec![Block::gap(5.0)]);
        for _ in 0..10 {
            pager.push(Block {
                height: 20.0,
                marks: vec![Mark::Rule {
                    x1: 0.0,
                    x2: 1.0,
                    y: 0.0,
                    thickness: 0.1,
                    dashed: false,
                }],
            });
        }
        let pages = pager.finish();
        let rules: Vec<Vec<f32>> = pages
            .iter()
            .map(|p| {
                p.marks
                    .iter()
                    .map(|m| match m {
                        Mark::Rule { y, .. } => *y,
                        _ => -1.0,
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            rules,
            vec![
                vec![40.0, 60.0],
                vec![15.0, 35.0, 55.0],
                vec![15.0, 35.0, 55.0],
                vec![15.0, 35.0]
            ],
            "80 mm of room per page: 2 rows after the 30 mm title, then 3 under the 5 mm header"
        );
    }

    #[test]
    fn a_roll_is_as_long_as_its_content() {
        let mut pager = Pager::roll(80.0, 4.0, 10.0);
        pager.push(Block::gap(100.0));
        pager.push(Block::gap(250.0));
        let pages = pager.finish();
        assert_eq!(pages.len(), 1, "a roll is never cut into pages");
        assert_eq!(pages[0].height, 364.0, "4 + 100 + 250 + 10");
    }
}
