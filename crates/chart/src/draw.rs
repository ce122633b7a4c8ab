//! The one drawing of a chart, generic over the plotters backend: the SVG backend for the
//! window, the [`Recorder`](crate::recorder::Recorder) for the PDF reports.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, TextStyle};
use plotters_backend::DrawingBackend;

use crate::chart::{check, Chart};
use crate::error::ChartError;
use crate::text::{printable, shortened};
use crate::theme::{Rgb, Theme};

/// What is said where there is nothing to draw.
pub(crate) const NO_DATA: &str = "No data for this period";

/// plotters' text sizes are 1.24 times the font size it writes.
const PLOTTERS_TEXT_SCALE: f32 = 1.24;

/// The sizes of a chart's texts and spaces, in pixels, from the size of its picture.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sizes {
    pub width: f32,
    pub height: f32,
    /// Labels, the legend and the unit.
    pub text: f32,
    pub title: f32,
    /// The space around the chart and between its parts.
    pub pad: f32,
}

impl Sizes {
    fn of(width: u32, height: u32) -> Sizes {
        let (width, height) = (width as f32, height as f32);
        let text = (width.min(2.0 * height) / 50.0).clamp(8.0, 14.0);
        Sizes {
            width,
            height,
            text,
            title: text * 1.25,
            pad: text,
        }
    }
}

/// What the parts of one drawing share: where it is drawn, what, in which look and sizes.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    pub root: &'a DrawingArea<DB, Shift>,
    pub chart: &'a Chart,
    pub theme: Theme,
    pub sizes: Sizes,
}

/// A text style: `size` pixels (as the SVG writes it), `color`, placed by `h` and `v`.
pub(crate) fn font(size: f32, bold: bool, color: Rgb, h: HPos, v: VPos) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(
        FontFamily::SansSerif,
        f64::from(size * PLOTTERS_TEXT_SCALE),
        style,
    )
    .color(&color.plotters())
    .pos(Pos::new(h, v))
}

/// plotters' error, as ours.
pub(crate) fn failed<E: std::error::Error + Send + Sync>(
    error: DrawingAreaErrorKind<E>,
) -> ChartError {
    ChartError::Drawing(error.to_string())
}

/// Draws `chart` over the whole of `root` (after checking it can be drawn at that size).
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    theme: Theme,
) -> Result<(), ChartError> {
    let (width, height) = root.dim_in_pixel();
    check(chart, width, height)?;
    let sizes = Sizes::of(width, height);
    root.fill(&theme.background().plotters()).map_err(failed)?;

    let mut top = sizes.pad * 0.6;
    let title = printable(&chart.title);
    if !title.is_empty() {
        let title = shortened(&title, sizes.title, sizes.width - 2.0 * sizes.pad);
        let style = font(sizes.title, true, theme.text(), HPos::Center, VPos::Top);
        root.draw_text(&title, &style, ((sizes.width / 2.0) as i32, top as i32))
            .map_err(failed)?;
        top += sizes.title * 1.3;
    }

    if chart.is_empty() {
        let style = font(sizes.text, false, theme.text(), HPos::Center, VPos::Center);
        let middle = (top + sizes.height) / 2.0;
        let text = shortened(NO_DATA, sizes.text, sizes.width - 2.0 * sizes.pad);
        root.draw_text(&text, &style, ((sizes.width / 2.0) as i32, middle as i32))
            .map_err(failed)?;
        return Ok(());
    }

    let canvas = Canvas {
        root,
        chart,
        theme,
        sizes,
    };
    if chart.series.len() > 1 {
        top = crate::legend::draw(&canvas, top + sizes.pad * 0.2)?;
    }
    crate::plot::draw(&canvas, top)
}
