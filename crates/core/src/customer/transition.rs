//! What each status change does to a customer, and which changes are impossible. Pure: the
//! caller reads the customer, the clock and the profile, and stores the result.
//!
//! | from \ change | activate           | extend             | disable  | enable            |
//! |---------------|--------------------|--------------------|----------|-------------------|
//! | pending       | active, new period | refused            | disabled | refused           |
//! | active        | refused            | active, time added | disabled | refused           |
//! | expired       | active, new period | active, new period | disabled | refused           |
//! | disabled      | active, time added | refused            | refused  | by the expiry (*) |
//!
//! (*) active if the expiry is still ahead, expired if it passed, pending if there is none.
//!
//! A period always comes from [`expiry::extend`]: time still left is kept (the period is added
//! to the current expiry), time run out is not charged (the period starts now). Disabling keeps
//! the expiry, so enabling gives back exactly what was left: active if the expiry is still
//! ahead, expired if it passed meanwhile, pending if the customer was never activated.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tikbill_api::{CustomerStatus, DurationUnit};

use crate::expiry::{self, ExpiryError};
use crate::CoreError;

/// A customer's status and expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct State {
    pub status: CustomerStatus,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A period of service: a count and a unit, as a profile's duration.
pub(crate) type Period = (u32, DurationUnit);

/// A change the office asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// Start service with one period.
    Activate(Period),
    /// Add a period to a customer who has (or just had) service.
    Extend(Period),
    Disable,
    Enable,
}

/// The state after `change`, or a refusal that names the customer (`name`) and says why.
pub(crate) fn next(
    name: &str,
    from: State,
    change: Change,
    now: DateTime<Utc>,
    office_tz: Tz,
) -> Result<State, CoreError> {
    use CustomerStatus::{Active, Disabled, Expired, Pending};
    let period = |(value, unit): Period| {
        expiry::extend(from.expires_at, now, value, unit, office_tz)
            .map_err(|e| not_changed(name, &e))
    };
    let refuse = |why: String| Err(CoreError::Conflict(why));
    let until = || match from.expires_at {
        Some(t) => format!(" until {}", on_office_clock(t, office_tz)),
        None => String::new(),
    };
    match (from.status, change) {
        (Pending | Expired | Disabled, Change::Activate(p))
        | (Active | Expired, Change::Extend(p)) => Ok(State {
            status: Active,
            expires_at: Some(period(p)?),
        }),
        (Active, Change::Activate(_)) => refuse(format!(
            "{name} is already active{}. Extend the plan to add time.",
            until()
        )),
        (Pending, Change::Extend(_)) => refuse(format!(
            "{name} has not been activated yet. Activate them to start the first period."
        )),
        (Disabled, Change::Extend(_)) => refuse(format!(
            "{name} is disabled. Enable or activate them before extending the plan."
        )),
        (Pending | Active | Expired, Change::Disable) => Ok(State {
            status: Disabled,
            ..from
        }),
        (Disabled, Change::Disable) => refuse(format!("{name} is already disabled.")),
        (Disabled, Change::Enable) => Ok(State {
            status: match from.expires_at {
                Some(t) if t > now => Active,
                Some(_) => Expired,
                None => Pending,
            },
            ..from
        }),
        (Pending, Change::Enable) => refuse(format!(
            "{name} is not disabled: they are waiting to be activated."
        )),
        (Active, Change::Enable) => refuse(format!(
            "{name} is not disabled: they are active{}.",
            until()
        )),
        (Expired, Change::Enable) => refuse(format!(
            "{name} is not disabled: their plan expired. Extend or activate them instead."
        )),
    }
}

/// An expiry that cannot be computed, said about the customer.
pub(crate) fn not_changed(name: &str, err: &ExpiryError) -> CoreError {
    let why = err.to_string();
    let mut chars = why.chars();
    let why: String = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => why,
    };
    CoreError::Validation {
        summary: format!("{name}'s plan was not changed: {why}."),
        fields: Vec::new(),
    }
}

