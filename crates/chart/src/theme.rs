//! The two looks of a chart: a light one for paper and light windows, a dark one for dark
//! windows. Each has its background, text, axis and grid colours and a palette of twelve series
//! colours, every one at least 3:1 against the background (WCAG's contrast for graphics).

use plotters::style::RGBColor;

/// A colour, 8 bits a channel, opaque.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as SVG writes it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    pub(crate) fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// The look of a chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white: for paper and light windows.
    #[default]
    Light,
    /// Light text on a dark grey (#1e1f24): for dark windows.
    Dark,
}

const LIGHT_PALETTE: [Rgb; 12] = [
    Rgb(0x1f, 0x6f, 0xd1), // blue
    Rgb(0xe8, 0x59, 0x0c), // orange
    Rgb(0x2b, 0x8a, 0x3e), // green
    Rgb(0xc9, 0x2a, 0x2a), // red
    Rgb(0x70, 0x48, 0xe8), // violet
    Rgb(0x0c, 0x85, 0x99), // teal
    Rgb(0x9c, 0x5a, 0x2c), // brown
    Rgb(0xd6, 0x33, 0x6c), // pink
    Rgb(0x5c, 0x67, 0x7d), // slate
    Rgb(0x8a, 0x75, 0x00), // olive
    Rgb(0x36, 0x4f, 0xc7), // indigo
    Rgb(0x5c, 0x94, 0x0d), // lime
];

const DARK_PALETTE: [Rgb; 12] = [
    Rgb(0x4d, 0xab, 0xf7), // blue
    Rgb(0xff, 0x92, 0x2b), // orange
    Rgb(0x51, 0xcf, 0x66), // green
    Rgb(0xff, 0x6b, 0x6b), // red
    Rgb(0x97, 0x75, 0xfa), // violet
    Rgb(0x3b, 0xc9, 0xdb), // teal
    Rgb(0xe0, 0xa8, 0x72), // tan
    Rgb(0xf7, 0x83, 0xac), // pink
    Rgb(0xad, 0xb5, 0xbd), // grey
    Rgb(0xff, 0xd4, 0x3b), // yellow
    Rgb(0x74, 0x8f, 0xfc), // indigo
    Rgb(0xa9, 0xe3, 0x4b), // lime
];

impl Theme {
    /// The colour the whole picture is filled with first.
    pub fn background(self) -> Rgb {
        match self {
            Theme::Light => Rgb(0xff, 0xff, 0xff),
            Theme::Dark => Rgb(0x1e, 0x1f, 0x24),
        }
    }

    /// The title's, the labels' and the legend's colour.
    pub fn text(self) -> Rgb {
        match self {
            Theme::Light => Rgb(0x21, 0x25, 0x29),
            Theme::Dark => Rgb(0xe9, 0xec, 0xef),
        }
    }

    /// The axes, the tick marks and the zero line: a mid grey that reads on both backgrounds.
    pub fn axis(self) -> Rgb {
        Rgb(0x86, 0x8e, 0x96)
    }

    /// The horizontal lines behind the values.
    pub fn grid(self) -> Rgb {
        match self {
            Theme::Light => Rgb(0xe9, 0xec, 0xef),
            Theme::Dark => Rgb(0x34, 0x36, 0x3d),
        }
    }

    /// The series colours, in order: series `i` is drawn in `palette()[i]`.
    pub fn palette(self) -> &'static [Rgb] {
        match self {
            Theme::Light => &LIGHT_PALETTE,
            Theme::Dark => &DARK_PALETTE,
        }
    }

    /// The colour of series `index` (the palette repeats past its end).
    pub fn series(self, index: usize) -> Rgb {
        let palette = self.palette();
        palette[index % palette.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2's relative luminance.
    fn luminance(c: Rgb) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn colours_stand_out_on_their_background() {
        for theme in [Theme::Light, Theme::Dark] {
            let bg = theme.background();
            assert!(
                theme.palette().len() >= 8,
                "{theme:?} has 8 colours or more"
            );
            for (i, colour) in theme.palette().iter().enumerate() {
                let ratio = contrast(*colour, bg);
                assert!(
                    ratio >= 3.0,
                    "{theme:?} series {i} ({}) is {ratio:.2}:1 on {}",
                    colour.hex(),
                    bg.hex()
                );
                for other in &theme.palette()[..i] {
                    assert_ne!(colour, other, "{theme:?} colours are all different");
                }
            }
            let text = contrast(theme.text(), bg);
            assert!(text >= 7.0, "{theme:?} text is {text:.2}:1");
            let axis = contrast(theme.axis(), bg);
            assert!(axis >= 3.0, "{theme:?} axis is {axis:.2}:1");
        }
    }
}
