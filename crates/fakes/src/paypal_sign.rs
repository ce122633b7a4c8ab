//! PayPal's webhook signing: the fake's RSA keys (fixed test keys, generated once with
//! `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`, then
//! `openssl pkcs8 -topk8 -nocrypt -outform DER`; they sign
//! nothing but loopback test webhooks), its self-signed certificates, and SHA256withRSA.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use ring::rand::SystemRandom;
use ring::signature::{
    RsaKeyPair, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};

use crate::server::FakeError;

const SIGNING_KEY: &[u8] = include_bytes!("keys/paypal.pk8");
const OTHER_KEY: &[u8] = include_bytes!("keys/wrong.pk8");

/// Which certificate the fake serves at its cert URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServedCert {
    /// The certificate of the key that signs the webhooks, valid for the configured window.
    #[default]
    Genuine,
    /// A certificate of another key: signatures do not verify against it.
    Wrong,
    /// The signing key's certificate, but valid only from two years ago to one year ago.
    Expired,
}

pub(crate) struct Signer {
    key: RsaKeyPair,
    genuine: String,
    wrong: String,
    expired: String,
}

impl Signer {
    pub(crate) fn new(
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<Self, FakeError> {
        let key = RsaKeyPair::from_pkcs8(SIGNING_KEY)
            .map_err(|e| FakeError::Certificate(format!("signing key: {e}")))?;
        let year = chrono::Duration::days(365);
        let now = Utc::now();
        Ok(Self {
            key,
            genuine: certificate(SIGNING_KEY, not_before, not_after)?,
            wrong: certificate(OTHER_KEY, not_before, not_after)?,
            expired: certificate(SIGNING_KEY, now - year - year, now - year)?,
        })
    }

    pub(crate) fn pem(&self, which: ServedCert) -> &str {
        match which {
            ServedCert::Genuine => &self.genuine,
            ServedCert::Wrong => &self.wrong,
            ServedCert::Expired => &self.expired,
        }
    }

    /// base64(RSASSA-PKCS1-v1_5 SHA-256 over `message`).
    pub(crate) fn sign(&self, message: &[u8]) -> Result<String, FakeError> {
        let mut signature = vec![0; self.key.public().modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|e| FakeError::Certificate(format!("signing: {e}")))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(signature))
    }

    pub(crate) fn verify(&self, message: &[u8], signature_b64: &str) -> bool {
        let Ok(signature) = base64::engine::general_purpose::STANDARD.decode(signature_b64) else {
            return false;
        };
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, self.key.public().as_ref())
            .verify(message, &signature)
            .is_ok()
    }
}

/// The string PayPal signs: `<transmission id>|<transmission time>|<webhook id>|<CRC32 of
/// the body as an unsigned decimal>` (PayPal's "Verify webhook signature" guide).
pub(crate) fn signed_string(
    transmission_id: &str,
    time: &str,
    webhook_id: &str,
    body: &[u8],
) -> String {
    format!(
        "{transmission_id}|{time}|{webhook_id}|{}",
        crc32fast::hash(body)
    )
}

fn certificate(
    pkcs8: &[u8],
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
) -> Result<String, FakeError> {
    let fail = |e: rcgen::Error| FakeError::Certificate(e.to_string());
    let key = rcgen::KeyPair::try_from(pkcs8).map_err(fail)?;
    let mut params =
        rcgen::CertificateParams::new(vec!["messageverificationcerts.paypal.com".to_owned()])
            .map_err(fail)?;
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        "messageverificationcerts.paypal.com",
    );
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "tikbill FakePaypal");
    params.not_before = offset(not_before)?;
    params.not_after = offset(not_after)?;
    let cert = params.self_signed(&key).map_err(fail)?;
    Ok(pem("CERTIFICATE", cert.der()))
}

fn offset(at: DateTime<Utc>) -> Result<time::OffsetDateTime, FakeError> {
    time::OffsetDateTime::from_unix_timestamp(at.timestamp())
        .map_err(|e| FakeError::Certificate(format!("validity date: {e}")))
}

fn pem(label: &str, der: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
