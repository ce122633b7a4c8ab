//! `sync`: compare routers with tikbill and fix what differs, through the core's sync.

use crate::output::plural;
use tikbill_api::SyncReport;
use tikbill_core::provisioning::WorkerOptions;
use tikbill_core::{router, sync};

use crate::cli::SyncArgs;
use crate::output::{print_json, say};
use crate::{Agent, AgentError};

/// The lease owner's role for the command line's one-off work (`agent-cli:<host>:<pid>`), so
/// it never shares a name with a running `tikbill-agent run`.
pub const ROLE: &str = "agent-cli";

/// Syncs one router (`--router`: its report as a JSON object) or all (`--all`: an array);
/// prints a summary line per router. Fails (exit code 1) after printing when a router could
/// not be synced or, unless a dry run, a difference could not be fixed: the core's rule
/// ([`sync::run`]), the same the app shows.
pub async fn run(agent: &Agent, args: &SyncArgs) -> Result<(), AgentError> {
    let options = WorkerOptions::one_off(ROLE);
    let router_id = match &args.router {
        Some(name) => Some(router::by_name(&agent.ctx, name).await?.id),
        None => None,
    };
    let run = sync::run(&agent.ctx, router_id, args.dry_run, &options).await?;
    match (router_id, run.reports.as_slice()) {
        (Some(_), [report]) => print_json(report)?,
        _ => print_json(&run.reports)?,
    }
    for report in &run.reports {
        say(&summary(report));
    }
    match run.problem {
        Some(problem) => Err(AgentError::RoutersFailed(problem)),
        None => Ok(()),
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
            plural(found as u64, "difference")
        ),
        (_, false) => format!(
            "{name}: {}, {} of {fixable} fixed.",
            plural(found as u64, "difference"),
            report.applied
        ),
    }
}
