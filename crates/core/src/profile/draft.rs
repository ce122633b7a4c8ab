//! A profile form, parsed and checked field by field.

use rust_decimal::Decimal;
use sea_orm::{NotSet, Set};
use tikbill_api::{DurationUnit, FieldError, ProfileInput};

use crate::entity::profile;
use crate::money::{parse_amount, parse_currency, to_e4};
use crate::rate_limit::RateLimit;
use crate::size::parse_size;
use crate::CoreError;

pub const MAX_NAME_CHARS: usize = 64;
pub const MAX_DURATION: u32 = 1000;
pub const MAX_SHARED_USERS: u32 = 1000;

/// A valid profile, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileDraft {
    pub name: String,
    pub rate_limit: RateLimit,
    pub price: Decimal,
    pub currency: String,
    pub duration_value: u32,
    pub duration_unit: DurationUnit,
    pub data_limit_bytes: Option<u64>,
    pub shared_users: u32,
    /// Seconds one login may last; `None` for no limit.
    pub session_timeout_secs: Option<u64>,
}

/// The longest session timeout tikbill accepts (RouterOS takes more; a year is plenty).
pub const MAX_SESSION_TIMEOUT_SECS: u64 = 365 * 86_400;

/// `2h`, `30m`, `1d12h`, `01:30:00`, or empty for no limit.
fn session_timeout(text: &str) -> Result<Option<u64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let refused = || {
        format!("'{text}' is not a time: write it as 2h, 30m or 1d12h; leave it empty for no limit")
    };
    let secs = tikbill_routeros::menu::parse_duration(text)
        .ok_or_else(refused)?
        .as_secs();
    if secs == 0 || secs > MAX_SESSION_TIMEOUT_SECS {
        return Err(
            "a session timeout is between 1 second and 365 days; leave it empty for no limit"
                .into(),
        );
    }
    Ok(Some(secs))
}

/// Collects one message per refused field.
#[derive(Default)]
struct Refusals(Vec<FieldError>);

impl Refusals {
    fn check<T, E: ToString>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError {
                    field: field.to_string(),
                    message: capitalise(&e.to_string()),
                });
                None
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn whole_number(text: &str, min: u32, max: u32, what: &str) -> Result<u32, String> {
    let t = text.trim();
    let n: u32 = t.parse().map_err(|_| {
        if t.is_empty() {
            format!("give the {what}")
        } else {
            format!("'{t}' is not a whole number")
        }
    })?;
    if n < min {
        return Err(format!("the {what} must be at least {min}"));
    }
    if n > max {
        return Err(format!("the {what} can be at most {max}"));
    }
    Ok(n)
}

impl ProfileDraft {
    /// Parses a form; on failure the error lists every refused field at once.
    pub fn parse(input: &ProfileInput) -> Result<Self, CoreError> {
        let mut r = Refusals::default();
        let name = input.name.trim().to_string();
        let name = r.check(
            "name",
            if name.is_empty() {
                Err("give the profile a name".to_string())
            } else if name.chars().count() > MAX_NAME_CHARS {
                Err(format!("use at most {MAX_NAME_CHARS} characters"))
            } else {
                Ok(name)
            },
        );
        let rate_limit = r.check("rate_limit", RateLimit::parse(&input.rate_limit));
        let price = r.check("price", parse_amount(&input.price));
        let currency = r.check(
            "currency",
            parse_currency(&input.currency)
                .ok_or("use a 3-letter currency code such as IDR, USD or KES"),
        );
        let duration_value = r.check(
            "duration_value",
            whole_number(&input.duration_value, 1, MAX_DURATION, "duration"),
        );
        let duration_unit = r.check(
            "duration_unit",
            DurationUnit::parse(input.duration_unit.trim())
                .ok_or("choose hours, days, weeks or months"),
        );
        let data_limit_bytes = r.check("data_limit", parse_size(&input.data_limit));
        let shared_users = r.check(
            "shared_users",
            whole_number(
                &input.shared_users,
                1,
                MAX_SHARED_USERS,
                "number of devices",
            ),
        );
        let session_timeout_secs =
            r.check("session_timeout", session_timeout(&input.session_timeout));
        match (
            name,
            rate_limit,
            price,
            currency,
            duration_value,
            duration_unit,
            data_limit_bytes,
            (shared_users, session_timeout_secs),
        ) {
            (
                Some(name),
                Some(rate_limit),
                Some(price),
                Some(currency),
                Some(duration_value),
                Some(duration_unit),
                Some(data_limit_bytes),
                (Some(shared_users), Some(session_timeout_secs)),
            ) if r.0.is_empty() => Ok(Self {
                name,
                rate_limit,
                price,
                currency,
                duration_value,
                duration_unit,
                data_limit_bytes,
                shared_users,
                session_timeout_secs,
            }),
            _ => Err(CoreError::invalid("profile", r.0)),
        }
    }

