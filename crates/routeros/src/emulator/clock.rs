//! The emulated router's wall clock: a date and a time of day, read and written in RouterOS's
//! two date spellings (`2025-01-31` since 7.10, `jan/31/2025` before).
//!
//! The emulator has no time zones: its clock is UTC.

use std::time::{Duration, SystemTime};

/// How a router spells dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// `2025-01-31`: RouterOS 7.10 and later.
    Iso,
    /// `jan/31/2025`: RouterOS before 7.10.
    Legacy,
}

impl DateStyle {
    /// The style `date` is written in.
    pub(crate) fn of(date: &str) -> DateStyle {
        if date.contains('/') {
            DateStyle::Legacy
        } else {
            DateStyle::Iso
        }
    }
}

/// A second on the router's clock, counted from 1970-01-01 00:00:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Moment(u64);

const DAY: u64 = 86_400;
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl Moment {
    /// `date` in either spelling and `time` as `hh:mm:ss`; `None` for anything else (including
    /// a scheduler's `startup`).
    pub(crate) fn parse(date: &str, time: &str) -> Option<Moment> {
        let days = parse_date(date)?;
        let seconds = parse_time(time)?;
        Some(Moment(days * DAY + seconds))
    }

    /// The moment `now` in UTC (`None` before 1970).
    pub(crate) fn from_system(now: SystemTime) -> Option<Moment> {
        let since_epoch = now.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        Some(Moment(since_epoch.as_secs()))
    }

    /// `by` later (sub-second parts are dropped); saturates rather than overflow.
    pub(crate) fn plus(self, by: Duration) -> Moment {
        Moment(self.0.saturating_add(by.as_secs()))
    }

    /// Whole seconds from `self` to `later` (zero if `later` is not later).
    pub(crate) fn seconds_until(self, later: Moment) -> u64 {
        later.0.saturating_sub(self.0)
    }

    /// `2025-01-31 13:45:00` or `jan/31/2025 13:45:00`, as [`Moment::stamp`] writes it.
    pub(crate) fn parse_stamp(stamp: &str) -> Option<Moment> {
        let (date, time) = stamp.split_once(' ')?;
        Moment::parse(date, time)
    }

    /// The date in `style`: `2025-01-31` or `jan/31/2025`.
    pub(crate) fn date(self, style: DateStyle) -> String {
        let (year, month, day) = civil_date(self.0 / DAY);
        match style {
            DateStyle::Iso => format!("{year:04}-{month:02}-{day:02}"),
            DateStyle::Legacy => {
                let month = MONTHS[(month - 1) as usize];
                format!("{month}/{day:02}/{year:04}")
            }
        }
    }

    /// The time of day: `13:45:00`.
    pub(crate) fn time(self) -> String {
        let seconds = self.0 % DAY;
        format!(
            "{:02}:{:02}:{:02}",
            seconds / 3_600,
            seconds % 3_600 / 60,
            seconds % 60
        )
    }

    /// Date and time as RouterOS prints a timestamp (`last-started`): `2025-01-31 13:45:00`.
    pub(crate) fn stamp(self, style: DateStyle) -> String {
        format!("{} {}", self.date(style), self.time())
    }
}

/// Days since 1970-01-01 of `2025-01-31` or `jan/31/2025`.
fn parse_date(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let (year, month, day) = match parts[..] {
        [year, month, day] if text.contains('-') => (number(year)?, number(month)?, number(day)?),
        [month, day, year] if text.contains('/') => {
            let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?;
            (number(year)?, month as u64 + 1, number(day)?)
        }
        _ => return None,
    };
    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > month_length(year, month)
    {
        return None;
    }
    let whole_years: u64 = (1970..year).map(year_length).sum();
    let whole_months: u64 = (1..month).map(|m| month_length(year, m)).sum();
    Some(whole_years + whole_months + day - 1)
}

/// Seconds since midnight of `hh:mm:ss`.
fn parse_time(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split(':').collect();
    let [hours, minutes, seconds] = parts[..] else {
        return None;
    };
    let (hours, minutes, seconds) = (number(hours)?, number(minutes)?, number(seconds)?);
    if hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(hours * 3_600 + minutes * 60 + seconds)
}

fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Year, month and day of the day `days` after 1970-01-01.
fn civil_date(mut days: u64) -> (u64, u64, u64) {
    let mut year = 1970;
    while days >= year_length(year) {
        days -= year_length(year);
        year += 1;
    }
    let mut month = 1;
    while days >= month_length(year, month) {
        days -= month_length(year, month);
        month += 1;
    }
    (year, month, days + 1)
}

fn is_leap(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn year_length(year: u64) -> u64 {
    if is_leap(year) {
        366
    } else {
        365
    }
}

fn month_length(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(date: &str, time: &str, expect: Option<&str>) {
        assert_eq!(
            Moment::parse(date, time).map(|m| m.stamp(DateStyle::Iso)),
            expect.map(str::to_owned),
            "{date} {time}"
        );
    }

    #[test]
    fn both_date_spellings_read_the_same() {
        check("2025-01-31", "13:45:00", Some("2025-01-31 13:45:00"));
        check("jan/31/2025", "13:45:00", Some("2025-01-31 13:45:00"));
        check("Dec/01/2030", "00:00:00", Some("2030-12-01 00:00:00"));
        check("2024-02-29", "23:59:59", Some("2024-02-29 23:59:59"));
        check("1970-01-01", "00:00:00", Some("1970-01-01 00:00:00"));
    }

    #[test]
    fn impossible_dates_and_times_are_refused() {
        check("2025-02-29", "00:00:00", None);
        check("1900-02-28", "00:00:00", None);
        check("2025-13-01", "00:00:00", None);
        check("foo/01/2025", "00:00:00", None);
        check("2025-01-01", "startup", None);
        check("2025-01-01", "24:00:00", None);
        check("2025-01-01", "12:60:00", None);
        check("", "", None);
    }

    #[test]
    fn moving_on_crosses_days_months_and_years() {
        let eve = Moment::parse("2024-12-31", "23:59:59").expect("a valid moment");
        assert_eq!(
            eve.plus(Duration::from_secs(1)).stamp(DateStyle::Iso),
            "2025-01-01 00:00:00"
        );
        let leap = Moment::parse("2024-02-28", "12:00:00").expect("a valid moment");
        assert_eq!(
            leap.plus(Duration::from_secs(DAY)).date(DateStyle::Iso),
            "2024-02-29",
            "2024 is a leap year"
        );
        assert_eq!(
            leap.plus(Duration::from_secs(2 * DAY))
                .date(DateStyle::Legacy),
            "mar/01/2024",
            "and the old spelling"
        );
    }

    #[test]
    fn system_time_is_read_as_utc() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_735_689_601);
        assert_eq!(
            Moment::from_system(at)
                .map(|m| m.stamp(DateStyle::Iso))
                .as_deref(),
            Some("2025-01-01 00:00:01")
        );
    }
}
