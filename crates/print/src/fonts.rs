//! The one typeface every document uses (DejaVu Sans, regular and bold, shipped in `fonts/` with
//! its licence): measuring text for the layout, and a subset of just the used glyphs for the PDF.
//!
//! DejaVu covers Latin, Greek and Cyrillic, so a customer called "Ñandú" or "Зоя" prints as
//! written. printpdf is used without its `text_layout` feature (which would pull a layout engine
//! and an MPL-licensed CSS parser), so it would embed the whole 700 KB font; [`Fonts::subset`]
//! cuts it down to the glyphs a document shows, which keeps a receipt PDF small.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;

use crate::error::PrintError;

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Millimetres per PostScript point.
pub(crate) const MM_PER_PT: f32 = 25.4 / 72.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// A font size in points and a weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Style {
    pub size: f32,
    pub weight: Weight,
}

impl Style {
    pub fn regular(size: f32) -> Self {
        Style {
            size,
            weight: Weight::Regular,
        }
    }

    pub fn bold(size: f32) -> Self {
        Style {
            size,
            weight: Weight::Bold,
        }
    }

    /// The distance between two baselines, in mm.
    pub fn line_height(self) -> f32 {
        self.size * 1.25 * MM_PER_PT
    }
}

struct Face {
    bytes: &'static [u8],
    parsed: ParsedFont,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Result<Face, PrintError> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| PrintError::Font("DejaVu Sans does not parse".into()))?;
        if parsed.units_per_em == 0 {
            return Err(PrintError::Font("DejaVu Sans has no units per em".into()));
        }
        Ok(Face { bytes, parsed })
    }

    fn glyph(&self, c: char) -> u16 {
        self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0)
    }

    /// `c` if the font has it, else the replacement character (or `?`).
    fn printable(&self, c: char) -> char {
        [c, char::REPLACEMENT_CHARACTER]
            .into_iter()
            .find(|&c| self.glyph(c) != 0)
            .unwrap_or('?')
    }

    /// The advance of `c` as printed, in ems.
    fn advance(&self, c: char) -> f32 {
        let units = self
            .parsed
            .get_glyph_width(self.glyph(self.printable(c)))
            .unwrap_or(0);
        f32::from(units) / f32::from(self.parsed.units_per_em)
    }
}

/// Both weights, parsed once per document.
pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub fn load() -> Result<Fonts, PrintError> {
        Ok(Fonts {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// `text` as it can be printed in `weight`: a character the font lacks (CJK, emoji) becomes
    /// the replacement character, which is what is measured and shown.
    pub fn printable(&self, text: &str, weight: Weight) -> String {
        let face = self.face(weight);
        text.chars().map(|c| face.printable(c)).collect()
    }

    /// How wide `text` is set in `style`, in mm. printpdf sets glyphs at their advance widths
    /// with no kerning, so this is exactly the width on paper.
    pub fn width(&self, text: &str, style: Style) -> f32 {
        let face = self.face(style.weight);
        let ems: f32 = text.chars().map(|c| face.advance(c)).sum();
        ems * style.size * MM_PER_PT
    }

    /// From the top of a line box (see [`Style::line_height`]) down to the baseline, in mm: the
    /// font's ascent, with the box's extra leading split above and below the glyphs.
    pub fn baseline(&self, style: Style) -> f32 {
        let font = &self.face(style.weight).parsed;
        let em = f32::from(font.units_per_em);
        let ascent = f32::from(font.font_metrics.ascent) / em * style.size * MM_PER_PT;
        let descent = f32::from(font.font_metrics.descent).abs() / em * style.size * MM_PER_PT;
        let leading = (style.line_height() - ascent - descent).max(0.0);
        leading / 2.0 + ascent
    }

    /// A font holding only the glyphs for `chars` (and `.notdef`), with a Unicode cmap, ready
    /// to embed. printpdf maps text to glyphs through that cmap.
    pub fn subset(&self, weight: Weight, chars: &BTreeSet<char>) -> Result<ParsedFont, PrintError> {
        let face = self.face(weight);
        let mut glyphs: Vec<u16> = chars.iter().map(|&c| face.glyph(c)).collect();
        glyphs.push(0);
        glyphs.sort_unstable();
        glyphs.dedup();
        let font = ReadScope::new(face.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| PrintError::Font(e.to_string()))?;
        let provider = font
            .table_provider(0)
            .map_err(|e| PrintError::Font(e.to_string()))?;
        let bytes = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| PrintError::Font(e.to_string()))?;
        ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
            .ok_or_else(|| PrintError::Font("the subset of DejaVu Sans does not parse".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_metrics() {
        let fonts = Fonts::load().unwrap();
        let ten = Style::regular(10.0);
        // DejaVu Sans: every digit advances 1303/2048 em.
        let digit = 1303.0 / 2048.0 * 10.0 * MM_PER_PT;
        assert!(
            (fonts.width("0123456789", ten) - 10.0 * digit).abs() < 1e-3,
            "ten digits are ten digit advances"
        );
        assert!(
            fonts.width("Receipt", Style::bold(10.0)) > fonts.width("Receipt", ten),
            "bold is wider"
        );
        assert!(
            (fonts.width("Зоя", ten) - fonts.width("Зоя", Style::regular(20.0)) / 2.0).abs() < 1e-4,
            "width scales with size, Cyrillic included"
        );
        assert_eq!(fonts.width("", ten), 0.0);
        assert_eq!(
            fonts.width("李🙂", ten),
            fonts.width("\u{FFFD}\u{FFFD}", ten),
            "a character DejaVu lacks is measured as the replacement character it prints as"
        );
        assert_eq!(
            fonts.printable("Ωmega 李🙂", Weight::Bold),
            "Ωmega \u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn a_subset_keeps_the_glyphs_asked_for() {
        let fonts = Fonts::load().unwrap();
        let chars: BTreeSet<char> = "Dédé Ñandú Зоя".chars().collect();
        let subset = fonts.subset(Weight::Regular, &chars).unwrap();
        for c in chars {
            assert!(
                subset.lookup_glyph_index(u32::from(c)).is_some(),
                "{c:?} is in the subset"
            );
        }
        let size = subset.original_bytes.len();
        assert!(
            size < 30_000,
            "a subset is small, not the whole font: {size} bytes"
        );
    }
}
