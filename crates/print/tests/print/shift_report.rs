use tikbill_print::{shift_report_pdf, MethodTotal, ShiftReport, ShiftReportLine};

use crate::support::{assert_px, png_size, Rendered};

const CUSTOMERS: [&str; 6] = [
    "Wanjiru Nyambura",
    "Dédé Ñandú",
    "Зоя Петрова",
    "Otieno Kamau",
    "Achieng' Atieno Odhiambo-Wekesa, Kilimani Estate Block C House 12",
    "Mwangi Kariuki",
];
const METHODS: [&str; 3] = ["Cash", "M-Pesa", "Bank"];

fn report(payments: usize) -> ShiftReport {
    ShiftReport {
        office_name: "Kilimani Fibre Networks".into(),
        cashier: "sari (Sarah Wambui)".into(),
        cards: String::new(),
        opened_at: "26 Nov 2026 08:00 EAT".into(),
        closed_at: "26 Nov 2026 17:30 EAT".into(),
        closed_by: "peter (manager)".into(),
        float: "KES 2,000.00".into(),
        by_method: METHODS
            .iter()
            .map(|&method| MethodTotal {
                method: method.into(),
                count: (payments / 3) as u32,
                total: "KES 50,000.00".into(),
            })
            .collect(),
        payments: (0..payments)
            .map(|i| ShiftReportLine {
                time: format!("{:02}:{:02}", 8 + i / 12, (i * 5) % 60),
                receipt_number: format!("R-{:06}", 1000 + i),
                customer: format!("c{i:03} — {}", CUSTOMERS[i % CUSTOMERS.len()]),
                method: METHODS[i % METHODS.len()].into(),
                amount: format!("KES {},500.00", 1 + i % 4),
            })
            .collect(),
        expected_cash: "KES 52,000.00".into(),
        counted_cash: "KES 51,950.00".into(),
        difference: "-KES 50.00".into(),
    }
}

#[test]
fn a_long_shift_runs_over_three_numbered_a4_pages() {
    let report = report(100);
    let out = Rendered::new(
        "shift-report",
        &shift_report_pdf(&report).expect("it prints"),
    );
    assert_eq!(out.pages.len(), 3, "100 payments fill three pages");
    for page in &out.pages {
        let (width, height) = png_size(page);
        assert_px(width, 210.0, "A4's width");
        assert_px(height, 297.0, "A4's height");
    }
    out.assert_within(15.0, "the shift report");
    for page in 1..=3 {
        assert!(
            out.text.contains(&format!("Page {page} of 3")),
            "page {page} is numbered"
        );
    }
    assert!(!out.text.contains("of 4"), "and there is no fourth");
    assert_eq!(
        out.text.matches("Customer").count(),
        3,
        "the table's header is on every page"
    );
    for line in &report.payments {
        assert!(
            out.text.contains(&line.receipt_number),
            "{} is listed",
            line.receipt_number
        );
    }
    for words in [
        "Dédé Ñandú",
        "Зоя Петрова",
        "Achieng' Atieno Odhiambo-Wekesa, Kilimani Estate Block C House 12",
        "-KES 50.00",
        "KES 51,950.00",
        "peter (manager)",
    ] {
        assert!(out.has_words(words), "the report shows {words:?}");
    }
}

#[test]
fn an_empty_shift_is_one_page() {
    let report = ShiftReport {
        by_method: Vec::new(),
        ..report(0)
    };
    let out = Rendered::new(
        "shift-report-empty",
        &shift_report_pdf(&report).expect("it prints"),
    );
    assert_eq!(out.pages.len(), 1);
    assert!(out.text.contains("Page 1 of 1"));
    assert!(out.has_words("No payments in this shift."));
}

#[test]
fn a_shift_with_cards_says_how_many_were_issued_sold_and_returned() {
    let report = ShiftReport {
        cards: "20 issued, 12 sold (KES 600.00), 3 returned".into(),
        ..report(3)
    };
    let out = Rendered::new(
        "shift-report-cards",
        &shift_report_pdf(&report).expect("it prints"),
    );
    assert!(
        out.text
            .contains("20 issued, 12 sold (KES 600.00), 3 returned"),
        "{}",
        out.text
    );
}
