use proptest::prelude::*;
use tikbill_chart::{drawing, svg, Chart, ChartKind, Series, Theme};

fn chart() -> impl Strategy<Value = Chart> {
    let value = prop_oneof![
        -1e6..1e6_f64,
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        Just(0.0),
    ];
    (0_usize..40, 1_usize..5)
        .prop_flat_map(move |(categories, series)| {
            (
                ".*",
                any::<bool>(),
                proptest::collection::vec(".*", categories),
                proptest::collection::vec(
                    (".*", proptest::collection::vec(value.clone(), categories)),
                    series,
                ),
                ".*",
            )
        })
        .prop_map(|(title, lines, categories, series, unit)| Chart {
            title,
            kind: if lines {
                ChartKind::Lines
            } else {
                ChartKind::Bars
            },
            categories,
            series: series
                .into_iter()
                .map(|(name, values)| Series { name, values })
                .collect(),
            unit,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_finite_chart_draws(chart in chart(), width in 120_u32..1600, height in 80_u32..900, dark in any::<bool>()) {
        let theme = if dark { Theme::Dark } else { Theme::Light };
        let text = svg(&chart, theme, width, height).expect("a finite chart draws");
        prop_assert!(roxmltree::Document::parse(&text).is_ok(), "the SVG is well-formed");
        let shapes = drawing(&chart, theme, width, height).expect("and as shapes");
        prop_assert!(!shapes.shapes.is_empty());
    }
}
