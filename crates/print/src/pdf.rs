//! Writes laid-out pages as a PDF with printpdf: the only file that knows PDF.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem,
    XObjectTransform,
};

use crate::error::PrintError;
use crate::fonts::{Fonts, Weight, MM_PER_PT};
use crate::layout::{Mark, Page};
use crate::logo::Logo;

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// The PDF of `pages`, titled `title`. `logo` is drawn wherever a page has a [`Mark::Logo`].
pub(crate) fn write(
    title: &str,
    pages: &[Page],
    fonts: &Fonts,
    logo: Option<&Logo>,
) -> Result<Vec<u8>, PrintError> {
    let mut doc = PdfDocument::new(title);

    // Each weight is embedded with just the glyphs the pages show.
    let mut used: BTreeMap<Weight, BTreeSet<char>> = BTreeMap::new();
    for mark in pages.iter().flat_map(|p| &p.marks) {
        if let Mark::Text { text, style, .. } = mark {
            used.entry(style.weight)
                .or_default()
                .extend(fonts.printable(text, style.weight).chars());
        }
    }
    let mut font_ids: BTreeMap<Weight, FontId> = BTreeMap::new();
    for (weight, chars) in &used {
        let font = fonts.subset(*weight, chars)?;
        font_ids.insert(*weight, doc.add_font(&font));
    }
    let logo = logo.map(|logo| (doc.add_image(&logo.image), logo.image.width));

    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        // PDF measures from the bottom-left corner, the layout from the top-left.
        let up = |y: f32| pt(page.height - y);
        let mut ops = Vec::new();
        for mark in &page.marks {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    text,
                    style,
                } => {
                    let Some(font) = font_ids.get(&style.weight) else {
                        continue;
                    };
                    ops.extend([
                        Op::StartTextSection,
                        Op::SetFont {
                            font: PdfFontHandle::External(font.clone()),
                            size: Pt(style.size),
                        },
                        Op::SetTextCursor {
                            pos: Point {
                                x: pt(*x),
                                y: up(*baseline),
                            },
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(fonts.printable(text, style.weight))],
                        },
                        Op::EndTextSection,
                    ]);
                }
                Mark::Rule {
                    x1,
                    x2,
                    y,
                    thickness,
                    dashed,
                } => {
                    let dash = if *dashed {
                        LineDashPattern::new(0.0, &[3.0, 2.0])
                    } else {
                        LineDashPattern::solid()
                    };
                    let point = |x: f32| LinePoint {
                        p: Point {
                            x: pt(x),
                            y: up(*y),
                        },
                        bezier: false,
                    };
                    ops.extend([
                        Op::SetOutlineColor { col: grey(0.0) },
                        Op::SetOutlineThickness { pt: pt(*thickness) },
                        Op::SetLineDashPattern { dash },
                        Op::DrawLine {
                            line: Line {
                                points: vec![point(*x1), point(*x2)],
                                is_closed: false,
                            },
                        },
                    ]);
                }
                Mark::Frame {
                    x,
                    y,
                    width,
                    height,
                    thickness,
                } => ops.extend([
                    Op::SetOutlineColor { col: grey(0.0) },
                    Op::SetOutlineThickness { pt: pt(*thickness) },
                    Op::SetLineDashPattern {
                        dash: LineDashPattern::solid(),
                    },
                    Op::DrawRectangle {
                        rectangle: Rect {
                            mode: Some(PaintMode::Stroke),
                            ..Rect::from_xywh(pt(*x), up(y + height), pt(*width), pt(*height))
                        },
                    },
                ]),
                Mark::Shade {
                    x,
                    y,
                    width,
                    height,
                    grey: level,
                } => ops.extend([
                    Op::SetFillColor { col: grey(*level) },
                    Op::DrawRectangle {
                        rectangle: Rect {
                            mode: Some(PaintMode::Fill),
                            ..Rect::from_xywh(pt(*x), up(y + height), pt(*width), pt(*height))
                        },
                    },
                    Op::SetFillColor { col: grey(0.0) },
                ]),
                Mark::Logo {
                    x,
                    y,
                    width,
                    height,
                } => {
                    let Some((id, pixels_wide)) = &logo else {
                        continue;
                    };
                    // At 72 dpi a pixel is a point; scale that to the box.
                    let scale = pt(*width).0 / *pixels_wide as f32;
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(pt(*x)),
                            translate_y: Some(up(y + height)),
                            scale_x: Some(scale),
                            scale_y: Some(scale),
                            dpi: Some(72.0),
                            ..Default::default()
                        },
                    });
                }
            }
        }
        pdf_pages.push(PdfPage::new(Mm(page.width), Mm(page.height), ops));
    }

    let options = PdfSaveOptions {
        image_optimization: None,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pdf_pages).save(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PrintError::Pdf(error.msg.clone()));
    }
    Ok(bytes)
}
