//! A tiny axum receiver: answers every POST 200 `{"ok":true}` and hands over what came.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::Router;
use tokio::sync::mpsc;

pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub struct Receiver {
    pub url: String,
    rx: mpsc::UnboundedReceiver<Received>,
    _task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let router = Router::new().fallback(
            move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send(Received {
                        path: uri.path().to_owned(),
                        headers,
                        body: body.to_vec(),
                    });
                    axum::Json(serde_json::json!({"ok": true}))
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the receiver");
        let addr = listener.local_addr().expect("receiver address");
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("receiver serves");
        });
        Self {
            url: format!("http://{addr}"),
            rx,
            _task: task,
        }
    }

    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.rx.recv())
            .await
            .expect("something arrives within 10 s")
            .expect("receiver still open")
    }
}

pub fn header(received: &Received, name: &str) -> String {
    received
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("header {name} present"))
        .to_str()
        .expect("ASCII header")
        .to_owned()
}
