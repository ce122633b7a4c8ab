//! What every fake shares: a loopback server on its own tokio task, the outgoing POST that
//! delivers callbacks and webhooks, ids, and the error type.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// HTTP headers as (name, value) pairs, in the order sent.
pub type Headers = Vec<(String, String)>;

/// What a fake can fail with.
#[derive(Debug, thiserror::Error)]
pub enum FakeError {
    /// Binding 127.0.0.1:0 failed.
    #[error("could not bind the fake's loopback port: {0}")]
    Bind(#[from] std::io::Error),
    /// Delivering a callback or webhook failed below HTTP (connection refused, timeout…).
    #[error("delivering to {url} failed: {source}")]
    Deliver {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    /// A callback was asked for a request the fake never received (an unknown id).
    #[error("unknown {what}: {id}")]
    Unknown { what: &'static str, id: String },
    /// Building the PayPal certificate failed.
    #[error("certificate: {0}")]
    Certificate(String),
}

/// A reqwest client for the fakes and their tests. reqwest is built in this workspace without
/// a crypto provider of its own (tikbill's client uses ring): ring is installed first, as the
/// app does, so the client can be built whatever else runs in the process.
pub fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_default()
}

/// A running loopback server. Dropping it stops the server.
#[derive(Debug)]
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds 127.0.0.1:0 and serves `router` on a new tokio task.
    pub(crate) async fn start(router: Router) -> Result<Self, FakeError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            // A loopback test server has no one to report an accept error to.
            let _ = serve.await;
        });
        Ok(Self {
            addr,
            stop: Some(stop),
            task,
        })
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.abort();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// POSTs `body` to `url` with `headers` (content type application/json unless given) and
/// returns the receiver's status and body.
pub(crate) async fn post(
    url: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<(u16, Vec<u8>), FakeError> {
    let deliver = |source| FakeError::Deliver {
        url: url.to_owned(),
        source,
    };
    let mut request = http_client().post(url);
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        request = request.header("Content-Type", "application/json");
    }
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.body(body).send().await.map_err(deliver)?;
    let status = response.status().as_u16();
    let bytes = response.bytes().await.map_err(deliver)?;
    Ok((status, bytes.to_vec()))
}

/// Locks a fake's state; a panic in another test thread does not make the state unreadable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A number unique in this process, for ids (with the clock mixed in so two runs differ).
pub(crate) fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// An upper-case alphanumeric id of `len` characters, like PayPal's and M-Pesa's ids.
pub(crate) fn alnum_id(len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let nanos = chrono::Utc::now()
        .timestamp_nanos_opt()
        .unwrap_or_default()
        .unsigned_abs();
    // A small mixing function (splitmix64) over counter and clock: unique, not secret.
    let mut x = nanos ^ next_id().wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let index = usize::try_from(z % ALPHABET.len() as u64).unwrap_or(0);
        out.push(char::from(ALPHABET[index]));
    }
    out
}

/// Bearer token from an Authorization header value, if it is one.
pub(crate) fn bearer(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// (user, password) from an HTTP Basic Authorization header.
pub(crate) fn basic(headers: &axum::http::HeaderMap) -> Option<(String, String)> {
    use base64::Engine as _;
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// A JSON response with `status`.
pub(crate) fn json(status: u16, body: serde_json::Value) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let status = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(body)).into_response()
}
