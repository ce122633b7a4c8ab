//! Writes laid-out pages as a PDF with printpdf: the only file that knows PDF.

use std::collections::{BTreeMap, BTreeSet};

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Greyscale, Line, LineDashPattern,
    LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, WindingOrder,
    XObjectTransform,
};
use tikbill_chart::Rgb;

use crate::error::PrintError;
use crate::fonts::{Fonts, Style, Weight, MM_PER_PT};
use crate::layout::{decimal as num, Mark, Page, BLACK};
use crate::logo::Logo;
use crate::voucher::qr::QrModules;

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn rgb(colour: Rgb) -> Color {
    let channel = |c: u8| f32::from(c) / 255.0;
    Color::Rgb(printpdf::Rgb {
        r: channel(colour.0),
        g: channel(colour.1),
        b: channel(colour.2),
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
        // The page's QR codes, drawn by one form of rectangles in whole modules.
        let mut qr_content = Vec::new();
        // Texts in a row share one text object: the font is set when it changes, and each
        // line start is given from the one before (`Td` is relative), so a sheet's repeated
        // card layout repeats in the stream and compresses.
        let mut text_at: Option<(Pt, Pt, Style)> = None;
        for mark in &page.marks {
            if !matches!(mark, Mark::Text { .. }) && text_at.take().is_some() {
                ops.push(Op::EndTextSection);
            }
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    text,
                    style,
                    colour,
                } => {
                    let Some(font) = font_ids.get(&style.weight) else {
                        continue;
                    };
                    let (x, y) = (pt(*x), up(*baseline));
                    let (from_x, from_y) = match text_at {
                        Some((px, py, _)) => (px, py),
                        None => {
                            ops.push(Op::StartTextSection);
                            (Pt(0.0), Pt(0.0))
                        }
                    };
                    if text_at.is_none_or(|(_, _, set)| set != *style) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font.clone()),
                            size: Pt(style.size),
                        });
                    }
                    // Coloured text (in charts) sets its colour and puts black back.
                    let coloured = *colour != BLACK;
                    if coloured {
                        ops.push(Op::SetFillColor { col: rgb(*colour) });
                    }
                    ops.extend([
                        Op::SetTextCursor {
                            pos: Point {
                                x: Pt(x.0 - from_x.0),
                                y: Pt(y.0 - from_y.0),
                            },
                        },
                        Op::ShowText {
                            items: vec![TextItem::Text(fonts.printable(text, style.weight))],
                        },
                    ]);
                    if coloured {
                        ops.push(Op::SetFillColor { col: grey(0.0) });
                    }
                    text_at = Some((x, y, *style));
                }
                Mark::Rule {
                    x1,
                    x2,
                    y,
                    thickness,
                    dashed,
                } => {
                    let point = |x: f32| corner(pt(x), up(*y));
                    ops.extend([
                        Op::SetOutlineColor { col: grey(0.0) },
                        Op::SetOutlineThickness { pt: pt(*thickness) },
                        Op::SetLineDashPattern {
                            dash: dash(*dashed),
                        },
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
                Mark::Line {
                    from,
                    to,
                    thickness,
                    dashed,
                    grey: level,
                } => {
                    let point = |(x, y): (f32, f32)| corner(pt(x), up(y));
                    ops.extend([
                        Op::SetOutlineColor { col: grey(*level) },
                        Op::SetOutlineThickness { pt: pt(*thickness) },
                        Op::SetLineDashPattern {
                            dash: dash(*dashed),
                        },
                        Op::DrawLine {
                            line: Line {
                                points: vec![point(*from), point(*to)],
                                is_closed: false,
                            },
                        },
                    ]);
                }
                Mark::Stroke {
                    points,
                    thickness,
                    colour,
                    closed,
                } => ops.extend([
                    Op::SetOutlineColor { col: rgb(*colour) },
                    Op::SetOutlineThickness { pt: pt(*thickness) },
                    Op::SetLineDashPattern { dash: dash(false) },
                    Op::DrawLine {
                        line: Line {
                            points: points.iter().map(|&(x, y)| corner(pt(x), up(y))).collect(),
                            is_closed: *closed,
                        },
                    },
                ]),
                Mark::Fill { points, colour } => ops.extend([
                    Op::SetFillColor { col: rgb(*colour) },
                    Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing {
                                points: points.iter().map(|&(x, y)| corner(pt(x), up(y))).collect(),
                            }],
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    },
                    Op::SetFillColor { col: grey(0.0) },
                ]),
                Mark::Qr {
                    x,
                    y,
                    size,
                    modules,
                } => qr(&mut qr_content, pt(*x).0, up(*y).0, pt(*size).0, modules),
            }
        }
        if text_at.is_some() {
            ops.push(Op::EndTextSection);
        }
        if !qr_content.is_empty() {
            let id = doc.add_xobject(&form(&qr_content, pt(page.width).0, pt(page.height).0)?);
            ops.push(Op::UseXobject {
                id,
                transform: XObjectTransform::default(),
            });
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

/// A dashed line's pattern (3 pt on, 2 pt off), or a solid one.
fn dash(dashed: bool) -> LineDashPattern {
    if dashed {
        LineDashPattern::new(0.0, &[3.0, 2.0])
    } else {
        LineDashPattern::solid()
    }
}

/// A corner of a line or polygon, at (`x`, `y`) from the page's bottom-left corner.
fn corner(x: Pt, y: Pt) -> LinePoint {
    LinePoint {
        p: Point { x, y },
        bezier: false,
    }
}

/// Appends the drawing of a QR code whose top-left corner is at (`x`, `y`) pt (from the
/// page's bottom) and `size` pt wide: a matrix puts the module grid in place, each row moves
/// it one module down, and each run is a rectangle `x 0 len 1` in whole modules (the row
/// never written again: what deflate cannot predict is only where runs start and end), all
/// filled at once.
fn qr(content: &mut Vec<u8>, x: f32, y: f32, size: f32, modules: &QrModules) {
    let module = size / f32::from(modules.side.max(1));
    // Writing to a Vec cannot fail.
    let _ = writeln!(
        content,
        "q 0 g {} 0 0 {} {} {} cm",
        num(module),
        num(-module),
        num(x),
        num(y)
    );
    // A matrix may not change inside a path: each row is its own path, filled.
    let mut row = 0;
    let mut open = false;
    for run in &modules.runs {
        while row < run.y {
            if std::mem::take(&mut open) {
                content.extend_from_slice(b"f\n");
            }
            content.extend_from_slice(b"1 0 0 1 0 1 cm\n");
            row += 1;
        }
        let _ = writeln!(content, "{} 0 {} 1 re", run.x, run.len);
        open = true;
    }
    if open {
        content.extend_from_slice(b"f\n");
    }
    content.extend_from_slice(b"Q\n");
}

/// A form XObject covering a `width` × `height` pt page, drawing `content`, compressed here at
/// the default level, not lopdf's best (which leaves a stream with a filter alone).
fn form(content: &[u8], width: f32, height: f32) -> Result<ExternalXObject, PrintError> {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(content)
        .map_err(|e| PrintError::Pdf(e.to_string()))?;
    let content = encoder
        .finish()
        .map_err(|e| PrintError::Pdf(e.to_string()))?;
    Ok(ExternalXObject {
        stream: ExternalStream {
            dict: [
                ("Type".to_string(), name("XObject")),
                ("Subtype".to_string(), name("Form")),
                ("Filter".to_string(), name("FlateDecode")),
                (
                    "BBox".to_string(),
                    DictItem::Array(vec![
                        DictItem::Int(0),
                        DictItem::Int(0),
                        DictItem::Real(width),
                        DictItem::Real(height),
                    ]),
                ),
            ]
            .into_iter()
            .collect(),
            content,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    })
}
