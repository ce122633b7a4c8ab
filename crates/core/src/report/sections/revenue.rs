//! Revenue: money taken and reversed per currency, over time (day, week, month, year) or by
//! method, plan, router or cashier. Money taken is what `paid`, `unmatched` and `applied`
//! payments hold, on the office day each payment was made (as on the payments page); reversed
//! payments are counted apart.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tikbill_api::{PaymentMethod, ReportPeriod, RevenueBy};

use super::names::Names;
use crate::report::document::{table, ChartData, ChartShape};
use crate::report::format::{amount, count, money};
use crate::report::rollup::{self, DayRollup, MoneySums, Wanted};
use crate::report::{period, Report};
use crate::{Context, CoreResult};

/// At most this many currencies get a chart of their own.
const CHARTED_CURRENCIES: usize = 3;

/// The dimension of the roll-ups a revenue report by `by` reads, and what it asks of them
/// (with `all`, the totals).
pub(crate) fn wanted(by: RevenueBy) -> (&'static str, Wanted) {
    match by {
        RevenueBy::Time => ("all", Wanted::money(&["all"])),
        RevenueBy::Method => ("method", Wanted::money(&["all", "method"])),
        RevenueBy::Plan => ("plan", Wanted::money(&["all", "plan"])),
        RevenueBy::Router => ("router", Wanted::money(&["all", "router"])),
        RevenueBy::Cashier => ("cashier", Wanted::money(&["all", "cashier"])),
    }
}

pub(crate) async fn fill(
    ctx: &Context,
    report: &mut Report,
    group: ReportPeriod,
    by: RevenueBy,
) -> CoreResult<()> {
    let (_, wanted) = wanted(by);
    let rolled = rollup::prepare(ctx, report.from, report.to, wanted).await?;
    // Over time the days are needed; by anything else the range summed is enough.
    let days = if by == RevenueBy::Time {
        rolled.days(ctx.db(), wanted).await?
    } else {
        BTreeMap::from([(report.from, rolled.totals(ctx.db(), wanted).await?)])
    };
    let names = Names::read(ctx.db()).await?;
    write(report, &days, group, by, &names)
}

/// Fills `report` from the roll-ups `days` (day by day over time; otherwise any days, each
/// added in).
pub(crate) fn write(
    report: &mut Report,
    days: &BTreeMap<NaiveDate, DayRollup>,
    group: ReportPeriod,
    by: RevenueBy,
    names: &Names,
) -> CoreResult<()> {
    let (dimension, _) = wanted(by);
    // (group label or key, currency) → sums, in the order rows are shown.
    let mut totals: BTreeMap<String, MoneySums> = BTreeMap::new();
    let mut rows: BTreeMap<(String, String), MoneySums> = BTreeMap::new();
    for (day, rollup) in days {
        for ((dim, key, currency), sums) in &rollup.money {
            if dim == "all" {
                totals.entry(currency.clone()).or_default().add(*sums)?;
            }
            if dim != dimension {
                continue;
            }
            let row_key = if by == RevenueBy::Time {
                period::start(*day, group).to_string()
            } else {
                key.clone()
            };
            rows.entry((row_key, currency.clone()))
                .or_default()
                .add(*sums)?;
        }
    }
    for (currency, sums) in &totals {
        report.figure(
            format!("Taken ({currency})"),
            money(sums.taken_e4, currency),
        );
        report.figure(format!("Payments ({currency})"), count(sums.taken));
        report.figure(
            format!("Reversed ({currency})"),
            money(sums.reversed_e4, currency),
        );
    }
    if totals.is_empty() {
        report.figure("Taken", "nothing in these days");
    }
    let label = |key: &str| -> String {
        match by {
            RevenueBy::Time => key
                .parse()
                .map(|d| period::label(d, group))
                .unwrap_or_else(|_| key.to_string()),
            RevenueBy::Method => PaymentMethod::ALL
                .into_iter()
                .find(|m| m.as_str() == key)
                .map_or_else(|| key.to_string(), |m| m.label().to_string()),
            RevenueBy::Plan => Names::of(&names.plans, key, "No plan"),
            RevenueBy::Router => Names::of(&names.routers, key, "No router (cards, unassigned)"),
            RevenueBy::Cashier => Names::of(&names.staff, key, "tikbill (online)"),
        }
    };
    let first = match by {
        RevenueBy::Time => "Period",
        RevenueBy::Method => "Method",
        RevenueBy::Plan => "Plan",
        RevenueBy::Router => "Router",
        RevenueBy::Cashier => "Cashier",
    };
    let mut shown = table(
        format!(
            "Revenue by {}",
            if by == RevenueBy::Time {
                group.as_str()
            } else {
                by.as_str()
            }
        ),
        &[
            (first, false),
            ("Currency", false),
            ("Payments", true),
            ("Taken", true),
            ("Reversals", true),
            ("Reversed", true),
        ],
    );
    let mut ordered: Vec<(&(String, String), &MoneySums)> = rows.iter().collect();
    if by != RevenueBy::Time {
        // Largest first within each currency.
        ordered.sort_by(|a, b| a.0 .1.cmp(&b.0 .1).then(b.1.taken_e4.cmp(&a.1.taken_e4)));
    }
    for ((key, currency), sums) in &ordered {
        shown.rows.push(vec![
            label(key),
            currency.clone(),
            count(sums.taken),
            money(sums.taken_e4, currency),
            count(sums.reversed),
            money(sums.reversed_e4, currency),
        ]);
    }
    if totals.len() == 1 {
        if let Some((currency, sums)) = totals.iter().next() {
            shown.total = Some(vec![
                "Total".into(),
                currency.clone(),
                count(sums.taken),
                money(sums.taken_e4, currency),
                count(sums.reversed),
                money(sums.reversed_e4, currency),
            ]);
        }
    }
    // A chart per currency, the busiest first.
    let mut currencies: Vec<(&String, &MoneySums)> = totals.iter().collect();
    currencies.sort_by(|a, b| b.1.taken.cmp(&a.1.taken).then(a.0.cmp(b.0)));
    for (currency, _) in currencies.into_iter().take(CHARTED_CURRENCIES) {
        let keys: Vec<String> = if by == RevenueBy::Time {
            period::starts(report.from, report.to, group)
                .into_iter()
                .map(|d| d.to_string())
                .collect()
        } else {
            ordered
                .iter()
                .filter(|((_, c), _)| c == currency)
                .map(|((k, _), _)| k.clone())
                .collect()
        };
        let value = |key: &String, reversed: bool| -> Decimal {
            rows.get(&(key.clone(), currency.clone()))
                .map_or(Decimal::ZERO, |s| {
                    amount(if reversed { s.reversed_e4 } else { s.taken_e4 })
                })
        };
        report.charts.push(ChartData {
            title: format!("Money taken ({currency})"),
            shape: if by == RevenueBy::Time && keys.len() > 40 {
                ChartShape::Lines
            } else {
                ChartShape::Bars
            },
            categories: keys
                .iter()
                .map(|k| match (by, k.parse()) {
                    (RevenueBy::Time, Ok(day)) => period::short_label(day, group),
                    _ => label(k),
                })
                .collect(),
            series: vec![
                (
                    "Taken".into(),
                    keys.iter().map(|k| value(k, false)).collect(),
                ),
                (
                    "Reversed".into(),
                    keys.iter().map(|k| value(k, true)).collect(),
                ),
            ],
            unit: currency.clone(),
        });
    }
    report.tables.push(shown);
    Ok(())
}
