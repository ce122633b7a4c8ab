//! A router whose api-ssl certificate changed: what the UI needs to ask an owner whether to
//! accept the new one, and what it sends back when they do.

use serde::{Deserialize, Serialize};

use crate::{ApiError, ErrorCode, FieldError, RouterId};

/// The `fields` of an [`ErrorCode::CertificateChanged`] error carry these names.
pub mod field {
    pub const ROUTER_ID: &str = "router_id";
    pub const ROUTER_NAME: &str = "router_name";
    /// The fingerprint tikbill trusts (pinned on first use).
    pub const PINNED: &str = "pinned_fingerprint";
    /// The fingerprint the router presents now.
    pub const PRESENTED: &str = "presented_fingerprint";
}

/// Both fingerprints of a changed certificate (64 hex digits each, as RouterOS prints them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateChange {
    pub router_id: RouterId,
    pub router_name: String,
    pub pinned: String,
    pub presented: String,
}

impl CertificateChange {
    /// The error a command returns: code `certificate_changed`, both fingerprints in `fields`.
    pub fn into_error(self, message: impl Into<String>) -> ApiError {
        let pair = |field: &str, message: String| FieldError {
            field: field.into(),
            message,
        };
        ApiError {
            code: ErrorCode::CertificateChanged,
            message: message.into(),
            fields: vec![
                pair(field::ROUTER_ID, self.router_id.to_string()),
                pair(field::ROUTER_NAME, self.router_name),
                pair(field::PINNED, self.pinned),
                pair(field::PRESENTED, self.presented),
            ],
        }
    }

    /// The change an error reports, if it is a changed certificate.
    pub fn from_error(error: &ApiError) -> Option<Self> {
        if error.code != ErrorCode::CertificateChanged {
            return None;
        }
        Some(Self {
            router_id: error.field(field::ROUTER_ID)?.parse().ok()?,
            router_name: error.field(field::ROUTER_NAME)?.to_string(),
            pinned: error.field(field::PINNED)?.to_string(),
            presented: error.field(field::PRESENTED)?.to_string(),
        })
    }
}

/// "Accept the new certificate": the fingerprint the owner was shown and confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustCertificateInput {
    pub router_id: RouterId,
    pub fingerprint: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_certificate_travels_as_fields_and_comes_back_whole() {
        let change = CertificateChange {
            router_id: 7,
            router_name: "Tower 1".into(),
            pinned: "aa".repeat(32),
            presented: "bb".repeat(32),
        };
        let error = change.clone().into_error("changed");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json["code"], "certificate_changed",
            "the UI matches on the code"
        );
        let back: ApiError = serde_json::from_value(json).unwrap();
        assert_eq!(
            CertificateChange::from_error(&back),
            Some(change),
            "the UI reads both fingerprints back"
        );
        assert_eq!(
            CertificateChange::from_error(&ApiError::new(ErrorCode::Router, "down")),
            None,
            "another error is not a certificate change"
        );
    }
}
