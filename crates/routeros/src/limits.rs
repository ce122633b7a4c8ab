//! How much a router may send before we stop believing it.
//!
//! A real RouterOS reply row is a few hundred bytes to a few KB, and a print of 100,000 hotspot
//! users is 100,000 rows of that size. A broken or hostile peer can instead send one sentence
//! that never ends, a word announced at gigabytes, or rows without end. The reader refuses each
//! of those once it passes a limit here, fails every pending command with
//! [`Oversize`] and closes the connection. The reader itself never holds more than one
//! sentence ([`MAX_SENTENCE_BYTES`]); the row and byte limits are per command, so what a
//! connection may hold at once is those times the commands in flight (a batch's window).

/// The longest word we accept from a router (4 MiB). RouterOS itself caps script sources and
/// file contents far below this.
pub const MAX_WORD_BYTES: usize = 4 * 1024 * 1024;
/// The most bytes one sentence's words may hold together (8 MiB): the most the reader buffers
/// while waiting for a sentence to end.
pub const MAX_SENTENCE_BYTES: usize = 8 * 1024 * 1024;
/// The most words in one sentence (2,000). A row has one word per property: a few dozen, about
/// a hundred for the widest menus. (Parsing a row looks each property up among the earlier
/// ones, so this also bounds the work one sentence costs.)
pub const MAX_SENTENCE_WORDS: usize = 2_000;
/// The most rows one command's reply may accumulate (1,000,000): ten times a print of 100,000
/// users.
pub const MAX_REPLY_ROWS: usize = 1_000_000;
/// The most bytes of names and values one command's reply may accumulate (512 MiB).
pub const MAX_REPLY_BYTES: usize = 512 * 1024 * 1024;

/// The limits a connection applies to what the router sends (see the constants for the
/// defaults and why).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyLimits {
    /// The longest word, in bytes.
    pub max_word_bytes: usize,
    /// The most bytes of words in one sentence.
    pub max_sentence_bytes: usize,
    /// The most words in one sentence.
    pub max_sentence_words: usize,
    /// The most `!re` rows one command's reply may accumulate. Streams (`listen`) hand each
    /// row over as it comes and are not counted.
    pub max_reply_rows: usize,
    /// The most bytes (attribute names and values) one command's rows may accumulate.
    pub max_reply_bytes: usize,
}

impl Default for ReplyLimits {
    fn default() -> Self {
        Self {
            max_word_bytes: MAX_WORD_BYTES,
            max_sentence_bytes: MAX_SENTENCE_BYTES,
            max_sentence_words: MAX_SENTENCE_WORDS,
            max_reply_rows: MAX_REPLY_ROWS,
            max_reply_bytes: MAX_REPLY_BYTES,
        }
    }
}

/// Which limit a reply broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Oversize {
    /// A word announced longer than [`ReplyLimits::max_word_bytes`].
    #[error("a word of {len} bytes, over the {max}-byte limit")]
    Word {
        /// The announced length.
        len: u64,
        /// The limit in force.
        max: usize,
    },
    /// A sentence whose words pass [`ReplyLimits::max_sentence_bytes`].
    #[error("a sentence of more than {max} bytes")]
    SentenceBytes {
        /// The limit in force.
        max: usize,
    },
    /// A sentence with more than [`ReplyLimits::max_sentence_words`] words.
    #[error("a sentence of more than {max} words")]
    SentenceWords {
        /// The limit in force.
        max: usize,
    },
    /// A reply with more than [`ReplyLimits::max_reply_rows`] rows.
    #[error("more than {max} rows for one command")]
    ReplyRows {
        /// The limit in force.
        max: usize,
    },
    /// A reply whose rows pass [`ReplyLimits::max_reply_bytes`].
    #[error("more than {max} bytes of rows for one command")]
    ReplyBytes {
        /// The limit in force.
        max: usize,
    },
}
