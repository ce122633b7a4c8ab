use std::io::Cursor;

use image::{ImageFormat, Rgba, RgbaImage};
use tikbill_print::{receipt_pdf, Paper, PrintError, Receipt};

use crate::support::{assert_px, png_size, Rendered};

/// A small logo: a teal disc and three signal bars on a transparent ground, as PNG or JPEG.
fn logo(format: ImageFormat) -> Vec<u8> {
    let image = RgbaImage::from_fn(240, 100, |x, y| {
        let (dx, dy) = (x as f32 - 50.0, y as f32 - 50.0);
        let bar = |left: u32, top: u32| x >= left && x < left + 30 && y >= top && y < 95;
        if dx * dx + dy * dy < 45.0 * 45.0 {
            Rgba([0, 128, 128, 255])
        } else if bar(110, 60) || bar(150, 35) || bar(190, 10) {
            Rgba([20, 20, 20, 255])
        } else {
            Rgba([255, 255, 255, 0])
        }
    });
    let mut bytes = Cursor::new(Vec::new());
    if format == ImageFormat::Jpeg {
        image::DynamicImage::ImageRgba8(image)
            .to_rgb8()
            .write_to(&mut bytes, format)
            .expect("the JPEG logo encodes");
    } else {
        image
            .write_to(&mut bytes, format)
            .expect("the PNG logo encodes");
    }
    bytes.into_inner()
}

fn receipt() -> Receipt {
    Receipt {
        office_name: "Kilimani Fibre Networks".into(),
        office_lines: vec![
            "Argwings Kodhek Rd, Nairobi".into(),
            "Tel. +254 700 123 456".into(),
        ],
        logo: Some(logo(ImageFormat::Png)),
        receipt_number: "R-000042".into(),
        issued_at: "26 Nov 2026 14:05 EAT".into(),
        customer: "jdoe — Dédé Ñandú".into(),
        plan: "Home 10M".into(),
        period: "1 × 30 days".into(),
        new_expiry: "26 Dec 2026 14:05".into(),
        amount: "KES 1,500.00".into(),
        method: "Cash".into(),
        reference: "CASH-7781".into(),
        cashier: "sari (cashier)".into(),
        credit_line: Some("To credit: KES 20.00".into()),
        reprint: false,
        footer: Some("Thank you for your payment!".into()),
    }
}

/// Prints `receipt` on `paper` as `name`, and checks what every receipt must show.
fn check(name: &str, receipt: &Receipt, paper: Paper, width_mm: f32) -> Rendered {
    let pdf = receipt_pdf(receipt, paper).expect("the receipt prints");
    let out = Rendered::new(name, &pdf);
    assert_eq!(out.pages.len(), 1, "{name}: a receipt is one page");
    let (width, height) = png_size(&out.pages[0]);
    assert_px(width, width_mm, &format!("{name}: the paper's width"));
    assert!(
        height > width / 2,
        "{name}: a real page, {width}×{height} px"
    );
    for must in [
        receipt.receipt_number.as_str(),
        &receipt.customer,
        &receipt.amount,
        &receipt.office_name,
        &receipt.new_expiry,
        &receipt.cashier,
    ] {
        assert!(out.has_words(must), "{name} shows {must:?}:\n{}", out.text);
    }
    assert_eq!(
        out.text.contains("REPRINT"),
        receipt.reprint,
        "{name}: REPRINT exactly when it is one"
    );
    let margin = (width_mm - paper.printable_width_mm()) / 2.0;
    out.assert_within(margin, name);
    assert!(
        pdf.len() < 150_000,
        "{name}: the font is subset, the PDF is {} bytes",
        pdf.len()
    );
    out
}

#[test]
fn every_paper_prints_the_receipt() {
    check("receipt-80mm", &receipt(), Paper::Thermal80, 80.0);
    check("receipt-58mm", &receipt(), Paper::Thermal58, 58.0);
    let a5 = check("receipt-a5", &receipt(), Paper::A5, 148.0);
    assert_px(png_size(&a5.pages[0]).1, 210.0, "A5's height");
}

#[test]
fn a_reprint_says_so_and_any_alphabet_prints() {
    let reprint = Receipt {
        reprint: true,
        customer: "zoya — Зоя Wanjiru Nyambura".into(),
        logo: Some(logo(ImageFormat::Jpeg)),
        credit_line: None,
        ..receipt()
    };
    let out = check("receipt-80mm-reprint", &reprint, Paper::Thermal80, 80.0);
    assert!(out.text.contains("Зоя"), "Cyrillic survives:\n{}", out.text);
    let out = check("receipt-58mm-plain", &receipt(), Paper::Thermal58, 58.0);
    assert!(
        out.has_words("Dédé Ñandú"),
        "accents survive:\n{}",
        out.text
    );
}

