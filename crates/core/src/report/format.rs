//! How a report writes its numbers: money exact with its currency's digits, counts with
//! thousands separators, shares as percentages worked out in integers.

use rust_decimal::Decimal;

use crate::money::from_e4;

/// Money stored as 1/10,000 units, as people read it in `currency` ("1,500.00").
pub(crate) fn money(e4: i64, currency: &str) -> String {
    tikbill_api::money::format_amount(&from_e4(e4).to_string(), currency)
}

/// The exact amount, for charts and CSV ("1500.5").
pub(crate) fn amount(e4: i64) -> Decimal {
    from_e4(e4)
}

/// A count with thousands separators.
pub(crate) fn count(n: i64) -> String {
    tikbill_api::money::format_amount(&n.to_string(), "JPY")
}

/// `part` of `whole` as a percentage with two decimals ("99.93 %"); "–" when `whole` is 0.
pub(crate) fn percent(part: i64, whole: i64) -> String {
    match percent_value(part, whole) {
        Some(value) => format!("{value:.2} %"),
        None => "–".to_string(),
    }
}

/// `part` of `whole` in percent, rounded half up to two decimals.
pub(crate) fn percent_value(part: i64, whole: i64) -> Option<Decimal> {
    if whole <= 0 {
        return None;
    }
    let value = Decimal::from(part) * Decimal::from(100) / Decimal::from(whole);
    Some(value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// A length of time in minutes as "3 d 4 h", "2 h 5 min" or "12 min".
pub(crate) fn duration_minutes(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_exactly() {
        assert_eq!(money(15_000_050_000, "KES"), "1,500,005.00");
        assert_eq!(money(1, "KES"), "0.0001");
        assert_eq!(money(100_000_000, "IDR"), "10,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(percent(2, 3), "66.67 %");
        assert_eq!(percent(1, 8), "12.50 %");
        assert_eq!(percent(0, 0), "–");
        assert_eq!(duration_minutes(12), "12 min");
        assert_eq!(duration_minutes(125), "2 h 5 min");
        assert_eq!(duration_minutes(3 * 1440 + 250), "3 d 4 h");
    }
}
