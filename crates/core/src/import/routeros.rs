//! Importing a router's own hotspot users and PPP secrets (rules: the parent module).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{EntityTrait, QueryOrder};
use tikbill_api::{CustomerInput, CustomerStatus, DurationUnit, ImportReport, ProfileInput};
use tikbill_routeros::menu::{format_duration, parse_duration};
use tikbill_routeros::Row;

use super::{
    count, record_run, refuse, report, save, usernames_on, NewCustomer, ProfileChoice, Saved,
};
use crate::customer::{CustomerDraft, Purpose};
use crate::entity::profile;
use crate::expiry;
use crate::profile::ProfileDraft;
use crate::provisioning::apply::is_disabled;
use crate::provisioning::router_time::local_time;
use crate::provisioning::target::{customer_in_comment, expiry_entry_name, Kind};
use crate::rate_limit::RateLimit;
use crate::sync::snapshot::{self, entry_start, Snapshot};
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

/// The limit for connecting, logging in and each read.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The longest full name a comment gives (the customer form's limit).
const MAX_FULL_NAME_CHARS: usize = 128;
/// What a new profile made from a router's profile lasts.
const NEW_PROFILE_DAYS: u32 = 30;
const FALLBACK_CURRENCY: &str = "USD";

/// The refusal for a row whose password the router did not show.
pub const NO_PASSWORD: &str =
    "the router did not show the password: give the API user the 'sensitive' policy";

/// Imports router `router_id`'s hotspot users and PPP secrets as customers of that router.
/// A router that cannot be reached is an error and nothing is imported; see the
/// [module documentation](super) for everything else.
pub async fn from_router(ctx: &Context, router_id: i64) -> CoreResult<ImportReport> {
    ctx.require(Permission::SyncRouters)?;
    let db = ctx.db();
    let office_tz = ctx.office_time_zone().await?;
    let router = crate::router::find(db, router_id).await?;
    let now = ctx.now();
    let seen = snapshot::take(db, &router, ctx.secrets(), TIMEOUT, true, now).await?;
    let mut known: BTreeMap<String, profile::Model> = profile::Entity::find()
        .order_by_asc(profile::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.name.clone(), p))
        .collect();
    let currency = known
        .values()
        .min_by_key(|p| p.id)
        .map_or(FALLBACK_CURRENCY.to_string(), |p| p.currency.clone());
    let run = crate::db::begin_write(db).await?;
    let mut taken = usernames_on(&run, router_id).await?;
    let mut report = report();
    for ((kind, name), item) in &seen.accounts {
        let label = format!("{} {name}", kind.noun());
        if taken.contains(name) {
            report.skipped += 1;
            continue;
        }
        let row = Item {
            kind: *kind,
            name,
            item,
            router_id,
        };
        let new = match row.check(&seen, &known, &currency, now, office_tz) {
            Ok(new) => new,
            Err(why) => {
                refuse(&mut report, label, name, why);
                continue;
            }
        };
        let saved = save(&run, router_id, new, now).await?;
        count(&mut report, &saved);
        if let Saved::Imported { profile, .. } = saved {
            known.insert(profile.name.clone(), *profile);
            taken.insert(name.clone());
        }
    }
    record_run(ctx, &run, "import.router", router_id, &report).await?;
    run.commit().await?;
    Ok(report)
}

/// One router account.
struct Item<'a> {
    kind: Kind,
    name: &'a str,
    item: &'a Row,
    router_id: i64,
}

