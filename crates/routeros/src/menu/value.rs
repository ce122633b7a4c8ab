//! RouterOS's spellings of booleans and durations.

use std::time::Duration;

/// `true`/`yes` and `false`/`no`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// A RouterOS duration: `1w2d3h4m5s`, `500ms`, `0s`, and the older `1d02:03:04` / `00:05:00`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    if text.is_empty() {
        return None;
    }
    let (units, clock) = match text.rfind(|c: char| c.is_ascii_alphabetic()) {
        _ if !text.contains(':') => (text, ""),
        Some(end) => (&text[..=end], &text[end + 1..]),
        None => ("", text),
    };
    let mut total = parse_units(units)?;
    if !clock.is_empty() {
        total += parse_clock(clock)?;
    }
    Some(total)
}

fn parse_units(text: &str) -> Option<Duration> {
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let value: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "w" => Duration::from_secs(7 * 86_400),
            "d" => Duration::from_secs(86_400),
            "h" => Duration::from_secs(3_600),
            "m" => Duration::from_secs(60),
            "s" => Duration::from_secs(1),
            "ms" => Duration::from_millis(1),
            "us" => Duration::from_micros(1),
            _ => return None,
        };
        total += unit.checked_mul(u32::try_from(value).ok()?)?;
        rest = &rest[unit_len..];
    }
    Some(total)
}

/// `hh:mm:ss` (seconds may have a fraction, which is dropped).
fn parse_clock(text: &str) -> Option<Duration> {
    let mut parts = text.split(':');
    let hours: u64 = parts.next()?.parse().ok()?;
    let minutes: u64 = parts.next()?.parse().ok()?;
    let seconds: u64 = parts.next()?.split('.').next()?.parse().ok()?;
    if parts.next().is_some() || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(Duration::from_secs(hours * 3_600 + minutes * 60 + seconds))
}

/// Writes a duration the way RouterOS 7 prints it (`1w2d3h4m5s`; zero is `0s`). Sub-second
/// parts are dropped.
pub fn format_duration(duration: Duration) -> String {
    let mut seconds = duration.as_secs();
    if seconds == 0 {
        return "0s".into();
    }
    let mut text = String::new();
    for (unit, size) in [
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3_600),
        ("m", 60),
        ("s", 1),
    ] {
        if seconds >= size {
            text.push_str(&format!("{}{unit}", seconds / size));
            seconds %= size;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<u64>) {
        assert_eq!(
            parse_duration(input).map(|d| d.as_secs()),
            expect,
            "RouterOS duration {input:?}"
        );
    }

    #[test]
    fn durations_in_every_spelling() {
        check(
            "1w2d3h4m5s",
            Some(604_800 + 2 * 86_400 + 3 * 3_600 + 4 * 60 + 5),
        );
        check("0s", Some(0));
        check("30m", Some(1_800));
        check("1d02:03:04", Some(86_400 + 2 * 3_600 + 3 * 60 + 4));
        check("00:05:00", Some(300));
        check("1h", Some(3_600));
        check("5x", None);
        check("", None);
        check("1d99:00:00", Some(86_400 + 99 * 3_600));
        assert_eq!(
            parse_duration("1s500ms"),
            Some(Duration::from_millis(1_500)),
            "milliseconds"
        );
    }

    #[test]
    fn format_is_parsed_back() {
        for seconds in [0, 1, 59, 60, 3_599, 86_400, 694_861, 2_000_000] {
            let text = format_duration(Duration::from_secs(seconds));
            assert_eq!(
                parse_duration(&text),
                Some(Duration::from_secs(seconds)),
                "{seconds}s written as {text}"
            );
        }
        assert_eq!(format_duration(Duration::from_secs(694_861)), "1w1d1h1m1s");
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("no"), Some(false));
        assert_eq!(parse_bool("maybe"), None, "anything else is not a boolean");
    }
}
