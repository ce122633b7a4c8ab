//! Per-gateway settings and secrets, from the JSON object an operator gives.

use std::fmt;

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use crate::hook::GatewayName;

/// A secret string: never printed by `Debug`, shown as "set" by `public_view`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Accepts `"174379"` or `174379` (shortcodes and tills are often typed as numbers).
fn code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text.trim().to_owned()),
        Value::Number(number) if number.is_u64() => Ok(number.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string of digits, found {other}"
        ))),
    }
}

fn optional_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    code(deserializer).map(|text| Some(text).filter(|t| !t.is_empty()))
}

macro_rules! default_base {
    ($name:ident, $url:literal) => {
        fn $name() -> String {
            $url.to_owned()
        }
    };
}
default_base!(mpesa_base, "https://api.safaricom.co.ke");
default_base!(paypal_base, "https://api-m.paypal.com");
default_base!(paystack_base, "https://api.paystack.co");
default_base!(flutterwave_base, "https://api.flutterwave.com");
default_base!(midtrans_base, "https://api.midtrans.com");
default_base!(xendit_base, "https://api.xendit.co");

fn default_tolerance() -> u64 {
    300
}

/// Safaricom Daraja. Sandbox: `api_base` "https://sandbox.safaricom.co.ke".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MpesaSettings {
    #[serde(default = "mpesa_base")]
    pub api_base: String,
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// The paybill number, or for Buy Goods the store (head office) number.
    #[serde(deserialize_with = "code")]
    pub shortcode: String,
    pub passkey: Secret,
    /// Buy Goods: the till that receives the money (PartyB, CustomerBuyGoodsOnline).
    #[serde(default, deserialize_with = "optional_code")]
    pub till_number: Option<String>,
}

