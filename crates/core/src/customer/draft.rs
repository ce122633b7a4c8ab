//! A customer form, parsed and checked field by field. Whether the chosen router and profile
//! exist, and whether the user name is free on that router, is the database's question; see the
//! service.

use tikbill_api::{CustomerInput, FieldError, ServiceType};

pub const MAX_USERNAME_CHARS: usize = 64;
pub const MAX_PASSWORD_CHARS: usize = 64;
pub const MAX_FULL_NAME_CHARS: usize = 128;
pub const MAX_PHONE_CHARS: usize = 32;
pub const MAX_EMAIL_CHARS: usize = 255;

/// Punctuation a user name may hold besides ASCII letters and digits. RouterOS stores hotspot
/// users and PPP secrets as plain names that staff also type in Winbox and customers type on a
/// login page, so names stay to what every keyboard and every RouterOS version agree on.
const USERNAME_PUNCTUATION: &[char] = &['.', '_', '-', '@', '+'];

/// A valid customer form, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDraft {
    pub username: String,
    /// `None`: keep the stored password (only when editing).
    pub password: Option<String>,
    pub full_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub service_type: ServiceType,
    pub router_id: i64,
    pub profile_id: i64,
}

/// Whether the form creates a customer (a password is required) or edits one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Create,
    Edit,
}

/// The form's fields, in the order the form shows them.
const FORM_ORDER: [&str; 8] = [
    "username",
    "password",
    "full_name",
    "phone",
    "email",
    "service_type",
    "router_id",
    "profile_id",
];

/// Sorts refusals into form order (refusals from the database come after the form's own).
pub(crate) fn in_form_order(fields: &mut [FieldError]) {
    fields.sort_by_key(|f| FORM_ORDER.iter().position(|name| *name == f.field));
}

/// Collects one message per refused field, in form order.
#[derive(Default)]
pub(crate) struct Refusals(pub(crate) Vec<FieldError>);

impl Refusals {
    pub(crate) fn refuse(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.refuse(field, message);
                None
            }
        }
    }
}

impl CustomerDraft {
    /// Parses a form. On failure, every refused field is listed at once, in form order.
    pub fn parse(input: &CustomerInput, purpose: Purpose) -> Result<Self, Vec<FieldError>> {
        let mut r = Refusals::default();
        let username = r.check("username", username(&input.username));
        let password = r.check("password", password(input.password.as_deref(), purpose));
        let full_name = r.check("full_name", full_name(&input.full_name));
        let phone = r.check("phone", phone(&input.phone));
        let email = r.check("email", email(&input.email));
        let service_type = r.check(
            "service_type",
            ServiceType::parse(input.service_type.trim())
                .ok_or_else(|| "Choose hotspot or PPPoE".to_string()),
        );
        let router_id = r.check(
            "router_id",
            input
                .router_id
                .ok_or_else(|| "Choose the router this customer connects through".to_string()),
        );
        let profile_id = r.check(
            "profile_id",
            input
                .profile_id
                .ok_or_else(|| "Choose the profile this customer buys".to_string()),
        );
        match (
            username,
            password,
            full_name,
            phone,
            email,
            service_type,
            router_id,
            profile_id,
        ) {
            (
                Some(username),
                Some(password),
                Some(full_name),
                Some(phone),
                Some(email),
                Some(service_type),
                Some(router_id),
                Some(profile_id),
            ) if r.0.is_empty() => Ok(Self {
                username,
                password,
                full_name,
                phone,
                email,
                service_type,
                router_id,
                profile_id,
            }),
            _ => Err(r.0),
        }
    }
}

