//! Cards placed on pages: each card's fields turned into marks at their boxes, the cards
//! set into the grid row by row, and the cut marks drawn. The result is the layout model
//! both writers draw.

use std::collections::HashMap;

use crate::error::PrintError;
use crate::fonts::{Fonts, Style};
use crate::layout::{Mark, Page, BLACK};
use crate::voucher::card::{SheetInput, VoucherCard};
use crate::voucher::fields::{Field, FieldBox, TextAlign};
use crate::voucher::fit::{fit, fit_whole};
use crate::voucher::grid::{CutMarks, Layout};
use crate::voucher::qr::QrModules;
use crate::voucher::template::{CardTemplate, Text};

/// Crop marks: this long, this far from the grid.
const TICK: f32 = 4.0;
const TICK_GAP: f32 = 1.0;

/// What every card of a sheet is drawn from.
pub(crate) struct Sheet<'a> {
    pub fonts: &'a Fonts,
    pub layout: &'a Layout,
    pub template: &'a CardTemplate,
    pub input: &'a SheetInput,
    /// The logo's height over width, when there is one to print.
    pub logo_aspect: Option<f32>,
}

/// Fitted texts by field box and text: plans, prices and notes repeat across a batch.
type Fitted = HashMap<(usize, String), (Vec<String>, Style)>;