/// How PayPal deliveries are verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaypalVerify {
    /// CRC32 + RSA with PayPal's certificate (fetched by the caller).
    #[default]
    Offline,
    /// PayPal's verify-webhook-signature API.
    Api,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaypalSettings {
    #[serde(default = "paypal_base")]
    pub api_base: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub webhook_id: String,
    #[serde(default)]
    pub verify: PaypalVerify,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaystackSettings {
    #[serde(default = "paystack_base")]
    pub api_base: String,
    pub secret_key: Secret,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlutterwaveSettings {
    #[serde(default = "flutterwave_base")]
    pub api_base: String,
    pub secret_key: Secret,
    /// The dashboard's "secret hash", sent back in the `verif-hash` header.
    pub secret_hash: Secret,
}

/// Standard Webhooks. `secret` is `whsec_<base64>`; a bare `<base64>` is read the same way.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericSettings {
    pub secret: Secret,
    #[serde(default = "default_tolerance")]
    pub tolerance_secs: u64,
}

impl GenericSettings {
    /// The HMAC key: the base64 after the optional `whsec_` prefix, decoded.
    pub fn key(&self) -> Result<Vec<u8>, String> {
        let text = self.secret.expose().trim();
        let encoded = text.strip_prefix("whsec_").unwrap_or(text);
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|err| format!("secret is not whsec_ followed by base64: {err}"))
            .and_then(|key| {
                if key.is_empty() {
                    Err("secret is empty".to_owned())
                } else {
                    Ok(key)
                }
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MidtransSettings {
    #[serde(default = "midtrans_base")]
    pub api_base: String,
    pub server_key: Secret,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XenditSettings {
    #[serde(default = "xendit_base")]
    pub api_base: String,
    pub secret_key: Secret,
    /// The dashboard's webhook verification token, sent back in `x-callback-token`.
    pub callback_token: Secret,
}

/// One gateway's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewaySettings {
    Mpesa(MpesaSettings),
    Paypal(PaypalSettings),
    Paystack(PaystackSettings),
    Flutterwave(FlutterwaveSettings),
    Generic(GenericSettings),
    Midtrans(MidtransSettings),
    Xendit(XenditSettings),
}

/// Why an operator's settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{gateway} settings: {message}")]
pub struct SettingsError {
    pub gateway: GatewayName,
    pub message: String,
}

fn read<T: DeserializeOwned>(name: GatewayName, json: &Value) -> Result<T, SettingsError> {
    if !json.is_object() {
        return Err(SettingsError {
            gateway: name,
            message: "expected a JSON object".to_owned(),
        });
    }
    T::deserialize(json).map_err(|err| SettingsError {
        gateway: name,
        message: err.to_string(),
    })
}

impl GatewaySettings {
    /// Unknown fields are refused and missing required ones named.
    pub fn parse(name: GatewayName, json: &Value) -> Result<Self, SettingsError> {
        let settings = match name {
            GatewayName::Mpesa => GatewaySettings::Mpesa(read(name, json)?),
            GatewayName::Paypal => GatewaySettings::Paypal(read(name, json)?),
            GatewayName::Paystack => GatewaySettings::Paystack(read(name, json)?),
            GatewayName::Flutterwave => GatewaySettings::Flutterwave(read(name, json)?),
            GatewayName::Generic => GatewaySettings::Generic(read(name, json)?),
            GatewayName::Midtrans => GatewaySettings::Midtrans(read(name, json)?),
            GatewayName::Xendit => GatewaySettings::Xendit(read(name, json)?),
        };
        settings.check().map_err(|message| SettingsError {
            gateway: name,
            message,
        })?;
        Ok(settings)
    }

    pub fn name(&self) -> GatewayName {
        match self {
            GatewaySettings::Mpesa(_) => GatewayName::Mpesa,
            GatewaySettings::Paypal(_) => GatewayName::Paypal,
            GatewaySettings::Paystack(_) => GatewayName::Paystack,
            GatewaySettings::Flutterwave(_) => GatewayName::Flutterwave,
            GatewaySettings::Generic(_) => GatewayName::Generic,
            GatewaySettings::Midtrans(_) => GatewayName::Midtrans,
            GatewaySettings::Xendit(_) => GatewayName::Xendit,
        }
    }

    /// The API base URL (None for the generic gateway, which has no API).
    pub fn api_base(&self) -> Option<&str> {
        match self {
            GatewaySettings::Mpesa(s) => Some(&s.api_base),
            GatewaySettings::Paypal(s) => Some(&s.api_base),
            GatewaySettings::Paystack(s) => Some(&s.api_base),
            GatewaySettings::Flutterwave(s) => Some(&s.api_base),
            GatewaySettings::Generic(_) => None,
            GatewaySettings::Midtrans(s) => Some(&s.api_base),
            GatewaySettings::Xendit(s) => Some(&s.api_base),
        }
    }

    fn secrets(&self) -> Vec<(&'static str, &Secret)> {
        match self {
            GatewaySettings::Mpesa(s) => vec![
                ("consumer_secret", &s.consumer_secret),
                ("passkey", &s.passkey),
            ],
            GatewaySettings::Paypal(s) => vec![("client_secret", &s.client_secret)],
            GatewaySettings::Paystack(s) => vec![("secret_key", &s.secret_key)],
            GatewaySettings::Flutterwave(s) => {
                vec![
                    ("secret_key", &s.secret_key),
                    ("secret_hash", &s.secret_hash),
                ]
            }
            GatewaySettings::Generic(s) => vec![("secret", &s.secret)],
            GatewaySettings::Midtrans(s) => vec![("server_key", &s.server_key)],
            GatewaySettings::Xendit(s) => vec![
                ("secret_key", &s.secret_key),
                ("callback_token", &s.callback_token),
            ],
        }
    }

    fn check(&self) -> Result<(), String> {
        for (field, secret) in self.secrets() {
            if secret.expose().trim().is_empty() {
                return Err(format!("{field} is empty"));
            }
        }
        if let Some(base) = self.api_base() {
            let lower = base.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                return Err(format!("api_base {base:?} is not an http(s) URL"));
            }
            crate::util::scheme_and_authority(base)
                .map_err(|why| format!("api_base {base:?}: {why}"))?;
        }
        match self {
            GatewaySettings::Mpesa(s) => {
                let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
                if !digits(&s.shortcode) {
                    return Err(format!("shortcode {:?} is not digits", s.shortcode));
                }
                if let Some(till) = &s.till_number {
                    if !digits(till) {
                        return Err(format!("till_number {till:?} is not digits"));
                    }
                }
                if s.consumer_key.trim().is_empty() {
                    return Err("consumer_key is empty".to_owned());
                }
            }
            GatewaySettings::Paypal(s) if s.webhook_id.trim().is_empty() => {
                return Err("webhook_id is empty".to_owned());
            }
            GatewaySettings::Generic(s) => {
                s.key()?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Everything but the secrets, which are shown as "set".
    pub fn public_view(&self) -> Value {
        let mut view = match self {
            GatewaySettings::Mpesa(s) => json!({
                "api_base": s.api_base, "consumer_key": s.consumer_key, "shortcode": s.shortcode,
                "till_number": s.till_number,
            }),
            GatewaySettings::Paypal(s) => json!({
                "api_base": s.api_base, "client_id": s.client_id, "webhook_id": s.webhook_id,
                "verify": match s.verify { PaypalVerify::Offline => "offline", PaypalVerify::Api => "api" },
            }),
            GatewaySettings::Paystack(s) => json!({ "api_base": s.api_base }),
            GatewaySettings::Flutterwave(s) => json!({ "api_base": s.api_base }),
            GatewaySettings::Generic(s) => json!({ "tolerance_secs": s.tolerance_secs }),
            GatewaySettings::Midtrans(s) => json!({ "api_base": s.api_base }),
            GatewaySettings::Xendit(s) => json!({ "api_base": s.api_base }),
        };
        if let Value::Object(map) = &mut view {
            for (field, _) in self.secrets() {
                map.insert(field.to_owned(), Value::String("set".to_owned()));
            }
        }
        view
    }
}
