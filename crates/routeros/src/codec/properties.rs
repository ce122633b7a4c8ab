//! Property tests: whatever bytes a router sends, cut wherever the network cuts them, the decoder
//! and the reply parser never panic, decode the same thing, and hold bounded memory.

use proptest::prelude::*;
use proptest::sample::Index;

use super::{encode_word, CodecError, SentenceDecoder, Words};
use crate::limits::ReplyLimits;
use crate::reply::{parse_reply, ReplyError, ReplySentence};

/// Small limits, so short generated streams reach them.
const LIMITS: ReplyLimits = ReplyLimits {
    max_word_bytes: 300,
    max_sentence_bytes: 1024,
    max_sentence_words: 12,
    max_reply_rows: 10,
    max_reply_bytes: 4096,
};

/// What a stream decoded to: each sentence with its parse, then the error that stopped it.
#[derive(Debug, PartialEq)]
struct Decoded {
    sentences: Vec<(Words, Result<ReplySentence, ReplyError>)>,
    error: Option<CodecError>,
}

/// Feeds `pieces` one by one, draining sentences after each; checks the memory bound as it goes.
fn decode<'a>(pieces: impl Iterator<Item = &'a [u8]>) -> Result<Decoded, TestCaseError> {
    let mut decoder = SentenceDecoder::with_limits(LIMITS);
    let mut decoded = Decoded {
        sentences: Vec::new(),
        error: None,
    };
    for piece in pieces {
        decoder.extend(piece);
        loop {
            match decoder.next_sentence() {
                Ok(Some(words)) => {
                    let parsed = parse_reply(&words);
                    decoded.sentences.push((words, parsed));
                }
                Ok(None) => break,
                Err(error) => {
                    decoded.error = Some(error);
                    return Ok(decoded);
                }
            }
            prop_assert!(decoder.buffered_bytes() <= LIMITS.max_sentence_bytes);
        }
        prop_assert!(
            decoder.buffered_bytes() <= LIMITS.max_sentence_bytes,
            "an unfinished sentence holds at most the sentence cap: {} bytes",
            decoder.buffered_bytes()
        );
    }
    Ok(decoded)
}

/// Word material: the reply words a router sends, some broken ones, and arbitrary bytes.
fn word() -> impl Strategy<Value = Vec<u8>> {
    let known = prop::sample::select(vec![
        "!re",
        "!done",
        "!trap",
        "!fatal",
        "!empty",
        "!bogus",
        "=name=u1",
        "=ret=*1A",
        "=category=2",
        "=category=9",
        "=message=failure",
        ".tag=7",
        "=",
        "name=u1",
    ])
    .prop_map(|word| word.as_bytes().to_vec());
    prop_oneof![
        3 => known,
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

/// A byte stream: either arbitrary bytes, or encoded sentences with a few bytes overwritten.
fn stream() -> impl Strategy<Value = Vec<u8>> {
    let raw = prop::collection::vec(any::<u8>(), 0..2048);
    let sentences = prop::collection::vec(prop::collection::vec(word(), 0..16), 0..8);
    let corruption = prop::collection::vec((any::<Index>(), any::<u8>()), 0..3);
    let encoded = (sentences, corruption).prop_map(|(sentences, corruption)| {
        let mut bytes = Vec::new();
        for sentence in sentences {
            for word in sentence {
                // Words of up to 400 bytes always encode.
                let _ = encode_word(&word, &mut bytes);
            }
            bytes.push(0);
        }
        if !bytes.is_empty() {
            for (at, byte) in corruption {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
        }
        bytes
    });
    prop_oneof![raw, encoded]
}

/// Splits `bytes` at the given points (any order, repeats allowed).
fn pieces(bytes: &[u8], cuts: &[Index]) -> Vec<Vec<u8>> {
    let mut at: Vec<usize> = cuts.iter().map(|cut| cut.index(bytes.len() + 1)).collect();
    at.push(0);
    at.push(bytes.len());
    at.sort_unstable();
    at.windows(2).map(|w| bytes[w[0]..w[1]].to_vec()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_stream_decodes_the_same_however_it_is_cut(
        bytes in stream(),
        cuts in prop::collection::vec(any::<Index>(), 0..40),
    ) {
        let whole = decode(std::iter::once(bytes.as_slice()))?;
        let pieces = pieces(&bytes, &cuts);
        let cut = decode(pieces.iter().map(Vec::as_slice))?;
        prop_assert_eq!(&cut, &whole, "cut at {:?}", cuts);
        let byte_by_byte = decode(bytes.chunks(1))?;
        prop_assert_eq!(&byte_by_byte, &whole, "one byte at a time");
        for (words, _) in &whole.sentences {
            prop_assert!(words.len() <= LIMITS.max_sentence_words);
            prop_assert!(words.iter().all(|w| w.len() <= LIMITS.max_word_bytes));
            prop_assert!(words.iter().map(Vec::len).sum::<usize>() <= LIMITS.max_sentence_bytes);
        }
    }
}
