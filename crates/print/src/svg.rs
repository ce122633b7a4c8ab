//! Writes laid-out pages as SVG, the same drawing as `pdf.rs` for a preview on screen: one
//! self-contained document per page, its viewBox in mm, text as `<text>` in DejaVu Sans (the
//! font the PDF embeds), QR codes as paths of whole modules, the logo as a `data:` URI.

use std::fmt::Write;

use crate::fonts::{Fonts, Weight, MM_PER_PT};
use crate::layout::{decimal as num, Mark, Page, BLACK};

/// The dash of a dashed line, as in the PDF: 3 pt on, 2 pt off.
const DASH: (f32, f32) = (3.0 * MM_PER_PT, 2.0 * MM_PER_PT);

/// The SVG of `page`. `logo` is the logo as a `data:` URI, drawn wherever the page has a
/// [`Mark::Logo`].
pub(crate) fn write(page: &Page, fonts: &Fonts, logo: Option<&str>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" xml:space="preserve">"#,
        w = num(page.width),
        h = num(page.height)
    );
    let _ = write!(
        out,
        r##"<rect width="{}" height="{}" fill="#fff"/>"##,
        num(page.width),
        num(page.height)
    );
    if let Some(uri) = logo.filter(|_| page.marks.iter().any(|m| matches!(m, Mark::Logo { .. }))) {
        let _ = write!(
            out,
            r#"<defs><symbol id="logo" viewBox="0 0 1 1" preserveAspectRatio="none"><image width="1" height="1" preserveAspectRatio="none" href="{uri}" xlink:href="{uri}"/></symbol></defs>"#
        );
    }
    for mark in &page.marks {
        match mark {
            Mark::Text {
                x,
                baseline,
                text,
                style,
                colour,
            } => {
                let weight = match style.weight {
                    Weight::Regular => "",
                    Weight::Bold => r#" font-weight="bold""#,
                };
                let fill = if *colour == BLACK {
                    String::new()
                } else {
                    format!(r#" fill="{}""#, colour.hex())
                };
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" font-family="DejaVu Sans, sans-serif" font-size="{}"{weight}{fill}>{}</text>"#,
                    num(*x),
                    num(*baseline),
                    num(style.size * MM_PER_PT),
                    escape(&fonts.printable(text, style.weight))
                );
            }
            Mark::Stroke {
                points,
                thickness,
                colour,
                closed,
            } => {
                let tag = if *closed { "polygon" } else { "polyline" };
                let _ = write!(
                    out,
                    r#"<{tag} points="{}" fill="none" stroke="{}" stroke-width="{}"/>"#,
                    path(points),
                    colour.hex(),
                    num(*thickness)
                );
            }
            Mark::Fill { points, colour } => {
                let _ = write!(
                    out,
                    r#"<polygon points="{}" fill="{}"/>"#,
                    path(points),
                    colour.hex()
                );
            }
            Mark::Rule {
                x1,
                x2,
                y,
                thickness,
                dashed,
            } => line(&mut out, (*x1, *y), (*x2, *y), *thickness, *dashed, 0.0),
            Mark::Line {
                from,
                to,
                thickness,
                dashed,
                grey,
            } => line(&mut out, *from, *to, *thickness, *dashed, *grey),
            Mark::Frame {
                x,
                y,
                width,
                height,
                thickness,
            } => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="black" stroke-width="{}"/>"#,
                    num(*x),
                    num(*y),
                    num(*width),
                    num(*height),
                    num(*thickness)
                );
            }
            Mark::Shade {
                x,
                y,
                width,
                height,
                grey,
            } => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                    num(*x),
                    num(*y),
                    num(*width),
                    num(*height),
                    colour(*grey)
                );
            }
            Mark::Logo {
                x,
                y,
                width,
                height,
            } => {
                if logo.is_some() {
                    let _ = write!(
                        out,
                        r##"<use href="#logo" xlink:href="#logo" x="{}" y="{}" width="{}" height="{}"/>"##,
                        num(*x),
                        num(*y),
                        num(*width),
                        num(*height)
                    );
                }
            }
            Mark::Qr {
                x,
                y,
                size,
                modules,
            } => {
                let module = size / f32::from(modules.side.max(1));
                let _ = write!(
                    out,
                    r#"<path class="qr" transform="translate({} {}) scale({})" shape-rendering="crispEdges" d=""#,
                    num(*x),
                    num(*y),
                    num(module)
                );
                for run in &modules.runs {
                    let _ = write!(out, "M{} {}h{}v1h-{}z", run.x, run.y, run.len, run.len);
                }
                out.push_str(r#""/>"#);
            }
        }
    }
    out.push_str("</svg>");
    out
}

fn line(
    out: &mut String,
    from: (f32, f32),
    to: (f32, f32),
    thickness: f32,
    dashed: bool,
    grey: f32,
) {
    let dash = if dashed {
        format!(r#" stroke-dasharray="{} {}""#, num(DASH.0), num(DASH.1))
    } else {
        String::new()
    };
    let _ = write!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{dash}/>"#,
        num(from.0),
        num(from.1),
        num(to.0),
        num(to.1),
        colour(grey),
        num(thickness)
    );
}

/// `points` as an SVG `points` attribute.
fn path(points: &[(f32, f32)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{},{}", num(x), num(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A grey level (0 black, 1 white) as an SVG colour.
fn colour(grey: f32) -> String {
    let level = (grey.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{level:02x}{level:02x}{level:02x}")
}

/// `text` safe inside an XML element: markup escaped, control characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `bytes` in standard Base64, padded.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, expect) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expect, "RFC 4648 for {input:?}");
        }
    }

    #[test]
    fn chart_marks_keep_their_colours() {
        let fonts = Fonts::load().unwrap();
        let blue = tikbill_chart::Rgb(0x1f, 0x6f, 0xd1);
        let page = Page {
            width: 100.0,
            height: 50.0,
            marks: vec![
                Mark::Fill {
                    points: vec![(1.0, 1.0), (5.0, 1.0), (5.0, 9.0)],
                    colour: blue,
                },
                Mark::Stroke {
                    points: vec![(0.0, 0.0), (10.0, 10.5)],
                    thickness: 0.25,
                    colour: blue,
                    closed: false,
                },
                Mark::Text {
                    x: 1.0,
                    baseline: 20.0,
                    text: "KES".into(),
                    style: crate::fonts::Style::regular(9.0),
                    colour: tikbill_chart::Rgb(0x21, 0x25, 0x29),
                },
            ],
        };
        let svg = write(&page, &fonts, None);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let find = |tag: &str| doc.descendants().find(|n| n.has_tag_name(tag)).unwrap();
        assert_eq!(find("polygon").attribute("fill"), Some("#1f6fd1"));
        assert_eq!(find("polygon").attribute("points"), Some("1,1 5,1 5,9"));
        assert_eq!(find("polyline").attribute("stroke"), Some("#1f6fd1"));
        assert_eq!(find("polyline").attribute("points"), Some("0,0 10,10.5"));
        assert_eq!(find("text").attribute("fill"), Some("#212529"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\"\u{7}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(num(1.5000), "1.5");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(colour(0.6), "#999999");
    }
}
