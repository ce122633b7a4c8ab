//! The command line. Its names and flags are promises to people and scripts: change them only
//! by adding.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

mod reports;
mod vouchers;

pub use reports::ReportsCommand;
pub use vouchers::{GenerateVouchersArgs, ListVouchersArgs, VouchersCommand};

/// tikbill's agent: checks routers and runs scheduled jobs on the app's database.
///
/// Router passwords come from TIKBILL_ROUTER_PASSWORD, staff passwords from
/// TIKBILL_STAFF_PASSWORD, or either from one line of standard input; never from an argument. TIKBILL_SECRET_STORE=file keeps them in DIR/secrets.json instead of the OS
/// keyring (for servers without one). Results are printed as JSON on stdout.
#[derive(Debug, Parser)]
#[command(name = "tikbill-agent", version)]
pub struct Cli {
    /// The database: sqlite://… or postgres://… [default: $TIKBILL_DATABASE_URL, else the app's
    /// SQLite file in the data directory]
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// Where the SQLite file and the password file live [default: the desktop app's directory]
    #[arg(long = "data-dir", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Connects to a router, logs in and prints its identity, version and resources. Uses no
    /// database.
    Probe(ProbeArgs),
    /// Adds, lists or removes routers.
    #[command(subcommand)]
    Routers(RoutersCommand),
    /// Checks every router now, stores the results and prints them.
    Health(HealthArgs),
    /// Runs the scheduled jobs until stopped with Ctrl-C or SIGTERM.
    Run(RunArgs),
    /// Compares a router (or every router) with tikbill and fixes what differs. Prints the
    /// differences found; --dry-run only prints them. Exits with 1, after printing the
    /// reports, when a router could not be synced or (unless --dry-run) a difference could not
    /// be fixed.
    Sync(SyncArgs),
    /// Imports a router's hotspot users and PPP secrets as customers (the API user needs the
    /// 'sensitive' policy to read passwords). Prints what was imported, skipped and refused.
    Import(ImportArgs),
    /// Lists or imports customers.
    #[command(subcommand)]
    Customers(CustomersCommand),
    /// Adds, lists and disables staff accounts, and resets their passwords.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Checks the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Lists or records payments.
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// The payment callback relay: gateways' webhooks stored durably, then processed.
    Relay(RelayArgs),
    /// Online payment gateways' settings and secrets (kept in the secret store).
    #[command(subcommand)]
    Gateways(GatewaysCommand),
    /// Archived webhook deliveries.
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// M-Pesa: STK pushes and C2B URL registration.
    #[command(subcommand)]
    Mpesa(MpesaCommand),
    /// Prepaid cards: generates batches, lists cards, exports a batch as CSV.
    #[command(subcommand)]
    Vouchers(VouchersCommand),
    /// Reports: writes the daily report of a day now.
    #[command(subcommand)]
    Reports(ReportsCommand),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RelayArgs {
    #[command(subcommand)]
    pub command: Option<RelayCommand>,
    /// Where to listen, e.g. 0.0.0.0:8443 or 127.0.0.1:8080
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Only store deliveries (a relay on its own server whose desktop pulls them); without it
    /// the relay also processes them on this database
    #[arg(long = "store-only")]
    pub store_only: bool,
    /// Serve HTTPS with this PEM certificate chain (with --tls-key); else plain HTTP, for a
    /// reverse proxy in front or loopback
    #[arg(long = "tls-cert", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,
    /// The PEM private key of --tls-cert
    #[arg(long = "tls-key", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
    /// Seconds between passes over deliveries waiting to be tried again
    #[arg(long = "process-every-secs", value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub process_every_secs: u64,
}

#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// Prints the URL to register with each gateway, and the pull URL and token for a desktop.
    Urls {
        /// The relay's public base URL, e.g. https://pay.example.net
        #[arg(long = "public-url", value_name = "URL")]
        public_url: String,
    },
    /// Keeps a token a relay on another server printed (`relay urls`), read from
    /// TIKBILL_RELAY_TOKEN or standard input: `hook` (STK pushes' callback URLs) or `pull`
    /// (the desktop pulls deliveries with it).
    SetToken {
        /// hook or pull
        #[arg(value_name = "WHICH")]
        which: String,
    },
    /// Pulls the deliveries a relay on another server stored, once, and processes them.
    Pull {
        /// The relay's base URL (its bearer token is read on standard input)
        #[arg(long, value_name = "URL")]
        from: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum GatewaysCommand {
    /// Reads the gateway's settings and secrets as one JSON object on standard input, checks
    /// and keeps them in the secret store (never the database). Prints them without secrets.
    Set {
        /// mpesa, paypal, paystack, flutterwave, generic, midtrans or xendit
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Prints every configured gateway without its secrets.
    List,
}

#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Tells whether an archived delivery's signature holds, and why not (exit 0 or 1).
    Verify(VerifyWebhookArgs),
}

#[derive(Debug, Args)]
pub struct VerifyWebhookArgs {
    /// paypal, paystack, flutterwave, generic, midtrans or xendit
    #[arg(value_name = "GATEWAY")]
    pub gateway: String,
    /// The request's headers, one `Name: value` per line
    #[arg(long, value_name = "FILE")]
    pub headers: std::path::PathBuf,
    /// The exact body bytes
    #[arg(long, value_name = "FILE")]
    pub body: std::path::PathBuf,
    /// PayPal: the certificate (PEM) instead of fetching it from PAYPAL-CERT-URL
    #[arg(long, value_name = "FILE")]
    pub cert: Option<std::path::PathBuf>,
    /// PayPal: the webhook id it was sent to (else the configured one)
    #[arg(long = "webhook-id", value_name = "ID")]
    pub webhook_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MpesaCommand {
    /// Sends an STK push for a customer's plan to their phone; prints the push.
    Push {
        /// The customer's user name
        #[arg(long, value_name = "USER")]
        customer: String,
        /// The phone to ask (else the customer's)
        #[arg(long, value_name = "PHONE")]
        phone: Option<String>,
        /// How many periods of the plan
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        periods: u32,
    },
    /// Registers the relay's C2B validation and confirmation URLs with Daraja.
    RegisterC2b {
        /// What Daraja does when validation does not answer: completed or cancelled
        #[arg(
            long = "default-action",
            value_name = "ACTION",
            default_value = "completed"
        )]
        default_action: String,
    },
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The router's API address, e.g. 192.0.2.1:8728 or [2001:db8::1]:8729
    #[arg(value_name = "HOST:PORT")]
    pub address: String,
    /// The API user
    #[arg(long, value_name = "U")]
    pub user: String,
    /// Use api-ssl (any certificate is accepted; its fingerprint is printed)
    #[arg(long)]
    pub tls: bool,
    /// The limit for the whole probe, in seconds
    #[arg(long = "timeout-secs", value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_secs: u64,
}

#[derive(Debug, Subcommand)]
pub enum RoutersCommand {
    /// Saves a router; its password goes to the password store. Prints the router.
    Add(AddRouterArgs),
    /// Prints every router.
    List,
    /// Removes a router (refused while it has customers) and its stored password.
    Remove {
        /// The router's name
        #[arg(value_name = "N")]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct AddRouterArgs {
    /// A name for the router, e.g. "Tower 1"
    #[arg(long, value_name = "N")]
    pub name: String,
    /// Host name or IP address
    #[arg(long, value_name = "H")]
    pub host: String,
    /// The API port [default: 8728, or 8729 with --tls]
    #[arg(long, value_name = "P")]
    pub port: Option<String>,
    /// The API user
    #[arg(long, value_name = "U")]
    pub user: String,
    /// Use api-ssl; the certificate is pinned at the first check
    #[arg(long)]
    pub tls: bool,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The most routers checked at once
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub concurrency: u64,
    /// The limit for one router's check, in seconds
    #[arg(long = "timeout-secs", value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_secs: u64,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Seconds between health checks of all routers
    #[arg(long = "health-every-secs", value_name = "N", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub health_every_secs: u64,
    /// Seconds between expiry passes (expired customers are switched off and kicked)
    #[arg(long = "expiry-every-secs", value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub expiry_every_secs: u64,
    /// Seconds between passes over the router job queue (changes waiting for routers)
    #[arg(long = "provisioning-every-secs", value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub provisioning_every_secs: u64,
    /// Seconds between passes that apply payments stored but not yet applied (a gateway's)
    #[arg(long = "payments-every-secs", value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub payments_every_secs: u64,
    /// Seconds between readings of who is online (the customers' connection history)
    #[arg(long = "sessions-every-secs", value_name = "N", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub sessions_every_secs: u64,
    /// Seconds between readings of where prepaid cards are (pushed to their routers, first
    /// login, used up, expired)
    #[arg(long = "vouchers-every-secs", value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub vouchers_every_secs: u64,
    /// Seconds between looks at whether a daily report is due (written at `reports.daily_time`,
    /// 23:55 office time by default; days missed while nothing ran are written at start)
    #[arg(long = "reports-every-secs", value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub reports_every_secs: u64,
    /// Seconds between looks for customers to send an expiry reminder by SMS (when Settings
    /// turn reminders on; each expiry is texted once, missed ones caught up while still due)
    #[arg(long = "reminders-every-secs", value_name = "N", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub reminders_every_secs: u64,
    /// Seconds between asking Daraja about M-Pesa pushes whose callback has not come (each
    /// push is asked with its own back-off) and retrying deliveries that wait
    #[arg(long = "reconcile-every-secs", value_name = "N", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..))]
    pub reconcile_every_secs: u64,
    /// Seconds between pulls from a relay on another server (when Settings name one)
    #[arg(long = "pull-every-secs", value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub pull_every_secs: u64,
    /// Also run the payment relay, listening here (else as Settings say: `relay.listen`)
    #[arg(long = "relay-listen", value_name = "ADDR")]
    pub relay_listen: Option<String>,
    /// Also stop when standard input reaches its end: the desktop app holds a pipe to it, so the
    /// agent ends with the app even when the app is killed or crashes
    #[arg(long = "stop-when-stdin-closes")]
    pub stop_when_stdin_closes: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["router", "all"])))]
