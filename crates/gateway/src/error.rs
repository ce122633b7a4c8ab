//! Why a delivery was refused ([`VerifyError`]), could not be read ([`ParseError`]), or a
//! gateway's API answer was not a success ([`ApiError`]). Each message says exactly why.

use crate::hook::GatewayName;

/// Why a delivery's authenticity could not be established.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    #[error("header {header} is not valid: {why}")]
    BadHeader { header: &'static str, why: String },
    /// A signature or token was well-formed but wrong (`what` does not match `against`).
    #[error("{what} does not match {against}")]
    Mismatch {
        what: &'static str,
        against: &'static str,
    },
    #[error("webhook-timestamp is {age} s old (tolerance {tolerance} s)")]
    TooOld { age: i64, tolerance: u64 },
    #[error("webhook-timestamp is {ahead} s in the future (tolerance {tolerance} s)")]
    TooNew { ahead: i64, tolerance: u64 },
    /// PayPal offline verification needs the certificate at `url`: fetch it and call again.
    #[error(
        "PayPal's certificate is needed to verify this delivery: fetch {url} and verify again"
    )]
    NeedsCertificate { url: String },
    /// PayPal is set to `verify: "api"`: send `paypal::verify_api_request` and judge the
    /// answer with `paypal::parse_verify_api`.
    #[error("PayPal is set to verify through its API: ask verify-webhook-signature")]
    NeedsApiCheck,
    #[error("certificate URL {url} is refused: {why}")]
    BadCertificateUrl { url: String, why: String },
    #[error("certificate URL host {host} is not PayPal's")]
    ForeignCertificateHost { host: String },
    #[error("the certificate could not be read: {0}")]
    BadCertificate(String),
    #[error("the certificate was not valid at the transmission time {time} (valid from {not_before} to {not_after})")]
    CertificateNotValidAt {
        time: String,
        not_before: String,
        not_after: String,
    },
    #[error("PAYPAL-AUTH-ALGO {0} is not supported (only SHA256withRSA)")]
    UnsupportedAlgorithm(String),
    #[error("body is not JSON: {0}")]
    BodyNotJson(String),
    #[error("{0} is missing from the body, so the signature cannot be checked")]
    MissingField(&'static str),
    #[error("the settings are for {given}, but this hook belongs to {expected}")]
    WrongSettings {
        expected: GatewayName,
        given: GatewayName,
    },
    #[error("the {0} settings are not usable: {1}")]
    BadSettings(GatewayName, String),
}

/// Why a delivery's body could not be turned into an [`Event`](crate::Event).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("body is not JSON: {0}")]
    NotJson(String),
    #[error("body is JSON but not of the expected shape: {0}")]
    Shape(String),
    #[error("missing field {0}")]
    Missing(&'static str),
    #[error("field {field} is not valid: {why}")]
    Invalid { field: &'static str, why: String },
    /// An event type this crate does not turn into money; the caller records it as ignored.
    #[error("unsupported event type {0}")]
    Unsupported(String),
}

impl ParseError {
    pub(crate) fn from_json(err: serde_json::Error) -> Self {
        match err.classify() {
            serde_json::error::Category::Data => ParseError::Shape(err.to_string()),
            _ => ParseError::NotJson(err.to_string()),
        }
    }

    pub(crate) fn invalid(field: &'static str, why: impl Into<String>) -> Self {
        ParseError::Invalid {
            field,
            why: why.into(),
        }
    }
}

/// An answer from a gateway's API that is not the success asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The gateway said no, with its own code and words.
    #[error("the gateway refused: {code}: {message}")]
    Refused { code: String, message: String },
    /// An HTTP failure whose body was not a gateway error (first 200 characters kept).
    #[error("HTTP {status}: {body}")]
    Http { status: u16, body: String },
    #[error("the answer is not as documented: {0}")]
    Unexpected(String),
}

impl ApiError {
    pub(crate) fn http(status: u16, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        ApiError::Http {
            status,
            body: text.chars().take(200).collect(),
        }
    }
}

/// Why an outbound request could not be built from what was given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("amount {0} is not valid: {1}")]
    Amount(String, &'static str),
    #[error("{field} is {len} characters long (at most {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error(
        "phone number {0:?} is not a Kenyan mobile number (07XXXXXXXX, 01XXXXXXXX, +2547XXXXXXXX)"
    )]
    Phone(String),
    #[error("URL {url} is refused: {why}")]
    Url { url: String, why: String },
}
