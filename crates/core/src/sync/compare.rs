//! Comparing what the database says a router should have with what it has. Pure: each
//! difference comes with the job key that fixes it, if applying should fix it at all.
//!
//! Passwords are never compared: RouterOS shows them only to API users with the `sensitive`
//! policy, and then not reliably, so a "difference" there would be noise. Every job rewrites
//! the password anyway.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};
use tikbill_api::{CustomerId, SyncDifference};
use tikbill_routeros::menu::{format_duration, parse_bool, parse_duration};
use tikbill_routeros::Row;

use super::snapshot::{entry_account, entry_start, Snapshot};
use crate::provisioning::apply::{enabled_now, is_disabled};
use crate::provisioning::target::{
    customer_in_comment, expiry_entry_name, expiry_script, made_by_tikbill, Account, Kind,
    ProfileSpec,
};
use crate::rate_limit::RateLimit;

/// `SyncDifference::kind` of an expiry entry.
pub const EXPIRY_ENTRY: &str = "expiry_entry";
/// `SyncDifference::problem` values.
pub const MISSING_ON_ROUTER: &str = "missing_on_router";
pub const DIFFERS: &str = "differs";
pub const ONLY_ON_ROUTER: &str = "only_on_router";
/// `SyncDifference::action` values.
pub const ADD: &str = "add";
pub const UPDATE: &str = "update";
pub const REMOVE: &str = "remove";
pub const NONE: &str = "none";

/// An expiry entry starting this close to the expected instant is right: the router's clock is
/// read once per comparison, so the same entry can come out a second apart from one read to
/// the next.
const ENTRY_SLACK_SECS: i64 = 60;

/// The job that fixes a difference: converge this key on the router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fix {
    pub kind: Kind,
    pub name: String,
    pub customer_id: Option<CustomerId>,
}

/// A difference and its fix (`None`: left alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub difference: SyncDifference,
    pub fix: Option<Fix>,
}

/// `SyncDifference::kind` for an account or profile kind.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::HotspotUser => "user",
        Kind::PppSecret => "secret",
        Kind::HotspotProfile => "hotspot_profile",
        Kind::PppProfile => "ppp_profile",
    }
}

/// Every difference between `want` (the router's customers' accounts, by kind and name) and
/// `router`, in kind order (users, secrets, profiles, expiry entries), then by name.
/// `customers` are the customers that still exist among those named in router comments.
pub(crate) fn compare(
    want: &HashMap<(Kind, String), Account>,
    router: &Snapshot,
    customers: &BTreeSet<CustomerId>,
    now: DateTime<Utc>,
) -> Vec<Found> {
    let mut found = Vec::new();
    accounts(want, router, customers, now, &mut found);
    profiles(want, router, &mut found);
    entries(want, router, now, &mut found);
    let rank = |kind: &str| {
        [
            "user",
            "secret",
            "hotspot_profile",
            "ppp_profile",
            EXPIRY_ENTRY,
        ]
        .iter()
        .position(|k| *k == kind)
    };
    found.sort_by(|a, b| {
        let a = &a.difference;
        let b = &b.difference;
        (rank(&a.kind), &a.name).cmp(&(rank(&b.kind), &b.name))
    });
    found
}

fn push(
    found: &mut Vec<Found>,
    kind: &str,
    name: &str,
    problem: &str,
    detail: String,
    action: &str,
    fix: Option<Fix>,
) {
    found.push(Found {
        difference: SyncDifference {
            kind: kind.to_string(),
            name: name.to_string(),
            problem: problem.to_string(),
            detail,
            action: action.to_string(),
        },
        fix,
    });
}

fn fix(kind: Kind, name: &str, customer_id: Option<CustomerId>) -> Option<Fix> {
    Some(Fix {
        kind,
        name: name.to_string(),
        customer_id,
    })
}

