//! A report as data: key figures, charts (as series of exact numbers) and tables of written-out
//! cells. The window, the CSV and the PDF are all made from it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tikbill_api::{ReportColumn, ReportFigure, ReportKind, ReportTable};

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartShape {
    Bars,
    Lines,
}

/// A chart's data: one value per category in each series.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    pub title: String,
    pub shape: ChartShape,
    pub categories: Vec<String>,
    pub series: Vec<(String, Vec<Decimal>)>,
    /// What the values count: a currency, "customers", "%", "ms".
    pub unit: String,
}

/// A report: what [`super::build`] makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub kind: ReportKind,
    pub title: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub time_zone: String,
    pub figures: Vec<ReportFigure>,
    pub charts: Vec<ChartData>,
    pub tables: Vec<ReportTable>,
}

impl Report {
    pub(crate) fn new(kind: ReportKind, from: NaiveDate, to: NaiveDate, time_zone: &str) -> Self {
        Report {
            kind,
            title: kind.title().to_string(),
            from,
            to,
            time_zone: time_zone.to_string(),
            figures: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
        }
    }

    pub(crate) fn figure(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.figures.push(ReportFigure {
            label: label.into(),
            value: value.into(),
        });
    }

    /// "1 Nov 2026 – 30 Nov 2026 (Africa/Nairobi)".
    pub fn period(&self) -> String {
        let day = |d: NaiveDate| d.format("%-d %b %Y").to_string();
        if self.from == self.to {
            format!("{} ({})", day(self.from), self.time_zone)
        } else {
            format!("{} – {} ({})", day(self.from), day(self.to), self.time_zone)
        }
    }
}

/// A table being made: its columns (`true` for numbers, aligned right), then its rows.
pub(crate) fn table(title: impl Into<String>, columns: &[(&str, bool)]) -> ReportTable {
    ReportTable {
        title: title.into(),
        columns: columns
            .iter()
            .map(|(title, numeric)| ReportColumn {
                title: (*title).to_string(),
                numeric: *numeric,
            })
            .collect(),
        rows: Vec::new(),
        total: None,
    }
}
