//! Randomness is passed in like the clock: voucher codes, tokens and receipt numbers draw from a
//! [`Randomness`] that production seeds from the operating system and tests seed with a fixed
//! number, so a test knows exactly which codes it gets.
//!
//! The generator is ChaCha20 (a cryptographically secure stream cipher used as a generator), so
//! codes seeded from the OS cannot be predicted from codes already seen.

use std::sync::Mutex;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

/// A shared, thread-safe source of random numbers.
pub struct Randomness(Mutex<ChaCha20Rng>);

impl Randomness {
    /// Seeded from the operating system: what the app and the agent use.
    pub fn from_os() -> Self {
        Self(Mutex::new(ChaCha20Rng::from_os_rng()))
    }

    /// The same numbers every time for the same `seed`: what tests use.
    pub fn seeded(seed: u64) -> Self {
        Self(Mutex::new(ChaCha20Rng::seed_from_u64(seed)))
    }

    /// Fills `bytes` with random bytes.
    pub fn fill(&self, bytes: &mut [u8]) {
        self.generator().fill_bytes(bytes);
    }

    /// A random 64-bit number.
    pub fn next_u64(&self) -> u64 {
        self.generator().next_u64()
    }

    /// A number in `0..n`, every value equally likely (`n` of 0 gives 0).
    pub fn below(&self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Reject the top of the range that would make small values likelier (no modulo bias).
        let zone = u64::MAX - (u64::MAX % n);
        let mut generator = self.generator();
        loop {
            let value = generator.next_u64();
            if value < zone {
                return value % n;
            }
        }
    }

    /// `len` characters drawn uniformly from `alphabet` (an empty alphabet gives "").
    pub fn text(&self, alphabet: &[char], len: usize) -> String {
        if alphabet.is_empty() {
            return String::new();
        }
        let n = u64::try_from(alphabet.len()).unwrap_or(u64::MAX);
        (0..len)
            .map(|_| {
                let index = usize::try_from(self.below(n)).unwrap_or(0);
                alphabet[index]
            })
            .collect()
    }

    fn generator(&self) -> std::sync::MutexGuard<'_, ChaCha20Rng> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for Randomness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Randomness(<state hidden>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_seed_gives_the_same_numbers_and_another_seed_others() {
        let (a, b, c) = (
            Randomness::seeded(7),
            Randomness::seeded(7),
            Randomness::seeded(8),
        );
        let draw = |r: &Randomness| (0..8).map(|_| r.next_u64()).collect::<Vec<_>>();
        let (first, second, third) = (draw(&a), draw(&b), draw(&c));
        assert_eq!(first, second, "the same seed repeats its sequence exactly");
        assert_ne!(first, third, "another seed gives another sequence");
    }

    #[test]
    fn below_stays_in_range_and_reaches_every_value() {
        let r = Randomness::seeded(1);
        let mut seen = [0u32; 6];
        for _ in 0..6_000 {
            let v = r.below(6);
            assert!(v < 6, "{v} is outside 0..6");
            seen[usize::try_from(v).unwrap()] += 1;
        }
        for (value, count) in seen.iter().enumerate() {
            assert!(
                (850..=1150).contains(count),
                "value {value} came up {count} times in 6,000 draws of 0..6 (expected about 1,000)"
            );
        }
        assert_eq!(
            r.below(0),
            0,
            "an empty range gives 0 rather than panicking"
        );
    }

    #[test]
    fn text_uses_only_the_alphabet_at_the_asked_length() {
        let r = Randomness::seeded(3);
        let alphabet: Vec<char> = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".chars().collect();
        let code = r.text(&alphabet, 12);
        assert_eq!(code.chars().count(), 12);
        assert!(code.chars().all(|c| alphabet.contains(&c)), "{code}");
        assert_eq!(r.text(&[], 5), "", "no alphabet, no text");
    }

    #[test]
    fn os_seeded_generators_differ() {
        let (a, b) = (Randomness::from_os(), Randomness::from_os());
        assert_ne!(
            (a.next_u64(), a.next_u64()),
            (b.next_u64(), b.next_u64()),
            "two generators seeded from the OS give different numbers"
        );
    }
}
