//! Where the SMS settings live: what may be shown in the `settings` table (`sms.*`), the
//! secrets (Africa's Talking's API key, Twilio's auth token, a custom gateway's
//! `Authorization` value) in the secret store under [`SECRETS_KEY`], never in the database.

use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use tikbill_api::{Permission, SmsMethod, SmsProvider, SmsSettings};
use tikbill_routeros::Secret;

use super::check::check;
use super::custom::CustomGateway;
use super::gateway::SmsGateway;
use crate::audit::AuditEntry;
use crate::gateway::secret_error;
use crate::settings::{read, write};
use crate::{Context, CoreError, CoreResult};

/// The secret-store key of the SMS gateway's secrets.
pub const SECRETS_KEY: &str = "sms-gateway";

const ENABLED: &str = "sms.enabled";
const DAYS_BEFORE: &str = "sms.days_before";
const PROVIDER: &str = "sms.provider";
const TEMPLATE: &str = "sms.template";
const AT_USERNAME: &str = "sms.africas_talking.username";
const AT_SENDER_ID: &str = "sms.africas_talking.sender_id";
const TWILIO_SID: &str = "sms.twilio.account_sid";
const TWILIO_FROM: &str = "sms.twilio.from";
const CUSTOM_METHOD: &str = "sms.custom.method";
const CUSTOM_URL: &str = "sms.custom.url";
const CUSTOM_BODY: &str = "sms.custom.body";
const CUSTOM_CONTENT_TYPE: &str = "sms.custom.content_type";

/// The secrets, as one JSON object in the secret store. No `Debug`: never printed.
#[derive(Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoredSecrets {
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub auth_token: Option<String>,
    #[serde(default)]
    pub authorization: Option<String>,
}

impl StoredSecrets {
    fn read(ctx: &Context) -> CoreResult<Self> {
        let Some(stored) = ctx.secrets().get(SECRETS_KEY).map_err(secret_error)? else {
            return Ok(Self::default());
        };
        serde_json::from_str(stored.expose()).map_err(|_| {
            CoreError::Secrets(
                "the SMS gateway's stored secrets cannot be read: set them again in Settings"
                    .into(),
            )
        })
    }

