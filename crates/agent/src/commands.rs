//! What each subcommand does: results as JSON on stdout, a line for people on stderr.

use std::sync::Arc;
use std::time::Duration;

use tikbill_api::{RouterInput, StaffInput};
use tikbill_core::router::health::HealthOptions;
use tikbill_core::router::RouterDraft;
use tikbill_core::secret_store::{self, SecretStoreKind};
use tikbill_core::{db, Clock, SystemClock};

use crate::address::ApiAddress;
use crate::cli::{
    AddRouterArgs, AddStaffArgs, AuditCommand, Cli, Command, CustomersCommand, GatewaysCommand,
    HealthArgs, MpesaCommand, PaymentsCommand, ProbeArgs, RelayCommand, ReportsCommand,
    RoutersCommand, RunArgs, StaffCommand, VouchersCommand, WebhooksCommand,
};
use crate::health::{HealthJob, HealthSummary};
use crate::output::{print_json, say};
use crate::probe::ProbeTarget;
use crate::router_jobs::{ExpiryJob, ProvisioningJob, SessionsJob};
use crate::stop_signal::StopSignal;
use crate::storage::Storage;
use crate::{
    audit, customers, gateways, health, import, mpesa, password, payments, probe, relay, reminders,
    reports, routers, staff, sync, vouchers, webhooks, Agent, AgentError, Scheduler,
};
use tikbill_core::provisioning::WorkerOptions;

/// Runs one command line, on the real clock, with the store named by `TIKBILL_SECRET_STORE`.
pub async fn execute(cli: Cli) -> Result<(), AgentError> {
    let storage = Storage::from_env(cli.database, cli.data_dir);
    let secrets = secret_store::kind_from_env();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command {
        Command::Probe(args) => run_probe(args).await,
        Command::Routers(RoutersCommand::Add(args)) => {
            add_router(args, &storage, secrets, clock).await
        }
        Command::Routers(RoutersCommand::List) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            print_json(&routers::list(&agent).await?)
        }
        Command::Routers(RoutersCommand::Remove { name }) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            routers::remove(&agent, &name).await?;
            say(&format!("Removed router '{name}'."));
            Ok(())
        }
        Command::Health(args) => check_health(args, &storage, secrets, clock).await,
        Command::Run(args) => run_jobs(args, &storage, secrets, clock).await,
        Command::Sync(args) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            sync::run(&agent, &args).await
        }
        Command::Import(args) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            import::from_router(&agent, &args).await
        }
        Command::Customers(CustomersCommand::List(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            customers::list(&agent, &args).await
        }
        Command::Customers(CustomersCommand::ImportCsv(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            import::from_csv(&agent, &args).await
        }
        Command::Audit(AuditCommand::Verify) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            audit::verify(&agent).await
        }
        Command::Payments(PaymentsCommand::List(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            payments::list(&agent, &args).await
        }
        Command::Payments(PaymentsCommand::Record(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            payments::record(&agent, &args).await
        }
        Command::Relay(args) => match args.command {
            None => relay::serve(args, &storage, secrets, clock).await,
            Some(RelayCommand::Urls { public_url }) => {
                let agent = Agent::open(&storage, secrets, clock).await?;
                relay::urls(&agent, &public_url).await
            }
            Some(RelayCommand::SetToken { which }) => {
                let key = match which.trim() {
                    "hook" => tikbill_core::gateway::RELAY_HOOK_TOKEN,
                    "pull" => tikbill_core::gateway::RELAY_REMOTE_TOKEN,
                    other => {
                        return Err(AgentError::Usage(format!(
                            "'{other}' is neither hook nor pull"
                        )))
                    }
                };
                let token = password::read_for(password::RELAY_TOKEN, "The relay's token: ")?;
                let agent = Agent::open(&storage, secrets, clock).await?;
                tikbill_core::gateway::remember_token(&agent.ctx, key, token.expose())?;
                say(&format!(
                    "Kept the relay's {which} token in the secret store."
                ));
                Ok(())
            }
            Some(RelayCommand::Pull { from }) => {
                let token = password::read_for(password::RELAY_TOKEN, "The relay's pull token: ")?;
                let agent = Agent::open(&storage, secrets, clock).await?;
                relay::pull_once(&agent, &from, token.expose()).await
            }
        },
        Command::Gateways(GatewaysCommand::Set { name }) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            gateways::set(&agent, &name).await
        }
        Command::Gateways(GatewaysCommand::List) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            gateways::list(&agent).await
        }
        Command::Webhooks(WebhooksCommand::Verify(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            webhooks::verify(&agent, &args).await
        }
        Command::Mpesa(MpesaCommand::Push {
            customer,
            phone,
            periods,
        }) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            mpesa::push(&agent, &customer, phone, periods).await
        }
        Command::Mpesa(MpesaCommand::RegisterC2b { default_action }) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            mpesa::register_c2b(&agent, &default_action).await
        }
        Command::Vouchers(VouchersCommand::Generate(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            vouchers::generate(&agent, &args).await
        }
        Command::Vouchers(VouchersCommand::List(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            vouchers::list(&agent, &args).await
        }
        Command::Reports(ReportsCommand::Daily { date }) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            let dir = reports::folder(&storage.data_dir()?);
            reports::daily_now(&agent, date.as_deref(), &dir).await
        }
        Command::Vouchers(VouchersCommand::ExportCsv { batch }) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            vouchers::export_csv(&agent, &batch).await
        }
        Command::Staff(StaffCommand::Add(args)) => add_staff(args, &storage, secrets, clock).await,
        Command::Staff(StaffCommand::List) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            print_json(&staff::list(&agent).await?)
        }
        Command::Staff(StaffCommand::Disable(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            let account = staff::disable(&agent, &args.user).await?;
            print_json(&account)?;
            say(&format!(
                "Disabled staff account '{}': it can no longer sign in.",
                account.username
            ));
            Ok(())
        }
        Command::Staff(StaffCommand::ResetPassword(args)) => {
            let agent = Agent::open(&storage, secrets, clock).await?;
            // Refuse an unknown account before asking for a password.
            let account = staff::by_username(&agent, &args.user).await?;
            let temporary = password::read_for(
                password::STAFF,
                &format!("Temporary password for {}: ", account.username),
            )?;
            let account = staff::reset_password(&agent, account.id, &temporary).await?;
            print_json(&account)?;
            say(&format!(
                "Reset the password of '{}': they choose a new one at their next sign-in.",
                account.username
            ));
            Ok(())
        }
    }
}

