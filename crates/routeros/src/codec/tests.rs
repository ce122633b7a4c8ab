use super::*;
use crate::limits::{Oversize, ReplyLimits};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn encoded_length(len: u32) -> Vec<u8> {
    let mut out = Vec::new();
    encode_length(len, &mut out);
    out
}

/// Every boundary vector from the protocol notes, both ways.
#[test]
fn length_boundaries_encode_and_decode() {
    let vectors: &[(u32, &[u8])] = &[
        (0, &[0x00]),
        (0x7F, &[0x7F]),
        (0x80, &[0x80, 0x80]),
        (0x3FFF, &[0xBF, 0xFF]),
        (0x4000, &[0xC0, 0x40, 0x00]),
        (0x1F_FFFF, &[0xDF, 0xFF, 0xFF]),
        (0x20_0000, &[0xE0, 0x20, 0x00, 0x00]),
        (0xFFF_FFFF, &[0xEF, 0xFF, 0xFF, 0xFF]),
        (0x1000_0000, &[0xF0, 0x10, 0x00, 0x00, 0x00]),
        (u32::MAX, &[0xF0, 0xFF, 0xFF, 0xFF, 0xFF]),
    ];
    for &(len, bytes) in vectors {
        assert_eq!(encoded_length(len), bytes, "encoding of length {len:#X}");
        assert_eq!(
            decode_length(bytes),
            Ok(Some((len, bytes.len()))),
            "decoding of {bytes:02X?} gives {len:#X}"
        );
        assert_eq!(
            decode_length(&bytes[..bytes.len() - 1]),
            Ok(None),
            "a prefix cut short ({bytes:02X?}) asks for more bytes"
        );
    }
}

#[test]
fn control_bytes_are_refused() {
    for byte in 0xF8..=0xFF_u8 {
        assert_eq!(
            decode_length(&[byte, 0, 0, 0, 0]),
            Err(CodecError::ControlByte(byte)),
            "0x{byte:02X} is a reserved control byte, not a length"
        );
    }
}

#[test]
fn sentence_round_trip_in_pieces() {
    let words: Vec<Vec<u8>> = vec![
        b"/ip/hotspot/user/add".to_vec(),
        b"=name=u1".to_vec(),
        vec![b'x'; 0x80],
        vec![b'y'; 0x4000],
        b".tag=7".to_vec(),
    ];
    let bytes = encode_sentence(&words).unwrap();
    let mut decoder = SentenceDecoder::new();
    let mut got = None;
    for chunk in bytes.chunks(7) {
        assert!(
            got.is_none(),
            "the sentence is complete only after its last byte"
        );
        decoder.extend(chunk);
        got = decoder.next_sentence().unwrap();
    }
    assert_eq!(
        got,
        Some(words),
        "sentence survives being fed 7 bytes at a time"
    );
    assert!(!decoder.has_partial(), "nothing is left over");
}

#[test]
fn two_sentences_in_one_read() {
    let mut bytes = encode_sentence(&["!re", "=name=a"]).unwrap();
    bytes.extend(encode_sentence(&["!done"]).unwrap());
    let mut decoder = SentenceDecoder::new();
    decoder.extend(&bytes);
    let first = decoder.next_sentence().unwrap();
    let second = decoder.next_sentence().unwrap();
    assert_eq!(first, Some(vec![b"!re".to_vec(), b"=name=a".to_vec()]));
    assert_eq!(second, Some(vec![b"!done".to_vec()]));
    assert_eq!(decoder.next_sentence().unwrap(), None, "no third sentence");
}

fn word_limit(max_word_bytes: usize) -> ReplyLimits {
    ReplyLimits {
        max_word_bytes,
        ..ReplyLimits::default()
    }
}

#[test]
fn hostile_length_is_refused_before_allocating() {
    let mut decoder = SentenceDecoder::with_limits(word_limit(1024));
    decoder.extend(&[0xF0, 0x7F, 0xFF, 0xFF, 0xFF]);
    let refused = Err(CodecError::TooLarge(Oversize::Word {
        len: 0x7FFF_FFFF,
        max: 1024,
    }));
    assert_eq!(
        decoder.next_sentence(),
        refused,
        "a 2 GiB word is refused at once"
    );
    assert!(
        decoder.held_bytes() < 64 * 1024,
        "nothing was allocated for it: {} bytes held",
        decoder.held_bytes()
    );
    decoder.extend(&encode_sentence(&["!done"]).unwrap());
    assert_eq!(
        decoder.next_sentence(),
        refused,
        "after an error the stream is out of step: the error stays"
    );
}

/// A `!re` and then 16 KiB words that never end, as a broken router would stream them, in
/// 64 KiB pieces.
fn endless_sentence() -> impl Iterator<Item = Vec<u8>> {
    let mut first = Vec::new();
    encode_word(b"!re", &mut first).unwrap();
    let mut words = Vec::new();
    for _ in 0..4 {
        encode_word(&[b'a'; 16 * 1024 - 4], &mut words).unwrap();
    }
    std::iter::once(first).chain(std::iter::repeat(words))
}