impl Item<'_> {
    /// The customer to save, or why not.
    fn check(
        &self,
        seen: &Snapshot,
        known: &BTreeMap<String, profile::Model>,
        currency: &str,
        now: DateTime<Utc>,
        office_tz: Tz,
    ) -> Result<NewCustomer, String> {
        let service = self.kind.service().ok_or("not an account")?;
        if self.kind == Kind::PppSecret {
            let on = self.item.get("service").unwrap_or("any");
            if !matches!(on, "pppoe" | "any") {
                return Err(format!(
                    "its service is {on}: tikbill manages PPPoE secrets only"
                ));
            }
        }
        let password = self
            .item
            .get("password")
            .filter(|p| !p.is_empty())
            .ok_or(NO_PASSWORD)?;
        let comment = self.item.get("comment").unwrap_or_default().trim();
        let from_comment = comment_date(comment).map(|local| on_router(seen, local, office_tz));
        let full_name = if comment.is_empty()
            || customer_in_comment(comment).is_some()
            || from_comment.is_some()
        {
            self.name.to_string()
        } else {
            comment.chars().take(MAX_FULL_NAME_CHARS).collect()
        };
        let input = CustomerInput {
            username: self.name.to_string(),
            password: Some(password.to_string()),
            full_name,
            phone: String::new(),
            email: String::new(),
            service_type: service.as_str().to_string(),
            router_id: Some(self.router_id),
            // Resolved below; the form only needs one to be chosen.
            profile_id: Some(0),
        };
        let draft = CustomerDraft::parse(&input, Purpose::Create)
            .map_err(|fields| super::reason(&fields, |f| f.replace('_', " ")))?;
        let profile_name = self.item.get("profile").unwrap_or("default");
        let (profile, period) = match known.get(profile_name) {
            Some(found) => (
                ProfileChoice::Existing(found.id),
                period_of(found).map_err(|e| e.to_string())?,
            ),
            None => {
                let kind = self.kind.profile_kind();
                let router_profile = seen.profiles.get(&(kind, profile_name.to_string()));
                let made = from_router_profile(kind, profile_name, router_profile, currency)?;
                (
                    ProfileChoice::Create(made),
                    (NEW_PROFILE_DAYS, DurationUnit::Days),
                )
            }
        };
        let entry = seen
            .entries
            .get(&expiry_entry_name(self.kind, self.name))
            .and_then(entry_start)
            .map(|local| on_router(seen, local, office_tz));
        let found = entry.or(from_comment).flatten();
        let (status, expires_at) = if is_disabled(self.item) {
            (CustomerStatus::Disabled, found)
        } else {
            match found {
                Some(at) if at > now => (CustomerStatus::Active, Some(at)),
                Some(at) => (CustomerStatus::Expired, Some(at)),
                None => {
                    let (value, unit) = period;
                    let at = expiry::expires_at(now, value, unit, office_tz)
                        .map_err(|e| e.to_string())?;
                    (CustomerStatus::Active, Some(at))
                }
            }
        };
        Ok(NewCustomer {
            draft,
            profile,
            status,
            expires_at,
        })
    }
}

/// A time on the router's clock as an instant; the office's clock stands in when the router's
/// could not be read.
fn on_router(seen: &Snapshot, local: NaiveDateTime, office_tz: Tz) -> Option<DateTime<Utc>> {
    match &seen.clock {
        Ok(clock) => clock.instant(local),
        Err(_) => expiry::instant_showing(local, office_tz),
    }
}

/// A Mikhmon-style expiry in a comment: a RouterOS date and a time, first on the line
/// (`jan/31/2026 10:00:00`, `2026-01-31 10:00:00`).
fn comment_date(comment: &str) -> Option<NaiveDateTime> {
    let mut words = comment.split_whitespace();
    local_time(words.next()?, words.next()?)
}

/// A stored profile's period.
fn period_of(row: &profile::Model) -> CoreResult<(u32, DurationUnit)> {
    let value = u32::try_from(row.duration_value).ok();
    match (value, DurationUnit::parse(&row.duration_unit)) {
        (Some(value), Some(unit)) if value > 0 => Ok((value, unit)),
        _ => Err(CoreError::Validation {
            summary: format!(
                "profile '{}' has no valid duration ({} {}): edit the profile and save it again",
                row.name, row.duration_value, row.duration_unit
            ),
            fields: Vec::new(),
        }),
    }
}

