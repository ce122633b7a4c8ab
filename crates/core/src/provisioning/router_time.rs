//! The router's clock as the scheduler reads it. An expiry entry's `start-date` and
//! `start-time` are in the router's local time and date format, so tikbill reads the router's
//! clock once per batch and schedules relative to it: the entry fires at the right instant even
//! if the router's time zone is not the office's, or its clock is a few minutes off.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// How the router's clock relates to real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterTime {
    /// Router wall clock minus UTC.
    offset: TimeDelta,
    /// `jan/31/2025` (RouterOS before 7.10) rather than `2025-01-31`.
    legacy_dates: bool,
}

impl RouterTime {
    /// From `/system/clock/print`'s `date` and `time`, read at `now`.
    pub fn from_clock(date: &str, time: &str, now: DateTime<Utc>) -> Result<Self, String> {
        let local = local_time(date, time).ok_or_else(|| {
            format!("the router's clock shows '{date} {time}', which tikbill cannot read")
        })?;
        let legacy_dates = parse_date(date).is_some_and(|(_, legacy)| legacy);
        // The router prints whole seconds, cut (its real time is up to 1 s later): the offset is
        // rounded up to whole seconds, so an entry meant for 14:00:00 does not read 13:59:59.
        let millis = (local - now.naive_utc()).num_milliseconds();
        Ok(Self {
            offset: TimeDelta::seconds(-(-millis).div_euclid(1000)),
            legacy_dates,
        })
    }

    /// `instant` on the router's wall clock.
    pub fn local_naive(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        instant.naive_utc() + self.offset
    }

    /// The instant the router's wall clock shows `local`.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        (local - self.offset).and_utc()
    }

    /// `instant` on the router's clock, as `(start-date, start-time)` in its date format.
    pub fn local(&self, instant: DateTime<Utc>) -> (String, String) {
        let local = self.local_naive(instant);
        (
            self.format_date(local.date()),
            local.format("%H:%M:%S").to_string(),
        )
    }

    fn format_date(&self, day: NaiveDate) -> String {
        if self.legacy_dates {
            let month = MONTHS[day.month0() as usize];
            format!("{month}/{}", day.format("%d/%Y"))
        } else {
            day.format("%Y-%m-%d").to_string()
        }
    }
}

/// A date in either RouterOS format (`2025-01-31`, `jan/31/2025`) and a `HH:MM:SS` time.
pub fn local_time(date: &str, time: &str) -> Option<NaiveDateTime> {
    let (day, _) = parse_date(date)?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M:%S").ok()?;
    Some(NaiveDateTime::new(day, time))
}

/// A date in either RouterOS format, and whether it was the old one.
pub fn parse_date(text: &str) -> Option<(NaiveDate, bool)> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some((day, false));
    }
    let mut parts = text.split('/');
    let month = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let day: u32 = parts.next()?.parse().ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    let month = u32::try_from(month).ok()?;
    NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, true))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn schedules_on_the_routers_own_clock() {
        // A router in Jakarta (UTC+7) whose clock runs 2 minutes fast.
        let now = utc(2026, 11, 24, 8, 0);
        let router = RouterTime::from_clock("2026-11-24", "15:02:00", now).unwrap();
        assert_eq!(
            router.local(utc(2026, 11, 30, 17, 30)),
            ("2026-12-01".into(), "00:32:00".into())
        );
    }

    #[test]
    fn the_offset_is_whole_seconds() {
        // Read 0.7 s after the router's second ticked.
        let now = utc(2026, 11, 24, 8, 0) + TimeDelta::milliseconds(700);
        let router = RouterTime::from_clock("2026-11-24", "08:00:00", now).unwrap();
        assert_eq!(
            router.local(utc(2026, 11, 25, 8, 0) + TimeDelta::milliseconds(700)),
            ("2026-11-25".into(), "08:00:00".into())
        );
    }

    #[test]
    fn the_routers_clock_converts_both_ways() {
        let now = utc(2026, 11, 24, 8, 0);
        let clock = RouterTime::from_clock("jan/01/2025", "00:00:00", now).unwrap();
        let local = clock.local_naive(utc(2026, 12, 24, 8, 0));
        assert_eq!(local.to_string(), "2025-01-31 00:00:00");
        assert_eq!(clock.instant(local), utc(2026, 12, 24, 8, 0));
    }

    #[test]
    fn old_date_format_is_kept() {
        let now = utc(2026, 1, 31, 23, 0);
        let router = RouterTime::from_clock("jan/31/2026", "23:00:00", now).unwrap();
        assert_eq!(
            router.local(utc(2026, 2, 28, 23, 0)),
            ("feb/28/2026".into(), "23:00:00".into())
        );
    }

    #[test]
    fn unreadable_clocks_are_refused() {
        let now = utc(2026, 1, 1, 0, 0);
        assert!(RouterTime::from_clock("31.01.2026", "10:00:00", now).is_err());
        assert!(RouterTime::from_clock("2026-01-31", "10h", now).is_err());
    }
}