fn accounts(
    want: &HashMap<(Kind, String), Account>,
    router: &Snapshot,
    customers: &BTreeSet<CustomerId>,
    now: DateTime<Utc>,
    found: &mut Vec<Found>,
) {
    for ((kind, name), account) in want {
        let enabled = enabled_now(account, now);
        let repair = fix(*kind, name, Some(account.customer_id));
        let Some(row) = router.accounts.get(&(*kind, name.clone())) else {
            let state = if enabled { "enabled" } else { "disabled" };
            let detail = format!(
                "not on the router; tikbill: profile {}, {state}",
                account.profile.name
            );
            push(
                found,
                kind_name(*kind),
                name,
                MISSING_ON_ROUTER,
                detail,
                ADD,
                repair,
            );
            continue;
        };
        if !account.adopts_router_account && !made_by_tikbill(row.get("comment")) {
            // The worker never overwrites an account tikbill did not make: no fix to offer.
            push(
                found,
                kind_name(*kind),
                name,
                DIFFERS,
                "the router's own account, not made by tikbill: import it from the router to \
                 adopt it"
                    .into(),
                NONE,
                None,
            );
            continue;
        }
        let mut changes = Vec::new();
        let disabled = is_disabled(row);
        if disabled == enabled {
            changes.push(format!(
                "disabled: router {}, tikbill {}",
                yes_no(disabled),
                yes_no(!enabled)
            ));
        }
        differ(
            &mut changes,
            "profile",
            row.get("profile"),
            &account.profile.name,
        );
        differ(
            &mut changes,
            "comment",
            row.get("comment"),
            &account.comment(),
        );
        if *kind == Kind::PppSecret {
            differ(&mut changes, "service", row.get("service"), "pppoe");
        }
        if !changes.is_empty() {
            let detail = changes.join("; ");
            push(
                found,
                kind_name(*kind),
                name,
                DIFFERS,
                detail,
                UPDATE,
                repair,
            );
        }
    }
    for ((kind, name), row) in &router.accounts {
        if want.contains_key(&(*kind, name.clone())) {
            continue;
        }
        let (detail, action, repair) = match row.get("comment").and_then(customer_in_comment) {
            Some(id) if customers.contains(&id) => (
                format!("marked tikbill:{id}, but customer #{id} no longer has this account"),
                REMOVE,
                fix(*kind, name, None),
            ),
            Some(id) => (
                format!("marked tikbill:{id}, but customer #{id} no longer exists"),
                REMOVE,
                fix(*kind, name, None),
            ),
            None => (
                "not a tikbill customer: import it instead".to_string(),
                NONE,
                None,
            ),
        };
        push(
            found,
            kind_name(*kind),
            name,
            ONLY_ON_ROUTER,
            detail,
            action,
            repair,
        );
    }
}

/// The profiles the router's customers use. Profiles no tikbill customer of this router uses
/// are the router's own business and are not compared.
fn profiles(want: &HashMap<(Kind, String), Account>, router: &Snapshot, found: &mut Vec<Found>) {
    let mut used: BTreeMap<(Kind, String), &ProfileSpec> = BTreeMap::new();
    for ((kind, _), account) in want {
        used.insert(
            (kind.profile_kind(), account.profile.name.clone()),
            &account.profile,
        );
    }
    for ((kind, name), spec) in used {
        let repair = fix(kind, &name, None);
        let sharing = match kind {
            Kind::PppProfile => format!("only-one {}", yes_no(spec.shared_users == 1)),
            _ => format!("shared users {}", spec.shared_users),
        };
        let Some(row) = router.profiles.get(&(kind, name.clone())) else {
            let detail = format!(
                "not on the router; tikbill: rate-limit {}, {sharing}",
                spec.rate_limit
            );
            push(
                found,
                kind_name(kind),
                &name,
                MISSING_ON_ROUTER,
                detail,
                ADD,
                repair,
            );
            continue;
        };
        let mut changes = Vec::new();
        let rate = row.get("rate-limit").unwrap_or_default();
        if !same_rate(rate, &spec.rate_limit) {
            changes.push(format!(
                "rate-limit: router {}, tikbill {}",
                shown(rate),
                spec.rate_limit
            ));
        }
        match kind {
            Kind::PppProfile => {
                let want_only_one = spec.shared_users == 1;
                let only_one = row.get("only-one").unwrap_or_default();
                if parse_bool(only_one) != Some(want_only_one) {
                    changes.push(format!(
                        "only-one: router {}, tikbill {}",
                        shown(only_one),
                        yes_no(want_only_one)
                    ));
                }
            }
            _ => {
                let shared = row.get("shared-users").unwrap_or("1");
                if shared.trim().parse::<u32>().ok() != Some(spec.shared_users) {
                    changes.push(format!(
                        "shared-users: router {}, tikbill {}",
                        shown(shared),
                        spec.shared_users
                    ));
                }
            }
        }
        let timeout = row.get("session-timeout").unwrap_or_default();
        let router_secs = parse_duration(timeout).map_or(0, |d| d.as_secs());
        let wanted_secs = spec.session_timeout_secs.unwrap_or(0);
        if router_secs != wanted_secs {
            let show = |secs: u64| match secs {
                0 => "none".to_string(),
                s => format_duration(std::time::Duration::from_secs(s)),
            };
            changes.push(format!(
                "session-timeout: router {}, tikbill {}",
                show(router_secs),
                show(wanted_secs)
            ));
        }
        if !changes.is_empty() {
            let detail = changes.join("; ");
            push(
                found,
                kind_name(kind),
                &name,
                DIFFERS,
                detail,
                UPDATE,
                repair,
            );
        }
    }
}

