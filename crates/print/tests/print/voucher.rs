//! Voucher sheets as they print: every preset over pages (the last one partial), the text
//! poppler reads, the cut marks on the pixels, every QR code read back from a 300 dpi render,
//! the SVG preview against the PDF, and approved images of three presets.

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use image::{GrayImage, ImageFormat, Rgba, RgbaImage};
use tikbill_print::{
    voucher_sheet_pdf, voucher_sheet_svg, CardTemplate, Layout, LayoutError, PageSize, PrintError,
    SheetInput, VoucherCard, PRESETS,
};

use crate::support::{assert_px, out_dir, png_size, Rendered};

/// A small logo: a teal disc and three bars on a transparent ground.
fn logo() -> Vec<u8> {
    let image = RgbaImage::from_fn(120, 50, |x, y| {
        let (dx, dy) = (x as f32 - 25.0, y as f32 - 25.0);
        let bar = |left: u32, top: u32| x >= left && x < left + 15 && y >= top && y < 48;
        if dx * dx + dy * dy < 22.0 * 22.0 {
            Rgba([0, 128, 128, 255])
        } else if bar(55, 30) || bar(75, 18) || bar(95, 5) {
            Rgba([20, 20, 20, 255])
        } else {
            Rgba([255, 255, 255, 0])
        }
    });
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, ImageFormat::Png)
        .expect("the logo encodes");
    bytes.into_inner()
}

fn input() -> SheetInput {
    SheetInput {
        office_name: "Kilimani Fibre".into(),
        logo: Some(logo()),
    }
}

/// `count` cards, each with its own code, password, serial and login URL. Every third card's
/// password is its code, every fourth has no data cap, every fifth no URL (so no QR code).
fn cards(count: usize) -> Vec<VoucherCard> {
    (0..count)
        .map(|i| {
            let code = format!("K{:05}Q", 7 * i + 11);
            let password = if i % 3 == 0 {
                code.clone()
            } else {
                format!("{:06}", (i * 40_503) % 1_000_000)
            };
            VoucherCard {
                login_url: (i % 5 != 4)
                    .then(|| format!("http://10.5.50.1/login?username={code}&password={password}")),
                password: Some(password),
                code,
                plan: "1 Day 5 Mbps".into(),
                price: "KES 50.00".into(),
                validity: "24 hours".into(),
                data_cap: (i % 4 != 3).then(|| "2 GB".into()),
                serial: format!("B7-{:05}", i + 1),
                note: Some("Connect to Kilimani-WiFi".into()),
            }
        })
        .collect()
}

/// How many cards to print on `layout`: two full pages and an odd part of a third (rolls:
/// five cards).
fn count(layout: &Layout) -> usize {
    match layout.cards_per_page() {
        1 => 5,
        per_page => 2 * per_page + per_page / 2 + 1,
    }
}

#[test]
fn every_preset_prints_every_card() {
    for name in PRESETS {
        let layout = Layout::preset(name).expect("a preset");
        let cards = cards(count(&layout));
        let pages = cards.len().div_ceil(layout.cards_per_page());
        let pdf = voucher_sheet_pdf(&layout, &CardTemplate::default(), &input(), &cards)
            .expect("the sheet prints");
        let out = Rendered::new(&format!("voucher-{name}"), &pdf);
        assert_eq!(out.pages.len(), pages, "{name}: {} cards", cards.len());
        for page in &out.pages {
            let (w, h) = png_size(page);
            assert_px(w, layout.page.width_mm, &format!("{name}: page width"));
            assert_px(h, layout.page.height_mm, &format!("{name}: page height"));
        }
        for card in [&cards[0], &cards[1], &cards[cards.len() - 1]] {
            for must in [&card.code, &card.serial] {
                assert!(
                    out.text.contains(must.as_str()),
                    "{name} shows {must:?}:\n{}",
                    out.text
                );
            }
        }
        // Card 0's password is its code: not printed. Card 1's is printed.
        assert!(
            out.has_words(&format!(
                "Password: {}",
                cards[1].password.as_deref().unwrap_or("")
            )),
            "{name}: a password apart from the code prints"
        );
        assert!(
            !out.text.contains(&format!("Password: {}", cards[0].code)),
            "{name}: a password equal to the code is left off"
        );
        assert_eq!(
            out.text.matches("Data 2 GB").count(),
            cards.iter().filter(|c| c.data_cap.is_some()).count(),
            "{name}: a card without a data cap has no data line"
        );
        assert_words_inside_cards(&out, &layout, name);

        let svgs = voucher_sheet_svg(&layout, &CardTemplate::default(), &input(), &cards)
            .expect("the preview draws");
        assert_eq!(svgs.len(), pages, "{name}: one SVG per page");
        let mut qr_paths = 0;
        let mut codes = 0;
        for svg in &svgs {
            let doc = roxmltree::Document::parse(svg).expect("the SVG is XML");
            let root = doc.root_element();
            assert_eq!(
                root.attribute("viewBox"),
                Some(format!("0 0 {} {}", layout.page.width_mm, layout.page.height_mm).as_str()),
                "{name}: the preview is in mm"
            );
            qr_paths += root
                .descendants()
                .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("qr"))
                .count();
            codes += root
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter(|n| cards.iter().any(|c| n.text() == Some(c.code.as_str())))
                .count();
            assert!(
                svg.contains("data:image/png;base64,"),
                "{name}: the logo is inline"
            );
        }
        assert_eq!(
            qr_paths,
            cards.iter().filter(|c| c.login_url.is_some()).count(),
            "{name}: a QR code for each card with a URL"
        );
        assert_eq!(codes, cards.len(), "{name}: every code in the preview");
    }
}

