//! Everything that can go wrong talking to a router, worded for the person at the desk.

use std::fmt;

use crate::codec::CodecError;
use crate::fingerprint::Fingerprint;
use crate::limits::Oversize;
use crate::reply::{ReplyError, TrapCategory};

/// Which step ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Opening the TCP connection (and the TLS handshake).
    Connect,
    /// Logging in.
    Login,
    /// Waiting for a command's reply.
    Command,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Connect => "connecting to",
            Phase::Login => "logging in to",
            Phase::Command => "waiting for an answer from",
        })
    }
}

/// The router sent bytes or sentences that break the API protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// The byte stream itself is broken.
    #[error(transparent)]
    Codec(#[from] CodecError),
    /// A sentence could not be understood.
    #[error(transparent)]
    Reply(#[from] ReplyError),
    /// A reply arrived that the command could not have produced.
    #[error("{0}")]
    Unexpected(String),
    /// The router sent more than a real reply could hold (see [`crate::limits::ReplyLimits`]);
    /// the connection was closed with this reason.
    #[error("the router sent a reply too large to be real: {0}")]
    TooLarge(Oversize),
}

impl ProtocolError {
    /// Decoding errors, with a broken limit told apart from broken bytes.
    pub(crate) fn from_codec(error: CodecError) -> Self {
        match error {
            CodecError::TooLarge(oversize) => ProtocolError::TooLarge(oversize),
            other => ProtocolError::Codec(other),
        }
    }
}

/// An error from the RouterOS client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The address did not resolve, there is no route, or the network failed.
    #[error(
        "Cannot reach the router at {address} ({reason}). Check the address, the network cable \
         and that the router is switched on."
    )]
    Unreachable {
        /// The address we tried.
        address: String,
        /// What the operating system said.
        reason: String,
    },
    /// The router answered but nothing listens on the API port.
    #[error(
        "The router at {address} refused the connection. Check that the API service is enabled \
         under IP > Services (port 8728, or 8729 for api-ssl) and that the port is right."
    )]
    Refused {
        /// The address we tried.
        address: String,
    },
    /// No answer in time.
    #[error(
        "The router did not answer in time while {0} it. Check that it is switched on and not \
         overloaded, then try again."
    )]
    TimedOut(Phase),
    /// The router rejected the API user's name or password.
    #[error(
        "The router rejected the user name or password. Check the API user's credentials in the \
         router settings."
    )]
    BadCredentials,
    /// The router refused the command; `message` is RouterOS's own wording.
    #[error("The router refused the command: {message}")]
    Trap {
        /// The category, when the router sent one.
        category: Option<TrapCategory>,
        /// RouterOS's message, word for word (e.g. "failure: already have user with this name").
        message: String,
    },
    /// The router ended the session (`!fatal`).
    #[error("The router closed the session: {0}. Try again in a moment.")]
    Fatal(String),
    /// The connection is gone.
    #[error(
        "The connection to the router was lost. Try again; the connection is reopened on the next \
         request."
    )]
    ConnectionClosed,
    /// The router sent something that breaks the API protocol, or a reply too large to be
    /// real ([`ProtocolError::TooLarge`]).
    #[error("{}", protocol_message(.0))]
    Protocol(#[from] ProtocolError),
    /// The api-ssl connection could not be set up.
    #[error(
        "The secure connection (api-ssl) to the router failed: {0}. Check that the router has a \
         certificate assigned to the api-ssl service."
    )]
    Tls(String),
    /// The router's certificate is not the one we pinned.
    #[error(
        "The router's certificate has changed (expected fingerprint {expected}, found {found}). If \
         you replaced the certificate on the router, confirm the new fingerprint; otherwise \
         someone may be intercepting the connection."
    )]
    CertificateMismatch {
        /// The pinned fingerprint.
        expected: Fingerprint,
        /// The one the router presented.
        found: Fingerprint,
    },
}

fn protocol_message(error: &ProtocolError) -> String {
    match error {
        ProtocolError::TooLarge(oversize) => format!(
            "The router sent a reply too large to be real ({oversize}), so tikbill closed the \
             connection. Check that the address points at a MikroTik API port and that the \
             router is not misbehaving."
        ),
        other => format!(
            "The router sent something tikbill does not understand ({other}). Check that the \
             address points at a MikroTik API port."
        ),
    }
}

impl Error {
    /// Whether trying again later might succeed (the network or router may come back); wrong
    /// credentials, refused commands and certificate mismatches will not fix themselves.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Unreachable { .. }
                | Error::Refused { .. }
                | Error::TimedOut(_)
                | Error::Fatal(_)
                | Error::ConnectionClosed
                | Error::Protocol(_)
                | Error::Tls(_)
        )
    }

    /// The trap message, if this is a trap.
    pub fn trap_message(&self) -> Option<&str> {
        match self {
            Error::Trap { message, .. } => Some(message),
            _ => None,
        }
    }

    pub(crate) fn from_connect_io(address: &str, error: &std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::ConnectionRefused => Error::Refused {
                address: address.to_owned(),
            },
            std::io::ErrorKind::TimedOut => Error::TimedOut(Phase::Connect),
            _ => Error::Unreachable {
                address: address.to_owned(),
                reason: error.to_string(),
            },
        }
    }
}