async fn add_staff(
    args: AddStaffArgs,
    storage: &Storage,
    secrets: SecretStoreKind,
    clock: Arc<dyn Clock>,
) -> Result<(), AgentError> {
    // Refuse a bad role before asking for the password.
    let role = staff::role(&args.role)?;
    let password = password::read_for(password::STAFF, &format!("Password for {}: ", args.user))?;
    let input = StaffInput {
        username: args.user,
        name: args.name,
        role,
        password: password.expose().to_string(),
    };
    let agent = Agent::open(storage, secrets, clock).await?;
    let account = staff::add(&agent, &input).await?;
    print_json(&account)?;
    say(&format!(
        "Added staff account '{}' ({}).",
        account.username,
        account.role.as_str()
    ));
    Ok(())
}

async fn run_probe(args: ProbeArgs) -> Result<(), AgentError> {
    let address: ApiAddress = args.address.parse()?;
    let password = password::read(&format!("Password for {} at {address}: ", args.user))?;
    let target = ProbeTarget {
        address,
        user: args.user,
        password,
        tls: args.tls,
        timeout: Duration::from_secs(args.timeout_secs),
    };
    print_json(&probe::run(target).await?)
}

async fn add_router(
    args: AddRouterArgs,
    storage: &Storage,
    secrets: SecretStoreKind,
    clock: Arc<dyn Clock>,
) -> Result<(), AgentError> {
    let mut input = RouterInput {
        name: args.name,
        host: args.host,
        port: args.port.unwrap_or_default(),
        use_tls: args.tls,
        username: args.user,
        password: None,
    };
    // Refuse a bad form before asking for the password.
    let draft = RouterDraft::parse(&input)?;
    let prompt = format!(
        "Password for {} at {}:{}: ",
        draft.username, draft.host, draft.port
    );
    input.password = Some(password::read(&prompt)?.expose().to_string());
    let agent = Agent::open(storage, secrets, clock).await?;
    print_json(&routers::add(&agent, &input).await?)
}

async fn check_health(
    args: HealthArgs,
    storage: &Storage,
    secrets: SecretStoreKind,
    clock: Arc<dyn Clock>,
) -> Result<(), AgentError> {
    let agent = Agent::open(storage, secrets, clock).await?;
    let options = HealthOptions {
        concurrency: usize::try_from(args.concurrency).unwrap_or(usize::MAX),
        timeout: Duration::from_secs(args.timeout_secs),
    };
    let checks = health::check_all(&agent, options).await?;
    print_json(&checks)?;
    say(&HealthSummary::of(&checks).to_string());
    Ok(())
}

