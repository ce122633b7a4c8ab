//! What a chart shows, as plain data, and the checks it must pass before it is drawn.

use crate::error::ChartError;

/// The smallest picture a chart is drawn in, in pixels.
pub const MIN_WIDTH: u32 = 120;
/// The smallest picture height a chart is drawn in, in pixels.
pub const MIN_HEIGHT: u32 = 80;
/// The longest side a chart is drawn with, in pixels.
pub const MAX_SIDE: u32 = 8000;
/// The most series one chart shows: one colour each from its theme's palette.
pub const MAX_SERIES: usize = 12;

/// How the values are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartKind {
    /// One bar per value from zero; several series stand side by side in each category.
    #[default]
    Bars,
    /// One line per series through its values, with a marker on each value.
    Lines,
}

/// One named row of values: one value per category of its chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// Shown in the legend (when there is more than one series).
    pub name: String,
    /// The values, in the order of the chart's categories; finite, any sign.
    pub values: Vec<f64>,
}

/// A chart: categories along the x axis, values up the y axis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    /// Shown at the top.
    pub title: String,
    pub kind: ChartKind,
    /// The x axis, e.g. the days of a month; labels that do not fit are left out or shortened.
    pub categories: Vec<String>,
    /// At most [`MAX_SERIES`], each with one value per category.
    pub series: Vec<Series>,
    /// What the values count, shown above the y axis, e.g. "KES" or "customers".
    pub unit: String,
}

impl Chart {
    /// Whether there is nothing to draw: no categories or no series.
    pub(crate) fn is_empty(&self) -> bool {
        self.categories.is_empty() || self.series.is_empty()
    }
}

/// Checks that `chart` can be drawn `width` × `height` pixels.
pub(crate) fn check(chart: &Chart, width: u32, height: u32) -> Result<(), ChartError> {
    if !(MIN_WIDTH..=MAX_SIDE).contains(&width) || !(MIN_HEIGHT..=MAX_SIDE).contains(&height) {
        return Err(ChartError::Size { width, height });
    }
    if chart.series.len() > MAX_SERIES {
        return Err(ChartError::TooManySeries {
            count: chart.series.len(),
        });
    }
    for series in &chart.series {
        if series.values.len() != chart.categories.len() {
            return Err(ChartError::SeriesLength {
                series: series.name.clone(),
                values: series.values.len(),
                categories: chart.categories.len(),
            });
        }
        let bad = series
            .values
            .iter()
            .zip(&chart.categories)
            .find(|(value, _)| !value.is_finite());
        if let Some((value, category)) = bad {
            return Err(ChartError::NotFinite {
                series: series.name.clone(),
                category: category.clone(),
                value: *value,
            });
        }
    }
    Ok(())
}
