//! `payments list` and `payments record`: the ledger for servers and scripts.

use tikbill_api::{PaymentFilter, PaymentInput, PaymentMethod, PaymentState, PaymentView};
use tikbill_core::{customer, payment, router};

use crate::cli::{ListPaymentsArgs, RecordPaymentArgs};
use crate::output::{print_json, say};
use crate::{Agent, AgentError};

/// The most payments a page of the core's listing holds.
const PAGE: u32 = 500;

/// Prints every payment the filter matches, newest first, as one JSON array (each with its
/// amount, currency, method, reference, state, customer, and what went to or came from credit),
/// and `N payments.` on stderr.
pub async fn list(agent: &Agent, args: &ListPaymentsArgs) -> Result<(), AgentError> {
    let state = match args.status.as_deref() {
        Some(text) => Some(PaymentState::parse(text).ok_or_else(|| {
            AgentError::Usage(format!(
                "'{text}' is not a payment status: use pending, paid, failed, unmatched, \
                 applied or reversed"
            ))
        })?),
        None => None,
    };
    if let Some(since) = &args.since {
        chrono::NaiveDate::parse_from_str(since, "%Y-%m-%d").map_err(|_| {
            AgentError::Usage(format!(
                "--since: '{since}' is not a date: write it as YYYY-MM-DD"
            ))
        })?;
    }
    let mut filter = PaymentFilter {
        state,
        from: args.since.clone(),
        limit: Some(PAGE),
        ..Default::default()
    };
    let mut all: Vec<PaymentView> = Vec::new();
    loop {
        let page = payment::list(&agent.ctx, &filter).await?;
        all.extend(page.payments);
        match page.next_before_id {
            Some(next) => filter.before_id = Some(next),
            None => break,
        }
    }
    print_json(&all)?;
    say(&match all.len() {
        1 => "1 payment.".to_string(),
        n => format!("{n} payments."),
    });
    Ok(())
}

/// Records a payment for the customer (applied at once: their time extended, the router
/// told) and prints it.
pub async fn record(agent: &Agent, args: &RecordPaymentArgs) -> Result<(), AgentError> {
    let method = PaymentMethod::parse(&args.method.replace('-', "_"))
        .filter(|m| *m != PaymentMethod::Gateway)
        .ok_or_else(|| {
            AgentError::Usage(format!(
                "'{}' is not a method: use cash, bank_transfer, mobile_money or card",
                args.method
            ))
        })?;
    let router_id = match &args.router {
        Some(name) => Some(router::by_name(&agent.ctx, name).await?.id),
        None => None,
    };
    let customer = customer::by_username(&agent.ctx, &args.customer, router_id).await?;
    let input = PaymentInput {
        customer_id: Some(customer.id),
        profile_id: None,
        periods: args.periods,
        amount: args.amount.clone(),
        currency: args.currency.clone(),
        method,
        reference: args.reference.clone(),
    };
    let paid = payment::record(&agent.ctx, &input).await?;
    print_json(&paid)?;
    say(&format!(
        "Payment #{} of {} {} for '{}': {}.",
        paid.id,
        paid.amount,
        paid.currency,
        customer.username,
        paid.state.as_str()
    ));
    Ok(())
}

/// Applies payments that are stored `paid` but not applied (a gateway's, or one left by a
/// process stopped between storing and applying it).
#[derive(Debug, Clone)]
pub struct SettleJob {
    pub every: std::time::Duration,
}

impl crate::scheduler::Job for SettleJob {
    fn name(&self) -> &'static str {
        "payments"
    }

    fn every(&self) -> std::time::Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> crate::scheduler::JobFuture<'a> {
        Box::pin(async move {
            let settled = payment::settle(&agent.ctx).await?;
            let mut text = match settled.applied.len() {
                1 => "1 payment applied".to_string(),
                n => format!("{n} payments applied"),
            };
            for (id, why) in &settled.failed {
                text.push_str(&format!("; payment #{id} not applied: {why}"));
            }
            Ok(text)
        })
    }
}
