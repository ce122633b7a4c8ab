//! Making a router match: read what it has for a batch of keys (one pipelined round), then
//! write only what is needed, in dependency order (profiles, then accounts and their expiry
//! entries and sessions, then profile removals), each phase pipelined.
//!
//! Every write is idempotent: an account that exists is `set` (never added twice), a missing
//! one is added, an item already gone is not removed again. Applying a batch twice leaves the
//! router as applying it once did.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use std::time::Duration;

use tikbill_routeros::menu::{format_duration, parse_bool};
use tikbill_routeros::{Client, Command, Error, Row, Secret};

use super::router_time::RouterTime;
use super::target::{
    expiry_entry_name, expiry_script, made_by_tikbill, Account, Kind, ProfileSpec,
};

/// The most commands awaiting a reply at once. The client's window starts small and grows
/// while the router keeps up (halving on a timeout), so a fast router takes a whole batch's
/// writes in a few round trips and a slow one is never sent more than it can answer within
/// the command time limit (see `tikbill_routeros::Client::run_many`).
pub const WINDOW: usize = 2048;
/// Above this many names of one kind, a whole menu is printed instead of one query per name.
const FULL_PRINT_AT: usize = 32;
const SCHEDULER: &str = "/system/scheduler";

/// One key and how the router should have it (`None`: not at all).
#[derive(Debug, Clone)]
pub enum Target {
    Account {
        kind: Kind,
        name: String,
        want: Option<Account>,
    },
    Profile {
        kind: Kind,
        name: String,
        want: Option<ProfileSpec>,
    },
}

impl Target {
    fn key(&self) -> (Kind, &str) {
        match self {
            Self::Account { kind, name, .. } | Self::Profile { kind, name, .. } => (*kind, name),
        }
    }
}

/// What became of one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The router confirmed every write (or none was needed).
    Confirmed,
    /// The router answered no, in these words: counts as an attempt.
    Refused(String),
    /// A write got no answer (a timeout, a lost connection) or was not sent after one: the
    /// router may or may not have it; tried again without counting as an attempt.
    Unconfirmed(String),
}

/// Each target's outcome, in order.
pub type Outcomes = Vec<Outcome>;

/// What the router has for the batch's keys.
#[derive(Default)]
pub struct Seen {
    /// Accounts and profiles by kind and name.
    pub items: HashMap<(Kind, String), Row>,
    /// Scheduler entries by name.
    pub entries: HashMap<String, Row>,
    /// Active sessions' ids by account kind and name.
    pub sessions: HashMap<(Kind, String), Vec<Row>>,
    /// The router's clock, when an expiry needs it.
    pub clock: Option<Result<RouterTime, String>>,
}

/// A batch being converged one write phase at a time, so the caller can check between phases
/// (and while one runs) that it may still write.
pub struct Convergence {
    /// Phases not yet run, next first.
    phases: Vec<Phase>,
    outcomes: Outcomes,
}

impl Convergence {
    /// Reads what the router has for `targets` and plans the writes. `Err`: the router could not
    /// be read.
    pub async fn read(
        client: &Client,
        targets: &[Target],
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let seen = read(client, targets, now).await?;
        let mut outcomes: Outcomes = vec![Outcome::Confirmed; targets.len()];
        let (profiles_up, accounts, profiles_down) = plan(targets, &seen, now, &mut outcomes);
        Ok(Self {
            phases: vec![profiles_up, accounts, profiles_down],
            outcomes,
        })
    }

    /// Runs the next write phase; `false` when there is none left to run. After a phase whose
    /// writes were not all answered, the later phases are not sent: their targets stay
    /// unconfirmed.
    pub async fn run_next_phase(&mut self, client: &Client) -> bool {
        if self.phases.is_empty() {
            return false;
        }
        let phase = self.phases.remove(0);
        if let Some(why) = run_phase(client, phase, &mut self.outcomes).await {
            let why = format!("not sent after an earlier write got no answer ({why})");
            for phase in std::mem::take(&mut self.phases) {
                for index in phase.into_iter().filter_map(|(owner, _)| owner) {
                    if self.outcomes[index] == Outcome::Confirmed {
                        self.outcomes[index] = Outcome::Unconfirmed(why.clone());
                    }
                }
            }
        }
        !self.phases.is_empty()
    }

    /// Whether a write phase is left.
    pub fn has_phase(&self) -> bool {
        !self.phases.is_empty()
    }

    /// Each target's outcome so far (a target in a phase not yet run counts as confirmed only
    /// once its phase ran).
    pub fn into_outcomes(self) -> Outcomes {
        let mut outcomes = self.outcomes;
        for phase in self.phases {
            for index in phase.into_iter().filter_map(|(owner, _)| owner) {
                if outcomes[index] == Outcome::Confirmed {
                    outcomes[index] = Outcome::Unconfirmed("not sent: the batch stopped".into());
                }
            }
        }
        outcomes
    }
}

