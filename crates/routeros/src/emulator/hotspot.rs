//! Hotspot logins as the router's hotspot server makes them: checks of the user, the
//! `/ip/hotspot/active` row, the profile's `on-login` and `on-logout` scripts, uptime and
//! traffic counted on the session and the user, and the limits that end a session
//! (`limit-uptime`, `limit-bytes-total`/`-in`/`-out` of the user, `session-timeout` of the
//! profile). Each login, refusal and logout leaves a `hotspot,account,info` line in `/log`, in
//! RouterOS's wording (`alice (10.5.50.7): login failed: uptime limit reached`).

use std::time::Duration;

use super::clock::Moment;
use super::schema::{HOTSPOT_ACTIVE, HOTSPOT_PROFILE, HOTSPOT_USER};
use super::script;
use super::state::RouterState;
use crate::menu::{format_duration, parse_bool, parse_duration};
use crate::row::Row;

/// Why the router's hotspot refused a login, worded as RouterOS words it on the login page
/// and in its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HotspotLoginRefused {
    /// No hotspot user has this name.
    #[error("invalid username or password")]
    UnknownUser,
    /// The user exists, the password is not theirs.
    #[error("invalid username or password")]
    WrongPassword,
    /// The user is disabled.
    #[error("user is disabled")]
    Disabled,
    /// The user's `uptime` has reached its `limit-uptime`.
    #[error("uptime limit reached")]
    UptimeLimitReached,
    /// The user's traffic has reached `limit-bytes-total` (or `limit-bytes-in`/`-out`).
    #[error("traffic limit reached")]
    TrafficLimitReached,
    /// As many sessions as the profile's `shared-users` are open already.
    #[error("no more sessions are allowed for user")]
    TooManySessions,
}

/// Where a login comes from.
pub(crate) struct Client<'a> {
    pub address: &'a str,
    pub mac: &'a str,
}

/// The interface the emulated hotspot server runs on (`$interface` of its scripts).
const INTERFACE: &str = "bridge-hotspot";

impl RouterState {
    /// Logs `user` in with `password`; returns the new `/ip/hotspot/active` row's `.id`.
    pub(crate) fn hotspot_login(
        &mut self,
        user: &str,
        password: &str,
        client: Client<'_>,
    ) -> Result<String, HotspotLoginRefused> {
        let checked = self.check_login(user, password);
        let account = match checked {
            Ok(account) => account,
            Err(refused) => {
                let message = format!("{user} ({}): login failed: {refused}", client.address);
                self.log("hotspot,account,info", &message);
                return Err(refused);
            }
        };
        let row = [
            ("user", user),
            ("address", client.address),
            ("mac-address", client.mac),
            ("login-by", "http-chap"),
        ];
        let id = match self.table_mut(HOTSPOT_ACTIVE) {
            Some(active) => active.insert(row.map(|(k, v)| (k.to_owned(), v.to_owned()))),
            None => String::new(),
        };
        let message = format!("{user} ({}): logged in", client.address);
        self.log("hotspot,account,info", &message);
        self.run_profile_script(&account, "on-login", user, &client);
        Ok(id)
    }

    /// The user's row if `user` may log in now.
    fn check_login(&self, user: &str, password: &str) -> Result<Row, HotspotLoginRefused> {
        let account = self
            .user_row(user)
            .ok_or(HotspotLoginRefused::UnknownUser)?;
        if account.get("password").unwrap_or("") != password {
            return Err(HotspotLoginRefused::WrongPassword);
        }
        if account.get("disabled").and_then(parse_bool) == Some(true) {
            return Err(HotspotLoginRefused::Disabled);
        }
        if let Some(limit) = limit(&account, "limit-uptime") {
            if duration(&account, "uptime") >= limit {
                return Err(HotspotLoginRefused::UptimeLimitReached);
            }
        }
        if traffic_limit_reached(&account) {
            return Err(HotspotLoginRefused::TrafficLimitReached);
        }
        let shared = self
            .profile_row(&account)
            .and_then(|p| p.get("shared-users").and_then(|s| s.parse::<usize>().ok()));
        if let Some(shared) = shared {
            if self.sessions_of(user).len() >= shared {
                return Err(HotspotLoginRefused::TooManySessions);
            }
        }
        Ok(account)
    }

