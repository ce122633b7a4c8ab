//! Text as the chart lays it out: made printable, measured by an estimate, shortened with "…".

/// The width of an average character of a sans-serif face, in ems: an estimate on the wide
/// side (DejaVu Sans's digits are 0.64 em), so that what is laid out by it does not overlap.
const CHAR_WIDTH: f32 = 0.62;

/// `text` without what cannot be drawn or written in XML: control characters (a line break
/// becomes a space) and the non-characters U+FFFE and U+FFFF; runs of spaces folded, ends
/// trimmed.
pub(crate) fn printable(text: &str) -> String {
    let spaced: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// About how wide `text` is at `size` pixels.
pub(crate) fn width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * CHAR_WIDTH * size
}

/// `text` if it is at most `room` pixels wide at `size`, else as much of its start as fits
/// with "…" after it (just "…" when nothing fits).
pub(crate) fn shortened(text: &str, size: f32, room: f32) -> String {
    if width(text, size) <= room {
        return text.to_string();
    }
    let fits = ((room / (CHAR_WIDTH * size)).floor() as usize).saturating_sub(1);
    let start: String = text.chars().take(fits).collect();
    format!("{}…", start.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_made_printable_and_shortened() {
        assert_eq!(printable(" a\u{0}b\nc\u{ffff}  d "), "a b c d");
        assert_eq!(shortened("Nov", 10.0, 100.0), "Nov", "short text stays");
        let cut = shortened("Kilimani Fibre Networks", 10.0, 62.0);
        assert_eq!(
            cut, "Kilimani…",
            "room for ten characters: nine and the ellipsis, less the space"
        );
        assert!(width(&cut, 10.0) <= 62.0);
        assert_eq!(shortened("Kilimani", 10.0, 1.0), "…", "no room at all");
    }
}
