//! The value (y) axis: a range from zero (or below, for negative values) to a little above the
//! largest value, in round steps, and the compact labels of its ticks.
//!
//! The chart is plotted in units of one step, so that every tick is a whole number and its
//! label is that number times the step, formatted for the step: no float noise (0.3, not
//! 0.30000000000000004), and no overflow however large the values.

/// The ticks of the value axis: `low`, `low + 1`, … `high` steps of `step`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ValueAxis {
    pub step: f64,
    pub low: i32,
    pub high: i32,
}

/// The room left above the largest value (and below the smallest, when negative), as a part of
/// the values' span.
const HEADROOM: f64 = 0.05;

impl ValueAxis {
    /// An axis that holds 0 and every one of `values` (finite) in about `intervals` steps.
    pub fn new(values: impl IntoIterator<Item = f64>, intervals: u32) -> ValueAxis {
        let (min, max) = values
            .into_iter()
            .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // Halves first: max - min may overflow.
        let half_span = max / 2.0 - min / 2.0;
        let raw = half_span / (f64::from(intervals.max(1)) / 2.0);
        let step = round_step(raw);
        let (top, bottom) = (max / step, min / step);
        let room = HEADROOM * (top - bottom);
        let high = if top > 0.0 { (top + room).ceil() } else { 0.0 };
        let low = if bottom < 0.0 {
            (bottom - room).floor()
        } else {
            0.0
        };
        // Saturating casts; in practice a handful of steps either way.
        let (low, high) = (low as i32, high as i32);
        ValueAxis {
            step,
            low,
            high: if high > low { high } else { low + 1 },
        }
    }

    /// `value` in steps, the unit the chart is plotted in.
    pub fn units(&self, value: f64) -> f64 {
        value / self.step
    }

    /// Every tick, in steps.
    pub fn ticks(&self) -> Vec<f64> {
        (self.low..=self.high).map(f64::from).collect()
    }

    /// The label of the tick `units` steps from zero.
    pub fn label(&self, units: f64) -> String {
        compact(units.round() * self.step, self.step)
    }
}

/// The round step (1, 2 or 5 times a power of ten) nearest above `raw`; 1 when `raw` is zero
/// or too small or large for one.
fn round_step(raw: f64) -> f64 {
    if !raw.is_normal() {
        return 1.0;
    }
    let power = 10_f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * power);
    if step.is_normal() {
        step
    } else {
        raw
    }
}

/// `value` in few characters, its decimals those `step` needs: "0", "850", "0.3", "1.2k",
/// "3.4M", "2B", "1T", and "1.2e15" beyond.
pub(crate) fn compact(value: f64, step: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    let magnitude = value.abs();
    if magnitude >= 1e15 {
        return format!("{value:.1e}");
    }
    let (divisor, suffix) = UNITS
        .into_iter()
        .find(|(d, _)| magnitude >= *d)
        .unwrap_or((1.0, ""));
    let scaled_step = (step / divisor).abs();
    // The fewest decimals (at most six) that write the step exactly.
    let decimals = (0..=6_i32)
        .find(|d| {
            let shifted = scaled_step * 10_f64.powi(*d);
            (shifted - shifted.round()).abs() <= 1e-6 * shifted.max(1.0)
        })
        .unwrap_or(6) as usize;
    let text = format!("{:.*}", decimals, value / divisor);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    match text {
        "-0" | "" => "0".to_string(),
        text => format!("{text}{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64], intervals: u32, expect: &[&str], why: &str) {
        let axis = ValueAxis::new(values.iter().copied(), intervals);
        let labels: Vec<String> = axis.ticks().iter().map(|t| axis.label(*t)).collect();
        assert_eq!(labels, expect, "{why}");
    }

    #[test]
    fn axes_hold_zero_and_every_value_in_round_steps() {
        check(
            &[1200.0, 3400.0],
            5,
            &["0", "1k", "2k", "3k", "4k"],
            "thousands",
        );
        check(
            &[0.1 + 0.2],
            3,
            &["0", "0.1", "0.2", "0.3", "0.4"],
            "no float noise",
        );
        check(
            &[-250.0, 900.0],
            4,
            &["-500", "0", "500", "1k"],
            "negative values take the axis below zero",
        );
        check(&[0.0, 0.0], 5, &["0", "1"], "all zero still has an axis");
        check(
            &[-3.0],
            3,
            &["-4", "-3", "-2", "-1", "0"],
            "all negative ends at zero",
        );
        check(
            &[3_400_000.0],
            4,
            &["0", "1M", "2M", "3M", "4M"],
            "millions",
        );
        check(
            &[98.0],
            5,
            &["0", "20", "40", "60", "80", "100", "120"],
            "headroom",
        );
    }

    #[test]
    fn labels_are_compact() {
        for (value, step, expect) in [
            (0.0, 1.0, "0"),
            (850.0, 50.0, "850"),
            (999.0, 1.0, "999"),
            (1000.0, 500.0, "1k"),
            (1500.0, 500.0, "1.5k"),
            (1250.0, 250.0, "1.25k"),
            (-1500.0, 500.0, "-1.5k"),
            (3_400_000.0, 200_000.0, "3.4M"),
            (2e9, 1e9, "2B"),
            (1e12, 1e12, "1T"),
            (1.2e15, 1e14, "1.2e15"),
            (0.30000000000000004, 0.1, "0.3"),
            (0.05, 0.05, "0.05"),
            (-0.0, 0.1, "0"),
        ] {
            assert_eq!(compact(value, step), expect, "{value} in steps of {step}");
        }
    }

    #[test]
    fn extreme_values_stay_finite() {
        for values in [
            vec![f64::MAX, -f64::MAX],
            vec![f64::MAX],
            vec![f64::MIN_POSITIVE / 1e10],
            vec![1e-300, -1e-300],
        ] {
            let axis = ValueAxis::new(values.iter().copied(), 5);
            assert!(axis.step.is_finite() && axis.step > 0.0, "{values:?}");
            assert!(
                axis.low <= 0 && axis.high > axis.low,
                "{values:?}: {axis:?}"
            );
            for v in &values {
                let u = axis.units(*v);
                assert!(
                    u.is_finite()
                        && u >= f64::from(axis.low) - 1e-9
                        && u <= f64::from(axis.high) + 1e-9,
                    "{v} is on the axis {axis:?}"
                );
            }
        }
    }
}
