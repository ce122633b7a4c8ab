//! RouterOS rate limits, as operators write them: `upload/download`, optionally followed by burst
//! rate, burst threshold and burst time (`10M/5M 20M/10M 8M/4M 16/16`). Upload is the router's rx
//! (what the customer sends), download its tx. Rates use decimal units: k = 1,000, M = 10^6,
//! G = 10^9 bits per second, as RouterOS does.

use std::fmt;

/// A pair of values for the two directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpDown<T> {
    pub up: T,
    pub down: T,
}

/// Burst settings: both directions may exceed the rate up to `rate` while their average over
/// `time_secs` stays below `threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burst {
    pub rate: UpDown<u64>,
    pub threshold: UpDown<u64>,
    pub time_secs: UpDown<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Bits per second.
    pub rate: UpDown<u64>,
    pub burst: Option<Burst>,
}

/// Why a rate limit was refused; the message is shown under the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateLimitError {
    #[error("write the rate as upload/download, e.g. 10M/5M")]
    Empty,
    #[error("'{0}' is not a rate: use a number with k, M or G, e.g. 10M")]
    BadRate(String),
    #[error("'{0}' is not a burst time: use seconds, e.g. 16 or 16s")]
    BadTime(String),
    #[error("a rate must be more than 0")]
    Zero,
    #[error(
        "give burst rate, burst threshold and burst time together, e.g. 10M/5M 20M/10M 8M/4M 16/16"
    )]
    IncompleteBurst,
    #[error("tikbill handles rate, burst rate, burst threshold and burst time; remove the rest")]
    TooManyParts,
    #[error("the burst rate must be higher than the rate")]
    BurstNotHigher,
    #[error("the burst threshold must be lower than the burst rate")]
    ThresholdNotLower,
}

impl RateLimit {
    pub fn parse(text: &str) -> Result<Self, RateLimitError> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let rate = match parts.first() {
            None => return Err(RateLimitError::Empty),
            Some(first) => pair(first, parse_bps)?,
        };
        if rate.up == 0 || rate.down == 0 {
            return Err(RateLimitError::Zero);
        }
        let burst = match parts.len() {
            1 => None,
            2 | 3 => return Err(RateLimitError::IncompleteBurst),
            4 => {
                let burst = Burst {
                    rate: pair(parts[1], parse_bps)?,
                    threshold: pair(parts[2], parse_bps)?,
                    time_secs: pair(parts[3], parse_secs)?,
                };
                if burst.rate.up <= rate.up || burst.rate.down <= rate.down {
                    return Err(RateLimitError::BurstNotHigher);
                }
                if burst.threshold.up >= burst.rate.up || burst.threshold.down >= burst.rate.down {
                    return Err(RateLimitError::ThresholdNotLower);
                }
                if burst.threshold.up == 0
                    || burst.threshold.down == 0
                    || burst.time_secs.up == 0
                    || burst.time_secs.down == 0
                {
                    return Err(RateLimitError::Zero);
                }
                Some(burst)
            }
            _ => return Err(RateLimitError::TooManyParts),
        };
        Ok(Self { rate, burst })
    }
}

/// `a/b`, or `a` alone meaning the same in both directions (as RouterOS reads it).
fn pair<T: Copy>(
    text: &str,
    parse: fn(&str) -> Result<T, RateLimitError>,
) -> Result<UpDown<T>, RateLimitError> {
    match text.split_once('/') {
        Some((up, down)) => Ok(UpDown {
            up: parse(up)?,
            down: parse(down)?,
        }),
        None => {
            let both = parse(text)?;
            Ok(UpDown {
                up: both,
                down: both,
            })
        }
    }
}

