//! A batch of 10,000 voucher cards with QR codes (each card its own login URL, code, password
//! and serial; one plan, price and note, as a batch has) on the `a4` preset: 313 pages of
//! 4 × 8 cards, the last one half full. The target is under 1.5 s and under 4 MB for the PDF
//! (release build); it prints the PDF's size once, then criterion times the PDF and, for
//! comparison, the SVG of every page (which the app never asks for: it previews page 1).
//!
//! Run: `cargo bench -p tikbill-print --bench voucher_sheet`; with
//! `VOUCHER_BENCH_ONCE=/tmp/v.pdf` it writes the PDF there and stops after the first run.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tikbill_print::{
    voucher_sheet_pdf, voucher_sheet_svg, CardTemplate, Layout, SheetInput, VoucherCard,
};

fn cards(count: usize) -> Vec<VoucherCard> {
    (0..count)
        .map(|i| {
            // Codes as a batch generator makes them: 8 letters and digits, password apart.
            let code = format!("K{:07X}", (i as u64 * 2_654_435_761) % 0x0FFF_FFFF);
            let password = format!("{:06}", (i as u64 * 40_503) % 1_000_000);
            VoucherCard {
                login_url: Some(format!(
                    "http://10.5.50.1/login?username={code}&password={password}"
                )),
                code,
                password: Some(password),
                plan: "1 Day 5 Mbps".into(),
                price: "KES 50.00".into(),
                validity: "24 hours".into(),
                data_cap: Some("2 GB".into()),
                serial: format!("B7-{:06}", i + 1),
                note: Some("Connect to Kilimani-WiFi".into()),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let layout = Layout::preset("a4").expect("a4 is a preset");
    let template = CardTemplate::default();
    let input = SheetInput {
        office_name: "Kilimani Fibre Networks".into(),
        logo: None,
    };
    let cards = cards(10_000);
    let started = std::time::Instant::now();
    let pdf = voucher_sheet_pdf(&layout, &template, &input, &cards).expect("the sheet prints");
    println!(
        "10,000 cards on a4: {} pages, PDF {:.2} MB, first run {:.2} s",
        cards.len().div_ceil(layout.cards_per_page()),
        pdf.len() as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64()
    );
    // `VOUCHER_BENCH_ONCE=/some/file.pdf`: write that PDF there and stop.
    if let Some(path) = std::env::var_os("VOUCHER_BENCH_ONCE") {
        std::fs::write(path, &pdf).expect("the PDF is written");
        return;
    }
    let mut group = c.benchmark_group("voucher_sheet");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("pdf_a4_10000_cards", |b| {
        b.iter(|| voucher_sheet_pdf(&layout, &template, &input, &cards).expect("prints"))
    });
    group.bench_function("svg_a4_10000_cards", |b| {
        b.iter(|| voucher_sheet_svg(&layout, &template, &input, &cards).expect("draws"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
