//! What a router should have: the kinds of thing tikbill keeps on a router, and the state one
//! account or profile should be in. Pure data; [`super::desired`] reads it from the database.

use chrono::{DateTime, Utc};
use tikbill_api::ServiceType;

/// A kind of item tikbill keeps on a router; with a name it is a job's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    HotspotUser,
    PppSecret,
    HotspotProfile,
    PppProfile,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Self::HotspotUser,
        Self::PppSecret,
        Self::HotspotProfile,
        Self::PppProfile,
    ];

    /// The stable name stored in `router_jobs.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HotspotUser => "hotspot_user",
            Self::PppSecret => "ppp_secret",
            Self::HotspotProfile => "hotspot_profile",
            Self::PppProfile => "ppp_profile",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The account kind a customer of `service` has.
    pub fn account_for(service: ServiceType) -> Self {
        match service {
            ServiceType::Hotspot => Self::HotspotUser,
            ServiceType::Pppoe => Self::PppSecret,
        }
    }

    /// The profile kind a customer of `service` points at.
    pub fn profile_for(service: ServiceType) -> Self {
        match service {
            ServiceType::Hotspot => Self::HotspotProfile,
            ServiceType::Pppoe => Self::PppProfile,
        }
    }

    /// The service an account kind serves (`None` for profiles).
    pub fn service(self) -> Option<ServiceType> {
        match self {
            Self::HotspotUser => Some(ServiceType::Hotspot),
            Self::PppSecret => Some(ServiceType::Pppoe),
            Self::HotspotProfile | Self::PppProfile => None,
        }
    }

    pub fn is_account(self) -> bool {
        self.service().is_some()
    }

    /// The profile kind of an account kind (itself for a profile kind).
    pub fn profile_kind(self) -> Self {
        match self {
            Self::HotspotUser | Self::HotspotProfile => Self::HotspotProfile,
            Self::PppSecret | Self::PppProfile => Self::PppProfile,
        }
    }

    /// The API menu.
    pub fn menu(self) -> &'static str {
        match self {
            Self::HotspotUser => "/ip/hotspot/user",
            Self::PppSecret => "/ppp/secret",
            Self::HotspotProfile => "/ip/hotspot/user/profile",
            Self::PppProfile => "/ppp/profile",
        }
    }

    /// The same menu as the console writes it, for scripts.
    fn console_menu(self) -> &'static str {
        match self {
            Self::HotspotUser => "/ip hotspot user",
            Self::PppSecret => "/ppp secret",
            Self::HotspotProfile => "/ip hotspot user profile",
            Self::PppProfile => "/ppp profile",
        }
    }

    /// Who is online, and the property that names the account there.
    pub fn active_menu(self) -> Option<(&'static str, &'static str, &'static str)> {
        match self {
            Self::HotspotUser => Some(("/ip/hotspot/active", "/ip hotspot active", "user")),
            Self::PppSecret => Some(("/ppp/active", "/ppp active", "name")),
            Self::HotspotProfile | Self::PppProfile => None,
        }
    }

    /// The user-facing word, for differences and messages.
    pub fn noun(self) -> &'static str {
        match self {
            Self::HotspotUser => "hotspot user",
            Self::PppSecret => "PPPoE secret",
            Self::HotspotProfile => "hotspot user profile",
            Self::PppProfile => "PPP profile",
        }
    }
}

/// A profile as a router needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSpec {
    pub name: String,
    /// RouterOS `rate-limit` syntax, e.g. `5M/10M 10M/20M 4M/8M 16/16`.
    pub rate_limit: String,
    pub shared_users: u32,
    /// Seconds one login may last; `None` for no limit.
    pub session_timeout_secs: Option<u64>,
    /// The hotspot profile's `on-login` script: set only on the profiles of vouchers whose time
    /// counts from the first login (a customer's plan profile keeps whatever the router has).
    pub on_login: Option<String>,
}

/// A customer's account as the router should have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub customer_id: i64,
    pub password: String,
    pub profile: ProfileSpec,
    /// Whether the customer may log in (active status).
    pub enabled: bool,
    /// When the router itself must switch the account off; only for an enabled account.
    pub expires_at: Option<DateTime<Utc>>,
    /// An import's job is among the batch's for this account: the router's own account of this
    /// name is the customer's to take over (otherwise an account tikbill did not create is
    /// refused, never overwritten).
    pub adopts_router_account: bool,
    /// A prepaid card's account, not a customer's (`customer_id` is then 0).
    pub card: Option<CardAccount>,
}

/// What only a card's account has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardAccount {
    pub batch_id: i64,
    /// RouterOS `limit-uptime`: time online (cards whose time is usage time).
    pub limit_uptime_secs: Option<u64>,
    /// RouterOS `limit-bytes-total`: the plan's data cap.
    pub limit_bytes_total: Option<u64>,
}

impl Account {
    /// `tikbill:12` (a customer's) or `tikbill:card:3` (a card of batch 3): marks the account as
    /// tikbill's, and whose.
    pub fn comment(&self) -> String {
        match &self.card {
            Some(card) => card_comment(card.batch_id),
            None => comment_for(self.customer_id),
        }
    }
}

/// The comment on a card's router account: `tikbill:card:3`.
pub fn card_comment(batch_id: i64) -> String {
    format!("{CARD_COMMENT_PREFIX}{batch_id}")
}

