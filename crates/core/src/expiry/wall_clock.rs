//! From a time on the office's wall clock back to an instant, through daylight-saving changes.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// No zone's UTC offset is as large as a day, so the wall clock shows a time before `local` a
/// day before `local` read as UTC, and a time after it a day after.
const SEARCH_SECONDS: i64 = 24 * 60 * 60;

/// The first instant at which the wall clock of `tz` shows `local` or a later time:
///
/// - a time the clock shows once: that instant;
/// - a time it shows twice (the overlap when clocks fall back): the earlier one;
/// - a time it never shows (the gap when clocks spring forward): the end of the gap, the first
///   valid instant after it (02:30 in a 02:00–03:00 gap gives 03:00).
///
/// `None` when the instant is outside what chrono can represent.
pub(super) fn first_instant_showing(local: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _later) => Some(earlier.with_timezone(&Utc)),
        LocalResult::None => end_of_gap(local, tz),
    }
}

/// The instant the wall clock jumps over `local`: before it, the clock shows earlier times;
/// from it on, later ones. Zone transitions happen on whole seconds, so a bisection over whole
/// seconds finds it exactly.
fn end_of_gap(local: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    let reached = |second: i64| {
        DateTime::from_timestamp(second, 0).map(|at| at.with_timezone(&tz).naive_local() >= local)
    };
    let middle = local.and_utc().timestamp();
    let (mut before, mut after) = (
        middle.checked_sub(SEARCH_SECONDS)?,
        middle.checked_add(SEARCH_SECONDS)?,
    );
    if reached(before)? || !reached(after)? {
        return None;
    }
    while after - before > 1 {
        let mid = before + (after - before) / 2;
        if reached(mid)? {
            after = mid;
        } else {
            before = mid;
        }
    }
    DateTime::from_timestamp(after, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `local` on the wall clock of `tz` → the instant chosen, as RFC 3339 in the zone.
    fn check(input: (&str, &str), expect: &str, why: &str) {
        let (zone, local) = input;
        let tz: Tz = zone.parse().expect("a zone known to chrono-tz");
        let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S%.f")
            .expect("a local time as %Y-%m-%d %H:%M:%S");
        let got = first_instant_showing(local, tz).map(|at| at.with_timezone(&tz).to_rfc3339());
        assert_eq!(got.as_deref(), Some(expect), "{why}");
    }

    #[test]
    fn wall_clock_times_map_to_the_first_instant_showing_them() {
        let cases = [
            (
                ("America/New_York", "2026-03-08 01:59:59"),
                "2026-03-08T01:59:59-05:00",
                "the last second before spring forward exists once, in EST",
            ),
            (
                ("America/New_York", "2026-03-08 02:00:00"),
                "2026-03-08T03:00:00-04:00",
                "02:00 is skipped: the gap ends at 03:00 EDT",
            ),
            (
                ("America/New_York", "2026-03-08 02:30:00"),
                "2026-03-08T03:00:00-04:00",
                "02:30 is skipped: the first valid instant after the gap is 03:00 EDT",
            ),
            (
                ("America/New_York", "2026-03-08 02:30:00.750"),
                "2026-03-08T03:00:00-04:00",
                "a fraction of a second inside the gap still ends at the gap's end, exactly",
            ),
            (
                ("America/New_York", "2026-03-08 03:00:00"),
                "2026-03-08T03:00:00-04:00",
                "03:00 EDT is the first time shown after the gap",
            ),
            (
                ("America/New_York", "2026-11-01 01:30:00"),
                "2026-11-01T01:30:00-04:00",
                "01:30 is shown twice when clocks fall back: the earlier, EDT, comes first",
            ),
            (
                ("America/New_York", "2026-11-01 02:00:00"),
                "2026-11-01T02:00:00-05:00",
                "02:00 after fall back is shown once, in EST",
            ),
            (
                ("Europe/London", "2026-03-29 01:15:00"),
                "2026-03-29T02:00:00+01:00",
                "a gap east of UTC: London skips 01:00–02:00 and the gap ends at 02:00 BST",
            ),
            (
                ("Asia/Jakarta", "2026-03-08 02:30:00"),
                "2026-03-08T02:30:00+07:00",
                "a zone without daylight saving shows every time exactly once",
            ),
        ];
        for (input, expect, why) in cases {
            check(input, expect, why);
        }
    }
}
