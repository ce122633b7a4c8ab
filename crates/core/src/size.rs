//! Data sizes (a plan's data limit) in binary units: K = 1024 bytes, M = 1024², G = 1024³,
//! T = 1024⁴. Operators type `5G`, `500M`, `5GB` or `5 GiB`; all mean the same.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a size: write e.g. 500M or 5G")]
pub struct SizeError(pub String);

const UNITS: [(char, &str, u64); 4] = [
    ('T', "TiB", 1 << 40),
    ('G', "GiB", 1 << 30),
    ('M', "MiB", 1 << 20),
    ('K', "KiB", 1 << 10),
];

/// Parses a size in bytes; an empty text means "no limit".
pub fn parse_size(text: &str) -> Result<Option<u64>, SizeError> {
    let bad = || SizeError(text.trim().to_string());
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if compact.is_empty() {
        return Ok(None);
    }
    let without_b = compact
        .strip_suffix("IB")
        .or_else(|| compact.strip_suffix('B'))
        .unwrap_or(&compact);
    let (number, factor) = match without_b.chars().last() {
        Some(c) if c.is_ascii_alphabetic() => {
            let factor = UNITS
                .iter()
                .find(|(letter, _, _)| *letter == c)
                .map(|u| u.2)
                .ok_or_else(bad)?;
            (&without_b[..without_b.len() - 1], factor)
        }
        _ => (without_b, 1),
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    match n.checked_mul(factor) {
        Some(0) | None => Err(bad()),
        Some(bytes) if bytes > i64::MAX as u64 => Err(bad()),
        Some(bytes) => Ok(Some(bytes)),
    }
}

/// The largest exact unit: `5 GiB`, `1536 MiB`, `100 B`.
pub fn format_size(bytes: u64) -> String {
    for (_, unit, factor) in UNITS {
        if bytes >= factor && bytes.is_multiple_of(factor) {
            return format!("{} {unit}", bytes / factor);
        }
    }
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let cases: [(&str, Result<Option<u64>, SizeError>); 9] = [
            ("", Ok(None)),
            ("5G", Ok(Some(5 << 30))),
            ("5 GiB", Ok(Some(5 << 30))),
            ("5gb", Ok(Some(5 << 30))),
            ("500M", Ok(Some(500 << 20))),
            ("1T", Ok(Some(1 << 40))),
            ("100", Ok(Some(100))),
            ("0G", Err(SizeError("0G".into()))),
            ("5X", Err(SizeError("5X".into()))),
        ];
        for (input, expect) in cases {
            assert_eq!(parse_size(input), expect, "parse_size({input:?})");
        }
        assert_eq!(format_size(5 << 30), "5 GiB");
        assert_eq!(format_size(1536 << 20), "1536 MiB");
        assert_eq!(format_size(100), "100 B");
    }
}