/// Reads everything the batch needs in one pipelined round.
pub async fn read(client: &Client, targets: &[Target], now: DateTime<Utc>) -> Result<Seen, Error> {
    let mut names: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    let mut needs_clock = false;
    for target in targets {
        let (kind, name) = target.key();
        names.entry(kind).or_default().insert(name.to_string());
        if let Target::Account { want: Some(a), .. } = target {
            names
                .entry(kind.profile_kind())
                .or_default()
                .insert(a.profile.name.clone());
            needs_clock |= a.expires_at.is_some();
        }
    }
    let mut reads: Vec<(Read, Command)> = Vec::new();
    for (kind, names) in &names {
        let full = names.len() > FULL_PRINT_AT;
        let item_props = [
            ".id",
            "name",
            "profile",
            "disabled",
            "comment",
            "rate-limit",
            "shared-users",
            "only-one",
            "service",
        ];
        if full {
            reads.push((Read::Items(*kind), print(kind.menu(), &item_props, None)));
        } else {
            for name in names {
                let one = print(kind.menu(), &item_props, Some(("name", name)));
                reads.push((Read::Items(*kind), one));
            }
        }
        let Some((active, _, property)) = kind.active_menu() else {
            continue;
        };
        let session_props = [
            ".id",
            property,
            "address",
            "mac-address",
            "uptime",
            "bytes-in",
            "bytes-out",
        ];
        let entry_props = [
            ".id",
            "name",
            "start-date",
            "start-time",
            "on-event",
            "disabled",
        ];
        if full {
            reads.push((
                Read::Sessions(*kind, property),
                print(active, &session_props, None),
            ));
            reads.push((Read::Entries, print(SCHEDULER, &entry_props, None)));
        } else {
            for name in names {
                let entry = expiry_entry_name(*kind, name);
                reads.push((
                    Read::Sessions(*kind, property),
                    print(active, &session_props, Some((property, name))),
                ));
                reads.push((
                    Read::Entries,
                    print(SCHEDULER, &entry_props, Some(("name", &entry))),
                ));
            }
        }
    }
    if needs_clock {
        reads.push((Read::Clock, Command::new("/system/clock/print")));
    }
    let (purposes, commands): (Vec<Read>, Vec<Command>) = reads.into_iter().unzip();
    let replies = client.run_many(commands, WINDOW).await;
    let mut seen = Seen::default();
    for (purpose, reply) in purposes.into_iter().zip(replies) {
        let rows = match reply {
            Ok(reply) => reply.rows,
            Err(e) if is_refusal(&e) && purpose == Read::Clock => {
                seen.clock = Some(Err(format!("the router's clock could not be read: {e}")));
                continue;
            }
            Err(e) => return Err(e),
        };
        for row in rows {
            match purpose {
                Read::Items(kind) => {
                    if let Some(name) = row.get("name") {
                        seen.items.insert((kind, name.to_string()), row.clone());
                    }
                }
                Read::Entries => {
                    if let Some(name) = row.get("name") {
                        seen.entries.insert(name.to_string(), row.clone());
                    }
                }
                Read::Sessions(kind, property) => {
                    if let Some(user) = row.get(property) {
                        seen.sessions
                            .entry((kind, user.to_string()))
                            .or_default()
                            .push(row.clone());
                    }
                }
                Read::Clock => seen.clock = Some(RouterTime::from_clock_row(&row, now)),
            }
        }
    }
    Ok(seen)
}

