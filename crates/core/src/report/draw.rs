//! A report's charts drawn for the window (SVG, in the window's theme) and for the PDF (the
//! same drawing, light), by `tikbill-chart`. Values become floating point only here, as
//! positions on a picture; every number written out stays exact.

use rust_decimal::prelude::ToPrimitive;
use tikbill_api::{ChartTheme, ReportChart, ReportView};

use super::document::{ChartData, ChartShape, Report};
use crate::{CoreError, CoreResult};

/// The window's chart size, in pixels (it scales to the page).
const WIDTH: u32 = 900;
const HEIGHT: u32 = 320;

/// `data` as the chart crate draws it.
pub(crate) fn chart(data: &ChartData) -> tikbill_chart::Chart {
    tikbill_chart::Chart {
        title: data.title.clone(),
        kind: match data.shape {
            ChartShape::Bars => tikbill_chart::ChartKind::Bars,
            ChartShape::Lines => tikbill_chart::ChartKind::Lines,
        },
        categories: data.categories.clone(),
        series: data
            .series
            .iter()
            .map(|(name, values)| tikbill_chart::Series {
                name: name.clone(),
                values: values.iter().map(|v| v.to_f64().unwrap_or(0.0)).collect(),
            })
            .collect(),
        unit: data.unit.clone(),
    }
}

/// The chart as SVG in `theme`, at the report page's size.
pub(crate) fn svg(data: &ChartData, theme: ChartTheme) -> CoreResult<String> {
    svg_sized(data, theme, WIDTH, HEIGHT)
}

/// The chart as SVG in `theme`, `width` × `height` pixels (a dashboard's half-width chart is
/// drawn smaller, so its text is not shrunk away).
pub(crate) fn svg_sized(
    data: &ChartData,
    theme: ChartTheme,
    width: u32,
    height: u32,
) -> CoreResult<String> {
    let theme = match theme {
        ChartTheme::Light => tikbill_chart::Theme::Light,
        ChartTheme::Dark => tikbill_chart::Theme::Dark,
    };
    tikbill_chart::svg(&chart(data), theme, width, height).map_err(|e| {
        CoreError::Internal(format!("the chart '{}' cannot be drawn: {e}", data.title))
    })
}

/// The report as the window shows it.
pub(crate) fn view(report: Report, theme: ChartTheme) -> CoreResult<ReportView> {
    let charts = report
        .charts
        .iter()
        .map(|data| {
            Ok(ReportChart {
                title: data.title.clone(),
                svg: svg(data, theme)?,
            })
        })
        .collect::<CoreResult<Vec<_>>>()?;
    Ok(ReportView {
        kind: report.kind,
        title: report.title,
        from: report.from.to_string(),
        to: report.to.to_string(),
        time_zone: report.time_zone,
        figures: report.figures,
        charts,
        tables: report.tables,
    })
}