    /// These secrets with what a form sent: `None` keeps one, an empty text removes it.
    fn changed_by(&self, input: &SmsSettings) -> Self {
        let apply = |kept: &Option<String>, given: &Option<String>| match given {
            None => kept.clone(),
            Some(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        };
        Self {
            api_key: apply(&self.api_key, &input.africas_talking.api_key),
            auth_token: apply(&self.auth_token, &input.twilio.auth_token),
            authorization: apply(&self.authorization, &input.custom.authorization),
        }
    }

    fn keep(&self, ctx: &Context) -> CoreResult<()> {
        if *self == Self::default() {
            return ctx.secrets().delete(SECRETS_KEY).map_err(secret_error);
        }
        let json = serde_json::to_string(self)
            .map_err(|e| CoreError::Internal(format!("the SMS secrets as JSON: {e}")))?;
        ctx.secrets()
            .set(SECRETS_KEY, &Secret::new(json))
            .map_err(secret_error)
    }
}

/// The settings as stored (defaults for what was never set), saying which secrets are set.
async fn stored(db: &impl ConnectionTrait, secrets: &StoredSecrets) -> CoreResult<SmsSettings> {
    let defaults = SmsSettings::default();
    let text = |value: Option<String>| value.unwrap_or_default();
    let mut settings = SmsSettings {
        enabled: read(db, ENABLED).await?.as_deref() == Some("true"),
        days_before: read(db, DAYS_BEFORE).await?.unwrap_or(defaults.days_before),
        provider: read(db, PROVIDER)
            .await?
            .and_then(|p| SmsProvider::parse(&p))
            .unwrap_or_default(),
        template: read(db, TEMPLATE).await?.unwrap_or(defaults.template),
        ..defaults
    };
    settings.africas_talking.username = text(read(db, AT_USERNAME).await?);
    settings.africas_talking.sender_id = text(read(db, AT_SENDER_ID).await?);
    settings.africas_talking.api_key_set = secrets.api_key.is_some();
    settings.twilio.account_sid = text(read(db, TWILIO_SID).await?);
    settings.twilio.from = text(read(db, TWILIO_FROM).await?);
    settings.twilio.auth_token_set = secrets.auth_token.is_some();
    settings.custom.method = read(db, CUSTOM_METHOD)
        .await?
        .and_then(|m| SmsMethod::parse(&m))
        .unwrap_or_default();
    settings.custom.url = text(read(db, CUSTOM_URL).await?);
    settings.custom.body = text(read(db, CUSTOM_BODY).await?);
    settings.custom.content_type = text(read(db, CUSTOM_CONTENT_TYPE).await?);
    settings.custom.authorization_set = secrets.authorization.is_some();
    Ok(settings)
}

/// The SMS settings, without secrets (each only said to be set or not).
pub async fn sms_settings(ctx: &Context) -> CoreResult<SmsSettings> {
    ctx.require(Permission::ViewSettings)?;
    stored(ctx.db(), &StoredSecrets::read(ctx)?).await
}

/// Checks and saves the SMS settings (each wrong field refused on its own), secrets into the
/// secret store; recorded as `settings.sms`, secrets only as set or not.
pub async fn save_sms_settings(ctx: &Context, input: &SmsSettings) -> CoreResult<SmsSettings> {
    ctx.require(Permission::EditSettings)?;
    let kept = StoredSecrets::read(ctx)?;
    let secrets = kept.changed_by(input);
    let (clean, _) =
        check(input, &secrets).map_err(|refused| CoreError::invalid("SMS settings", refused))?;
    if secrets != kept {
        secrets.keep(ctx)?;
    }
    let txn = crate::db::begin_write(ctx.db()).await?;
    let before = stored(&txn, &kept).await?;
    let now = ctx.now();
    for (key, value) in [
        (ENABLED, if clean.enabled { "true" } else { "false" }),
        (DAYS_BEFORE, clean.days_before.as_str()),
        (PROVIDER, clean.provider.as_str()),
        (TEMPLATE, clean.template.as_str()),
        (AT_USERNAME, clean.africas_talking.username.as_str()),
        (AT_SENDER_ID, clean.africas_talking.sender_id.as_str()),
        (TWILIO_SID, clean.twilio.account_sid.as_str()),
        (TWILIO_FROM, clean.twilio.from.as_str()),
        (CUSTOM_METHOD, clean.custom.method.as_str()),
        (CUSTOM_URL, clean.custom.url.as_str()),
        (CUSTOM_BODY, clean.custom.body.as_str()),
        (CUSTOM_CONTENT_TYPE, clean.custom.content_type.as_str()),
    ] {
        write(&txn, key, value, now).await?;
    }
    let after = stored(&txn, &secrets).await?;
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "settings.sms", "settings", None)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// What sending needs, when reminders are on.
pub(super) struct Sending {
    pub days_before: u32,
    pub template: String,
    pub gateway: SmsGateway,
}

/// The settings to send with, or `None` while reminders are off. Settings that no longer
/// check (a secret removed from the store) are an error saying so.
pub(super) async fn for_sending(ctx: &Context) -> CoreResult<Option<Sending>> {
    let secrets = StoredSecrets::read(ctx)?;
    let settings = stored(ctx.db(), &secrets).await?;
    if !settings.enabled {
        return Ok(None);
    }
    let (clean, days_before) = check(&settings, &secrets).map_err(|refused| {
        let what: Vec<String> = refused.into_iter().map(|f| f.message).collect();
        CoreError::Secrets(format!(
            "The SMS settings are not complete: {}",
            what.join(" ")
        ))
    })?;
    let secret = |value: &Option<String>| Secret::new(value.clone().unwrap_or_default());
    let gateway = match clean.provider {
        SmsProvider::AfricasTalking => SmsGateway::AfricasTalking {
            username: clean.africas_talking.username.clone(),
            sender_id: Some(clean.africas_talking.sender_id.clone()).filter(|s| !s.is_empty()),
            api_key: secret(&secrets.api_key),
        },
        SmsProvider::Twilio => SmsGateway::Twilio {
            account_sid: clean.twilio.account_sid.clone(),
            from: clean.twilio.from.clone(),
            auth_token: secret(&secrets.auth_token),
        },
        SmsProvider::Custom => SmsGateway::Custom(CustomGateway {
            method: clean.custom.method,
            url: clean.custom.url.clone(),
            body: Some(clean.custom.body.clone()).filter(|b| !b.is_empty()),
            content_type: clean.custom.content_type.clone(),
            authorization: secrets
                .authorization
                .as_ref()
                .map(|a| Secret::new(a.clone())),
        }),
    };
    Ok(Some(Sending {
        days_before,
        template: clean.template,
        gateway,
    }))
}

/// How many days before a plan ends its reminder is due (1 until the office chooses).
pub(super) async fn days_before(db: &impl ConnectionTrait) -> CoreResult<u32> {
    Ok(read(db, DAYS_BEFORE)
        .await?
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|d| super::check::DAYS_BEFORE.contains(d))
        .unwrap_or(1))
}
