//! `vouchers generate|list|export-csv` and the `vouchers` job: prepaid cards for servers and
//! scripts. Names (plans, routers, states, layouts) are checked here and turned into the core's
//! ids; every rule is the core's (`tikbill_core::voucher`).

use crate::output::plural;
use std::path::Path;
use std::time::Duration;

use tikbill_api::{
    VoucherBatchId, VoucherBatchInput, VoucherFilter, VoucherPrintRequest, VoucherState,
    VoucherTimeMode, VOUCHER_LAYOUTS,
};
use tikbill_core::{profile, router, voucher};

use crate::cli::{GenerateVouchersArgs, ListVouchersArgs};
use crate::output::{print_json, say};
use crate::scheduler::{Job, JobFuture};
use crate::{Agent, AgentError};

/// Generates a batch and prints it (`VoucherBatchView`); with `--pdf`, writes its sheet too.
pub async fn generate(agent: &Agent, args: &GenerateVouchersArgs) -> Result<(), AgentError> {
    // Everything the command line can get wrong is refused before anything is made.
    let count = count(&args.count)?;
    let code_length = args.length.as_deref().map(length).transpose()?;
    let time_mode = time_mode(args.mode.as_deref(), args.valid_until.is_some())?;
    let sheet = sheet(args)?;
    // The sheet's file is made (empty, beside it) before the batch, so a place that cannot be
    // written is refused while nothing is made yet.
    if let Some((file, _)) = sheet {
        let part = part_of(file);
        std::fs::File::create(&part).map_err(|e| {
            AgentError::Usage(format!("--pdf: {} cannot be written: {e}", file.display()))
        })?;
    }
    let plan = plan_id(agent, &args.plan).await?;
    let mut router_ids = Vec::with_capacity(args.router.len());
    for name in &args.router {
        router_ids.push(router::by_name(&agent.ctx, name).await?.id);
    }
    let input = VoucherBatchInput {
        profile_id: plan,
        count,
        router_ids,
        code_length,
        prefix: args.prefix.clone().unwrap_or_default(),
        same_password: args.same_password,
        time_mode,
        valid_until: args.valid_until.clone(),
        price: args.price.clone(),
        note: None,
    };
    let made = voucher::generate(&agent.ctx, &input).await?;
    let batch = made.batch;
    // The batch is printed first: if its sheet then fails, the person still learns its id.
    print_json(&batch)?;
    say(&format!(
        "Batch #{}: {} of '{}' at {} {} on {}; {} waiting for the routers.",
        batch.id,
        cards(u64::from(batch.count)),
        batch.plan,
        batch.price,
        batch.currency,
        batch.routers.join(", "),
        plural(made.router_jobs, "change"),
    ));
    if let Some((file, layout)) = sheet {
        write_sheet(agent, batch.id, file, layout).await?;
    }
    Ok(())
}

/// Where the sheet is written before it takes its name: `.cards.pdf.part` beside `cards.pdf`.
fn part_of(file: &Path) -> std::path::PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sheet.pdf".into());
    file.with_file_name(format!(".{name}.part"))
}

/// Lays the batch's cards out on `layout` and writes the PDF to `file`.
async fn write_sheet(
    agent: &Agent,
    batch: VoucherBatchId,
    file: &Path,
    layout: &str,
) -> Result<(), AgentError> {
    let request = VoucherPrintRequest {
        batch_id: Some(batch),
        codes: Vec::new(),
        made_on: None,
        layout: layout.to_string(),
        note: None,
        qr: true,
    };
    let failed = |why: String| {
        AgentError::Io(format!(
            "batch #{batch} was made, but its sheet was not written: {why} (print it from the \
             vouchers page)"
        ))
    };
    let part = part_of(file);
    let printed = match voucher::print_pdf(&agent.ctx, &request).await {
        Ok(printed) => printed,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(failed(e.to_string()));
        }
    };
    // Written whole beside it, then renamed into place: never half a PDF under its name.
    let written = std::fs::write(&part, &printed.pdf).and_then(|()| std::fs::rename(&part, file));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(failed(format!(
            "{} could not be written: {e}",
            file.display()
        )));
    }
    say(&format!(
        "Wrote {} on {layout} to {}.",
        cards(u64::from(printed.cards)),
        file.display()
    ));
    Ok(())
}

/// Prints every card the filter matches, by id, as one JSON array (`VoucherView`s).
pub async fn list(agent: &Agent, args: &ListVouchersArgs) -> Result<(), AgentError> {
    let state = args.state.as_deref().map(state).transpose()?;
    let batch_id = match args.batch.as_deref() {
        Some(text) => {
            let id = batch_id(text)?;
            // An unknown batch is a mistake, not an empty list.
            voucher::batch(&agent.ctx, id).await?;
            Some(id)
        }
        None => None,
    };
    let filter = VoucherFilter {
        batch_id,
        state,
        ..Default::default()
    };
    let all = voucher::list_all(&agent.ctx, &filter).await?;
    print_json(&all)?;
    say(&format!("{}.", cards(all.len() as u64)));
    Ok(())
}

/// Writes a batch's cards as CSV on standard output.
pub async fn export_csv(agent: &Agent, batch: &str) -> Result<(), AgentError> {
    let id = batch_id(batch)?;
    let written = voucher::export_csv(&agent.ctx, id, std::io::stdout()).await?;
    say(&format!("{} of batch #{id}.", cards(written)));
    Ok(())
}

