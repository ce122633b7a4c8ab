//! SHA-256 fingerprints of router certificates, for pinning api-ssl connections.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// The SHA-256 digest of a certificate (DER). Printed as 64 lowercase hex digits, the way
/// RouterOS shows it in `/certificate print detail`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER-encoded certificate.
    pub fn of_certificate(der: &[u8]) -> Self {
        Self(Sha256::digest(der).into())
    }

    /// The raw digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::hex::encode(&self.0))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Text that is not a SHA-256 fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a certificate fingerprint: expected 64 hexadecimal digits (colons and spaces \
     are allowed)"
)]
pub struct FingerprintParseError(pub String);

impl FromStr for Fingerprint {
    type Err = FingerprintParseError;

    /// Accepts upper or lower case, with or without `:` or space separators.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits: String = text.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
        crate::hex::decode(&digits)
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .map(Self)
            .ok_or_else(|| FingerprintParseError(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::Fingerprint;

    #[test]
    fn parses_what_it_prints_and_common_spellings() {
        let fingerprint = Fingerprint::of_certificate(b"not really a certificate");
        let text = fingerprint.to_string();
        assert_eq!(text.len(), 64, "64 hex digits");
        assert_eq!(text.parse::<Fingerprint>(), Ok(fingerprint), "round trip");
        let colons: String = text
            .to_uppercase()
            .as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).into_owned())
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(
            colons.parse::<Fingerprint>(),
            Ok(fingerprint),
            "AB:CD:… as browsers print it"
        );
        assert!("abc".parse::<Fingerprint>().is_err(), "too short");
    }
}