pub struct SyncArgs {
    /// The router's name
    #[arg(long, value_name = "NAME")]
    pub router: Option<String>,
    /// Every router, each on its own (one that cannot be reached does not stop the others)
    #[arg(long)]
    pub all: bool,
    /// Only compare and print the differences; change nothing
    #[arg(long = "dry-run")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The router's name
    #[arg(long, value_name = "NAME")]
    pub router: String,
}

#[derive(Debug, Subcommand)]
pub enum CustomersCommand {
    /// Prints one page of customers, by user name, and how many match.
    List(ListCustomersArgs),
    /// Imports customers from a CSV file onto a router. The first line names the columns:
    /// username, password, full name, phone, profile, service type, expiry.
    #[command(name = "import-csv")]
    ImportCsv(ImportCsvArgs),
}

#[derive(Debug, Args)]
pub struct ListCustomersArgs {
    /// A fragment of the user name, full name or phone number
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub search: String,
    /// Only customers in this status
    #[arg(long, value_name = "STATUS", value_parser = ["pending", "active", "expired", "disabled"])]
    pub status: Option<String>,
    /// Only customers of the router with this name
    #[arg(long, value_name = "NAME")]
    pub router: Option<String>,
    /// Only active customers whose plan ends within N days
    #[arg(long = "expiring-within-days", value_name = "N")]
    pub expiring_within_days: Option<u32>,
    /// The page to print, from 1
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub page: u32,
    /// Customers per page (at most 200)
    #[arg(long = "page-size", value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub page_size: u32,
}

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The CSV file (UTF-8)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The router the customers connect through
    #[arg(long, value_name = "NAME")]
    pub router: String,
}