fn username(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("Give the user name the customer logs in with, e.g. ayu or 0812555".into());
    }
    if name.chars().any(char::is_whitespace) {
        return Err(format!(
            "'{name}' has a space: a user name cannot contain spaces"
        ));
    }
    if name.chars().count() > MAX_USERNAME_CHARS {
        return Err(format!("Use at most {MAX_USERNAME_CHARS} characters"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !USERNAME_PUNCTUATION.contains(c))
    {
        return Err(format!(
            "'{bad}' cannot be used in a user name: use letters A-Z, digits and . _ - @ +"
        ));
    }
    Ok(name.to_string())
}

/// The password is taken as typed (spaces included): it is what the customer will type.
fn password(text: Option<&str>, purpose: Purpose) -> Result<Option<String>, String> {
    match (text, purpose) {
        (None, Purpose::Edit) => Ok(None),
        (None, Purpose::Create) | (Some(""), _) => {
            Err("Give the password the customer logs in with".into())
        }
        (Some(p), _) if p.chars().count() > MAX_PASSWORD_CHARS => {
            Err(format!("Use at most {MAX_PASSWORD_CHARS} characters"))
        }
        (Some(p), _) if p.chars().any(char::is_control) => {
            Err("A password cannot contain tabs, line breaks or other control characters".into())
        }
        (Some(p), _) => Ok(Some(p.to_string())),
    }
}

fn full_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        Err("Give the customer's name, e.g. Ayu Lestari".into())
    } else if name.chars().count() > MAX_FULL_NAME_CHARS {
        Err(format!("Use at most {MAX_FULL_NAME_CHARS} characters"))
    } else {
        Ok(name.to_string())
    }
}

fn phone(text: &str) -> Result<Option<String>, String> {
    let phone = text.trim();
    if phone.is_empty() {
        return Ok(None);
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    if !phone.chars().all(allowed) || !phone.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{phone}' is not a phone number: use digits, spaces and + - ( )"
        ));
    }
    if phone.chars().count() > MAX_PHONE_CHARS {
        return Err(format!("Use at most {MAX_PHONE_CHARS} characters"));
    }
    Ok(Some(phone.to_string()))
}

