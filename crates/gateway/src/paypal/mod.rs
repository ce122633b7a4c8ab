//! PayPal webhooks: PAYMENT.CAPTURE.* events, verified offline (CRC32 + SHA256withRSA with
//! PayPal's certificate, [`verify_with`]) or through PayPal's verify-webhook-signature API
//! ([`verify_api_request`]).

mod api;
mod verify;

pub use api::{capture_request, oauth_request, parse_oauth, parse_verify_api, verify_api_request};
pub use verify::{certificate_url, signed_message, verify_with};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::error::{ParseError, VerifyError};
use crate::gateway::{status_verdict, Gateway};
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event, Outcome};
use crate::settings::{GatewaySettings, PaypalVerify};
use crate::util::{self, from_body, Scalar};
use crate::Delivery;

pub struct Paypal;

#[derive(Deserialize)]
struct Notification {
    event_type: Option<String>,
    resource: Option<Resource>,
}

#[derive(Deserialize)]
pub(crate) struct Resource {
    id: Option<Scalar>,
    status: Option<Scalar>,
    amount: Option<Amount>,
    custom_id: Option<Scalar>,
    invoice_id: Option<Scalar>,
    supplementary_data: Option<serde_json::Value>,
    #[serde(default)]
    links: Vec<Link>,
}

#[derive(Deserialize)]
struct Amount {
    value: Option<Scalar>,
    currency_code: Option<Scalar>,
}

#[derive(Deserialize)]
struct Link {
    href: Option<String>,
    rel: Option<String>,
}

impl Resource {
    /// The capture a refund belongs to: the last path segment of its `up` link to a capture.
    fn captured(&self) -> Option<String> {
        let up = self.links.iter().find(|l| l.rel.as_deref() == Some("up"))?;
        let href = up.href.as_deref()?;
        let path = href.split(['?', '#']).next()?.trim_end_matches('/');
        let (before, id) = path.rsplit_once('/')?;
        (before.ends_with("/captures") && !id.is_empty()).then(|| id.to_owned())
    }
}

impl Gateway for Paypal {
    fn name(&self) -> GatewayName {
        GatewayName::Paypal
    }

    /// Offline: checks the certificate URL, then needs the certificate
    /// ([`VerifyError::NeedsCertificate`]) and checks the signature at the transmission time.
    /// With `verify: "api"` answers [`VerifyError::NeedsApiCheck`].
    fn verify(
        &self,
        _hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        _now: DateTime<Utc>,
        certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError> {
        let GatewaySettings::Paypal(settings) = settings else {
            return Err(VerifyError::WrongSettings {
                expected: GatewayName::Paypal,
                given: settings.name(),
            });
        };
        if settings.verify == PaypalVerify::Api {
            return Err(VerifyError::NeedsApiCheck);
        }
        let url = certificate_url(delivery, settings)?;
        match certificate {
            None => Err(VerifyError::NeedsCertificate { url }),
            Some(pem) => verify_with(delivery, &settings.webhook_id, pem),
        }
    }

    fn parse(&self, _hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError> {
        let notification: Notification = from_body(delivery.body)?;
        let kind = notification
            .event_type
            .ok_or(ParseError::Missing("event_type"))?;
        let outcome = match kind.as_str() {
            "PAYMENT.CAPTURE.COMPLETED" => Outcome::Paid,
            "PAYMENT.CAPTURE.PENDING" => Outcome::Pending,
            "PAYMENT.CAPTURE.DENIED" => Outcome::Failed {
                code: kind.clone(),
                reason: "the capture was denied".to_owned(),
            },
            "PAYMENT.CAPTURE.REFUNDED" | "PAYMENT.CAPTURE.REVERSED" => Outcome::Reversed,
            _ => return Err(ParseError::Unsupported(kind)),
        };
        let resource = notification
            .resource
            .ok_or(ParseError::Missing("resource"))?;
        let mut event = Event::new(GatewayName::Paypal, outcome);
        event.reference = match event.outcome {
            Outcome::Reversed => resource.captured().or_else(|| util::text(&resource.id)),
            _ => util::text(&resource.id),
        };
        if event.reference.is_none() {
            return Err(ParseError::Missing("resource.id"));
        }
        event.confirm_id = event.reference.clone();
        if let Some(amount) = &resource.amount {
            event.amount = util::decimal(&amount.value, "resource.amount.value")?;
            event.currency = util::text(&amount.currency_code);
        }
        event.account =
            util::text(&resource.custom_id).or_else(|| util::text(&resource.invoice_id));
        event.request_id = resource
            .supplementary_data
            .as_ref()
            .and_then(|d| util::string_at(d, &["related_ids", "order_id"]));
        event.delivery_id = delivery
            .header("PAYPAL-TRANSMISSION-ID")
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        Ok(event)
    }

    /// GET {api_base}/v2/payments/captures/{id}, authenticated with the client id and secret
    /// as Basic. (With an OAuth token use [`capture_request`].)
    /// None: PayPal's captures API wants an OAuth access token, which only the caller has
    /// (it asks with [`capture_request`] and reads the answer with `confirm_response`).
    fn confirm_request(&self, _event: &Event, _settings: &GatewaySettings) -> Option<ApiRequest> {
        None
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
        let capture: Resource = from_body(body)?;
        let state = util::required(&capture.status, "status")?;
        Ok(match state.as_str() {
            "COMPLETED" => {
                let amount = capture
                    .amount
                    .as_ref()
                    .ok_or(ParseError::Missing("amount"))?;
                Confirmation::Confirmed {
                    amount: util::decimal(&amount.value, "amount.value")?
                        .ok_or(ParseError::Missing("amount.value"))?,
                    currency: util::required(&amount.currency_code, "amount.currency_code")?,
                    account: None,
                }
            }
            "PENDING" => Confirmation::Unknown {
                why: "capture PENDING".to_owned(),
            },
            _ => Confirmation::NotPaid { status: state },
        })
    }
}
