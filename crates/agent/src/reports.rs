//! Daily reports: `reports daily [--date]` writes one now; the `daily-report` job writes each
//! day's at its time (`reports.daily_time`, 23:55 by default, office time) and, at start, the
//! days missed while nothing ran (`tikbill_core::report::daily::due`).

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use tikbill_core::report::daily;

use crate::agent::Agent;
use crate::error::AgentError;
use crate::output::{plural, print_json, say};
use crate::scheduler::{Job, JobFuture};

/// Where daily reports are written: `reports` in the data directory.
pub fn folder(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("reports")
}

/// `YYYY-MM-DD`, or one line saying how to write it.
fn day(text: &str) -> Result<NaiveDate, AgentError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        AgentError::Usage(format!(
            "--date: '{text}' is not a day: write it as YYYY-MM-DD, e.g. 2026-11-27"
        ))
    })
}

/// Writes the daily report of `date` (default: today on the office's clock) into `dir`.
pub async fn daily_now(
    agent: &Agent,
    date: Option<&str>,
    dir: &std::path::Path,
) -> Result<(), AgentError> {
    let day = match date {
        Some(text) => day(text)?,
        None => {
            let zone = agent.ctx.office_time_zone().await?;
            agent.ctx.now().with_timezone(&zone).date_naive()
        }
    };
    let written = daily::write(&agent.ctx, day, dir).await?;
    print_json(&written)?;
    say(&format!(
        "Daily report for {day} written to {}.",
        written.pdf_path.as_deref().unwrap_or("?")
    ));
    Ok(())
}

/// Writes the daily reports that are due (see the module).
#[derive(Debug, Clone)]
pub struct DailyReportJob {
    pub every: Duration,
    pub dir: PathBuf,
}

impl Job for DailyReportJob {
    fn name(&self) -> &'static str {
        "daily-report"
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move {
            // Once a day, how many plans end soon (the notification is made once per day).
            tikbill_core::alerts::expiring_soon(&agent.ctx).await?;
            let due = daily::due(&agent.ctx).await?;
            for day in &due {
                daily::write(&agent.ctx, *day, &self.dir).await?;
            }
            Ok(match (due.first(), due.last()) {
                (Some(first), Some(last)) if first == last => {
                    format!("daily report for {first} written")
                }
                (Some(first), Some(last)) => format!(
                    "{} written ({first} to {last})",
                    plural(due.len() as u64, "daily report")
                ),
                _ => "no daily report due".to_string(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_or_refused_on_one_line() {
        assert_eq!(
            day(" 2026-11-27 ").ok(),
            NaiveDate::from_ymd_opt(2026, 11, 27)
        );
        for bad in ["27/11/2026", "2026-02-30", "today", ""] {
            let err = day(bad).expect_err(bad).to_string();
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }
}
