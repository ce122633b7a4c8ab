//! Voucher codes: drawn from the context's cryptographically secure generator over an
//! alphabet with no look-alikes, so a code read off a card is typed right the first time.

use crate::random::Randomness;

/// Digits and capital letters without the ones people mistake for each other: no 0/O/Q (round),
/// no 1/I/L (upright). 30 symbols: each carries log2(30) ≈ 4.91 bits.
pub const ALPHABET: &str = "23456789ABCDEFGHJKMNPRSTUVWXYZ";

/// The random part's length when a batch does not say.
pub const DEFAULT_LENGTH: u32 = 12;
/// The shortest and longest random part.
pub const LENGTHS: std::ops::RangeInclusive<u32> = 6..=16;
/// The longest prefix.
pub const PREFIX_MAX: usize = 8;

/// The alphabet as characters.
pub fn alphabet() -> Vec<char> {
    ALPHABET.chars().collect()
}

/// One code: the prefix, then `length` random symbols.
pub fn draw(random: &Randomness, alphabet: &[char], prefix: &str, length: u32) -> String {
    let length = usize::try_from(length).unwrap_or(usize::MAX);
    let mut code = String::with_capacity(prefix.len() + length);
    code.push_str(prefix);
    code.push_str(&random.text(alphabet, length));
    code
}

/// Bits of entropy in a code's random part.
pub fn entropy_bits(length: u32) -> f64 {
    f64::from(length) * (ALPHABET.len() as f64).log2()
}

/// Whether a prefix may go before codes: at most [`PREFIX_MAX`] ASCII letters and digits (a
/// hotspot login page and a router script take them as they are).
pub fn prefix_ok(prefix: &str) -> bool {
    prefix.len() <= PREFIX_MAX && prefix.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A code as typed or scanned: spaces and dashes dropped, letters in capitals (every code is
/// capitals and digits: prefixes are stored in capitals too).
pub fn normalized(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_has_no_look_alikes_and_no_repeats() {
        for c in ['0', 'O', 'Q', '1', 'I', 'L', 'l', 'o'] {
            assert!(!ALPHABET.contains(c), "{c}");
        }
        let mut seen = std::collections::HashSet::new();
        assert!(ALPHABET.chars().all(|c| seen.insert(c)));
        assert_eq!(ALPHABET.len(), 30);
    }

    #[test]
    fn codes_are_the_prefix_and_the_length_asked_for() {
        let random = Randomness::seeded(1);
        let alphabet = alphabet();
        let code = draw(&random, &alphabet, "HS", 12);
        assert_eq!(code.len(), 14);
        assert!(code.starts_with("HS"));
        assert!(code[2..].chars().all(|c| ALPHABET.contains(c)));
        assert!((entropy_bits(12) - 58.88).abs() < 0.01);
    }

    #[test]
    fn prefixes_are_letters_and_digits() {
        assert!(prefix_ok(""));
        assert!(prefix_ok("WIFI24"));
        assert!(!prefix_ok("WI FI"));
        assert!(!prefix_ok("A\"B"));
        assert!(!prefix_ok("ABCDEFGHI"));
        assert_eq!(normalized(" abcd-EFGH "), "ABCDEFGH");
    }
}
