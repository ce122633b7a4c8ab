//! Plan popularity: for each plan, its active customers now, the customers made on it in the
//! range, and the payments taken for it in the range with their money per currency.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::CustomerStatus;

use super::names::Names;
use crate::entity::customer;
use crate::report::document::{table, ChartData, ChartShape};
use crate::report::format;
use crate::report::rollup::{self, MoneySums, Wanted};
use crate::report::Report;
use crate::{Context, CoreResult};

pub(crate) async fn fill(ctx: &Context, report: &mut Report) -> CoreResult<()> {
    let db = ctx.db();
    let office_tz = ctx.office_time_zone().await?;
    let names = Names::read(db).await?;
    let per_plan = |rows: Vec<(i64, i64)>| rows.into_iter().collect::<BTreeMap<i64, i64>>();
    let active = per_plan(
        customer::Entity::find()
            .select_only()
            .column(customer::Column::ProfileId)
            .column_as(Expr::cust("COUNT(*)"), "n")
            .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
            .group_by(customer::Column::ProfileId)
            .into_tuple()
            .all(db)
            .await?,
    );
    let (start, _) = crate::days::bounds(report.from, office_tz)?;
    let (_, end) = crate::days::bounds(report.to, office_tz)?;
    let made = per_plan(
        customer::Entity::find()
            .select_only()
            .column(customer::Column::ProfileId)
            .column_as(Expr::cust("COUNT(*)"), "n")
            .filter(customer::Column::CreatedAt.gte(start))
            .filter(customer::Column::CreatedAt.lt(end))
            .group_by(customer::Column::ProfileId)
            .into_tuple()
            .all(db)
            .await?,
    );
    let mut sales: BTreeMap<(i64, String), MoneySums> = BTreeMap::new();
    let summed = rollup::totals(ctx, report.from, report.to, Wanted::money(&["plan"])).await?;
    for ((dim, key, currency), sums) in &summed.money {
        if let (true, Ok(id)) = (dim == "plan", key.parse::<i64>()) {
            sales
                .entry((id, currency.clone()))
                .or_default()
                .add(*sums)?;
        }
    }
    let mut ids: Vec<i64> = names.plans.keys().copied().collect();
    ids.sort_by(|a, b| {
        let n = |id: &i64| active.get(id).copied().unwrap_or(0);
        n(b).cmp(&n(a)).then(a.cmp(b))
    });
    let mut shown = table(
        "Plans",
        &[
            ("Plan", false),
            ("Active customers", true),
            ("New customers", true),
            ("Payments", true),
            ("Taken", false),
        ],
    );
    let mut categories = Vec::new();
    let mut active_series = Vec::new();
    let mut new_series = Vec::new();
    for id in &ids {
        let name = Names::of(&names.plans, &id.to_string(), "?");
        let money: Vec<String> = sales
            .iter()
            .filter(|((plan, _), _)| plan == id)
            .map(|((_, currency), sums)| {
                format!("{currency} {}", format::money(sums.taken_e4, currency))
            })
            .collect();
        let payments: i64 = sales
            .iter()
            .filter(|((plan, _), _)| plan == id)
            .map(|(_, s)| s.taken)
            .sum();
        let (a, m) = (
            active.get(id).copied().unwrap_or(0),
            made.get(id).copied().unwrap_or(0),
        );
        shown.rows.push(vec![
            name.clone(),
            format::count(a),
            format::count(m),
            format::count(payments),
            if money.is_empty() {
                "–".into()
            } else {
                money.join(", ")
            },
        ]);
        categories.push(name);
        active_series.push(Decimal::from(a));
        new_series.push(Decimal::from(m));
    }
    let total_active: i64 = active.values().sum();
    shown.total = Some(vec![
        "All plans".into(),
        format::count(total_active),
        format::count(made.values().sum()),
        format::count(sales.values().map(|s| s.taken).sum()),
        String::new(),
    ]);
    report.figure("Plans", format::count(ids.len() as i64));
    report.figure("Active customers", format::count(total_active));
    if let Some(top) = ids
        .first()
        .filter(|id| active.get(id).copied().unwrap_or(0) > 0)
    {
        report.figure(
            "Most customers",
            Names::of(&names.plans, &top.to_string(), "?"),
        );
    }
    report.charts.push(ChartData {
        title: "Customers per plan".into(),
        shape: ChartShape::Bars,
        categories,
        series: vec![
            ("Active".into(), active_series),
            ("New in these days".into(), new_series),
        ],
        unit: "customers".into(),
    });
    report.tables.push(shown);
    Ok(())
}
