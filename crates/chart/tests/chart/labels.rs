use tikbill_chart::{drawing, Anchor, ChartKind, Drawing, Horizontal, Shape, Theme, Vertical};

use crate::support::revenue;

/// The x labels of a drawing: the lowest texts hung from their top, with their x and size.
fn x_labels(shapes: &[Shape]) -> Vec<(f32, f32, String)> {
    let hung: Vec<(f32, f32, f32, String)> = shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text {
                x,
                y,
                size,
                text,
                anchor:
                    Anchor {
                        horizontal: Horizontal::Center,
                        vertical: Vertical::Top,
                    },
                ..
            } => Some((*x, *y, *size, text.clone())),
            _ => None,
        })
        .collect();
    let lowest = hung.iter().map(|t| t.1).fold(0.0, f32::max);
    hung.into_iter()
        .filter(|t| t.1 == lowest)
        .map(|(x, _, size, text)| (x, size, text))
        .collect()
}

/// Labels are estimated at 0.62 em a character, a little wider than DejaVu Sans's digits.
fn width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * 0.62 * size
}

#[test]
fn a_year_of_days_shows_a_few_labels_that_do_not_touch() {
    for (days, width_px) in [(365, 800), (365, 300), (31, 720), (52, 600), (12, 400)] {
        let mut chart = revenue(days);
        chart.categories = (1..=days).map(|d| format!("{d} Nov")).collect();
        let shapes = drawing(&chart, Theme::Light, width_px, 300).expect("it draws");
        let labels = x_labels(&shapes.shapes);
        assert!(
            !labels.is_empty() && labels.len() <= 20,
            "{days} days at {width_px} px: {} labels",
            labels.len()
        );
        for pair in labels.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                a.0 + width(&a.2, a.1) / 2.0 < b.0 - width(&b.2, b.1) / 2.0,
                "{days} days at {width_px} px: {:?} and {:?} do not overlap",
                a.2,
                b.2
            );
        }
        for (x, size, text) in &labels {
            assert!(
                x - width(text, *size) / 2.0 >= 0.0
                    && x + width(text, *size) / 2.0 <= width_px as f32,
                "{text:?} is within the picture"
            );
        }
    }
}

#[test]
fn long_labels_are_shortened() {
    let mut chart = revenue(4);
    chart.categories[1] = "A category with a very long name that goes on and on Nov".into();
    chart.kind = ChartKind::Lines;
    let shapes = drawing(&chart, Theme::Light, 600, 300).expect("it draws");
    let labels = x_labels(&shapes.shapes);
    assert!(
        labels
            .iter()
            .any(|(_, _, t)| t.ends_with('…') && t.starts_with("A category")),
        "{labels:?}"
    );
}

/// The value axis's labels: the texts set right of their x.
fn y_ticks(drawing: &Drawing) -> Vec<String> {
    drawing
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text { text, anchor, .. } if anchor.horizontal == Horizontal::Right => {
                Some(text.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn tick_labels_have_no_float_noise() {
    let mut chart = revenue(3);
    chart.series[0].values = vec![0.1 + 0.2, 0.1, 0.7 * 3.0];
    chart.unit = String::new();
    let shapes = drawing(&chart, Theme::Light, 600, 300).expect("it draws");
    let ticks = y_ticks(&shapes);
    assert!(ticks.len() >= 3, "{ticks:?}");
    assert_eq!(ticks[0], "0", "the axis starts at zero");
    for tick in &ticks {
        assert!(tick.len() <= 4, "{tick:?} is short: {ticks:?}");
        let value: f64 = tick.parse().expect("a plain number");
        assert!((0.0..=3.0).contains(&value), "{tick}");
    }

    chart.series[0].values = vec![1_200.0, 3_400_000.0, 999.0];
    let shapes = drawing(&chart, Theme::Light, 600, 300).expect("it draws");
    let texts = y_ticks(&shapes);
    assert!(
        texts.contains(&"1M".to_string()) && texts.contains(&"3M".to_string()),
        "{texts:?}"
    );
}
