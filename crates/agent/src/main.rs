//! `tikbill-agent`: see `tikbill-agent --help` and the crate's library documentation.

use std::process::ExitCode;

use clap::Parser;
use tikbill_agent::cli::Cli;
use tikbill_agent::commands;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tikbill-agent: {err}");
            ExitCode::FAILURE
        }
    }
}
