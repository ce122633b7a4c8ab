//! A staff form, checked: the user name (what the person signs in with), the full name and the
//! first password. Every refusal comes back together, each under its field.

use tikbill_api::FieldError;

use super::password;
use crate::{CoreError, CoreResult};

/// The longest user name, in characters (the column's width).
pub const USERNAME_MAX: usize = 64;
/// The longest full name, in characters.
pub const NAME_MAX: usize = 128;

/// A staff form that passed every rule.
#[derive(Debug)]
pub(crate) struct StaffDraft {
    pub username: String,
    pub name: String,
}

impl StaffDraft {
    pub fn parse(username: &str, name: &str, new_password: &str) -> CoreResult<Self> {
        let mut refused = Vec::new();
        let username = match normalize_username(username) {
            Ok(u) => u,
            Err(message) => {
                refused.push(field("username", message));
                String::new()
            }
        };
        let name = name.trim().to_string();
        if name.chars().count() > NAME_MAX {
            refused.push(field(
                "name",
                format!("A name has at most {NAME_MAX} characters."),
            ));
        }
        if let Err(refusal) = password::check_rule(new_password, "password") {
            refused.push(refusal);
        }
        if !refused.is_empty() {
            return Err(CoreError::invalid(super::WHAT, refused));
        }
        Ok(Self { username, name })
    }
}

/// The user name as stored and looked up: trimmed and lowercase, so "Ayu" and "ayu " are one
/// account. Letters, digits, `.`, `_` and `-` only.
pub(crate) fn normalize_username(typed: &str) -> Result<String, String> {
    let username = typed.trim().to_lowercase();
    if username.is_empty() {
        return Err("Give a user name to sign in with.".into());
    }
    if username.chars().count() > USERNAME_MAX {
        return Err(format!(
            "A user name has at most {USERNAME_MAX} characters."
        ));
    }
    if let Some(bad) = username
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "'{bad}' cannot be in a user name: use letters, digits, '.', '_' and '-'."
        ));
    }
    Ok(username)
}

fn field(name: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name.into(),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(typed: &str, expect: Result<&str, &str>) {
        match (normalize_username(typed), expect) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "'{typed}'"),
            (Err(got), Err(words)) => assert!(got.contains(words), "'{typed}': {got}"),
            (got, want) => panic!("'{typed}': got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn user_names_are_trimmed_lowercase_and_plain() {
        check("ayu", Ok("ayu"));
        check("  Ayu.Lestari ", Ok("ayu.lestari"));
        check("kasir_2-b", Ok("kasir_2-b"));
        check("", Err("Give a user name"));
        check("   ", Err("Give a user name"));
        check("ayu lestari", Err("' ' cannot be in a user name"));
        check("ayu@office", Err("'@' cannot be"));
        check(&"a".repeat(64), Ok(&"a".repeat(64)));
        check(&"a".repeat(65), Err("at most 64"));
    }

    #[test]
    fn every_refused_field_comes_back_at_once() {
        let Err(CoreError::Validation { fields, .. }) =
            StaffDraft::parse("", &"n".repeat(129), "short")
        else {
            panic!("three refusals")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["username", "name", "password"]);
    }
}