#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// Prints the payments, newest first, as one JSON array: each with its amount, currency,
    /// method, reference, state, customer, and what went to (or came from) the customer's
    /// credit.
    List(ListPaymentsArgs),
    /// Records a payment for a customer and applies it at once (their plan extended by the
    /// periods it pays for; what is over or short goes to their credit). Prints the payment.
    Record(RecordPaymentArgs),
}

#[derive(Debug, Args)]
pub struct ListPaymentsArgs {
    /// Only payments in this state: pending, paid, failed, unmatched, applied or reversed
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only payments made on or after this day (YYYY-MM-DD, in the office's time zone)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct RecordPaymentArgs {
    /// The customer's user name
    #[arg(long, value_name = "USER")]
    pub customer: String,
    /// The router the customer is on, when their user name is used on more than one
    #[arg(long, value_name = "NAME")]
    pub router: Option<String>,
    /// The amount, exact: 500, 1499.50
    #[arg(long, value_name = "AMOUNT")]
    pub amount: String,
    /// The currency's 3-letter code: KES
    #[arg(long, value_name = "CODE")]
    pub currency: String,
    /// cash, bank_transfer, mobile_money or card
    #[arg(long, value_name = "METHOD")]
    pub method: String,
    /// The receipt or transfer reference; the same reference twice is the same payment
    /// [default: a new one]
    #[arg(long, value_name = "REF")]
    pub reference: Option<String>,
    /// How many periods of the customer's plan it pays for
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub periods: u32,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walks the audit log's hash chain in order. Prints "N entries, chain intact", or exits
    /// with 1 naming the first entry that does not fit and why: edited (its hash does not match
    /// its contents), or an entry before it deleted or moved.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Adds a staff account; its password comes from TIKBILL_STAFF_PASSWORD or one line of
    /// standard input (at least 10 characters). Prints the account.
    Add(AddStaffArgs),
    /// Prints every staff account, disabled ones too (never a password or its hash).
    List,
    /// Disables an account: it can no longer sign in. Accounts are never deleted, and the last
    /// owner cannot be disabled. Prints the account.
    Disable(StaffUserArgs),
    /// Sets a temporary password, from TIKBILL_STAFF_PASSWORD or one line of standard input;
    /// the person chooses their own at the next sign-in. Prints the account.
    #[command(name = "reset-password")]
    ResetPassword(StaffUserArgs),
}

#[derive(Debug, Args)]
pub struct AddStaffArgs {
    /// The user name the person signs in with
    #[arg(long, value_name = "NAME")]
    pub user: String,
    /// owner, manager, cashier or viewer
    #[arg(long, value_name = "ROLE")]
    pub role: String,
    /// The person's full name
    #[arg(long, value_name = "FULL NAME", default_value = "")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct StaffUserArgs {
    /// The account's user name
    #[arg(long, value_name = "NAME")]
    pub user: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_go_before_or_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "tikbill-agent",
            "routers",
            "list",
            "--data-dir",
            "/tmp/x",
            "--database",
            "sqlite://a",
        ])
        .unwrap();
        assert_eq!(cli.data_dir, Some(PathBuf::from("/tmp/x")));
        assert_eq!(cli.database.as_deref(), Some("sqlite://a"));
        assert!(matches!(
            cli.command,
            Command::Routers(RoutersCommand::List)
        ));
    }

    #[test]
    fn sync_needs_a_router_or_all() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.command);
        let Ok(Command::Sync(one)) =
            parse(&["tikbill-agent", "sync", "--router", "T1", "--dry-run"])
        else {
            panic!("sync --router parses")
        };
        assert_eq!(
            (one.router.as_deref(), one.all, one.dry_run),
            (Some("T1"), false, true)
        );
        assert!(matches!(
            parse(&["tikbill-agent", "sync", "--all"]),
            Ok(Command::Sync(SyncArgs { all: true, .. }))
        ));
        assert!(parse(&["tikbill-agent", "sync"]).is_err(), "which router?");
        assert!(
            parse(&["tikbill-agent", "sync", "--all", "--router", "T1"]).is_err(),
            "one or all, not both"
        );
        let Ok(Command::Customers(CustomersCommand::ImportCsv(csv))) = parse(&[
            "tikbill-agent",
            "customers",
            "import-csv",
            "people.csv",
            "--router",
            "T1",
        ]) else {
            panic!("customers import-csv parses")
        };
        assert_eq!(
            (csv.file, csv.router),
            (PathBuf::from("people.csv"), "T1".into())
        );
        let Ok(Command::Customers(CustomersCommand::List(list))) =
            parse(&["tikbill-agent", "customers", "list"])
        else {
            panic!("customers list parses")
        };
        assert_eq!((list.page, list.page_size), (1, 50));
        assert!(
            parse(&["tikbill-agent", "customers", "list", "--status", "late"]).is_err(),
            "an unknown status is refused"
        );
    }

    #[test]
    fn staff_commands_parse_with_their_promised_names_and_flags() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.command);
        let Ok(Command::Staff(StaffCommand::Add(add))) = parse(&[
            "tikbill-agent",
            "staff",
            "add",
            "--user",
            "ayu",
            "--role",
            "cashier",
            "--name",
            "Ayu Lestari",
        ]) else {
            panic!("staff add parses")
        };
        assert_eq!(
            (add.user.as_str(), add.role.as_str(), add.name.as_str()),
            ("ayu", "cashier", "Ayu Lestari")
        );
        let Ok(Command::Staff(StaffCommand::Add(unnamed))) = parse(&[
            "tikbill-agent",
            "staff",
            "add",
            "--user",
            "b",
            "--role",
            "viewer",
        ]) else {
            panic!("--name is optional")
        };
        assert_eq!(unnamed.name, "");
        assert!(matches!(
            parse(&["tikbill-agent", "staff", "list"]),
            Ok(Command::Staff(StaffCommand::List))
        ));
        assert!(matches!(
            parse(&["tikbill-agent", "staff", "disable", "--user", "ayu"]),
            Ok(Command::Staff(StaffCommand::Disable(StaffUserArgs { user }))) if user == "ayu"
        ));
        assert!(matches!(
            parse(&["tikbill-agent", "staff", "reset-password", "--user", "ayu"]),
            Ok(Command::Staff(StaffCommand::ResetPassword(StaffUserArgs { user }))) if user == "ayu"
        ));
        assert!(
            parse(&["tikbill-agent", "staff", "add", "--role", "owner"]).is_err(),
            "whose account?"
        );
    }

    #[test]
    fn audit_verify_parses_with_its_promised_name() {
        let parsed = Cli::try_parse_from(["tikbill-agent", "audit", "verify"]).map(|c| c.command);
        assert!(
            matches!(parsed, Ok(Command::Audit(AuditCommand::Verify))),
            "`audit verify` is a promise to users: {parsed:?}"
        );
    }

    #[test]
    fn voucher_commands_parse_with_their_promised_names_and_flags() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.command);
        let Ok(Command::Vouchers(VouchersCommand::Generate(g))) = parse(&[
            "tikbill-agent",
            "vouchers",
            "generate",
            "--plan",
            "Daily",
            "--count",
            "25",
            "--router",
            "Tower 1",
            "--router",
            "Tower 2",
            "--length",
            "10",
            "--prefix",
            "WIFI",
            "--same-password",
            "--mode",
            "fixed-date",
            "--valid-until",
            "2026-12-31",
            "--price",
            "4500",
            "--pdf",
            "cards.pdf",
            "--layout",
            "a4",
        ]) else {
            panic!("vouchers generate parses with every flag")
        };
        assert_eq!(
            (g.plan.as_str(), g.count.as_str(), g.router.clone()),
            (
                "Daily",
                "25",
                vec!["Tower 1".to_string(), "Tower 2".to_string()]
            )
        );
        assert_eq!(
            (
                g.length.as_deref(),
                g.prefix.as_deref(),
                g.same_password,
                g.mode.as_deref(),
                g.valid_until.as_deref(),
                g.price.as_deref(),
                g.pdf.clone(),
                g.layout.as_deref()
            ),
            (
                Some("10"),
                Some("WIFI"),
                true,
                Some("fixed-date"),
                Some("2026-12-31"),
                Some("4500"),
                Some(PathBuf::from("cards.pdf")),
                Some("a4")
            )
        );
        assert!(
            parse(&[
                "tikbill-agent",
                "vouchers",
                "generate",
                "--plan",
                "D",
                "--count",
                "1"
            ])
            .is_err(),
            "on which router?"
        );
        let Ok(Command::Vouchers(VouchersCommand::List(list))) = parse(&[
            "tikbill-agent",
            "vouchers",
            "list",
            "--batch",
            "3",
            "--state",
            "created",
        ]) else {
            panic!("vouchers list parses")
        };
        assert_eq!(
            (list.batch.as_deref(), list.state.as_deref()),
            (Some("3"), Some("created"))
        );
        assert!(matches!(
            parse(&["tikbill-agent", "vouchers", "export-csv", "--batch", "3"]),
            Ok(Command::Vouchers(VouchersCommand::ExportCsv { batch })) if batch == "3"
        ));
    }

    #[test]
    fn defaults_match_the_documented_ones() {
        let Command::Health(h) = Cli::try_parse_from(["tikbill-agent", "health"])
            .unwrap()
            .command
        else {
            panic!("health parses as health")
        };
        let core = tikbill_core::router::health::HealthOptions::default();
        assert_eq!(
            (h.concurrency, h.timeout_secs),
            (core.concurrency as u64, core.timeout.as_secs()),
            "the CLI's defaults are the core's"
        );
        let Command::Run(r) = Cli::try_parse_from(["tikbill-agent", "run"])
            .unwrap()
            .command
        else {
            panic!("run parses as run")
        };
        assert_eq!(
            r.health_every_secs, 300,
            "health every five minutes by default"
        );
        assert_eq!(r.vouchers_every_secs, 60, "cards read every minute");
        assert!(
            Cli::try_parse_from(["tikbill-agent", "run", "--health-every-secs", "0"]).is_err(),
            "a zero interval is refused"
        );
    }
}
