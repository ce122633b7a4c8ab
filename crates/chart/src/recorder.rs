//! A plotters backend that keeps what is drawn as whole shapes (not pixels), so that the
//! drawing code that writes the SVG also gives the [`Drawing`](crate::Drawing) of the PDF.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use crate::shape::{Anchor, Horizontal, Shape, Vertical};
use crate::theme::Rgb;

/// plotters' text sizes are 1.24 times the font size the SVG backend writes.
const PLOTTERS_TEXT_SCALE: f64 = 1.24;

/// Records shapes into `shapes`, for a picture `size` pixels wide and high.
pub(crate) struct Recorder<'a> {
    pub size: (u32, u32),
    pub shapes: &'a mut Vec<Shape>,
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

fn point((x, y): BackendCoord) -> (f32, f32) {
    (x as f32, y as f32)
}

/// The colour, or none for a transparent one (which the SVG backend leaves out too).
fn colour(color: BackendColor) -> Option<Rgb> {
    (color.alpha > 0.0).then_some(Rgb(color.rgb.0, color.rgb.1, color.rgb.2))
}

impl DrawingBackend for Recorder<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, at: BackendCoord, color: BackendColor) -> Drawn {
        if let Some(color) = colour(color) {
            let (x, y) = point(at);
            self.shapes.push(Shape::Rect {
                from: (x, y),
                to: (x + 1.0, y + 1.0),
                color,
                filled: true,
            });
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if let Some(color) = colour(style.color()) {
            self.shapes.push(Shape::Rect {
                from: point(upper_left),
                to: point(bottom_right),
                color,
                filled: fill,
            });
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if let Some(color) = colour(style.color()) {
            self.shapes.push(Shape::Line {
                points: path.into_iter().map(point).collect(),
                color,
                width: style.stroke_width() as f32,
            });
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if let Some(color) = colour(style.color()) {
            self.shapes.push(Shape::Circle {
                center: point(center),
                radius: radius as f32,
                color,
                filled: fill,
            });
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Drawn {
        if let Some(color) = colour(style.color()) {
            self.shapes.push(Shape::Polygon {
                points: vertices.into_iter().map(point).collect(),
                color,
            });
        }
        Ok(())
    }

    /// The text whole, at the size and anchor the SVG backend writes (the chart never rotates
    /// text, so the transform is not kept).
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, at: BackendCoord) -> Drawn {
        if let Some(color) = colour(style.color()) {
            let anchor = style.anchor();
            let (x, y) = point(at);
            self.shapes.push(Shape::Text {
                x,
                y,
                text: text.to_string(),
                size: (style.size() / PLOTTERS_TEXT_SCALE) as f32,
                color,
                anchor: Anchor {
                    horizontal: match anchor.h_pos {
                        HPos::Left => Horizontal::Left,
                        HPos::Center => Horizontal::Center,
                        HPos::Right => Horizontal::Right,
                    },
                    vertical: match anchor.v_pos {
                        VPos::Top => Vertical::Top,
                        VPos::Center => Vertical::Middle,
                        VPos::Bottom => Vertical::Bottom,
                    },
                },
                bold: matches!(style.style(), FontStyle::Bold),
            });
        }
        Ok(())
    }

    /// plotters' own estimate, the one the SVG backend uses, so both lay text out alike.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let ((x0, y0), (x1, y1)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        Ok((
            x1.saturating_sub(x0).unsigned_abs(),
            y1.saturating_sub(y0).unsigned_abs(),
        ))
    }
}