fn parse_bps(text: &str) -> Result<u64, RateLimitError> {
    let bad = || RateLimitError::BadRate(text.to_string());
    let (number, factor) = match text.chars().last() {
        Some('k' | 'K') => (&text[..text.len() - 1], 1_000u64),
        Some('M' | 'm') => (&text[..text.len() - 1], 1_000_000),
        Some('G' | 'g') => (&text[..text.len() - 1], 1_000_000_000),
        _ => (text, 1),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let mut value = whole.checked_mul(factor).ok_or_else(bad)?;
    // A fraction such as 1.5M must still be a whole number of bits per second.
    let mut scale = factor;
    for digit in frac.chars() {
        scale /= 10;
        if scale == 0 {
            return Err(bad());
        }
        value = value
            .checked_add(u64::from(digit.to_digit(10).unwrap_or(0)) * scale)
            .ok_or_else(bad)?;
    }
    if value > 100_000_000_000 {
        return Err(bad());
    }
    Ok(value)
}

fn parse_secs(text: &str) -> Result<u32, RateLimitError> {
    let digits = text.strip_suffix('s').unwrap_or(text);
    digits
        .parse::<u32>()
        .ok()
        .filter(|s| *s <= 86_400)
        .ok_or_else(|| RateLimitError::BadTime(text.to_string()))
}

/// The shortest exact form: 10000000 → `10M`, 1500000 → `1500k`.
pub fn format_bps(bps: u64) -> String {
    for (factor, unit) in [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")] {
        if bps >= factor && bps.is_multiple_of(factor) {
            return format!("{}{unit}", bps / factor);
        }
    }
    bps.to_string()
}

impl fmt::Display for RateLimit {
    /// RouterOS syntax, as RouterOS itself accepts it in `rate-limit`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}",
            format_bps(self.rate.up),
            format_bps(self.rate.down)
        )?;
        if let Some(b) = &self.burst {
            write!(
                f,
                " {}/{} {}/{} {}/{}",
                format_bps(b.rate.up),
                format_bps(b.rate.down),
                format_bps(b.threshold.up),
                format_bps(b.threshold.down),
                b.time_secs.up,
                b.time_secs.down
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Result<&str, RateLimitError>) {
        let got = RateLimit::parse(input).map(|r| r.to_string());
        assert_eq!(
            got,
            expect.map(str::to_string),
            "RateLimit::parse({input:?})"
        );
    }

    #[test]
    fn parses_and_shows_back() {
        check("10M/5M", Ok("10M/5M"));
        check(" 10m/5m ", Ok("10M/5M"));
        check("512k/1M", Ok("512k/1M"));
        check("1.5M/2M", Ok("1500k/2M"));
        check("2000000/1000", Ok("2M/1k"));
        check("4M", Ok("4M/4M"));
        check(
            "2M/4M 4M/8M 1500k/3M 16/16",
            Ok("2M/4M 4M/8M 1500k/3M 16/16"),
        );
        check(
            "2M/4M 4M/8M 1500k/3M 16s/8s",
            Ok("2M/4M 4M/8M 1500k/3M 16/8"),
        );
    }

    #[test]
    fn refuses_what_routeros_would_not_do_what_was_meant() {
        check("", Err(RateLimitError::Empty));
        check("10X/5M", Err(RateLimitError::BadRate("10X".into())));
        check("fast", Err(RateLimitError::BadRate("fast".into())));
        check("-1M/5M", Err(RateLimitError::BadRate("-1M".into())));
        check("0/5M", Err(RateLimitError::Zero));
        check("1.0001k/1M", Err(RateLimitError::BadRate("1.0001k".into())));
        check("2M/4M 4M/8M", Err(RateLimitError::IncompleteBurst));
        check("2M/4M 4M/8M 1M/1M 8/8 8", Err(RateLimitError::TooManyParts));
        check(
            "2M/4M 1M/8M 500k/1M 8/8",
            Err(RateLimitError::BurstNotHigher),
        );
        check(
            "2M/4M 4M/8M 4M/1M 8/8",
            Err(RateLimitError::ThresholdNotLower),
        );
        check(
            "2M/4M 4M/8M 1M/1M x/8",
            Err(RateLimitError::BadTime("x".into())),
        );
    }
}