/// Every word poppler finds lies inside a card of its page (so nothing spills over).
fn assert_words_inside_cards(out: &Rendered, layout: &Layout, name: &str) {
    let pt = |mm: f32| mm / 25.4 * 72.0;
    for word in &out.words {
        let inside = (0..layout.cards_per_page()).any(|i| {
            let col = (i % layout.cols as usize) as f32;
            let row = (i / layout.cols as usize) as f32;
            let x = layout.margin_left_mm + col * (layout.card_width_mm + layout.gutter_x_mm);
            let y = layout.margin_top_mm + row * (layout.card_height_mm + layout.gutter_y_mm);
            word.x_min >= pt(x) - 0.5
                && word.x_max <= pt(x + layout.card_width_mm) + 0.5
                && word.y_min >= pt(y) - 0.5
                && word.y_min <= pt(y + layout.card_height_mm)
        });
        assert!(inside, "{name}: {word:?} is inside a card");
    }
}

/// Page 1 of `pdf` as a greyscale image at `dpi`.
fn render(name: &str, pdf: &[u8], dpi: u32) -> GrayImage {
    let dir = out_dir();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("the PDF is written");
    let stem = dir.join(format!("{name}-{dpi}dpi"));
    let status = Command::new("pdftoppm")
        .args(["-png", "-gray", "-singlefile", "-f", "1", "-l", "1", "-r"])
        .arg(dpi.to_string())
        .arg(&path)
        .arg(&stem)
        .status()
        .expect("pdftoppm runs (install poppler-utils)");
    assert!(status.success(), "pdftoppm renders {name}");
    image::open(stem.with_extension("png"))
        .expect("the PNG opens")
        .to_luma8()
}

#[test]
fn every_qr_code_reads_back_as_its_cards_url() {
    for name in ["a4", "avery-5160", "thermal-58"] {
        let layout = Layout::preset(name).expect("a preset");
        let cards = cards(layout.cards_per_page());
        let pdf = voucher_sheet_pdf(&layout, &CardTemplate::default(), &input(), &cards)
            .expect("the sheet prints");
        let page = render(&format!("voucher-qr-{name}"), &pdf, 300);
        // Each card's QR box, read alone: a whole page of codes in a grid lets a reader pair
        // finder patterns of different codes into a false one.
        let qr_box = layout
            .fields
            .iter()
            .find(|b| b.field == tikbill_print::Field::Qr)
            .expect("the preset places a QR code");
        let px = |mm: f32| (mm / 25.4 * 300.0).round() as u32;
        let mut read = BTreeSet::new();
        for (i, card) in cards.iter().enumerate() {
            let col = (i % layout.cols as usize) as f32;
            let row = (i / layout.cols as usize) as f32;
            let x = layout.margin_left_mm + col * (layout.card_width_mm + layout.gutter_x_mm);
            let y = layout.margin_top_mm + row * (layout.card_height_mm + layout.gutter_y_mm);
            let crop = image::imageops::crop_imm(
                &page,
                px(x + qr_box.x_mm - 1.0),
                px(y + qr_box.y_mm - 1.0),
                px(qr_box.width_mm + 2.0),
                px(qr_box.height_mm + 2.0),
            )
            .to_image();
            let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
                crop.width() as usize,
                crop.height() as usize,
                |x, y| crop.get_pixel(x as u32, y as u32).0[0],
            );
            let grids = prepared.detect_grids();
            let urls: Vec<String> = grids
                .iter()
                .map(|grid| {
                    grid.decode()
                        .unwrap_or_else(|e| panic!("{name}: card {i}'s code decodes: {e:?}"))
                        .1
                })
                .collect();
            assert_eq!(
                urls,
                card.login_url.clone().into_iter().collect::<Vec<_>>(),
                "{name}: card {i} has the QR code of its URL (none without one)"
            );
            read.extend(urls);
        }
        let expect: BTreeSet<String> = cards.iter().filter_map(|c| c.login_url.clone()).collect();
        assert_eq!(read, expect, "{name}: each card's URL, each once");
    }
}

