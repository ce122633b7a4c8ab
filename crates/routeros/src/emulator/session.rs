//! One client connection to the emulator: login, commands answered in the order the router's CPU
//! serves them (each after the service time, then its own latency), `listen` streams and
//! `/cancel`, and the injected faults.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::Instant as WallClock;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{broadcast, mpsc};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::request::{ReplyWriter, Request};
use super::state::{project, Action, Subscription};
use super::{Behaviour, Fault, Shared};
use crate::client::legacy_response;
use crate::codec::{encode_word, SentenceDecoder};
use crate::secret::Secret;

/// Bytes for the connection's writer.
enum Outgoing {
    /// Whole sentences.
    Bytes(Vec<u8>),
    /// A reply to cut in the middle, after which the connection drops.
    CutShort(Vec<u8>),
    /// The last thing said before closing (`!fatal`).
    Last(Vec<u8>),
    /// One sentence that never ends ([`Fault::EndlessSentence`]).
    Endless,
}

/// The words of [`Fault::EndlessSentence`], written 64 KiB at a time.
fn endless_words() -> Vec<u8> {
    let word = format!("={}={}", "x", "a".repeat(1022));
    let mut chunk = Vec::new();
    for _ in 0..64 {
        // A 1 KiB word always encodes.
        let _ = encode_word(word.as_bytes(), &mut chunk);
    }
    chunk
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
        busy_until: None,
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
                        Outgoing::Endless => {
                            let mut start = batch.clone();
                            let _ = encode_word(b"!re", &mut start);
                            let words = endless_words();
                            if stream.write_all(&start).await.is_ok() {
                                while stream.write_all(&words).await.is_ok() {}
                            }
                            break 'connection;
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
    /// When the router's CPU finishes the commands it has been given so far.
    busy_until: Option<Instant>,
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
        let behaviour = self.shared.behaviour();
        let fault = behaviour.fault;
        if fault == Some(Fault::Silent) {
            return;
        }
        if fault == Some(Fault::EndlessSentence) && self.logged_in {
            let _ = self.out.send(Outgoing::Endless);
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
        self.deliver(message, behaviour);
    }

    /// Sends once the CPU has served this command after the ones before it (`service_time`
    /// each) and `latency` has passed; each reply waits on its own, so a long latency does not
    /// hold up the replies behind it.
    fn deliver(&mut self, message: Outgoing, behaviour: Behaviour) {
        let now = Instant::now();
        let served = if behaviour.service_time.is_zero() {
            now
        } else {
            let start = self.busy_until.map_or(now, |busy| busy.max(now));
            let done = start + behaviour.service_time;
            self.busy_until = Some(done);
            done
        };
        let send_at = served + behaviour.latency;
        if send_at <= now {
            let _ = self.out.send(message);
            return;
        }
        let out = self.out.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(send_at).await;
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
    let high = seed.hash_one(WallClock::now());
    let low = seed.hash_one(high);
    format!("{high:016x}{low:016x}")
}
