//! The daily report: one office day's figures (money per currency, customers, cards, routers),
//! stored in `daily_reports` with a PDF in the data directory, and told to the office by a
//! notification. The agent writes it at a set time (`reports.daily_time`, default 23:55 on the
//! office's clock); days missed while every computer was off are written at the next start
//! ([`due`]), at most [`CATCH_UP_DAYS`] back.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tikbill_api::{
    DailyMoney, DailyReportFigures, DailyReportView, Permission, ReportKind, ReportPeriod,
    RevenueBy,
};

use super::document::Report;
use super::rollup::{self, statement, PAID_BY_CUSTOMER};
use super::sections;
use crate::entity::{customer, daily_report, router, router_outage};
use crate::notification::{self, Notice};
use crate::{Context, CoreError, CoreResult};

/// The setting holding when the daily report is written (`HH:MM`, office time).
pub const DAILY_TIME: &str = "reports.daily_time";
/// When the daily report is written unless the office chooses.
pub const DEFAULT_TIME: &str = "23:55";
/// The most days a catch-up writes.
pub const CATCH_UP_DAYS: i64 = 31;

/// When the daily report is written, on the office's clock.
pub async fn daily_time(db: &impl ConnectionTrait) -> CoreResult<NaiveTime> {
    let text = crate::settings::read(db, DAILY_TIME).await?;
    let parse = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    Ok(text
        .as_deref()
        .and_then(parse)
        .or_else(|| parse(DEFAULT_TIME))
        .unwrap_or(NaiveTime::MIN))
}

/// The office days whose report is due now: within the last [`CATCH_UP_DAYS`] (from the first
/// report ever written; yesterday when none was), up to yesterday, and today once its time has
/// come, each day that has no report, or whose report was written before that day's time (a
/// report written by hand earlier) or before the day ended (the 23:55 one, written again once
/// the day is whole, so payments of its last minutes are in it).
pub async fn due(ctx: &Context) -> CoreResult<Vec<NaiveDate>> {
    let office_tz = ctx.office_time_zone().await?;
    let now = ctx.now();
    let local = now.with_timezone(&office_tz);
    let today = local.date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    let at = daily_time(ctx.db()).await?;
    let last_due = if local.time() >= at { today } else { yesterday };
    let earliest = today - chrono::Duration::days(CATCH_UP_DAYS);
    let first_ever: Option<String> = daily_report::Entity::find()
        .select_only()
        .column(daily_report::Column::Day)
        .order_by_asc(daily_report::Column::Day)
        .limit(1)
        .into_tuple()
        .one(ctx.db())
        .await?;
    let start = match first_ever.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) {
        Some(first) => first.max(earliest),
        None => last_due.min(yesterday),
    };
    let written: std::collections::HashMap<String, chrono::DateTime<chrono::Utc>> =
        daily_report::Entity::find()
            .select_only()
            .column(daily_report::Column::Day)
            .column(daily_report::Column::CreatedAt)
            .filter(daily_report::Column::Day.gte(start.to_string()))
            .into_tuple::<(String, chrono::DateTime<chrono::Utc>)>()
            .all(ctx.db())
            .await?
            .into_iter()
            .collect();
    let mut due = Vec::new();
    for day in super::period::days(start, last_due) {
        let Some(created) = written.get(&day.to_string()) else {
            due.push(day);
            continue;
        };
        let (_, end) = crate::days::bounds(day, office_tz)?;
        let time_of_day = day
            .and_time(at)
            .and_local_timezone(office_tz)
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or(end);
        let early = *created < time_of_day && now >= time_of_day;
        let before_end = *created < end && now >= end;
        if early || before_end {
            due.push(day);
        }
    }
    Ok(due)
}

