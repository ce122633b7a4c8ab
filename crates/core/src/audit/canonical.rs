//! The bytes an entry's hash covers, and the hash.
//!
//! The encoding (version 1) is stable; changing it breaks every stored chain. It is:
//!
//! 1. the ASCII tag `tikbill-audit-v1`;
//! 2. then each field, in this order: time, staff id, actor, origin, action, entity kind,
//!    entity id, before JSON, after JSON;
//! 3. each field as one presence byte (`0` absent, then nothing more; `1` present) followed by
//!    the field's UTF-8 bytes, prefixed by their length as a 4-byte big-endian unsigned integer.
//!    Text fields are always present. The time is RFC 3339 in UTC with exactly six fractional
//!    digits and a `Z` (`2026-11-24T08:00:00.000000Z`); ids are decimal without padding; the
//!    JSON fields are the exact text stored.
//!
//! `hash = hex(SHA-256(prev_hash as its 64 ASCII hex characters ‖ canonical bytes))`, lowercase.
//! The first entry's `prev_hash` is [`GENESIS`].

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const TAG: &[u8] = b"tikbill-audit-v1";

/// The stored fields of an entry that its hash covers.
pub struct Fields<'a> {
    pub at: DateTime<Utc>,
    pub staff_id: Option<i64>,
    pub actor: &'a str,
    pub origin: &'a str,
    pub action: &'a str,
    pub entity_kind: &'a str,
    pub entity_id: Option<i64>,
    pub before_json: Option<&'a str>,
    pub after_json: Option<&'a str>,
}

impl Fields<'_> {
    /// The canonical bytes (see the module's documentation).
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = TAG.to_vec();
        let time = self.at.to_rfc3339_opts(SecondsFormat::Micros, true);
        let staff_id = self.staff_id.map(|id| id.to_string());
        let entity_id = self.entity_id.map(|id| id.to_string());
        for field in [
            Some(time.as_str()),
            staff_id.as_deref(),
            Some(self.actor),
            Some(self.origin),
            Some(self.action),
            Some(self.entity_kind),
            entity_id.as_deref(),
            self.before_json,
            self.after_json,
        ] {
            push(&mut out, field);
        }
        out
    }

    /// This entry's hash after `prev_hash`.
    pub fn hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(self.bytes());
        hex(&hasher.finalize())
    }
}

fn push(out: &mut Vec<u8>, field: Option<&str>) {
    match field {
        None => out.push(0),
        Some(text) => {
            out.push(1);
            // A field longer than 4 GiB cannot be stored; saturate rather than wrap.
            let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(text.as_bytes());
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn sample() -> Fields<'static> {
        Fields {
            at: Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap(),
            staff_id: Some(3),
            actor: "staff:ayu",
            origin: "app on host office-pc",
            action: "customer.extend",
            entity_kind: "customer",
            entity_id: Some(42),
            before_json: Some(r#"{"expires_at":"2026-12-01"}"#),
            after_json: None,
        }
    }

    #[test]
    fn audit_canonical_bytes_are_length_prefixed_fields_in_order() {
        let mut expect = b"tikbill-audit-v1".to_vec();
        for field in [
            Some("2026-11-24T08:00:00.000000Z"),
            Some("3"),
            Some("staff:ayu"),
            Some("app on host office-pc"),
            Some("customer.extend"),
            Some("customer"),
            Some("42"),
            Some(r#"{"expires_at":"2026-12-01"}"#),
            None,
        ] {
            match field {
                None => expect.push(0),
                Some(t) => {
                    expect.push(1);
                    expect.extend_from_slice(&(t.len() as u32).to_be_bytes());
                    expect.extend_from_slice(t.as_bytes());
                }
            }
        }
        assert_eq!(
            sample().bytes(),
            expect,
            "the documented version 1 encoding"
        );
    }

    #[test]
    fn audit_hash_is_sha256_of_prev_hash_and_canonical_bytes() {
        let fields = sample();
        let mut input = GENESIS.as_bytes().to_vec();
        input.extend_from_slice(&fields.bytes());
        let expect = hex(&Sha256::digest(&input));
        let hash = fields.hash(GENESIS);
        assert_eq!(hash, expect);
        assert_eq!(hash.len(), 64, "hex SHA-256");
        assert!(hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(
            fields.hash(&hash),
            hash,
            "the same entry after another has another hash"
        );
    }

    #[test]
    fn audit_fields_cannot_run_into_each_other() {
        let a = Fields {
            actor: "staff:a",
            origin: "yu",
            ..sample()
        };
        let b = Fields {
            actor: "staff:ay",
            origin: "u",
            ..sample()
        };
        assert_ne!(
            a.hash(GENESIS),
            b.hash(GENESIS),
            "moving a boundary changes the hash"
        );
        let absent = Fields {
            staff_id: None,
            ..sample()
        };
        let empty_actor = Fields {
            actor: "",
            ..sample()
        };
        assert_ne!(absent.bytes(), sample().bytes());
        assert_ne!(empty_actor.bytes(), sample().bytes());
    }
}