/// `--pdf FILE --layout NAME`, checked: both or neither, a layout we know.
fn sheet(args: &GenerateVouchersArgs) -> Result<Option<(&Path, &str)>, AgentError> {
    let layouts = VOUCHER_LAYOUTS.join(", ");
    let layout = match args.layout.as_deref() {
        Some(name) if VOUCHER_LAYOUTS.contains(&name) => Some(name),
        Some(name) => {
            return Err(AgentError::Usage(format!(
                "--layout: '{name}' is not a layout: use {layouts}"
            )))
        }
        None => None,
    };
    match (args.pdf.as_deref(), layout) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(AgentError::Usage(
            "--layout goes with --pdf FILE (where to write the sheet)".into(),
        )),
        (Some(_), None) => Err(AgentError::Usage(format!(
            "--pdf needs --layout: one of {layouts}"
        ))),
        (Some(file), Some(_)) if file.is_dir() => Err(AgentError::Usage(format!(
            "--pdf: {} is a folder: name the file to write",
            file.display()
        ))),
        (Some(file), Some(_))
            if file
                .parent()
                .is_some_and(|dir| !dir.as_os_str().is_empty() && !dir.is_dir()) =>
        {
            Err(AgentError::Usage(format!(
                "--pdf: the folder of {} does not exist",
                file.display()
            )))
        }
        (Some(file), Some(layout)) => Ok(Some((file, layout))),
    }
}

/// The plan called `name` (exactly).
async fn plan_id(agent: &Agent, name: &str) -> Result<i64, AgentError> {
    let plans = profile::list(&agent.ctx).await?;
    if let Some(plan) = plans.iter().find(|p| p.name == name) {
        return Ok(plan.id);
    }
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    Err(AgentError::Usage(if names.is_empty() {
        format!("There is no plan named '{name}': no plan has been made yet.")
    } else {
        format!(
            "There is no plan named '{name}' (plans: {}).",
            names.join(", ")
        )
    }))
}

fn count(text: &str) -> Result<u32, AgentError> {
    let max = voucher::MAX_COUNT;
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            AgentError::Usage(format!(
                "--count: '{text}' is not a number of cards: give 1 to {max}"
            ))
        })
}

fn length(text: &str) -> Result<u32, AgentError> {
    text.trim().parse::<u32>().map_err(|_| {
        AgentError::Usage(format!(
            "--length: '{text}' is not a number: give 6 to 16 characters"
        ))
    })
}

fn batch_id(text: &str) -> Result<VoucherBatchId, AgentError> {
    text.trim()
        .parse::<VoucherBatchId>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            AgentError::Usage(format!(
                "--batch: '{text}' is not a batch id: give the number `vouchers generate` printed as its id"
            ))
        })
}

/// `first-login`, `usage-time`, `fixed-date` (or with underscores); `--valid-until` alone means
/// `fixed-date`.
fn time_mode(text: Option<&str>, valid_until: bool) -> Result<VoucherTimeMode, AgentError> {
    let mode = match text {
        None if valid_until => VoucherTimeMode::FixedDate,
        None => VoucherTimeMode::default(),
        Some(text) => VoucherTimeMode::parse(&text.trim().replace('-', "_")).ok_or_else(|| {
            AgentError::Usage(format!(
                "--mode: '{text}' is not a mode: use first-login, usage-time or fixed-date"
            ))
        })?,
    };
    if valid_until && mode != VoucherTimeMode::FixedDate {
        return Err(AgentError::Usage(format!(
            "--valid-until goes with --mode fixed-date, not {}",
            mode.as_str().replace('_', "-")
        )));
    }
    Ok(mode)
}

fn state(text: &str) -> Result<VoucherState, AgentError> {
    VoucherState::parse(&text.trim().replace('-', "_")).ok_or_else(|| {
        let all: Vec<&str> = VoucherState::ALL.iter().map(|s| s.as_str()).collect();
        AgentError::Usage(format!(
            "--state: '{text}' is not a card state: use {}",
            all.join(", ")
        ))
    })
}

fn cards(n: u64) -> String {
    plural(n, "card")
}

/// Reads where cards are: pushed to their routers (`on_router`), first login, used up,
/// expired (`tikbill_core::voucher::observe_all`). A router that cannot be read is named in
/// the run's line; the others are read.
#[derive(Debug, Clone)]
pub struct VouchersJob {
    pub every: Duration,
    /// The limit for one router's reading.
    pub timeout: Duration,
}

impl Job for VouchersJob {
    fn name(&self) -> &'static str {
        "vouchers"
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move {
            let (seen, problems) = voucher::observe_all(&agent.ctx, self.timeout).await?;
            let mut text = format!(
                "{} on their routers, {} in use, {} used up, {} expired",
                cards(seen.on_router),
                seen.in_use,
                seen.used_up,
                seen.expired
            );
            for why in problems {
                text.push_str(&format!("; {why}"));
            }
            Ok(text)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_values_are_read_or_refused_on_one_line() {
        assert_eq!(count(" 25 ").ok(), Some(25));
        for bad in ["0", "50001", "-3", "lots", ""] {
            let err = count(bad).expect_err(bad).to_string();
            assert!(err.contains("give 1 to 50000"), "{bad}: {err}");
        }
        assert_eq!(
            time_mode(Some("usage-time"), false).ok(),
            Some(VoucherTimeMode::UsageTime)
        );
        assert_eq!(
            time_mode(None, true).ok(),
            Some(VoucherTimeMode::FixedDate),
            "--valid-until alone means a fixed date"
        );
        assert!(time_mode(Some("first-login"), true).is_err());
        assert!(time_mode(Some("forever"), false).is_err());
        assert_eq!(state("on-router").ok(), Some(VoucherState::OnRouter));
        let err = state("sold-out").expect_err("unknown").to_string();
        assert!(
            err.contains("created, on_router, issued, sold, in_use, used_up, expired, returned, revoked, redeemed"),
            "{err}"
        );
        for message in [err, count("x").expect_err("x").to_string()] {
            assert!(!message.contains('\n'), "one line: {message}");
        }
    }
}
