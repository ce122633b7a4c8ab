//! How far a router's clock is from the real time. A router's expiry entries are in its own
//! wall-clock time; tikbill schedules them by the clock it reads, so they fire at the right
//! moment even on a clock that is far off, but a person reading "2025-01-31 00:00" beside a plan
//! that ends in 2026 needs to be told why.

use chrono::{DateTime, Months, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use tikbill_routeros::Row;

use crate::provisioning::router_time::local_time;

/// A clock off by no more than this is not worth a word.
pub const CLOCK_TOLERANCE: TimeDelta = TimeDelta::minutes(2);

/// How far the router's clock (the row `/system/clock/print` answered at `now`) is ahead of the
/// real time (negative: behind), once its time zone is allowed for: the zone it names
/// (`time-zone-name`), else its `gmt-offset`. `None` when the row cannot be read.
pub fn clock_error(row: &Row, now: DateTime<Utc>) -> Option<TimeDelta> {
    let shown = local_time(row.get("date")?, row.get("time")?)?;
    let expected = expected_wall_clock(row, now)?;
    Some(shown - expected)
}

/// What the router's wall clock should show at `now`.
fn expected_wall_clock(row: &Row, now: DateTime<Utc>) -> Option<NaiveDateTime> {
    if let Some(tz) = row
        .get("time-zone-name")
        .and_then(|name| name.trim().parse::<Tz>().ok())
    {
        return Some(now.with_timezone(&tz).naive_local());
    }
    let offset = gmt_offset(row.get("gmt-offset")?)?;
    Some(now.naive_utc() + offset)
}

/// `+07:00`, `-03:30`, `+0530` → the offset.
fn gmt_offset(text: &str) -> Option<TimeDelta> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let hours: i64 = digits.get(..2)?.parse().ok()?;
    let minutes: i64 = digits.get(2..)?.parse().ok()?;
    Some(TimeDelta::minutes(sign * (hours * 60 + minutes)))
}

/// "The router's clock is 1 year 10 months behind." when it is off by more than
/// [`CLOCK_TOLERANCE`]; `None` otherwise. `now` anchors the calendar units.
pub fn describe_clock_error(error: TimeDelta, now: DateTime<Utc>) -> Option<String> {
    if error.abs() <= CLOCK_TOLERANCE {
        return None;
    }
    let real = now.naive_utc();
    let shown = real + error;
    let (earlier, later) = if error < TimeDelta::zero() {
        (shown, real)
    } else {
        (real, shown)
    };
    let way = if error < TimeDelta::zero() {
        "behind"
    } else {
        "ahead"
    };
    Some(format!(
        "The router's clock is {} {way}.",
        calendar_span(earlier, later)
    ))
}

/// The two largest whole units between `earlier` and `later`: `1 year 10 months`,
/// `3 days 4 hours`, `5 minutes`.
fn calendar_span(earlier: NaiveDateTime, later: NaiveDateTime) -> String {
    let mut months = 0u32;
    while earlier
        .checked_add_months(Months::new(months + 1))
        .is_some_and(|t| t <= later)
    {
        months += 1;
    }
    let rest = later
        - earlier
            .checked_add_months(Months::new(months))
            .unwrap_or(earlier);
    let units = [
        (i64::from(months / 12), "year", "years"),
        (i64::from(months % 12), "month", "months"),
        (rest.num_days(), "day", "days"),
        (rest.num_hours() % 24, "hour", "hours"),
        (rest.num_minutes() % 60, "minute", "minutes"),
    ];
    let parts: Vec<String> = units
        .iter()
        .skip_while(|(n, _, _)| *n == 0)
        .take(2)
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
            .single()
            .expect("a valid instant")
    }

    fn clock_row(date: &str, time: &str, zone: &str, gmt: &str) -> Row {
        [
            ("date", date),
            ("time", time),
            ("time-zone-name", zone),
            ("gmt-offset", gmt),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn the_error_allows_for_the_routers_time_zone() {
        let check = |row: Row, expect: Option<TimeDelta>, why: &str| {
            assert_eq!(clock_error(&row, now()), expect, "{why}");
        };
        check(
            clock_row("2026-11-24", "15:00:30", "Asia/Jakarta", "+07:00"),
            Some(TimeDelta::seconds(30)),
            "Jakarta's 15:00 is 08:00 UTC: 30 s ahead",
        );
        check(
            clock_row("nov/24/2026", "13:30:00", "manual", "+05:30"),
            Some(TimeDelta::zero()),
            "a manual zone is its gmt-offset; the old date format is read",
        );
        check(
            clock_row("2025-01-01", "00:00:00", "UTC", "+00:00"),
            Some(-(now().naive_utc() - local_time("2025-01-01", "00:00:00").expect("time"))),
            "a clock left at its factory date",
        );
        check(
            clock_row("someday", "00:00:00", "UTC", "+00:00"),
            None,
            "an unreadable clock",
        );
    }

    #[test]
    fn only_an_error_over_two_minutes_is_described() {
        let check = |error: TimeDelta, expect: Option<&str>| {
            assert_eq!(
                describe_clock_error(error, now()).as_deref(),
                expect,
                "{error:?}"
            );
        };
        check(TimeDelta::seconds(119), None);
        check(TimeDelta::seconds(-120), None);
        check(
            TimeDelta::minutes(-3),
            Some("The router's clock is 3 minutes behind."),
        );
        check(
            TimeDelta::hours(26) + TimeDelta::minutes(5),
            Some("The router's clock is 1 day 2 hours ahead."),
        );
        let factory = local_time("2025-01-01", "00:00:00").expect("time") - now().naive_utc();
        check(
            factory,
            Some("The router's clock is 1 year 10 months behind."),
        );
        check(
            TimeDelta::days(365) + TimeDelta::minutes(1),
            Some("The router's clock is 1 year ahead."),
        );
    }
}
