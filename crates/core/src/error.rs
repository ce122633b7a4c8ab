use sea_orm::{DbErr, SqlErr};
use tikbill_api::{ApiError, CertificateChange, ErrorCode, FieldError};
use tikbill_routeros::Fingerprint;

use crate::secret_store::SecretStoreError;

pub type CoreResult<T> = Result<T, CoreError>;

/// What can go wrong in a core operation. Every variant carries a message a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{summary}")]
    Validation {
        summary: String,
        fields: Vec<FieldError>,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    InUse(String),
    #[error("{0}")]
    Secrets(String),
    /// There is no OS keyring to keep router passwords in; the UI offers the password file.
    #[error("The router password was not saved: {0}")]
    KeyringUnavailable(String),
    #[error("{0}")]
    Router(#[from] crate::router::probe::ProbeFailure),
    /// The router presented a certificate other than the pinned one. Nothing was sent to it.
    #[error(
        "The certificate of router '{router_name}' has changed: tikbill trusts {pinned}, the \
         router now presents {presented}. If you replaced the router's certificate, accept the \
         new one; otherwise someone may be intercepting the connection, and tikbill will not send \
         it the password."
    )]
    CertificateChanged {
        router_id: i64,
        router_name: String,
        pinned: Fingerprint,
        presented: Fingerprint,
    },
    /// The stored pin is not a fingerprint: tikbill does not connect rather than trust anything.
    #[error(
        "The certificate fingerprint stored for router '{router_name}' cannot be read \
         ('{stored}'), so tikbill does not connect to it. Accept the router's certificate again."
    )]
    UnreadablePin {
        router_id: i64,
        router_name: String,
        stored: String,
    },
    /// A sign-in (or a password check) was refused: wrong user name or password, said the same
    /// way for both, or a disabled account.
    #[error("{0}")]
    Unauthenticated(String),
    /// The person signed in may not do this: their role lacks the permission.
    #[error("{0}")]
    Forbidden(String),
    /// The account had too many wrong passwords in a row and waits before the next try.
    #[error("Too many wrong passwords for this account: try again in {retry_after_secs} s.")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Too many card codes that were no card's were typed in the last minute by this person.
    #[error("Too many codes that are no card's: try again in {retry_after_secs} s.")]
    TooManyCodes { retry_after_secs: u64 },
    /// A payment gateway's API could not be reached or refused us; the message says which.
    #[error("{0}")]
    Gateway(String),
    /// Something that should not fail did (e.g. hashing a password); the message says what.
    #[error("Something went wrong inside tikbill: {0}")]
    Internal(String),
    #[error("The database could not be opened: {0}")]
    DatabaseOpen(String),
    #[error("The database failed: {0}")]
    Database(#[from] DbErr),
}

impl CoreError {
    /// A validation error from a list of refused fields.
    pub fn invalid(what: &str, fields: Vec<FieldError>) -> Self {
        let summary = match fields.len() {
            1 => format!("The {what} was not saved: {}", fields[0].message),
            n => format!("The {what} was not saved: {n} fields need attention."),
        };
        Self::Validation { summary, fields }
    }

    /// Whether a database error is a unique-constraint violation (a race lost to another writer).
    pub(crate) fn is_unique_violation(err: &DbErr) -> bool {
        matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
    }

    /// Whether a database error is a foreign-key violation (a row still referenced elsewhere).
    pub(crate) fn is_foreign_key_violation(err: &DbErr) -> bool {
        matches!(
            err.sql_err(),
            Some(SqlErr::ForeignKeyConstraintViolation(_))
        )
    }
}

impl From<SecretStoreError> for CoreError {
    fn from(err: SecretStoreError) -> Self {
        match err {
            SecretStoreError::KeyringUnavailable(_) => Self::KeyringUnavailable(err.to_string()),
            other => Self::Secrets(other.to_string()),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> Self {
        let message = err.to_string();
        match err {
            CoreError::Validation { fields, .. } => ApiError {
                code: ErrorCode::Validation,
                message,
                fields,
            },
            CoreError::NotFound(_) => ApiError::new(ErrorCode::NotFound, message),
            CoreError::Conflict(_) => ApiError::new(ErrorCode::Conflict, message),
            CoreError::InUse(_) => ApiError::new(ErrorCode::InUse, message),
            CoreError::Router(_) | CoreError::UnreadablePin { .. } => {
                ApiError::new(ErrorCode::Router, message)
            }
            CoreError::CertificateChanged {
                router_id,
                router_name,
                pinned,
                presented,
            } => CertificateChange {
                router_id,
                router_name,
                pinned: pinned.to_string(),
                presented: presented.to_string(),
            }
            .into_error(message),
            CoreError::Secrets(_) => ApiError::new(ErrorCode::Secrets, message),
            CoreError::KeyringUnavailable(_) => {
                ApiError::new(ErrorCode::KeyringUnavailable, message)
            }
            CoreError::Unauthenticated(_) => ApiError::new(ErrorCode::Unauthenticated, message),
            CoreError::Forbidden(_) => ApiError::new(ErrorCode::Forbidden, message),
            CoreError::TooManyAttempts { retry_after_secs }
            | CoreError::TooManyCodes { retry_after_secs } => ApiError {
                code: ErrorCode::TooManyAttempts,
                message,
                fields: vec![FieldError {
                    field: "retry_after_secs".into(),
                    message: retry_after_secs.to_string(),
                }],
            },
            CoreError::Gateway(_) => ApiError::new(ErrorCode::Gateway, message),
            CoreError::Internal(_) => ApiError::new(ErrorCode::Internal, message),
            CoreError::DatabaseOpen(_) | CoreError::Database(_) => {
                ApiError::new(ErrorCode::Database, message)
            }
        }
    }
}