#[test]
fn cut_marks_are_where_the_cards_meet() {
    // a4 at 100 dpi: 4 × 8 cards of 47.5 × 34.625 mm from (10, 10) mm.
    let layout = Layout::preset("a4").expect("a4");
    let pdf =
        voucher_sheet_pdf(&layout, &CardTemplate::default(), &input(), &cards(5)).expect("prints");
    let page = render("voucher-cuts-a4", &pdf, 100);
    let px = |mm: f32| (mm / 25.4 * 100.0).round() as u32;
    let dark = |x: u32, y: u32| page.get_pixel(x, y).0[0] < 128;
    let dark_near = |x: u32, y: u32| (x.saturating_sub(1)..=x + 1).any(|x| dark(x, y));
    for col in 0..=4 {
        let x = px(10.0 + col as f32 * 47.5);
        assert!(
            dark_near(x, px(7.0)),
            "a crop mark above the column edge at {x} px"
        );
        assert!(dark_near(x, px(290.0)), "and one under the grid at {x} px");
        if col < 4 {
            assert!(!dark_near(x + px(10.0), px(7.0)), "only at the edges");
        }
    }
    for row in 0..=8 {
        let y = px(10.0 + row as f32 * 34.625);
        assert!(
            (y - 1..=y + 1).any(|y| dark(px(7.0), y)),
            "a crop mark left of row edge {row}"
        );
    }
    // Five cards: the outline reaches the second row's first card, not further.
    let grey_row = |y: u32, from: f32, to: f32| {
        (px(from)..px(to))
            .filter(|&x| (y - 1..=y + 1).any(|y| page.get_pixel(x, y).0[0] < 230))
            .count()
    };
    let second_row_bottom = px(10.0 + 2.0 * 34.625);
    assert!(
        grey_row(second_row_bottom, 12.0, 55.0) > 100,
        "the fifth card's bottom edge is drawn (dashed)"
    );
    assert!(
        grey_row(second_row_bottom, 60.0, 100.0) < 5,
        "no outline under the empty cell beside it"
    );

    // A roll: a dashed line across the paper under each card.
    let roll = Layout::preset("thermal-58").expect("thermal-58");
    let pdf =
        voucher_sheet_pdf(&roll, &CardTemplate::default(), &input(), &cards(3)).expect("prints");
    let page = render("voucher-cuts-58", &pdf, 100);
    let y = px(roll.page.height_mm - 1.0);
    let marked = (0..page.width())
        .filter(|&x| (y - 1..=y + 1).any(|y| page.get_pixel(x, y).0[0] < 128))
        .count() as f32;
    let share = marked / page.width() as f32;
    assert!(
        (0.4..0.85).contains(&share),
        "the cut line is dashed across the roll: {share:.2} of it is ink"
    );
}

#[test]
fn long_texts_are_cut_to_the_card_and_codes_shrink_whole() {
    let layout = Layout::preset("avery-l7160").expect("a preset");
    let mut cards = cards(3);
    cards[0].plan = "Unlimited Weekend Family Streaming Bundle 20 Mbps".into();
    cards[0].note = Some("word ".repeat(500));
    // The longest code a batch makes: an 8-character prefix and 16 random characters.
    cards[1].code = "WIFIHOME7KX2M9QRTAB3C4D5".into();
    let pdf =
        voucher_sheet_pdf(&layout, &CardTemplate::default(), &input(), &cards).expect("prints");
    let out = Rendered::new("voucher-long-texts", &pdf);
    assert!(out.text.contains("Unlimited"), "the plan starts as written");
    assert!(
        out.text.matches('…').count() >= 2,
        "plan and note are cut with …"
    );
    assert!(
        out.text.contains("WIFIHOME7KX2M9QRTAB3C4D5"),
        "a code is never cut: it is set smaller until it fits"
    );
    assert_words_inside_cards(&out, &layout, "long texts");
}

