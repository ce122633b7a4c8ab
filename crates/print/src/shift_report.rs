//! The cashier's shift report: A4 portrait, the payments table running over as many pages as
//! it needs, its header repeated on each and every page numbered "Page n of m".

use crate::a4::{column, heading, number_pages, pager, BODY, MARGIN, WIDTH};
use crate::error::PrintError;
use crate::fonts::{Fonts, Style};
use crate::layout::{row, Align, Block, Page};
use crate::table::{cell, header, push_rows, striped, table_row, GUTTER};

/// What a shift report shows, every value already formatted by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShiftReport {
    pub office_name: String,
    /// Who ran the till, e.g. "sari (Sarah Wambui)".
    pub cashier: String,
    /// e.g. "26 Nov 2026 08:00 EAT".
    pub opened_at: String,
    /// e.g. "26 Nov 2026 17:30 EAT".
    pub closed_at: String,
    /// Who closed the shift (the cashier or a manager).
    pub closed_by: String,
    /// The cash in the drawer when the shift opened, e.g. "KES 2,000.00".
    pub float: String,
    /// Prepaid cards in the shift, e.g. "20 issued, 12 sold (KES 600.00), 3 returned"; empty
    /// when the shift had none.
    pub cards: String,
    /// One row per payment method, in the order given.
    pub by_method: Vec<MethodTotal>,
    /// Every payment of the shift, in the order given.
    pub payments: Vec<ShiftReportLine>,
    /// The cash that should be in the drawer: float plus cash taken.
    pub expected_cash: String,
    /// The cash counted at close.
    pub counted_cash: String,
    /// Counted minus expected, e.g. "-KES 50.00".
    pub difference: String,
}

/// The payments of one method in a shift.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MethodTotal {
    /// e.g. "Cash", "M-Pesa".
    pub method: String,
    /// How many payments.
    pub count: u32,
    /// Their sum, e.g. "KES 12,500.00".
    pub total: String,
}

/// One payment in the shift report's table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShiftReportLine {
    /// e.g. "14:05".
    pub time: String,
    pub receipt_number: String,
    pub customer: String,
    pub method: String,
    pub amount: String,
}

/// The shift report as an A4 PDF.
pub fn shift_report_pdf(report: &ShiftReport) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::load()?;
    let pages = layout(&fonts, report);
    crate::pdf::write("Cashier shift report", &pages, &fonts, None)
}

