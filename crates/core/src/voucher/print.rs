//! Printing cards: which cards (a batch, a selection, one card again, or every card made on a
//! day), filled into `tikbill-print`'s cards with the office's name and logo (the receipt
//! settings), the plan, the price, the validity, the data cap, a serial number and the QR code
//! of the hotspot's auto-login URL (on routers whose hotspot address is set), then laid out as
//! a PDF to print or as the SVG preview of its first page, from the same layout.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tikbill_api::{
    DurationUnit, FieldError, Permission, VoucherPreview, VoucherPrintRequest, VoucherState,
    VoucherTimeMode,
};
use tikbill_print::{CardTemplate, Layout, SheetInput, VoucherCard};

use super::code::normalized;
use super::generate::price_text;
use super::view::routers_of;
use crate::entity::{profile, router, voucher, voucher_batch};
use crate::{Context, CoreError, CoreResult};

/// A printed sheet and what it holds, for its file name.
#[derive(Debug)]
pub struct PrintedCards {
    pub pdf: Vec<u8>,
    /// `batch-12`, `3-cards`, `2026-11-27`.
    pub label: String,
    pub cards: u32,
}

/// The cards asked for, as a PDF.
pub async fn print_pdf(ctx: &Context, request: &VoucherPrintRequest) -> CoreResult<PrintedCards> {
    ctx.require(Permission::ManageVouchers)?;
    let (layout, cards, sheet, label) = prepare(ctx, request, None).await?;
    let pdf = tikbill_print::voucher_sheet_pdf(&layout, &template(request), &sheet, &cards)
        .map_err(printing)?;
    Ok(PrintedCards {
        pdf,
        label,
        cards: u32::try_from(cards.len()).unwrap_or(u32::MAX),
    })
}

/// The first page of the same print, as SVG.
pub async fn preview(ctx: &Context, request: &VoucherPrintRequest) -> CoreResult<VoucherPreview> {
    ctx.require(Permission::ManageVouchers)?;
    let layout = layout_of(&request.layout)?;
    let per_page = layout.cards_per_page().max(1);
    let (layout, cards, sheet, _) = prepare(ctx, request, Some(per_page)).await?;
    let total = count(ctx, request).await?;
    let svg = tikbill_print::voucher_sheet_svg(&layout, &template(request), &sheet, &cards)
        .map_err(printing)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let pages = total.div_ceil(per_page);
    Ok(VoucherPreview {
        svg,
        pages: u32::try_from(pages).unwrap_or(u32::MAX),
        cards: u32::try_from(total).unwrap_or(u32::MAX),
    })
}

fn template(request: &VoucherPrintRequest) -> CardTemplate {
    CardTemplate {
        qr: request.qr,
        ..CardTemplate::default()
    }
}

fn layout_of(name: &str) -> CoreResult<Layout> {
    Layout::preset(name.trim()).map_err(|e| {
        CoreError::invalid(
            "print",
            vec![FieldError {
                field: "layout".into(),
                message: e.to_string(),
            }],
        )
    })
}

fn printing(err: tikbill_print::PrintError) -> CoreError {
    CoreError::Internal(format!("the cards could not be laid out: {err}"))
}

/// The layout, the cards (at most `limit`), what the sheet shares, and a label.
async fn prepare(
    ctx: &Context,
    request: &VoucherPrintRequest,
    limit: Option<usize>,
) -> CoreResult<(Layout, Vec<VoucherCard>, SheetInput, String)> {
    let layout = layout_of(&request.layout)?;
    let (rows, label) = select(ctx, request).await?;
    let rows: Vec<voucher::Model> = match limit {
        Some(n) => rows.into_iter().take(n).collect(),
        None => rows,
    };
    let settings = crate::settings::receipt::stored(ctx.db()).await?;
    let sheet = SheetInput {
        office_name: settings.office_name,
        logo: crate::settings::receipt::logo(ctx.db()).await?,
    };
    let mut batches: std::collections::HashMap<i64, BatchPrint> = Default::default();
    let mut cards = Vec::with_capacity(rows.len());
    for row in rows {
        if let std::collections::hash_map::Entry::Vacant(slot) = batches.entry(row.batch_id) {
            slot.insert(batch_print(ctx, row.batch_id).await?);
        }
        let batch = &batches[&row.batch_id];
        let password = row.password.clone().unwrap_or_else(|| row.code.clone());
        cards.push(VoucherCard {
            login_url: batch.hotspot.as_ref().map(|address| {
                format!(
                    "http://{address}/login?username={}&password={}",
                    row.code, password
                )
            }),
            code: row.code,
            password: row.password,
            plan: batch.plan.clone(),
            price: batch.price.clone(),
            validity: batch.validity.clone(),
            data_cap: batch.data_cap.clone(),
            serial: format!("B{}-{:05}", row.batch_id, row.serial),
            note: request
                .note
                .clone()
                .filter(|n| !n.trim().is_empty())
                .or_else(|| batch.note.clone()),
        });
    }
    Ok((layout, cards, sheet, label))
}

/// What every card of a batch prints alike.
struct BatchPrint {
    plan: String,
    price: String,
    validity: String,
    data_cap: Option<String>,
    hotspot: Option<String>,
    note: Option<String>,
}

