//! The payment callback relay: one HTTP server that gateways call.
//!
//! Every request to `/hooks/{token}/{hook}` is committed to the database raw (headers, exact
//! body bytes, remote address, time) through the core's durable [`Inbox`] BEFORE it is
//! answered, so a 2xx means the delivery survives a crash or a power cut. Only then is it
//! looked at: a body that is not what its gateway sends is answered 400 (it stays stored, and
//! staff see it); M-Pesa gets the answers Daraja expects; a C2B validation question is decided
//! within Daraja's time. Paying anyone happens later, in processing (`tikbill_core::payment`
//! through the agent), never in the request.
//!
//! - [`router`]: the axum `Router` with its layers (body limit, timeout, panic catching).
//! - [`RelayState`]: what the handlers need; [`C2bCheck`]: who decides C2B validation.
//! - `GET /healthz`; `GET /deliveries?after=N` with a bearer token for a desktop that pulls the
//!   deliveries from a relay on another server.

mod hooks;
mod pull;
mod state;
mod tls;
mod token;

pub use state::{AcceptAll, C2bCheck, RelayState};
pub use tls::{acceptor as tls_acceptor, serve_tls, TlsError};
pub use token::{new_token, tokens_match};

/// The router type the relay builds (axum's), for callers that hold one.
pub type AxumRouter = axum::Router;

use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The largest body a gateway sends is a few KiB; anything over this is refused (413).
pub const BODY_LIMIT: usize = 256 * 1024;
/// A request that takes longer than this (a slow sender) is cut off.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The relay's routes and layers.
pub fn router(state: RelayState) -> Router {
    Router::new()
        .route("/healthz", get(hooks::healthz))
        .route("/hooks/{token}/{*hook}", post(hooks::receive))
        .route("/deliveries", get(pull::deliveries))
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::new())
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes the requests in
/// flight (each of which is either stored and answered, or not answered).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