    /// The columns to store (id and timestamps are the caller's).
    pub(crate) fn into_active_model(self) -> profile::ActiveModel {
        let i = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let burst = self.rate_limit.burst;
        profile::ActiveModel {
            id: NotSet,
            name: Set(self.name),
            rate_up_bps: Set(i(self.rate_limit.rate.up)),
            rate_down_bps: Set(i(self.rate_limit.rate.down)),
            burst_up_bps: Set(burst.map(|b| i(b.rate.up))),
            burst_down_bps: Set(burst.map(|b| i(b.rate.down))),
            burst_threshold_up_bps: Set(burst.map(|b| i(b.threshold.up))),
            burst_threshold_down_bps: Set(burst.map(|b| i(b.threshold.down))),
            burst_time_up_secs: Set(burst.map(|b| b.time_secs.up as i32)),
            burst_time_down_secs: Set(burst.map(|b| b.time_secs.down as i32)),
            // parse_amount already proved the price fits storage.
            price_e4: Set(to_e4(self.price).unwrap_or(0)),
            currency: Set(self.currency),
            duration_value: Set(self.duration_value as i32),
            duration_unit: Set(self.duration_unit.as_str().to_string()),
            data_limit_bytes: Set(self.data_limit_bytes.map(i)),
            shared_users: Set(self.shared_users as i32),
            session_timeout_secs: Set(self.session_timeout_secs.map(i)),
            created_at: NotSet,
            updated_at: NotSet,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ProfileInput {
        ProfileInput {
            name: "Home 10M".into(),
            rate_limit: "10M/5M".into(),
            price: "150000".into(),
            currency: "idr".into(),
            duration_value: "30".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        }
    }

    fn refused(input: ProfileInput) -> Vec<(String, String)> {
        match ProfileDraft::parse(&input) {
            Err(CoreError::Validation { fields, .. }) => {
                fields.into_iter().map(|f| (f.field, f.message)).collect()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let d = ProfileDraft::parse(&good()).unwrap();
        assert_eq!(d.currency, "IDR", "currency is upper-cased");
        assert_eq!(d.rate_limit.to_string(), "10M/5M");
        assert_eq!(d.data_limit_bytes, None, "empty data limit means unlimited");
    }

    #[test]
    fn session_timeouts_are_routeros_times_or_empty() {
        for (typed, secs) in [
            ("", None),
            ("2h", Some(7200)),
            ("1d12h", Some(129_600)),
            (" 30m ", Some(1800)),
        ] {
            let input = ProfileInput {
                session_timeout: typed.into(),
                ..good()
            };
            let d = ProfileDraft::parse(&input).unwrap();
            assert_eq!(d.session_timeout_secs, secs, "{typed:?}");
        }
        for typed in ["0s", "soon", "400d"] {
            let input = ProfileInput {
                session_timeout: typed.into(),
                ..good()
            };
            let got = refused(input);
            assert_eq!(
                got[0].0, "session_timeout",
                "{typed:?} is refused under its field"
            );
        }
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = ProfileInput {
            name: " ".into(),
            rate_limit: "10X/5M".into(),
            price: "-1".into(),
            currency: "rupiah".into(),
            duration_value: "0".into(),
            duration_unit: "fortnights".into(),
            data_limit: "lots".into(),
            shared_users: "0".into(),
            session_timeout: "forever".into(),
        };
        let got = refused(bad);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "rate_limit",
                "price",
                "currency",
                "duration_value",
                "duration_unit",
                "data_limit",
                "shared_users",
                "session_timeout"
            ],
            "each refused field is reported, in form order"
        );
        assert_eq!(got[2].1, "The amount cannot be negative");
        assert_eq!(got[4].1, "The duration must be at least 1");
    }
}
