//! The one trait every gateway implements, and the table that finds it by name.

use chrono::{DateTime, Utc};

use crate::error::{ParseError, VerifyError};
use crate::hook::{GatewayName, Hook};
use crate::model::{ApiRequest, Confirmation, Event};
use crate::settings::GatewaySettings;
use crate::Delivery;

/// A payment gateway: how its deliveries are verified and read, and how its
/// verify-transaction API is asked and answered. Pure: no I/O.
pub trait Gateway: Sync {
    fn name(&self) -> GatewayName;

    /// Ok when the delivery is authentic. `settings` are this gateway's (checked by the
    /// caller, [`crate::verify`]); `certificate` is only used by PayPal's offline check.
    fn verify(
        &self,
        hook: Hook,
        delivery: &Delivery<'_>,
        settings: &GatewaySettings,
        now: DateTime<Utc>,
        certificate: Option<&[u8]>,
    ) -> Result<(), VerifyError>;

    /// What the delivery says. Does not verify.
    fn parse(&self, hook: Hook, delivery: &Delivery<'_>) -> Result<Event, ParseError>;

    /// The money's idempotency key.
    fn reference(&self, event: &Event) -> Option<String> {
        event.reference.clone()
    }

    /// The request that asks the gateway's API about this event's money, when it has one
    /// that needs no token of its own.
    fn confirm_request(&self, event: &Event, settings: &GatewaySettings) -> Option<ApiRequest>;

    /// Reads the answer to [`confirm_request`](Gateway::confirm_request).
    fn confirm_response(
        &self,
        event: &Event,
        status: u16,
        body: &[u8],
    ) -> Result<Confirmation, ParseError>;
}

/// The gateway named `name`.
pub fn gateway(name: GatewayName) -> &'static dyn Gateway {
    match name {
        GatewayName::Mpesa => &crate::mpesa::Mpesa,
        GatewayName::Paypal => &crate::paypal::Paypal,
        GatewayName::Paystack => &crate::paystack::Paystack,
        GatewayName::Flutterwave => &crate::flutterwave::Flutterwave,
        GatewayName::Generic => &crate::generic::Generic,
        GatewayName::Midtrans => &crate::midtrans::Midtrans,
        GatewayName::Xendit => &crate::xendit::Xendit,
    }
}

/// The usual reading of a verify-transaction answer's HTTP status: 404 is "no such payment",
/// any other non-2xx is undecided. None for 2xx (read the body).
pub(crate) fn status_verdict(status: u16, body: &[u8]) -> Option<Confirmation> {
    match status {
        200..=299 => None,
        404 => Some(Confirmation::NotPaid {
            status: "not found (HTTP 404)".to_owned(),
        }),
        _ => Some(Confirmation::Unknown {
            why: crate::error::ApiError::http(status, body).to_string(),
        }),
    }
}
