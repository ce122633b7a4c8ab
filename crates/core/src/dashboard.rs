//! The dashboard's figures, each one query over what the other services keep: customers and
//! their sessions, routers' last check, the payment ledger (through `payment::totals`, so the
//! dashboard's money is the payments page's money), and the vouchers' moves. Days are the
//! office's days (`expiry::instant_showing`), never UTC's.

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use tikbill_api::{
    CustomerStatus, DashboardFigures, PaymentState, Permission, RevenueFigures, RouterStatus,
    VoucherState,
};

use crate::entity::{customer, customer_session, payment, router, voucher, voucher_transition};
use crate::{Context, CoreResult};

/// How far ahead "expiring soon" looks.
pub const EXPIRING_WITHIN_DAYS: i64 = 3;

/// The dashboard's figures now.
pub async fn figures(ctx: &Context) -> CoreResult<DashboardFigures> {
    ctx.require(Permission::ViewCustomers)?;
    let db = ctx.db();
    let now = ctx.now();
    let office_tz = ctx.office_time_zone().await?;
    let today = now.with_timezone(&office_tz).date_naive();
    let active = customer::Entity::find()
        .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
        .count(db)
        .await?;
    let expiring_soon = customer::Entity::find()
        .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
        .filter(customer::Column::ExpiresAt.gt(now))
        .filter(customer::Column::ExpiresAt.lte(now + chrono::Duration::days(EXPIRING_WITHIN_DAYS)))
        .count(db)
        .await?;
    let online: Vec<i64> = customer_session::Entity::find()
        .select_only()
        .column(customer_session::Column::CustomerId)
        .filter(customer_session::Column::EndedAt.is_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let routers_total = router::Entity::find().count(db).await?;
    let routers_online = router::Entity::find()
        .filter(router::Column::Status.eq(RouterStatus::Online.as_str()))
        .count(db)
        .await?;
    let payments_waiting = payment::Entity::find()
        .filter(payment::Column::State.is_in([
            PaymentState::Paid.as_str(),
            PaymentState::Unmatched.as_str(),
        ]))
        .count(db)
        .await?;
    let month_start = today.with_day(1).unwrap_or(today);
    let last_month_end = month_start.pred_opt().unwrap_or(month_start);
    let last_month_start = last_month_end.with_day(1).unwrap_or(last_month_end);
    let revenue = revenue(
        ctx,
        [
            (today, today),
            (month_start, today),
            (last_month_start, last_month_end),
        ],
    )
    .await?;
    let (day_start, day_end) = crate::days::bounds(today, office_tz)?;
    let vouchers_sold_today = voucher_transition::Entity::find()
        .filter(voucher_transition::Column::ToState.eq(VoucherState::Sold.as_str()))
        .filter(voucher_transition::Column::At.gte(day_start))
        .filter(voucher_transition::Column::At.lt(day_end))
        .count(db)
        .await?;
    let vouchers_in_stock = voucher::Entity::find()
        .filter(voucher::Column::State.is_in([
            VoucherState::OnRouter.as_str(),
            VoucherState::Issued.as_str(),
            VoucherState::Returned.as_str(),
        ]))
        .count(db)
        .await?;
    Ok(DashboardFigures {
        day: today.to_string(),
        active_customers: active,
        online_now: online.len() as u64,
        expiring_soon,
        routers_online,
        routers_total,
        payments_waiting,
        revenue,
        vouchers_sold_today,
        vouchers_in_stock,
    })
}

/// Money taken per currency in each of three day ranges (today, this month, last month), from
/// the reports' daily roll-ups (the same money as the payments page's totals: paid, unmatched
/// and applied payments by the office day they were made on).
async fn revenue(
    ctx: &Context,
    ranges: [(NaiveDate, NaiveDate); 3],
) -> CoreResult<Vec<RevenueFigures>> {
    use crate::report::rollup::{self, Wanted};
    let mut by_currency: std::collections::BTreeMap<String, [i64; 3]> = Default::default();
    // The days of all three ranges read at once (today added up from the raw rows once).
    let (Some(first), Some(last)) = (
        ranges.iter().map(|r| r.0).min(),
        ranges.iter().map(|r| r.1).max(),
    ) else {
        return Ok(Vec::new());
    };
    let wanted = Wanted::money(&["all"]);
    for (day, rollup) in rollup::days(ctx, first, last, wanted).await? {
        for ((_, _, currency), sums) in &rollup.money {
            let figures = by_currency.entry(currency.clone()).or_default();
            for (slot, (from, to)) in ranges.iter().enumerate() {
                if *from <= day && day <= *to {
                    figures[slot] = figures[slot]
                        .checked_add(sums.taken_e4)
                        .ok_or_else(|| crate::CoreError::Internal("a total is too large".into()))?;
                }
            }
        }
    }
    let text = |e4: i64| crate::money::from_e4(e4).to_string();
    Ok(by_currency
        .into_iter()
        .map(
            |(currency, [today, this_month, last_month])| RevenueFigures {
                currency,
                today: text(today),
                this_month: text(this_month),
                last_month: text(last_month),
            },
        )
        .collect())
}

/// The dashboard's charts: money taken over the last 30 days (per currency), payments by
/// method this month, and plans by customers, drawn in `theme`.
pub async fn charts(
    ctx: &Context,
    theme: tikbill_api::ChartTheme,
) -> CoreResult<Vec<tikbill_api::ReportChart>> {
    ctx.require(Permission::ViewCustomers)?;
    let office_tz = ctx.office_time_zone().await?;
    let today = crate::days::office_day(ctx.now(), office_tz);
    let month_ago = today - chrono::Duration::days(29);
    let month_start = today.with_day(1).unwrap_or(today);
    crate::report::dashboard_charts(ctx, month_ago, month_start, today, theme).await
}
