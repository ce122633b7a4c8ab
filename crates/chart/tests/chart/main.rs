//! The charts as the window and the reports get them: the SVG parsed back as XML, and the
//! shapes of the same drawing.

mod drawing;
mod errors;
mod labels;
mod properties;
mod support;
mod svg;
