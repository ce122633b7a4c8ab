//! A chart on a page: the shapes of `tikbill_chart::drawing`, scaled from its pixels into a
//! box in millimetres, as the page's marks (its texts set in the document's font).

use tikbill_chart::{Drawing, Horizontal, Shape};

use crate::fonts::{Fonts, Style, MM_PER_PT};
use crate::layout::{Block, Mark};

/// The corners of the polygon standing for a circle.
const CIRCLE_CORNERS: usize = 16;

/// `drawing` as a block `width` mm wide from `left`, as tall as its proportions make it.
pub(crate) fn block(drawing: &Drawing, fonts: &Fonts, left: f32, width: f32) -> Block {
    let scale = width / drawing.width.max(1) as f32;
    let at = |(x, y): (f32, f32)| (left + x * scale, y * scale);
    let marks = drawing
        .shapes
        .iter()
        .filter_map(|shape| match shape {
            Shape::Line {
                points,
                color,
                width,
            } => (points.len() >= 2).then(|| Mark::Stroke {
                points: points.iter().copied().map(at).collect(),
                thickness: width * scale,
                colour: *color,
                closed: false,
            }),
            Shape::Rect {
                from,
                to,
                color,
                filled,
            } => {
                let corners = [*from, (to.0, from.1), *to, (from.0, to.1)];
                Some(area(
                    corners.into_iter().map(at).collect(),
                    *color,
                    *filled,
                    scale,
                ))
            }
            Shape::Polygon { points, color } => Some(Mark::Fill {
                points: points.iter().copied().map(at).collect(),
                colour: *color,
            }),
            Shape::Circle {
                center,
                radius,
                color,
                filled,
            } => {
                let corners = (0..CIRCLE_CORNERS)
                    .map(|i| {
                        let angle = i as f32 * std::f32::consts::TAU / CIRCLE_CORNERS as f32;
                        at((
                            center.0 + radius * angle.cos(),
                            center.1 + radius * angle.sin(),
                        ))
                    })
                    .collect();
                Some(area(corners, *color, *filled, scale))
            }
            Shape::Text {
                x,
                y,
                text,
                size,
                color,
                anchor,
                bold,
            } => {
                let size_pt = size * scale / MM_PER_PT;
                let style = if *bold {
                    Style::bold(size_pt)
                } else {
                    Style::regular(size_pt)
                };
                let text_width = fonts.width(&fonts.printable(text, style.weight), style);
                let shift = match anchor.horizontal {
                    Horizontal::Left => 0.0,
                    Horizontal::Center => text_width / 2.0,
                    Horizontal::Right => text_width,
                };
                let (x, baseline) = at((*x, anchor.baseline(*y, *size)));
                Some(Mark::Text {
                    x: x - shift,
                    baseline,
                    text: text.clone(),
                    style,
                    colour: *color,
                })
            }
        })
        .collect();
    Block {
        height: drawing.height as f32 * scale,
        marks,
    }
}

/// A filled polygon, or its one pixel wide outline.
fn area(points: Vec<(f32, f32)>, colour: tikbill_chart::Rgb, filled: bool, scale: f32) -> Mark {
    if filled {
        Mark::Fill { points, colour }
    } else {
        Mark::Stroke {
            points,
            thickness: scale,
            colour,
            closed: true,
        }
    }
}