/// A tikbill profile made from the router's profile `name`, or why it cannot be.
fn from_router_profile(
    kind: Kind,
    name: &str,
    row: Option<&Row>,
    currency: &str,
) -> Result<ProfileDraft, String> {
    let create_first =
        format!("create a profile named '{name}' in tikbill first, then import again");
    let Some(row) = row else {
        return Err(format!(
            "its profile '{name}' is not on the router's {} list: {create_first}",
            kind.noun()
        ));
    };
    let rate = row.get("rate-limit").unwrap_or_default().trim();
    if rate.is_empty() {
        return Err(format!(
            "the router's profile '{name}' has no rate limit, and a tikbill profile needs one: \
             {create_first}"
        ));
    }
    if let Err(e) = RateLimit::parse(rate) {
        return Err(format!(
            "the router's profile '{name}' has rate-limit '{rate}', which tikbill cannot use \
             ({e}): {create_first}"
        ));
    }
    let shared_users = match kind {
        Kind::PppProfile if row.get("only-one") == Some("yes") => 1,
        Kind::PppProfile => 2,
        _ => row
            .get("shared-users")
            .and_then(|n| n.trim().parse::<u32>().ok())
            .filter(|n| *n >= 1)
            .unwrap_or(1),
    };
    // RouterOS shows "no limit" as an absent value or zero.
    let session_timeout = row
        .get("session-timeout")
        .and_then(parse_duration)
        .filter(|d| !d.is_zero())
        .map(format_duration)
        .unwrap_or_default();
    let input = ProfileInput {
        name: name.to_string(),
        rate_limit: rate.to_string(),
        price: "0".into(),
        currency: currency.to_string(),
        duration_value: NEW_PROFILE_DAYS.to_string(),
        duration_unit: DurationUnit::Days.as_str().to_string(),
        data_limit: String::new(),
        shared_users: shared_users.to_string(),
        session_timeout,
    };
    ProfileDraft::parse(&input).map_err(|e| match e {
        CoreError::Validation { fields, .. } if !fields.is_empty() => format!(
            "the router's profile '{name}' cannot be a tikbill profile ({}): {create_first}",
            super::reason(&fields, |f| f.replace('_', " "))
        ),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mikhmon_dates_are_read_from_comments() {
        let cases = [
            ("jan/31/2026 10:00:00", Some("2026-01-31 10:00:00")),
            ("2026-01-31 10:00:00", Some("2026-01-31 10:00:00")),
            ("2026-01-31 10:00:00 paid", Some("2026-01-31 10:00:00")),
            ("Ayu Lestari", None),
            ("vc-123-06.20.24-", None),
            ("", None),
        ];
        for (comment, expect) in cases {
            let got = comment_date(comment).map(|t| t.to_string());
            assert_eq!(got.as_deref(), expect, "comment {comment:?}");
        }
    }

    #[test]
    fn router_profiles_become_tikbill_profiles_when_tikbill_can_read_them() {
        let row = |pairs: &[(&str, &str)]| pairs.iter().copied().collect::<Row>();
        let made = from_router_profile(
            Kind::HotspotProfile,
            "10M",
            Some(&row(&[
                ("rate-limit", "2M/10M"),
                ("shared-users", "3"),
                ("session-timeout", "1d2h"),
            ])),
            "IDR",
        )
        .expect("a readable profile");
        assert_eq!(
            (
                made.rate_limit.to_string(),
                made.shared_users,
                made.currency,
                made.session_timeout_secs
            ),
            ("2M/10M".into(), 3, "IDR".into(), Some(26 * 3600))
        );
        let ppp = from_router_profile(
            Kind::PppProfile,
            "home",
            Some(&row(&[
                ("rate-limit", "1M/2M"),
                ("only-one", "yes"),
                ("session-timeout", "0s"),
            ])),
            "USD",
        )
        .expect("a readable PPP profile");
        assert_eq!(ppp.shared_users, 1, "only-one is one device");
        assert_eq!(ppp.session_timeout_secs, None, "0s is no limit");
        let none = from_router_profile(Kind::HotspotProfile, "default", Some(&row(&[])), "USD");
        assert!(
            none.unwrap_err().contains("has no rate limit"),
            "an unlimited profile cannot be guessed"
        );
        let odd = from_router_profile(
            Kind::HotspotProfile,
            "odd",
            Some(&row(&[("rate-limit", "1M/2M 0/0 0/0 0/0 8")])),
            "USD",
        );
        assert!(odd.unwrap_err().contains("which tikbill cannot use"));
    }
}
