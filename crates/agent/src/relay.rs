//! `tikbill-agent relay`: the payment callback relay, and what goes with it (`relay urls`,
//! `relay pull`, the processing loop).

use std::sync::Arc;
use std::time::Duration;

use tikbill_core::delivery::{self, Inbox};
use tikbill_core::gateway::{relay_token, RELAY_HOOK_TOKEN, RELAY_PULL_TOKEN};
use tikbill_core::{Clock, Context};
use tikbill_gateway::mpesa::C2bReject;
use tikbill_gateway::{Event, Hook};
use tikbill_relay::{AcceptAll, C2bCheck, RelayState};

use crate::cli::RelayArgs;
use crate::output::{print_json, say};
use crate::stop_signal::StopSignal;
use crate::storage::Storage;
use crate::{Agent, AgentError};

/// Answers Daraja's C2B validation from this database's customers.
struct Customers(Context);

impl C2bCheck for Customers {
    fn check<'a>(
        &'a self,
        event: &'a Event,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), C2bReject>> + Send + 'a>>
    {
        Box::pin(tikbill_core::mpesa::validate_c2b(&self.0, event))
    }
}

/// Runs the relay until SIGTERM or Ctrl-C.
pub async fn serve(
    args: RelayArgs,
    storage: &Storage,
    secrets: tikbill_core::secret_store::SecretStoreKind,
    clock: Arc<dyn Clock>,
) -> Result<(), AgentError> {
    let stop = StopSignal::listen()?;
    let Some(listen) = args.listen.clone() else {
        return Err(AgentError::Usage(
            "relay needs --listen ADDR (e.g. 0.0.0.0:8080), or a subcommand: urls, pull".into(),
        ));
    };
    // The certificate first: a relay that cannot serve what it was asked to does not start.
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(
            tikbill_relay::tls_acceptor(cert, key).map_err(|e| AgentError::Usage(e.to_string()))?,
        ),
        _ => None,
    };
    let agent = Agent::open(storage, secrets, clock.clone()).await?;
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| AgentError::Io(format!("the relay cannot listen on {listen}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| AgentError::Io(format!("the relay's address: {e}")))?;
    let running = Relay::start(&agent, storage, clock, !args.store_only).await?;
    let processing = (!args.store_only).then(|| {
        tokio::spawn(process_loop(
            agent.clone(),
            running.inbox.clone(),
            Duration::from_secs(args.process_every_secs),
        ))
    });
    say(&format!(
        "tikbill-agent relay: listening on {}://{bound} ({}). Stop with Ctrl-C or SIGTERM.",
        if tls.is_some() { "https" } else { "http" },
        if args.store_only {
            "storing deliveries for a desktop to pull"
        } else {
            "storing and processing deliveries"
        }
    ));
    let stopped = async move {
        let name = stop.received().await;
        say(&format!("tikbill-agent relay: {name} received, stopping."));
    };
    match tls {
        Some(acceptor) => {
            tikbill_relay::serve_tls(listener, running.router, acceptor, stopped).await
        }
        None => tikbill_relay::serve(listener, running.router, stopped).await,
    }
    .map_err(|e| AgentError::Io(format!("the relay stopped: {e}")))?;
    if let Some(task) = processing {
        task.abort();
    }
    say("tikbill-agent relay: stopped.");
    Ok(())
}

/// A relay's router and its inbox, on the agent's database.
pub struct Relay {
    pub router: tikbill_relay::AxumRouter,
    pub inbox: Inbox,
}

impl Relay {
    /// `check_customers`: answer C2B validation from this database (else accept all).
    pub async fn start(
        agent: &Agent,
        storage: &Storage,
        clock: Arc<dyn Clock>,
        check_customers: bool,
    ) -> Result<Self, AgentError> {
        let url = storage.database_url()?;
        let hook_token = relay_token(&agent.ctx, RELAY_HOOK_TOKEN)?;
        let pull_token = relay_token(&agent.ctx, RELAY_PULL_TOKEN)?;
        let inbox = Inbox::start(delivery::open_durable(&url).await?);
        let c2b: Arc<dyn C2bCheck> = if check_customers {
            Arc::new(Customers(agent.ctx.clone()))
        } else {
            Arc::new(AcceptAll)
        };
        let state = RelayState::new(
            inbox.clone(),
            agent.ctx.db().clone(),
            clock,
            &hook_token,
            Some(&pull_token),
            c2b,
        );
        Ok(Self {
            router: tikbill_relay::router(state),
            inbox,
        })
    }
}

/// Processes deliveries as soon as they are stored, and the waiting ones every `every`.
pub async fn process_loop(agent: Agent, inbox: Inbox, every: Duration) {
    let stored = inbox.stored();
    loop {
        match delivery::process_due(&agent.ctx, &agent.gateways).await {
            Ok(done) if done.processed + done.rejected + done.ignored > 0 => say(&format!(
                "tikbill-agent relay: {} processed, {} rejected, {} ignored, {} waiting",
                done.processed, done.rejected, done.ignored, done.waiting
            )),
            Ok(_) => {}
            Err(e) => say(&format!("tikbill-agent relay: processing failed: {e}")),
        }
        tokio::select! {
            _ = stored.notified() => {}
            _ = tokio::time::sleep(every) => {}
        }
    }
}

/// What to register with each gateway, for the relay at `public_url`.
#[derive(Debug, serde::Serialize)]
pub struct RelayUrls {
    pub hooks: Vec<(String, String)>,
    /// For a desktop whose relay is this one: `relay set-token hook` there.
    pub hook_token: String,
    pub health: String,
    pub pull_url: String,
    pub pull_token: String,
}

/// `relay urls --public-url URL`: prints each gateway's callback URL and the desktop's pull
/// URL and token; keeps the public URL for STK pushes and C2B registration.
pub async fn urls(agent: &Agent, public_url: &str) -> Result<(), AgentError> {
    let saved = tikbill_core::settings::set_relay_public_url(&agent.ctx, Some(public_url))
        .await?
        .unwrap_or_default();
    let token = relay_token(&agent.ctx, RELAY_HOOK_TOKEN)?;
    let pull_token = relay_token(&agent.ctx, RELAY_PULL_TOKEN)?;
    let hooks = Hook::ALL
        .into_iter()
        .map(|hook| {
            let label = match hook {
                Hook::Stk => "M-Pesa STK callback (used by pushes tikbill sends)".to_string(),
                Hook::C2bValidation => "M-Pesa C2B validation URL".to_string(),
                Hook::C2bConfirmation => "M-Pesa C2B confirmation URL".to_string(),
                other => format!("{} webhook", other.gateway().as_str()),
            };
            (label, format!("{saved}/hooks/{token}/{}", hook.path()))
        })
        .collect();
    let urls = RelayUrls {
        hooks,
        hook_token: token.clone(),
        health: format!("{saved}/healthz"),
        pull_url: format!("{saved}/deliveries"),
        pull_token,
    };
    print_json(&urls)?;
    say("Register each URL with its gateway and keep the tokens secret: M-Pesa signs nothing, so for M-Pesa the URL's token is what keeps strangers out (PayPal, Paystack, Flutterwave and the others are also checked by their signatures and APIs).");
    Ok(())
}

/// `relay pull --from URL` (token on stdin): pulls what the relay stored, then processes it.
pub async fn pull_once(agent: &Agent, from: &str, token: &str) -> Result<(), AgentError> {
    let pulled = tikbill_core::delivery::pull(&agent.ctx, &agent.gateways, from, token).await?;
    let done = delivery::process_due(&agent.ctx, &agent.gateways).await?;
    print_json(&serde_json::json!({
        "pulled": pulled,
        "processed": done.processed,
        "rejected": done.rejected,
        "ignored": done.ignored,
        "waiting": done.waiting,
    }))?;
    say(&format!("Pulled {pulled} new deliveries from {from}."));
    Ok(())
}
