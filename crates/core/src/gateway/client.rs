//! Talking to gateways' APIs: one HTTP client, OAuth tokens cached and shared, PayPal
//! certificates cached.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tikbill_gateway::{mpesa, paypal, ApiRequest, MpesaSettings, PaypalSettings};
use tokio::sync::Mutex;

use crate::{CoreError, CoreResult};

/// What an API answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Sends one API request. The real one is [`ReqwestHttp`]; tests may count or fail requests.
pub trait GatewayHttp: Send + Sync {
    fn send<'a>(
        &'a self,
        request: ApiRequest,
    ) -> Pin<Box<dyn Future<Output = Result<ApiAnswer, String>> + Send + 'a>>;
}

/// HTTPS through reqwest and rustls (the operating system's trusted certificates).
pub struct ReqwestHttp {
    client: reqwest::Client,
}

/// How long a gateway may take to answer one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// A cached token is renewed this long before the gateway said it expires.
const TOKEN_MARGIN_SECS: i64 = 60;

impl ReqwestHttp {
    pub fn new() -> CoreResult<Self> {
        // reqwest is built without a crypto provider of its own: use ring, as the rest of
        // tikbill does (installing it twice is harmless).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            // A redirect would take a checked URL (PayPal's certificate host, a relay) to one
            // nobody checked: gateways' APIs do not redirect, so none is followed.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| CoreError::Internal(format!("the HTTP client could not start: {e}")))?;
        Ok(Self { client })
    }
}

impl GatewayHttp for ReqwestHttp {
    fn send<'a>(
        &'a self,
        request: ApiRequest,
    ) -> Pin<Box<dyn Future<Output = Result<ApiAnswer, String>> + Send + 'a>> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| format!("method {}: {e}", request.method))?;
            let mut builder = self.client.request(method, &request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let response = builder.send().await.map_err(|e| describe(&e))?;
            let status = response.status().as_u16();
            let body = response.bytes().await.map_err(|e| describe(&e))?.to_vec();
            Ok(ApiAnswer { status, body })
        })
    }
}

fn describe(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut words = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}

/// The gateways' APIs, shared by everything in one process.
pub struct Gateways {
    http: Arc<dyn GatewayHttp>,
    /// (gateway, api_base, key) → (token, until).
    tokens: Mutex<HashMap<String, (String, DateTime<Utc>)>>,
    /// Certificate URL → PEM.
    certificates: Mutex<HashMap<String, Vec<u8>>>,
}

impl Gateways {
    pub fn new(http: Arc<dyn GatewayHttp>) -> Self {
        Self {
            http,
            tokens: Mutex::new(HashMap::new()),
            certificates: Mutex::new(HashMap::new()),
        }
    }

    /// Over real HTTPS.
    pub fn real() -> CoreResult<Self> {
        Ok(Self::new(Arc::new(ReqwestHttp::new()?)))
    }

    /// Sends a request; a transport failure is `CoreError::Gateway` naming the host.
    pub async fn send(&self, request: ApiRequest) -> CoreResult<ApiAnswer> {
        let host = host_of(&request.url);
        self.http
            .send(request)
            .await
            .map_err(|e| CoreError::Gateway(format!("{host} could not be reached: {e}")))
    }

    /// A Daraja access token: the cached one while it is good, else a new one (one request at
    /// a time asks, so a burst of pushes shares one token).
    pub async fn mpesa_token(
        &self,
        settings: &MpesaSettings,
        now: DateTime<Utc>,
    ) -> CoreResult<String> {
        let key = format!("mpesa|{}|{}", settings.api_base, settings.consumer_key);
        let mut tokens = self.tokens.lock().await;
        if let Some((token, until)) = tokens.get(&key) {
            if *until > now {
                return Ok(token.clone());
            }
        }
        let answer = self.send(mpesa::oauth_request(settings)).await?;
        let token = mpesa::parse_oauth(answer.status, &answer.body)
            .map_err(|e| CoreError::Gateway(format!("M-Pesa refused the credentials: {e}")))?;
        let until = now + token_life(token.expires_in_secs);
        tokens.insert(key, (token.access_token.clone(), until));
        Ok(token.access_token)
    }

    /// A PayPal access token, cached like Daraja's.
    pub async fn paypal_token(
        &self,
        settings: &PaypalSettings,
        now: DateTime<Utc>,
    ) -> CoreResult<String> {
        let key = format!("paypal|{}|{}", settings.api_base, settings.client_id);
        let mut tokens = self.tokens.lock().await;
        if let Some((token, until)) = tokens.get(&key) {
            if *until > now {
                return Ok(token.clone());
            }
        }
        let answer = self.send(paypal::oauth_request(settings)).await?;
        let token = paypal::parse_oauth(answer.status, &answer.body)
            .map_err(|e| CoreError::Gateway(format!("PayPal refused the credentials: {e}")))?;
        let until = now + token_life(token.expires_in_secs);
        tokens.insert(key, (token.access_token.clone(), until));
        Ok(token.access_token)
    }

    /// Forgets every cached token (a gateway said ours is no longer valid).
    pub async fn forget_tokens(&self) {
        self.tokens.lock().await.clear();
    }

    /// The PEM certificate at `url` (already checked to be the gateway's own), fetched once.
    pub async fn certificate(&self, url: &str) -> CoreResult<Vec<u8>> {
        let mut certificates = self.certificates.lock().await;
        if let Some(pem) = certificates.get(url) {
            return Ok(pem.clone());
        }
        let answer = self
            .send(ApiRequest {
                method: "GET",
                url: url.to_string(),
                headers: Vec::new(),
                body: None,
            })
            .await?;
        if answer.status != 200 {
            return Err(CoreError::Gateway(format!(
                "the certificate at {url} could not be fetched: HTTP {}",
                answer.status
            )));
        }
        // Kept only when it is a certificate: an error page must not stand in for one.
        if !String::from_utf8_lossy(&answer.body).contains("-----BEGIN CERTIFICATE-----") {
            return Err(CoreError::Gateway(format!(
                "{url} did not answer with a PEM certificate"
            )));
        }
        certificates.insert(url.to_string(), answer.body.clone());
        Ok(answer.body)
    }
}

/// How long a token is used: what the gateway said, less a margin, at most a day (a
/// gateway's nonsense cannot overflow a date).
fn token_life(expires_in_secs: u64) -> chrono::Duration {
    let secs = i64::try_from(expires_in_secs.min(86_400)).unwrap_or(86_400);
    chrono::Duration::seconds((secs - TOKEN_MARGIN_SECS).max(0))
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(url)
        .to_string()
}
