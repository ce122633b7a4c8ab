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
//!
//! Nothing a router sends can panic here: its clock, and the dates in its comments and
//! scheduler entries, may be anything (year 1970 after a power cut, year 262143 typed by hand).
//! Every step is checked arithmetic; a result outside the calendar is an error or `None`, never
//! a panic.

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset as _, TimeDelta,
    TimeZone as _, Utc,
};
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
        let millis = local
            .signed_duration_since(now.naive_utc())
            .num_milliseconds();
        let offset = TimeDelta::try_seconds(-(-millis).div_euclid(1000)).ok_or_else(|| {
            format!("the router's clock shows '{date} {time}', which is too far from today")
        })?;
        let zone = zone_name
            .and_then(|name| name.trim().parse::<Tz>().ok())
            .and_then(|tz| Some((tz, offset.checked_sub(&zone_offset(tz, now)?)?)))
            .filter(|(_, error)| error.abs() <= ZONE_SLACK);
        Ok(Self {
            offset,
            zone,
            legacy_dates,
        })
    }

    /// `instant` on the router's wall clock; `None` when that is outside the calendar (a
    /// router clock or an instant near the end of time).
    pub fn local_naive(&self, instant: DateTime<Utc>) -> Option<NaiveDateTime> {
        let naive = instant.naive_utc();
        match self.zone {
            Some((tz, error)) => naive
                .checked_add_signed(zone_offset(tz, instant)?)?
                .checked_add_signed(error),
            None => naive.checked_add_signed(self.offset),
        }
    }

    /// The instant the router's wall clock shows `local`. A time shown twice (the hour repeated
    /// when summer time ends) is the first; one never shown (skipped when it starts) is taken
    /// with the offset read. `None` when that instant is outside the calendar.
    pub fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let in_zone = self.zone.and_then(|(tz, error)| {
            let local = local.checked_sub_signed(error)?;
            let offset = match tz.offset_from_local_datetime(&local) {
                LocalResult::Single(offset) | LocalResult::Ambiguous(offset, _) => offset,
                LocalResult::None => return None,
            };
            let utc = local.checked_sub_offset(offset.fix())?;
            Some(utc.and_utc())
        });
        match in_zone {
            Some(at) => Some(at),
            None => Some(local.checked_sub_signed(self.offset)?.and_utc()),
        }
    }

    /// `instant` on the router's clock, as `(start-date, start-time)` in its date format, or
    /// why it cannot be written there.
    pub fn local(&self, instant: DateTime<Utc>) -> Result<(String, String), String> {
        let local = self.local_naive(instant).ok_or_else(|| {
            format!(
                "{} cannot be put on the router's clock: the result is outside the calendar",
                instant.format("%Y-%m-%d %H:%M:%S UTC")
            )
        })?;
        Ok((
            self.format_date(local.date()),
            local.format("%H:%M:%S").to_string(),
        ))
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
fn zone_offset(tz: Tz, instant: DateTime<Utc>) -> Option<TimeDelta> {
    let seconds = tz
        .offset_from_utc_datetime(&instant.naive_utc())
        .fix()
        .local_minus_utc();
    TimeDelta::try_seconds(i64::from(seconds))
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
            router.local(utc(2026, 11, 30, 17, 30)).unwrap(),
            ("2026-12-01".into(), "00:32:00".into())
        );
    }

    #[test]
    fn the_offset_is_whole_seconds() {
        // Read 0.7 s after the router's second ticked.
        let now = utc(2026, 11, 24, 8, 0) + TimeDelta::milliseconds(700);
        let router = RouterTime::from_clock("2026-11-24", "08:00:00", None, now).unwrap();
        assert_eq!(
            router
                .local(utc(2026, 11, 25, 8, 0) + TimeDelta::milliseconds(700))
                .unwrap(),
            ("2026-11-25".into(), "08:00:00".into())
        );
    }

    #[test]
    fn the_routers_clock_converts_both_ways() {
        let now = utc(2026, 11, 24, 8, 0);
        let clock = RouterTime::from_clock("jan/01/2025", "00:00:00", None, now).unwrap();
        let local = clock.local_naive(utc(2026, 12, 24, 8, 0)).unwrap();
        assert_eq!(local.to_string(), "2025-01-31 00:00:00");
        assert_eq!(clock.instant(local), Some(utc(2026, 12, 24, 8, 0)));
    }

    #[test]
    fn a_named_zone_keeps_entries_right_across_summer_time() {
        // Berlin, read in winter (UTC+1) with the clock 1 minute fast; the plan ends in summer
        // (UTC+2): 2026-04-05 08:00 UTC is 10:00 there, and 10:01 on this router's clock.
        let now = utc(2026, 3, 20, 9, 0);
        let router =
            RouterTime::from_clock("2026-03-20", "10:01:00", Some("Europe/Berlin"), now).unwrap();
        let ends = utc(2026, 4, 5, 8, 0);
        assert_eq!(
            router.local(ends).unwrap(),
            ("2026-04-05".into(), "10:01:00".into())
        );
        assert_eq!(
            router.instant(router.local_naive(ends).unwrap()),
            Some(ends)
        );
        // The same clock without a zone name: the offset read today, an hour early in summer.
        let fixed = RouterTime::from_clock("2026-03-20", "10:01:00", None, now).unwrap();
        assert_eq!(
            fixed.local(ends).unwrap(),
            ("2026-04-05".into(), "09:01:00".into())
        );
        // The hour repeated in autumn (02:00-03:00 twice on 2026-10-25) reads as the first.
        let twice = local_time("2026-10-25", "02:31:00").unwrap();
        assert_eq!(router.instant(twice), Some(utc(2026, 10, 25, 0, 30)));
    }

    #[test]
    fn a_zone_name_that_does_not_explain_the_clock_is_not_used() {
        // Named Berlin, but the clock was set to Jakarta's time by hand (6 hours off): the
        // offset read wins. `manual` and unknown names are no zones at all.
        let now = utc(2026, 3, 20, 9, 0);
        for name in ["Europe/Berlin", "manual", "Mars/Olympus"] {
            let router = RouterTime::from_clock("2026-03-20", "16:00:00", Some(name), now).unwrap();
            assert_eq!(
                router.local(utc(2026, 4, 5, 8, 0)).unwrap(),
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
            router.local(utc(2026, 2, 28, 23, 0)).unwrap(),
            ("feb/28/2026".into(), "23:00:00".into())
        );
    }

    #[test]
    fn unreadable_clocks_are_refused() {
        let now = utc(2026, 1, 1, 0, 0);
        assert!(RouterTime::from_clock("31.01.2026", "10:00:00", None, now).is_err());
        assert!(RouterTime::from_clock("2026-01-31", "10h", None, now).is_err());
    }

    /// Each case: the router's clock (date, time, zone), an instant to schedule, and what the
    /// router's wall clock should show (`None`: outside the calendar, an error and no panic).
    fn check_local(clock: (&str, &str, Option<&str>), at: DateTime<Utc>, expect: Option<&str>) {
        let now = utc(2026, 11, 24, 8, 0);
        let router = RouterTime::from_clock(clock.0, clock.1, clock.2, now)
            .unwrap_or_else(|e| panic!("{clock:?} is a readable clock: {e}"));
        let got = router.local(at).ok().map(|(d, t)| format!("{d} {t}"));
        assert_eq!(got.as_deref(), expect, "clock {clock:?}, instant {at}");
        if let Some(local) = router.local_naive(at) {
            assert_eq!(router.instant(local), Some(at), "{clock:?} converts back");
        }
    }

    #[test]
    fn extreme_router_clocks_and_instants_are_errors_not_panics() {
        let end = DateTime::<Utc>::MAX_UTC;
        let start = DateTime::<Utc>::MIN_UTC;
        let plan = utc(2026, 12, 24, 8, 0);
        // A router whose clock is at the calendar's end: a 2026 instant lands far ahead.
        check_local(("+262142-12-31", "23:59:59", None), end, None);
        check_local(("9999-12-31", "23:59:59", None), end, None);
        // A router back in the far past: the calendar's start is before anything it can show.
        check_local(("-262143-01-01", "00:00:00", None), start, None);
        check_local(("jan/01/1970", "00:00:00", None), start, None);
        // A named zone on top: the zone's offset at the end of time is checked too.
        check_local(("2026-11-24", "09:00:00", Some("Europe/Berlin")), end, None);
        check_local(("2026-11-24", "15:00:00", Some("Asia/Jakarta")), end, None);
        // An ordinary instant on an ordinary router still works.
        check_local(
            ("2026-11-24", "15:00:00", Some("Asia/Jakarta")),
            plan,
            Some("2026-12-24 15:00:00"),
        );
        // The far future router clock still schedules an ordinary plan (its offset is huge).
        check_local(
            ("9999-11-24", "08:00:00", None),
            plan,
            Some("9999-12-24 08:00:00"),
        );
    }

    #[test]
    fn extreme_router_wall_times_give_no_instant() {
        let now = utc(2026, 11, 24, 8, 0);
        let far_ahead = RouterTime::from_clock("+262142-01-01", "00:00:00", None, now).unwrap();
        let far_behind = RouterTime::from_clock("-262143-01-02", "00:00:00", None, now).unwrap();
        let earliest = local_time("-262143-01-01", "00:00:00").unwrap();
        let latest = local_time("+262142-12-31", "23:59:59").unwrap();
        // An entry or comment dated at the calendar's start on a router living far ahead (and the
        // reverse) would be an instant before (after) the calendar.
        assert_eq!(far_ahead.instant(earliest), None);
        assert_eq!(far_behind.instant(latest), None);
        let zoned =
            RouterTime::from_clock("2026-11-24", "09:00:00", Some("Europe/Berlin"), now).unwrap();
        assert_eq!(zoned.instant(earliest), None);
        // Berlin is ahead of UTC: its last wall time is an hour before the calendar's end.
        assert_eq!(
            zoned.instant(latest).map(|t| t.to_rfc3339()).as_deref(),
            Some("+262142-12-31T22:59:59+00:00")
        );
    }
}