/// The figures of office day `day`.
pub async fn figures(ctx: &Context, day: NaiveDate) -> CoreResult<DailyReportFigures> {
    ctx.require(Permission::ViewReports)?;
    let db = ctx.db();
    let office_tz = ctx.office_time_zone().await?;
    let (start, end) = crate::days::bounds(day, office_tz)?;
    let rollups = rollup::days(
        ctx,
        day,
        day,
        rollup::Wanted {
            dimensions: &["all", "payer"],
            checks: rollup::Checks::AllRouters,
            cards: false,
        },
    )
    .await?;
    let mut money = Vec::new();
    let mut renewals = 0;
    let (mut checks, mut answered) = (0, 0);
    for rollup in rollups.values() {
        for ((dim, key, currency), sums) in &rollup.money {
            if dim == "all" {
                money.push(DailyMoney {
                    currency: currency.clone(),
                    taken: super::format::amount(sums.taken_e4).to_string(),
                    payments: u64::try_from(sums.taken).unwrap_or(0),
                    reversed: super::format::amount(sums.reversed_e4).to_string(),
                    reversals: u64::try_from(sums.reversed).unwrap_or(0),
                });
            }
            if dim == "payer" && key == PAID_BY_CUSTOMER {
                renewals += sums.taken;
            }
        }
        for sums in rollup.checks.values() {
            checks += sums.checks;
            answered += sums.online;
        }
    }
    let new_customers = customer::Entity::find()
        .filter(customer::Column::CreatedAt.gte(start))
        .filter(customer::Column::CreatedAt.lt(end))
        .count(db)
        .await?;
    let expired = customer::Entity::find()
        .filter(customer::Column::ExpiresAt.gte(start))
        .filter(customer::Column::ExpiresAt.lt(end.min(ctx.now())))
        .count(db)
        .await?;
    let active_customers = customer::Entity::find()
        .filter(customer::Column::CreatedAt.lt(end))
        .filter(customer::Column::ExpiresAt.gte(end))
        .count(db)
        .await?;
    let cards = |state: &'static str| {
        statement(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM voucher_transitions WHERE to_state = $1 AND at >= $2 AND at < $3",
            vec![state.into(), start.into(), end.into()],
        )
    };
    let mut vouchers = [0_u64; 2];
    for (slot, state) in ["sold", "in_use"].into_iter().enumerate() {
        if let Some(row) = db.query_one_raw(cards(state)).await? {
            vouchers[slot] = u64::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or(0);
        }
    }
    let outages = router_outage::Entity::find()
        .filter(router_outage::Column::StartedAt.gte(start))
        .filter(router_outage::Column::StartedAt.lt(end))
        .count(db)
        .await?;
    Ok(DailyReportFigures {
        day: day.to_string(),
        time_zone: office_tz.name().to_string(),
        money,
        new_customers,
        renewals: u64::try_from(renewals).unwrap_or(0),
        expired,
        active_customers,
        vouchers_sold: vouchers[0],
        vouchers_used: vouchers[1],
        routers_total: router::Entity::find().count(db).await?,
        router_checks: u64::try_from(checks).unwrap_or(0),
        router_checks_answered: u64::try_from(answered).unwrap_or(0),
        outages,
    })
}

/// The daily report's document: the day's figures, money by method, and the routers.
async fn document(
    ctx: &Context,
    day: NaiveDate,
    figures: &DailyReportFigures,
) -> CoreResult<Report> {
    let office_tz = ctx.office_time_zone().await?;
    let mut money = Report::new(ReportKind::Revenue, day, day, office_tz.name());
    sections::revenue::fill(ctx, &mut money, ReportPeriod::Day, RevenueBy::Method).await?;
    let mut routers = Report::new(ReportKind::Routers, day, day, office_tz.name());
    sections::routers::fill(ctx, &mut routers, ReportPeriod::Day).await?;
    let mut report = Report::new(ReportKind::Revenue, day, day, office_tz.name());
    report.title = "Daily report".into();
    for m in &figures.money {
        let taken_e4 = crate::money::to_e4(m.taken.parse().unwrap_or_default()).unwrap_or(0);
        report.figure(
            format!("Taken ({})", m.currency),
            format!(
                "{} in {} payments",
                super::format::money(taken_e4, &m.currency),
                m.payments
            ),
        );
        if m.reversals > 0 {
            let e4 = crate::money::to_e4(m.reversed.parse().unwrap_or_default()).unwrap_or(0);
            report.figure(
                format!("Reversed ({})", m.currency),
                format!(
                    "{} in {} payments",
                    super::format::money(e4, &m.currency),
                    m.reversals
                ),
            );
        }
    }
    if figures.money.is_empty() {
        report.figure("Taken", "nothing");
    }
    let n = |v: u64| super::format::count(i64::try_from(v).unwrap_or(i64::MAX));
    report.figure("New customers", n(figures.new_customers));
    report.figure("Renewals", n(figures.renewals));
    report.figure("Plans ended", n(figures.expired));
    report.figure("Active customers", n(figures.active_customers));
    report.figure("Cards sold", n(figures.vouchers_sold));
    report.figure("Cards first used", n(figures.vouchers_used));
    report.figure(
        "Router checks answered",
        format!(
            "{} of {} ({})",
            n(figures.router_checks_answered),
            n(figures.router_checks),
            super::format::percent(
                i64::try_from(figures.router_checks_answered).unwrap_or(0),
                i64::try_from(figures.router_checks).unwrap_or(0)
            )
        ),
    );
    report.figure("Outages started", n(figures.outages));
    report.charts.extend(money.charts);
    report.tables.extend(money.tables);
    report.tables.extend(routers.tables);
    Ok(report)
}

/// Where the daily report of `day` is written in `dir`.
pub fn pdf_path(dir: &Path, day: NaiveDate) -> PathBuf {
    dir.join(format!("tikbill-daily-{day}.pdf"))
}

