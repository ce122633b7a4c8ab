//! The plot: the value axis with its grid, the category axis with its labels, the unit above
//! the value axis, and the series as bars or lines. Category `i` spans x from `i` to `i + 1`;
//! values are plotted in steps of the value axis (see `scale`).

use plotters::chart::ChartBuilder;
use plotters::element::{PathElement, Rectangle};
use plotters::series::LineSeries;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, ShapeStyle};
use plotters_backend::DrawingBackend;

use crate::categories::CategoryLabels;
use crate::chart::ChartKind;
use crate::draw::{failed, font, Canvas};
use crate::error::ChartError;
use crate::scale::ValueAxis;
use crate::text::{printable, shortened, width};
use crate::ticked::Ticked;

/// The length of the tick marks, in pixels.
const TICK: f32 = 4.0;
/// The smallest plot worth drawing, in pixels each way.
const SMALLEST_PLOT: f32 = 16.0;

/// Draws the plot in the part of `root` below `top`.
pub(crate) fn draw<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    top: f32,
) -> Result<(), ChartError> {
    let Canvas {
        root,
        chart,
        theme,
        sizes,
    } = *canvas;
    let text = sizes.text;
    let unit = printable(&chart.unit);
    let unit_line = if unit.is_empty() { 0.0 } else { text * 1.4 };
    // Room above the plot for the unit and half the top tick's label.
    let plot_top = top + unit_line + text * 0.6;
    let x_labels_height = TICK * 2.0 + text * 1.2;
    let bottom = sizes.pad * 0.4;
    let plot_height = sizes.height - plot_top - x_labels_height - bottom;

    let intervals = (plot_height / (text * 3.0)).clamp(2.0, 8.0) as u32;
    let values = chart.series.iter().flat_map(|s| s.values.iter().copied());
    let axis = ValueAxis::new(values, intervals);
    let y_labels: Vec<String> = axis.ticks().iter().map(|t| axis.label(*t)).collect();
    let widest_y = y_labels.iter().map(|l| width(l, text)).fold(0.0, f32::max);
    let y_labels_width = (widest_y + TICK * 2.0 + text * 0.4).min(sizes.width / 3.0);
    let left = sizes.pad * 0.5;

    // The right margin leaves room for half the last label (set below, once known).
    let first_guess = sizes.width - left - y_labels_width - sizes.pad;
    let categories = CategoryLabels::new(&chart.categories, text, first_guess);
    let right = sizes.pad.max(categories.widest / 2.0);
    let plot_width = sizes.width - left - y_labels_width - right;
    let categories = CategoryLabels::new(&chart.categories, text, plot_width);

    if !unit.is_empty() {
        let unit = shortened(&unit, text, sizes.width - 2.0 * sizes.pad);
        let style = font(text, false, theme.text(), HPos::Left, VPos::Top);
        root.draw_text(&unit, &style, (left as i32, top as i32))
            .map_err(failed)?;
    }
    if plot_width < SMALLEST_PLOT || plot_height < SMALLEST_PLOT {
        return Ok(());
    }

    let count = chart.categories.len();
    let x_ticks: Vec<f64> = categories.shown().map(|i| i as f64 + 0.5).collect();
    let mut builder = ChartBuilder::on(root);
    builder
        .margin_top(plot_top as u32)
        .margin_bottom(bottom as u32)
        .margin_left(left as u32)
        .margin_right(right as u32)
        .x_label_area_size(x_labels_height as u32)
        .y_label_area_size(y_labels_width as u32);
    let mut plot = builder
        .build_cartesian_2d(
            Ticked::new(0.0..count as f64, x_ticks),
            Ticked::new(f64::from(axis.low)..f64::from(axis.high), axis.ticks()),
        )
        .map_err(failed)?;

    let x_label = |x: &f64| {
        categories
            .texts
            .get(x.floor().max(0.0) as usize)
            .cloned()
            .unwrap_or_default()
    };
    let y_label = |y: &f64| axis.label(*y);
    let label_style = |h, v| font(text, false, theme.text(), h, v);
    plot.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(theme.grid().plotters())
        .axis_style(theme.axis().plotters())
        .set_all_tick_mark_size(TICK as u32)
        .x_label_style(label_style(HPos::Center, VPos::Top))
        .y_label_style(label_style(HPos::Right, VPos::Center))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .draw()
        .map_err(failed)?;

    if axis.low < 0 {
        plot.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (count as f64, 0.0)],
            theme.axis().plotters(),
        )))
        .map_err(failed)?;
    }

    let per_category = plot_width / count as f32;
    match chart.kind {
        ChartKind::Bars => {
            // Bars fill most of their category; thin ones leave less of a gap.
            let group = if per_category < 6.0 { 0.9 } else { 0.75 };
            let bar = group / chart.series.len() as f64;
            for (j, series) in chart.series.iter().enumerate() {
                let style = theme.series(j).plotters().filled();
                let start = (1.0 - group) / 2.0 + j as f64 * bar;
                plot.draw_series(series.values.iter().enumerate().map(|(i, v)| {
                    let x = i as f64 + start;
                    Rectangle::new([(x, 0.0), (x + bar, axis.units(*v))], style)
                }))
                .map_err(failed)?;
            }
        }
        ChartKind::Lines => {
            // Markers as long as they do not run into each other.
            let marker = if per_category >= 10.0 {
                3
            } else if per_category >= 6.0 {
                2
            } else {
                0
            };
            for (j, series) in chart.series.iter().enumerate() {
                let style: ShapeStyle = theme.series(j).plotters().filled().stroke_width(2);
                let points = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64 + 0.5, axis.units(*v)));
                plot.draw_series(LineSeries::new(points, style).point_size(marker))
                    .map_err(failed)?;
            }
        }
    }
    Ok(())
}