async fn run_jobs(
    args: RunArgs,
    storage: &Storage,
    secrets: SecretStoreKind,
    clock: Arc<dyn Clock>,
) -> Result<(), AgentError> {
    // Listen before anything else, so an early SIGTERM stops the agent cleanly too.
    let stop = StopSignal::listen()?;
    let agent = Agent::open(storage, secrets, clock).await?;
    let health = HealthJob {
        every: Duration::from_secs(args.health_every_secs),
        options: HealthOptions::default(),
    };
    let worker = WorkerOptions::on_this_computer("agent");
    let provisioning = ProvisioningJob {
        every: Duration::from_secs(args.provisioning_every_secs),
        worker: worker.clone(),
    };
    let expiry = ExpiryJob {
        every: Duration::from_secs(args.expiry_every_secs),
        worker,
    };
    // Expiry first: at start it catches up on what ran out while nothing ran; then payments
    // stored but not applied (before a crash, or a gateway's), whose router jobs follow.
    let scheduler = Scheduler::new()
        .with(expiry)
        .with(payments::SettleJob {
            every: Duration::from_secs(args.payments_every_secs),
        })
        .with(provisioning)
        .with(health)
        .with(SessionsJob {
            every: Duration::from_secs(args.sessions_every_secs),
            timeout: Duration::from_secs(10),
        })
        .with(vouchers::VouchersJob {
            every: Duration::from_secs(args.vouchers_every_secs),
            timeout: Duration::from_secs(10),
        })
        .with(reports::DailyReportJob {
            every: Duration::from_secs(args.reports_every_secs),
            dir: reports::folder(&storage.data_dir()?),
        })
        .with(reminders::RemindersJob {
            every: Duration::from_secs(args.reminders_every_secs),
        })
        .with(mpesa::ReconcileJob {
            every: Duration::from_secs(args.reconcile_every_secs),
        })
        .with(mpesa::PullJob {
            every: Duration::from_secs(args.pull_every_secs),
        });
    let relay_listen = match args.relay_listen.clone() {
        Some(addr) => Some(addr),
        None => tikbill_core::settings::relay_listen(agent.ctx.db()).await?,
    };
    let relay_task = match relay_listen {
        Some(addr) => Some(start_relay(&agent, storage, &addr).await?),
        None => None,
    };
    let jobs: Vec<String> = scheduler
        .jobs()
        .map(|j| format!("{} every {} s", j.name(), j.every().as_secs()))
        .collect();
    say(&format!(
        "tikbill-agent: running on {} ({}). Stop with Ctrl-C or SIGTERM.",
        db::redact(&storage.database_url()?),
        jobs.join(", ")
    ));
    let stopped = async {
        let name = stop
            .received_or_stdin_closed(args.stop_when_stdin_closes)
            .await;
        say(&format!("tikbill-agent: {name} received, stopping."));
    };
    scheduler
        .run_until(&agent, stopped, &mut std::io::stderr())
        .await;
    agent
        .ctx
        .db()
        .clone()
        .close()
        .await
        .map_err(tikbill_core::CoreError::from)?;
    if let Some((server, processing)) = relay_task {
        server.abort();
        processing.abort();
    }
    say("tikbill-agent: stopped.");
    Ok(())
}

/// The relay inside `run`: served and processed on tasks of their own until the agent stops.
async fn start_relay(
    agent: &Agent,
    storage: &Storage,
    addr: &str,
) -> Result<(tokio::task::JoinHandle<()>, tokio::task::JoinHandle<()>), AgentError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| AgentError::Io(format!("the relay cannot listen on {addr}: {e}")))?;
    let running = relay::Relay::start(agent, storage, Arc::new(SystemClock), true).await?;
    let processing = tokio::spawn(relay::process_loop(
        agent.clone(),
        running.inbox.clone(),
        Duration::from_secs(5),
    ));
    say(&format!(
        "tikbill-agent: the payment relay listens on {addr}."
    ));
    let server = tokio::spawn(async move {
        if let Err(e) = tikbill_relay::serve(listener, running.router, std::future::pending()).await
        {
            say(&format!("tikbill-agent: the relay stopped: {e}"));
        }
    });
    Ok((server, processing))
}
