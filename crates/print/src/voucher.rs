//! Sheets of voucher (prepaid hotspot) cards: one layout model (`grid`: the page, the grid of
//! cards, cut marks; `fields`: where each field sits on a card; `presets`: the named
//! layouts), cards composed onto pages from a template that is data (`template`, `compose`),
//! and two writers over the result: the PDF that prints and the SVG the app previews, so what
//! the cashier sees is what prints.

mod card;
mod compose;
mod fields;
mod fit;
mod grid;
mod presets;
pub(crate) mod qr;
mod template;

pub use card::{SheetInput, VoucherCard};
pub use fields::{arrange, Field, FieldBox, TextAlign};
pub use grid::{CutMarks, Layout, PageSize};
pub use presets::PRESETS;
pub use template::CardTemplate;

use crate::error::PrintError;
use crate::fonts::Fonts;
use crate::layout::Page;
use crate::logo::Logo;
use compose::Sheet;

/// The pages of a sheet, and the logo they show.
fn compose(
    layout: &Layout,
    template: &CardTemplate,
    input: &SheetInput,
    cards: &[VoucherCard],
    fonts: &Fonts,
) -> Result<(Vec<Page>, Option<Logo>), PrintError> {
    let logo = match (&input.logo, template.logo) {
        (Some(bytes), true) => Some(Logo::decode(bytes)?),
        _ => None,
    };
    // A sheet without any QR code gives its room to the texts.
    let without_qr;
    let layout = if !template.qr || cards.iter().all(|c| c.login_url.is_none()) {
        without_qr = layout.without_qr();
        &without_qr
    } else {
        layout
    };
    let sheet = Sheet {
        fonts,
        layout,
        template,
        input,
        logo_aspect: logo.as_ref().map(|l| l.aspect),
    };
    Ok((sheet.pages(cards)?, logo))
}

/// The PDF of `cards` laid out by `layout`, each card showing what `template` says, as many
/// pages as it takes (the last one partly filled). No cards is [`PrintError::NoCards`].
pub fn voucher_sheet_pdf(
    layout: &Layout,
    template: &CardTemplate,
    input: &SheetInput,
    cards: &[VoucherCard],
) -> Result<Vec<u8>, PrintError> {
    let fonts = Fonts::load()?;
    let (pages, logo) = compose(layout, template, input, cards, &fonts)?;
    crate::pdf::write("Vouchers", &pages, &fonts, logo.as_ref())
}

/// The same sheets as [`voucher_sheet_pdf`] as SVG, one document per page, drawn from the
/// same layout in the same millimetres.
pub fn voucher_sheet_svg(
    layout: &Layout,
    template: &CardTemplate,
    input: &SheetInput,
    cards: &[VoucherCard],
) -> Result<Vec<String>, PrintError> {
    let fonts = Fonts::load()?;
    let (pages, logo) = compose(layout, template, input, cards, &fonts)?;
    let uri = logo.as_ref().map(Logo::data_uri).transpose()?;
    Ok(pages
        .iter()
        .map(|page| crate::svg::write(page, &fonts, uri.as_deref()))
        .collect())
}
