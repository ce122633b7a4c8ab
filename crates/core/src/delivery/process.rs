//! Processing a stored delivery: read it, check it is genuine, act on it once.
//!
//! Every step's refusal is kept as the delivery's verdict in plain words. Acting goes through
//! the ledger, whose (gateway, reference) uniqueness makes doing it twice (a crash between
//! acting and writing the verdict, two processes on one database) the same as doing it once.

use chrono::{DateTime, Duration, Utc};
use tikbill_api::{DeliveryState, PaymentInput, PaymentMethod, PaymentState};
use tikbill_gateway::{
    gateway, paypal, Confirmation, Delivery, Event, GatewayName, GatewaySettings, Hook, Outcome,
    ParseError, PaypalVerify, VerifyError,
};

use super::rows::{self, RawDelivery, Verdict};
use crate::gateway::{gateway_settings, Gateways};
use crate::{Context, CoreError, CoreResult};

/// How long a delivery waits before it is tried again (missing settings, an API that did not
/// answer, "still processing").
const RETRY_AFTER_SECS: i64 = 120;
/// How many deliveries one pass takes.
const PASS: u64 = 200;

/// What one processing pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Processed {
    pub processed: usize,
    pub rejected: usize,
    pub ignored: usize,
    pub waiting: usize,
    /// Payments made or changed that have no customer to apply to (for the notification).
    pub unmatched: Vec<i64>,
}

fn verdict(state: DeliveryState, words: impl Into<String>) -> Verdict {
    Verdict {
        state,
        words: words.into(),
        payment_id: None,
        delivery_key: None,
        retry_at: None,
    }
}

fn waiting(now: DateTime<Utc>, words: impl Into<String>) -> Verdict {
    Verdict {
        retry_at: Some(now + Duration::seconds(RETRY_AFTER_SECS)),
        ..verdict(DeliveryState::Waiting, words)
    }
}

/// Processes every delivery that is due (stored, or waiting and its time come), oldest first.
pub async fn process_due(ctx: &Context, gateways: &Gateways) -> CoreResult<Processed> {
    ctx.actor().require_system()?;
    let mut done = Processed::default();
    loop {
        let batch = rows::due(ctx.db(), ctx.now(), PASS).await?;
        let full = batch.len() as u64 == PASS;
        for raw in batch {
            let decided = match decide(ctx, gateways, &raw).await {
                Ok(v) => v,
                // The database or the ledger failed: try again later, say why.
                Err(e) => waiting(ctx.now(), format!("not processed yet: {e}")),
            };
            let decided = match write_verdict(ctx, raw.id, decided).await {
                Ok(written) => written,
                Err(e) => {
                    // Its verdict could not be kept: it waits (tried again later), and the
                    // deliveries behind it go on.
                    // When even that cannot be written, the database takes no writes at all:
                    // stop rather than go round again.
                    let later = waiting(ctx.now(), format!("the verdict could not be kept: {e}"));
                    rows::finish(ctx.db(), raw.id, &later, ctx.now()).await?;
                    done.waiting += 1;
                    continue;
                }
            };
            match decided.state {
                DeliveryState::Processed => done.processed += 1,
                DeliveryState::Rejected => done.rejected += 1,
                DeliveryState::Ignored => done.ignored += 1,
                DeliveryState::Waiting | DeliveryState::Stored => done.waiting += 1,
            }
            if let Some(id) = decided.payment_id {
                if let Ok(p) = crate::payment::get(ctx, id).await {
                    if p.state == PaymentState::Unmatched {
                        done.unmatched.push(id);
                    }
                }
            }
        }
        if !full {
            if done.processed > 0 {
                // Money stored `paid` is applied now (customers extended, routers told), not at
                // the agent's next settling pass. One settling pass takes a bounded batch, and a
                // relay has no settling pass of its own: go on while passes make progress, or a
                // burst of more than a batch leaves the rest `paid` until the next delivery.
                loop {
                    let settled = crate::payment::settle(ctx).await?;
                    if settled.applied.is_empty() {
                        break;
                    }
                }
            }
            return Ok(done);
        }
    }
}

