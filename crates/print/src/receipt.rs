//! The payment receipt: a thermal roll slip (80 or 58 mm) or an A5 sheet.

use crate::error::PrintError;
use crate::fonts::{Fonts, Style};
use crate::layout::{Align, Block, Column, Mark, Page, Pager};
use crate::logo::Logo;

/// What a receipt shows. Every value is already formatted by the caller (money with its
/// currency, times in the office's zone); an empty value leaves its row out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Receipt {
    pub office_name: String,
    /// Printed under the name, one line each: address, phone, tax number…
    pub office_lines: Vec<String>,
    /// PNG or JPEG bytes, printed centred above the name.
    pub logo: Option<Vec<u8>>,
    /// e.g. "R-000042".
    pub receipt_number: String,
    /// e.g. "26 Nov 2026 14:05 EAT".
    pub issued_at: String,
    /// e.g. "jdoe — John Doe".
    pub customer: String,
    /// e.g. "Home 10M".
    pub plan: String,
    /// e.g. "1 × 30 days".
    pub period: String,
    /// e.g. "26 Dec 2026 14:05".
    pub new_expiry: String,
    /// e.g. "KES 1,500.00".
    pub amount: String,
    /// e.g. "Cash".
    pub method: String,
    /// The payment's reference (an M-Pesa code, a cheque number…).
    pub reference: String,
    /// e.g. "sari (cashier)".
    pub cashier: String,
    /// e.g. "To credit: KES 20.00", printed under the amount.
    pub credit_line: Option<String>,
    /// A copy printed again later: marked "REPRINT" in a box at the top.
    pub reprint: bool,
    /// e.g. "Thank you for your payment".
    pub footer: Option<String>,
}

/// The paper a receipt is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Paper {
    /// An 80 mm thermal roll (72 mm printable); the slip is as long as its content.
    Thermal80,
    /// A 58 mm thermal roll (48 mm printable); the slip is as long as its content.
    Thermal58,
    /// An A5 sheet, 148 × 210 mm, portrait.
    A5,
}

impl Paper {
    /// The paper's width in mm.
    pub fn width_mm(self) -> f32 {
        self.sheet().width
    }

    /// The width text and rules may use, in mm.
    pub fn printable_width_mm(self) -> f32 {
        let sheet = self.sheet();
        sheet.width - 2.0 * sheet.margin
    }

    fn sheet(self) -> Sheet {
        match self {
            Paper::Thermal80 => Sheet {
                width: 80.0,
                height: None,
                margin: 4.0,
                top: 4.0,
                bottom: 10.0,
                body: 9.0,
                small: 7.5,
                name: 12.0,
                heading: 10.0,
                amount: 18.0,
                logo: (40.0, 18.0),
                row_gap: 0.4,
            },
            Paper::Thermal58 => Sheet {
                width: 58.0,
                height: None,
                margin: 5.0,
                top: 3.0,
                bottom: 10.0,
                body: 8.0,
                small: 7.0,
                name: 10.5,
                heading: 9.0,
                amount: 15.0,
                logo: (30.0, 14.0),
                row_gap: 0.3,
            },
            Paper::A5 => Sheet {
                width: 148.0,
                height: Some(210.0),
                margin: 16.0,
                top: 14.0,
                bottom: 14.0,
                body: 10.5,
                small: 9.0,
                name: 16.0,
                heading: 12.0,
                amount: 22.0,
                logo: (55.0, 24.0),
                row_gap: 1.2,
            },
        }
    }
}

/// Sizes for one paper: lengths in mm, type sizes in points.
struct Sheet {
    width: f32,
    height: Option<f32>,
    margin: f32,
    top: f32,
    bottom: f32,
    body: f32,
    small: f32,
    name: f32,
    heading: f32,
    amount: f32,
    /// The largest box the logo is scaled into (width, height).
    logo: (f32, f32),
    /// Space between two label/value rows.
    row_gap: f32,
}

/// The receipt as a PDF on `paper`. Fails only for a logo that is not a readable PNG or JPEG
/// (or if the embedded font or the PDF writer fails).
pub fn receipt_pdf(receipt: &Receipt, paper: Paper) -> Result<Vec<u8>, PrintError> {
    let logo = receipt.logo.as_deref().map(Logo::decode).transpose()?;
    let fonts = Fonts::load()?;
    let pages = layout(&fonts, receipt, paper, logo.as_ref().map(|l| l.aspect));
    let title = format!("Receipt {}", receipt.receipt_number);
    crate::pdf::write(&title, &pages, &fonts, logo.as_ref())
}

