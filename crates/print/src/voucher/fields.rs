//! Where each field sits on a card: boxes in mm from the card's top-left corner, with the
//! text size to set them in. [`arrange`] is the default placement for a card of any size.

use crate::fonts::{Style, Weight};

/// Something a card can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Logo,
    Office,
    Code,
    Password,
    Plan,
    Price,
    Validity,
    DataCap,
    Serial,
    Qr,
    Note,
}

impl Field {
    pub(crate) const ALL: [Field; 11] = [
        Field::Logo,
        Field::Office,
        Field::Code,
        Field::Password,
        Field::Plan,
        Field::Price,
        Field::Validity,
        Field::DataCap,
        Field::Serial,
        Field::Qr,
        Field::Note,
    ];

    /// The field's name, as in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Logo => "logo",
            Field::Office => "office",
            Field::Code => "code",
            Field::Password => "password",
            Field::Plan => "plan",
            Field::Price => "price",
            Field::Validity => "validity",
            Field::DataCap => "data_cap",
            Field::Serial => "serial",
            Field::Qr => "qr",
            Field::Note => "note",
        }
    }
}

/// How a text sits in its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAlign {
    Left,
    Center,
    Right,
}

/// A field's box on the card. A text gets as many lines as the box is tall (at least one);
/// one line shrinks to fit (down to 70 % of `size_pt`) and is then cut with "…"; more lines
/// wrap, the last one cut. The logo and the QR code keep their shape, centred in the box
/// (the logo against the `align` side).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldBox {
    pub field: Field,
    pub x_mm: f32,
    pub y_mm: f32,
    pub width_mm: f32,
    pub height_mm: f32,
    pub size_pt: f32,
    pub bold: bool,
    pub align: TextAlign,
}

impl FieldBox {
    pub(crate) fn style(&self) -> Style {
        Style {
            size: self.size_pt,
            weight: if self.bold {
                Weight::Bold
            } else {
                Weight::Regular
            },
        }
    }
}

/// A row of the text column: its fields side by side, their size, and how many lines.
struct Row {
    fields: &'static [Field],
    size: f32,
    bold: bool,
    lines: f32,
}

const fn row(fields: &'static [Field], size: f32, bold: bool, lines: f32) -> Row {
    Row {
        fields,
        size,
        bold,
        lines,
    }
}

/// The padding inside a card, in mm.
fn padding(width: f32, height: f32) -> f32 {
    (width.min(height) * 0.06).clamp(1.5, 3.0)
}

/// The default placement on a `width` × `height` mm card. A card wider than tall keeps the
/// QR code on its right, as tall as the card allows, and stacks the texts at its left
/// (pairing plan with price and validity with data cap when the column is wide enough); a
/// tall card (a thermal roll's) stacks everything, the QR code centred under the texts. The
/// sizes shrink together when the texts would not fit the card's height.
pub fn arrange(width: f32, height: f32) -> Vec<FieldBox> {
    arrange_with(width, height, true)
}

