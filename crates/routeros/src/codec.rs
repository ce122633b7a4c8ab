//! The RouterOS API wire format: length-prefixed words, sentences ended by an empty word.
//!
//! This module knows bytes only; [`crate::reply`] gives the words their meaning.

mod decoder;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use decoder::SentenceDecoder;

use crate::limits::Oversize;

/// The longest single word we send (16 MiB). What we accept is bounded separately and lower, by
/// [`crate::limits::ReplyLimits`].
pub const MAX_WORD_LEN: usize = 16 * 1024 * 1024;

/// A sentence as it travels: a list of words (without the terminating empty word).
pub type Words = Vec<Vec<u8>>;

/// Why bytes could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// A length prefix starting with a byte ≥ 0xF8, which RouterOS reserves for control bytes.
    #[error("reserved control byte 0x{0:02X} where a word length was expected")]
    ControlByte(u8),
    /// A word to send that is longer than [`MAX_WORD_LEN`].
    #[error("a word of {len} bytes is longer than the {max}-byte limit")]
    WordTooLong {
        /// The actual length.
        len: u64,
        /// The limit in force.
        max: usize,
    },
    /// Received bytes that break one of the decoder's [`crate::limits::ReplyLimits`].
    #[error("{0}")]
    TooLarge(Oversize),
}

/// Appends the length prefix for a word of `len` bytes (one to five bytes, big-endian).
pub fn encode_length(len: u32, out: &mut Vec<u8>) {
    let bytes = len.to_be_bytes();
    match len {
        0..=0x7F => out.push(bytes[3]),
        0x80..=0x3FFF => out.extend_from_slice(&(len | 0x8000).to_be_bytes()[2..]),
        0x4000..=0x1F_FFFF => out.extend_from_slice(&(len | 0xC0_0000).to_be_bytes()[1..]),
        0x20_0000..=0xFFF_FFFF => out.extend_from_slice(&(len | 0xE000_0000).to_be_bytes()),
        _ => {
            out.push(0xF0);
            out.extend_from_slice(&bytes);
        }
    }
}

/// Reads a length prefix from the start of `bytes`.
///
/// Returns the length and how many bytes the prefix took, or `None` if `bytes` ends inside it.
pub fn decode_length(bytes: &[u8]) -> Result<Option<(u32, usize)>, CodecError> {
    let Some(&first) = bytes.first() else {
        return Ok(None);
    };
    let (size, mask): (usize, u8) = match first {
        0x00..=0x7F => (1, 0x7F),
        0x80..=0xBF => (2, 0x3F),
        0xC0..=0xDF => (3, 0x1F),
        0xE0..=0xEF => (4, 0x0F),
        0xF0..=0xF7 => (5, 0x00),
        control => return Err(CodecError::ControlByte(control)),
    };
    let Some(prefix) = bytes.get(..size) else {
        return Ok(None);
    };
    let value = prefix[1..]
        .iter()
        .fold(u32::from(first & mask), |acc, &byte| {
            (acc << 8) | u32::from(byte)
        });
    Ok(Some((value, size)))
}

/// Appends one word (prefix and bytes).
pub fn encode_word(word: &[u8], out: &mut Vec<u8>) -> Result<(), CodecError> {
    let len = checked_len(word.len())?;
    encode_length(len, out);
    out.extend_from_slice(word);
    Ok(())
}

/// Encodes a whole sentence, terminating empty word included.
pub fn encode_sentence<W: AsRef<[u8]>>(words: &[W]) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(words.iter().map(|w| w.as_ref().len() + 2).sum::<usize>() + 1);
    for word in words {
        encode_word(word.as_ref(), &mut out)?;
    }
    out.push(0);
    Ok(out)
}

fn checked_len(len: usize) -> Result<u32, CodecError> {
    if len > MAX_WORD_LEN {
        return Err(CodecError::WordTooLong {
            len: len as u64,
            max: MAX_WORD_LEN,
        });
    }
    u32::try_from(len).map_err(|_| CodecError::WordTooLong {
        len: len as u64,
        max: MAX_WORD_LEN,
    })
}