pub(crate) fn layout(fonts: &Fonts, report: &ShiftReport) -> Vec<Page> {
    let column = column(fonts);
    let body = Style::regular(BODY);
    let strong = Style::bold(BODY);
    let mut pager = pager();

    pager.push(column.text(&report.office_name, Style::bold(16.0), Align::Left));
    pager.push(column.text("Cashier shift report", Style::regular(12.0), Align::Left));
    pager.push(Block::gap(3.0));
    for (label, value) in [
        ("Cashier", &report.cashier),
        ("Opened", &report.opened_at),
        ("Closed", &report.closed_at),
        ("Closed by", &report.closed_by),
        ("Opening float", &report.float),
        ("Cards", &report.cards),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    {
        pager.push(row(
            fonts,
            &[
                cell(label, MARGIN, 32.0, Align::Left, body),
                cell(
                    value,
                    MARGIN + 32.0,
                    column.width - 32.0,
                    Align::Left,
                    strong,
                ),
            ],
            0.4,
        ));
    }

    // Totals by method: a narrow table.
    let method_cols = [
        (MARGIN, 70.0, Align::Left),
        (MARGIN + 70.0, 30.0, Align::Right),
        (MARGIN + 100.0, 45.0, Align::Right),
    ];
    let table_width = 145.0;
    let counts: Vec<String> = report
        .by_method
        .iter()
        .map(|m| m.count.to_string())
        .collect();
    let mut method_rows = vec![
        heading(column, "Totals by method"),
        header(
            fonts,
            &method_cols,
            &["Method", "Payments", "Total"],
            table_width,
        ),
    ];
    for (i, (m, count)) in report.by_method.iter().zip(&counts).enumerate() {
        method_rows.push(striped(
            table_row(fonts, &method_cols, &[&m.method, count, &m.total], body),
            i,
            table_width,
        ));
    }
    if report.by_method.is_empty() {
        method_rows.push(column.text("No payments in this shift.", body, Align::Left));
    }
    method_rows.push(column.part(MARGIN, table_width).rule(1.0, 0.3, false));
    pager.push_together(method_rows);

    // The payments, each column as wide as its widest entry (within reason) and the customer
    // taking the rest.
    let natural = |header: &str, values: &mut dyn Iterator<Item = &str>, cap: f32| {
        values
            .map(|v| fonts.width(v, body))
            .fold(fonts.width(header, strong), f32::max)
            .min(cap)
    };
    let p = &report.payments;
    let time_w = natural("Time", &mut p.iter().map(|l| l.time.as_str()), 35.0);
    let receipt_w = natural(
        "Receipt",
        &mut p.iter().map(|l| l.receipt_number.as_str()),
        35.0,
    );
    let method_w = natural("Method", &mut p.iter().map(|l| l.method.as_str()), 35.0);
    let amount_w = natural("Amount", &mut p.iter().map(|l| l.amount.as_str()), 40.0);
    let customer_w = column.width - time_w - receipt_w - method_w - amount_w - 4.0 * GUTTER;
    let mut x = MARGIN;
    let mut next = |w: f32, align| {
        let col = (x, w, align);
        x += w + GUTTER;
        col
    };
    let cols = [
        next(time_w, Align::Left),
        next(receipt_w, Align::Left),
        next(customer_w, Align::Left),
        next(method_w, Align::Left),
        next(amount_w, Align::Right),
    ];
    let titles = ["Time", "Receipt", "Customer", "Method", "Amount"];
    let table_header = header(fonts, &cols, &titles, column.width);
    let title = heading(column, &format!("Payments ({})", p.len()));
    if p.is_empty() {
        pager.push_together(vec![
            title.clone(),
            column.text("No payments in this shift.", body, Align::Left),
        ]);
    }
    let rows = p.iter().enumerate().map(|(i, line)| {
        let values = [
            line.time.as_str(),
            &line.receipt_number,
            &line.customer,
            &line.method,
            &line.amount,
        ];
        striped(table_row(fonts, &cols, &values, body), i, column.width)
    });
    push_rows(&mut pager, title, table_header, rows);
    if !p.is_empty() {
        pager.push(column.rule(1.0, 0.3, false));
    }

    // Closing figures, on the right, kept together.
    let close_left = WIDTH - MARGIN - 90.0;
    let close = column.part(close_left, 90.0);
    let mut closing =
        vec![Block::gap(3.0).then(close.text("Closing", Style::bold(11.0), Align::Left))];
    closing.push(Block::gap(1.0));
    closing.push(
        close
            .pair("Expected cash", &report.expected_cash, body, body)
            .then(Block::gap(0.8)),
    );
    closing.push(close.pair("Counted cash", &report.counted_cash, body, body));
    closing.push(close.rule(1.6, 0.3, false));
    closing.push(close.pair("Difference", &report.difference, strong, Style::bold(10.0)));
    pager.push_together(closing);

    let mut pages = pager.finish();
    let footer_note = format!(
        "Cashier shift report — {}, closed {}",
        report.cashier, report.closed_at
    );
    number_pages(&mut pages, column, &footer_note);
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Mark;

    fn report(payments: usize) -> ShiftReport {
        ShiftReport {
            office_name: "Kilimani Fibre Networks".into(),
            cashier: "sari".into(),
            opened_at: "26 Nov 2026 08:00 EAT".into(),
            closed_at: "26 Nov 2026 17:30 EAT".into(),
            closed_by: "sari".into(),
            float: "KES 2,000.00".into(),
            cards: String::new(),
            by_method: vec![MethodTotal {
                method: "Cash".into(),
                count: payments as u32,
                total: "KES 1.00".into(),
            }],
            payments: (0..payments)
                .map(|i| ShiftReportLine {
                    time: "14:05".into(),
                    receipt_number: format!("R-{i:06}"),
                    customer: if i % 10 == 0 {
                        "Wanjiru Nyambura Kamau-Otieno wa Mathenge, Kilimani Estate Block C House 12"
                            .into()
                    } else {
                        "Dédé Ñandú".into()
                    },
                    method: "Cash".into(),
                    amount: "KES 1,500.00".into(),
                })
                .collect(),
            expected_cash: "KES 3,500.00".into(),
            counted_cash: "KES 3,450.00".into(),
            difference: "-KES 50.00".into(),
        }
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn long_tables_run_over_numbered_pages_with_their_header() {
        let fonts = Fonts::load().unwrap();
        let pages = layout(&fonts, &report(100));
        assert_eq!(pages.len(), 3, "100 payments take three pages");
        for (i, page) in pages.iter().enumerate() {
            let texts = texts(page);
            assert!(
                texts.contains(&format!("Page {} of 3", i + 1).as_str()),
                "page {} is numbered",
                i + 1
            );
            assert!(
                texts.contains(&"Customer"),
                "page {} has the table header",
                i + 1
            );
        }
        crate::a4::assert_within_margins(&fonts, &pages);
        let receipts: usize = pages
            .iter()
            .map(|p| texts(p).iter().filter(|t| t.starts_with("R-")).count())
            .sum();
        assert_eq!(receipts, 100, "every payment is printed once");
        assert!(
            texts(&pages[2]).contains(&"Difference"),
            "closing figures at the end"
        );
    }

    #[test]
    fn an_empty_shift_is_one_page() {
        let fonts = Fonts::load().unwrap();
        let pages = layout(
            &fonts,
            &ShiftReport {
                by_method: Vec::new(),
                ..report(0)
            },
        );
        assert_eq!(pages.len(), 1);
        let texts = texts(&pages[0]);
        assert!(texts.contains(&"Page 1 of 1"));
        assert!(texts.contains(&"No payments in this shift."));
    }
}
