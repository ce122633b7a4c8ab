//! The task that owns the socket: it writes queued sentences and routes every reply by tag,
//! and closes the connection when the router breaks the protocol or the reply limits.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::routes::Routes;
use crate::codec::SentenceDecoder;
use crate::error::{Error, ProtocolError};
use crate::limits::ReplyLimits;
use crate::reply::{parse_reply, ReplyKind};

/// Writes are batched up to this many bytes before a flush.
const BATCH_BYTES: usize = 256 * 1024;

/// Runs until the connection ends, then fails every waiting command with the reason.
pub(crate) async fn drive<S>(
    stream: S,
    outgoing: mpsc::UnboundedReceiver<Vec<u8>>,
    routes: Arc<Routes>,
    limits: ReplyLimits,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let reason = pump(stream, outgoing, &routes, limits).await;
    routes.close(reason);
}

async fn pump<S>(
    mut stream: S,
    mut outgoing: mpsc::UnboundedReceiver<Vec<u8>>,
    routes: &Routes,
    limits: ReplyLimits,
) -> Error
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut decoder = SentenceDecoder::with_limits(limits);
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            read = stream.read_buf(decoder.buffer_mut()) => {
                match read {
                    Ok(0) | Err(_) => return Error::ConnectionClosed,
                    Ok(_) => {
                        if let Some(reason) = route_received(&mut decoder, routes) {
                            return reason;
                        }
                    }
                }
            }
            queued = outgoing.recv() => {
                let Some(first) = queued else {
                    // Every client handle is gone: close quietly.
                    let _ = stream.shutdown().await;
                    return Error::ConnectionClosed;
                };
                batch.clear();
                batch.extend_from_slice(&first);
                while batch.len() < BATCH_BYTES {
                    match outgoing.try_recv() {
                        Ok(more) => batch.extend_from_slice(&more),
                        Err(_) => break,
                    }
                }
                if stream.write_all(&batch).await.is_err() || stream.flush().await.is_err() {
                    return Error::ConnectionClosed;
                }
            }
        }
    }
}

/// Routes every complete sentence; returns a reason to close the connection, if any.
fn route_received(decoder: &mut SentenceDecoder, routes: &Routes) -> Option<Error> {
    loop {
        let words = match decoder.next_sentence() {
            Ok(Some(words)) => words,
            Ok(None) => return None,
            Err(error) => return Some(Error::Protocol(ProtocolError::from_codec(error))),
        };
        if words.is_empty() {
            continue;
        }
        let sentence = match parse_reply(&words) {
            Ok(sentence) => sentence,
            Err(error) => return Some(Error::Protocol(ProtocolError::Reply(error))),
        };
        if let ReplyKind::Fatal { reason } = sentence.kind {
            return Some(Error::Fatal(reason));
        }
        // We tag every command, so an untagged reply or a foreign tag answers nothing we wait for.
        if let Some(tag) = sentence.tag.and_then(|tag| tag.parse::<u64>().ok()) {
            if let Err(oversize) = routes.deliver(tag, sentence.kind) {
                return Some(Error::Protocol(ProtocolError::TooLarge(oversize)));
            }
        }
    }
}