fn email(text: &str) -> Result<Option<String>, String> {
    let email = text.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let well_formed = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }
        None => false,
    };
    if !well_formed || email.chars().any(char::is_whitespace) {
        return Err(format!(
            "'{email}' is not an email address, e.g. ayu@example.com"
        ));
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(format!("Use at most {MAX_EMAIL_CHARS} characters"));
    }
    Ok(Some(email.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> CustomerInput {
        CustomerInput {
            username: " ayu.lestari ".into(),
            password: Some("rahasia 1".into()),
            full_name: " Ayu Lestari ".into(),
            phone: "".into(),
            email: "".into(),
            service_type: "hotspot".into(),
            router_id: Some(1),
            profile_id: Some(2),
        }
    }

    /// The refusal for one field after `change` is applied to a good form, or `None` if the
    /// form is accepted.
    fn check(
        field: &str,
        change: impl FnOnce(&mut CustomerInput),
        purpose: Purpose,
    ) -> Option<String> {
        let mut input = good();
        change(&mut input);
        match CustomerDraft::parse(&input, purpose) {
            Ok(_) => None,
            Err(fields) => {
                assert_eq!(fields.len(), 1, "only {field} was changed: {fields:?}");
                assert_eq!(
                    fields[0].field, field,
                    "the refusal names the changed field"
                );
                Some(fields[0].message.clone())
            }
        }
    }

    #[test]
    fn a_good_form_parses_trimmed() {
        let d = CustomerDraft::parse(&good(), Purpose::Create).unwrap();
        assert_eq!(d.username, "ayu.lestari", "user names are trimmed");
        assert_eq!(d.full_name, "Ayu Lestari", "names are trimmed");
        assert_eq!(
            d.password.as_deref(),
            Some("rahasia 1"),
            "passwords are kept as typed"
        );
        assert_eq!((d.phone, d.email), (None, None), "empty contacts are none");
        assert_eq!(d.service_type, ServiceType::Hotspot);
    }

    #[test]
    fn usernames_suit_routeros() {
        let long = "a".repeat(MAX_USERNAME_CHARS);
        let too_long = "a".repeat(MAX_USERNAME_CHARS + 1);
        let cases: [(&str, Option<&str>); 8] = [
            ("ayu", None),
            ("0812-555_x@home+2.b", None),
            (&long, None),
            (
                "",
                Some("Give the user name the customer logs in with, e.g. ayu or 0812555"),
            ),
            (
                "ayu lestari",
                Some("'ayu lestari' has a space: a user name cannot contain spaces"),
            ),
            (&too_long, Some("Use at most 64 characters")),
            (
                "ayu\"x",
                Some("'\"' cannot be used in a user name: use letters A-Z, digits and . _ - @ +"),
            ),
            (
                "ayü",
                Some("'ü' cannot be used in a user name: use letters A-Z, digits and . _ - @ +"),
            ),
        ];
        for (name, expect) in cases {
            let got = check("username", |i| i.username = name.into(), Purpose::Create);
            assert_eq!(got.as_deref(), expect, "user name {name:?}");
        }
    }

    #[test]
    fn passwords_are_required_on_create_and_kept_on_edit() {
        let cases: [(Option<&str>, Purpose, Option<&str>); 6] = [
            (
                None,
                Purpose::Create,
                Some("Give the password the customer logs in with"),
            ),
            (
                Some(""),
                Purpose::Create,
                Some("Give the password the customer logs in with"),
            ),
            (None, Purpose::Edit, None),
            (
                Some(""),
                Purpose::Edit,
                Some("Give the password the customer logs in with"),
            ),
            (
                Some(&"p".repeat(65)),
                Purpose::Create,
                Some("Use at most 64 characters"),
            ),
            (
                Some("a\tb"),
                Purpose::Edit,
                Some("A password cannot contain tabs, line breaks or other control characters"),
            ),
        ];
        for (pw, purpose, expect) in cases {
            let got = check("password", |i| i.password = pw.map(String::from), purpose);
            assert_eq!(got.as_deref(), expect, "password {pw:?} when {purpose:?}");
        }
    }

    #[test]
    fn contacts_are_optional_but_well_formed() {
        let phones = [
            ("+62 812-555 (01)", None),
            (
                "call me",
                Some("'call me' is not a phone number: use digits, spaces and + - ( )"),
            ),
            (
                "+-",
                Some("'+-' is not a phone number: use digits, spaces and + - ( )"),
            ),
        ];
        for (phone, expect) in phones {
            let got = check("phone", |i| i.phone = phone.into(), Purpose::Create);
            assert_eq!(got.as_deref(), expect, "phone {phone:?}");
        }
        let emails = [
            ("ayu@example.com", None),
            (
                "ayu@localhost",
                Some("'ayu@localhost' is not an email address, e.g. ayu@example.com"),
            ),
            (
                "ayu example.com",
                Some("'ayu example.com' is not an email address, e.g. ayu@example.com"),
            ),
            (
                "a@b@c.com",
                Some("'a@b@c.com' is not an email address, e.g. ayu@example.com"),
            ),
        ];
        for (email, expect) in emails {
            let got = check("email", |i| i.email = email.into(), Purpose::Create);
            assert_eq!(got.as_deref(), expect, "email {email:?}");
        }
    }

    #[test]
    fn every_bad_field_is_named_at_once_in_form_order() {
        let bad = CustomerInput {
            username: "".into(),
            password: None,
            full_name: " ".into(),
            phone: "x".into(),
            email: "y".into(),
            service_type: "wifi".into(),
            router_id: None,
            profile_id: None,
        };
        let fields: Vec<String> = CustomerDraft::parse(&bad, Purpose::Create)
            .unwrap_err()
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            [
                "username",
                "password",
                "full_name",
                "phone",
                "email",
                "service_type",
                "router_id",
                "profile_id"
            ],
            "each refused field is reported, in form order"
        );
    }
}