/// Processes one delivery now, whatever its state (staff asking again), and returns its verdict.
pub async fn process_one(ctx: &Context, gateways: &Gateways, id: i64) -> CoreResult<Verdict> {
    ctx.actor().require_system()?;
    let raw = rows::get_raw(ctx.db(), id).await?;
    let decided = decide(ctx, gateways, &raw).await?;
    write_verdict(ctx, id, decided).await
}

/// Writes a verdict; a delivery key another delivery already holds makes it a replay.
async fn write_verdict(ctx: &Context, id: i64, decided: Verdict) -> CoreResult<Verdict> {
    let mut decided = decided;
    if let Some(key) = &mut decided.delivery_key {
        // The column holds 128 characters; a longer id is cut (on every database alike).
        *key = key.chars().take(128).collect();
    }
    match rows::finish(ctx.db(), id, &decided, ctx.now()).await {
        Ok(()) => Ok(decided),
        Err(CoreError::Conflict(_)) => {
            let replay = verdict(
                DeliveryState::Rejected,
                "a replay of a delivery already processed",
            );
            rows::finish(ctx.db(), id, &replay, ctx.now()).await?;
            Ok(replay)
        }
        Err(e) => Err(e),
    }
}

async fn decide(ctx: &Context, gateways: &Gateways, raw: &RawDelivery) -> CoreResult<Verdict> {
    let Some(hook) = Hook::from_path(&raw.hook) else {
        return Ok(verdict(
            DeliveryState::Rejected,
            format!("no hook is called '{}'", raw.hook),
        ));
    };
    let delivery = Delivery {
        headers: &raw.headers,
        body: &raw.body,
    };
    let event = match tikbill_gateway::parse(hook, &delivery) {
        Ok(event) => event,
        Err(ParseError::Unsupported(kind)) => {
            return Ok(verdict(
                DeliveryState::Ignored,
                format!("{kind}: not an event tikbill acts on"),
            ))
        }
        Err(e) => return Ok(verdict(DeliveryState::Rejected, format!("malformed: {e}"))),
    };
    let name = hook.gateway();
    let now = ctx.now();
    let settings = gateway_settings(ctx, name)?;
    if name != GatewayName::Mpesa {
        // M-Pesa signs nothing: an STK callback is believed only for a push we sent, with its
        // amount and phone. Every other gateway's delivery must verify.
        let Some(settings) = &settings else {
            return Ok(waiting(
                now,
                format!(
                    "{} is not set up on this computer: `tikbill-agent gateways set {}`",
                    name.as_str(),
                    name.as_str()
                ),
            ));
        };
        if let Err(why) =
            authentic(gateways, hook, &delivery, settings, raw.received_at, now).await?
        {
            return Ok(why);
        }
    }
    if let Some(key) = &event.delivery_id {
        let key: String = key.chars().take(128).collect();
        if rows::key_seen(ctx.db(), name.as_str(), &key, raw.id).await? {
            return Ok(verdict(
                DeliveryState::Rejected,
                format!("a replay: delivery {key} was already processed"),
            ));
        }
    }
    let mut decided = act(
        ctx,
        gateways,
        hook,
        &event,
        settings.as_ref(),
        now,
        raw.received_at,
    )
    .await?;
    decided.delivery_key = event.delivery_id.clone();
    Ok(decided)
}

