//! A stored shift as the office sees it, its totals computed from its payments in SQL.

use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use tikbill_api::{PaymentMethod, PaymentState, ShiftMethodTotal, ShiftView};

use crate::entity::{cash_shift, customer, payment, staff_user};
use crate::money::from_e4;
use crate::{Context, CoreError, CoreResult};

/// The states whose money is in hand (what a drawer or a report counts).
pub(crate) const IN_HAND: [PaymentState; 3] = [
    PaymentState::Paid,
    PaymentState::Unmatched,
    PaymentState::Applied,
];

#[derive(Debug, FromQueryResult)]
struct Sum {
    method: String,
    currency: String,
    state: String,
    count: i64,
    total: Option<i64>,
}

/// What a shift took, from its payments.
pub(crate) struct Takings {
    /// Cash in hand in the drawer's currency (1/10,000 units).
    pub cash_e4: i64,
    pub by_method: Vec<ShiftMethodTotal>,
    pub payments: u32,
}

pub(crate) async fn takings(
    db: &impl ConnectionTrait,
    shift: &cash_shift::Model,
) -> CoreResult<Takings> {
    let sums = payment::Entity::find()
        .select_only()
        .column(payment::Column::Method)
        .column(payment::Column::Currency)
        .column(payment::Column::State)
        .column_as(payment::Column::Id.count(), "count")
        // PostgreSQL sums BIGINT as NUMERIC: read back as BIGINT on both databases.
        .column_as(
            Expr::expr(Func::cast_as(
                Func::sum(Expr::col((payment::Entity, payment::Column::AmountE4))),
                Alias::new("BIGINT"),
            )),
            "total",
        )
        .filter(payment::Column::ShiftId.eq(shift.id))
        .group_by(payment::Column::Method)
        .group_by(payment::Column::Currency)
        .group_by(payment::Column::State)
        .into_model::<Sum>()
        .all(db)
        .await?;
    let overflow = || CoreError::Internal("a shift's takings beyond what can be counted".into());
    let mut cash_e4: i64 = 0;
    let mut payments: u32 = 0;
    // (method, currency) → (count, total e4), in PaymentMethod::ALL's order then currency.
    let mut by_method: Vec<(PaymentMethod, String, u32, i64)> = Vec::new();
    for sum in sums {
        let count = u32::try_from(sum.count).unwrap_or(u32::MAX);
        payments = payments.saturating_add(count);
        let in_hand = PaymentState::parse(&sum.state).is_some_and(|s| IN_HAND.contains(&s));
        if !in_hand {
            continue;
        }
        let method = PaymentMethod::parse(&sum.method)
            .ok_or_else(|| CoreError::Internal(format!("a payment method '{}'", sum.method)))?;
        let total = sum.total.unwrap_or(0);
        if method == PaymentMethod::Cash && sum.currency == shift.currency {
            cash_e4 = cash_e4.checked_add(total).ok_or_else(overflow)?;
        }
        match by_method
            .iter_mut()
            .find(|(m, c, _, _)| *m == method && *c == sum.currency)
        {
            Some((_, _, n, e4)) => {
                *n = n.saturating_add(count);
                *e4 = e4.checked_add(total).ok_or_else(overflow)?;
            }
            None => by_method.push((method, sum.currency.clone(), count, total)),
        }
    }
    by_method
        .sort_by_key(|(m, c, _, _)| (PaymentMethod::ALL.iter().position(|x| x == m), c.clone()));
    let takings = Takings {
        cash_e4,
        payments,
        by_method: by_method
            .into_iter()
            .map(|(method, currency, count, e4)| ShiftMethodTotal {
                method,
                currency,
                count,
                total: from_e4(e4).to_string(),
            })
            .collect(),
    };
    Ok(takings)
}

/// "sari (Sari Dewi)".
pub(crate) async fn cashier_label(db: &impl ConnectionTrait, staff_id: i64) -> CoreResult<String> {
    let staff = staff_user::Entity::find_by_id(staff_id).one(db).await?;
    Ok(match staff {
        Some(s) if s.full_name.trim().is_empty() => s.username,
        Some(s) => format!("{} ({})", s.username, s.full_name.trim()),
        None => format!("staff #{staff_id}"),
    })
}

pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    row: cash_shift::Model,
) -> CoreResult<ShiftView> {
    let takings = takings(db, &row).await?;
    let expected_e4 = row
        .expected_e4
        .unwrap_or_else(|| row.float_e4.saturating_add(takings.cash_e4));
    Ok(ShiftView {
        id: row.id,
        staff_id: row.staff_id,
        cashier: cashier_label(db, row.staff_id).await?,
        currency: row.currency.clone(),
        float: from_e4(row.float_e4).to_string(),
        opened_at: row.opened_at.to_rfc3339(),
        closed_at: row.closed_at.map(|t| t.to_rfc3339()),
        closed_by: match row.closed_by {
            Some(staff_id) => Some(cashier_label(db, staff_id).await?),
            None => row.closed_by_label.clone(),
        },
        cash_taken: from_e4(expected_e4.saturating_sub(row.float_e4)).to_string(),
        expected: from_e4(expected_e4).to_string(),
        counted: row.counted_e4.map(|c| from_e4(c).to_string()),
        difference: row
            .counted_e4
            .map(|c| from_e4(c.saturating_sub(expected_e4)).to_string()),
        note: row.close_note.clone(),
        by_method: takings.by_method,
        payments: takings.payments,
        cards: crate::voucher::shift_cards(db, row.id, &row.currency).await?,
    })
}

/// One payment line of a shift report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftReportLine {
    pub at: chrono::DateTime<chrono::Utc>,
    pub receipt_number: Option<i64>,
    pub customer: String,
    pub method: PaymentMethod,
    pub state: PaymentState,
    /// Exact.
    pub amount: String,
    pub currency: String,
}

/// Everything a shift report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftReportData {
    pub shift: ShiftView,
    /// Oldest first.
    pub lines: Vec<ShiftReportLine>,
}

/// A shift with every payment taken in it (a cashier's own, or any with `ManageShifts`).
pub async fn report(ctx: &Context, id: i64) -> CoreResult<ShiftReportData> {
    let row = super::find_visible(ctx, id).await?;
    let db = ctx.db();
    let payments = payment::Entity::find()
        .filter(payment::Column::ShiftId.eq(row.id))
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = payments.iter().filter_map(|p| p.customer_id).collect();
    let names: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::Username)
            .filter(customer::Column::Id.is_in(ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let mut lines = Vec::with_capacity(payments.len());
    for p in payments {
        lines.push(ShiftReportLine {
            at: p.created_at,
            receipt_number: p.receipt_number,
            customer: p
                .customer_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "(unassigned)".into()),
            method: PaymentMethod::parse(&p.method)
                .ok_or_else(|| CoreError::Internal(format!("a payment method '{}'", p.method)))?,
            state: PaymentState::parse(&p.state)
                .ok_or_else(|| CoreError::Internal(format!("a payment state '{}'", p.state)))?,
            amount: from_e4(p.amount_e4).to_string(),
            currency: p.currency,
        });
    }
    Ok(ShiftReportData {
        shift: view_of(db, row).await?,
        lines,
    })
}
