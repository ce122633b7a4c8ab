//! `webhooks verify`: does an archived delivery's signature hold, and if not, why.

use chrono::{DateTime, Utc};
use tikbill_gateway::{paypal, Delivery, GatewayName, GatewaySettings, Hook, VerifyError};

use crate::cli::VerifyWebhookArgs;
use crate::output::say;
use crate::{Agent, AgentError};

/// Reads `Name: value` lines (as the request had them; blank lines skipped).
pub fn read_headers(text: &str) -> Result<Vec<(String, String)>, AgentError> {
    let mut headers = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(AgentError::Usage(format!(
                "--headers line {}: '{line}' is not `Name: value`",
                n + 1
            )));
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    Ok(headers)
}

fn hook_of(name: GatewayName) -> Result<Hook, AgentError> {
    Hook::ALL
        .into_iter()
        .find(|h| h.gateway() == name && name != GatewayName::Mpesa)
        .ok_or_else(|| {
            AgentError::Usage(
                "M-Pesa signs nothing: an STK callback is trusted only for a push tikbill sent, \
                 with its amount and phone (see the delivery's verdict on the payments page)"
                    .into(),
            )
        })
}

/// The time a delivery is judged at: PayPal's transmission time, Standard Webhooks' timestamp
/// (so an archive is judged as it was when it came), else now.
fn judged_at(delivery: &Delivery<'_>, now: DateTime<Utc>) -> DateTime<Utc> {
    if let Some(t) = delivery
        .header("PAYPAL-TRANSMISSION-TIME")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
    {
        return t.with_timezone(&Utc);
    }
    if let Some(t) = delivery
        .header("webhook-timestamp")
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
    {
        return t;
    }
    now
}

/// Prints `valid` and succeeds, or fails (exit 1) saying why the signature does not hold.
pub async fn verify(agent: &Agent, args: &VerifyWebhookArgs) -> Result<(), AgentError> {
    let name: GatewayName = args
        .gateway
        .trim()
        .to_ascii_lowercase()
        .parse()
        .map_err(|e: tikbill_gateway::UnknownGateway| AgentError::Usage(e.to_string()))?;
    let hook = hook_of(name)?;
    let read = |path: &std::path::Path| {
        std::fs::read(path)
            .map_err(|e| AgentError::Io(format!("{} could not be read: {e}", path.display())))
    };
    let header_text = String::from_utf8(read(&args.headers)?)
        .map_err(|_| AgentError::Usage(format!("{} is not text", args.headers.display())))?;
    let headers = read_headers(&header_text)?;
    let body = read(&args.body)?;
    let delivery = Delivery {
        headers: &headers,
        body: &body,
    };
    let settings = tikbill_core::gateway::gateway_settings(&agent.ctx, name)?;
    let at = judged_at(&delivery, agent.ctx.now());
    let result = match (name, &settings) {
        (GatewayName::Paypal, _) => {
            let webhook_id = args
                .webhook_id
                .clone()
                .or_else(|| match &settings {
                    Some(GatewaySettings::Paypal(s)) => Some(s.webhook_id.clone()),
                    _ => None,
                })
                .ok_or_else(|| {
                    AgentError::Usage(
                        "PayPal: give --webhook-id (PayPal is not set up here to know it)".into(),
                    )
                })?;
            let cert = match &args.cert {
                Some(path) => read(path)?,
                None => {
                    let Some(GatewaySettings::Paypal(s)) = &settings else {
                        return Err(AgentError::Usage(
                            "PayPal: give --cert FILE (PayPal is not set up here to fetch it)"
                                .into(),
                        ));
                    };
                    let url = match paypal::certificate_url(&delivery, s) {
                        Ok(url) => url,
                        Err(e) => return report(Err(e)),
                    };
                    agent.gateways.certificate(&url).await?
                }
            };
            paypal::verify_with(&delivery, &webhook_id, &cert)
        }
        (_, Some(settings)) => tikbill_gateway::verify(hook, &delivery, settings, at, None),
        (_, None) => {
            return Err(AgentError::Usage(format!(
                "{} is not set up here: its secret is needed (`tikbill-agent gateways set {}`)",
                name.as_str(),
                name.as_str()
            )))
        }
    };
    report(result)
}

fn report(result: Result<(), VerifyError>) -> Result<(), AgentError> {
    match result {
        Ok(()) => {
            println!("valid");
            say("The signature holds.");
            Ok(())
        }
        Err(why) => Err(AgentError::NotGenuine(why.to_string())),
    }
}
