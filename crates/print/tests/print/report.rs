use image::Rgb;
use tikbill_chart::{Chart, ChartKind, Series, Theme};
use tikbill_print::{report_pdf, PrintError, ReportColumn, ReportDocument, ReportTable, TextAlign};

use crate::support::{assert_px, png_size, Rendered};

fn column(title: &str, align: TextAlign) -> ReportColumn {
    ReportColumn {
        title: title.into(),
        align,
    }
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// A month's revenue report with `payments` rows in its payments table.
fn report(payments: usize) -> ReportDocument {
    let days: Vec<String> = (1..=30).map(|d| format!("{d} Nov")).collect();
    ReportDocument {
        office: "Kilimani Fibre Networks".into(),
        title: "Revenue".into(),
        period: "1–30 Nov 2026 (Africa/Nairobi)".into(),
        generated: "1 Dec 2026 08:00 EAT".into(),
        summary: [
            ("Taken", "KES 482,500.00"),
            ("Payments", "1,204"),
            ("Customers paying", "312"),
            ("Reversed", "KES 2,000.00"),
            ("Average payment", "KES 400.75"),
        ]
        .iter()
        .map(|(l, v)| (l.to_string(), v.to_string()))
        .collect(),
        charts: vec![
            Chart {
                title: "Money taken by day".into(),
                kind: ChartKind::Bars,
                categories: days.clone(),
                series: vec![
                    Series {
                        name: "M-Pesa".into(),
                        values: (0..30)
                            .map(|d| 12_000.0 + ((d * 7919) % 9000) as f64)
                            .collect(),
                    },
                    Series {
                        name: "Cash".into(),
                        values: (0..30)
                            .map(|d| 3_000.0 + ((d * 3571) % 4000) as f64)
                            .collect(),
                    },
                ],
                unit: "KES".into(),
            },
            Chart {
                title: "Customers online".into(),
                kind: ChartKind::Lines,
                categories: days,
                series: vec![Series {
                    name: "Online".into(),
                    values: (0..30).map(|d| 250.0 + ((d * 37) % 60) as f64).collect(),
                }],
                unit: "customers".into(),
            },
        ],
        tables: vec![
            ReportTable {
                title: "By method".into(),
                columns: vec![
                    column("Method", TextAlign::Left),
                    column("Payments", TextAlign::Right),
                    column("Total", TextAlign::Right),
                ],
                rows: vec![
                    strings(&["M-Pesa", "1,010", "KES 401,300.00"]),
                    strings(&["Cash", "180", "KES 77,200.00"]),
                    strings(&["Bank transfer", "14", "KES 4,000.00"]),
                ],
                total: Some(strings(&["All methods", "1,204", "KES 482,500.00"])),
            },
            ReportTable {
                title: "Payments".into(),
                columns: vec![
                    column("Date", TextAlign::Left),
                    column("Receipt", TextAlign::Left),
                    column("Customer", TextAlign::Left),
                    column("Amount", TextAlign::Right),
                ],
                rows: (0..payments)
                    .map(|i| {
                        vec![
                            format!("{} Nov", 1 + i % 30),
                            format!("R-{:06}", 1000 + i),
                            format!("c{i:03} — Wanjiru Nyambura"),
                            format!("KES {},500.00", 1 + i % 4),
                        ]
                    })
                    .collect(),
                total: Some(strings(&["", "", "Total", "KES 999,999.00"])),
            },
        ],
    }
}

#[test]
fn a_report_shows_its_header_figures_charts_and_every_cell() {
    let doc = report(5);
    let out = Rendered::new("report", &report_pdf(&doc).expect("it prints"));
    let (width, height) = png_size(&out.pages[0]);
    assert_px(width, 210.0, "A4's width");
    assert_px(height, 297.0, "A4's height");
    out.assert_within(15.0, "the report");
    let pages = out.pages.len();
    assert!(
        out.text.contains(&format!("Page 1 of {pages}")),
        "numbered: {}",
        out.text
    );
    for words in [
        "Kilimani Fibre Networks",
        "Revenue",
        "1–30 Nov 2026 (Africa/Nairobi)",
        "Generated 1 Dec 2026 08:00 EAT",
        "Money taken by day",
        "Customers online",
        "M-Pesa",
    ] {
        assert!(out.has_words(words), "the report shows {words:?}");
    }
    for (label, value) in &doc.summary {
        assert!(
            out.has_words(label) && out.has_words(value),
            "{label}: {value}"
        );
    }
    for table in &doc.tables {
        assert!(out.has_words(&table.title), "{}", table.title);
        for column in &table.columns {
            assert!(out.has_words(&column.title), "{}", column.title);
        }
        let cells = table.rows.iter().chain(&table.total).flatten();
        for cell in cells.filter(|c| !c.is_empty()) {
            assert!(out.has_words(cell), "{cell:?} is printed");
        }
    }
}

#[test]
fn a_long_table_runs_over_pages_with_its_header() {
    let doc = report(200);
    let out = Rendered::new("report-long", &report_pdf(&doc).expect("it prints"));
    let pages = out.pages.len();
    assert!(
        pages > 2,
        "two charts and 200 rows take more than two pages: {pages}"
    );
    for page in 1..=pages {
        assert!(
            out.text.contains(&format!("Page {page} of {pages}")),
            "page {page} is numbered"
        );
    }
    // The payments table starts on page 2 (after the charts) and its header is on every page
    // from then on.
    for page in 2..pages {
        for title in ["Receipt", "Customer", "Amount"] {
            assert!(
                out.words.iter().any(|w| w.page == page && w.text == title),
                "page {} repeats the header {title:?}",
                page + 1
            );
        }
    }
    for i in 0..200 {
        let receipt = format!("R-{:06}", 1000 + i);
        assert_eq!(
            out.words.iter().filter(|w| w.text == receipt).count(),
            1,
            "{receipt} is printed once"
        );
    }
    assert!(out.has_words("KES 999,999.00"), "the total at the end");
    out.assert_within(15.0, "the long report");
}

/// How many pixels of `image` are within a few levels of `colour`.
fn pixels_of(image: &image::RgbImage, colour: tikbill_chart::Rgb) -> usize {
    let near = |a: u8, b: u8| a.abs_diff(b) <= 12;
    image
        .pixels()
        .filter(|Rgb([r, g, b])| near(*r, colour.0) && near(*g, colour.1) && near(*b, colour.2))
        .count()
}

#[test]
fn the_charts_print_in_their_colours() {
    let out = Rendered::new(
        "report-colours",
        &report_pdf(&report(3)).expect("it prints"),
    );
    let page = image::open(&out.pages[0])
        .expect("the page renders")
        .to_rgb8();
    for (series, colour) in [("M-Pesa", 0), ("Cash", 1)] {
        let colour = Theme::Light.series(colour);
        let count = pixels_of(&page, colour);
        assert!(
            count > 2000,
            "{series}'s bars are {} on paper: {count} pixels",
            colour.hex()
        );
    }
    let nothing = Theme::Light.series(5);
    assert!(
        pixels_of(&page, nothing) < 50,
        "no colour of a series the report does not have"
    );
}

#[test]
fn a_ragged_row_is_refused() {
    let mut short = report(3);
    short.tables[0].rows[1].pop();
    let error = report_pdf(&short).expect_err("a row with a cell missing is refused");
    assert!(
        matches!(&error, PrintError::RaggedRow { table, row: Some(2), cells: 2, columns: 3 } if table == "By method"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        r#"the table "By method" has 3 columns, but row 2 has 2 cells"#
    );

    let mut long_total = report(3);
    if let Some(total) = &mut long_total.tables[1].total {
        total.push("extra".into());
    }
    let error = report_pdf(&long_total).expect_err("a total with a cell too many is refused");
    assert_eq!(
        error.to_string(),
        r#"the table "Payments" has 4 columns, but the total row has 5 cells"#
    );
}

#[test]
fn a_chart_that_cannot_be_drawn_is_refused() {
    let mut doc = report(3);
    doc.charts[1].series[0].values[4] = f64::NAN;
    let error = report_pdf(&doc).expect_err("NaN is refused");
    assert!(
        matches!(&error, PrintError::Chart { title, .. } if title == "Customers online"),
        "{error:?}"
    );
}

#[test]
fn an_empty_report_is_one_page() {
    let doc = ReportDocument {
        tables: vec![ReportTable {
            title: "Payments".into(),
            columns: vec![column("Receipt", TextAlign::Left)],
            rows: Vec::new(),
            total: None,
        }],
        charts: vec![Chart {
            title: "Money taken by day".into(),
            ..Chart::default()
        }],
        summary: Vec::new(),
        ..report(0)
    };
    let out = Rendered::new("report-empty", &report_pdf(&doc).expect("it prints"));
    assert_eq!(out.pages.len(), 1);
    assert!(out.text.contains("Page 1 of 1"));
    assert!(
        out.has_words("No data for this period."),
        "the empty table says so"
    );
    assert!(
        out.has_words("No data for this period"),
        "and so does the chart"
    );
}
