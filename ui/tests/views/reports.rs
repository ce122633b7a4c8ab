//! A report drawn from its view: figures, the backend's SVG charts as they came, tables with
//! numbers aligned right and the total in bold; the bell's count and list.

use sycamore::prelude::*;
use tikbill_api::{
    NotificationView, ReportChart, ReportColumn, ReportFigure, ReportKind, ReportTable, ReportView,
};
use tikbill_ui::components::bell::{badge, NotificationList};
use tikbill_ui::pages::reports::ReportResult;

#[test]
fn a_report_shows_its_figures_charts_and_tables() {
    let report = ReportView {
        kind: ReportKind::Revenue,
        title: "Revenue".into(),
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        time_zone: "Africa/Nairobi".into(),
        figures: vec![ReportFigure {
            label: "Taken (KES)".into(),
            value: "12,500.00".into(),
        }],
        charts: vec![ReportChart {
            title: "Money taken (KES)".into(),
            svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect id=\"bar-1\"/></svg>".into(),
        }],
        tables: vec![ReportTable {
            title: "Revenue by method".into(),
            columns: vec![
                ReportColumn {
                    title: "Method".into(),
                    numeric: false,
                },
                ReportColumn {
                    title: "Taken".into(),
                    numeric: true,
                },
            ],
            rows: vec![vec!["Cash".into(), "12,500.00".into()]],
            total: Some(vec!["Total".into(), "12,500.00".into()]),
        }],
    };
    let html = sycamore::render_to_string(move || view! { ReportResult(report=report.clone()) });
    for expected in [
        "id=\"report-title\"",
        "2026-11-01 to 2026-11-30 (Africa/Nairobi)",
        "Taken (KES)",
        "12,500.00",
        "id=\"report-chart-0\"",
        "<rect id=\"bar-1\"",
        "Revenue by method",
        "class=\"total-row\"",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    let cell = html.find("12,500.00</td>").expect("the amount's cell");
    let opened = html[..cell].rfind("<td").expect("its tag");
    assert!(
        html[opened..cell].contains("class=\"num\""),
        "numbers are aligned right: {html}"
    );
}

#[test]
fn the_bell_counts_what_is_unread_and_lists_the_newest() {
    assert_eq!(badge(0), None);
    assert_eq!(badge(3).as_deref(), Some("3"));
    assert_eq!(badge(12).as_deref(), Some("9+"));
    let items = vec![NotificationView {
        id: 7,
        level: "error".into(),
        kind: "router.offline".into(),
        title: "Router Tower 1 is offline".into(),
        body: "Tower 1 did not answer its health check".into(),
        created_at: "2026-11-27T04:00:00Z".into(),
        read: false,
    }];
    let html = sycamore::render_to_string(move || view! { NotificationList(items=items.clone()) });
    assert!(html.contains("notification level-error unread"), "{html}");
    assert!(html.contains("Router Tower 1 is offline"), "{html}");
    let empty = sycamore::render_to_string(|| view! { NotificationList(items=Vec::new()) });
    assert!(empty.contains("Nothing to tell you yet."), "{empty}");
}
