use tikbill_chart::{svg, ChartKind, Theme};

use crate::support::{out_dir, revenue, several, Svg, THEMES};

#[test]
fn a_month_of_revenue_is_a_bar_a_day_in_both_themes() {
    let chart = revenue(30);
    for (theme, name) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
        let text = svg(&chart, theme, 800, 400).expect("it draws");
        std::fs::write(out_dir().join(format!("chart-{name}.svg")), &text)
            .expect("the SVG is written");
        let svg = Svg::new(text);
        assert_eq!(
            svg.background(),
            theme.background().hex(),
            "{name}: the picture is filled with the theme's background first"
        );
        assert!(
            svg.texts().contains(&"Revenue, November 2026".to_string()),
            "{name}: the title is shown: {:?}",
            svg.texts()
        );
        assert!(svg.texts().contains(&"KES".to_string()), "{name}: the unit");
        assert_eq!(
            svg.count("rect", "fill", theme.series(0)),
            30,
            "{name}: one bar a day, no legend for one series"
        );
        assert!(
            svg.texts().contains(&"1 Nov".to_string()),
            "{name}: the first day is labelled"
        );
        for fill in svg.text_fills() {
            assert_eq!(
                fill,
                theme.text().hex(),
                "{name}: text in the theme's colour"
            );
        }
    }
}

#[test]
fn the_themes_differ_in_background_and_text() {
    let chart = revenue(7);
    let light = Svg::new(svg(&chart, Theme::Light, 600, 300).expect("it draws"));
    let dark = Svg::new(svg(&chart, Theme::Dark, 600, 300).expect("it draws"));
    assert_eq!(light.background(), "#ffffff");
    assert_eq!(dark.background(), "#1e1f24");
    assert_ne!(
        light.text_fills()[0],
        dark.text_fills()[0],
        "text colours differ"
    );
}

#[test]
fn grouped_bars_are_one_rect_per_category_and_series_plus_a_legend_swatch() {
    for theme in THEMES {
        let chart = several(ChartKind::Bars, 5, 3);
        let svg = Svg::new(svg(&chart, theme, 700, 350).expect("it draws"));
        for s in 0..3 {
            assert_eq!(
                svg.count("rect", "fill", theme.series(s)),
                5 + 1,
                "{theme:?} series {s}: five bars and its legend swatch"
            );
            assert!(
                svg.texts().contains(&format!("Plan {}", s + 1)),
                "the legend names series {s}"
            );
        }
    }
}

#[test]
fn lines_are_one_polyline_per_series_with_a_marker_per_value() {
    let chart = several(ChartKind::Lines, 6, 4);
    let svg = Svg::new(svg(&chart, Theme::Light, 800, 400).expect("it draws"));
    for s in 0..4 {
        let colour = Theme::Light.series(s);
        assert_eq!(
            svg.count("polyline", "stroke", colour),
            1,
            "series {s}: one line"
        );
        assert_eq!(
            svg.count("circle", "fill", colour),
            6,
            "series {s}: six markers"
        );
        assert_eq!(
            svg.count("rect", "fill", colour),
            1,
            "series {s}: its legend swatch"
        );
    }
}

#[test]
fn text_is_escaped() {
    let mut chart = revenue(3);
    chart.title = r#"Tom & Jerry's <b>"best"</b> month"#.into();
    chart.categories[0] = "<&>".into();
    chart.series[0].name = "a\u{0}b".into();
    let svg = Svg::new(svg(&chart, Theme::Light, 600, 300).expect("it draws"));
    assert!(
        svg.texts()
            .contains(&r#"Tom & Jerry's <b>"best"</b> month"#.to_string()),
        "the title reads back as given: {:?}",
        svg.texts()
    );
    assert!(svg.texts().contains(&"<&>".to_string()), "and the category");
}

#[test]
fn no_data_is_said_not_refused() {
    let mut empty = revenue(0);
    empty.series[0].values.clear();
    let mut no_series = revenue(5);
    no_series.series.clear();
    for (chart, why) in [(empty, "no categories"), (no_series, "no series")] {
        for theme in THEMES {
            let svg = Svg::new(svg(&chart, theme, 400, 200).expect("it draws"));
            assert!(
                svg.texts().contains(&"No data for this period".to_string()),
                "{why}: {:?}",
                svg.texts()
            );
            assert!(svg.texts().contains(&"Revenue, November 2026".to_string()));
            assert_eq!(svg.background(), theme.background().hex());
        }
    }
}
