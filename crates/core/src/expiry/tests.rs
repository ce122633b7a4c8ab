//! The expiry rules, case by case. Times are written in the office's offset so that each case
//! reads as the wall clock shows it; elapsed time is real (UTC) time.

use super::*;
use DurationUnit::{Days, Hours, Months, Weeks};

const NEW_YORK: &str = "America/New_York";
const JAKARTA: &str = "Asia/Jakarta";
const NAIROBI: &str = "Africa/Nairobi";

fn zone(name: &str) -> Tz {
    parse_time_zone(name).expect("a zone known to chrono-tz")
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("an RFC 3339 time")
        .with_timezone(&Utc)
}

/// `24h`, `23h30m`: real time between two instants.
fn elapsed(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let minutes = (to - from).num_minutes();
    match minutes % 60 {
        0 => format!("{}h", minutes / 60),
        m => format!("{}h{m}m", minutes / 60),
    }
}

/// A plan of `value` `unit`s bought at `start` in office `zone` ends at the expected instant
/// (shown on the office's clock), after the expected real time; or is refused.
fn check(
    input: (&str, &str, u32, DurationUnit),
    expect: Result<(&str, &str), ExpiryError>,
    why: &str,
) {
    let (zone_name, start, value, unit) = input;
    let (tz, start) = (zone(zone_name), at(start));
    let got = expires_at(start, value, unit, tz)
        .map(|end| (end.with_timezone(&tz).to_rfc3339(), elapsed(start, end)));
    let expect = expect.map(|(end, after)| (end.to_string(), after.to_string()));
    assert_eq!(got, expect, "{why}");
}

#[test]
fn hours_are_elapsed_time() {
    let cases = [
        (
            (JAKARTA, "2026-05-10T23:30:00+07:00", 1, Hours),
            Ok(("2026-05-11T00:30:00+07:00", "1h")),
            "a 1-hour plan at 23:30 ends at 00:30 the next day",
        ),
        (
            (NEW_YORK, "2026-03-07T23:30:00-05:00", 24, Hours),
            Ok(("2026-03-09T00:30:00-04:00", "24h")),
            "24 hours across spring forward are 24 h of real time; the clock moves 25 h",
        ),
        (
            (NEW_YORK, "2026-10-31T23:30:00-04:00", 24, Hours),
            Ok(("2026-11-01T22:30:00-05:00", "24h")),
            "24 hours across fall back are 24 h of real time; the clock moves 23 h",
        ),
        (
            (NEW_YORK, "2026-03-08T01:30:00-05:00", 1, Hours),
            Ok(("2026-03-08T03:30:00-04:00", "1h")),
            "an hour straddling the spring-forward gap ends at 03:30 EDT, 1 h later",
        ),
        (
            (NEW_YORK, "2026-11-01T01:30:00-04:00", 1, Hours),
            Ok(("2026-11-01T01:30:00-05:00", "1h")),
            "an hour bought at the first 01:30 on fall-back day ends at the second 01:30",
        ),
    ];
    for (input, expect, why) in cases {
        check(input, expect, why);
    }
}

