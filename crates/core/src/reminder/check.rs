//! Checking the SMS settings a person saves: each field refused on its own, in words.

use tikbill_api::{FieldError, SmsMethod, SmsProvider, SmsSettings, SMS_PLACEHOLDERS};

use super::custom::{FORM, PLACEHOLDERS as CUSTOM_PLACEHOLDERS};
use super::settings::StoredSecrets;
use super::template::{unknown_placeholder, uses};

/// How many days ahead a reminder may be sent.
pub const DAYS_BEFORE: std::ops::RangeInclusive<u32> = 1..=14;
/// The longest message: three SMS parts of 153 characters.
pub const TEMPLATE_MAX: usize = 459;

/// The settings trimmed and checked (the chosen provider complete when reminders are on), or
/// every field that needs attention.
pub(super) fn check(
    input: &SmsSettings,
    secrets: &StoredSecrets,
) -> Result<(SmsSettings, u32), Vec<FieldError>> {
    let mut refused = Vec::new();
    let mut refuse = |field: &str, message: String| {
        refused.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let mut clean = input.clone();
    for text in [
        &mut clean.days_before,
        &mut clean.template,
        &mut clean.africas_talking.username,
        &mut clean.africas_talking.sender_id,
        &mut clean.twilio.account_sid,
        &mut clean.twilio.from,
        &mut clean.custom.url,
        &mut clean.custom.body,
        &mut clean.custom.content_type,
    ] {
        *text = text.trim().to_string();
    }
    let days = clean
        .days_before
        .parse::<u32>()
        .ok()
        .filter(|d| DAYS_BEFORE.contains(d));
    if days.is_none() {
        refuse(
            "daysBefore",
            format!(
                "Remind between {} and {} days before a plan ends.",
                DAYS_BEFORE.start(),
                DAYS_BEFORE.end()
            ),
        );
    }
    if clean.template.is_empty() {
        refuse("template", "Write the message to send.".into());
    } else if clean.template.chars().count() > TEMPLATE_MAX {
        refuse(
            "template",
            format!("The message is longer than {TEMPLATE_MAX} characters (three SMS)."),
        );
    } else if let Some(unknown) = unknown_placeholder(&clean.template, &SMS_PLACEHOLDERS) {
        refuse(
            "template",
            format!(
                "{unknown} is not a placeholder: use {}.",
                SMS_PLACEHOLDERS.join(", ")
            ),
        );
    }
    let needed = clean.enabled;
    match clean.provider {
        SmsProvider::AfricasTalking => {
            let at = &clean.africas_talking;
            if needed && at.username.is_empty() {
                refuse(
                    "africasTalking.username",
                    "Give the Africa's Talking application's user name (sandbox to test).".into(),
                );
            } else if !at
                .username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            {
                refuse(
                    "africasTalking.username",
                    format!("'{}' is not an Africa's Talking user name.", at.username),
                );
            }
            if !at.sender_id.is_empty()
                && (at.sender_id.len() > 11
                    || !at.sender_id.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                refuse(
                    "africasTalking.senderId",
                    "A sender id is a registered short code or at most 11 letters and digits."
                        .into(),
                );
            }
            if needed && secrets.api_key.is_none() {
                refuse(
                    "africasTalking.apiKey",
                    "Give the API key from the Africa's Talking dashboard.".into(),
                );
            }
        }
        SmsProvider::Twilio => {
            let tw = &clean.twilio;
            let sid_ok = tw.account_sid.len() == 34
                && tw.account_sid.starts_with("AC")
                && tw.account_sid[2..].chars().all(|c| c.is_ascii_hexdigit());
            if (needed || !tw.account_sid.is_empty()) && !sid_ok {
                refuse(
                    "twilio.accountSid",
                    "The account SID is AC followed by 32 letters and digits (Twilio Console)."
                        .into(),
                );
            }
            if (needed || !tw.from.is_empty()) && !sender_ok(&tw.from) {
                refuse("twilio.from", "Send from a Twilio number with its country code (+15005550006) or a sender id of at most 11 letters and digits.".into());
            }
            if needed && secrets.auth_token.is_none() {
                refuse(
                    "twilio.authToken",
                    "Give the auth token from the Twilio Console.".into(),
                );
            }
        }
        SmsProvider::Custom => check_custom(&mut clean, needed, &mut refuse),
    }
    if let Some(auth) = &secrets.authorization {
        if auth.contains(['\r', '\n']) {
            refuse(
                "custom.authorization",
                "The Authorization value is one line.".into(),
            );
        }
    }
    match days {
        Some(days) if refused.is_empty() => Ok((clean, days)),
        _ => Err(refused),
    }
}

fn check_custom(clean: &mut SmsSettings, needed: bool, refuse: &mut impl FnMut(&str, String)) {
    let custom = &mut clean.custom;
    let url_ok = (custom.url.starts_with("https://") || custom.url.starts_with("http://"))
        && custom
            .url
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty())
        && !custom.url.contains(char::is_whitespace);
    if (needed || !custom.url.is_empty()) && !url_ok {
        refuse(
            "custom.url",
            "Give the gateway's web address, https://…, with {phone} and {message} where they go."
                .into(),
        );
    }
    for (field, text) in [("custom.url", &custom.url), ("custom.body", &custom.body)] {
        if let Some(unknown) = unknown_placeholder(text, &CUSTOM_PLACEHOLDERS) {
            refuse(
                field,
                format!("{unknown} is not a placeholder here: use {{phone}} and {{message}}."),
            );
        }
    }
    if custom.method == SmsMethod::Get && !custom.body.is_empty() {
        refuse(
            "custom.body",
            "A GET request has no body: choose POST, or put everything in the URL.".into(),
        );
    }
    let both = format!("{} {}", custom.url, custom.body);
    if needed && url_ok && !(uses(&both, "{phone}") && uses(&both, "{message}")) {
        refuse(
            "custom.url",
            "Put {phone} and {message} in the URL or the body, where the gateway expects them."
                .into(),
        );
    }
    if custom.content_type.is_empty() && !custom.body.is_empty() {
        custom.content_type = FORM.into();
    }
    if custom.content_type.contains(char::is_control)
        || (!custom.content_type.is_empty() && !custom.content_type.contains('/'))
    {
        refuse(
            "custom.contentType",
            format!(
                "'{}' is not a content type such as application/json.",
                custom.content_type
            ),
        );
    }
}

