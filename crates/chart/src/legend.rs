//! The legend under the title, when a chart has more than one series: a square of each
//! series' colour and its name, in rows as wide as the chart, each row centred.

use plotters::element::Rectangle;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;
use plotters_backend::DrawingBackend;

use crate::draw::{failed, font, Canvas};
use crate::error::ChartError;
use crate::text::{printable, shortened, width};

/// The height kept for the title, the plot and its labels before a legend is drawn.
const ROOM_FOR_PLOT: f32 = 120.0;

/// Draws the legend with its top at `top`; gives the y under it. A legend is left out when it
/// would leave the plot too little room: it takes at most half of what the picture has over
/// [`ROOM_FOR_PLOT`] pixels of height.
pub(crate) fn draw<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    top: f32,
) -> Result<f32, ChartError> {
    let Canvas {
        root,
        chart,
        theme,
        sizes,
    } = *canvas;
    let swatch = sizes.text * 0.8;
    let after_swatch = sizes.text * 0.4;
    let between = sizes.text * 1.2;
    let room = sizes.width - 2.0 * sizes.pad;
    // At least three to a row.
    let longest = room / 3.0 - swatch - after_swatch - between;
    let items: Vec<(String, f32)> = chart
        .series
        .iter()
        .map(|s| {
            let name = shortened(&printable(&s.name), sizes.text, longest);
            let w = swatch + after_swatch + width(&name, sizes.text);
            (name, w)
        })
        .collect();

    // Rows of item indices, each no wider than the room.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row_width = 0.0;
    for (i, (_, w)) in items.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if row_width + between + w <= room => {
                row.push(i);
                row_width += between + w;
            }
            _ => {
                rows.push(vec![i]);
                row_width = *w;
            }
        }
    }

    let row_height = sizes.text * 1.5;
    if rows.len() as f32 * row_height > (sizes.height - ROOM_FOR_PLOT) / 2.0 {
        return Ok(top);
    }
    let style = font(sizes.text, false, theme.text(), HPos::Left, VPos::Center);
    for (r, row) in rows.iter().enumerate() {
        let total: f32 = row.iter().map(|i| items[*i].1).sum::<f32>()
            + between * row.len().saturating_sub(1) as f32;
        let mut x = (sizes.width - total) / 2.0;
        let middle = top + (r as f32 + 0.5) * row_height;
        for &i in row {
            let (name, w) = &items[i];
            let color = theme.series(i).plotters();
            let corner = (x as i32, (middle - swatch / 2.0) as i32);
            let size = swatch as i32;
            root.draw(&Rectangle::new(
                [corner, (corner.0 + size, corner.1 + size)],
                color.filled(),
            ))
            .map_err(failed)?;
            root.draw_text(
                name,
                &style,
                ((x + swatch + after_swatch) as i32, middle as i32),
            )
            .map_err(failed)?;
            x += w + between;
        }
    }
    Ok(top + rows.len() as f32 * row_height)
}