/// Everyone online on the router (hotspot and PPP), as [`Seen::sessions`] has them.
pub async fn online(client: &Client) -> Result<Seen, Error> {
    let kinds = [Kind::HotspotUser, Kind::PppSecret];
    let mut reads = Vec::new();
    for kind in kinds {
        if let Some((menu, _, property)) = kind.active_menu() {
            let props = [
                ".id",
                property,
                "address",
                "mac-address",
                "caller-id",
                "uptime",
                "bytes-in",
                "bytes-out",
            ];
            reads.push(((kind, property), print(menu, &props, None)));
        }
    }
    let (owners, commands): (Vec<(Kind, &str)>, Vec<Command>) = reads.into_iter().unzip();
    let mut seen = Seen::default();
    for ((kind, property), reply) in owners
        .into_iter()
        .zip(client.run_many(commands, WINDOW).await)
    {
        for row in reply?.rows {
            if let Some(user) = row.get(property) {
                seen.sessions
                    .entry((kind, user.to_string()))
                    .or_default()
                    .push(row.clone());
            }
        }
    }
    Ok(seen)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Items(Kind),
    Entries,
    Sessions(Kind, &'static str),
    Clock,
}

fn print(menu: &str, props: &[&str], only: Option<(&str, &str)>) -> Command {
    let mut print = Command::new(format!("{menu}/print")).proplist(props.iter().copied());
    if let Some((property, value)) = only {
        print = print.where_eq(property, value);
    }
    print
}

/// A write and the target it belongs to (`None`: a profile an account needs).
type Phase = Vec<(Option<usize>, Command)>;

/// The writes, in three phases.
fn plan(
    targets: &[Target],
    seen: &Seen,
    now: DateTime<Utc>,
    outcomes: &mut Outcomes,
) -> (Phase, Phase, Phase) {
    let mut profiles_up = Phase::new();
    let mut accounts = Phase::new();
    let mut profiles_down = Phase::new();
    let mut profiles_set: BTreeSet<(Kind, String)> = BTreeSet::new();
    for (index, target) in targets.iter().enumerate() {
        if let Target::Profile { kind, name, want } = target {
            let existing = seen.items.get(&(*kind, name.clone()));
            match want {
                Some(spec) => {
                    profiles_up.push((Some(index), profile_write(*kind, spec, existing)));
                    profiles_set.insert((*kind, name.clone()));
                }
                None => {
                    if let Some(id) = existing.and_then(|row| row.get(".id")) {
                        profiles_down.push((Some(index), remove(kind.menu(), id)));
                    }
                }
            }
        }
    }
    for (index, target) in targets.iter().enumerate() {
        let Target::Account { kind, name, want } = target else {
            continue;
        };
        if let Some(account) = want {
            let profile_key = (kind.profile_kind(), account.profile.name.clone());
            let existing = seen.items.get(&profile_key);
            // A card profile's on-login script is what ends its cards: written every time, so
            // a router whose script was edited by hand gets it back.
            let write = existing.is_none() || account.profile.on_login.is_some();
            if write && profiles_set.insert(profile_key.clone()) {
                profiles_up.push((
                    None,
                    profile_write(profile_key.0, &account.profile, existing),
                ));
            }
        }
        match account_writes(*kind, name, want.as_ref(), seen, now) {
            Ok(writes) => accounts.extend(writes.into_iter().map(|c| (Some(index), c))),
            Err(why) => outcomes[index] = Outcome::Refused(why),
        }
    }
    (profiles_up, accounts, profiles_down)
}

fn profile_write(kind: Kind, spec: &ProfileSpec, existing: Option<&Row>) -> Command {
    let command = match existing.and_then(|row| row.get(".id")) {
        Some(id) => Command::new(format!("{}/set", kind.menu())).attr(".id", id),
        None => Command::new(format!("{}/add", kind.menu())).attr("name", &spec.name),
    };
    let timeout = spec.session_timeout_secs.map_or_else(
        || "0s".to_string(),
        |s| format_duration(Duration::from_secs(s)),
    );
    let command = command
        .attr("rate-limit", &spec.rate_limit)
        .attr("session-timeout", timeout);
    let command = match &spec.on_login {
        Some(script) if kind == Kind::HotspotProfile => command.attr("on-login", script),
        _ => command,
    };
    match kind {
        Kind::PppProfile => command.attr("only-one", yes_no(spec.shared_users == 1)),
        _ => command.attr("shared-users", spec.shared_users.to_string()),
    }
}

/// The writes for one account, or why it cannot be converged now.
fn account_writes(
    kind: Kind,
    name: &str,
    want: Option<&Account>,
    seen: &Seen,
    now: DateTime<Utc>,
) -> Result<Vec<Command>, String> {
    let key = (kind, name.to_string());
    let existing = seen.items.get(&key);
    // An account tikbill did not create is the router's own: a customer may take it over only
    // when they were imported (adopted it); a removal leaves it as it is.
    let foreign = existing.is_some_and(|row| !made_by_tikbill(row.get("comment")));
    if foreign && want.is_some_and(|a| !a.adopts_router_account) {
        return Err(not_ours(kind, name));
    }
    let routers_own = foreign && want.is_none();
    let existing_id = existing
        .filter(|_| !routers_own)
        .and_then(|row| row.get(".id"));
    let entry_name = expiry_entry_name(kind, name);
    let entry_id = seen.entries.get(&entry_name).and_then(|row| row.get(".id"));
    let mut writes = Vec::new();
    if want.is_some_and(|a| a.card.is_some()) && existing_id.is_some() {
        // A card on the router is the router's from then on: its first login, its time and its
        // end are counted there, and nothing tikbill writes may start them again.
        return Ok(writes);
    }
    let enabled = want.is_some_and(|a| enabled_now(a, now));
    if let Some(account) = want {
        let command = match existing_id {
            Some(id) => Command::new(format!("{}/set", kind.menu())).attr(".id", id),
            None => Command::new(format!("{}/add", kind.menu())).attr("name", name),
        };
        let mut command = command
            .secret("password", &Secret::new(account.password.clone()))
            .attr("profile", &account.profile.name)
            .attr("disabled", yes_no(!enabled))
            .attr("comment", account.comment());
        if kind == Kind::PppSecret {
            command = command.attr("service", "pppoe");
        }
        if let Some(card) = &account.card {
            if let Some(secs) = card.limit_uptime_secs {
                command = command.attr("limit-uptime", format_duration(Duration::from_secs(secs)));
            }
            if let Some(bytes) = card.limit_bytes_total {
                command = command.attr("limit-bytes-total", bytes.to_string());
            }
        }
        writes.push(command);
    } else if let Some(id) = existing_id {
        writes.push(remove(kind.menu(), id));
    }
    let when = match want.and_then(|a| a.expires_at).filter(|_| enabled) {
        Some(expires_at) => match &seen.clock {
            Some(Ok(clock)) => Some(clock.local(expires_at)?),
            Some(Err(why)) => return Err(why.clone()),
            None => return Err("the router's clock was not read".into()),
        },
        None => None,
    };
    match (when, entry_id) {
        (Some((date, time)), existing) => {
            let command = match existing {
                Some(id) => Command::new(format!("{SCHEDULER}/set")).attr(".id", id),
                None => Command::new(format!("{SCHEDULER}/add"))
                    .attr("name", &entry_name)
                    .attr("comment", "tikbill: ends this plan when no tikbill runs"),
            };
            writes.push(
                command
                    .attr("start-date", date)
                    .attr("start-time", time)
                    .attr("on-event", expiry_script(kind, name))
                    .attr("disabled", "no"),
            );
        }
        (None, Some(id)) => writes.push(remove(SCHEDULER, id)),
        (None, None) => {}
    }
    if !enabled && !routers_own {
        if let (Some(sessions), Some((active, _, _))) =
            (seen.sessions.get(&key), kind.active_menu())
        {
            for id in sessions.iter().filter_map(|row| row.get(".id")) {
                writes.push(remove(active, id));
            }
        }
    }
    Ok(writes)
}

/// The refusal for a new customer whose user name the router already has for its own account.
pub fn not_ours(kind: Kind, name: &str) -> String {
    format!(
        "the router already has a {} '{name}' that tikbill did not create; import it from the \
         router to adopt it",
        kind.noun()
    )
}

/// Whether the account may log in at `now`: active and not past its expiry (an expiry already
/// passed switches the account off at once, even before the agent marks the customer expired).
pub fn enabled_now(account: &Account, now: DateTime<Utc>) -> bool {
    account.enabled && account.expires_at.is_none_or(|t| t > now)
}

fn remove(menu: &str, id: &str) -> Command {
    Command::new(format!("{menu}/remove")).attr(".id", id)
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// Runs one phase: a refusal marks its target refused, a write without an answer (timeout,
/// lost connection) marks its target unconfirmed; the other targets' writes stand. Returns why
/// some write got no answer, if one did.
async fn run_phase(client: &Client, phase: Phase, outcomes: &mut Outcomes) -> Option<String> {
    if phase.is_empty() {
        return None;
    }
    let (owners, commands): (Vec<Option<usize>>, Vec<Command>) = phase.into_iter().unzip();
    let paths: Vec<String> = commands.iter().map(|c| c.path().to_string()).collect();
    let replies = client.run_many(commands, WINDOW).await;
    let mut unanswered = None;
    for ((owner, path), reply) in owners.into_iter().zip(paths).zip(replies) {
        let outcome = match reply {
            Ok(_) => continue,
            Err(e) if is_refusal(&e) => Outcome::Refused(format!("{path}: {e}")),
            Err(e) => {
                let why = format!("{path}: {e}");
                unanswered.get_or_insert_with(|| why.clone());
                Outcome::Unconfirmed(why)
            }
        };
        match owner {
            Some(index) if outcomes[index] == Outcome::Confirmed => outcomes[index] = outcome,
            Some(_) => {}
            // A profile an account needs: the accounts tell their own story.
            None => {}
        }
    }
    unanswered
}

/// The router answered and said no (as opposed to not answering).
pub fn is_refusal(error: &Error) -> bool {
    matches!(error, Error::Trap { .. })
}

/// Whether a printed `disabled` says yes.
pub fn is_disabled(row: &Row) -> bool {
    row.get("disabled").and_then(parse_bool).unwrap_or(false)
}