/// A Twilio number (`+` and 8 to 15 digits) or an alphanumeric sender id.
fn sender_ok(from: &str) -> bool {
    match from.strip_prefix('+') {
        Some(digits) => {
            (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        }
        None => {
            (1..=11).contains(&from.len())
                && from.chars().all(|c| c.is_ascii_alphanumeric())
                && from.chars().any(|c| c.is_ascii_alphabetic())
        }
    }
}

#[cfg(test)]
mod tests {
    use tikbill_api::SmsProvider;

    use super::*;

    fn fields(input: &SmsSettings, secrets: &StoredSecrets) -> Vec<String> {
        match check(input, secrets) {
            Ok(_) => Vec::new(),
            Err(refused) => refused.into_iter().map(|f| f.field).collect(),
        }
    }

    #[test]
    fn each_wrong_field_is_named() {
        let none = StoredSecrets::default();
        assert_eq!(
            fields(&SmsSettings::default(), &none),
            Vec::<String>::new(),
            "the defaults, off, are saved"
        );
        let mut on = SmsSettings {
            enabled: true,
            days_before: "15".into(),
            template: "Hi {nama}".into(),
            ..SmsSettings::default()
        };
        assert_eq!(
            fields(&on, &none),
            [
                "daysBefore",
                "template",
                "africasTalking.username",
                "africasTalking.apiKey"
            ]
        );
        on.provider = SmsProvider::Twilio;
        on.twilio.account_sid = "AC12".into();
        on.twilio.from = "0712".into();
        assert_eq!(
            fields(&on, &none),
            [
                "daysBefore",
                "template",
                "twilio.accountSid",
                "twilio.from",
                "twilio.authToken"
            ]
        );
        on.provider = SmsProvider::Custom;
        on.custom.method = SmsMethod::Get;
        on.custom.url = "https://sms.example/send?to={phone}&pin={pin}".into();
        on.custom.body = "x".into();
        assert_eq!(
            fields(&on, &none),
            [
                "daysBefore",
                "template",
                "custom.url",
                "custom.body",
                "custom.url"
            ]
        );
    }

    #[test]
    fn complete_settings_are_trimmed_and_kept() {
        let input = SmsSettings {
            enabled: true,
            days_before: " 3 ".into(),
            provider: SmsProvider::Custom,
            custom: tikbill_api::CustomSmsSettings {
                url: " https://sms.example/send ".into(),
                body: "to={phone}&text={message}".into(),
                ..Default::default()
            },
            ..SmsSettings::default()
        };
        let (clean, days) = check(&input, &StoredSecrets::default()).expect("complete");
        assert_eq!(days, 3);
        assert_eq!(clean.custom.url, "https://sms.example/send");
        assert_eq!(
            clean.custom.content_type, FORM,
            "a body without a type is a form"
        );
        assert!(
            sender_ok("+15005550006")
                && sender_ok("NairobiNet")
                && !sender_ok("123")
                && !sender_ok("+1")
        );
    }
}