    /// Ends every session of `user` as a logout from the status page; returns how many.
    pub(crate) fn hotspot_logout(&mut self, user: &str) -> usize {
        let sessions = self.sessions_of(user);
        for id in &sessions {
            self.end_session(id, "user request");
        }
        sessions.len()
    }

    /// Counts traffic on `user`'s first session and on the user; a traffic limit reached ends
    /// the user's sessions. `false` if `user` has no session.
    pub(crate) fn hotspot_traffic(&mut self, user: &str, bytes_in: u64, bytes_out: u64) -> bool {
        let Some(id) = self.sessions_of(user).into_iter().next() else {
            return false;
        };
        let counted = [("bytes-in", bytes_in), ("bytes-out", bytes_out)];
        if let Some(session) = self.table(HOTSPOT_ACTIVE).and_then(|t| t.row(&id)) {
            let changed = counted.map(|(name, add)| (name, add_count(&session, name, add)));
            if let Some(active) = self.table_mut(HOTSPOT_ACTIVE) {
                active.record(&id, changed);
            }
        }
        if let Some(account) = self.user_row(user) {
            let changed = counted.map(|(name, add)| (name, add_count(&account, name, add)));
            let account_id = account.get(".id").unwrap_or("").to_owned();
            if let Some(users) = self.table_mut(HOTSPOT_USER) {
                users.record(&account_id, changed);
            }
        }
        if self
            .user_row(user)
            .is_some_and(|a| traffic_limit_reached(&a))
        {
            for id in self.sessions_of(user) {
                self.end_session(&id, "traffic limit reached");
            }
        }
        true
    }

    /// `seconds` pass: every session and its user gain that much uptime.
    pub(crate) fn sessions_pass(&mut self, seconds: u64) {
        if seconds == 0 {
            return;
        }
        let elapsed = Duration::from_secs(seconds);
        let sessions = self
            .table(HOTSPOT_ACTIVE)
            .map(|t| t.rows())
            .unwrap_or_default();
        for session in sessions {
            let id = session.get(".id").unwrap_or("");
            let uptime = format_duration(duration(&session, "uptime") + elapsed);
            if let Some(active) = self.table_mut(HOTSPOT_ACTIVE) {
                active.record(id, [("uptime", uptime)]);
            }
            let Some(account) = self.user_row(session.get("user").unwrap_or("")) else {
                continue;
            };
            let uptime = format_duration(duration(&account, "uptime") + elapsed);
            let account_id = account.get(".id").unwrap_or("").to_owned();
            if let Some(users) = self.table_mut(HOTSPOT_USER) {
                users.record(&account_id, [("uptime", uptime)]);
            }
        }
    }

