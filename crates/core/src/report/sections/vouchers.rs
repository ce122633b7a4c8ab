//! Vouchers: cards made in the range (by batch), and what happened to cards in the range (sold,
//! first used, used up, expired, returned, revoked), by batch and by the cashier who did it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use tikbill_api::VoucherState;

use super::names::Names;
use crate::report::document::{table, ChartData, ChartShape};
use crate::report::format;
use crate::report::rollup::{self, statement, Wanted};
use crate::report::Report;
use crate::{Context, CoreResult};

/// The moves counted, as (state moved to, column title).
const MOVES: [(VoucherState, &str); 6] = [
    (VoucherState::Sold, "Sold"),
    (VoucherState::InUse, "Used"),
    (VoucherState::UsedUp, "Used up"),
    (VoucherState::Expired, "Expired"),
    (VoucherState::Returned, "Returned"),
    (VoucherState::Revoked, "Revoked"),
];

pub(crate) async fn fill(ctx: &Context, report: &mut Report) -> CoreResult<()> {
    let db = ctx.db();
    let backend = db.get_database_backend();
    let office_tz = ctx.office_time_zone().await?;
    let names = Names::read(db).await?;
    let (start, _) = crate::days::bounds(report.from, office_tz)?;
    let (_, end) = crate::days::bounds(report.to, office_tz)?;
    let batches = db
        .query_all_raw(statement(
            backend,
            "SELECT id, profile_id, count, created_at FROM voucher_batches \
             WHERE created_at >= $1 AND created_at < $2",
            vec![start.into(), end.into()],
        ))
        .await?;
    // Cards' moves from the daily roll-ups.
    let moves = rollup::totals(ctx, report.from, report.to, Wanted::CARDS)
        .await?
        .cards;
    // batch → (plan, made); batch → state → n; cashier → state → n.
    let mut made: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for row in batches {
        let (id, plan, n): (i64, i64, i32) = (
            row.try_get_by_index(0)?,
            row.try_get_by_index(1)?,
            row.try_get_by_index(2)?,
        );
        made.insert(id, (plan, i64::from(n)));
    }
    let mut by_batch: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
    let mut by_cashier: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
    let mut plan_of: BTreeMap<i64, i64> = made.iter().map(|(b, (p, _))| (*b, *p)).collect();
    for ((batch, staff, state), n) in moves {
        *by_batch
            .entry(batch)
            .or_default()
            .entry(state.clone())
            .or_default() += n;
        *by_cashier
            .entry(staff)
            .or_default()
            .entry(state)
            .or_default() += n;
        plan_of.entry(batch).or_insert(0);
    }
    if plan_of.values().any(|p| *p == 0) {
        for row in db
            .query_all_raw(statement(
                backend,
                "SELECT id, profile_id FROM voucher_batches",
                vec![],
            ))
            .await?
        {
            let (id, plan): (i64, i64) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
            if let Some(slot) = plan_of.get_mut(&id) {
                *slot = plan;
            }
        }
    }
    let mut columns = vec![("Batch", false), ("Plan", false), ("Made", true)];
    columns.extend(MOVES.iter().map(|(_, title)| (*title, true)));
    let mut batches_table = table("By batch", &columns);
    let n = |counts: Option<&BTreeMap<String, i64>>, state: VoucherState| {
        counts
            .and_then(|c| c.get(state.as_str()))
            .copied()
            .unwrap_or(0)
    };
    let mut totals = vec![0_i64; MOVES.len() + 1];
    let mut categories = Vec::new();
    let mut series: Vec<Vec<Decimal>> = vec![Vec::new(); 3];
    for (batch, plan) in &plan_of {
        let counts = by_batch.get(batch);
        let made_here = made.get(batch).map_or(0, |(_, n)| *n);
        totals[0] += made_here;
        let mut row = vec![
            format!("#{batch}"),
            Names::of(&names.plans, &plan.to_string(), "?"),
            format::count(made_here),
        ];
        for (i, (state, _)) in MOVES.iter().enumerate() {
            let v = n(counts, *state);
            totals[i + 1] += v;
            row.push(format::count(v));
        }
        batches_table.rows.push(row);
        categories.push(format!("#{batch}"));
        for (slot, state) in [
            VoucherState::Sold,
            VoucherState::InUse,
            VoucherState::Expired,
        ]
        .into_iter()
        .enumerate()
        {
            series[slot].push(Decimal::from(n(counts, state)));
        }
    }
    let mut total_row = vec!["Total".to_string(), String::new()];
    total_row.extend(totals.iter().map(|v| format::count(*v)));
    batches_table.total = Some(total_row);
    let mut cashier_columns = vec![("Who", false)];
    cashier_columns.push(("Issued", true));
    cashier_columns.extend(MOVES.iter().map(|(_, title)| (*title, true)));
    let mut cashiers = table("By cashier", &cashier_columns);
    for (staff, counts) in &by_cashier {
        let mut row = vec![
            Names::of(&names.staff, &staff.to_string(), "tikbill (routers)"),
            format::count(n(Some(counts), VoucherState::Issued)),
        ];
        row.extend(
            MOVES
                .iter()
                .map(|(state, _)| format::count(n(Some(counts), *state))),
        );
        cashiers.rows.push(row);
    }
    report.figure("Cards made", format::count(totals[0]));
    for (i, (_, title)) in MOVES.iter().enumerate().take(4) {
        report.figure(
            format!("Cards {}", title.to_lowercase()),
            format::count(totals[i + 1]),
        );
    }
    let mut iter = series.into_iter();
    let mut next = || iter.next().unwrap_or_default();
    report.charts.push(ChartData {
        title: "Cards by batch".into(),
        shape: ChartShape::Bars,
        categories,
        series: vec![
            ("Sold".into(), next()),
            ("Used".into(), next()),
            ("Expired".into(), next()),
        ],
        unit: "cards".into(),
    });
    report.tables.push(batches_table);
    report.tables.push(cashiers);
    Ok(())
}
