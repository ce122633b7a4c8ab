//! One client connection to the emulator: login, commands answered concurrently (each after its
//! own latency), `listen` streams and `/cancel`, and the injected faults.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{broadcast, mpsc};
use tokio::task::AbortHandle;

use super::request::{ReplyWriter, Request};
use super::state::{project, Action, Subscription};
use super::{Fault, Shared};
use crate::client::legacy_response;
use crate::codec::SentenceDecoder;
use crate::secret::Secret;

/// Bytes for the connection's writer.
enum Outgoing {
    /// Whole sentences.
    Bytes(Vec<u8>),
    /// A reply to cut in the middle, after which the connection drops.
    CutShort(Vec<u8>),
    /// The last thing said before closing (`!fatal`).
    Last(Vec<u8>),
}

/// Serves one connection until the client leaves or the emulator stops.
pub(crate) async fn serve<S>(mut stream: S, shared: Arc<Shared>)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (out, mut outgoing) = mpsc::unbounded_channel();
    let mut session = Session {
        shared,
        logged_in: false,
        challenge: None,
        listeners: HashMap::new(),
        out,
    };
    let mut decoder = SentenceDecoder::new();
    let mut batch = Vec::new();
    'connection: loop {
        tokio::select! {
            read = stream.read_buf(decoder.buffer_mut()) => {
                if !matches!(read, Ok(n) if n > 0) {
                    break;
                }
                loop {
                    match decoder.next_sentence() {
                        Ok(Some(words)) if words.is_empty() => {}
                        Ok(Some(words)) => session.handle(&words),
                        Ok(None) => break,
                        Err(_) => break 'connection,
                    }
                }
            }
            Some(message) = outgoing.recv() => {
                batch.clear();
                let mut last = None;
                let mut next = Some(message);
                while let Some(message) = next.take() {
                    match message {
                        Outgoing::Bytes(bytes) => batch.extend_from_slice(&bytes),
                        Outgoing::CutShort(bytes) => {
                            last = Some(bytes[..bytes.len().div_ceil(2)].to_vec());
                            break;
                        }
                        Outgoing::Last(bytes) => {
                            last = Some(bytes);
                            break;
                        }
                    }
                    next = outgoing.try_recv().ok();
                }
                let finished = last.is_some();
                batch.extend(last.unwrap_or_default());
                if stream.write_all(&batch).await.is_err() || stream.flush().await.is_err() {
                    break;
                }
                if finished {
                    break;
                }
            }
        }
    }
    let _ = stream.shutdown().await;
}

struct Session {
    shared: Arc<Shared>,
    logged_in: bool,
    challenge: Option<String>,
    listeners: HashMap<String, AbortHandle>,
    out: mpsc::UnboundedSender<Outgoing>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for listener in self.listeners.values() {
            listener.abort();
        }
    }
}

impl Session {
    fn handle(&mut self, words: &[Vec<u8>]) {
        let (latency, fault) = self.shared.behaviour();
        if fault == Some(Fault::Silent) {
            return;
        }
        let request = Request::parse(words);
        let mut reply = ReplyWriter::new(request.tag.clone());
        match request.path.as_str() {
            "/login" => self.login(&request, &mut reply),
            "/quit" => {
                reply.fatal("session terminated on request");
                let _ = self.out.send(Outgoing::Last(reply.into_bytes()));
                return;
            }
            _ if !self.logged_in => reply.fail(None, "not logged in"),
            "/cancel" => self.cancel(&request, &mut reply),
            _ => {
                let action = self.shared.state().execute(&request, &mut reply);
                if let Action::Listen(subscription) = action {
                    self.listen(request.tag.clone(), subscription);
                }
            }
        }
        let bytes = reply.into_bytes();
        if bytes.is_empty() {
            return;
        }
        // The login itself is answered, so the fault hits the first real command.
        let cut_short = fault == Some(Fault::DropMidReply) && request.path != "/login";
        let message = if cut_short && self.logged_in {
            Outgoing::CutShort(bytes)
        } else {
            Outgoing::Bytes(bytes)
        };
        self.deliver(message, latency);
    }

    /// Sends now, or after `latency` without holding up the commands behind this one.
    fn deliver(&self, message: Outgoing, latency: Duration) {
        if latency.is_zero() {
            let _ = self.out.send(message);
            return;
        }
        let out = self.out.clone();
        tokio::spawn(async move {
            tokio::time::sleep(latency).await;
            let _ = out.send(message);
        });
    }

    fn login(&mut self, request: &Request, reply: &mut ReplyWriter) {
        let user = self.shared.user.as_str();
        let name_ok = request.attribute("name") == Some(user);
        let password = Secret::new(self.shared.password.as_str());
        if let Some(response) = request.attribute("response") {
            let expected = self
                .challenge
                .take()
                .and_then(|challenge| legacy_response(&password, &challenge).ok());
            if name_ok && expected.as_deref() == Some(response) {
                self.logged_in = true;
                reply.done(None);
            } else {
                reply.fail(None, "cannot log in");
            }
            return;
        }
        match request.attribute("password") {
            Some(given) if !self.shared.legacy_login => {
                if name_ok && given == password.expose() {
                    self.logged_in = true;
                    reply.done(None);
                } else {
                    reply.fail(None, "invalid user name or password (6)");
                }
            }
            // A pre-6.43 router answers any /login with a challenge.
            _ => {
                let challenge = random_challenge();
                reply.done(Some(&challenge));
                self.challenge = Some(challenge);
            }
        }
    }

    fn cancel(&mut self, request: &Request, reply: &mut ReplyWriter) {
        let tags: Vec<String> = match request.attribute("tag") {
            Some(tag) => vec![tag.to_owned()],
            None => self.listeners.keys().cloned().collect(),
        };
        for tag in tags {
            if let Some(listener) = self.listeners.remove(&tag) {
                listener.abort();
                let mut ended = ReplyWriter::new((!tag.is_empty()).then_some(tag));
                ended.fail(Some(2), "interrupted");
                let _ = self.out.send(Outgoing::Bytes(ended.into_bytes()));
            }
        }
        reply.done(None);
    }

    fn listen(&mut self, tag: Option<String>, mut subscription: Subscription) {
        let out = self.out.clone();
        let key = tag.clone().unwrap_or_default();
        let task = tokio::spawn(async move {
            loop {
                match subscription.changes.recv().await {
                    Ok(row) => {
                        let mut sentence = ReplyWriter::new(tag.clone());
                        sentence.row(&project(&row, subscription.proplist.as_deref()));
                        if out.send(Outgoing::Bytes(sentence.into_bytes())).is_err() {
                            break;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        if let Some(previous) = self.listeners.insert(key, task.abort_handle()) {
            previous.abort();
        }
    }
}

/// 16 unpredictable-enough bytes as hex (the emulator is a test tool, not a security boundary).
fn random_challenge() -> String {
    let seed = RandomState::new();
    let high = seed.hash_one(Instant::now());
    let low = seed.hash_one(high);
    format!("{high:016x}{low:016x}")
}
