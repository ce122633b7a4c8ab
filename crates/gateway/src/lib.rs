//! Payment gateways for tikbill, as pure functions: no I/O, no network, no database.
//!
//! A webhook arrives at `/hooks/{token}/{path}`; [`Hook::from_path`] names it. The caller
//! then hands the exact delivery (headers and body bytes) to
//!
//! 1. [`verify`] with the gateway's [`GatewaySettings`] and the current time: is it
//!    authentic? (PayPal's offline check may answer [`VerifyError::NeedsCertificate`]: the
//!    caller fetches that URL and calls again with the certificate.)
//! 2. [`parse`]: what does it say? An [`Event`] with an [`Outcome`], the money's
//!    idempotency key (`reference`), amount, account and so on.
//! 3. Optionally [`Gateway::confirm_request`] / [`Gateway::confirm_response`]: ask the
//!    gateway's verify-transaction API. The request is data ([`ApiRequest`]); someone else
//!    sends it and passes back the status and body.
//!
//! Each gateway is one [`Gateway`] implementation in its own module ([`gateway`] finds it by
//! [`GatewayName`]); gateway-specific outbound calls (M-Pesa STK push and query, C2B URL
//! registration, PayPal OAuth and verify-webhook-signature) are data-only functions in
//! [`mpesa`] and [`paypal`]. Amounts are [`rust_decimal::Decimal`] read from the number's own
//! text, never through floating point. Nothing here panics on any input.

mod error;
mod gateway;
mod hook;
mod model;
mod settings;
mod util;

pub mod flutterwave;
pub mod generic;
pub mod midtrans;
pub mod mpesa;
pub mod paypal;
pub mod paystack;
pub mod xendit;

use chrono::{DateTime, Utc};

pub use error::{ApiError, ParseError, RequestError, VerifyError};
pub use gateway::{gateway, Gateway};
pub use hook::{GatewayName, Hook, UnknownGateway};
pub use model::{ApiRequest, Confirmation, Event, Outcome, Token};
pub use settings::{
    FlutterwaveSettings, GatewaySettings, GenericSettings, MidtransSettings, MpesaSettings,
    PaypalSettings, PaypalVerify, PaystackSettings, Secret, SettingsError, XenditSettings,
};

/// Headers that carry a gateway's secret itself (Flutterwave's `verif-hash`, Xendit's
/// `x-callback-token`): kept only as their SHA-256 digest, so the database and the pull
/// endpoint never hold the secret. Verification accepts the digest form.
pub const SECRET_HEADERS: [&str; 2] = ["verif-hash", "x-callback-token"];

/// How a secret header's digest is written: `sha256:<64 hex digits>`.
pub const DIGEST_PREFIX: &str = "sha256:";

/// The value to store for a header: its digest when it is one of [`SECRET_HEADERS`].
pub fn stored_header(name: &str, value: &str) -> String {
    use sha2::{Digest, Sha256};
    if SECRET_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name.trim()))
    {
        format!(
            "{DIGEST_PREFIX}{}",
            hex::encode(Sha256::digest(value.trim().as_bytes()))
        )
    } else {
        value.to_string()
    }
}

/// A webhook delivery as received.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Delivery<'_> {
    /// The first header of this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
    }

    pub(crate) fn required(&self, name: &'static str) -> Result<&str, VerifyError> {
        self.header(name)
            .filter(|v| !v.is_empty())
            .ok_or(VerifyError::MissingHeader(name))
    }
}

/// Is this delivery to `hook` authentic? `settings` must be the hook's gateway's.
/// `certificate` is PayPal's PEM certificate when the caller has fetched it.
pub fn verify(
    hook: Hook,
    delivery: &Delivery,
    settings: &GatewaySettings,
    now: DateTime<Utc>,
    certificate: Option<&[u8]>,
) -> Result<(), VerifyError> {
    let expected = hook.gateway();
    if settings.name() != expected {
        return Err(VerifyError::WrongSettings {
            expected,
            given: settings.name(),
        });
    }
    gateway(expected).verify(hook, delivery, settings, now, certificate)
}

/// What a delivery to `hook` says. Does not verify: call [`verify`] first.
pub fn parse(hook: Hook, delivery: &Delivery) -> Result<Event, ParseError> {
    gateway(hook.gateway()).parse(hook, delivery)
}
