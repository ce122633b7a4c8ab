use tikbill_chart::{drawing, svg, ChartKind, Shape, Theme};

use crate::support::{rects, revenue, several, texts, Svg};

#[test]
fn the_drawing_is_the_svg_in_shapes() {
    for kind in [ChartKind::Bars, ChartKind::Lines] {
        let chart = several(kind, 8, 3);
        let shapes = drawing(&chart, Theme::Dark, 720, 320).expect("it draws");
        assert_eq!((shapes.width, shapes.height), (720, 320));
        let svg = Svg::new(svg(&chart, Theme::Dark, 720, 320).expect("it draws"));
        assert_eq!(
            texts(&shapes.shapes),
            svg.texts(),
            "{kind:?}: the same texts in the same order"
        );
        for s in 0..3 {
            let colour = Theme::Dark.series(s);
            let bars = if kind == ChartKind::Bars { 8 } else { 0 };
            assert_eq!(
                (
                    rects(&shapes.shapes, colour),
                    svg.count("rect", "fill", colour)
                ),
                (bars + 1, bars + 1),
                "{kind:?} series {s}: its bars and its legend swatch"
            );
            let lines = shapes
                .shapes
                .iter()
                .filter(|shape| matches!(shape, Shape::Line { color, .. } if *color == colour))
                .count();
            let polylines = svg.count("polyline", "stroke", colour);
            let expect = usize::from(kind == ChartKind::Lines);
            assert_eq!(
                (lines, polylines),
                (expect, expect),
                "{kind:?} series {s}: lines"
            );
        }
        let bold: Vec<&str> = shapes
            .shapes
            .iter()
            .filter_map(|shape| match shape {
                Shape::Text {
                    text, bold: true, ..
                } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(bold, ["Customers by plan"], "the title alone is bold");
        match shapes.shapes.first() {
            Some(Shape::Rect {
                from, to, color, ..
            }) => {
                assert_eq!(
                    *color,
                    Theme::Dark.background(),
                    "the background comes first"
                );
                assert_eq!(
                    (*from, *to),
                    ((0.0, 0.0), (720.0, 320.0)),
                    "over the whole picture"
                );
            }
            other => panic!("the first shape is the background, not {other:?}"),
        }
    }
}

#[test]
fn bars_stand_on_zero_inside_the_picture() {
    let mut chart = revenue(12);
    chart.series[0].values[3] = -4000.0;
    let shapes = drawing(&chart, Theme::Light, 600, 300).expect("it draws");
    let bars: Vec<((f32, f32), (f32, f32))> = shapes
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect {
                from, to, color, ..
            } if *color == Theme::Light.series(0) => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), 12, "one bar a month");
    let zero = bars[0].1 .1;
    for (i, (from, to)) in bars.iter().enumerate() {
        assert!(
            from.0 < to.0 && from.1 <= to.1,
            "bar {i} is a proper rectangle"
        );
        assert!(
            from.0 >= 0.0 && to.0 <= 600.0 && from.1 >= 0.0 && to.1 <= 300.0,
            "bar {i} is in the picture"
        );
        if i == 3 {
            assert_eq!(from.1, zero, "the negative bar hangs from zero");
        } else {
            assert_eq!(to.1, zero, "bar {i} stands on zero");
        }
        if i > 0 {
            assert!(from.0 >= bars[i - 1].1 .0, "bars do not overlap");
        }
    }
    assert!(
        texts(&shapes.shapes).iter().any(|t| t.starts_with('-')),
        "the axis goes below zero"
    );
}
