//! Small shared pieces: exact JSON scalars, constant-time comparison, URLs and auth headers.

use std::str::FromStr;

use base64::Engine as _;
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ParseError;

/// A JSON scalar kept as its own text: a number exactly as written (never through f64) or a
/// string's content. Anything else (true, an object, …) is `Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Number(String),
    Text(String),
    Other,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(deserializer)?;
        let text = raw.get().trim();
        if text.starts_with('"') {
            let content: String = serde_json::from_str(text).map_err(D::Error::custom)?;
            Ok(Scalar::Text(content))
        } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Ok(Scalar::Number(text.to_owned()))
        } else {
            Ok(Scalar::Other)
        }
    }
}

impl Scalar {
    /// The text of a number or string (trimmed); None for anything else or an empty string.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Scalar::Number(text) | Scalar::Text(text) => {
                Some(text.trim()).filter(|t| !t.is_empty())
            }
            Scalar::Other => None,
        }
    }

    /// The exact decimal value of a number or a numeric string ("1", "1.00", 1.00, "1e3").
    pub(crate) fn decimal(&self, field: &'static str) -> Result<Decimal, ParseError> {
        let text = self
            .text()
            .ok_or_else(|| ParseError::invalid(field, "not a number"))?;
        Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .map_err(|_| ParseError::invalid(field, format!("{text:?} is not a number")))
    }
}

/// The text of an optional scalar, owned.
pub(crate) fn text(value: &Option<Scalar>) -> Option<String> {
    value.as_ref().and_then(Scalar::text).map(str::to_owned)
}

/// The text of a required scalar, owned.
pub(crate) fn required(value: &Option<Scalar>, field: &'static str) -> Result<String, ParseError> {
    text(value).ok_or(ParseError::Missing(field))
}

/// The decimal of an optional scalar: None when absent, an error when present but not a number.
pub(crate) fn decimal(
    value: &Option<Scalar>,
    field: &'static str,
) -> Result<Option<Decimal>, ParseError> {
    match value {
        None | Some(Scalar::Other) => Ok(None),
        Some(scalar) if scalar.text().is_none() => Ok(None),
        Some(scalar) => scalar.decimal(field).map(Some),
    }
}

/// Parses a delivery body into `T`, telling "not JSON" from "JSON of another shape".
pub(crate) fn from_body<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, ParseError> {
    serde_json::from_slice(body).map_err(ParseError::from_json)
}

/// Equal in constant time; the lengths are hidden by comparing SHA-256 digests.
pub(crate) fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let given = Sha256::digest(given);
    let expected = Sha256::digest(expected);
    bool::from(given.ct_eq(&expected))
}

/// [`same_secret`] for a header the relay may have stored as its digest
/// (`sha256:<hex>`, see [`crate::stored_header`]) rather than the secret itself.
pub(crate) fn same_secret_or_digest(given: &[u8], expected: &[u8]) -> bool {
    if let Some(hex_digest) = given.strip_prefix(crate::DIGEST_PREFIX.as_bytes()) {
        let Ok(digest) = hex::decode(hex_digest) else {
            return false;
        };
        let expected = Sha256::digest(expected);
        return digest.len() == expected.len() && bool::from(digest.ct_eq(&expected[..]));
    }
    same_secret(given, expected)
}

/// `Basic base64(user:password)`.
pub(crate) fn basic_auth(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

pub(crate) fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `base` without trailing slashes, then `path` (which starts with '/').
pub(crate) fn join(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// Percent-encodes one URL path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Scheme (lowercase) and authority (host[:port], lowercase) of an absolute URL, or why not.
pub(crate) fn scheme_and_authority(url: &str) -> Result<(String, String), String> {
    let (scheme, rest) = url.split_once("://").ok_or("it is not an absolute URL")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() {
        return Err("it has no host".to_owned());
    }
    if !authority
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err("its host has characters a host name cannot have".to_owned());
    }
    Ok((scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
}

/// The host of an authority (without the port).
pub(crate) fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority
            .split_once(']')
            .map_or(authority, |(host, _)| host)
            .trim_start_matches('[');
    }
    authority
        .split_once(':')
        .map_or(authority, |(host, _)| host)
}

/// A JSON string value at `path` inside `value` (numbers are given as their text).
pub(crate) fn string_at(value: &serde_json::Value, path: &[&str]) -> Option<String> {
    let mut current = value;
    for key in path {
        current = current.get(key)?;
    }
    match current {
        serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_keep_their_text() {
        let values: Vec<Scalar> = serde_json::from_str(
            r#"[1, 1.00, "1.00", 254708374149, 123456789012345678901234, true, null]"#,
        )
        .expect("json");
        assert_eq!(values[0], Scalar::Number("1".into()));
        assert_eq!(values[1], Scalar::Number("1.00".into()));
        assert_eq!(values[2], Scalar::Text("1.00".into()));
        assert_eq!(values[3], Scalar::Number("254708374149".into()));
        assert_eq!(values[4], Scalar::Number("123456789012345678901234".into()));
        assert_eq!(values[5], Scalar::Other);
        assert_eq!(values[6], Scalar::Other);
        assert_eq!(values[1].decimal("x"), Ok(Decimal::new(100, 2)));
    }

    #[test]
    fn odd_numbers_do_not_panic() {
        for text in [
            "1e999999",
            "1e-999999",
            "-0",
            "99999999999999999999999999999999999999",
            "1.2.3",
            "-",
            "1E+5",
            "0.0000000000000000000000000000001",
        ] {
            let _ = Scalar::Number(text.to_owned()).decimal("x");
        }
        assert_eq!(
            Scalar::Number("1E+2".into()).decimal("x"),
            Ok(Decimal::new(100, 0))
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            scheme_and_authority("HTTPS://API.PayPal.com:443/v1/x?y"),
            Ok(("https".into(), "api.paypal.com:443".into()))
        );
        assert!(scheme_and_authority("https://evil@api.paypal.com/").is_err());
        assert!(scheme_and_authority("https://api.paypal.com\\@evil/").is_err());
        assert_eq!(host_of("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("[::1]:8080"), "::1");
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
        assert_eq!(join("https://x/", "/y"), "https://x/y");
    }
}