    /// The session that reaches a limit first if the clock goes on from `now`: when, its
    /// `.id`, and the reason RouterOS logs.
    pub(crate) fn next_session_end(&self, now: Moment) -> Option<(Moment, String, &'static str)> {
        let sessions = self.table(HOTSPOT_ACTIVE)?.rows();
        let mut first: Option<(Moment, String, &'static str)> = None;
        for session in &sessions {
            let Some(account) = self.user_row(session.get("user").unwrap_or("")) else {
                continue;
            };
            let mut ends = Vec::new();
            if let Some(limit) = limit(&account, "limit-uptime") {
                // The user's uptime grows with each of their sessions.
                let user = account.get("name").unwrap_or("");
                let open = sessions
                    .iter()
                    .filter(|s| s.get("user") == Some(user))
                    .count()
                    .max(1) as u64;
                let left = limit.saturating_sub(duration(&account, "uptime")).as_secs();
                ends.push((left.div_ceil(open), "uptime limit reached"));
            }
            let timeout = self
                .profile_row(&account)
                .and_then(|p| limit(&p, "session-timeout"));
            if let Some(timeout) = timeout {
                let left = timeout
                    .saturating_sub(duration(session, "uptime"))
                    .as_secs();
                ends.push((left, "session timeout"));
            }
            let Some((left, reason)) = ends.into_iter().min_by_key(|(left, _)| *left) else {
                continue;
            };
            let at = now.plus(Duration::from_secs(left));
            if first.as_ref().is_none_or(|(earliest, _, _)| at < *earliest) {
                first = Some((at, session.get(".id").unwrap_or("").to_owned(), reason));
            }
        }
        first
    }

    /// Removes session `id` as the router does when it logs a user out, and runs the
    /// profile's `on-logout`.
    pub(crate) fn end_session(&mut self, id: &str, reason: &str) {
        let Some(session) = self.table(HOTSPOT_ACTIVE).and_then(|t| t.row(id)) else {
            return;
        };
        if let Some(active) = self.table_mut(HOTSPOT_ACTIVE) {
            let _ = active.remove(id);
        }
        let user = session.get("user").unwrap_or("");
        let address = session.get("address").unwrap_or("");
        let message = format!("{user} ({address}): logged out: {reason}");
        self.log("hotspot,account,info", &message);
        if let Some(account) = self.user_row(user) {
            let client = Client {
                address,
                mac: session.get("mac-address").unwrap_or(""),
            };
            self.run_profile_script(&account, "on-logout", user, &client);
        }
    }

    /// Runs the user's profile's `on-login` or `on-logout` with the login's variables; a
    /// failure is logged, as RouterOS logs it, and the login or logout stands.
    fn run_profile_script(&mut self, account: &Row, event: &str, user: &str, client: &Client) {
        let Some(profile) = self.profile_row(account) else {
            return;
        };
        let source = profile.get(event).unwrap_or("").to_owned();
        if source.trim().is_empty() {
            return;
        }
        let variables: Vec<(String, String)> = [
            ("user", user),
            ("username", user),
            ("address", client.address),
            ("mac-address", client.mac),
            ("interface", INTERFACE),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        if let Err(error) = script::run(self, &source, &variables) {
            let name = profile.get("name").unwrap_or("");
            let message =
                format!("executing script from hotspot profile ({name}) {event} failed: {error}");
            self.log("script,error", &message);
        }
    }

    fn user_row(&self, name: &str) -> Option<Row> {
        self.table(HOTSPOT_USER)?
            .rows()
            .into_iter()
            .find(|row| row.get("name") == Some(name))
    }

    fn profile_row(&self, account: &Row) -> Option<Row> {
        let name = account.get("profile").unwrap_or("default");
        self.table(HOTSPOT_PROFILE)?
            .rows()
            .into_iter()
            .find(|row| row.get("name") == Some(name))
    }

    /// The `.id`s of `user`'s sessions.
    fn sessions_of(&self, user: &str) -> Vec<String> {
        let Some(active) = self.table(HOTSPOT_ACTIVE) else {
            return Vec::new();
        };
        active
            .rows()
            .iter()
            .filter(|row| row.get("user") == Some(user))
            .filter_map(|row| row.get(".id").map(str::to_owned))
            .collect()
    }
}

/// A duration property (zero if absent or unreadable).
fn duration(row: &Row, name: &str) -> Duration {
    row.get(name).and_then(parse_duration).unwrap_or_default()
}

/// A limit: a duration property that is set and not zero (`0s`, `none` and absent mean none).
fn limit(row: &Row, name: &str) -> Option<Duration> {
    Some(duration(row, name)).filter(|d| !d.is_zero())
}

fn count(row: &Row, name: &str) -> u64 {
    row.get(name).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn add_count(row: &Row, name: &str, add: u64) -> String {
    count(row, name).saturating_add(add).to_string()
}

fn traffic_limit_reached(account: &Row) -> bool {
    let (bytes_in, bytes_out) = (count(account, "bytes-in"), count(account, "bytes-out"));
    let reached = |limit: &str, used: u64| {
        let limit = count(account, limit);
        limit > 0 && used >= limit
    };
    reached("limit-bytes-total", bytes_in.saturating_add(bytes_out))
        || reached("limit-bytes-in", bytes_in)
        || reached("limit-bytes-out", bytes_out)
}
