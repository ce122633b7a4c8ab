use super::*;
use proptest::prelude::*;

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

#[test]
fn hostile_length_is_refused_before_allocating() {
    let mut decoder = SentenceDecoder::with_word_limit(1024);
    decoder.extend(&[0xF0, 0x7F, 0xFF, 0xFF, 0xFF]);
    assert_eq!(
        decoder.next_sentence(),
        Err(CodecError::WordTooLong {
            len: 0x7FFF_FFFF,
            max: 1024
        }),
        "a 2 GiB word is refused at once"
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
        let mut decoder = SentenceDecoder::with_word_limit(4096);
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
