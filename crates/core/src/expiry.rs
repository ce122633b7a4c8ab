//! When a plan ends: the one place tikbill computes an expiry.
//!
//! A profile's duration is a count and a unit (`duration_value` + [`DurationUnit`]). Every
//! expiry in tikbill (a new customer, a renewal, a voucher's first use) comes from
//! [`expires_at`], or from [`extend`], which picks where the new period starts. Instants are UTC
//! in and out, as they are stored; the office's time zone is a parameter because customers and
//! staff read an expiry on the office's wall clock, and "one day" or "one month" is a wall-clock
//! idea. Time is passed in: nothing here reads a clock.
//!
//! The rules:
//!
//! - **Hours are elapsed time.** `n` hours end exactly `n × 3600` seconds later, whatever the
//!   wall clock does in between: an hourly plan sells airtime.
//! - **Days and weeks are calendar days on the office's wall clock** (a week is 7 days). The plan
//!   ends on the `n`-th day after it started, at the same wall-clock time. A 1-day plan bought at
//!   23:30 ends at 23:30 the next day. On an ordinary day, and always in a zone without
//!   daylight saving (Asia/Jakarta, Africa/Nairobi), that is exactly 24 h later. Across a
//!   daylight-saving change it is not: in America/New_York a 1-day plan bought at 23:30 on
//!   2026-03-07 ends at 23:30 on 2026-03-08, after 23 h, and one bought at 23:30 on 2026-10-31
//!   ends 25 h later. This is on purpose. The customer was told "until 23:30 tomorrow", the staff
//!   read 23:30 on the screen and the receipt, and a plan that moved by an hour twice a year
//!   would look like a mistake to both.
//! - **Months are calendar months on the office's wall clock, clamped to the month's last
//!   day.** The plan ends on the same day of the month, at the same wall-clock time. When the
//!   target month is too short, the plan ends on that month's last day instead: Jan 31 + 1 month
//!   is Feb 28 (Feb 29 in 2028), Mar 31 + 1 month is Apr 30, Feb 29 2028 + 12 months is
//!   Feb 28 2029. Dec 31 + 1 month is Jan 31 of the next year. Clamping never carries into
//!   the next month, so a 1-month plan never ends in the month after next.
//! - **An extension starts from the previous expiry, not from an anchor day.** A customer on
//!   Jan 31 who renews monthly ends on Feb 28, then Mar 28, then Apr 28: once clamped, the day
//!   stays clamped. Remembering the first day (to return to Mar 31) would need an anchor stored
//!   next to every customer, and each renewal would then depend on history the staff cannot see.
//!   Counting from the current expiry means a renewal is explained by the screen alone ("1 month
//!   from Feb 28"). It also never adds more than the months paid for. The cost is that two
//!   1-month renewals may end before one 2-month purchase (Jan 31 + 2 months is Mar 31).
//! - **A wall-clock time the office clock skips or shows twice.** The expiry is the first
//!   instant at which the office clock shows the target time or a later one. In a spring-forward
//!   gap (02:30 on 2026-03-08 in New York never happens) that is the end of the gap, 03:00 EDT,
//!   the first valid instant after it. In a fall-back overlap (01:30 on 2026-11-01 happens twice)
//!   it is the earlier of the two, 01:30 EDT. Either way service stops the first time the clock on
//!   the office wall has reached the promised time, never after the customer saw it pass.
//! - **A duration of 0, or an end past the last date chrono can represent, is refused** with an
//!   [`ExpiryError`], never saturated.

mod wall_clock;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Days, Months, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use tikbill_api::DurationUnit;

/// Why an expiry could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpiryError {
    #[error("A plan lasts at least {}; {} is not a duration", .0.describe(1), .0.describe(0))]
    ZeroDuration(DurationUnit),
    #[error(
        "{} from {start} would end after the last date that can be stored",
        .unit.describe(*.value)
    )]
    Overflow {
        start: DateTime<Utc>,
        value: u32,
        unit: DurationUnit,
    },
    #[error(
        "'{0}' is not a time zone: use an IANA name such as Asia/Jakarta, Africa/Nairobi or \
         America/New_York"
    )]
    UnknownTimeZone(String),
}

/// When a plan of `value` `unit`s started at `start` ends, read on the wall clock of
/// `office_tz`. Hours are elapsed time, days, weeks and months are calendar time in the
/// office's time zone; see the [module documentation](self) for the rules and why.
pub fn expires_at(
    start: DateTime<Utc>,
    value: u32,
    unit: DurationUnit,
    office_tz: Tz,
) -> Result<DateTime<Utc>, ExpiryError> {
    if value == 0 {
        return Err(ExpiryError::ZeroDuration(unit));
    }
    let days = |n: u64| move |local: NaiveDateTime| local.checked_add_days(Days::new(n));
    let end = match unit {
        DurationUnit::Hours => {
            TimeDelta::try_hours(i64::from(value)).and_then(|d| start.checked_add_signed(d))
        }
        DurationUnit::Days => on_wall_clock(start, office_tz, days(u64::from(value))),
        DurationUnit::Weeks => on_wall_clock(start, office_tz, days(u64::from(value) * 7)),
        DurationUnit::Months => on_wall_clock(start, office_tz, |local| {
            local.checked_add_months(Months::new(value))
        }),
    };
    end.ok_or(ExpiryError::Overflow { start, value, unit })
}

/// The new expiry after a customer buys `value` `unit`s at `now`.
///
/// A customer still active (`current_expiry` later than `now`) keeps the time left: the new
/// period is added to the current expiry. A customer whose plan has run out, or who never had
/// one (`None`), starts from `now`: days without service are not charged. An expiry equal to
/// `now` has run out, because the expiry is the first instant without service.
pub fn extend(
    current_expiry: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    value: u32,
    unit: DurationUnit,
    office_tz: Tz,
) -> Result<DateTime<Utc>, ExpiryError> {
    let start = match current_expiry {
        Some(expiry) if expiry > now => expiry,
        _ => now,
    };
    expires_at(start, value, unit, office_tz)
}

/// The office's time zone from its IANA name (`Asia/Jakarta`, `Africa/Nairobi`,
/// `America/New_York`). Names are case-sensitive, as in the IANA database; surrounding spaces
/// are ignored.
pub fn parse_time_zone(name: &str) -> Result<Tz, ExpiryError> {
    let name = name.trim();
    name.parse()
        .map_err(|_| ExpiryError::UnknownTimeZone(name.to_string()))
}

/// The instant the office clock first shows `local` (a time typed by staff, e.g. an imported
/// expiry), by the same rule as every expiry: in a skipped hour the end of the gap, in a
/// repeated hour the earlier instant. `None` past what chrono can represent.
pub fn instant_showing(local: NaiveDateTime, office_tz: Tz) -> Option<DateTime<Utc>> {
    wall_clock::first_instant_showing(local, office_tz)
}

/// Moves `start` on the office's wall clock with `step` and returns the instant the clock shows
/// the result, or `None` when the result cannot be represented.
fn on_wall_clock(
    start: DateTime<Utc>,
    office_tz: Tz,
    step: impl FnOnce(NaiveDateTime) -> Option<NaiveDateTime>,
) -> Option<DateTime<Utc>> {
    let local = start.with_timezone(&office_tz).naive_local();
    wall_clock::first_instant_showing(step(local)?, office_tz)
}
