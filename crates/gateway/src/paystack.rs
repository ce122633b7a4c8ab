//! Paystack: `x-paystack-signature` is the hex HMAC-SHA512 of the raw body keyed with the
//! secret key. `charge.success` is money; `refund.processed` gives it back.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::Sha512;

use crate::error::{ParseError, VerifyError};
use crate::gateway::{status_verdict, Gateway};
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::GatewaySettings;
use crate::util::{self, bearer, from_body, join, segment, Scalar};
use crate::Delivery;

pub struct Paystack;

const SIGNATURE: &str = "x-paystack-signature";

#[derive(Deserialize)]
struct Notification {
    event: Option<String>,
    data: Option<Data>,
}

#[derive(Deserialize)]
struct Data {
    status: Option<Scalar>,
    reference: Option<Scalar>,
    transaction_reference: Option<Scalar>,
    transaction: Option<Transaction>,
    amount: Option<Scalar>,
    currency: Option<Scalar>,
    metadata: Option<serde_json::Value>,
    customer: Option<Customer>,
}

#[derive(Deserialize)]
struct Transaction {
    reference: Option<Scalar>,
}

#[derive(Deserialize)]
struct Customer {
    email: Option<Scalar>,
}

/// Kobo (or pesewas, cents) to major units, exactly.
fn major(minor: &Option<Scalar>) -> Result<Option<Decimal>, ParseError> {
    Ok(util::decimal(minor, "data.amount")?.map(|amount| amount / Decimal::ONE_HUNDRED))
}

impl Gateway for Paystack {
    fn name(&self) -> GatewayName {
        GatewayName::Paystack
    }

    fn verify(
        &self,
        _hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        _now: DateTime<Utc>,
        _certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        let GatewaySettings::Paystack(settings) = settings else {
            return Err(VerifyError::WrongSettings {
                expected: GatewayName::Paystack,
                given: settings.name(),
            });
        };
        let given =
            hex::decode(delivery.required(SIGNATURE)?).map_err(|err| VerifyError::BadHeader {
                header: SIGNATURE,
                why: format!("not hex: {err}"),
            })?;
        let mut mac = Hmac::<Sha512>::new_from_slice(settings.secret_key.expose().as_bytes())
            .map_err(|err| VerifyError::BadSettings(GatewayName::Paystack, err.to_string()))?;
        mac.update(delivery.body);
        mac.verify_slice(&given).map_err(|_| VerifyError::Mismatch {
            what: SIGNATURE,
            against: "the body",
        })
    }

    fn parse(&self, _hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        let notification: Notification = from_body(delivery.body)?;
        let kind = notification.event.ok_or(ParseError::Missing("event"))?;
        let data = notification.data.ok_or(ParseError::Missing("data"))?;
        let mut event = match kind.as_str() {
            "charge.success" => {
                let mut event = Event::new(GatewayName::Paystack, Outcome::Paid);
                event.reference = Some(util::required(&data.reference, "data.reference")?);
                let username = data
                    .metadata
                    .as_ref()
                    .and_then(|m| util::string_at(m, &["customer_username"]));
                let email = data.customer.as_ref().and_then(|c| util::text(&c.email));
                event.account = username.or(email);
                event
            }
            "refund.processed" => {
                let mut event = Event::new(GatewayName::Paystack, Outcome::Reversed);
                let nested = data
                    .transaction
                    .as_ref()
                    .and_then(|t| util::text(&t.reference));
                let reference = util::text(&data.transaction_reference)
                    .or(nested)
                    .ok_or(ParseError::Missing("data.transaction_reference"))?;
                event.reference = Some(reference);
                event
            }
            other => return Err(ParseError::Unsupported(other.to_owned())),
        };
        event.confirm_id = event.reference.clone();
        event.amount = major(&data.amount)?;
        event.currency = util::text(&data.currency);
        Ok(event)
    }

    /// GET {api_base}/transaction/verify/{reference} with the secret key as Bearer.
    fn confirm_request(&self, event: &Event, settings: &GatewaySettings) -> Option<ApiRequest> {
        let GatewaySettings::Paystack(settings) = settings else {
            return None;
        };
        let reference = event.confirm_id.as_deref()?;
        let url = join(
            &settings.api_base,
            &format!("/transaction/verify/{}", segment(reference)),
        );
        Some(ApiRequest::get(url, bearer(settings.secret_key.expose())))
    }

    fn confirm_response(
        &self,
        _event: &Event,
        status: u16,
        body: &[u8],
    ) -> Result<Confirmation, ParseError> {
        if let Some(verdict) = status_verdict(status, body) {
            return Ok(verdict);
        }
        #[derive(Deserialize)]
        struct Answer {
            data: Option<Data>,
        }
        let answer: Answer = from_body(body)?;
        let data = answer.data.ok_or(ParseError::Missing("data"))?;
        let state = util::required(&data.status, "data.status")?;
        Ok(match state.as_str() {
            "success" => Confirmation::Confirmed {
                amount: major(&data.amount)?.ok_or(ParseError::Missing("data.amount"))?,
                currency: util::required(&data.currency, "data.currency")?,
                account: data
                    .metadata
                    .as_ref()
                    .and_then(|m| util::string_at(m, &["customer_username"])),
            },
            "ongoing" | "pending" | "processing" | "queued" => Confirmation::Unknown {
                why: format!("status {state}"),
            },
            _ => Confirmation::NotPaid { status: state },
        })
    }
}