impl Sheet<'_> {
    /// The pages of `cards`. No cards is an error rather than an empty document: a PDF needs
    /// a page, and a preview of nothing would look like a broken one.
    pub fn pages(&self, cards: &[VoucherCard]) -> Result<Vec<Page>, PrintError> {
        self.layout.check()?;
        let texts = self.template.texts()?;
        if cards.is_empty() {
            return Err(PrintError::NoCards);
        }
        let mut fitted = Fitted::new();
        let per_page = self.layout.cards_per_page();
        let mut pages = Vec::with_capacity(cards.len().div_ceil(per_page));
        for chunk in cards.chunks(per_page) {
            let mut marks = self.cut_marks(chunk.len());
            for (index, card) in chunk.iter().enumerate() {
                let (x, y) = self.layout.card_origin(index);
                for mark in self.card(card, &texts, &mut fitted)? {
                    marks.push(mark.moved(x, y));
                }
            }
            pages.push(Page {
                width: self.layout.page.width_mm,
                height: self.layout.page.height_mm,
                marks,
            });
        }
        Ok(pages)
    }

    /// One card's marks, from its top-left corner.
    fn card(
        &self,
        card: &VoucherCard,
        texts: &[(Field, Text<'_>)],
        fitted: &mut Fitted,
    ) -> Result<Vec<Mark>, PrintError> {
        let mut marks = Vec::new();
        for (index, b) in self.layout.fields.iter().enumerate() {
            match b.field {
                Field::Logo => {
                    if let (true, Some(aspect)) = (self.template.logo, self.logo_aspect) {
                        marks.push(logo(b, aspect));
                    }
                }
                Field::Qr => {
                    let Some(url) = card.login_url.as_deref().filter(|_| self.template.qr) else {
                        continue;
                    };
                    let modules = QrModules::encode(url).ok_or_else(|| PrintError::QrTooLong {
                        serial: card.serial.clone(),
                    })?;
                    let size = b.width_mm.min(b.height_mm);
                    marks.push(Mark::Qr {
                        x: b.x_mm + (b.width_mm - size) / 2.0,
                        y: b.y_mm + (b.height_mm - size) / 2.0,
                        size,
                        modules,
                    });
                }
                field => {
                    let Some((_, text)) = texts.iter().find(|(f, _)| *f == field) else {
                        continue;
                    };
                    let Some(text) = text.fill(self.input, card) else {
                        continue;
                    };
                    if text.trim().is_empty() {
                        continue;
                    }
                    let (lines, style) = fitted
                        .entry((index, text))
                        .or_insert_with_key(|(_, text)| match field {
                            // What the customer types is never cut: it shrinks until it fits.
                            Field::Code | Field::Password => {
                                fit_whole(self.fonts, text, b.style(), b.width_mm)
                            }
                            _ => fit(self.fonts, text, b.style(), b.width_mm, b.height_mm),
                        })
                        .clone();
                    marks.extend(self.lines(b, lines, style));
                }
            }
        }
        Ok(marks)
    }

    /// Fitted lines set in their box: a single line centred on the box's height, more from
    /// its top.
    fn lines(&self, b: &FieldBox, lines: Vec<String>, style: Style) -> Vec<Mark> {
        let line_height = style.line_height();
        let top = if lines.len() == 1 {
            b.y_mm + ((b.height_mm - line_height) / 2.0).max(0.0)
        } else {
            b.y_mm
        };
        let baseline = self.fonts.baseline(style);
        lines
            .into_iter()
            .enumerate()
            .filter(|(_, line)| !line.is_empty())
            .map(|(i, text)| {
                let free = b.width_mm - self.fonts.width(&text, style);
                let x = match b.align {
                    TextAlign::Left => b.x_mm,
                    TextAlign::Center => b.x_mm + free / 2.0,
                    TextAlign::Right => b.x_mm + free,
                };
                Mark::Text {
                    x,
                    baseline: top + i as f32 * line_height + baseline,
                    text,
                    style,
                    colour: BLACK,
                }
            })
            .collect()
    }

    /// The cut marks of a page holding `count` cards.
    fn cut_marks(&self, count: usize) -> Vec<Mark> {
        let l = self.layout;
        match l.cut_marks {
            CutMarks::None => Vec::new(),
            CutMarks::Roll => vec![Mark::Line {
                from: (0.0, l.page.height_mm - 1.0),
                to: (l.page.width_mm, l.page.height_mm - 1.0),
                thickness: 0.25,
                dashed: true,
                grey: 0.0,
            }],
            CutMarks::Grid => {
                let mut marks = self.crop_marks();
                marks.extend(self.outlines(count));
                marks
            }
        }
    }

    /// Every card edge of the grid, as `(start, end)` pairs across (`xs`) and down (`ys`).
    fn edges(&self) -> (Vec<f32>, Vec<f32>) {
        let l = self.layout;
        let line = |n: u32, start: f32, card: f32, gutter: f32| {
            let mut edges: Vec<f32> = (0..n)
                .flat_map(|i| {
                    let a = start + i as f32 * (card + gutter);
                    [a, a + card]
                })
                .collect();
            edges.dedup_by(|a, b| (*a - *b).abs() < 1e-3);
            edges
        };
        (
            line(l.cols, l.margin_left_mm, l.card_width_mm, l.gutter_x_mm),
            line(l.rows, l.margin_top_mm, l.card_height_mm, l.gutter_y_mm),
        )
    }

    /// Short black ticks in the margins, in line with every card edge.
    fn crop_marks(&self) -> Vec<Mark> {
        let l = self.layout;
        let (xs, ys) = self.edges();
        let (left, top) = (l.margin_left_mm, l.margin_top_mm);
        let right = xs.last().copied().unwrap_or(left);
        let bottom = ys.last().copied().unwrap_or(top);
        let tick = |from: (f32, f32), to: (f32, f32)| Mark::Line {
            from,
            to,
            thickness: 0.2,
            dashed: false,
            grey: 0.0,
        };
        let mut marks = Vec::new();
        let room = |margin: f32| (margin - TICK_GAP).min(TICK);
        let (above, below) = (room(top), room(l.page.height_mm - bottom));
        let (before, after) = (room(left), room(l.page.width_mm - right));
        for &x in &xs {
            if above > 0.5 {
                marks.push(tick((x, top - TICK_GAP - above), (x, top - TICK_GAP)));
            }
            if below > 0.5 {
                marks.push(tick((x, bottom + TICK_GAP), (x, bottom + TICK_GAP + below)));
            }
        }
        for &y in &ys {
            if before > 0.5 {
                marks.push(tick((left - TICK_GAP - before, y), (left - TICK_GAP, y)));
            }
            if after > 0.5 {
                marks.push(tick((right + TICK_GAP, y), (right + TICK_GAP + after, y)));
            }
        }
        marks
    }

    /// The outlines of the first `count` cards, dashed in light grey; an edge two cards share
    /// is drawn once.
    fn outlines(&self, count: usize) -> Vec<Mark> {
        let l = self.layout;
        let cols = l.cols as usize;
        let dashed = |from: (f32, f32), to: (f32, f32)| Mark::Line {
            from,
            to,
            thickness: 0.15,
            dashed: true,
            grey: 0.6,
        };
        let mut marks = Vec::new();
        for row in 0..count.div_ceil(cols) {
            let in_row = (count - row * cols).min(cols);
            let (x0, top) = l.card_origin(row * cols);
            let bottom = top + l.card_height_mm;
            let right = l.card_origin(row * cols + in_row - 1).0 + l.card_width_mm;
            let touching = l.gutter_y_mm < 1e-3;
            if row == 0 || !touching {
                marks.push(dashed((x0, top), (right, top)));
            }
            marks.push(dashed((x0, bottom), (right, bottom)));
            let mut xs: Vec<f32> = (0..in_row)
                .flat_map(|i| {
                    let x = l.card_origin(row * cols + i).0;
                    [x, x + l.card_width_mm]
                })
                .collect();
            xs.dedup_by(|a, b| (*a - *b).abs() < 1e-3);
            marks.extend(xs.into_iter().map(|x| dashed((x, top), (x, bottom))));
        }
        marks
    }
}

/// The logo in its box, keeping its shape, against the box's `align` side.
fn logo(b: &FieldBox, aspect: f32) -> Mark {
    let width = b.width_mm.min(b.height_mm / aspect);
    let height = width * aspect;
    let free = b.width_mm - width;
    let x = match b.align {
        TextAlign::Left => b.x_mm,
        TextAlign::Center => b.x_mm + free / 2.0,
        TextAlign::Right => b.x_mm + free,
    };
    Mark::Logo {
        x,
        y: b.y_mm + (b.height_mm - height) / 2.0,
        width,
        height,
    }
}
