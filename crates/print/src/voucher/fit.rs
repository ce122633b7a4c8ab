//! Text made to fit a field's box, measured with the font's own metrics: one line shrinks
//! and is then cut with "…"; several lines wrap and the last one is cut.

use crate::fonts::{Fonts, Style, MM_PER_PT};
use crate::layout::wrap;

const ELLIPSIS: char = '…';
/// How far a one-line text may shrink, as a share of its size.
const SHRINK: f32 = 0.7;

/// The lines of `text` as they fit `width` × `height` mm set in `style`, and the style they
/// are set in. At least one line, even when the box is shorter than a line.
pub(crate) fn fit(
    fonts: &Fonts,
    text: &str,
    style: Style,
    width: f32,
    height: f32,
) -> (Vec<String>, Style) {
    let lines = ((height + 1e-3) / style.line_height()).floor().max(1.0) as usize;
    // No glyph of DejaVu Sans is narrower than a fifth of an em: more characters than that
    // cannot show, so a pasted novel is cut before it is measured.
    let most = (lines as f32 * width / (0.2 * style.size * MM_PER_PT)) as usize + 2;
    let text: String = text.chars().take(most).collect();
    if lines == 1 {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut size = style.size;
        let smallest = style.size * SHRINK;
        while size > smallest && fonts.width(&text, Style { size, ..style }) > width {
            size = (size - 0.25).max(smallest);
        }
        let style = Style { size, ..style };
        return (vec![cut(fonts, &text, style, width)], style);
    }
    let mut wrapped = wrap(fonts, &text, style, width);
    if wrapped.len() > lines {
        // The last line that shows takes the rest of the text, cut where it must be.
        let rest = wrapped.split_off(lines - 1).join(" ");
        let mut last = cut(fonts, &rest, style, width);
        if !last.ends_with(ELLIPSIS) {
            last = cut(fonts, &format!("{last}{ELLIPSIS}"), style, width);
        }
        wrapped.push(last);
    }
    (wrapped, style)
}

/// `text` on one line, whole, in the largest size up to `style`'s that fits `width` mm (widths
/// scale with the size, so one measurement gives it): for a code or a password, where a cut
/// character would make the card useless.
pub(crate) fn fit_whole(
    fonts: &Fonts,
    text: &str,
    style: Style,
    width: f32,
) -> (Vec<String>, Style) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let measured = fonts.width(&text, style);
    let size = if measured > width && measured > 0.0 {
        // A hair under the exact ratio, so rounding never leaves it a fraction too wide.
        style.size * width / measured * 0.995
    } else {
        style.size
    };
    (vec![text], Style { size, ..style })
}

/// `text`, or as much of it as fits in `width` mm followed by "…".
fn cut(fonts: &Fonts, text: &str, style: Style, width: f32) -> String {
    if fonts.width(text, style) <= width {
        return text.to_string();
    }
    let room = width - fonts.width(&ELLIPSIS.to_string(), style);
    let mut used = 0.0;
    let mut kept = String::new();
    let mut buf = [0u8; 4];
    for c in text.chars() {
        used += fonts.width(c.encode_utf8(&mut buf), style);
        if used > room {
            break;
        }
        kept.push(c);
    }
    let mut kept = kept.trim_end().trim_end_matches(ELLIPSIS).to_string();
    kept.push(ELLIPSIS);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_never_cut_only_made_smaller() {
        let fonts = Fonts::load().unwrap();
        let style = Style::regular(15.0);
        let (lines, set) = fit_whole(&fonts, "WIFIRP4XGWFD84WJ", style, 30.0);
        assert_eq!(lines, ["WIFIRP4XGWFD84WJ"]);
        assert!(set.size < 15.0);
        assert!(fonts.width(&lines[0], set) <= 30.0);
        let (_, roomy) = fit_whole(&fonts, "AB", style, 30.0);
        assert_eq!(roomy.size, 15.0);
    }

    fn check(text: &str, lines_high: f32, expect: &[&str], why: &str) {
        let fonts = Fonts::load().unwrap();
        let style = Style::regular(8.0);
        let width = 30.0;
        let (lines, set) = fit(&fonts, text, style, width, style.line_height() * lines_high);
        assert_eq!(lines, expect, "{why}");
        for line in &lines {
            assert!(
                fonts.width(line, set) <= width + 1e-3,
                "{why}: {line:?} fits"
            );
        }
    }

    #[test]
    fn texts_fit_their_boxes() {
        check(
            "1 Day 5 Mbps",
            1.0,
            &["1 Day 5 Mbps"],
            "a short text is left alone",
        );
        check(
            "Unlimited Weekend Family Plan 20 Mbps",
            1.0,
            &["Unlimited Weekend Family…"],
            "a long text shrinks to 70 % and is then cut, without a space before the \"…\"",
        );
        check(
            "Connect to Kilimani-WiFi and open any page to log in automatically",
            2.0,
            &["Connect to", "Kilimani-WiFi and o…"],
            "a note wraps and its last line is cut",
        );
        check("", 1.0, &[""], "nothing is one empty line");
        check(
            "short",
            0.3,
            &["short"],
            "a box shorter than a line still has one",
        );
    }

    #[test]
    fn a_huge_text_is_cut_quickly() {
        let fonts = Fonts::load().unwrap();
        let huge = "x".repeat(1_000_000);
        let started = std::time::Instant::now();
        let (lines, _) = fit(&fonts, &huge, Style::regular(8.0), 30.0, 10.0);
        assert_eq!(lines.len(), 2);
        assert!(
            started.elapsed().as_millis() < 500,
            "{:?}",
            started.elapsed()
        );
    }
}
