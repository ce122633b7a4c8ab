//! Any payment service that signs by the Standard Webhooks specification.
//!
//! Headers `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature` (a
//! space-separated list of `v1,<base64>`; any one matching passes). The signature is the
//! HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with the secret's bytes: the secret is
//! `whsec_<base64>`, and a bare `<base64>` is read the same way. A timestamp further than
//! `tolerance_secs` (default 300) from now is refused. The caller refuses replays by storing
//! `webhook-id` ([`Event::delivery_id`](crate::Event)).
//!
//! Body: `{transaction_id, customer_username, amount, currency, status, payment_method}`;
//! `amount` may be a number or a string and is read exactly.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::error::{ParseError, VerifyError};
use crate::gateway::Gateway;
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::GatewaySettings;
use crate::util::{self, from_body, Scalar};
use crate::Delivery;

pub struct Generic;

const ID: &str = "webhook-id";
const TIMESTAMP: &str = "webhook-timestamp";
const SIGNATURE: &str = "webhook-signature";

/// The `v1,<base64>` signature of a delivery (for senders and tests).
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    Some(format!("v1,{signature}"))
}

#[derive(Deserialize)]
struct Payment {
    transaction_id: Option<Scalar>,
    customer_username: Option<Scalar>,
    amount: Option<Scalar>,
    currency: Option<Scalar>,
    status: Option<Scalar>,
}

impl Gateway for Generic {
    fn name(&self) -> GatewayName {
        GatewayName::Generic
    }

    fn verify(
        &self,
        _hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        now: DateTime<Utc>,
        _certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        let GatewaySettings::Generic(settings) = settings else {
            return Err(VerifyError::WrongSettings {
                expected: GatewayName::Generic,
                given: settings.name(),
            });
        };
        let key = settings
            .key()
            .map_err(|why| VerifyError::BadSettings(GatewayName::Generic, why))?;
        let id = delivery.required(ID)?;
        let stamp_text = delivery.required(TIMESTAMP)?;
        let stamp: i64 = stamp_text.parse().map_err(|_| VerifyError::BadHeader {
            header: TIMESTAMP,
            why: format!("{stamp_text:?} is not whole seconds since 1970"),
        })?;
        let tolerance = settings.tolerance_secs;
        let limit = i64::try_from(tolerance).unwrap_or(i64::MAX);
        let age = now.timestamp().saturating_sub(stamp);
        if age > limit {
            return Err(VerifyError::TooOld { age, tolerance });
        }
        if age < limit.saturating_neg() {
            return Err(VerifyError::TooNew {
                ahead: age.saturating_neg(),
                tolerance,
            });
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&key)
            .map_err(|err| VerifyError::BadSettings(GatewayName::Generic, err.to_string()))?;
        mac.update(format!("{id}.{stamp_text}.").as_bytes());
        mac.update(delivery.body);
        let mut versioned = false;
        for entry in delivery.required(SIGNATURE)?.split_whitespace() {
            let Some(encoded) = entry.strip_prefix("v1,") else {
                continue;
            };
            versioned = true;
            let Ok(given) = base64::engine::general_purpose::STANDARD.decode(encoded) else {
                continue;
            };
            if mac.clone().verify_slice(&given).is_ok() {
                return Ok(());
            }
        }
        if versioned {
            Err(VerifyError::Mismatch {
                what: SIGNATURE,
                against: "the body",
            })
        } else {
            Err(VerifyError::BadHeader {
                header: SIGNATURE,
                why: "it has no v1,<base64> signature".to_owned(),
            })
        }
    }

    fn parse(&self, _hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        let payment: Payment = from_body(delivery.body)?;
        let state = util::required(&payment.status, "status")?;
        let outcome = match state.to_ascii_lowercase().as_str() {
            "paid" | "success" | "successful" | "completed" => Outcome::Paid,
            "pending" => Outcome::Pending,
            "failed" | "cancelled" | "canceled" => Outcome::Failed {
                code: state.clone(),
                reason: format!("payment {state}"),
            },
            "refunded" | "reversed" => Outcome::Reversed,
            _ => {
                return Err(ParseError::invalid(
                    "status",
                    format!("unknown status {state:?}"),
                ))
            }
        };
        let mut event = Event::new(GatewayName::Generic, outcome);
        event.reference = Some(util::required(&payment.transaction_id, "transaction_id")?);
        event.account = util::text(&payment.customer_username);
        event.amount = util::decimal(&payment.amount, "amount")?;
        event.currency = util::text(&payment.currency);
        event.delivery_id = delivery
            .header(ID)
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        Ok(event)
    }

    /// None: a generic gateway has no API to ask.
    fn confirm_request(&self, _event: &Event, _settings: &GatewaySettings) -> Option<ApiRequest> {
        None
    }

    fn confirm_response(
        &self,
        _event: &Event,
        _status: u16,
        _body: &[u8],
    ) -> Result<Confirmation, ParseError> {
        Ok(Confirmation::Unknown {
            why: "the generic gateway has no verify API".to_owned(),
        })
    }
}