/// `2026-12-24 15:00 WIB`: an instant as the office clock shows it.
pub(crate) fn on_office_clock(t: DateTime<Utc>, office_tz: Tz) -> String {
    t.with_timezone(&office_tz)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Asia::Jakarta;
    use CustomerStatus::{Active, Disabled, Expired, Pending};

    use super::*;

    /// 2026-11-`d` at 08:00 UTC (15:00 in Jakarta); the 24th is now.
    fn nov(d: u32) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(2026, 11, d, 8, 0, 0).single()
    }

    fn dec(d: u32) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(2026, 12, d, 8, 0, 0).single()
    }

    const MONTH: Change = Change::Activate((30, DurationUnit::Days));
    const MORE: Change = Change::Extend((30, DurationUnit::Days));

    /// `change` applied to a customer in `status` until `expires_at`, at 2026-11-24 08:00 UTC
    /// in Asia/Jakarta: the new state, or the refusal.
    fn check(
        (status, expires_at): (CustomerStatus, Option<DateTime<Utc>>),
        change: Change,
        expect: Result<(CustomerStatus, Option<DateTime<Utc>>), &str>,
        why: &str,
    ) {
        let from = State { status, expires_at };
        let got = next("Ayu", from, change, nov(24).unwrap(), Jakarta)
            .map(|s| (s.status, s.expires_at))
            .map_err(|e| e.to_string());
        assert_eq!(got, expect.map_err(String::from), "{why}");
    }

    #[test]
    fn activate() {
        check(
            (Pending, None),
            MONTH,
            Ok((Active, dec(24))),
            "the first period starts now",
        );
        check(
            (Expired, nov(20)),
            MONTH,
            Ok((Active, dec(24))),
            "run-out time is not charged",
        );
        check(
            (Disabled, nov(26)),
            MONTH,
            Ok((Active, dec(26))),
            "time left is kept",
        );
        check(
            (Active, nov(26)),
            MONTH,
            Err("Ayu is already active until 2026-11-26 15:00 WIB. Extend the plan to add time."),
            "activating twice would sell a period by mistake",
        );
    }

    #[test]
    fn extend() {
        check(
            (Active, nov(26)),
            MORE,
            Ok((Active, dec(26))),
            "added to the current expiry",
        );
        check(
            (Active, nov(20)),
            MORE,
            Ok((Active, dec(24))),
            "not yet expired by the agent",
        );
        let two_hours = Change::Extend((2, DurationUnit::Hours));
        let ten = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).single();
        check(
            (Expired, nov(20)),
            two_hours,
            Ok((Active, ten)),
            "expired: from now",
        );
        check(
            (Pending, None),
            MORE,
            Err("Ayu has not been activated yet. Activate them to start the first period."),
            "extend is for customers who had service",
        );
        check(
            (Disabled, nov(26)),
            MORE,
            Err("Ayu is disabled. Enable or activate them before extending the plan."),
            "extending must not switch a disabled customer on silently",
        );
        check(
            (Active, nov(26)),
            Change::Extend((0, DurationUnit::Days)),
            Err(concat!(
                "Ayu's plan was not changed: ",
                "a plan lasts at least 1 day; 0 days is not a duration."
            )),
            "a zero period is refused",
        );
    }

    #[test]
    fn disable_keeps_the_expiry() {
        let off = Change::Disable;
        check(
            (Active, nov(26)),
            off,
            Ok((Disabled, nov(26))),
            "time left is kept",
        );
        check(
            (Pending, None),
            off,
            Ok((Disabled, None)),
            "a pending customer",
        );
        check(
            (Expired, nov(20)),
            off,
            Ok((Disabled, nov(20))),
            "an expired customer",
        );
        check(
            (Disabled, nov(26)),
            off,
            Err("Ayu is already disabled."),
            "twice",
        );
    }

    #[test]
    fn enable_gives_back_what_was_left() {
        let on = Change::Enable;
        check(
            (Disabled, nov(26)),
            on,
            Ok((Active, nov(26))),
            "time left: active",
        );
        check(
            (Disabled, nov(20)),
            on,
            Ok((Expired, nov(20))),
            "the expiry passed: expired",
        );
        check(
            (Disabled, nov(24)),
            on,
            Ok((Expired, nov(24))),
            "an expiry at now has passed",
        );
        check(
            (Disabled, None),
            on,
            Ok((Pending, None)),
            "never activated: pending",
        );
        check(
            (Active, nov(26)),
            on,
            Err("Ayu is not disabled: they are active until 2026-11-26 15:00 WIB."),
            "enable is only for disabled customers",
        );
        check(
            (Pending, None),
            on,
            Err("Ayu is not disabled: they are waiting to be activated."),
            "enable is only for disabled customers",
        );
        check(
            (Expired, nov(20)),
            on,
            Err("Ayu is not disabled: their plan expired. Extend or activate them instead."),
            "enable is only for disabled customers",
        );
    }
}