#[test]
fn a_long_name_wraps_on_58mm_and_loses_nothing() {
    let long_name = "jdoe — Wanjiru Nyambura Kamau-Otieno wa Mathenge of Kilimani Estate House 12";
    let short = check("receipt-58mm-short", &receipt(), Paper::Thermal58, 58.0);
    let long = check(
        "receipt-58mm-long-name",
        &Receipt {
            customer: long_name.into(),
            ..receipt()
        },
        Paper::Thermal58,
        58.0,
    );
    assert!(
        long.has_words(long_name),
        "every word is printed:\n{}",
        long.text
    );
    assert!(
        long.lines(0) >= short.lines(0) + 2,
        "the name takes more lines: {} against {}",
        long.lines(0),
        short.lines(0)
    );
    assert!(
        png_size(&long.pages[0]).1 > png_size(&short.pages[0]).1,
        "and the slip is longer"
    );
}

#[test]
fn a_bad_logo_is_an_error_not_a_panic() {
    let mut truncated = logo(ImageFormat::Png);
    truncated.truncate(truncated.len() / 2);
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    for (why, bytes) in [
        ("not an image", b"this is not a picture".to_vec()),
        ("empty", Vec::new()),
        ("a truncated PNG", truncated),
        ("a GIF", gif),
    ] {
        let receipt = Receipt {
            logo: Some(bytes),
            ..receipt()
        };
        for paper in [Paper::Thermal80, Paper::Thermal58, Paper::A5] {
            match receipt_pdf(&receipt, paper) {
                Err(PrintError::Logo(reason)) => assert!(!reason.is_empty(), "{why}: a reason"),
                other => panic!("{why} on {paper:?}: expected PrintError::Logo, got {other:?}"),
            }
        }
    }
    let without = Receipt {
        logo: None,
        ..receipt()
    };
    check("receipt-80mm-no-logo", &without, Paper::Thermal80, 80.0);
}

/// An empty receipt, characters the font lacks, a huge and a thin logo, a tab and a newline in
/// the office's name: all print on one slip within the margins.
#[test]
fn odd_input_still_prints() {
    let big_logo = {
        let image = RgbaImage::from_fn(900, 300, |x, _| Rgba([(x % 256) as u8, 0, 0, 255]));
        let mut bytes = Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, ImageFormat::Png)
            .expect("the big logo encodes");
        bytes.into_inner()
    };
    let tall_logo = {
        let image = RgbaImage::from_fn(20, 400, |_, _| Rgba([0, 0, 0, 255]));
        let mut bytes = Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, ImageFormat::Png)
            .expect("the tall logo encodes");
        bytes.into_inner()
    };
    let cases = [
        ("receipt-58mm-empty", Receipt::default()),
        (
            "receipt-58mm-odd",
            Receipt {
                customer: "ali — 李小龍 🙂 Ωmega".into(),
                amount: "KES 1,500,000,000.00".into(),
                logo: Some(big_logo),
                office_name: "Kilimani\tFibre\nNetworks".into(),
                ..receipt()
            },
        ),
        (
            "receipt-58mm-tall-logo",
            Receipt {
                logo: Some(tall_logo),
                ..receipt()
            },
        ),
    ];
    for (name, receipt) in cases {
        let pdf = receipt_pdf(&receipt, Paper::Thermal58).expect("odd input still prints");
        let out = Rendered::new(name, &pdf);
        assert_eq!(out.pages.len(), 1, "{name}: one slip");
        assert_px(png_size(&out.pages[0]).0, 58.0, name);
        if !out.words.is_empty() {
            out.assert_within(5.0, name);
        }
        assert!(
            pdf.len() < 150_000,
            "{name}: a big logo is shrunk, the PDF is {} bytes",
            pdf.len()
        );
        if name == "receipt-58mm-odd" {
            assert!(
                out.has_words("ali — \u{FFFD}\u{FFFD}\u{FFFD} \u{FFFD} Ωmega"),
                "characters DejaVu lacks print as the replacement character, the rest as \
                 written:\n{}",
                out.text
            );
            assert!(
                out.has_words("KES 1,500,000,000.00"),
                "a long amount is set smaller, whole"
            );
        }
    }
}
