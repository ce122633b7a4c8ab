//! `import` and `customers import-csv`: bring existing customers into tikbill, then send their
//! router changes at once.

use tikbill_api::ImportReport;
use tikbill_core::provisioning::{drain_router, DrainOutcome, WorkerOptions};
use tikbill_core::{import, router};

use crate::cli::{ImportArgs, ImportCsvArgs};
use crate::output::{print_json, say};
use crate::sync::ROLE;
use crate::{Agent, AgentError};

/// Imports the named router's hotspot users and PPP secrets.
pub async fn from_router(agent: &Agent, args: &ImportArgs) -> Result<(), AgentError> {
    let row = router::by_name(&agent.ctx, &args.router).await?;
    let report = import::from_router(&agent.ctx, row.id).await?;
    finish(agent, row.id, &row.name, &report).await
}

/// Imports the customers of a CSV file onto the named router.
pub async fn from_csv(agent: &Agent, args: &ImportCsvArgs) -> Result<(), AgentError> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| AgentError::Io(format!("cannot read {}: {e}", args.file.display())))?;
    let row = router::by_name(&agent.ctx, &args.router).await?;
    let report = import::from_csv(&agent.ctx, row.id, &text).await?;
    finish(agent, row.id, &row.name, &report).await
}

/// Prints the report, then applies the router's queue so the imported accounts take tikbill's
/// comments and expiry entries now (if the router cannot be reached they wait in the queue).
async fn finish(
    agent: &Agent,
    router_id: i64,
    router_name: &str,
    report: &ImportReport,
) -> Result<(), AgentError> {
    print_json(report)?;
    say(&summary(report));
    if report.imported == 0 {
        return Ok(());
    }
    let drained = drain_router(&agent.ctx, router_id, &WorkerOptions::one_off(ROLE)).await?;
    say(&match drained.outcome {
        DrainOutcome::Finished => format!("{router_name} confirmed {} changes.", drained.applied),
        DrainOutcome::Unreachable(why) => {
            format!("{router_name} could not be reached ({why}); the changes wait in its queue.")
        }
        DrainOutcome::Busy | DrainOutcome::NotDue | DrainOutcome::LeaseLost => {
            format!("The changes wait in {router_name}'s queue for the running agent or app.")
        }
    });
    Ok(())
}

/// `Imported 4, skipped 1, refused 3; created profiles Gold, Home.`
pub fn summary(report: &ImportReport) -> String {
    let mut line = format!(
        "Imported {}, skipped {}, refused {}",
        report.imported,
        report.skipped,
        report.refused.len()
    );
    if !report.profiles_created.is_empty() {
        line.push_str(&format!(
            "; created profiles {} (price 0: set their prices)",
            report.profiles_created.join(", ")
        ));
    }
    line.push('.');
    for column in &report.ignored_columns {
        line.push_str(&format!(" Column '{column}' was not used."));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_every_unused_column() {
        let report = ImportReport {
            imported: 2,
            skipped: 0,
            refused: Vec::new(),
            profiles_created: Vec::new(),
            ignored_columns: vec!["notes".into(), "valid_thru".into()],
        };
        assert_eq!(
            summary(&report),
            "Imported 2, skipped 0, refused 0. Column 'notes' was not used. Column 'valid_thru' \
             was not used."
        );
    }
}
