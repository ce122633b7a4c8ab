//! The category (x) axis's labels: as many as fit side by side without touching (and at most
//! [`MOST_LABELS`]), every `stride`-th category from the first, each shortened with "…" when
//! it is long.

use crate::text::{printable, shortened, width};

/// The most labels the x axis shows, however wide the chart.
pub(crate) const MOST_LABELS: usize = 20;

/// The labels of a category axis.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CategoryLabels {
    /// Every `stride`-th category is labelled, from the first.
    pub stride: usize,
    /// Each category's label, printable and shortened.
    pub texts: Vec<String>,
    /// The width of the widest label, in pixels.
    pub widest: f32,
}

impl CategoryLabels {
    /// Labels of `categories` at `size` pixels along an axis `length` pixels long. When
    /// shortening the labels to their categories' room (to six characters at the least)
    /// lets every category be labelled, they are; otherwise every `stride`-th is, shortened
    /// only when longer than ten ems or a quarter of the axis.
    pub fn new(categories: &[String], size: f32, length: f32) -> CategoryLabels {
        let count = categories.len().max(1);
        let slot = length.max(1.0) / count as f32;
        let longest = (length / 4.0).min(size * 10.0).max(width("123456", size));
        let squeezed =
            CategoryLabels::shortened(categories, size, slot, (slot - size).min(longest));
        if squeezed.stride == 1 {
            squeezed
        } else {
            CategoryLabels::shortened(categories, size, slot, longest)
        }
    }

    /// Labels no wider than `longest` (or six characters), every `stride`-th one shown so
    /// that labels `slot` pixels apart do not touch.
    fn shortened(categories: &[String], size: f32, slot: f32, longest: f32) -> CategoryLabels {
        let longest = longest.max(width("123456", size));
        let texts: Vec<String> = categories
            .iter()
            .map(|c| shortened(&printable(c), size, longest))
            .collect();
        let widest = texts.iter().map(|t| width(t, size)).fold(0.0, f32::max);
        let apart = ((widest + size) / slot).ceil() as usize;
        let stride = apart.max(categories.len().div_ceil(MOST_LABELS)).max(1);
        CategoryLabels {
            stride,
            texts,
            widest,
        }
    }

    /// The indices of the labelled categories.
    pub fn shown(&self) -> impl Iterator<Item = usize> {
        (0..self.texts.len()).step_by(self.stride)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_touch() {
        for (count, length) in [
            (1, 300.0),
            (12, 660.0),
            (31, 660.0),
            (52, 660.0),
            (365, 200.0),
        ] {
            let categories: Vec<String> = (1..=count).map(|d| format!("{d} Nov")).collect();
            let labels = CategoryLabels::new(&categories, 12.0, length);
            let shown = labels.shown().count();
            assert!(
                (1..=MOST_LABELS).contains(&shown),
                "{count}: {shown} labels"
            );
            let apart = length / count as f32 * labels.stride as f32;
            assert!(
                apart >= labels.widest + 12.0 - 1e-3,
                "{count} categories in {length} px: labels {apart} px apart are {} px wide",
                labels.widest
            );
        }
        let labels = CategoryLabels::new(&["January".into(), "February".into()], 12.0, 660.0);
        assert_eq!(labels.stride, 1, "two labels fit");
        let long = CategoryLabels::new(&["A very long category name indeed".into()], 12.0, 660.0);
        assert!(
            long.texts[0].ends_with('…'),
            "{:?} is shortened",
            long.texts[0]
        );
        let days: Vec<String> = (1..=365).map(|d| format!("day {d}")).collect();
        let year = CategoryLabels::new(&days, 12.0, 600.0);
        assert_eq!(
            year.texts[105], "day 106",
            "labels that are skipped anyway keep their text"
        );
        let four: Vec<String> = ["Q1", "A rather long second quarter name", "Q3", "Q4"]
            .map(String::from)
            .into();
        let four = CategoryLabels::new(&four, 12.0, 300.0);
        assert_eq!(
            four.stride, 1,
            "a few categories are all labelled: {four:?}"
        );
        assert!(
            four.texts[1].ends_with('…'),
            "the long one shortened to its room"
        );
    }
}
