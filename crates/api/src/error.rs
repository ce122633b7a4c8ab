use serde::{Deserialize, Serialize};

/// A stable, machine-matchable error class. The UI matches on it; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input was refused; `fields` says which fields and why.
    Validation,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The change clashes with existing data (e.g. a name already taken).
    Conflict,
    /// The thing is still used by others and cannot be removed.
    InUse,
    /// A router could not be reached, refused us, or refused the command; the message says which.
    Router,
    /// A router's api-ssl certificate is not the pinned one; `fields` carry both fingerprints
    /// (see [`crate::CertificateChange`]).
    CertificateChanged,
    /// The password store (OS keyring or file) failed.
    Secrets,
    /// There is no OS keyring (e.g. no Secret Service on a Linux desktop): the UI offers to
    /// keep router passwords in an owner-only file instead.
    KeyringUnavailable,
    /// A sign-in was refused: the user name or password is wrong (the message does not say
    /// which), or the account is disabled.
    Unauthenticated,
    /// The person signed in may not do this (their role lacks the permission); the message
    /// names what was refused.
    Forbidden,
    /// An account had too many wrong passwords in a row and must wait; the message says how
    /// long, and `fields` carries `retry_after_secs` for a countdown.
    TooManyAttempts,
    /// A payment gateway's API could not be reached, or refused the request; the message says
    /// which gateway and what it answered.
    Gateway,
    /// The database could not be reached or failed.
    Database,
    /// Anything else; the message says what.
    Internal,
}

/// One refused field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The error every command returns: `{code, message, fields}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// The message for one field, if that field was refused.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == name)
            .map(|f| f.message.as_str())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_fields() {
        let mut e = ApiError::new(ErrorCode::Validation, "The profile has 1 error.");
        e.fields.push(FieldError {
            field: "price".into(),
            message: "must not be negative".into(),
        });
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "validation",
                "message": "The profile has 1 error.",
                "fields": [{"field": "price", "message": "must not be negative"}]
            }),
            "the UI matches on this exact shape"
        );
        let plain = ApiError::new(ErrorCode::InUse, "used");
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            serde_json::json!({"code": "in_use", "message": "used"}),
            "an error without field errors has no `fields` key"
        );
    }
}
