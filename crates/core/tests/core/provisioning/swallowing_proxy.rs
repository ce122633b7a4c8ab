//! A loopback proxy in front of an emulated router that passes every sentence both ways except
//! the replies to the commands a test picks: those commands reach the router (and take effect)
//! but their answers never come back, so the client sees a timeout for them alone.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tikbill_routeros::codec::{encode_sentence, SentenceDecoder};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Picks, from a command's words (`/ip/hotspot/user/add`, `=name=ayu`, …), whose reply to drop.
pub type Pick = Arc<dyn Fn(&[String]) -> bool + Send + Sync>;

pub struct SwallowingProxy {
    address: SocketAddr,
    task: JoinHandle<()>,
    swallowed: Arc<Mutex<HashSet<String>>>,
}

impl SwallowingProxy {
    pub async fn start(upstream: SocketAddr, pick: Pick) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("a loopback port for the proxy");
        let address = listener.local_addr().expect("the proxy's address");
        let swallowed = Arc::new(Mutex::new(HashSet::new()));
        let tags = swallowed.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(router) = TcpStream::connect(upstream).await else {
                    continue;
                };
                tokio::spawn(relay(client, router, pick.clone(), tags.clone()));
            }
        });
        Self {
            address,
            task,
            swallowed,
        }
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// How many commands were picked (their replies dropped).
    pub fn swallowed(&self) -> usize {
        self.swallowed.lock().map(|s| s.len()).unwrap_or(0)
    }
}

impl Drop for SwallowingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn text(words: &[Vec<u8>]) -> Vec<String> {
    words
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect()
}

fn tag_of(words: &[String]) -> Option<String> {
    words
        .iter()
        .find_map(|w| w.strip_prefix(".tag=").map(str::to_string))
}

async fn relay(
    client: TcpStream,
    router: TcpStream,
    pick: Pick,
    swallowed: Arc<Mutex<HashSet<String>>>,
) {
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_router, mut to_router) = router.into_split();
    let picked = swallowed.clone();
    let upstream = tokio::spawn(async move {
        let mut decoder = SentenceDecoder::new();
        while matches!(from_client.read_buf(decoder.buffer_mut()).await, Ok(n) if n > 0) {
            while let Ok(Some(raw)) = decoder.next_sentence() {
                let words = text(&raw);
                if pick(&words) {
                    if let (Some(tag), Ok(mut set)) = (tag_of(&words), picked.lock()) {
                        set.insert(tag);
                    }
                }
                let Ok(bytes) = encode_sentence(&raw) else {
                    return;
                };
                if to_router.write_all(&bytes).await.is_err() {
                    return;
                }
            }
        }
    });
    let mut decoder = SentenceDecoder::new();
    while matches!(from_router.read_buf(decoder.buffer_mut()).await, Ok(n) if n > 0) {
        while let Ok(Some(raw)) = decoder.next_sentence() {
            let words = text(&raw);
            let drop_it = tag_of(&words).is_some_and(|tag| {
                swallowed
                    .lock()
                    .map(|set| set.contains(&tag))
                    .unwrap_or(false)
            });
            if drop_it {
                continue;
            }
            let Ok(bytes) = encode_sentence(&raw) else {
                break;
            };
            if to_client.write_all(&bytes).await.is_err() {
                break;
            }
        }
    }
    upstream.abort();
}
