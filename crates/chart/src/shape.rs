//! A chart as a list of shapes, for writers other than SVG (the PDF reports): the same
//! drawing in the same pixel space, each shape whole.

use crate::theme::Rgb;

/// A chart drawn as shapes, `width` × `height` pixels, y growing downwards from the top-left
/// corner, as in the SVG. Shapes are in drawing order: later ones cover earlier ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub width: u32,
    pub height: u32,
    pub shapes: Vec<Shape>,
}

/// One thing drawn. Every colour is opaque.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A line through `points` (two or more), `width` pixels thick.
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
    },
    /// A rectangle between two opposite corners (`from` the top-left one), filled or one
    /// pixel wide outline.
    Rect {
        from: (f32, f32),
        to: (f32, f32),
        color: Rgb,
        filled: bool,
    },
    /// A filled polygon.
    Polygon { points: Vec<(f32, f32)>, color: Rgb },
    /// A circle, filled or one pixel wide outline.
    Circle {
        center: (f32, f32),
        radius: f32,
        color: Rgb,
        filled: bool,
    },
    /// One line of text, never rotated, in a sans-serif face `size` pixels high (the em, the
    /// SVG's `font-size`), placed at (`x`, `y`) by its `anchor`; `bold` for the title.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        color: Rgb,
        anchor: Anchor,
        bold: bool,
    },
}

/// Which point of a text sits at its (`x`, `y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub horizontal: Horizontal,
    pub vertical: Vertical,
}

/// Where `x` is on a text: its left end, its middle or its right end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Horizontal {
    Left,
    Center,
    Right,
}

/// Where `y` is on a text, as the SVG places it: at the top of its capitals, at its middle
/// (half the height of a lowercase x above the baseline), or half that height below the
/// baseline (the text stands just above `y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vertical {
    Top,
    Middle,
    Bottom,
}

/// Half the height of a lowercase x, in ems, in common sans-serif faces.
const HALF_EX: f32 = 0.27;

impl Anchor {
    /// The y of the baseline of a text `size` pixels high anchored at `y`, as the SVG places it
    /// (`dy` of 0.76em, 0.5ex or -0.5ex).
    pub fn baseline(self, y: f32, size: f32) -> f32 {
        match self.vertical {
            Vertical::Top => y + 0.76 * size,
            Vertical::Middle => y + HALF_EX * size,
            Vertical::Bottom => y - HALF_EX * size,
        }
    }
}
