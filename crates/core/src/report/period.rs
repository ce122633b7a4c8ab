//! Days grouped over time: a day, a week from Monday, a calendar month or year, each labelled.

use chrono::{Datelike, NaiveDate};
use tikbill_api::ReportPeriod;

/// The first day of the group `day` is in.
pub(crate) fn start(day: NaiveDate, period: ReportPeriod) -> NaiveDate {
    match period {
        ReportPeriod::Day => day,
        ReportPeriod::Week => {
            day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
        }
        ReportPeriod::Month => day.with_day(1).unwrap_or(day),
        ReportPeriod::Year => day.with_ordinal(1).unwrap_or(day),
    }
}

/// A group's label: `2026-11-27`, `2026-W48 (from 23 Nov)`, `2026-11`, `2026`.
pub(crate) fn label(start: NaiveDate, period: ReportPeriod) -> String {
    match period {
        ReportPeriod::Day => start.to_string(),
        ReportPeriod::Week => {
            let week = start.iso_week();
            format!(
                "{}-W{:02} ({})",
                week.year(),
                week.week(),
                start.format("%-d %b")
            )
        }
        ReportPeriod::Month => start.format("%Y-%m").to_string(),
        ReportPeriod::Year => start.format("%Y").to_string(),
    }
}

/// A group's short label, for a chart's axis: `27 Nov`, `W48`, `Nov 2026`, `2026`.
pub(crate) fn short_label(start: NaiveDate, period: ReportPeriod) -> String {
    match period {
        ReportPeriod::Day => start.format("%-d %b").to_string(),
        ReportPeriod::Week => format!("W{:02}", start.iso_week().week()),
        ReportPeriod::Month => start.format("%b %Y").to_string(),
        ReportPeriod::Year => start.format("%Y").to_string(),
    }
}

/// The first days of every group from `from` to `to`, in order.
pub(crate) fn starts(from: NaiveDate, to: NaiveDate, period: ReportPeriod) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let first = start(day, period);
        if out.last() != Some(&first) {
            out.push(first);
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// Every day from `from` to `to`.
pub(crate) fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn groups_start_on_monday_the_first_and_new_year() {
        let friday = d("2026-11-27");
        assert_eq!(start(friday, ReportPeriod::Day), friday);
        assert_eq!(start(friday, ReportPeriod::Week), d("2026-11-23"));
        assert_eq!(start(friday, ReportPeriod::Month), d("2026-11-01"));
        assert_eq!(start(friday, ReportPeriod::Year), d("2026-01-01"));
        assert_eq!(
            label(d("2026-11-23"), ReportPeriod::Week),
            "2026-W48 (23 Nov)"
        );
        assert_eq!(
            label(d("2026-12-28"), ReportPeriod::Week),
            "2026-W53 (28 Dec)"
        );
        assert_eq!(label(d("2026-11-01"), ReportPeriod::Month), "2026-11");
        let months = starts(d("2026-01-31"), d("2026-03-01"), ReportPeriod::Month);
        assert_eq!(
            months,
            vec![d("2026-01-01"), d("2026-02-01"), d("2026-03-01")]
        );
        assert_eq!(days(d("2026-02-27"), d("2026-03-01")).count(), 3);
    }
}