async fn batch_print(ctx: &Context, batch_id: i64) -> CoreResult<BatchPrint> {
    let batch = voucher_batch::Entity::find_by_id(batch_id)
        .one(ctx.db())
        .await?
        .ok_or_else(|| CoreError::Internal("a card's batch vanished".into()))?;
    let plan = profile::Entity::find_by_id(batch.profile_id)
        .one(ctx.db())
        .await?
        .ok_or_else(|| CoreError::Internal("a batch's plan vanished".into()))?;
    let mut hotspot = None;
    for router_id in routers_of(ctx.db(), batch_id).await? {
        let address = router::Entity::find_by_id(router_id)
            .one(ctx.db())
            .await?
            .and_then(|r| r.hotspot_address)
            .filter(|a| !a.trim().is_empty());
        if address.is_some() {
            hotspot = address;
            break;
        }
    }
    let office_tz = ctx.office_time_zone().await?;
    let period = period_text(batch.duration_value, &batch.duration_unit);
    let validity = match VoucherTimeMode::parse(&batch.time_mode).unwrap_or_default() {
        VoucherTimeMode::FirstLogin => format!("{period} from first login"),
        VoucherTimeMode::UsageTime => format!("{period} online"),
        VoucherTimeMode::FixedDate => match batch.valid_until {
            // The instant after the last day: the day before it on the office's clock.
            Some(end) => {
                let last =
                    (end.with_timezone(&office_tz) - chrono::Duration::seconds(1)).date_naive();
                format!("until {}", last.format("%-d %b %Y"))
            }
            None => period,
        },
    };
    Ok(BatchPrint {
        price: tikbill_api::money::format_money(&price_text(batch.price_e4), &batch.currency),
        data_cap: batch
            .data_limit_bytes
            .and_then(|b| u64::try_from(b).ok())
            .map(crate::size::format_size),
        plan: plan.name,
        validity,
        hotspot,
        note: batch.note,
    })
}

/// "1 day", "5 hours", "2 weeks".
fn period_text(n: i32, unit: &str) -> String {
    let given = unit;
    let unit = match DurationUnit::parse(unit) {
        Some(DurationUnit::Hours) => "hour",
        Some(DurationUnit::Days) => "day",
        Some(DurationUnit::Weeks) => "week",
        Some(DurationUnit::Months) => "month",
        None => return format!("{n} {given}"),
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// The cards a request names, in print order, and a label for the file.
async fn select(
    ctx: &Context,
    request: &VoucherPrintRequest,
) -> CoreResult<(Vec<voucher::Model>, String)> {
    let printable =
        |row: &voucher::Model| VoucherState::parse(&row.state).is_some_and(VoucherState::on_router);
    let (rows, label) = if let Some(batch_id) = request.batch_id {
        let rows = voucher::Entity::find()
            .filter(voucher::Column::BatchId.eq(batch_id))
            .order_by_asc(voucher::Column::Serial)
            .all(ctx.db())
            .await?;
        if rows.is_empty() {
            return Err(CoreError::NotFound(format!(
                "Voucher batch #{batch_id} has no cards."
            )));
        }
        (rows, format!("batch-{batch_id}"))
    } else if !request.codes.is_empty() {
        let codes: Vec<String> = request.codes.iter().map(|c| normalized(c)).collect();
        let mut rows = Vec::new();
        for chunk in codes.chunks(500) {
            rows.extend(
                voucher::Entity::find()
                    .filter(voucher::Column::Code.is_in(chunk.to_vec()))
                    .all(ctx.db())
                    .await?,
            );
        }
        if let Some(missing) = codes.iter().find(|c| !rows.iter().any(|r| &&r.code == c)) {
            return Err(CoreError::NotFound(format!(
                "No card has the code '{missing}'."
            )));
        }
        rows.sort_by_key(|r| (r.batch_id, r.serial));
        let label = format!("{}-cards", rows.len());
        (rows, label)
    } else if let Some(day) = request.made_on.as_deref() {
        let mut fields = Vec::new();
        let day = crate::days::day(&mut fields, "made_on", Some(day));
        let Some(day) = day else {
            return Err(CoreError::invalid("print", fields));
        };
        let office_tz = ctx.office_time_zone().await?;
        let (start, end) = day_bounds(day, office_tz)?;
        let batches: Vec<i64> = voucher_batch::Entity::find()
            .filter(voucher_batch::Column::CreatedAt.gte(start))
            .filter(voucher_batch::Column::CreatedAt.lt(end))
            .all(ctx.db())
            .await?
            .into_iter()
            .map(|b| b.id)
            .collect();
        let rows = voucher::Entity::find()
            .filter(voucher::Column::BatchId.is_in(batches))
            .order_by_asc(voucher::Column::BatchId)
            .order_by_asc(voucher::Column::Serial)
            .all(ctx.db())
            .await?;
        (rows, day.to_string())
    } else {
        return Err(CoreError::invalid(
            "print",
            vec![FieldError {
                field: "batch_id".into(),
                message: "Choose a batch, cards, or a day to print.".into(),
            }],
        ));
    };
    let rows: Vec<voucher::Model> = rows.into_iter().filter(printable).collect();
    if rows.is_empty() {
        return Err(CoreError::Conflict(
            "None of these cards can be used any more (revoked or redeemed): nothing to print."
                .into(),
        ));
    }
    Ok((rows, label))
}

async fn count(ctx: &Context, request: &VoucherPrintRequest) -> CoreResult<usize> {
    Ok(select(ctx, request).await?.0.len())
}

fn day_bounds(
    day: NaiveDate,
    office_tz: chrono_tz::Tz,
) -> CoreResult<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> {
    let at = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|local| crate::expiry::instant_showing(local, office_tz))
    };
    match (at(day), day.succ_opt().and_then(at)) {
        (Some(start), Some(end)) => Ok((start, end)),
        _ => Err(CoreError::invalid(
            "print",
            vec![FieldError {
                field: "made_on".into(),
                message: "That day cannot be shown on the office's clock.".into(),
            }],
        )),
    }
}
