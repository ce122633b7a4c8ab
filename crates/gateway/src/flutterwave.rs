//! Flutterwave (v3): the `verif-hash` header carries the dashboard's secret hash as is.
//! `charge.completed` says successful, failed or pending in `data.status`.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::error::{ParseError, VerifyError};
use crate::gateway::{status_verdict, Gateway};
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::GatewaySettings;
use crate::util::{self, bearer, from_body, join, same_secret_or_digest, segment, Scalar};
use crate::Delivery;

pub struct Flutterwave;

const HASH: &str = "verif-hash";

#[derive(Deserialize)]
struct Notification {
    event: Option<String>,
    data: Option<Data>,
}

#[derive(Deserialize)]
struct Data {
    id: Option<Scalar>,
    tx_ref: Option<Scalar>,
    amount: Option<Scalar>,
    currency: Option<Scalar>,
    status: Option<Scalar>,
    processor_response: Option<Scalar>,
    meta: Option<serde_json::Value>,
}

impl Gateway for Flutterwave {
    fn name(&self) -> GatewayName {
        GatewayName::Flutterwave
    }

    fn verify(
        &self,
        _hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        _now: DateTime<Utc>,
        _certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        let GatewaySettings::Flutterwave(settings) = settings else {
            return Err(VerifyError::WrongSettings {
                expected: GatewayName::Flutterwave,
                given: settings.name(),
            });
        };
        let given = delivery.required(HASH)?;
        if same_secret_or_digest(given.as_bytes(), settings.secret_hash.expose().as_bytes()) {
            Ok(())
        } else {
            Err(VerifyError::Mismatch {
                what: HASH,
                against: "the configured secret hash",
            })
        }
    }

    fn parse(&self, _hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        let notification: Notification = from_body(delivery.body)?;
        let kind = notification.event.ok_or(ParseError::Missing("event"))?;
        if kind != "charge.completed" {
            return Err(ParseError::Unsupported(kind));
        }
        let data = notification.data.ok_or(ParseError::Missing("data"))?;
        let state = util::required(&data.status, "data.status")?;
        let outcome = match state.to_ascii_lowercase().as_str() {
            "successful" => Outcome::Paid,
            "pending" => Outcome::Pending,
            "failed" => Outcome::Failed {
                code: state.clone(),
                reason: util::text(&data.processor_response)
                    .unwrap_or_else(|| "the charge failed".to_owned()),
            },
            _ => {
                return Err(ParseError::invalid(
                    "data.status",
                    format!("unknown status {state:?}"),
                ))
            }
        };
        let mut event = Event::new(GatewayName::Flutterwave, outcome);
        event.reference = Some(util::required(&data.id, "data.id")?);
        event.confirm_id = event.reference.clone();
        event.amount = util::decimal(&data.amount, "data.amount")?;
        event.currency = util::text(&data.currency);
        // Who it is for: the customer's user name tikbill put in `meta`, else the tx_ref
        // (a payment link whose reference is the account).
        event.account = data
            .meta
            .as_ref()
            .and_then(|m| util::string_at(m, &["customer_username"]))
            .or_else(|| util::text(&data.tx_ref));
        Ok(event)
    }

    /// GET {api_base}/v3/transactions/{id}/verify with the secret key as Bearer.
    fn confirm_request(&self, event: &Event, settings: &GatewaySettings) -> Option<ApiRequest> {
        let GatewaySettings::Flutterwave(settings) = settings else {
            return None;
        };
        let id = event.confirm_id.as_deref()?;
        let url = join(
            &settings.api_base,
            &format!("/v3/transactions/{}/verify", segment(id)),
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
        Ok(match state.to_ascii_lowercase().as_str() {
            "successful" => Confirmation::Confirmed {
                amount: util::decimal(&data.amount, "data.amount")?
                    .ok_or(ParseError::Missing("data.amount"))?,
                currency: util::required(&data.currency, "data.currency")?,
                // Whom it is for, per Flutterwave's own record (not the webhook's word).
                account: data
                    .meta
                    .as_ref()
                    .and_then(|m| util::string_at(m, &["customer_username"]))
                    .or_else(|| util::text(&data.tx_ref)),
            },
            "pending" => Confirmation::Unknown {
                why: "status pending".to_owned(),
            },
            _ => Confirmation::NotPaid { status: state },
        })
    }
}
