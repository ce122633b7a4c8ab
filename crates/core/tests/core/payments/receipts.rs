//! Receipts and shift reports from stored payments: the office's header, the receipt number,
//! money as the office writes it, the new expiry in the office's zone, REPRINT from the second
//! print on; rendered to PNG (pdftoppm) under target/tmp/receipts/ to be looked at.

use std::path::PathBuf;
use std::process::Command;

use tikbill_api::{
    CloseShiftInput, LogoInput, OpenShiftInput, ReceiptPaper, ReceiptRequest, ReceiptSettings,
    StaffInput, StaffRole,
};
use tikbill_core::{payment, settings, shift, staff, Actor};

use super::{cash, shop};
use crate::support::{clock, context, on_each_database};

/// A 1×1 PNG.
const LOGO_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// Writes `pdf` as `name.pdf`, renders it to PNG and returns its text.
fn rendered(name: &str, pdf: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("receipts");
    std::fs::create_dir_all(&dir).expect("the folder");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("the PDF");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "100"])
        .arg(&path)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm runs (poppler-utils)");
    assert!(status.success(), "{name} renders");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

#[tokio::test]
async fn a_receipt_shows_the_payment_and_a_second_print_says_reprint() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, 1).await;
        let id = shop.customers[0].id;
        settings::save_receipt_settings(
            &ctx,
            &ReceiptSettings {
                office_name: "Warnet Jaya".into(),
                lines: vec!["Jl. Merdeka 5, Bandung".into(), "0812 3456 7890".into()],
                footer: "Terima kasih!".into(),
                paper: ReceiptPaper::Thermal80,
                has_logo: false,
            },
        )
        .await
        .expect("receipt settings");
        let with_logo = settings::set_logo(
            &ctx,
            &LogoInput {
                base64: Some(LOGO_PNG.into()),
            },
        )
        .await
        .expect("the logo");
        assert!(with_logo.has_logo);
        // A PNG's first bytes and nothing after: refused when set, not at every receipt.
        let damaged = settings::set_logo(
            &ctx,
            &LogoInput {
                base64: Some("iVBORw0KGgoAAAANSUhEUgAA".into()),
            },
        )
        .await;
        assert!(
            matches!(damaged, Err(tikbill_core::CoreError::Validation { .. })),
            "{label}: {damaged:?}"
        );
        let added = staff::add(
            &ctx,
            &StaffInput {
                username: "sari".into(),
                name: "Sari Dewi".into(),
                role: StaffRole::Cashier,
                password: "sari-password-1".into(),
            },
        )
        .await
        .expect("a cashier");
        let sari = ctx.acting_as(Actor::staff(added.id, "sari", StaffRole::Cashier));
        let opened = shift::open(
            &sari,
            &OpenShiftInput {
                float: "50000".into(),
                currency: "IDR".into(),
            },
        )
        .await
        .expect("a shift");
        let paid = payment::record(&sari, &cash(Some(id), "175000"))
            .await
            .expect("paid");
        let request = ReceiptRequest {
            payment_id: paid.id,
            paper: None,
        };
        let first = payment::receipt_pdf(&sari, &request)
            .await
            .expect("the receipt");
        assert_eq!(first.label, "R-000001");
        let text = rendered(&format!("receipt-80mm-{label}"), &first.pdf);
        for expected in [
            "Warnet Jaya",
            "R-000001",
            "user0",
            "User 0",
            "Daily",
            "1 × 1 day",
            "IDR 175,000",
            "To credit: IDR 25,000",
            "Cash",
            "sari (Sari Dewi)",
            "Terima kasih!",
            "WIB",
        ] {
            assert!(
                text.contains(expected),
                "{label}: '{expected}' on the receipt:\n{text}"
            );
        }
        assert!(
            !text.contains("REPRINT"),
            "{label}: the first print is no reprint"
        );
        let again = payment::receipt_pdf(
            &sari,
            &ReceiptRequest {
                payment_id: paid.id,
                paper: Some(ReceiptPaper::Thermal58),
            },
        )
        .await
        .expect("a reprint");
        let text = rendered(&format!("receipt-58mm-reprint-{label}"), &again.pdf);
        assert!(text.contains("REPRINT"), "{label}: {text}");
        let a5 = payment::receipt_pdf(
            &sari,
            &ReceiptRequest {
                payment_id: paid.id,
                paper: Some(ReceiptPaper::A5),
            },
        )
        .await
        .expect("on A5");
        rendered(&format!("receipt-a5-{label}"), &a5.pdf);

        shift::close(
            &sari,
            &CloseShiftInput {
                shift_id: opened.id,
                counted: "225000".into(),
                note: None,
            },
        )
        .await
        .expect("closed");
        let report = shift::report_pdf(&sari, opened.id)
            .await
            .expect("the report");
        let text = rendered(&format!("shift-report-{label}"), &report);
        for expected in [
            "sari (Sari Dewi)",
            "R-000001",
            "IDR 50,000",
            "IDR 225,000",
            "Page 1 of 1",
        ] {
            assert!(
                text.contains(expected),
                "{label}: '{expected}' in the report:\n{text}"
            );
        }
    })
    .await;
}
