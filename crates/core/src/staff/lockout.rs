//! Wrong passwords slow an account down: the first four cost nothing, the fifth in a row makes
//! the account wait 10 s before the next try, and each further one doubles the wait, up to
//! 15 minutes. A successful sign-in starts the count again. The waits are judged with the
//! context's clock and kept in the database (`failed_attempts`, `locked_until`), so they hold
//! across the app and the agent and across restarts.

use chrono::{DateTime, Duration, Utc};

/// Wrong passwords in a row that cost nothing.
pub const FREE_FAILURES: u32 = 4;
/// The wait after the first failure past the free ones.
pub const FIRST_WAIT_SECS: i64 = 10;
/// The longest wait.
pub const MAX_WAIT_SECS: i64 = 15 * 60;

/// How long an account waits after its `failures`-th wrong password in a row (none for the
/// first [`FREE_FAILURES`]).
pub fn wait_after(failures: u32) -> Option<Duration> {
    let past_free = failures.checked_sub(FREE_FAILURES + 1)?;
    // 2^7 × 10 s already passes the cap; larger exponents only overflow.
    let doubled = FIRST_WAIT_SECS.saturating_mul(1_i64 << past_free.min(7));
    Some(Duration::seconds(doubled.min(MAX_WAIT_SECS)))
}

/// Whole seconds left until `until`, rounded up (a wait of 0.2 s reads "1 s"); `None` when the
/// wait is over.
pub fn seconds_left(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<u64> {
    let left = until? - now;
    if left <= Duration::zero() {
        return None;
    }
    let millis = u64::try_from(left.num_milliseconds()).unwrap_or(0);
    Some(millis.div_ceil(1000).max(1))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn check(failures: u32, expect: Option<i64>) {
        assert_eq!(
            wait_after(failures).map(|d| d.num_seconds()),
            expect,
            "after {failures} wrong passwords in a row"
        );
    }

    #[test]
    fn the_fifth_failure_waits_ten_seconds_and_each_next_one_doubles_up_to_fifteen_minutes() {
        for free in 0..=4 {
            check(free, None);
        }
        check(5, Some(10));
        check(6, Some(20));
        check(7, Some(40));
        check(8, Some(80));
        check(9, Some(160));
        check(10, Some(320));
        check(11, Some(640));
        check(12, Some(900));
        check(13, Some(900));
        check(u32::MAX, Some(900));
    }

    #[test]
    fn seconds_left_round_up_and_end_at_the_instant() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap();
        let at = |ms| Some(now + Duration::milliseconds(ms));
        assert_eq!(seconds_left(at(40_000), now), Some(40));
        assert_eq!(seconds_left(at(39_001), now), Some(40));
        assert_eq!(seconds_left(at(200), now), Some(1));
        assert_eq!(
            seconds_left(at(0), now),
            None,
            "the wait ends at its instant"
        );
        assert_eq!(seconds_left(at(-5_000), now), None);
        assert_eq!(seconds_left(None, now), None, "no wait at all");
    }
}