/// The receipt laid out; `logo_aspect` is the logo's height over its width, if there is one.
pub(crate) fn layout(
    fonts: &Fonts,
    receipt: &Receipt,
    paper: Paper,
    logo_aspect: Option<f32>,
) -> Vec<Page> {
    let sheet = paper.sheet();
    let column = Column::new(fonts, sheet.margin, sheet.width - 2.0 * sheet.margin);
    let body = Style::regular(sheet.body);
    let small = Style::regular(sheet.small);
    let strong = Style::bold(sheet.body);
    let mut blocks = Vec::new();

    if let Some(aspect) = logo_aspect {
        let (max_width, max_height) = sheet.logo;
        let width = max_width.min(max_height / aspect);
        let height = width * aspect;
        blocks.push(Block {
            height: height + 2.0,
            marks: vec![Mark::Logo {
                x: column.left + (column.width - width) / 2.0,
                y: 0.0,
                width,
                height,
            }],
        });
    }
    blocks.push(column.text(&receipt.office_name, Style::bold(sheet.name), Align::Center));
    for line in &receipt.office_lines {
        blocks.push(column.text(line, small, Align::Center));
    }
    blocks.push(Block::gap(sheet.body * 0.3));

    if receipt.reprint {
        let style = Style::bold(sheet.heading + 2.0);
        let text = column.text("REPRINT", style, Align::Center);
        let padding = 1.0;
        let mut framed = Block::gap(padding).then(text).then(Block::gap(padding));
        framed.marks.push(Mark::Frame {
            x: column.left,
            y: 0.0,
            width: column.width,
            height: framed.height,
            thickness: 0.6,
        });
        blocks.push(Block::gap(1.0).then(framed).then(Block::gap(1.0)));
    }

    let dashed = || column.rule(sheet.body * 0.45, 0.25, true);
    let solid = || column.rule(sheet.body * 0.45, 0.35, false);
    let rows = |blocks: &mut Vec<Block>, rows: &[(&str, &str, Style)]| {
        for (label, value, value_style) in rows {
            if !value.trim().is_empty() {
                blocks.push(
                    column
                        .pair(label, value, body, *value_style)
                        .then(Block::gap(sheet.row_gap)),
                );
            }
        }
    };

    blocks.push(dashed());
    blocks.push(column.text("PAYMENT RECEIPT", Style::bold(sheet.heading), Align::Center));
    blocks.push(Block::gap(sheet.body * 0.15));
    rows(
        &mut blocks,
        &[
            ("Receipt no.", &receipt.receipt_number, strong),
            ("Date", &receipt.issued_at, body),
        ],
    );
    blocks.push(dashed());
    rows(
        &mut blocks,
        &[
            ("Customer", &receipt.customer, strong),
            ("Plan", &receipt.plan, body),
            ("Period", &receipt.period, body),
            ("Valid until", &receipt.new_expiry, strong),
        ],
    );
    blocks.push(solid());
    blocks.push(column.text("AMOUNT PAID", small, Align::Center));
    blocks.push(column.fitted(
        &receipt.amount,
        Style::bold(sheet.amount),
        sheet.heading,
        Align::Center,
    ));
    if let Some(credit) = receipt
        .credit_line
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        blocks.push(column.text(credit, small, Align::Center));
    }
    blocks.push(solid());
    rows(
        &mut blocks,
        &[
            ("Method", &receipt.method, body),
            ("Reference", &receipt.reference, body),
            ("Cashier", &receipt.cashier, body),
        ],
    );
    if let Some(footer) = receipt.footer.as_deref().filter(|f| !f.trim().is_empty()) {
        blocks.push(dashed());
        blocks.push(column.text(footer, small, Align::Center));
    }

    let mut pager = match sheet.height {
        Some(height) => Pager::sheets(sheet.width, height, sheet.top, sheet.bottom),
        None => Pager::roll(sheet.width, sheet.top, sheet.bottom),
    };
    for block in blocks {
        pager.push(block);
    }
    pager.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt {
            office_name: "Kilimani Fibre Networks".into(),
            office_lines: vec![
                "Argwings Kodhek Rd, Nairobi".into(),
                "+254 700 000 000".into(),
            ],
            receipt_number: "R-000042".into(),
            issued_at: "26 Nov 2026 14:05 EAT".into(),
            customer: "jdoe — Wanjiru Nyambura Kamau-Otieno wa Mathenge".into(),
            plan: "Home 10M".into(),
            period: "1 × 30 days".into(),
            new_expiry: "26 Dec 2026 14:05".into(),
            amount: "KES 1,500,000.00".into(),
            method: "M-Pesa".into(),
            reference: "QWERTYUIOP1234567890ASDFGHJKL".into(),
            cashier: "sari (cashier)".into(),
            credit_line: Some("To credit: KES 20.00".into()),
            reprint: true,
            footer: Some("Thank you for your payment. Keep this receipt.".into()),
            ..Receipt::default()
        }
    }

    #[test]
    fn nothing_leaves_the_printable_width() {
        let fonts = Fonts::load().unwrap();
        for paper in [Paper::Thermal80, Paper::Thermal58, Paper::A5] {
            let sheet = paper.sheet();
            let pages = layout(&fonts, &receipt(), paper, Some(0.5));
            assert_eq!(pages.len(), 1, "{paper:?}: one page");
            let page = &pages[0];
            assert_eq!(page.width, paper.width_mm());
            let (left, right) = (sheet.margin - 1e-3, sheet.width - sheet.margin + 1e-3);
            for mark in &page.marks {
                let (x1, x2, bottom) = match mark {
                    Mark::Text {
                        x,
                        baseline,
                        text,
                        style,
                        ..
                    } => (*x, x + fonts.width(text, *style), *baseline),
                    Mark::Rule { x1, x2, y, .. } => (*x1, *x2, *y),
                    Mark::Frame {
                        x,
                        y,
                        width,
                        height,
                        ..
                    }
                    | Mark::Shade {
                        x,
                        y,
                        width,
                        height,
                        ..
                    }
                    | Mark::Logo {
                        x,
                        y,
                        width,
                        height,
                        ..
                    } => (*x, x + width, y + height),
                    Mark::Line { from, to, .. } => {
                        (from.0.min(to.0), from.0.max(to.0), from.1.max(to.1))
                    }
                    Mark::Qr { x, y, size, .. } => (*x, x + size, y + size),
                    Mark::Stroke { points, .. } | Mark::Fill { points, .. } => {
                        let xs = points.iter().map(|p| p.0);
                        let bottom = points.iter().map(|p| p.1).fold(0.0, f32::max);
                        (
                            xs.clone().fold(f32::MAX, f32::min),
                            xs.fold(0.0, f32::max),
                            bottom,
                        )
                    }
                };
                assert!(
                    x1 >= left && x2 <= right,
                    "{paper:?}: {mark:?} stays within {left}..{right} mm"
                );
                assert!(
                    bottom <= page.height - sheet.bottom + 1e-3,
                    "{paper:?}: {mark:?} is above the bottom margin"
                );
            }
        }
    }

    #[test]
    fn a_roll_grows_with_its_content() {
        let fonts = Fonts::load().unwrap();
        let short = Receipt {
            office_lines: Vec::new(),
            credit_line: None,
            footer: None,
            reprint: false,
            customer: "jdoe".into(),
            ..receipt()
        };
        let height = |r: &Receipt, paper| layout(&fonts, r, paper, None)[0].height;
        assert!(
            height(&receipt(), Paper::Thermal58) > height(&short, Paper::Thermal58) + 20.0,
            "more lines make a longer slip"
        );
        assert!(
            height(&short, Paper::Thermal80) < 120.0,
            "a plain receipt is a short slip: {}",
            height(&short, Paper::Thermal80)
        );
        assert_eq!(height(&short, Paper::A5), 210.0, "A5 is A5");
    }

    #[test]
    fn empty_values_leave_their_rows_out() {
        let fonts = Fonts::load().unwrap();
        let texts = |r: &Receipt| -> Vec<String> {
            layout(&fonts, r, Paper::Thermal80, None)[0]
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        };
        let with = texts(&receipt());
        let without = texts(&Receipt {
            reference: String::new(),
            ..receipt()
        });
        assert!(with.contains(&"Reference".to_string()));
        assert!(
            !without.contains(&"Reference".to_string()),
            "no reference, no row"
        );
        assert!(with.contains(&"REPRINT".to_string()));
    }
}
