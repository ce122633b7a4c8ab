//! `tikbill-agent reports …`. The names and flags are promises (issue 14):
//! `reports daily [--date YYYY-MM-DD]`.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Writes the daily report of one office day now (stored, and as a PDF in the data
    /// directory's `reports` folder) and prints its figures as JSON with the PDF's path.
    Daily {
        /// The office day, YYYY-MM-DD [default: today on the office's clock]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
}
