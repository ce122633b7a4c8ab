use tikbill_chart::{drawing, svg, Chart, ChartError, Series, Theme};

use crate::support::{revenue, several};

fn check(chart: &Chart, width: u32, height: u32, expect: ChartError, why: &str) {
    assert_eq!(
        svg(chart, Theme::Light, width, height),
        Err(expect.clone()),
        "svg: {why}"
    );
    assert_eq!(
        drawing(chart, Theme::Dark, width, height),
        Err(expect),
        "drawing: {why}"
    );
}

#[test]
fn what_cannot_be_drawn_is_refused() {
    let mut short = revenue(5);
    short.series[0].values.pop();
    check(
        &short,
        600,
        300,
        ChartError::SeriesLength {
            series: "M-Pesa".into(),
            values: 4,
            categories: 5,
        },
        "a value short",
    );
    let mut long = revenue(0);
    long.series[0].values = vec![1.0];
    check(
        &long,
        600,
        300,
        ChartError::SeriesLength {
            series: "M-Pesa".into(),
            values: 1,
            categories: 0,
        },
        "values without categories",
    );
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut chart = revenue(5);
        chart.series[0].values[2] = bad;
        let result = svg(&chart, Theme::Light, 600, 300);
        assert!(
            matches!(&result, Err(ChartError::NotFinite { series, category, .. }) if series == "M-Pesa" && category == "3 Nov"),
            "{bad} is refused: {result:?}"
        );
    }
    for (width, height) in [(119, 300), (600, 79), (8001, 300), (600, 8001), (0, 0)] {
        check(
            &revenue(5),
            width,
            height,
            ChartError::Size { width, height },
            "a picture too small or too large",
        );
    }
    check(
        &several(tikbill_chart::ChartKind::Bars, 3, 13),
        600,
        300,
        ChartError::TooManySeries { count: 13 },
        "thirteen series",
    );
    assert!(svg(
        &several(tikbill_chart::ChartKind::Bars, 3, 12),
        Theme::Light,
        600,
        300
    )
    .is_ok());
    assert!(
        svg(&revenue(5), Theme::Light, 120, 80).is_ok(),
        "the smallest picture"
    );
    assert!(
        svg(&revenue(5), Theme::Light, 8000, 8000).is_ok(),
        "the largest picture"
    );
    let message = ChartError::Size {
        width: 1,
        height: 2,
    }
    .to_string();
    assert_eq!(
        message,
        "a chart must be between 120 × 80 and 8000 × 8000 pixels, not 1 × 2"
    );
    let _ = Series::default();
}
