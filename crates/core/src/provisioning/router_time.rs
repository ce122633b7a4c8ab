//! The router's clock as the scheduler reads it. An expiry entry's `start-date` and
//! `start-time` are in the router's local time and date format, so tikbill reads the router's
//! clock once per batch and schedules relative to it: the entry fires at the right instant even
//! if the router's time zone is not the office's, or its clock is a few minutes off.
//!
//! A router that names its time zone (`time-zone-name`, e.g. `Europe/Berlin`) moves its wall
//! clock at daylight-saving changes, so a fixed offset read today would put an entry after the
//! next change an hour off. When the named zone explains the clock read (within
//! [`ZONE_SLACK`]; the rest is the clock being off), instants are converted with that zone's
//! rules plus the clock's error; otherwise (`manual`, an unknown name, a clock set by hand) with
//! the offset read.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use tikbill_routeros::Row;

/// How far a router's clock may be from its named zone's time for the zone to be trusted.
pub const ZONE_SLACK: TimeDelta = TimeDelta::minutes(15);

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// How the router's clock relates to real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouterTime {
    /// Router wall clock minus UTC, when the clock was read.
    offset: TimeDelta,
    /// The router's named time zone, and how far its clock is from that zone's time.
    zone: Option<(Tz, TimeDelta)>,
    /// `jan/31/2025` (RouterOS before 7.10) rather than `2025-01-31`.
    legacy_dates: bool,
}

impl RouterTime {
    /// From the row `/system/clock/print` answered, read at `now`.
    pub fn from_clock_row(row: &Row, now: DateTime<Utc>) -> Result<Self, String> {
        Self::from_clock(
            row.get("date").unwrap_or_default(),
            row.get("time").unwrap_or_default(),
            row.get("time-zone-name"),
            now,
        )
    }

    /// From `/system/clock/print`'s `date`, `time` and `time-zone-name`, read at `now`.
    pub fn from_clock(
        date: &str,
        time: &str,
        zone_name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Self, String> {
        let local = local_time(date, time).ok_or_else(|| {
            format!("the router's clock shows '{date} {time}', which tikbill cannot read")
        })?;
        let legacy_dates = parse_date(date).is_some_and(|(_, legacy)| legacy);
        // The router prints whole seconds, cut (its real time is up to 1 s later): the offset is
        // rounded up to whole seconds, so an entry meant for 14:00:00 does not read 13:59:59.
        let millis = (local - now.naive_utc()).num_milliseconds();
        let offset = TimeDelta::seconds(-(-millis).div_euclid(1000));
        let zone = zone_name
            .and_then(|name| name.trim().parse::<Tz>().ok())
            .map(|tz| (tz, offset - zone_offset(tz, now)))
            .filter(|(_, error)| error.abs() <= ZONE_SLACK);
        Ok(Self {
            offset,
            zone,
            legacy_dates,
        })
    }

    /// `instant` on the router's wall clock.
    pub fn local_naive(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self.zone {
            Some((tz, error)) => instant.with_timezone(&tz).naive_local() + error,
            None => instant.naive_utc() + self.offset,
        }
    }

    /// The instant the router's wall clock shows `local`. A time shown twice (the hour repeated
    /// when summer time ends) is the first; one never shown (skipped when it starts) is taken
    /// with the offset read.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        self.zone
            .and_then(|(tz, error)| {
                (local - error)
                    .and_local_timezone(tz)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc))
            })
            .unwrap_or_else(|| (local - self.offset).and_utc())
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

/// The zone's offset from UTC at `instant`.
fn zone_offset(tz: Tz, instant: DateTime<Utc>) -> TimeDelta {
    use chrono::Offset as _;
    TimeDelta::seconds(i64::from(
        instant.with_timezone(&tz).offset().fix().local_minus_utc(),
    ))
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
        let router = RouterTime::from_clock("2026-11-24", "15:02:00", None, now).unwrap();
        assert_eq!(
            router.local(utc(2026, 11, 30, 17, 30)),
            ("2026-12-01".into(), "00:32:00".into())
        );
    }

    #[test]
    fn the_offset_is_whole_seconds() {
        // Read 0.7 s after the router's second ticked.
        let now = utc(2026, 11, 24, 8, 0) + TimeDelta::milliseconds(700);
        let router = RouterTime::from_clock("2026-11-24", "08:00:00", None, now).unwrap();
        assert_eq!(
            router.local(utc(2026, 11, 25, 8, 0) + TimeDelta::milliseconds(700)),
            ("2026-11-25".into(), "08:00:00".into())
        );
    }

    #[test]
    fn the_routers_clock_converts_both_ways() {
        let now = utc(2026, 11, 24, 8, 0);
        let clock = RouterTime::from_clock("jan/01/2025", "00:00:00", None, now).unwrap();
        let local = clock.local_naive(utc(2026, 12, 24, 8, 0));
        assert_eq!(local.to_string(), "2025-01-31 00:00:00");
        assert_eq!(clock.instant(local), utc(2026, 12, 24, 8, 0));
    }

    #[test]
    fn a_named_zone_keeps_entries_right_across_summer_time() {
        // Berlin, read in winter (UTC+1) with the clock 1 minute fast; the plan ends in summer
        // (UTC+2): 2026-04-05 08:00 UTC is 10:00 there, and 10:01 on this router's clock.
        let now = utc(2026, 3, 20, 9, 0);
        let router =
            RouterTime::from_clock("2026-03-20", "10:01:00", Some("Europe/Berlin"), now).unwrap();
        let ends = utc(2026, 4, 5, 8, 0);
        assert_eq!(router.local(ends), ("2026-04-05".into(), "10:01:00".into()));
        assert_eq!(router.instant(router.local_naive(ends)), ends);
        // The same clock without a zone name: the offset read today, an hour early in summer.
        let fixed = RouterTime::from_clock("2026-03-20", "10:01:00", None, now).unwrap();
        assert_eq!(fixed.local(ends), ("2026-04-05".into(), "09:01:00".into()));
        // The hour repeated in autumn (02:00-03:00 twice on 2026-10-25) reads as the first.
        let twice = local_time("2026-10-25", "02:31:00").unwrap();
        assert_eq!(router.instant(twice), utc(2026, 10, 25, 0, 30));
    }

    #[test]
    fn a_zone_name_that_does_not_explain_the_clock_is_not_used() {
        // Named Berlin, but the clock was set to Jakarta's time by hand (6 hours off): the
        // offset read wins. `manual` and unknown names are no zones at all.
        let now = utc(2026, 3, 20, 9, 0);
        for name in ["Europe/Berlin", "manual", "Mars/Olympus"] {
            let router = RouterTime::from_clock("2026-03-20", "16:00:00", Some(name), now).unwrap();
            assert_eq!(
                router.local(utc(2026, 4, 5, 8, 0)),
                ("2026-04-05".into(), "15:00:00".into()),
                "{name}"
            );
        }
    }

    #[test]
    fn old_date_format_is_kept() {
        let now = utc(2026, 1, 31, 23, 0);
        let router = RouterTime::from_clock("jan/31/2026", "23:00:00", None, now).unwrap();
        assert_eq!(
            router.local(utc(2026, 2, 28, 23, 0)),
            ("feb/28/2026".into(), "23:00:00".into())
        );
    }

    #[test]
    fn unreadable_clocks_are_refused() {
        let now = utc(2026, 1, 1, 0, 0);
        assert!(RouterTime::from_clock("31.01.2026", "10:00:00", None, now).is_err());
        assert!(RouterTime::from_clock("2026-01-31", "10h", None, now).is_err());
    }
}