/// Expiry entries: one per account that may log in and has an expiry.
fn entries(
    want: &HashMap<(Kind, String), Account>,
    router: &Snapshot,
    now: DateTime<Utc>,
    found: &mut Vec<Found>,
) {
    let mut wanted: BTreeMap<String, (Kind, &str, &Account, DateTime<Utc>)> = BTreeMap::new();
    for ((kind, name), account) in want {
        if let Some(at) = account.expires_at.filter(|_| enabled_now(account, now)) {
            wanted.insert(
                expiry_entry_name(*kind, name),
                (*kind, name.as_str(), account, at),
            );
        }
    }
    let clock = router.clock.as_ref();
    for (entry, (kind, name, account, at)) in &wanted {
        let repair = fix(*kind, name, Some(account.customer_id));
        let expected = clock.ok().and_then(|c| c.local_naive(*at));
        let Some(row) = router.entries.get(entry) else {
            let detail = match (expected, clock) {
                (Some(local), _) => format!(
                    "not on the router; tikbill: {name}'s plan ends {} on the router's clock",
                    time(local)
                ),
                (None, Err(why)) => format!(
                    "not on the router; tikbill: {name}'s plan ends {} UTC ({why})",
                    time(at.naive_utc())
                ),
                (None, Ok(_)) => format!("not on the router; tikbill: {name}'s plan ends"),
            };
            push(
                found,
                EXPIRY_ENTRY,
                entry,
                MISSING_ON_ROUTER,
                detail,
                ADD,
                repair,
            );
            continue;
        };
        let mut changes = Vec::new();
        if let Some(expected) = expected {
            let start = entry_start(row);
            let close =
                start.is_some_and(|s| (s - expected).num_seconds().abs() <= ENTRY_SLACK_SECS);
            if !close {
                let router_side = match start {
                    Some(s) => time(s),
                    None => shown(&entry_start_text(row)).to_string(),
                };
                changes.push(format!(
                    "ends: router {router_side}, tikbill {}",
                    time(expected)
                ));
            }
        }
        if row.get("on-event").unwrap_or_default().trim() != expiry_script(*kind, name) {
            changes.push("script: not the one tikbill writes".to_string());
        }
        if !changes.is_empty() {
            let detail = changes.join("; ");
            push(found, EXPIRY_ENTRY, entry, DIFFERS, detail, UPDATE, repair);
        }
    }
    for entry in router.entries.keys() {
        if wanted.contains_key(entry) {
            continue;
        }
        let (detail, action, repair) = match entry_account(entry) {
            None => (
                "tikbill cannot tell whose entry this is: remove it by hand".to_string(),
                NONE,
                None,
            ),
            Some((kind, name)) => match (
                want.get(&(kind, name.clone())),
                router.accounts.get(&(kind, name.clone())),
            ) {
                (Some(account), _) => (
                    format!("{name} has no running plan in tikbill"),
                    REMOVE,
                    fix(kind, &name, Some(account.customer_id)),
                ),
                (None, Some(row)) if row.get("comment").and_then(customer_in_comment).is_none() => {
                    (
                        format!(
                            "{name} is not a tikbill customer, and applying would remove the \
                         router's {} too: remove this entry by hand",
                            kind.noun()
                        ),
                        NONE,
                        None,
                    )
                }
                (None, _) => (
                    format!("tikbill has no customer {name} on this router"),
                    REMOVE,
                    fix(kind, &name, None),
                ),
            },
        };
        push(
            found,
            EXPIRY_ENTRY,
            entry,
            ONLY_ON_ROUTER,
            detail,
            action,
            repair,
        );
    }
}

/// Adds `what: router X, tikbill Y` when the router's value is not `want`.
fn differ(changes: &mut Vec<String>, what: &str, router: Option<&str>, want: &str) {
    let router = router.unwrap_or_default();
    if router != want {
        changes.push(format!("{what}: router {}, tikbill {want}", shown(router)));
    }
}

/// Whether the router's `rate-limit` means what tikbill's (already in canonical form) does.
fn same_rate(router: &str, want: &str) -> bool {
    match RateLimit::parse(router) {
        Ok(rate) => rate.to_string() == want,
        Err(_) => router.trim() == want,
    }
}

fn entry_start_text(row: &Row) -> String {
    format!(
        "{} {}",
        row.get("start-date").unwrap_or_default(),
        row.get("start-time").unwrap_or_default()
    )
    .trim()
    .to_string()
}

fn time(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn shown(value: &str) -> &str {
    if value.trim().is_empty() {
        "none"
    } else {
        value
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_compare_by_meaning() {
        assert!(same_rate("5m/10m", "5M/10M"), "letter case does not matter");
        assert!(same_rate("5000k/10M", "5M/10M"), "units do not matter");
        assert!(!same_rate("", "5M/10M"), "no limit is a difference");
        assert!(!same_rate("weird", "5M/10M"));
    }

    #[test]
    fn a_difference_names_both_sides() {
        let mut changes = Vec::new();
        differ(&mut changes, "profile", Some("default"), "Monthly 10M");
        differ(&mut changes, "comment", None, "tikbill:3");
        differ(&mut changes, "service", Some("pppoe"), "pppoe");
        assert_eq!(
            changes,
            [
                "profile: router default, tikbill Monthly 10M",
                "comment: router none, tikbill tikbill:3"
            ]
        );
    }
}
