//! Expiry reminders by SMS: the gateway's settings, the customers whose plan ends soon, and the
//! reminders sent.
//!
//! Secrets (an API key, an auth token, a custom `Authorization` header) travel only towards the
//! backend: a form sends one to set it (`None` keeps what is stored, an empty text removes it),
//! and what the backend answers only says whether each is set.

use serde::{Deserialize, Serialize};

/// The message sent when the office has not written its own.
pub const DEFAULT_SMS_TEMPLATE: &str =
    "Dear {name}, your {plan} internet plan ends on {expires}. Renew to stay connected. {office}";

/// The placeholders a reminder's template may use.
pub const SMS_PLACEHOLDERS: [&str; 5] = ["{name}", "{username}", "{plan}", "{expires}", "{office}"];

/// Who carries the SMS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsProvider {
    #[default]
    AfricasTalking,
    Twilio,
    /// Any HTTP gateway, described by a URL template.
    Custom,
}

impl SmsProvider {
    pub const ALL: [SmsProvider; 3] = [Self::AfricasTalking, Self::Twilio, Self::Custom];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AfricasTalking => "africas_talking",
            Self::Twilio => "twilio",
            Self::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// As a person says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AfricasTalking => "Africa's Talking",
            Self::Twilio => "Twilio",
            Self::Custom => "Other HTTP gateway",
        }
    }
}

/// The HTTP method of a custom gateway.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SmsMethod {
    Get,
    #[default]
    Post,
}

impl SmsMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Get, Self::Post]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }
}

/// Africa's Talking: the application's user name (`sandbox` for the sandbox), its API key and
/// an optional registered sender id or short code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AfricasTalkingSettings {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub sender_id: String,
    /// To set (never answered).
    #[serde(default)]
    pub api_key: Option<String>,
    /// Whether an API key is stored.
    #[serde(default)]
    pub api_key_set: bool,
}

/// Twilio: the account SID, its auth token and the number (or sender id) messages come from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwilioSettings {
    #[serde(default)]
    pub account_sid: String,
    #[serde(default)]
    pub from: String,
    /// To set (never answered).
    #[serde(default)]
    pub auth_token: Option<String>,
    /// Whether an auth token is stored.
    #[serde(default)]
    pub auth_token_set: bool,
}

/// Any HTTP gateway: `{phone}` and `{message}` in the URL (URL-encoded) and the body (encoded as
/// its content type needs), and an optional `Authorization` header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomSmsSettings {
    #[serde(default)]
    pub method: SmsMethod,
    /// `https://sms.example.com/send?to={phone}&text={message}`.
    #[serde(default)]
    pub url: String,
    /// POST only; empty: no body.
    #[serde(default)]
    pub body: String,
    /// The body's type; empty: `application/x-www-form-urlencoded`.
    #[serde(default)]
    pub content_type: String,
    /// The `Authorization` header's value, to set (never answered).
    #[serde(default)]
    pub authorization: Option<String>,
    /// Whether an `Authorization` value is stored.
    #[serde(default)]
    pub authorization_set: bool,
}

/// Expiry reminders by SMS, as Settings shows and saves them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsSettings {
    pub enabled: bool,
    /// Remind customers whose plan ends within this many days (1–14), as typed.
    pub days_before: String,
    pub provider: SmsProvider,
    /// The message, with [`SMS_PLACEHOLDERS`].
    pub template: String,
    #[serde(default)]
    pub africas_talking: AfricasTalkingSettings,
    #[serde(default)]
    pub twilio: TwilioSettings,
    #[serde(default)]
    pub custom: CustomSmsSettings,
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            days_before: "1".into(),
            provider: SmsProvider::default(),
            template: DEFAULT_SMS_TEMPLATE.into(),
            africas_talking: AfricasTalkingSettings::default(),
            twilio: TwilioSettings::default(),
            custom: CustomSmsSettings::default(),
        }
    }
}

/// What became of a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderOutcome {
    /// Taken by a process that is sending it now.
    Sending,
    /// The gateway accepted it.
    Sent,
    /// The gateway refused it, or the phone number could not be used: not tried again for
    /// this expiry.
    Failed,
}

impl ReminderOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Sending, Self::Sent, Self::Failed]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// A reminder sent (or tried).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsReminderView {
    pub id: i64,
    pub customer_id: i64,
    pub username: String,
    pub phone: String,
    pub message: String,
    /// The expiry it reminded of: RFC 3339, UTC.
    pub expires_at: String,
    pub outcome: ReminderOutcome,
    /// The gateway's message id, or why it failed.
    pub detail: Option<String>,
    /// RFC 3339, UTC.
    pub sent_at: String,
}

/// An active customer whose plan ends soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiringCustomer {
    pub customer_id: i64,
    pub username: String,
    pub full_name: String,
    pub phone: Option<String>,
    pub plan: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// The same on the office's clock: "28 Nov 2026 14:00".
    pub expires_local: String,
    /// Whole days left (0: it ends within a day).
    pub days_left: i64,
    /// The reminder of this expiry, if one was sent or tried.
    pub reminder: Option<ReminderOutcome>,
}