#[test]
fn days_keep_the_office_wall_clock() {
    let cases = [
        (
            (JAKARTA, "2026-05-10T23:30:00+07:00", 1, Days),
            Ok(("2026-05-11T23:30:00+07:00", "24h")),
            "a 1-day plan bought at 23:30 ends 24 h later, at 23:30 the next day",
        ),
        (
            (NEW_YORK, "2026-06-10T23:30:00-04:00", 1, Days),
            Ok(("2026-06-11T23:30:00-04:00", "24h")),
            "on an ordinary day a zone with daylight saving also gives 24 h",
        ),
        (
            (NEW_YORK, "2026-03-07T23:30:00-05:00", 1, Days),
            Ok(("2026-03-08T23:30:00-04:00", "23h")),
            "a 1-day plan across spring forward ends at 23:30 on the clock, after 23 h",
        ),
        (
            (NEW_YORK, "2026-10-31T23:30:00-04:00", 1, Days),
            Ok(("2026-11-01T23:30:00-05:00", "25h")),
            "a 1-day plan across fall back ends at 23:30 on the clock, after 25 h",
        ),
        (
            (NEW_YORK, "2026-03-07T02:30:00-05:00", 1, Days),
            Ok(("2026-03-08T03:00:00-04:00", "23h30m")),
            "02:30 on 2026-03-08 does not exist: the plan ends at 03:00 EDT, when the gap ends",
        ),
        (
            (NEW_YORK, "2026-10-31T01:30:00-04:00", 1, Days),
            Ok(("2026-11-01T01:30:00-04:00", "24h")),
            "01:30 on 2026-11-01 happens twice: the plan ends at the earlier one, in EDT",
        ),
        (
            (NEW_YORK, "2026-11-01T01:30:00-05:00", 1, Days),
            Ok(("2026-11-02T01:30:00-05:00", "24h")),
            "a plan bought at the second 01:30 ends at 01:30 the next day",
        ),
        (
            (NEW_YORK, "2026-03-01T12:00:00-05:00", 30, Days),
            Ok(("2026-03-31T12:00:00-04:00", "719h")),
            "30 days across spring forward end at noon on the clock, an hour short of 720 h",
        ),
        (
            (NAIROBI, "2028-02-29T10:00:00+03:00", 1, Days),
            Ok(("2028-03-01T10:00:00+03:00", "24h")),
            "a 1-day plan bought on the leap day ends on Mar 1",
        ),
        (
            (NAIROBI, "2028-02-28T10:00:00+03:00", 1, Days),
            Ok(("2028-02-29T10:00:00+03:00", "24h")),
            "a 1-day plan bought on Feb 28 2028 ends on the leap day",
        ),
    ];
    for (input, expect, why) in cases {
        check(input, expect, why);
    }
}

#[test]
fn weeks_are_seven_days() {
    let cases = [
        (
            (JAKARTA, "2026-05-10T23:30:00+07:00", 1, Weeks),
            Ok(("2026-05-17T23:30:00+07:00", "168h")),
            "a 1-week plan ends 7 days later at the same time",
        ),
        (
            (NEW_YORK, "2026-10-25T20:00:00-04:00", 2, Weeks),
            Ok(("2026-11-08T20:00:00-05:00", "337h")),
            "2 weeks across fall back end at 20:00 on the clock, an hour past 336 h",
        ),
        (
            (NEW_YORK, "2026-03-01T02:30:00-05:00", 1, Weeks),
            Ok(("2026-03-08T03:00:00-04:00", "167h30m")),
            "a week ending in the spring-forward gap ends when the gap ends, 03:00 EDT",
        ),
    ];
    for (input, expect, why) in cases {
        check(input, expect, why);
    }
}

#[test]
fn months_are_calendar_months_clamped_to_the_last_day() {
    let cases = [
        (
            (NAIROBI, "2026-01-15T10:00:00+03:00", 1, Months),
            Ok(("2026-02-15T10:00:00+03:00", "744h")),
            "a 1-month plan ends on the same day of the next month",
        ),
        (
            (NAIROBI, "2026-01-31T10:00:00+03:00", 1, Months),
            Ok(("2026-02-28T10:00:00+03:00", "672h")),
            "Jan 31 + 1 month is Feb 28: the last day of February, not Mar 3",
        ),
        (
            (NAIROBI, "2028-01-31T10:00:00+03:00", 1, Months),
            Ok(("2028-02-29T10:00:00+03:00", "696h")),
            "Jan 31 2028 + 1 month is Feb 29: 2028 is a leap year",
        ),
        (
            (NAIROBI, "2026-03-31T10:00:00+03:00", 1, Months),
            Ok(("2026-04-30T10:00:00+03:00", "720h")),
            "Mar 31 + 1 month is Apr 30",
        ),
        (
            (NAIROBI, "2026-12-31T10:00:00+03:00", 1, Months),
            Ok(("2027-01-31T10:00:00+03:00", "744h")),
            "Dec 31 + 1 month is Jan 31 of the next year",
        ),
        (
            (NAIROBI, "2026-01-31T10:00:00+03:00", 2, Months),
            Ok(("2026-03-31T10:00:00+03:00", "1416h")),
            "Jan 31 + 2 months is Mar 31: clamping applies to the target month only",
        ),
        (
            (NAIROBI, "2028-02-29T10:00:00+03:00", 1, Months),
            Ok(("2028-03-29T10:00:00+03:00", "696h")),
            "the leap day + 1 month is Mar 29",
        ),
        (
            (NAIROBI, "2028-02-29T10:00:00+03:00", 12, Months),
            Ok(("2029-02-28T10:00:00+03:00", "8760h")),
            "the leap day + 12 months is Feb 28 2029, the last day of a common February",
        ),
        (
            (JAKARTA, "2026-03-31T05:00:00+07:00", 1, Months),
            Ok(("2026-04-30T05:00:00+07:00", "720h")),
            "the month is the office's: Mar 31 05:00 in Jakarta is still Mar 30 in UTC, \
             where + 1 month would end on May 1 in Jakarta",
        ),
        (
            (NEW_YORK, "2026-10-15T12:00:00-04:00", 1, Months),
            Ok(("2026-11-15T12:00:00-05:00", "745h")),
            "a month across fall back ends at noon on the clock, 31 days and 1 h later",
        ),
        (
            (NEW_YORK, "2026-02-08T02:30:00-05:00", 1, Months),
            Ok(("2026-03-08T03:00:00-04:00", "671h30m")),
            "a month ending in the spring-forward gap ends when the gap ends, 03:00 EDT",
        ),
    ];
    for (input, expect, why) in cases {
        check(input, expect, why);
    }
}

