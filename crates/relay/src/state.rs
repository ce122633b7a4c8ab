//! What the relay's handlers share.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tikbill_core::delivery::Inbox;
use tikbill_core::Clock;
use tikbill_gateway::mpesa::C2bReject;
use tikbill_gateway::Event;

/// Decides an M-Pesa C2B validation question: accept the payment, or reject it with one of
/// Daraja's codes (an account number that is nobody's, say). Must answer well within 2 s.
pub trait C2bCheck: Send + Sync {
    fn check<'a>(
        &'a self,
        event: &'a Event,
    ) -> Pin<Box<dyn Future<Output = Result<(), C2bReject>> + Send + 'a>>;
}

/// Accepts every C2B payment (a relay that has no customers to look at: it stores only).
pub struct AcceptAll;

impl C2bCheck for AcceptAll {
    fn check<'a>(
        &'a self,
        _event: &'a Event,
    ) -> Pin<Box<dyn Future<Output = Result<(), C2bReject>> + Send + 'a>> {
        Box::pin(async { Ok(()) })
    }
}

/// The relay's state.
#[derive(Clone)]
pub struct RelayState {
    pub(crate) inbox: Inbox,
    pub(crate) db: DatabaseConnection,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) hook_token: Arc<str>,
    pub(crate) pull_token: Option<Arc<str>>,
    pub(crate) c2b: Arc<dyn C2bCheck>,
}

impl RelayState {
    /// `hook_token` is the secret in every gateway's URL; `pull_token`, when given, opens
    /// `GET /deliveries` to a desktop presenting it as a bearer token.
    pub fn new(
        inbox: Inbox,
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        hook_token: &str,
        pull_token: Option<&str>,
        c2b: Arc<dyn C2bCheck>,
    ) -> Self {
        Self {
            inbox,
            db,
            clock,
            hook_token: hook_token.into(),
            pull_token: pull_token.map(Into::into),
            c2b,
        }
    }
}
