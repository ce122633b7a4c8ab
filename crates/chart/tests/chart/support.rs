use std::path::PathBuf;

use tikbill_chart::{Chart, ChartKind, Rgb, Series, Shape, Theme};

/// Where the tests leave their SVGs: `target/tmp/chart/`.
pub fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chart");
    std::fs::create_dir_all(&dir).expect("the output dir can be made");
    dir
}

/// A month of takings: one value a day, "1 Nov" to "30 Nov".
pub fn revenue(days: usize) -> Chart {
    Chart {
        title: "Revenue, November 2026".into(),
        kind: ChartKind::Bars,
        categories: (1..=days).map(|d| format!("{d} Nov")).collect(),
        series: vec![Series {
            name: "M-Pesa".into(),
            values: (0..days)
                .map(|d| 12_000.0 + ((d * 7919) % 9000) as f64)
                .collect(),
        }],
        unit: "KES".into(),
    }
}

/// `series` series over `categories` categories, of `kind`.
pub fn several(kind: ChartKind, categories: usize, series: usize) -> Chart {
    Chart {
        title: "Customers by plan".into(),
        kind,
        categories: (0..categories).map(|c| format!("Week {}", c + 1)).collect(),
        series: (0..series)
            .map(|s| Series {
                name: format!("Plan {}", s + 1),
                values: (0..categories)
                    .map(|c| ((c * 31 + s * 17) % 40) as f64 + 1.0)
                    .collect(),
            })
            .collect(),
        unit: "customers".into(),
    }
}

/// A parsed SVG.
pub struct Svg {
    pub text: String,
}

impl Svg {
    pub fn new(text: String) -> Svg {
        roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
        Svg { text }
    }

    /// Runs `f` over the parsed document.
    pub fn with<T>(&self, f: impl FnOnce(&roxmltree::Document) -> T) -> T {
        let doc = roxmltree::Document::parse(&self.text).expect("the SVG is well-formed XML");
        f(&doc)
    }

    /// The elements called `tag` whose `attr` is `colour` (in any case).
    pub fn count(&self, tag: &str, attr: &str, colour: Rgb) -> usize {
        self.with(|doc| {
            doc.descendants()
                .filter(|n| n.has_tag_name(tag))
                .filter(|n| {
                    n.attribute(attr)
                        .is_some_and(|c| c.eq_ignore_ascii_case(&colour.hex()))
                })
                .count()
        })
    }

    /// Every `<text>`'s content, trimmed.
    pub fn texts(&self) -> Vec<String> {
        self.with(|doc| {
            doc.descendants()
                .filter(|n| n.has_tag_name("text"))
                .map(|n| n.text().unwrap_or_default().trim().to_string())
                .collect()
        })
    }

    /// The fill of the first rectangle: the background.
    pub fn background(&self) -> String {
        self.with(|doc| {
            doc.descendants()
                .find(|n| n.has_tag_name("rect"))
                .and_then(|n| n.attribute("fill"))
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
    }

    /// The fills of every `<text>`.
    pub fn text_fills(&self) -> Vec<String> {
        self.with(|doc| {
            doc.descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.attribute("fill"))
                .map(str::to_ascii_lowercase)
                .collect()
        })
    }
}

/// How many filled rectangles of `colour` the drawing has.
pub fn rects(shapes: &[Shape], colour: Rgb) -> usize {
    shapes
        .iter()
        .filter(|s| matches!(s, Shape::Rect { color, filled: true, .. } if *color == colour))
        .count()
}

/// The texts of the drawing.
pub fn texts(shapes: &[Shape]) -> Vec<String> {
    shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Both themes.
pub const THEMES: [Theme; 2] = [Theme::Light, Theme::Dark];