/// Ok(Ok) when genuine; Ok(Err(verdict)) when refused or undecided.
async fn authentic(
    gateways: &Gateways,
    hook: Hook,
    delivery: &Delivery<'_>,
    settings: &GatewaySettings,
    received_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> CoreResult<Result<(), Verdict>> {
    // Judged at its arrival: a delivery processed late (or pulled from a relay) keeps the
    // time it was sent in.
    let first = tikbill_gateway::verify(hook, delivery, settings, received_at, None);
    let result = match (first, settings) {
        (Err(VerifyError::NeedsCertificate { .. }), GatewaySettings::Paypal(paypal_settings)) => {
            let url = match paypal::certificate_url(delivery, paypal_settings) {
                Ok(url) => url,
                Err(e) => {
                    return Ok(Err(verdict(
                        DeliveryState::Rejected,
                        format!("not genuine: {e}"),
                    )))
                }
            };
            match gateways.certificate(&url).await {
                Ok(pem) => {
                    tikbill_gateway::verify(hook, delivery, settings, received_at, Some(&pem))
                }
                Err(e) => return Ok(Err(waiting(now, format!("not verified yet: {e}")))),
            }
        }
        (Err(VerifyError::NeedsApiCheck), GatewaySettings::Paypal(paypal_settings))
            if paypal_settings.verify == PaypalVerify::Api =>
        {
            return paypal_api_check(gateways, delivery, paypal_settings, now).await;
        }
        (result, _) => result,
    };
    Ok(result.map_err(|e| verdict(DeliveryState::Rejected, format!("not genuine: {e}"))))
}

async fn paypal_api_check(
    gateways: &Gateways,
    delivery: &Delivery<'_>,
    settings: &tikbill_gateway::PaypalSettings,
    now: DateTime<Utc>,
) -> CoreResult<Result<(), Verdict>> {
    let token = match gateways.paypal_token(settings, now).await {
        Ok(t) => t,
        Err(e) => return Ok(Err(waiting(now, format!("not verified yet: {e}")))),
    };
    let request = match paypal::verify_api_request(settings, &token, delivery) {
        Ok(r) => r,
        Err(e) => {
            return Ok(Err(verdict(
                DeliveryState::Rejected,
                format!("not genuine: {e}"),
            )))
        }
    };
    let answer = match gateways.send(request).await {
        Ok(a) => a,
        Err(e) => return Ok(Err(waiting(now, format!("not verified yet: {e}")))),
    };
    Ok(
        match paypal::parse_verify_api(answer.status, &answer.body) {
            Ok(true) => Ok(()),
            Ok(false) => Err(verdict(
                DeliveryState::Rejected,
                "not genuine: PayPal's verify-webhook-signature answered FAILURE",
            )),
            Err(e) => Err(waiting(now, format!("not verified yet: {e}"))),
        },
    )
}

async fn act(
    ctx: &Context,
    gateways: &Gateways,
    hook: Hook,
    event: &Event,
    settings: Option<&GatewaySettings>,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> CoreResult<Verdict> {
    match hook {
        Hook::Stk => return crate::mpesa::resolve_callback(ctx, event, received_at).await,
        Hook::C2bConfirmation => return crate::mpesa::resolve_confirmation(ctx, event).await,
        Hook::C2bValidation => {
            return Ok(verdict(
                DeliveryState::Ignored,
                "a C2B validation question (answered when it came)",
            ))
        }
        _ => {}
    }
    let name = event.gateway.as_str();
    match &event.outcome {
        Outcome::Paid => pay(ctx, gateways, event, settings, now, None).await,
        Outcome::Pending => pending(ctx, gateways, event, settings, now, received_at).await,
        Outcome::Failed { code, reason } => Ok(verdict(
            DeliveryState::Processed,
            format!("{name}: failed ({code} {reason}); nothing to credit"),
        )),
        Outcome::Reversed => reversed(ctx, name, event).await,
    }
}

/// Money the gateway says is paid: confirmed by its API where it has one, then stored for the
/// customer its own record names (unmatched when nobody). `still`: what to say instead of
/// waiting when the API says "not yet" (a pending payment being reconciled).
async fn pay(
    ctx: &Context,
    gateways: &Gateways,
    event: &Event,
    settings: Option<&GatewaySettings>,
    now: DateTime<Utc>,
    still: Option<Verdict>,
) -> CoreResult<Verdict> {
    let name = event.gateway.as_str();
    let Some(reference) = event.reference.clone() else {
        return Ok(verdict(
            DeliveryState::Rejected,
            "paid, but names no transaction",
        ));
    };
    let (amount, currency, confirmed_account) =
        match confirm(gateways, event, settings, now).await? {
            Ok(confirmed) => confirmed,
            // "Not yet" for a payment being reconciled is said as the caller wants it.
            Err(v) => {
                return Ok(match (still, v.state) {
                    (Some(instead), DeliveryState::Waiting) => instead,
                    _ => v,
                })
            }
        };
    // The gateway's own record of whom it is for comes first; the delivery's second.
    let account = confirmed_account.or_else(|| event.account.clone());
    let customer = match account.as_deref() {
        Some(account) => match crate::customer::by_username(ctx, account, None).await {
            Ok(c) => Some(c),
            // Nobody, or several routers' customers: the money waits for a person.
            Err(CoreError::NotFound(_) | CoreError::Conflict(_)) => None,
            // The database did not answer: tried again later, never stored as nobody's.
            Err(e) => return Err(e),
        },
        None => None,
    };
    let payment = crate::payment::receive_or_set_aside(
        ctx,
        name,
        &reference,
        &PaymentInput {
            customer_id: customer.as_ref().map(|c| c.id),
            profile_id: None,
            periods: 1,
            amount: amount.to_string(),
            currency: currency.clone(),
            method: PaymentMethod::Gateway,
            reference: Some(reference.clone()),
        },
    )
    .await?;
    let whom = match &customer {
        Some(c) => format!("for {}", c.username),
        None => format!(
            "for '{}', who is nobody here: unmatched",
            account.as_deref().unwrap_or("")
        ),
    };
    Ok(Verdict {
        payment_id: Some(payment.id),
        ..verdict(
            DeliveryState::Processed,
            format!(
                "{name} paid {amount} {currency} ({reference}) {whom}: payment {}",
                payment.id
            ),
        )
    })
}

/// How long a payment a gateway reported as pending is asked about before it is given up.
const PENDING_FOR_HOURS: i64 = 24;

/// Money a gateway reported as pending: its verify API is asked now and, while it says "not
/// yet", again every few minutes for a day (the reconciliation of pending payments); paid
/// per the API, it is credited like a paid delivery; a gateway without such an API waits for
/// its next event.
async fn pending(
    ctx: &Context,
    gateways: &Gateways,
    event: &Event,
    settings: Option<&GatewaySettings>,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> CoreResult<Verdict> {
    let name = event.gateway.as_str();
    let askable = event.confirm_id.is_some()
        && settings.is_some_and(|s| {
            gateway(event.gateway).confirm_request(event, s).is_some()
                || matches!(s, GatewaySettings::Paypal(_))
        });
    if !askable {
        return Ok(verdict(
            DeliveryState::Ignored,
            format!("{name}: pending; the gateway's next event settles it"),
        ));
    }
    if now - received_at >= Duration::hours(PENDING_FOR_HOURS) {
        return Ok(verdict(
            DeliveryState::Ignored,
            format!("{name}: still pending after {PENDING_FOR_HOURS} hours; no longer asked"),
        ));
    }
    let still = Verdict {
        retry_at: Some(now + Duration::minutes(5)),
        ..verdict(
            DeliveryState::Waiting,
            format!("{name}: pending at the gateway; asked again in 5 minutes"),
        )
    };
    pay(ctx, gateways, event, settings, now, Some(still)).await
}

/// Paid per the delivery: confirmed by the gateway's API where it has one, and the amount and
/// currency must be the delivery's.
async fn confirm(
    gateways: &Gateways,
    event: &Event,
    settings: Option<&GatewaySettings>,
    now: DateTime<Utc>,
) -> CoreResult<Result<(rust_decimal::Decimal, String, Option<String>), Verdict>> {
    let (Some(amount), Some(currency)) = (event.amount, event.currency.clone()) else {
        return Ok(Err(verdict(
            DeliveryState::Rejected,
            "paid, but without an amount and currency",
        )));
    };
    let Some(settings) = settings else {
        return Ok(Ok((amount, currency, None)));
    };
    let g = gateway(event.gateway);
    let request = match (g.confirm_request(event, settings), settings) {
        (Some(request), _) => request,
        (None, GatewaySettings::Paypal(paypal_settings)) => {
            let Some(capture) = event.confirm_id.as_deref() else {
                return Ok(Ok((amount, currency, None)));
            };
            let token = match gateways.paypal_token(paypal_settings, now).await {
                Ok(t) => t,
                Err(e) => return Ok(Err(waiting(now, format!("not confirmed yet: {e}")))),
            };
            paypal::capture_request(paypal_settings, &token, capture)
        }
        // No verify API (the generic gateway): its signature is the proof.
        (None, _) => return Ok(Ok((amount, currency, None))),
    };
    let answer = match gateways.send(request).await {
        Ok(a) => a,
        Err(e) => return Ok(Err(waiting(now, format!("not confirmed yet: {e}")))),
    };
    Ok(
        match g.confirm_response(event, answer.status, &answer.body) {
            Ok(Confirmation::Confirmed {
                amount: confirmed,
                currency: confirmed_currency,
                account: confirmed_account,
            }) => {
                if confirmed != amount || !confirmed_currency.eq_ignore_ascii_case(&currency) {
                    Err(verdict(
                    DeliveryState::Rejected,
                    format!(
                        "the delivery says {amount} {currency}, the gateway's API {confirmed} {confirmed_currency}: not credited"
                    ),
                ))
                } else {
                    Ok((amount, currency, confirmed_account))
                }
            }
            Ok(Confirmation::NotPaid { status }) => Err(verdict(
                DeliveryState::Rejected,
                format!("the gateway's API says it is not paid ({status}): not credited"),
            )),
            Ok(Confirmation::Unknown { why }) => {
                Err(waiting(now, format!("not confirmed yet: {why}")))
            }
            Err(e) => Err(waiting(now, format!("not confirmed yet: {e}"))),
        },
    )
}

/// Refunded or reversed at the gateway: the payment it names is reversed here too.
async fn reversed(ctx: &Context, name: &str, event: &Event) -> CoreResult<Verdict> {
    let Some(reference) = event.reference.as_deref() else {
        return Ok(verdict(
            DeliveryState::Rejected,
            "a reversal that names no transaction",
        ));
    };
    let Some(payment) = crate::payment::by_gateway_reference(ctx, name, reference).await? else {
        return Ok(verdict(
            DeliveryState::Ignored,
            format!("{name} reversed {reference}, which no payment here is"),
        ));
    };
    if let (Some(refunded), Ok(paid)) = (
        event.amount,
        payment.amount.parse::<rust_decimal::Decimal>(),
    ) {
        if refunded < paid {
            return Ok(Verdict {
                payment_id: Some(payment.id),
                ..verdict(
                    DeliveryState::Ignored,
                    format!(
                        "{name} refunded {refunded} of payment {}'s {paid}: a partial refund is \
                         not reversed by itself (reverse it by hand if the customer's time \
                         should go)",
                        payment.id
                    ),
                )
            });
        }
    }
    if payment.state == PaymentState::Unmatched {
        // Money nobody was given, given back: nothing to take from anyone, but a person must
        // not assign it now.
        return Ok(Verdict {
            payment_id: Some(payment.id),
            ..verdict(
                DeliveryState::Rejected,
                format!(
                    "{name} reversed {reference}; payment {} was never applied (unmatched): do \
                     not assign it, the money went back",
                    payment.id
                ),
            )
        });
    }
    if matches!(payment.state, PaymentState::Paid | PaymentState::Pending) {
        // Not applied yet: once it is, the reversal can take back what it gave.
        return Ok(Verdict {
            payment_id: Some(payment.id),
            ..waiting(
                ctx.now(),
                format!(
                    "{name} reversed {reference}; payment {} is not applied yet, so the \
                     reversal waits for it",
                    payment.id
                ),
            )
        });
    }
    if payment.state == PaymentState::Reversed {
        return Ok(Verdict {
            payment_id: Some(payment.id),
            ..verdict(
                DeliveryState::Processed,
                format!("payment {} was already reversed", payment.id),
            )
        });
    }
    let done =
        crate::payment::reverse(ctx, payment.id, &format!("{name} reversed {reference}")).await;
    match done {
        Ok(p) => Ok(Verdict {
            payment_id: Some(p.id),
            ..verdict(
                DeliveryState::Processed,
                format!("{name} reversed {reference}: payment {} reversed", p.id),
            )
        }),
        Err(CoreError::Conflict(why)) => Ok(Verdict {
            payment_id: Some(payment.id),
            ..verdict(
                DeliveryState::Rejected,
                format!(
                    "{name} reversed {reference}, but payment {} cannot be: {why}",
                    payment.id
                ),
            )
        }),
        Err(e) => Err(e),
    }
}