/// Writes the daily report of `day`: its figures stored (replacing an earlier one of the same
/// day), its PDF in `dir`, and a notification that it is ready.
pub async fn write(ctx: &Context, day: NaiveDate, dir: &Path) -> CoreResult<DailyReportView> {
    let today = crate::days::office_day(ctx.now(), ctx.office_time_zone().await?);
    if day > today {
        return Err(CoreError::invalid(
            "daily report",
            vec![tikbill_api::FieldError {
                field: "date".into(),
                message: format!("{day} has not come yet: today is {today} on the office's clock"),
            }],
        ));
    }
    let figures = figures(ctx, day).await?;
    let report = document(ctx, day, &figures).await?;
    let office = crate::settings::receipt::stored(ctx.db())
        .await?
        .office_name;
    let pdf = super::export::write_pdf(ctx, &report, &office)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        CoreError::Internal(format!("the folder {} cannot be made: {e}", dir.display()))
    })?;
    let path = pdf_path(dir, day);
    let partial = path.with_extension("pdf.part");
    std::fs::write(&partial, &pdf)
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|e| {
            CoreError::Internal(format!(
                "the daily report {} cannot be written: {e}",
                path.display()
            ))
        })?;
    let json = serde_json::to_string(&figures)
        .map_err(|e| CoreError::Internal(format!("the daily report's figures: {e}")))?;
    let now = ctx.now();
    let txn = crate::db::begin_write(ctx.db()).await?;
    daily_report::Entity::insert(daily_report::ActiveModel {
        day: Set(day.to_string()),
        figures: Set(json),
        pdf_path: Set(Some(path.display().to_string())),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(daily_report::Column::Day)
            .update_columns([
                daily_report::Column::Figures,
                daily_report::Column::PdfPath,
                daily_report::Column::CreatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    notification::notify(
        &txn,
        Notice {
            level: "info",
            kind: notification::DAILY_REPORT,
            key: day.to_string(),
            title: format!("Daily report for {day} is ready"),
            body: daily_line(&figures),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(DailyReportView {
        figures,
        pdf_path: Some(path.display().to_string()),
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// The day in one line: "KES 12,500.00 taken in 25 payments; 3 new customers; …".
fn daily_line(figures: &DailyReportFigures) -> String {
    let mut parts: Vec<String> = figures
        .money
        .iter()
        .map(|m| {
            format!(
                "{} taken in {} payments",
                tikbill_api::money::format_money(&m.taken, &m.currency),
                m.payments
            )
        })
        .collect();
    if parts.is_empty() {
        parts.push("no money taken".into());
    }
    parts.push(format!("{} new customers", figures.new_customers));
    parts.push(format!("{} renewals", figures.renewals));
    parts.push(format!("{} cards sold", figures.vouchers_sold));
    parts.push(format!("{} outages", figures.outages));
    parts.join("; ")
}

/// The daily reports written, newest first (at most `limit`).
pub async fn list(ctx: &Context, limit: u64) -> CoreResult<Vec<DailyReportView>> {
    ctx.require(Permission::ViewReports)?;
    let rows = daily_report::Entity::find()
        .order_by_desc(daily_report::Column::Day)
        .limit(limit)
        .all(ctx.db())
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(DailyReportView {
                figures: serde_json::from_str(&row.figures).map_err(|e| {
                    CoreError::Internal(format!("the daily report of {}: {e}", row.day))
                })?,
                pdf_path: row.pdf_path,
                created_at: row
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
        })
        .collect()
}

/// The PDF of the daily report of `day` (`YYYY-MM-DD`): the one written, when this computer can
/// read it; else made again from the day's rows (another office's computer wrote it).
pub async fn pdf(ctx: &Context, day: &str) -> CoreResult<Vec<u8>> {
    ctx.require(Permission::ViewReports)?;
    let mut fields = Vec::new();
    let Some(date) = crate::days::day(&mut fields, "day", Some(day)) else {
        if fields.is_empty() {
            fields.push(tikbill_api::FieldError {
                field: "day".into(),
                message: "a day is needed, as YYYY-MM-DD".into(),
            });
        }
        return Err(CoreError::invalid("daily report", fields));
    };
    let row = daily_report::Entity::find_by_id(date.to_string())
        .one(ctx.db())
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("No daily report was written for {date}.")))?;
    if let Some(bytes) = row.pdf_path.as_deref().and_then(|p| std::fs::read(p).ok()) {
        if bytes.starts_with(b"%PDF") {
            return Ok(bytes);
        }
    }
    let figures = figures(ctx, date).await?;
    let report = document(ctx, date, &figures).await?;
    let office = crate::settings::receipt::stored(ctx.db())
        .await?
        .office_name;
    super::export::write_pdf(ctx, &report, &office)
}