#[test]
fn zero_and_overflowing_durations_are_refused() {
    let start = "2026-01-01T00:00:00+00:00";
    let overflow = |value, unit| {
        Err(ExpiryError::Overflow {
            start: at(start),
            value,
            unit,
        })
    };
    let cases = [
        (
            (NAIROBI, start, 0, Hours),
            Err(ExpiryError::ZeroDuration(Hours)),
            "0 hours is no plan",
        ),
        (
            (NAIROBI, start, 0, Days),
            Err(ExpiryError::ZeroDuration(Days)),
            "0 days is no plan",
        ),
        (
            (NAIROBI, start, 0, Weeks),
            Err(ExpiryError::ZeroDuration(Weeks)),
            "0 weeks is no plan",
        ),
        (
            (NAIROBI, start, 0, Months),
            Err(ExpiryError::ZeroDuration(Months)),
            "0 months is no plan",
        ),
        (
            (NAIROBI, start, u32::MAX, Hours),
            overflow(u32::MAX, Hours),
            "4294967295 hours (490,000 years) end past chrono's last year, 262142",
        ),
        (
            (NAIROBI, start, u32::MAX, Days),
            overflow(u32::MAX, Days),
            "4294967295 days end past chrono's last year",
        ),
        (
            (NAIROBI, start, u32::MAX, Weeks),
            overflow(u32::MAX, Weeks),
            "4294967295 weeks end past chrono's last year, without overflowing the day count",
        ),
        (
            (NAIROBI, start, u32::MAX, Months),
            overflow(u32::MAX, Months),
            "4294967295 months end past chrono's last year",
        ),
    ];
    for (input, expect, why) in cases {
        check(input, expect, why);
    }
}

/// A customer with `current` expiry (or none) buys `value` `unit`s at `now`, in Nairobi.
fn check_extend(
    input: (Option<&str>, &str, u32, DurationUnit),
    expect: Result<&str, ExpiryError>,
    why: &str,
) {
    let (current, now, value, unit) = input;
    let tz = zone(NAIROBI);
    let got = extend(current.map(at), at(now), value, unit, tz)
        .map(|end| end.with_timezone(&tz).to_rfc3339());
    assert_eq!(got, expect.map(str::to_string), "{why}");
}