#[test]
fn bad_input_is_a_typed_error() {
    let a4 = Layout::preset("a4").expect("a4");
    let template = CardTemplate::default();
    assert!(matches!(
        voucher_sheet_pdf(&a4, &template, &input(), &[]),
        Err(PrintError::NoCards)
    ));
    assert!(matches!(
        voucher_sheet_svg(&a4, &template, &input(), &[]),
        Err(PrintError::NoCards)
    ));
    let bad = CardTemplate {
        price: Some("{cost}".into()),
        ..CardTemplate::default()
    };
    match voucher_sheet_pdf(&a4, &bad, &input(), &cards(1)) {
        Err(PrintError::UnknownPlaceholder { field, placeholder }) => {
            assert_eq!((field, placeholder.as_str()), ("price", "cost"));
        }
        other => panic!(
            "an unknown placeholder is an error, got {:?}",
            other.map(|b| b.len())
        ),
    }
    assert!(matches!(
        Layout::preset("a5"),
        Err(PrintError::UnknownPreset { .. })
    ));
    assert!(matches!(
        Layout::grid(PageSize::A4, 8, 0),
        Err(PrintError::Layout(LayoutError::EmptyGrid { .. }))
    ));
    assert!(matches!(
        Layout::with_card_size(PageSize::LETTER, 250.0, 50.0),
        Err(PrintError::Layout(LayoutError::CardsDoNotFit { .. }))
    ));
    let mut huge = cards(1);
    huge[0].login_url = Some("x".repeat(5000));
    assert!(matches!(
        voucher_sheet_pdf(&a4, &template, &input(), &huge),
        Err(PrintError::QrTooLong { .. })
    ));
    let bad_logo = SheetInput {
        logo: Some(b"not an image".to_vec()),
        ..input()
    };
    assert!(matches!(
        voucher_sheet_pdf(&a4, &template, &bad_logo, &cards(1)),
        Err(PrintError::Logo(_))
    ));
    let off = CardTemplate {
        logo: false,
        qr: false,
        password: None,
        ..CardTemplate::default()
    };
    let pdf = voucher_sheet_pdf(&a4, &off, &bad_logo, &cards(2)).expect("no logo asked for");
    let out = Rendered::new("voucher-fields-off", &pdf);
    assert!(
        !out.text.contains("Password"),
        "a field that is off is not printed"
    );
}

/// Page 1 of `name` at 72 dpi against `tests/approved/voucher-{name}.png`: under 1 % of the
/// pixels may differ by more than a quarter of the grey scale. `TIKBILL_APPROVE=1` writes the
/// approved images anew (look at them before committing).
#[test]
fn first_pages_match_the_approved_images() {
    let approved = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/approved");
    let approve = std::env::var("TIKBILL_APPROVE").is_ok_and(|v| v == "1");
    let looks = Path::new("/tmp/voucher-pngs");
    for name in ["a4", "avery-l7160", "thermal-58"] {
        let layout = Layout::preset(name).expect("a preset");
        let cards = cards(layout.cards_per_page());
        let pdf = voucher_sheet_pdf(&layout, &CardTemplate::default(), &input(), &cards)
            .expect("the sheet prints");
        let page = render(&format!("voucher-approved-{name}"), &pdf, 72);
        let path = approved.join(format!("voucher-{name}.png"));
        if std::fs::create_dir_all(looks).is_ok() {
            // A copy at 150 dpi to look at; not compared.
            let _ = render(&format!("voucher-look-{name}"), &pdf, 150)
                .save(looks.join(format!("{name}.png")));
        }
        if approve {
            std::fs::create_dir_all(&approved).expect("the approved dir can be made");
            page.save(&path).expect("the approved image is written");
            continue;
        }
        let want = image::open(&path)
            .unwrap_or_else(|e| {
                panic!("{} opens ({e}); TIKBILL_APPROVE=1 makes it", path.display())
            })
            .to_luma8();
        assert_eq!(
            want.dimensions(),
            page.dimensions(),
            "{name}: the page's size"
        );
        let differ = want
            .pixels()
            .zip(page.pixels())
            .filter(|(a, b)| a.0[0].abs_diff(b.0[0]) > 64)
            .count();
        let share = differ as f32 / (want.width() * want.height()) as f32;
        assert!(
            share < 0.01,
            "{name}: {:.2} % of the pixels differ from {}",
            share * 100.0,
            path.display()
        );
    }
}