/// Every card's router account comment starts with this.
pub const CARD_COMMENT_PREFIX: &str = "tikbill:card:";

/// Whether a router account's comment marks it as a card's.
pub fn is_card_comment(comment: Option<&str>) -> bool {
    comment.is_some_and(|c| c.trim_start().starts_with(CARD_COMMENT_PREFIX))
}

/// The comment tikbill puts on a customer's router account.
pub fn comment_for(customer_id: i64) -> String {
    format!("tikbill:{customer_id}")
}

/// Whether a router account's comment says tikbill made it (it starts `tikbill:`; an operator's
/// note after the id, `tikbill:42 paid cash`, does not make it foreign).
pub fn made_by_tikbill(comment: Option<&str>) -> bool {
    comment.is_some_and(|c| c.trim_start().starts_with("tikbill:"))
}

/// The customer id in a tikbill comment: the digits right after `tikbill:` (whatever note an
/// operator wrote after them).
pub fn customer_in_comment(comment: &str) -> Option<i64> {
    let rest = comment.trim_start().strip_prefix("tikbill:")?.trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..digits].parse().ok()
}

/// The name of the router's one-shot scheduler entry that ends `user`'s plan.
pub fn expiry_entry_name(kind: Kind, user: &str) -> String {
    let service = kind.service().map_or("profile", ServiceType::as_str);
    format!("{EXPIRY_ENTRY_PREFIX}{service}-{user}")
}

/// Every expiry entry tikbill writes starts with this.
pub const EXPIRY_ENTRY_PREFIX: &str = "tikbill-expire-";

/// The script the expiry entry runs on the router: disable the account, drop its session,
/// delete the entry itself. Every name goes between quotes escaped ([`script_string`]): user
/// names are checked when a customer is saved, but a row written by hand into a shared
/// database reaches this script too.
pub fn expiry_script(kind: Kind, user: &str) -> String {
    let entry = script_string(&expiry_entry_name(kind, user));
    let quoted = script_string(user);
    let mut lines = vec![format!(
        "{} disable [find where name={quoted}]",
        kind.console_menu()
    )];
    if let Some((_, console, property)) = kind.active_menu() {
        lines.push(format!("{console} remove [find where {property}={quoted}]"));
    }
    lines.push(format!(
        "/system scheduler remove [find where name={entry}]"
    ));
    lines.join("; ")
}

/// `text` as a RouterOS script string, quotes included: `"`, `\`, `$` and `?` are
/// backslash-escaped, line breaks and tabs written as `\n`, `\r`, `\t`, and any other control
/// character as two hex digits (`\1B`), so nothing in it ends the string, starts a variable or
/// a new statement.
pub fn script_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '$' | '?' => {
                quoted.push('\\');
                quoted.push(c);
            }
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_ascii_control() => {
                quoted.push_str(&format!("\\{:02X}", u32::from(c)));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_after_tikbills_id_keeps_the_account_tikbills() {
        assert_eq!(customer_in_comment("tikbill:42"), Some(42));
        assert_eq!(customer_in_comment("tikbill:42 paid cash"), Some(42));
        assert_eq!(customer_in_comment("tikbill: 7"), Some(7));
        assert_eq!(customer_in_comment("Guest Room"), None);
        assert_eq!(customer_in_comment("tikbill:"), None);
        assert!(made_by_tikbill(Some("tikbill:42 paid cash")));
        assert!(!made_by_tikbill(Some("Guest Room")));
        assert!(!made_by_tikbill(None));
    }

    #[test]
    fn expiry_scripts_disable_kick_and_remove_themselves() {
        assert_eq!(
            expiry_script(Kind::HotspotUser, "ayu"),
            "/ip hotspot user disable [find where name=\"ayu\"]; \
             /ip hotspot active remove [find where user=\"ayu\"]; \
             /system scheduler remove [find where name=\"tikbill-expire-hotspot-ayu\"]"
        );
        assert_eq!(
            expiry_script(Kind::PppSecret, "budi"),
            "/ppp secret disable [find where name=\"budi\"]; \
             /ppp active remove [find where name=\"budi\"]; \
             /system scheduler remove [find where name=\"tikbill-expire-pppoe-budi\"]"
        );
    }

    #[test]
    fn script_strings_escape_what_would_end_them() {
        let cases = [
            ("ayu", r#""ayu""#),
            (r#"a"b"#, r#""a\"b""#),
            (r"a\b", r#""a\\b""#),
            ("a$b", r#""a\$b""#),
            ("a?b", r#""a\?b""#),
            ("a\nb;c", r#""a\nb;c""#),
            ("a\u{1b}b", r#""a\1Bb""#),
            (
                r#"x"]; /system reset-configuration; :put ["#,
                r#""x\"]; /system reset-configuration; :put [""#,
            ),
        ];
        for (text, expect) in cases {
            assert_eq!(script_string(text), expect, "{text:?}");
        }
        assert_eq!(
            expiry_script(Kind::HotspotUser, r#"a"b$c\d"#),
            r#"/ip hotspot user disable [find where name="a\"b\$c\\d"]; /ip hotspot active remove [find where user="a\"b\$c\\d"]; /system scheduler remove [find where name="tikbill-expire-hotspot-a\"b\$c\\d"]"#
        );
    }

    #[test]
    fn kinds_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(customer_in_comment(&comment_for(42)), Some(42));
        assert_eq!(customer_in_comment("vip"), None);
    }
}
