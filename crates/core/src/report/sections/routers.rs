//! Router performance: for each router, the share of its health checks that it answered
//! (uptime) and how long the answers took, from the checks kept per check
//! (`router_checks`, rolled up per day), and its outages (from the first failed check to the
//! first that answered again) that overlap the range.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use tikbill_api::ReportPeriod;

use super::names::Names;
use crate::entity::router_outage;
use crate::report::document::{table, ChartData, ChartShape};
use crate::report::format;
use crate::report::rollup::{self, CheckSums, Checks, Wanted};
use crate::report::{period, Report};
use crate::{Context, CoreResult};

pub(crate) async fn fill(
    ctx: &Context,
    report: &mut Report,
    group: ReportPeriod,
) -> CoreResult<()> {
    let db = ctx.db();
    let office_tz = ctx.office_time_zone().await?;
    let names = Names::read(db).await?;
    // Each router over the range, and all routers day by day (summed by the database).
    let per_router_wanted = Wanted::checks(Checks::PerRouter);
    let rolled = rollup::prepare(ctx, report.from, report.to, per_router_wanted).await?;
    let per_router = rolled.totals(db, per_router_wanted).await?.checks;
    let all_routers = Wanted::checks(Checks::AllRouters);
    let mut per_group: BTreeMap<chrono::NaiveDate, CheckSums> = BTreeMap::new();
    for (day, rollup) in rolled.days(db, all_routers).await? {
        for sums in rollup.checks.values() {
            per_group
                .entry(period::start(day, group))
                .or_default()
                .add(sums);
        }
    }
    let (start, _) = crate::days::bounds(report.from, office_tz)?;
    let (_, end) = crate::days::bounds(report.to, office_tz)?;
    let now = ctx.now();
    let outages = router_outage::Entity::find()
        .filter(router_outage::Column::StartedAt.lt(end))
        .filter(
            Condition::any()
                .add(router_outage::Column::EndedAt.is_null())
                .add(router_outage::Column::EndedAt.gt(start)),
        )
        .order_by_asc(router_outage::Column::StartedAt)
        .all(db)
        .await?;
    let mut outage_minutes: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    let mut listed = table(
        "Outages",
        &[
            ("Router", false),
            ("Started", false),
            ("Ended", false),
            ("Offline", true),
        ],
    );
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&office_tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    for outage in &outages {
        // Only the part of the outage within the range (and not after now) counts.
        let until = outage.ended_at.unwrap_or(now).min(end).min(now);
        let from = outage.started_at.max(start);
        let minutes = (until - from).num_minutes().max(0);
        let entry = outage_minutes.entry(outage.router_id).or_default();
        entry.0 += 1;
        entry.1 += minutes;
        listed.rows.push(vec![
            Names::of(&names.routers, &outage.router_id.to_string(), "?"),
            local(outage.started_at),
            outage
                .ended_at
                .map_or_else(|| "still offline".to_string(), local),
            format::duration_minutes(minutes),
        ]);
    }
    let mut routers = table(
        "Routers",
        &[
            ("Router", false),
            ("Checks", true),
            ("Answered", true),
            ("Uptime", true),
            ("Average answer", true),
            ("Outages", true),
            ("Offline", true),
        ],
    );
    let mut all = CheckSums::default();
    let mut ids: Vec<i64> = per_router.keys().copied().collect();
    for id in names.routers.keys() {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    ids.sort_by_key(|id| Names::of(&names.routers, &id.to_string(), "?"));
    let mut chart_names = Vec::new();
    let mut chart_uptime = Vec::new();
    for id in ids {
        let sums = per_router.get(&id).copied().unwrap_or_default();
        all.add(&sums);
        let (outages, minutes) = outage_minutes.get(&id).copied().unwrap_or_default();
        let name = Names::of(&names.routers, &id.to_string(), "?");
        routers.rows.push(vec![
            name.clone(),
            format::count(sums.checks),
            format::count(sums.online),
            format::percent(sums.online, sums.checks),
            average_ms(&sums),
            format::count(outages),
            format::duration_minutes(minutes),
        ]);
        chart_names.push(name);
        chart_uptime.push(format::percent_value(sums.online, sums.checks).unwrap_or_default());
    }
    routers.total = Some(vec![
        "All routers".into(),
        format::count(all.checks),
        format::count(all.online),
        format::percent(all.online, all.checks),
        average_ms(&all),
        format::count(outages.len() as i64),
        format::duration_minutes(outage_minutes.values().map(|(_, m)| m).sum()),
    ]);
    report.figure("Checks", format::count(all.checks));
    report.figure(
        "Uptime, all routers",
        format::percent(all.online, all.checks),
    );
    report.figure("Average answer", average_ms(&all));
    report.figure("Outages", format::count(outages.len() as i64));
    report.charts.push(ChartData {
        title: "Uptime per router".into(),
        shape: ChartShape::Bars,
        categories: chart_names,
        series: vec![("Uptime".into(), chart_uptime)],
        unit: "%".into(),
    });
    let starts = period::starts(report.from, report.to, group);
    report.charts.push(ChartData {
        title: "Uptime over time, all routers".into(),
        shape: if starts.len() > 40 {
            ChartShape::Lines
        } else {
            ChartShape::Bars
        },
        categories: starts
            .iter()
            .map(|d| period::short_label(*d, group))
            .collect(),
        series: vec![(
            "Uptime".into(),
            starts
                .iter()
                .map(|d| {
                    let s = per_group.get(d).copied().unwrap_or_default();
                    format::percent_value(s.online, s.checks).unwrap_or(Decimal::ZERO)
                })
                .collect(),
        )],
        unit: "%".into(),
    });
    report.tables.push(routers);
    report.tables.push(listed);
    Ok(())
}

/// The average answer time in whole milliseconds ("–" with no answer).
fn average_ms(sums: &CheckSums) -> String {
    if sums.latency_checks == 0 {
        return "–".into();
    }
    let ms = Decimal::from(sums.latency_sum_ms) / Decimal::from(sums.latency_checks);
    format!(
        "{} ms",
        ms.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
}
