//! `tikbill-agent vouchers …`: prepaid cards on the command line. The names and flags are
//! promises (issue 13): `generate --plan --count --router [--length] [--pdf --layout]`,
//! `list [--batch] [--state]`, `export-csv --batch`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum VouchersCommand {
    /// Generates a batch of cards for a plan on one or more routers (they reach the routers
    /// through the router job queue, at `run`'s next provisioning pass). Prints the batch.
    Generate(GenerateVouchersArgs),
    /// Prints every card that matches, by id, as one JSON array (code, password, state, …).
    List(ListVouchersArgs),
    /// Writes a batch's cards as CSV on standard output, a header line first.
    #[command(name = "export-csv")]
    ExportCsv {
        /// The batch's id
        #[arg(long, value_name = "ID")]
        batch: String,
    },
}

// Values a person may get wrong (numbers, names, dates) are read as text and checked by the
// command, so each mistake is one line naming what to write instead.
#[derive(Debug, Args)]
pub struct GenerateVouchersArgs {
    /// The plan's name
    #[arg(long, value_name = "NAME")]
    pub plan: String,
    /// How many cards, 1 to 50000
    #[arg(long, value_name = "N")]
    pub count: String,
    /// A router the cards work on, by name (give --router again for more routers)
    #[arg(long, value_name = "NAME", required = true)]
    pub router: Vec<String>,
    /// Random characters per code, 6 to 16 [default: 12]
    #[arg(long, value_name = "N")]
    pub length: Option<String>,
    /// Letters and digits put before every code (at most 8)
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
    /// The password is the code itself (one thing to type) instead of a second random word
    #[arg(long = "same-password")]
    pub same_password: bool,
    /// How a card's time counts: first-login (the plan's duration from the first login),
    /// usage-time (the plan's duration as time online) or fixed-date (until --valid-until)
    /// [default: first-login, or fixed-date with --valid-until]
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,
    /// The last day the cards work (YYYY-MM-DD, on the office's clock), for --mode fixed-date
    #[arg(long = "valid-until", value_name = "DATE")]
    pub valid_until: Option<String>,
    /// One card's price, exact: 5000, 1.50 [default: the plan's price]
    #[arg(long, value_name = "AMOUNT")]
    pub price: Option<String>,
    /// Also write the batch's cards, laid out for printing, to this PDF file (with --layout)
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// The sheet for --pdf: a4, letter, avery-l7160, avery-5160, thermal-58 or thermal-80
    #[arg(long, value_name = "NAME")]
    pub layout: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListVouchersArgs {
    /// Only the cards of this batch (its id)
    #[arg(long, value_name = "ID")]
    pub batch: Option<String>,
    /// Only cards in this state: created, on_router, issued, sold, in_use, used_up, expired,
    /// returned, revoked or redeemed
    #[arg(long, value_name = "S")]
    pub state: Option<String>,
}
