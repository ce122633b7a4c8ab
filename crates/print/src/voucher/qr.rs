//! A QR code as the rectangles that print it: each row's runs of dark modules merged into
//! one rectangle, so a sheet of thousands of codes stays small. (Merging a run with the same
//! run in the rows under it was tried: so few merge that the PDF grew.)

use qrcode::bits::encode_auto;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{ec, Color, EcLevel};

/// Modules of white kept around the code inside its box. The standard asks for four; the
/// card's own padding adds to these two.
pub(crate) const QUIET_ZONE: u16 = 2;

/// A horizontal run of dark modules: `len` modules from column `x` of row `y`, counted in
/// modules from the top-left corner of the quiet zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub x: u16,
    pub y: u16,
    pub len: u16,
}

/// A QR code ready to draw: its side in modules (quiet zone included) and its dark runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QrModules {
    pub side: u16,
    pub runs: Vec<Run>,
}

impl QrModules {
    /// The code of `text` at error correction level M (15 % of it may be smudged), or `None`
    /// when the text is too long for any QR code.
    ///
    /// The mask is always the checkerboard (pattern 000) rather than the one of eight that
    /// scores best: every reader reads every mask, and scoring the eight took 40 % of a
    /// 10,000-card sheet's time. The tests read back every code of their sheets.
    pub fn encode(text: &str) -> Option<QrModules> {
        let (width, colors) = colors(text)?;
        let side = u16::try_from(width).ok()? + 2 * QUIET_ZONE;
        let mut runs = Vec::new();
        for (row, line) in colors.chunks(width).enumerate() {
            let y = u16::try_from(row).ok()? + QUIET_ZONE;
            let mut start = None;
            for (col, color) in line.iter().chain([&Color::Light]).enumerate() {
                let col = u16::try_from(col).ok()? + QUIET_ZONE;
                match (start, *color == Color::Dark) {
                    (None, true) => start = Some(col),
                    (Some(x), false) => {
                        runs.push(Run { x, y, len: col - x });
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        Some(QrModules { side, runs })
    }

    /// Whether the module at (`x`, `y`) is dark (for tests).
    #[cfg(test)]
    pub fn is_dark(&self, x: u16, y: u16) -> bool {
        self.runs
            .iter()
            .any(|r| r.y == y && r.x <= x && x < r.x + r.len)
    }
}

/// The modules of `text`'s code, row by row, and how many there are to a row.
fn colors(text: &str) -> Option<(usize, Vec<Color>)> {
    let bits = encode_auto(text.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec_data);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    Some((width, canvas.into_colors()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let url = "http://10.5.50.1/login?username=ABC123&password=XYZ789";
        let modules = QrModules::encode(url).unwrap();
        let (width, colors) = colors(url).unwrap();
        let code = |x: usize, y: usize| colors[y * width + x];
        let width = width as u16;
        assert_eq!(
            modules.side,
            width + 4,
            "two modules of quiet zone each side"
        );
        for y in 0..modules.side {
            for x in 0..modules.side {
                let inside = (2..width + 2).contains(&x) && (2..width + 2).contains(&y);
                let dark = inside && code((x - 2) as usize, (y - 2) as usize) == Color::Dark;
                assert_eq!(modules.is_dark(x, y), dark, "module ({x}, {y})");
            }
        }
        let dark = colors.iter().filter(|c| **c == Color::Dark).count();
        assert!(
            modules.runs.len() * 10 < dark * 6,
            "runs merge neighbours: {} runs for {dark} dark modules",
            modules.runs.len()
        );
        // The top row starts with a finder pattern: seven dark modules in one run.
        // The top row starts with the finder patterns: seven dark modules in one run each.
        assert_eq!(modules.runs[0], Run { x: 2, y: 2, len: 7 });
        let top_right = modules.runs.iter().rfind(|r| r.y == 2).unwrap();
        assert_eq!(
            (top_right.x, top_right.len),
            (width - 5, 7),
            "the top-right finder pattern"
        );
    }

    #[test]
    fn too_long_is_none() {
        assert!(QrModules::encode(&"x".repeat(3000)).is_none());
        assert!(
            QrModules::encode("").is_some(),
            "an empty text is a valid code"
        );
    }
}
