//! A shift's report as a PDF (A4): what was taken by method, every payment, and the drawer's
//! float, expected and counted cash and the difference (an open shift says so instead).

use tikbill_api::money::format_money;
use tikbill_api::{receipt_label, PaymentState};
use tikbill_print::{shift_report_pdf, MethodTotal, ShiftReport, ShiftReportLine};

use super::view::report;
use crate::payment::local_time;
use crate::{Context, CoreError, CoreResult};

/// The report of shift `id` (a cashier's own, or any with `ManageShifts`).
pub async fn report_pdf(ctx: &Context, id: i64) -> CoreResult<Vec<u8>> {
    let data = report(ctx, id).await?;
    let tz = ctx.office_time_zone().await?;
    let office = crate::settings::stored_receipt_settings(ctx.db()).await?;
    let shift = &data.shift;
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| local_time(t.with_timezone(&chrono::Utc), tz))
            .unwrap_or_else(|_| text.to_string())
    };
    let cash = |amount: &str| format_money(amount, &shift.currency);
    let still_open = "(still open)".to_string();
    let document = ShiftReport {
        office_name: office.office_name,
        cashier: shift.cashier.clone(),
        opened_at: at(&shift.opened_at),
        closed_at: shift
            .closed_at
            .as_deref()
            .map(at)
            .unwrap_or(still_open.clone()),
        closed_by: shift.closed_by.clone().unwrap_or_default(),
        float: cash(&shift.float),
        cards: if shift.cards == Default::default() {
            String::new()
        } else {
            format!(
                "{} issued, {} sold ({}), {} returned",
                shift.cards.issued,
                shift.cards.sold,
                cash(&shift.cards.sold_value),
                shift.cards.returned
            )
        },
        by_method: shift
            .by_method
            .iter()
            .map(|t| MethodTotal {
                method: t.method.label().to_string(),
                count: t.count,
                total: format_money(&t.total, &t.currency),
            })
            .collect(),
        payments: data
            .lines
            .iter()
            .map(|line| ShiftReportLine {
                time: local_time(line.at, tz),
                receipt_number: line.receipt_number.map(receipt_label).unwrap_or_default(),
                customer: line.customer.clone(),
                method: line.method.label().to_string(),
                amount: match line.state {
                    PaymentState::Reversed => {
                        format!("{} (reversed)", format_money(&line.amount, &line.currency))
                    }
                    _ => format_money(&line.amount, &line.currency),
                },
            })
            .collect(),
        expected_cash: cash(&shift.expected),
        counted_cash: shift
            .counted
            .as_deref()
            .map(cash)
            .unwrap_or(still_open.clone()),
        difference: shift.difference.as_deref().map(cash).unwrap_or(still_open),
    };
    shift_report_pdf(&document)
        .map_err(|e| CoreError::Internal(format!("the shift report could not be laid out: {e}")))
}
