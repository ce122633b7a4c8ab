//! Customers over time: new customers (made in the group's days), renewals (payments taken
//! from customers), churned (their plan ended in the group's days and has not been renewed
//! since), and active customers at the end of each group; and money taken from customers per
//! active customer.
//!
//! A customer is active at instant `t` when it was made by `t` and its plan ends after `t`.
//! So active(end of group) = active(start of range) + made with a plan in between − ended in
//! between, each an indexed count per group (`buckets::count`).

use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tikbill_api::ReportPeriod;

use crate::entity::customer;
use crate::report::buckets::{buckets, count};
use crate::report::document::{table, ChartData, ChartShape};
use crate::report::format;
use crate::report::rollup::{self, MoneySums, Wanted, PAID_BY_CUSTOMER};
use crate::report::{period, Report};
use crate::{Context, CoreResult};

pub(crate) async fn fill(
    ctx: &Context,
    report: &mut Report,
    group: ReportPeriod,
) -> CoreResult<()> {
    let db = ctx.db();
    let office_tz = ctx.office_time_zone().await?;
    let now = ctx.now();
    let groups = buckets(report.from, report.to, group, office_tz)?;
    let Some(first) = groups.first().map(|b| b.start) else {
        return Ok(());
    };
    // Made, and made with a plan, in one walk of the index on `created_at`; plans ended in
    // one walk of the index on `expires_at` (each index holds both columns).
    let with_plan = "t.expires_at IS NOT NULL AND t.expires_at > t.created_at";
    let mut made_counts = count(
        db,
        &groups,
        "customers",
        "created_at",
        &["1 = 1", with_plan],
    )
    .await?
    .into_iter();
    let (made_all, made) = (
        made_counts.next().unwrap_or_default(),
        made_counts.next().unwrap_or_default(),
    );
    let ended = count(db, &groups, "customers", "expires_at", &[with_plan])
        .await?
        .into_iter()
        .next()
        .unwrap_or_default();
    // Churned: plans that ended in the group and before now (so not renewed since): the
    // groups over are the plans ended in them, those to come none, and the group holding now
    // is counted up to now.
    let mut churned = Vec::with_capacity(groups.len());
    for (bucket, ended) in groups.iter().zip(&ended) {
        churned.push(if bucket.end <= now {
            *ended
        } else if bucket.start >= now {
            0
        } else {
            let so_far = crate::report::buckets::Bucket {
                end: now,
                ..*bucket
            };
            count(db, &[so_far], "customers", "expires_at", &[with_plan])
                .await?
                .first()
                .and_then(|c| c.first().copied())
                .unwrap_or(0)
        });
    }
    let mut active = i64::try_from(
        customer::Entity::find()
            .filter(customer::Column::CreatedAt.lt(first))
            .filter(customer::Column::ExpiresAt.gte(first))
            .count(db)
            .await?,
    )
    .unwrap_or(i64::MAX);
    // Renewals and money from customers, from the daily roll-ups.
    let days = rollup::days(ctx, report.from, report.to, Wanted::money(&["payer"])).await?;
    let mut renewals = vec![0_i64; groups.len()];
    let mut taken: std::collections::BTreeMap<String, MoneySums> = Default::default();
    for (day, rollup) in &days {
        let first_day = period::start(*day, group);
        let slot = groups.iter().position(|b| b.first == first_day);
        for ((dim, key, currency), sums) in &rollup.money {
            if dim == "payer" && key == PAID_BY_CUSTOMER {
                if let Some(slot) = slot.and_then(|s| renewals.get_mut(s)) {
                    *slot += sums.taken;
                }
                taken.entry(currency.clone()).or_default().add(*sums)?;
            }
        }
    }
    let mut shown = table(
        format!("Customers by {}", group.as_str()),
        &[
            ("Period", false),
            ("New", true),
            ("Renewals", true),
            ("Churned", true),
            ("Active at the end", true),
        ],
    );
    let mut active_series = Vec::new();
    let mut categories = Vec::new();
    for (i, bucket) in groups.iter().enumerate() {
        active += made[i] - ended[i];
        let label = period::label(bucket.first, group);
        shown.rows.push(vec![
            label.clone(),
            format::count(made_all[i]),
            format::count(renewals[i]),
            format::count(churned[i]),
            format::count(active),
        ]);
        categories.push(period::short_label(bucket.first, group));
        active_series.push(Decimal::from(active));
    }
    let sum = |v: &[i64]| v.iter().sum::<i64>();
    shown.total = Some(vec![
        "Total".into(),
        format::count(sum(&made_all)),
        format::count(sum(&renewals)),
        format::count(sum(&churned)),
        format::count(active),
    ]);
    report.figure("New customers", format::count(sum(&made_all)));
    report.figure("Renewals", format::count(sum(&renewals)));
    report.figure("Churned", format::count(sum(&churned)));
    report.figure("Active at the end", format::count(active));
    for (currency, sums) in &taken {
        let per = if active > 0 {
            let e4 = Decimal::from(sums.taken_e4) / Decimal::from(active);
            let e4 =
                e4.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            format::money(i64::try_from(e4.mantissa()).unwrap_or(0), currency)
        } else {
            "–".into()
        };
        report.figure(format!("Revenue per active customer ({currency})"), per);
    }
    report.charts.push(ChartData {
        title: "Active customers".into(),
        shape: if groups.len() > 40 {
            ChartShape::Lines
        } else {
            ChartShape::Bars
        },
        categories: categories.clone(),
        series: vec![("Active".into(), active_series)],
        unit: "customers".into(),
    });
    report.charts.push(ChartData {
        title: "New and churned customers".into(),
        shape: ChartShape::Bars,
        categories,
        series: vec![
            (
                "New".into(),
                made_all.iter().map(|n| Decimal::from(*n)).collect(),
            ),
            (
                "Churned".into(),
                churned.iter().map(|n| Decimal::from(*n)).collect(),
            ),
        ],
        unit: "customers".into(),
    });
    report.tables.push(shown);
    Ok(())
}
