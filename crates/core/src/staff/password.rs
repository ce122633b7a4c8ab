//! Staff passwords: the rule a new one must meet, and how it is kept, as an Argon2id hash in
//! PHC form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) and never as itself.
//!
//! The cost is OWASP's recommendation for Argon2id (Password Storage Cheat Sheet): 19 MiB of
//! memory, 2 passes, 1 lane. A hash made with other parameters (older tikbill, another
//! variant) still verifies, since the PHC string names its own; it is made again with these
//! at the next successful sign-in ([`needs_rehash`]).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tikbill_api::FieldError;

use crate::{CoreError, CoreResult, Randomness};

/// Memory per hash, in KiB (19 MiB).
pub const MEMORY_KIB: u32 = 19_456;
/// Passes over the memory.
pub const ITERATIONS: u32 = 2;
/// Lanes.
pub const PARALLELISM: u32 = 1;
/// Bytes of hash output.
pub const OUTPUT_LEN: usize = 32;
/// Bytes of salt, drawn from the context's randomness for every hash.
pub const SALT_LEN: usize = 16;
/// The shortest password accepted, in characters.
pub const MIN_CHARS: usize = 10;

/// Refuses a new password shorter than [`MIN_CHARS`] characters, on the field `field`.
pub(crate) fn check_rule(password: &str, field: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(FieldError {
            field: field.into(),
            message: format!(
                "A password needs at least {MIN_CHARS} characters (this one has {chars})."
            ),
        });
    }
    Ok(())
}

fn hasher() -> CoreResult<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, Some(OUTPUT_LEN))
        .map_err(|e| CoreError::Internal(format!("the password hashing parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string of `password` with a fresh salt from `random`.
pub(crate) fn hash(password: &str, random: &Randomness) -> CoreResult<String> {
    let mut salt = [0u8; SALT_LEN];
    random.fill(&mut salt);
    hash_with_salt(password, &salt)
}

fn hash_with_salt(password: &str, salt: &[u8]) -> CoreResult<String> {
    let failed = |e: argon2::password_hash::Error| {
        // The error names what failed, never the password.
        CoreError::Internal(format!("the password could not be hashed: {e}"))
    };
    let salt = SaltString::encode_b64(salt).map_err(failed)?;
    Ok(hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(failed)?
        .to_string())
}

/// Whether `password` is the one `phc` was made from. A stored value that is not a PHC string
/// of an Argon2 variant matches nothing.
pub(crate) fn verify(password: &str, phc: &str) -> CoreResult<bool> {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return Ok(false);
    };
    Ok(hasher()?
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// A hash no password is expected to match ("no staff account has this", an all-zero salt),
/// made with today's parameters; a test keeps it current. Written out rather than made at the
/// first use, so the first unknown name costs no more than any other.
const NOBODY: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$jxY3AOznqWVOUfPe2SvBCd8dRjxcnJKKQDYMw2XrdGI";

/// Spends the time of one verification and matches nothing: a user name that does not exist
/// takes as long to refuse as a wrong password, so timing does not tell which it was.
pub(crate) fn verify_nobody(password: &str) -> CoreResult<()> {
    verify(password, NOBODY)?;
    Ok(())
}

/// Whether `phc` was made otherwise than [`hash`] makes one now (variant, version, cost or
/// length), so it should be made again while the password is at hand.
pub(crate) fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm != Algorithm::Argon2id.ident()
        || parsed.version != Some(Version::V0x13.into())
        || params.m_cost() != MEMORY_KIB
        || params.t_cost() != ITERATIONS
        || params.p_cost() != PARALLELISM
        || parsed.hash.map(|h| h.len()) != Some(OUTPUT_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_length(password: &str, accepted: bool) {
        let outcome = check_rule(password, "password");
        assert_eq!(
            outcome.is_ok(),
            accepted,
            "'{password}' ({} characters): {outcome:?}",
            password.chars().count()
        );
        if let Err(refusal) = outcome {
            assert_eq!(refusal.field, "password");
            assert!(
                refusal.message.contains("at least 10 characters"),
                "{refusal:?}"
            );
        }
    }

    #[test]
    fn a_password_needs_ten_characters_counted_as_characters_not_bytes() {
        check_length("", false);
        check_length("123456789", false);
        check_length("1234567890", true);
        check_length("ééééééééé", false); // 9 characters, 18 bytes
        check_length("éééééééééé", true);
    }

    #[test]
    fn the_phc_string_carries_exactly_the_owasp_parameters() {
        let random = Randomness::seeded(1);
        let phc = hash("correct horse battery", &random).unwrap();
        assert!(
            phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "Argon2id, version 0x13, 19 MiB, 2 passes, 1 lane: {phc}"
        );
        let parsed = PasswordHash::new(&phc).unwrap();
        assert_eq!(parsed.hash.map(|h| h.len()), Some(32), "32 bytes of output");
        assert_eq!(
            parsed.salt.map(|s| s.as_str().len()),
            Some(22),
            "16 bytes of salt, 22 characters of unpadded base64"
        );
        assert!(!needs_rehash(&phc), "a fresh hash is current");
        assert!(verify("correct horse battery", &phc).unwrap());
        assert!(!verify("correct horse batterY", &phc).unwrap());
        assert_ne!(
            phc,
            hash("correct horse battery", &random).unwrap(),
            "every hash has its own salt"
        );
    }

    #[test]
    fn the_hash_for_unknown_names_costs_what_a_real_one_costs() {
        assert!(
            !needs_rehash(NOBODY),
            "made with today's parameters: {NOBODY}"
        );
        assert_eq!(
            hash_with_salt("no staff account has this", &[0; SALT_LEN]).unwrap(),
            NOBODY,
            "a real Argon2id hash"
        );
    }

    #[test]
    fn hashes_made_otherwise_still_verify_and_are_due_for_a_rehash() {
        let salt = SaltString::encode_b64(&[9; SALT_LEN]).unwrap();
        let made_with = |algorithm, m, t, p| {
            let params = Params::new(m, t, p, Some(OUTPUT_LEN)).unwrap();
            Argon2::new(algorithm, Version::V0x13, params)
                .hash_password(b"correct horse battery", &salt)
                .unwrap()
                .to_string()
        };
        for (why, phc) in [
            ("less memory", made_with(Algorithm::Argon2id, 8_192, 2, 1)),
            ("one pass", made_with(Algorithm::Argon2id, MEMORY_KIB, 1, 1)),
            (
                "two lanes",
                made_with(Algorithm::Argon2id, MEMORY_KIB, 2, 2),
            ),
            ("Argon2i", made_with(Algorithm::Argon2i, MEMORY_KIB, 2, 1)),
        ] {
            assert!(needs_rehash(&phc), "{why}: {phc}");
            assert!(
                verify("correct horse battery", &phc).unwrap(),
                "{why} verifies"
            );
            assert!(!verify("wrong horse battery", &phc).unwrap(), "{why}");
        }
        assert!(needs_rehash("not a hash"));
        assert!(
            !verify("anything", "not a hash").unwrap(),
            "garbage matches nothing"
        );
    }
}
