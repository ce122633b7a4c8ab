//! Printing cards from the database: a batch, a selection and a day, on a sheet preset, with
//! the hotspot's auto-login URL; the preview is the same layout's first page.

use std::process::Command;

use tikbill_api::{VoucherCodes, VoucherPrintRequest};
use tikbill_core::{router, voucher, CoreError};

use super::{batch_input, codes, stand};
use crate::support::{clock, context, on_each_database};

fn request(layout: &str) -> VoucherPrintRequest {
    VoucherPrintRequest {
        batch_id: None,
        codes: Vec::new(),
        made_on: None,
        layout: layout.into(),
        note: None,
        qr: true,
    }
}

/// The PDF's text, by poppler's pdftotext.
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("cards.pdf");
    std::fs::write(&path, pdf).expect("written");
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_batch_a_selection_and_a_day_print_on_a_sheet_with_their_login_address() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let stand = stand(&ctx, None).await;
        router::set_hotspot_address(&ctx, stand.router, "10.5.50.1")
            .await
            .expect("the hotspot's address");
        assert!(matches!(
            router::set_hotspot_address(&ctx, stand.router, "http://x/ y").await,
            Err(CoreError::Validation { .. })
        ));
        let made = voucher::generate(&ctx, &batch_input(&stand, 33))
            .await
            .expect("batch");
        let codes = codes(&ctx, made.batch.id).await;
        let mut whole = request("a4");
        whole.batch_id = Some(made.batch.id);
        let printed = voucher::print_pdf(&ctx, &whole).await.expect("printed");
        assert_eq!(printed.cards, 33, "{label}");
        assert_eq!(printed.label, format!("batch-{}", made.batch.id));
        let text = text_of(&printed.pdf);
        std::fs::write("/tmp/cards-core.pdf", &printed.pdf).ok();
        for code in &codes {
            assert!(text.contains(code.as_str()), "{label}: {code} printed");
        }
        assert!(text.contains("1 day from first login"), "{label}: {text}");
        assert!(text.contains("IDR"), "{label}");
        let preview = voucher::preview(&ctx, &whole).await.expect("preview");
        assert_eq!(preview.cards, 33);
        assert_eq!(preview.pages, 2, "{label}: 32 cards on an A4 page, then 1");
        assert!(preview.svg.starts_with("<svg") || preview.svg.starts_with("<?xml"));
        assert!(preview.svg.contains(codes[0].as_str()));
        assert!(
            !preview.svg.contains(codes[32].as_str()),
            "the preview is page 1"
        );
        // One card again, on a roll.
        let mut one = request("thermal-58");
        one.codes = vec![codes[5].to_lowercase()];
        let again = voucher::print_pdf(&ctx, &one).await.expect("one card");
        assert_eq!(again.cards, 1);
        assert!(text_of(&again.pdf).contains(codes[5].as_str()));
        // The day's cards, on the office's clock.
        let mut day = request("avery-l7160");
        // 08:00 UTC on 24 November is 15:00 in Jakarta, the same day.
        day.made_on = Some("2026-11-24".into());
        let today = voucher::print_pdf(&ctx, &day).await.expect("today's cards");
        assert_eq!(today.cards, 33, "{label}");
        // Revoked cards are not printed; a bad layout is refused on its field.
        voucher::revoke(
            &ctx,
            &VoucherCodes {
                codes: vec![codes[0].clone()],
                reason: None,
            },
        )
        .await
        .expect("revoked");
        assert_eq!(
            voucher::print_pdf(&ctx, &whole)
                .await
                .expect("printed")
                .cards,
            32
        );
        let bad = voucher::print_pdf(&ctx, &request("a3")).await;
        assert!(
            matches!(bad, Err(CoreError::Validation { .. })),
            "{label}: {bad:?}"
        );
    })
    .await;
}
