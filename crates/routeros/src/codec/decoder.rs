//! Received bytes, fed in pieces of any size, back into sentences.
//!
//! The decoder is a small state machine: each received byte is looked at once (a finished word
//! is moved out of the receive buffer at once, an unfinished one is copied into a buffer of its
//! announced size as its bytes arrive), so a long sentence arriving in many small reads costs
//! time in proportion to its length. Every word length is checked against the
//! [`ReplyLimits`] when it is announced, before any of its bytes are kept.

use std::mem::size_of;

use super::{decode_length, CodecError, Words};
use crate::limits::{Oversize, ReplyLimits};

/// Room made for one read from the socket (see [`SentenceDecoder::buffer_mut`]).
const RECEIVE_SPACE: usize = 16 * 1024;

/// Turns a byte stream, fed in pieces of any size, back into sentences, within limits.
#[derive(Debug)]
pub struct SentenceDecoder {
    limits: ReplyLimits,
    /// Bytes handed in and not decoded yet, from `start` on.
    received: Vec<u8>,
    start: usize,
    /// A length prefix cut between two pieces.
    prefix: [u8; 5],
    prefix_len: usize,
    /// The word being received, allocated at its announced length.
    word: Option<(Vec<u8>, usize)>,
    /// The finished words of the unfinished sentence.
    words: Words,
    /// The announced bytes of the unfinished sentence's words.
    sentence_bytes: usize,
    /// The error that put the stream out of step, returned again from then on.
    failed: Option<CodecError>,
}

impl Default for SentenceDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SentenceDecoder {
    /// A decoder with the default [`ReplyLimits`].
    pub fn new() -> Self {
        Self::with_limits(ReplyLimits::default())
    }

    /// A decoder that refuses words and sentences beyond `limits` (the row limits are not its
    /// business: it knows sentences, not replies).
    pub fn with_limits(limits: ReplyLimits) -> Self {
        Self {
            limits,
            received: Vec::with_capacity(RECEIVE_SPACE),
            start: 0,
            prefix: [0; 5],
            prefix_len: 0,
            word: None,
            words: Vec::new(),
            sentence_bytes: 0,
            failed: None,
        }
    }

    /// Adds received bytes; [`SentenceDecoder::next_sentence`] decodes them.
    pub fn extend(&mut self, bytes: &[u8]) {
        self.compact();
        self.received.extend_from_slice(bytes);
    }

    /// The buffer to read into directly (e.g. with `AsyncReadExt::read_buf`), with room for one
    /// read; bytes appended to it are decoded by the next [`SentenceDecoder::next_sentence`].
    /// Call that until it returns `Ok(None)` before reading again, so the buffer never holds
    /// more than one read.
    pub fn buffer_mut(&mut self) -> &mut Vec<u8> {
        self.compact();
        if self.received.len() == self.received.capacity() {
            self.received.reserve_exact(RECEIVE_SPACE);
        }
        &mut self.received
    }

    /// Whether bytes of an unfinished sentence are waiting.
    pub fn has_partial(&self) -> bool {
        self.start < self.received.len()
            || self.prefix_len > 0
            || self.word.is_some()
            || !self.words.is_empty()
    }

    /// The bytes held for the unfinished sentence: its finished words and the word being
    /// received, at their allocated size. Never more than `max_sentence_bytes`.
    pub fn buffered_bytes(&self) -> usize {
        let word = self.word.as_ref().map_or(0, |(word, _)| word.capacity());
        word + self.words.iter().map(Vec::capacity).sum::<usize>()
    }

    /// All the heap memory the decoder holds: the receive buffer and the unfinished sentence. After
    /// [`SentenceDecoder::next_sentence`] returned `Ok(None)` this is at most
    /// `max_sentence_bytes`, plus a vector header per word of the unfinished sentence, plus the
    /// receive buffer's capacity (one read, or the largest piece passed to `extend`).
    pub fn held_bytes(&self) -> usize {
        self.received.capacity()
            + self.buffered_bytes()
            + self.words.capacity() * size_of::<Vec<u8>>()
    }

    /// The next complete sentence, or `None` until more bytes arrive.
    ///
    /// After an error the stream is out of step: the same error is returned from then on, and
    /// the connection should be closed.
    pub fn next_sentence(&mut self) -> Result<Option<Words>, CodecError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let decoded = self.decode();
        if let Err(error) = &decoded {
            self.failed = Some(error.clone());
        }
        if self.start == self.received.len() {
            self.received.clear();
            self.start = 0;
        }
        decoded
    }

    fn decode(&mut self) -> Result<Option<Words>, CodecError> {
        loop {
            if let Some((word, len)) = &mut self.word {
                let available = &self.received[self.start..];
                let take = (*len - word.len()).min(available.len());
                word.extend_from_slice(&available[..take]);
                self.start += take;
                if word.len() < *len {
                    return Ok(None);
                }
                if let Some((word, _)) = self.word.take() {
                    self.words.push(word);
                }
                continue;
            }
            let Some(len) = self.next_length()? else {
                return Ok(None);
            };
            if len == 0 {
                self.sentence_bytes = 0;
                return Ok(Some(std::mem::take(&mut self.words)));
            }
            self.admit(len)?;
            if let Some(whole) = self.received.get(self.start..self.start + len) {
                self.words.push(whole.to_vec());
                self.start += len;
            } else {
                let mut word = Vec::new();
                word.reserve_exact(len);
                self.word = Some((word, len));
            }
        }
    }

    /// The next word's length, or `None` while its prefix is incomplete.
    fn next_length(&mut self) -> Result<Option<usize>, CodecError> {
        if self.prefix_len == 0 {
            if let Some((len, size)) = decode_length(&self.received[self.start..])? {
                self.start += size;
                return Ok(Some(len as usize));
            }
        }
        // A prefix cut between pieces: gather it byte by byte (five at most, as the first byte
        // says how many follow).
        while let Some(&byte) = self.received.get(self.start) {
            self.prefix[self.prefix_len] = byte;
            self.prefix_len += 1;
            self.start += 1;
            if let Some((len, _)) = decode_length(&self.prefix[..self.prefix_len])? {
                self.prefix_len = 0;
                return Ok(Some(len as usize));
            }
        }
        Ok(None)
    }

    /// Checks a newly announced word of `len` bytes against the limits.
    fn admit(&mut self, len: usize) -> Result<(), CodecError> {
        let limits = &self.limits;
        let refused = if len > limits.max_word_bytes {
            Oversize::Word {
                len: len as u64,
                max: limits.max_word_bytes,
            }
        } else if self.words.len() >= limits.max_sentence_words {
            Oversize::SentenceWords {
                max: limits.max_sentence_words,
            }
        } else if self.sentence_bytes + len > limits.max_sentence_bytes {
            Oversize::SentenceBytes {
                max: limits.max_sentence_bytes,
            }
        } else {
            self.sentence_bytes += len;
            return Ok(());
        };
        Err(CodecError::TooLarge(refused))
    }

    fn compact(&mut self) {
        if self.start > 0 {
            self.received.drain(..self.start);
            self.start = 0;
        }
    }
}
