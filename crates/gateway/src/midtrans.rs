//! Midtrans HTTP notification: `signature_key` in the body is the hex SHA-512 of
//! order_id + status_code + gross_amount + server key.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha512};
use subtle::ConstantTimeEq;

use crate::error::{ParseError, VerifyError};
use crate::gateway::{status_verdict, Gateway};
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::GatewaySettings;
use crate::util::{self, basic_auth, from_body, join, segment, Scalar};
use crate::Delivery;

pub struct Midtrans;

#[derive(Deserialize)]
struct Notification {
    order_id: Option<Scalar>,
    status_code: Option<Scalar>,
    gross_amount: Option<Scalar>,
    signature_key: Option<Scalar>,
    transaction_status: Option<Scalar>,
    transaction_id: Option<Scalar>,
    fraud_status: Option<Scalar>,
    status_message: Option<Scalar>,
    currency: Option<Scalar>,
}

/// The notification's signature_key for these values (for tests and fakes).
pub fn signature(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &str,
) -> String {
    hex::encode(Sha512::digest(format!(
        "{order_id}{status_code}{gross_amount}{server_key}"
    )))
}

enum State {
    Paid,
    Pending,
    Failed,
    Reversed,
}

fn state(status: &str, fraud: Option<&str>) -> Option<State> {
    Some(match status {
        "capture" => match fraud {
            None | Some("accept") => State::Paid,
            Some("challenge") => State::Pending,
            Some(_) => State::Failed,
        },
        "settlement" => State::Paid,
        "pending" | "authorize" => State::Pending,
        "deny" | "cancel" | "expire" | "failure" => State::Failed,
        "refund" | "partial_refund" | "chargeback" | "partial_chargeback" => State::Reversed,
        _ => return None,
    })
}

impl Gateway for Midtrans {
    fn name(&self) -> GatewayName {
        GatewayName::Midtrans
    }

    fn verify(
        &self,
        _hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        _now: DateTime<Utc>,
        _certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        let GatewaySettings::Midtrans(settings) = settings else {
            return Err(VerifyError::WrongSettings {
                expected: GatewayName::Midtrans,
                given: settings.name(),
            });
        };
        let n: Notification = serde_json::from_slice(delivery.body)
            .map_err(|e| VerifyError::BodyNotJson(e.to_string()))?;
        let field =
            |value: &Option<Scalar>, name| util::text(value).ok_or(VerifyError::MissingField(name));
        let order_id = field(&n.order_id, "order_id")?;
        let status_code = field(&n.status_code, "status_code")?;
        let gross_amount = field(&n.gross_amount, "gross_amount")?;
        let given = field(&n.signature_key, "signature_key")?;
        let expected = Sha512::digest(format!(
            "{order_id}{status_code}{gross_amount}{}",
            settings.server_key.expose()
        ));
        let matches = hex::decode(given.to_ascii_lowercase())
            .is_ok_and(|given| bool::from(given.ct_eq(&expected[..])));
        if matches {
            Ok(())
        } else {
            Err(VerifyError::Mismatch {
                what: "signature_key",
                against: "the notification",
            })
        }
    }

    fn parse(&self, _hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        let n: Notification = from_body(delivery.body)?;
        let status = util::required(&n.transaction_status, "transaction_status")?;
        let fraud = util::text(&n.fraud_status);
        let outcome = match state(&status, fraud.as_deref()) {
            Some(State::Paid) => Outcome::Paid,
            Some(State::Pending) => Outcome::Pending,
            Some(State::Reversed) => Outcome::Reversed,
            Some(State::Failed) => Outcome::Failed {
                code: fraud
                    .filter(|_| status == "capture")
                    .unwrap_or_else(|| status.clone()),
                reason: util::text(&n.status_message)
                    .unwrap_or_else(|| format!("transaction {status}")),
            },
            None => {
                return Err(ParseError::invalid(
                    "transaction_status",
                    format!("unknown status {status:?}"),
                ))
            }
        };
        let mut event = Event::new(GatewayName::Midtrans, outcome);
        // The money's key is the order id: the signature covers it (order_id + status_code +
        // gross_amount + server key) where it does not cover transaction_id, so a replay with
        // another transaction_id is still the same payment.
        util::required(&n.transaction_id, "transaction_id")?;
        event.reference = Some(util::required(&n.order_id, "order_id")?);
        event.account = event.reference.clone();
        event.confirm_id = event.account.clone();
        event.amount = util::decimal(&n.gross_amount, "gross_amount")?;
        event.currency = Some(util::text(&n.currency).unwrap_or_else(|| "IDR".to_owned()));
        Ok(event)
    }

    /// GET {api_base}/v2/{order_id}/status with Basic base64(server_key + ":").
    fn confirm_request(&self, event: &Event, settings: &GatewaySettings) -> Option<ApiRequest> {
        let GatewaySettings::Midtrans(settings) = settings else {
            return None;
        };
        let order = event.confirm_id.as_deref()?;
        let url = join(
            &settings.api_base,
            &format!("/v2/{}/status", segment(order)),
        );
        Some(ApiRequest::get(
            url,
            basic_auth(settings.server_key.expose(), ""),
        ))
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
        let n: Notification = from_body(body)?;
        if util::text(&n.status_code).as_deref() == Some("404") {
            return Ok(Confirmation::NotPaid {
                status: "not found (status_code 404)".to_owned(),
            });
        }
        let status = util::required(&n.transaction_status, "transaction_status")?;
        Ok(
            match state(&status, util::text(&n.fraud_status).as_deref()) {
                Some(State::Paid) => Confirmation::Confirmed {
                    amount: util::decimal(&n.gross_amount, "gross_amount")?
                        .ok_or(ParseError::Missing("gross_amount"))?,
                    currency: util::text(&n.currency).unwrap_or_else(|| "IDR".to_owned()),
                    account: None,
                },
                Some(State::Pending) | None => Confirmation::Unknown {
                    why: format!("transaction_status {status}"),
                },
                Some(State::Failed | State::Reversed) => Confirmation::NotPaid { status },
            },
        )
    }
}
