//! PayPal's offline signature check.
//!
//! The signed message is `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the
//! exact body, unsigned decimal>`, signed SHA256withRSA (PKCS#1 v1.5) with the key of the
//! certificate at PAYPAL-CERT-URL. The certificate must have been valid at the transmission
//! time (not now: an archived delivery is judged at its own time).

use base64::Engine as _;
use chrono::DateTime;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use sha2::Sha256;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::error::VerifyError;
use crate::settings::PaypalSettings;
use crate::util::{host_of, scheme_and_authority};
use crate::Delivery;

const ID: &str = "PAYPAL-TRANSMISSION-ID";
const TIME: &str = "PAYPAL-TRANSMISSION-TIME";
const SIG: &str = "PAYPAL-TRANSMISSION-SIG";
const CERT_URL: &str = "PAYPAL-CERT-URL";
const ALGO: &str = "PAYPAL-AUTH-ALGO";

const PAYPAL_HOSTS: [&str; 4] = [
    "api.paypal.com",
    "api-m.paypal.com",
    "api.sandbox.paypal.com",
    "api-m.sandbox.paypal.com",
];

/// The PAYPAL-CERT-URL to fetch, once checked: https on a PayPal host (`*.paypal.com`), or
/// on the host (and port) of the configured `api_base` (so a local fake works).
pub fn certificate_url(
    delivery: &Delivery<'_>,
    settings: &PaypalSettings,
) -> Result<String, VerifyError> {
    let url = delivery.required(CERT_URL)?;
    let refuse = |why: String| VerifyError::BadCertificateUrl {
        url: url.to_owned(),
        why,
    };
    let (scheme, authority) = scheme_and_authority(url).map_err(refuse)?;
    if let Ok((base_scheme, base_authority)) = scheme_and_authority(&settings.api_base) {
        if authority == base_authority && scheme == base_scheme {
            return Ok(url.to_owned());
        }
    }
    let host = host_of(&authority);
    let paypal = PAYPAL_HOSTS.contains(&host) || host.ends_with(".paypal.com");
    if !paypal {
        return Err(VerifyError::ForeignCertificateHost {
            host: host.to_owned(),
        });
    }
    if scheme != "https" {
        return Err(refuse("it is not https".to_owned()));
    }
    if authority != host && authority != format!("{host}:443") {
        return Err(refuse("it names a port other than 443".to_owned()));
    }
    Ok(url.to_owned())
}

/// The string PayPal signs for this delivery.
pub fn signed_message(delivery: &Delivery<'_>, webhook_id: &str) -> Result<String, VerifyError> {
    let id = delivery.required(ID)?;
    let time = delivery.required(TIME)?;
    let crc = crc32fast::hash(delivery.body);
    Ok(format!("{id}|{time}|{webhook_id}|{crc}"))
}

fn certificate_der(certificate: &[u8]) -> Result<Vec<u8>, VerifyError> {
    let text = std::str::from_utf8(certificate).ok();
    let Some(pem) = text.filter(|t| t.contains("-----BEGIN")) else {
        return Ok(certificate.to_vec());
    };
    // The first certificate of the chain is PayPal's own.
    let start = pem
        .find("-----BEGIN CERTIFICATE-----")
        .ok_or_else(|| VerifyError::BadCertificate("no CERTIFICATE in the PEM".to_owned()))?;
    let rest = &pem[start + "-----BEGIN CERTIFICATE-----".len()..];
    let end = rest
        .find("-----END CERTIFICATE-----")
        .ok_or_else(|| VerifyError::BadCertificate("the PEM has no END line".to_owned()))?;
    let encoded: String = rest[..end].chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|err| VerifyError::BadCertificate(format!("the PEM is not base64: {err}")))
}

/// Verifies a delivery offline with PayPal's certificate (PEM, or DER), judged at the
/// delivery's own PAYPAL-TRANSMISSION-TIME.
pub fn verify_with(
    delivery: &Delivery<'_>,
    webhook_id: &str,
    certificate: &[u8],
) -> Result<(), VerifyError> {
    let algo = delivery.required(ALGO)?;
    if algo != "SHA256withRSA" {
        return Err(VerifyError::UnsupportedAlgorithm(algo.to_owned()));
    }
    let time_text = delivery.required(TIME)?;
    let time = DateTime::parse_from_rfc3339(time_text).map_err(|err| VerifyError::BadHeader {
        header: TIME,
        why: format!("{time_text:?} is not an RFC 3339 time: {err}"),
    })?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(delivery.required(SIG)?)
        .map_err(|err| VerifyError::BadHeader {
            header: SIG,
            why: format!("not base64: {err}"),
        })?;
    let message = signed_message(delivery, webhook_id)?;

    let der = certificate_der(certificate)?;
    let (_, cert) = X509Certificate::from_der(&der)
        .map_err(|err| VerifyError::BadCertificate(err.to_string()))?;
    let validity = cert.validity();
    let at = time.timestamp();
    if at < validity.not_before.timestamp() || at > validity.not_after.timestamp() {
        return Err(VerifyError::CertificateNotValidAt {
            time: time_text.to_owned(),
            not_before: validity.not_before.to_string(),
            not_after: validity.not_after.to_string(),
        });
    }
    let key = RsaPublicKey::from_public_key_der(cert.public_key().raw)
        .map_err(|err| VerifyError::BadCertificate(format!("its key is not RSA: {err}")))?;
    let signature =
        Signature::try_from(signature.as_slice()).map_err(|err| VerifyError::BadHeader {
            header: SIG,
            why: err.to_string(),
        })?;
    VerifyingKey::<Sha256>::new(key)
        .verify(message.as_bytes(), &signature)
        .map_err(|_| VerifyError::Mismatch {
            what: "PAYPAL-TRANSMISSION-SIG",
            against: "the body and headers",
        })
}
