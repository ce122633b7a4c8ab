//! Xendit invoice callback: the `x-callback-token` header carries the dashboard's webhook
//! verification token as is. PAID and SETTLED are money; EXPIRED is a failure.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::error::{ParseError, VerifyError};
use crate::gateway::{status_verdict, Gateway};
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::GatewaySettings;
use crate::util::{self, basic_auth, from_body, join, same_secret_or_digest, segment, Scalar};
use crate::Delivery;

pub struct Xendit;

const TOKEN: &str = "x-callback-token";

#[derive(Deserialize)]
struct Invoice {
    id: Option<Scalar>,
    external_id: Option<Scalar>,
    status: Option<Scalar>,
    amount: Option<Scalar>,
    paid_amount: Option<Scalar>,
    currency: Option<Scalar>,
}

impl Invoice {
    fn amount(&self) -> Result<Option<rust_decimal::Decimal>, ParseError> {
        match util::decimal(&self.paid_amount, "paid_amount")? {
            Some(paid) => Ok(Some(paid)),
            None => util::decimal(&self.amount, "amount"),
        }
    }
}

impl Gateway for Xendit {
    fn name(&self) -> GatewayName {
        GatewayName::Xendit
    }

    fn verify(
        &self,
        _hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        _now: DateTime<Utc>,
        _certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        let GatewaySettings::Xendit(settings) = settings else {
            return Err(VerifyError::WrongSettings {
                expected: GatewayName::Xendit,
                given: settings.name(),
            });
        };
        let given = delivery.required(TOKEN)?;
        if same_secret_or_digest(
            given.as_bytes(),
            settings.callback_token.expose().as_bytes(),
        ) {
            Ok(())
        } else {
            Err(VerifyError::Mismatch {
                what: TOKEN,
                against: "the configured callback token",
            })
        }
    }

    fn parse(&self, _hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        let invoice: Invoice = from_body(delivery.body)?;
        let status = util::required(&invoice.status, "status")?;
        let outcome = match status.to_ascii_uppercase().as_str() {
            "PAID" | "SETTLED" => Outcome::Paid,
            "PENDING" => Outcome::Pending,
            "EXPIRED" => Outcome::Failed {
                code: status.clone(),
                reason: "the invoice expired unpaid".to_owned(),
            },
            _ => {
                return Err(ParseError::invalid(
                    "status",
                    format!("unknown status {status:?}"),
                ))
            }
        };
        let mut event = Event::new(GatewayName::Xendit, outcome);
        event.reference = Some(util::required(&invoice.id, "id")?);
        event.confirm_id = event.reference.clone();
        event.account = util::text(&invoice.external_id);
        event.amount = invoice.amount()?;
        event.currency = util::text(&invoice.currency);
        Ok(event)
    }

    /// GET {api_base}/v2/invoices/{id} with Basic base64(secret_key + ":").
    fn confirm_request(&self, event: &Event, settings: &GatewaySettings) -> Option<ApiRequest> {
        let GatewaySettings::Xendit(settings) = settings else {
            return None;
        };
        let id = event.confirm_id.as_deref()?;
        let url = join(&settings.api_base, &format!("/v2/invoices/{}", segment(id)));
        Some(ApiRequest::get(
            url,
            basic_auth(settings.secret_key.expose(), ""),
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
        let invoice: Invoice = from_body(body)?;
        let state = util::required(&invoice.status, "status")?;
        Ok(match state.to_ascii_uppercase().as_str() {
            "PAID" | "SETTLED" => Confirmation::Confirmed {
                amount: invoice.amount()?.ok_or(ParseError::Missing("amount"))?,
                currency: util::required(&invoice.currency, "currency")?,
                // Whom the invoice is for, per Xendit's own record (not the callback's word).
                account: util::text(&invoice.external_id),
            },
            "PENDING" => Confirmation::Unknown {
                why: "status PENDING".to_owned(),
            },
            _ => Confirmation::NotPaid { status: state },
        })
    }
}
