//! `sync`: compare routers with tikbill and fix what differs, through the core's sync.

use tikbill_api::SyncReport;
use tikbill_core::provisioning::WorkerOptions;
use tikbill_core::{router, sync};

use crate::cli::SyncArgs;
use crate::commands::{print_json, say};
use crate::{Agent, AgentError};

/// Syncs one router (`--router`) or all (`--all`); prints the report(s) as JSON and a summary
/// line. With `--all`, routers that could not be synced are named on stderr and make the
/// command fail after the reports of the others are printed.
pub async fn run(agent: &Agent, args: &SyncArgs) -> Result<(), AgentError> {
    let options = worker_options();
    match &args.router {
        Some(name) => {
            let row = router::find_by_name(&agent.db, name).await?;
            let report = sync::sync_router(
                &agent.db,
                agent.secrets.as_ref(),
                agent.clock.as_ref(),
                row.id,
                args.dry_run,
                &options,
            )
            .await?;
            print_json(&report)?;
            say(&summary(&report));
            Ok(())
        }
        None => {
            let all = sync::sync_all(
                &agent.db,
                agent.secrets.clone(),
                agent.clock.clone(),
                args.dry_run,
                &options,
            )
            .await?;
            print_json(&all.reports)?;
            for report in &all.reports {
                say(&summary(report));
            }
            match all.failure_text() {
                Some(text) => Err(AgentError::RoutersFailed(text)),
                None => Ok(()),
            }
        }
    }
}

/// `Tower 1: 3 differences, 2 fixed.` / `Tower 1: no differences.`
pub fn summary(report: &SyncReport) -> String {
    let found = report.differences.len();
    let fixable = report
        .differences
        .iter()
        .filter(|d| d.action != sync::NONE)
        .count();
    let name = &report.router_name;
    match (found, report.dry_run) {
        (0, _) => format!("{name}: no differences."),
        (_, true) => format!(
            "{name}: {} ({fixable} to fix; dry run, nothing changed).",
            plural(found, "difference")
        ),
        (_, false) => format!(
            "{name}: {}, {} of {fixable} fixed.",
            plural(found, "difference"),
            report.applied
        ),
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The worker options of a one-off command: a lease owner of its own (so it never shares a
/// lease with a running `tikbill-agent run`), the core's limits.
pub fn worker_options() -> WorkerOptions {
    WorkerOptions::new(format!("agent-cli:{}:{}", host_name(), std::process::id()))
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "this-computer".into())
}
