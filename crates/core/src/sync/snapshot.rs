//! Everything tikbill keeps on one router, read whole in one pipelined round: hotspot users,
//! PPP secrets, both kinds of profile, tikbill's expiry entries and the router's clock. Sync
//! compares it with the database; import turns it into customers.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::ConnectionTrait;
use tikbill_api::ServiceType;
use tikbill_routeros::{Client, Command, Error, Row};

use crate::entity::router;
use crate::provisioning::apply::{is_refusal, WINDOW};
use crate::provisioning::router_time::{local_time, RouterTime};
use crate::provisioning::target::{is_card_comment, Kind, EXPIRY_ENTRY_PREFIX};
use crate::router::probe::ProbeFailure;
use crate::secret_store::SecretStore;
use crate::{CoreError, CoreResult};

const SCHEDULER: &str = "/system/scheduler";
const CLOCK: &str = "/system/clock/print";

/// What the router has, by kind and name.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// Hotspot users and PPP secrets.
    pub accounts: BTreeMap<(Kind, String), Row>,
    /// Hotspot user profiles and PPP profiles.
    pub profiles: BTreeMap<(Kind, String), Row>,
    /// Scheduler entries whose name starts with [`EXPIRY_ENTRY_PREFIX`], by name.
    pub entries: BTreeMap<String, Row>,
    /// The router's clock, or why it could not be read.
    pub clock: Result<RouterTime, String>,
}

/// When a scheduler entry starts, on the router's clock.
pub(crate) fn entry_start(row: &Row) -> Option<NaiveDateTime> {
    local_time(row.get("start-date")?, row.get("start-time")?)
}

/// The account an expiry entry's name belongs to (`tikbill-expire-hotspot-ayu` → hotspot user
/// `ayu`).
pub(crate) fn entry_account(entry: &str) -> Option<(Kind, String)> {
    let rest = entry.strip_prefix(EXPIRY_ENTRY_PREFIX)?;
    let (service, user) = rest.split_once('-')?;
    let service = ServiceType::parse(service)?;
    (!user.is_empty()).then(|| (Kind::account_for(service), user.to_string()))
}

/// Logs in to `router`, reads it and logs out. A router that cannot be reached, or that fails
/// while being read, is a [`CoreError::Router`] in the RouterOS client's words.
pub(crate) async fn take(
    db: &impl ConnectionTrait,
    router: &router::Model,
    secrets: &dyn SecretStore,
    timeout: std::time::Duration,
    passwords: bool,
    now: DateTime<Utc>,
) -> CoreResult<Snapshot> {
    let client = crate::router::connect(db, secrets, router, timeout).await?;
    let snapshot = read(&client, passwords, now).await;
    client.close();
    snapshot.map_err(|e| CoreError::Router(ProbeFailure::Router(e)))
}

/// Reads the router. `passwords` also asks for accounts' passwords (import); the router shows
/// them only to an API user with the `sensitive` policy.
pub(crate) async fn read(
    client: &Client,
    passwords: bool,
    now: DateTime<Utc>,
) -> Result<Snapshot, Error> {
    let mut account_props = vec![".id", "name", "profile", "disabled", "comment", "service"];
    if passwords {
        account_props.push("password");
    }
    let profile_props = [
        ".id",
        "name",
        "rate-limit",
        "shared-users",
        "only-one",
        "session-timeout",
    ];
    let entry_props = [
        ".id",
        "name",
        "start-date",
        "start-time",
        "on-event",
        "disabled",
    ];
    let mut purposes = Vec::new();
    let mut commands = Vec::new();
    for kind in Kind::ALL {
        let props: &[&str] = if kind.is_account() {
            &account_props
        } else {
            &profile_props
        };
        purposes.push(Purpose::Items(kind));
        commands.push(Command::new(format!("{}/print", kind.menu())).proplist(props));
    }
    purposes.push(Purpose::Entries);
    commands.push(Command::new(format!("{SCHEDULER}/print")).proplist(entry_props));
    purposes.push(Purpose::Clock);
    commands.push(Command::new(CLOCK));
    let replies = client.run_many(commands, WINDOW).await;
    let mut snapshot = Snapshot {
        accounts: BTreeMap::new(),
        profiles: BTreeMap::new(),
        entries: BTreeMap::new(),
        clock: Err("the router's clock was not read".into()),
    };
    for (purpose, reply) in purposes.into_iter().zip(replies) {
        let rows = match reply {
            Ok(reply) => reply.rows,
            Err(e) if purpose == Purpose::Clock && is_refusal(&e) => {
                snapshot.clock = Err(format!("the router's clock could not be read: {e}"));
                continue;
            }
            Err(e) => return Err(e),
        };
        for row in rows {
            let Some(name) = row.get("name").map(str::to_string) else {
                if purpose == Purpose::Clock {
                    snapshot.clock = RouterTime::from_clock_row(&row, now);
                }
                continue;
            };
            match purpose {
                // Prepaid cards are compared by their own pass (`voucher::observe`), never
                // imported as customers nor removed as strangers.
                Purpose::Items(kind)
                    if kind.is_account() && is_card_comment(row.get("comment")) => {}
                Purpose::Items(kind) if kind.is_account() => {
                    snapshot.accounts.insert((kind, name), row);
                }
                Purpose::Items(kind) => {
                    snapshot.profiles.insert((kind, name), row);
                }
                Purpose::Entries if name.starts_with(EXPIRY_ENTRY_PREFIX) => {
                    snapshot.entries.insert(name, row);
                }
                Purpose::Entries | Purpose::Clock => {}
            }
        }
    }
    Ok(snapshot)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Items(Kind),
    Entries,
    Clock,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_map_back_to_accounts() {
        assert_eq!(
            entry_account("tikbill-expire-hotspot-ayu"),
            Some((Kind::HotspotUser, "ayu".into()))
        );
        assert_eq!(
            entry_account("tikbill-expire-pppoe-budi-2"),
            Some((Kind::PppSecret, "budi-2".into())),
            "a dash in the user name stays in the user name"
        );
        assert_eq!(entry_account("tikbill-expire-profile-x"), None);
        assert_eq!(entry_account("tikbill-expire-hotspot-"), None);
        assert_eq!(entry_account("backup"), None);
    }
}