#[test]
fn an_endless_sentence_is_refused_within_the_sentence_cap() {
    let limits = ReplyLimits::default();
    let mut decoder = SentenceDecoder::with_limits(limits);
    let mut fed = 0;
    let mut most_held = 0;
    let mut refused = None;
    // 64 MiB fed 64 KiB at a time; the old decoder buffered all of it.
    for piece in endless_sentence().take(1024) {
        fed += piece.len();
        decoder.extend(&piece);
        match decoder.next_sentence() {
            Ok(None) => {}
            other => {
                refused = Some(other);
                break;
            }
        }
        most_held = most_held.max(decoder.held_bytes());
        assert!(
            decoder.buffered_bytes() <= limits.max_sentence_bytes,
            "the unfinished sentence never holds more than the cap"
        );
    }
    assert_eq!(
        refused,
        Some(Err(CodecError::TooLarge(Oversize::SentenceBytes {
            max: limits.max_sentence_bytes
        }))),
        "a sentence that never ends is refused once it passes the sentence cap"
    );
    assert!(
        fed <= limits.max_sentence_bytes + 2 * 64 * 1024,
        "refused as soon as the cap is passed, after {fed} bytes"
    );
    // The cap, a vector header per 16 KiB word, and the 64 KiB piece (rounded up by Vec).
    let bound =
        limits.max_sentence_bytes + (limits.max_sentence_bytes / 16_000) * 2 * 24 + 128 * 1024;
    assert!(
        most_held <= bound,
        "the decoder never held more than the cap allows: {most_held} > {bound}"
    );
}

#[test]
fn a_sentence_of_countless_tiny_words_is_refused_at_the_word_count() {
    let limits = ReplyLimits::default();
    let mut decoder = SentenceDecoder::with_limits(limits);
    let mut words = Vec::new();
    encode_word(b"!re", &mut words).unwrap();
    for _ in 0..limits.max_sentence_words {
        encode_word(b"=a=", &mut words).unwrap();
    }
    decoder.extend(&words);
    assert_eq!(
        decoder.next_sentence(),
        Err(CodecError::TooLarge(Oversize::SentenceWords {
            max: limits.max_sentence_words
        })),
        "one word more than the limit is refused"
    );
}

#[test]
fn a_long_sentence_in_small_pieces_decodes_in_linear_time() {
    // 4,000 words of 1 KiB, in 16-byte pieces: 256,000 reads. Re-parsing the unfinished
    // sentence from its start on every read (as the decoder once did) copies about 500 GB here.
    let words: Vec<Vec<u8>> = (0..4_000).map(|_| vec![b'w'; 1024]).collect();
    let bytes = encode_sentence(&words).unwrap();
    let limits = ReplyLimits {
        max_sentence_words: 10_000,
        ..ReplyLimits::default()
    };
    let mut decoder = SentenceDecoder::with_limits(limits);
    let started = Instant::now();
    let mut got = None;
    for piece in bytes.chunks(16) {
        decoder.extend(piece);
        if let Some(sentence) = decoder.next_sentence().unwrap() {
            got = Some(sentence);
        }
    }
    let took = started.elapsed();
    assert_eq!(got.map(|s| s.len()), Some(4_000), "every word arrives");
    assert!(
        took < Duration::from_secs(2),
        "4 MB in 16-byte pieces decodes in well under 2 s (each byte looked at once); took {took:?}"
    );
}

#[test]
fn oversized_word_is_not_encoded() {
    let word = vec![0u8; MAX_WORD_LEN + 1];
    assert!(
        matches!(
            encode_sentence(&[word]),
            Err(CodecError::WordTooLong { .. })
        ),
        "we never send what we would refuse to receive"
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut decoder = SentenceDecoder::with_limits(word_limit(4096));
        decoder.extend(&bytes);
        while let Ok(Some(_)) = decoder.next_sentence() {}
    }

    #[test]
    fn length_round_trip(len in any::<u32>()) {
        let bytes = encoded_length(len);
        prop_assert_eq!(decode_length(&bytes), Ok(Some((len, bytes.len()))));
    }

    #[test]
    fn sentence_round_trip(
        words in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..300), 0..8),
        chunk in 1usize..64,
    ) {
        let bytes = encode_sentence(&words).unwrap();
        let mut decoder = SentenceDecoder::new();
        let mut got = None;
        for piece in bytes.chunks(chunk) {
            decoder.extend(piece);
            if let Some(sentence) = decoder.next_sentence().unwrap() {
                got = Some(sentence);
            }
        }
        prop_assert_eq!(got, Some(words));
    }
}
