use thiserror::Error;

/// Why a chart cannot be drawn. A chart with nothing to show is not an error: it draws "No data
/// for this period".
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ChartError {
    /// A series has more or fewer values than the chart has categories.
    #[error("the series {series:?} has {values} values for {categories} categories")]
    SeriesLength {
        series: String,
        values: usize,
        categories: usize,
    },
    /// A value is NaN or infinite.
    #[error("the series {series:?} has a value that is not a number ({value}) for {category:?}")]
    NotFinite {
        series: String,
        category: String,
        value: f64,
    },
    /// The picture is smaller than a chart can be read at, or larger than is sensible.
    #[error("a chart must be between {min_width} × {min_height} and {max} × {max} pixels, not {width} × {height}", min_width = crate::chart::MIN_WIDTH, min_height = crate::chart::MIN_HEIGHT, max = crate::chart::MAX_SIDE)]
    Size { width: u32, height: u32 },
    /// More series than the palette has colours, and than a reader can tell apart.
    #[error("a chart shows at most {max} series, not {count}", max = crate::chart::MAX_SERIES)]
    TooManySeries { count: usize },
    /// plotters refused to draw (a bug worth reporting: the inputs were checked).
    #[error("the chart could not be drawn: {0}")]
    Drawing(String),
}
