//! Charts for tikbill's reports: a [`Chart`] (categories, series of values, a unit) drawn by
//! plotters in a [`Theme`], as SVG for the window ([`svg`]) and as a list of whole shapes
//! ([`drawing`]) that the PDF reports draw in their own way. Both come from the same plotters
//! code over two backends, so the window and the paper show the very same drawing.
//!
//! Pure: no I/O, no clock, no fonts (text is measured by estimate and written as SVG `<text>`
//! in the reader's sans-serif face). It depends on nothing of tikbill's.

mod categories;
mod chart;
mod draw;
mod error;
mod legend;
mod plot;
mod recorder;
mod scale;
mod shape;
mod text;
mod theme;
mod ticked;

pub use chart::{Chart, ChartKind, Series, MAX_SERIES, MAX_SIDE, MIN_HEIGHT, MIN_WIDTH};
pub use error::ChartError;
pub use shape::{Anchor, Drawing, Horizontal, Shape, Vertical};
pub use theme::{Rgb, Theme};

use plotters::backend::SVGBackend;
use plotters::drawing::IntoDrawingArea;

use crate::draw::failed;
use crate::recorder::Recorder;

/// `chart` as an SVG document `width` × `height` pixels (its viewBox), in `theme`.
pub fn svg(chart: &Chart, theme: Theme, width: u32, height: u32) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw::draw(&root, chart, theme)?;
        root.present().map_err(failed)?;
    }
    Ok(out)
}

/// `chart` as the shapes of the same drawing as [`svg`], in the same pixels.
pub fn drawing(
    chart: &Chart,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<Drawing, ChartError> {
    let mut shapes = Vec::new();
    {
        let root = Recorder {
            size: (width, height),
            shapes: &mut shapes,
        }
        .into_drawing_area();
        draw::draw(&root, chart, theme)?;
        root.present().map_err(failed)?;
    }
    Ok(Drawing {
        width,
        height,
        shapes,
    })
}