#[test]
fn extensions_add_to_an_active_plan_and_restart_an_expired_one() {
    let cases = [
        (
            (
                Some("2026-05-20T10:00:00+03:00"),
                "2026-05-10T09:00:00+03:00",
                30,
                Days,
            ),
            Ok("2026-06-19T10:00:00+03:00"),
            "an active customer keeps the 10 days left: 30 days are added to the expiry",
        ),
        (
            (
                Some("2026-05-10T12:00:00+03:00"),
                "2026-05-10T09:00:00+03:00",
                2,
                Hours,
            ),
            Ok("2026-05-10T14:00:00+03:00"),
            "2 hours bought with 3 h left end 2 h after the current expiry",
        ),
        (
            (
                Some("2026-05-01T10:00:00+03:00"),
                "2026-05-10T09:00:00+03:00",
                30,
                Days,
            ),
            Ok("2026-06-09T09:00:00+03:00"),
            "an expired customer starts from now: the 9 days without service are not charged",
        ),
        (
            (
                Some("2026-05-10T09:00:00+03:00"),
                "2026-05-10T09:00:00+03:00",
                1,
                Days,
            ),
            Ok("2026-05-11T09:00:00+03:00"),
            "an expiry equal to now has run out; the plan starts now, with no gap or overlap",
        ),
        (
            (None, "2026-05-10T09:00:00+03:00", 1, Weeks),
            Ok("2026-05-17T09:00:00+03:00"),
            "a customer never activated starts from now",
        ),
        (
            (None, "2026-01-31T10:00:00+03:00", 1, Months),
            Ok("2026-02-28T10:00:00+03:00"),
            "monthly renewals from Jan 31: the first month ends on Feb 28",
        ),
        (
            (
                Some("2026-02-28T10:00:00+03:00"),
                "2026-02-27T10:00:00+03:00",
                1,
                Months,
            ),
            Ok("2026-03-28T10:00:00+03:00"),
            "the renewal counts from the previous expiry, Feb 28, not from the anchor Jan 31: \
             the clamped day sticks",
        ),
        (
            (
                Some("2026-03-28T10:00:00+03:00"),
                "2026-03-27T10:00:00+03:00",
                1,
                Months,
            ),
            Ok("2026-04-28T10:00:00+03:00"),
            "and the next one ends on Apr 28, though April has 30 days",
        ),
        (
            (
                Some("2026-05-20T10:00:00+03:00"),
                "2026-05-10T09:00:00+03:00",
                0,
                Days,
            ),
            Err(ExpiryError::ZeroDuration(Days)),
            "an extension by 0 days is refused like a plan of 0 days",
        ),
    ];
    for (input, expect, why) in cases {
        check_extend(input, expect, why);
    }
}

/// The office's time zone from its name: the name it goes by, or refused.
fn check_zone(input: &str, expect: Result<&str, ExpiryError>, why: &str) {
    let got = parse_time_zone(input).map(|tz| tz.name().to_string());
    assert_eq!(got, expect.map(str::to_string), "{why}");
}

#[test]
fn time_zones_are_iana_names() {
    let unknown = |name: &str| Err(ExpiryError::UnknownTimeZone(name.to_string()));
    let cases = [
        (
            "Asia/Jakarta",
            Ok("Asia/Jakarta"),
            "Indonesia's western zone",
        ),
        ("Africa/Nairobi", Ok("Africa/Nairobi"), "East Africa Time"),
        ("America/New_York", Ok("America/New_York"), "US Eastern"),
        ("UTC", Ok("UTC"), "an office may keep UTC"),
        (
            "  Asia/Jakarta\n",
            Ok("Asia/Jakarta"),
            "spaces around a pasted name are ignored",
        ),
        (
            "Mars/Olympus_Mons",
            unknown("Mars/Olympus_Mons"),
            "a name not in the IANA database is refused",
        ),
        (
            "asia/jakarta",
            unknown("asia/jakarta"),
            "IANA names are case-sensitive",
        ),
        (
            "+07:00",
            unknown("+07:00"),
            "a fixed offset is not a zone: it would miss daylight-saving changes",
        ),
        ("", unknown(""), "an empty name is refused"),
    ];
    for (input, expect, why) in cases {
        check_zone(input, expect, why);
    }
}

#[test]
fn errors_say_what_to_do() {
    let cases = [
        (
            ExpiryError::ZeroDuration(Days),
            "A plan lasts at least 1 day; 0 days is not a duration",
        ),
        (
            ExpiryError::Overflow {
                start: at("2026-01-01T00:00:00+00:00"),
                value: u32::MAX,
                unit: Months,
            },
            "4294967295 months from 2026-01-01 00:00:00 UTC would end after the last date \
             that can be stored",
        ),
        (
            ExpiryError::UnknownTimeZone("Mars/Olympus_Mons".into()),
            "'Mars/Olympus_Mons' is not a time zone: use an IANA name such as Asia/Jakarta, \
             Africa/Nairobi or America/New_York",
        ),
    ];
    for (error, expect) in cases {
        assert_eq!(error.to_string(), expect, "the message shown for {error:?}");
    }
}
