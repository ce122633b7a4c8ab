//! Staff accounts: who works in the office, with which role, and signing in.

use std::fmt;

use serde::{Deserialize, Serialize};

pub type StaffId = i64;

/// What a person may do in tikbill. Stored as these lowercase words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Everything, including staff accounts and settings. The first account is an owner.
    Owner,
    Manager,
    Cashier,
    /// Reads, changes nothing.
    Viewer,
}

impl StaffRole {
    /// Every role, from the most to the least trusted.
    pub const ALL: [StaffRole; 4] = [Self::Owner, Self::Manager, Self::Cashier, Self::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Cashier => "cashier",
            Self::Viewer => "viewer",
        }
    }

    /// The role named `s` exactly as [`StaffRole::as_str`] writes it.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A staff account as the UI shows it. Never carries the password or its hash. Times are
/// RFC 3339 in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: StaffId,
    /// The person's full name ("" when none was given).
    pub name: String,
    /// What they sign in with (lowercase).
    pub username: String,
    pub role: StaffRole,
    /// A disabled account cannot sign in; accounts are never deleted.
    pub disabled: bool,
    /// The password was set by someone else: the person chooses a new one at the next sign-in.
    pub must_change_password: bool,
    pub created_at: String,
}

/// A new staff account as the form (or the command line) gives it. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInput {
    pub username: String,
    /// The full name; may be empty.
    pub name: String,
    pub role: StaffRole,
    pub password: String,
}

/// The first account, made at the first start ("Create the owner account"): always an owner.
/// `Debug` hides the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerInput {
    pub username: String,
    pub name: String,
    pub password: String,
}

/// A successful sign-in: who signed in. When `staff.must_change_password` is set the UI asks
/// for a new password before anything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub staff: StaffView,
}

impl fmt::Debug for StaffInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaffInput")
            .field("username", &self.username)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl fmt::Debug for OwnerInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnerInput")
            .field("username", &self.username)
            .field("name", &self.name)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Who is signed in on this app. `needs_owner`: no staff account exists yet, so the app asks
/// "Create the owner account". `idle_lock_minutes`: the app locks after this long without use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub needs_owner: bool,
    pub staff: Option<StaffView>,
    pub idle_lock_minutes: u32,
}

/// The sign-in form. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInInput {
    pub username: String,
    pub password: String,
}

/// A person's new password, with their current one (after a reset: the temporary one).
/// `Debug` hides both.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub password: String,
}

impl fmt::Debug for SignInInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInInput")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordChange")
            .field("current_password", &"<redacted>")
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_travel_as_snake_case_words_and_parse_back() {
        for (role, word) in [
            (StaffRole::Owner, "owner"),
            (StaffRole::Manager, "manager"),
            (StaffRole::Cashier, "cashier"),
            (StaffRole::Viewer, "viewer"),
        ] {
            assert_eq!(
                serde_json::to_value(role).unwrap(),
                word,
                "{role:?} in JSON"
            );
            assert_eq!(role.as_str(), word, "{role:?} as stored");
            assert_eq!(StaffRole::parse(word), Some(role), "'{word}' parses");
        }
        assert_eq!(StaffRole::parse("admin"), None, "not a role of ours");
        assert_eq!(StaffRole::parse("Owner"), None, "words are lowercase");
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let staff = StaffInput {
            username: "ayu".into(),
            name: "Ayu".into(),
            role: StaffRole::Cashier,
            password: "correct horse battery".into(),
        };
        let owner = OwnerInput {
            username: "budi".into(),
            name: String::new(),
            password: "correct horse battery".into(),
        };
        for shown in [format!("{staff:?}"), format!("{owner:?}")] {
            assert!(!shown.contains("horse"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }
}