/// [`arrange`], with or without room for the QR code.
pub fn arrange_with(width: f32, height: f32, qr: bool) -> Vec<FieldBox> {
    let pad = padding(width, height);
    let inner_w = (width - 2.0 * pad).max(0.0);
    let inner_h = (height - 2.0 * pad).max(0.0);
    let wide = width >= 1.25 * height;
    let mut boxes = Vec::new();

    // A wide card's office line and code run across the whole card (the code is what the
    // customer types: it gets the room), the QR code sits at the right under them.
    let band_natural = Style::regular(7.0).line_height() + Style::regular(12.0).line_height();
    let wide_qr = (inner_h - band_natural).min(width * 0.42).max(0.0);
    let (column_w, qr_side) = match (wide, qr) {
        (true, true) => (inner_w - wide_qr - pad, 0.0),
        (true, false) => (inner_w, 0.0),
        (false, true) => (inner_w, inner_w.min(inner_h * 0.45)),
        (false, false) => (inner_w, 0.0),
    };
    let paired = column_w >= 30.0;
    let base: Vec<Row> = {
        use Field::*;
        let mut rows = vec![
            row(&[Office], 7.0, true, 1.0),
            row(&[Code], if wide { 12.0 } else { 15.0 }, true, 1.0),
            row(&[Password], 7.0, false, 1.0),
        ];
        if paired {
            rows.push(row(&[Plan, Price], 7.0, true, 1.0));
            rows.push(row(&[Validity, DataCap], 6.5, false, 1.0));
            rows.push(row(&[Serial], 5.5, false, 1.0));
            rows.push(row(&[Note], 5.5, false, 1.0));
        } else {
            rows.push(row(&[Plan], 7.0, true, 1.0));
            rows.push(row(&[Price], 7.0, true, 1.0));
            rows.push(row(&[Validity], 6.5, false, 1.0));
            rows.push(row(&[DataCap], 6.5, false, 1.0));
            rows.push(row(&[Serial], 5.5, false, 1.0));
            rows.push(row(&[Note], 5.5, false, 2.0));
        }
        rows
    };
    let gap = if wide { 0.0 } else { 1.0 };
    let natural: f32 = base
        .iter()
        .map(|r| Style::regular(r.size).line_height() * r.lines)
        .sum();
    // A tall card gives the QR code what the texts leave, up to 70 % of its width.
    let qr_side = if wide || !qr {
        qr_side
    } else {
        qr_side.max((inner_h - natural - 4.0 * gap).min(inner_w * 0.7))
    };
    let room = inner_h - qr_side - gap;
    let scale = if natural > room && natural > 0.0 {
        (room / natural).max(0.0)
    } else {
        1.0
    };
    let align = if wide {
        TextAlign::Left
    } else {
        TextAlign::Center
    };
    // Tall cards spread what is left between the texts and the QR code.
    let spare = if wide { 0.0 } else { (room - natural).max(0.0) };
    if wide && qr {
        let band = band_natural * scale;
        let side = (inner_h - band).min(width * 0.42).max(0.0);
        boxes.push(FieldBox {
            field: Field::Qr,
            x_mm: width - pad - side,
            y_mm: pad + band + (inner_h - band - side) / 2.0,
            width_mm: side,
            height_mm: side,
            size_pt: 1.0,
            bold: false,
            align: TextAlign::Center,
        });
    }
    let mut y = pad;
    for r in &base {
        let size = r.size * scale;
        let h = Style::regular(size).line_height() * r.lines;
        let part = column_w / r.fields.len() as f32;
        for (i, &field) in r.fields.iter().enumerate() {
            let align = match (r.fields.len(), i) {
                (1, _) => align,
                (_, 0) => TextAlign::Left,
                _ => TextAlign::Right,
            };
            let row_w = if wide && matches!(field, Field::Office | Field::Code) {
                inner_w
            } else {
                column_w
            };
            let (x, w) = if field == Field::Office {
                // The logo sits before the office name, a square as tall as its line.
                boxes.push(FieldBox {
                    field: Field::Logo,
                    x_mm: pad,
                    y_mm: y,
                    width_mm: h * 2.0,
                    height_mm: h,
                    size_pt: size,
                    bold: false,
                    align: TextAlign::Left,
                });
                (pad + h * 2.0 + 0.5, row_w - h * 2.0 - 0.5)
            } else if row_w > column_w {
                (pad, row_w)
            } else {
                (pad + part * i as f32, part)
            };
            boxes.push(FieldBox {
                field,
                x_mm: x,
                y_mm: y,
                width_mm: w.max(0.0),
                height_mm: h,
                size_pt: size,
                bold: r.bold,
                align,
            });
        }
        y += h;
        if !wide && qr && r.fields.contains(&Field::DataCap) {
            // The QR code goes under the plan's details, before serial and note.
            y += spare / 2.0 + gap / 2.0;
            boxes.push(FieldBox {
                field: Field::Qr,
                x_mm: (width - qr_side) / 2.0,
                y_mm: y,
                width_mm: qr_side,
                height_mm: qr_side,
                size_pt: 1.0,
                bold: false,
                align: TextAlign::Center,
            });
            y += qr_side + spare / 2.0 + gap / 2.0;
        }
    }
    boxes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every box of the default placement is inside the card and no two overlap.
    fn check(width: f32, height: f32, why: &str) {
        let boxes = arrange(width, height);
        for b in &boxes {
            assert!(
                b.x_mm >= 0.0
                    && b.y_mm >= 0.0
                    && b.x_mm + b.width_mm <= width + 1e-3
                    && b.y_mm + b.height_mm <= height + 1e-3,
                "{why}: {b:?} is inside the {width} × {height} card"
            );
            if width.min(height) >= 25.0 && !matches!(b.field, Field::Qr | Field::Logo) {
                assert!(b.size_pt >= 3.0, "{why}: {b:?} is readable");
            }
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.x_mm + a.width_mm <= b.x_mm + 1e-3
                    || b.x_mm + b.width_mm <= a.x_mm + 1e-3
                    || a.y_mm + a.height_mm <= b.y_mm + 1e-3
                    || b.y_mm + b.height_mm <= a.y_mm + 1e-3;
                assert!(apart, "{why}: {a:?} and {b:?} do not overlap");
            }
        }
        assert_eq!(
            boxes.iter().filter(|b| b.field == Field::Qr).count(),
            1,
            "{why}: one QR box"
        );
    }

    #[test]
    fn default_placements_fit() {
        check(47.5, 34.6, "A4 4 × 8");
        check(63.5, 38.1, "Avery L7160");
        check(66.675, 25.4, "Avery 5160");
        check(48.0, 66.0, "58 mm roll");
        check(72.0, 44.0, "80 mm roll");
        check(100.0, 100.0, "a square card");
        check(12.0, 10.0, "a tiny card still places everything");
    }

    #[test]
    fn a_wide_card_keeps_the_qr_code_right() {
        let boxes = arrange(63.5, 38.1);
        let qr = boxes.iter().find(|b| b.field == Field::Qr).unwrap();
        assert!(qr.x_mm > 63.5 / 2.0, "the QR code is on the right");
        assert!(qr.width_mm > 20.0, "and large: {qr:?}");
    }
}
