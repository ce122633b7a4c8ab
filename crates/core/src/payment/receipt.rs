//! A payment's receipt as a PDF: what the office prints (its name, lines, logo, footer), the
//! payment's receipt number, customer, plan, period, new expiry, amount, method and cashier,
//! times in the office's zone and money as the office writes it. Every print is counted; a
//! print after the first says REPRINT and is audited (`payment.reprint`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use tikbill_api::money::format_money;
use tikbill_api::{
    receipt_label, DurationUnit, PaymentMethod, Permission, ReceiptPaper, ReceiptRequest,
};
use tikbill_print::{receipt_pdf as lay_out, Paper, Receipt};

use super::view::find;
use crate::audit::{self, AuditEntry};
use crate::entity::{customer, profile};
use crate::money::from_e4;
use crate::{Context, CoreError, CoreResult};

/// A receipt ready to save: "R-000042" and its PDF.
#[derive(Debug, Clone)]
pub struct ReceiptPdf {
    pub label: String,
    pub pdf: Vec<u8>,
}

/// The payment's receipt on `request.paper` (the office's paper when not given).
pub async fn receipt_pdf(ctx: &Context, request: &ReceiptRequest) -> CoreResult<ReceiptPdf> {
    ctx.require(Permission::ViewPayments)?;
    let row = find(ctx.db(), request.payment_id).await?;
    let Some(number) = row.receipt_number else {
        return Err(CoreError::Conflict(format!(
            "Payment #{} has no receipt: its money is not in hand.",
            row.id
        )));
    };
    let tz = ctx.office_time_zone().await?;
    let settings = crate::settings::stored_receipt_settings(ctx.db()).await?;
    let paper = request.paper.unwrap_or(settings.paper);
    let db = ctx.db();
    let customer = match row.customer_id {
        Some(id) => customer::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let plan_id = row.profile_id.or(customer.as_ref().map(|c| c.profile_id));
    let plan = match plan_id {
        Some(id) => profile::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let method = PaymentMethod::parse(&row.method)
        .map(PaymentMethod::label)
        .unwrap_or("Other");
    let money = |e4: i64| format_money(&from_e4(e4).to_string(), &row.currency);
    let mut credit = Vec::new();
    if row.credit_used_e4 > 0 {
        credit.push(format!("From credit: {}", money(row.credit_used_e4)));
    }
    if row.credit_added_e4 > 0 {
        credit.push(format!("To credit: {}", money(row.credit_added_e4)));
    }
    let cashier = match row.received_by {
        Some(staff_id) => crate::shift::cashier_label(db, staff_id).await?,
        None => super::view::view_of(db, row.clone()).await?.recorded_by,
    };
    let bought_time = row.expiry_after.is_some();
    let printed_before = count_print(ctx, row.id).await?;
    let receipt = Receipt {
        office_name: settings.office_name.clone(),
        office_lines: settings.lines.clone(),
        logo: crate::settings::logo(db).await?,
        receipt_number: receipt_label(number),
        issued_at: local(row.created_at, tz),
        customer: match &customer {
            Some(c) if c.full_name.trim().is_empty() => c.username.clone(),
            Some(c) => format!("{} — {}", c.username, c.full_name.trim()),
            None => "(not yet assigned)".into(),
        },
        plan: plan.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        period: match (&plan, bought_time) {
            (Some(p), true) => period(row.periods, p),
            _ => String::new(),
        },
        new_expiry: row.expiry_after.map(|t| local(t, tz)).unwrap_or_default(),
        amount: money(row.amount_e4),
        method: method.to_string(),
        reference: row.gateway_reference.clone().unwrap_or_default(),
        cashier,
        credit_line: (!credit.is_empty()).then(|| credit.join(" · ")),
        reprint: printed_before > 0,
        footer: Some(settings.footer.clone()).filter(|f| !f.is_empty()),
    };
    let pdf = lay_out(&receipt, paper_of(paper))
        .map_err(|e| CoreError::Internal(format!("the receipt could not be laid out: {e}")))?;
    Ok(ReceiptPdf {
        label: receipt.receipt_number,
        pdf,
    })
}

/// Counts one more print of payment `id`'s receipt and answers how many there were before
/// (one statement, so two prints at once count as two); a reprint is audited.
async fn count_print(ctx: &Context, id: i64) -> CoreResult<i32> {
    let txn = crate::db::begin_write(ctx.db()).await?;
    let backend = txn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "UPDATE payments SET receipt_prints = receipt_prints + 1 WHERE id = $1 \
             RETURNING receipt_prints"
        }
        _ => {
            "UPDATE payments SET receipt_prints = receipt_prints + 1 WHERE id = ? \
             RETURNING receipt_prints"
        }
    };
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("Payment #{id} does not exist.")))?;
    let prints: i32 = row.try_get("", "receipt_prints")?;
    let before = prints.saturating_sub(1);
    if before > 0 {
        audit::record(
            &txn,
            AuditEntry::by(ctx, "payment.reprint", "payment", Some(id))
                .after(&serde_json::json!({ "prints": prints })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(before)
}

fn paper_of(paper: ReceiptPaper) -> Paper {
    match paper {
        ReceiptPaper::Thermal80 => Paper::Thermal80,
        ReceiptPaper::Thermal58 => Paper::Thermal58,
        ReceiptPaper::A5 => Paper::A5,
    }
}

/// "26 Nov 2026 14:05 EAT".
pub(crate) fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%d %b %Y %H:%M %Z")
        .to_string()
}

/// "1 × 30 days", "3 × 1 month".
fn period(periods: i32, plan: &profile::Model) -> String {
    let value = u32::try_from(plan.duration_value).unwrap_or(0);
    let each = DurationUnit::parse(&plan.duration_unit)
        .map(|u| u.describe(value))
        .unwrap_or_else(|| format!("{value} {}", plan.duration_unit));
    format!("{periods} × {each}")
}
