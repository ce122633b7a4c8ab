//! A desktop pulling the deliveries a relay on another server stored.

use tikbill_api::PulledPage;
use tikbill_gateway::ApiRequest;

use super::rows::{import, pulled_up_to};
use crate::gateway::Gateways;
use crate::{Context, CoreError, CoreResult};

/// Pulls every delivery the relay at `from` stored after the last one pulled from it, and
/// stores each here once (processing follows as for any stored delivery). Returns how many
/// were new.
pub async fn pull(
    ctx: &Context,
    gateways: &Gateways,
    from: &str,
    token: &str,
) -> CoreResult<usize> {
    ctx.actor().require_system()?;
    let base = from.trim().trim_end_matches('/');
    if !base.starts_with("https://") && !is_loopback(base) {
        return Err(CoreError::Gateway(format!(
            "{base} is not an https:// address: the pull token is sent only over HTTPS \
             (or to this computer)"
        )));
    }
    let source = base.to_string();
    let mut cursor = pulled_up_to(ctx.db(), &source).await?;
    let mut added = 0;
    loop {
        let answer = gateways
            .send(ApiRequest {
                method: "GET",
                url: format!("{base}/deliveries?after={cursor}"),
                headers: vec![("Authorization".into(), format!("Bearer {token}"))],
                body: None,
            })
            .await?;
        if answer.status == 401 {
            return Err(CoreError::Gateway(format!(
                "the relay at {base} refused the pull token"
            )));
        }
        if answer.status != 200 {
            return Err(CoreError::Gateway(format!(
                "the relay at {base} answered HTTP {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
                    .chars()
                    .take(200)
                    .collect::<String>()
            )));
        }
        let page: PulledPage = serde_json::from_slice(&answer.body).map_err(|e| {
            CoreError::Gateway(format!(
                "the relay at {base} sent something else than deliveries: {e}"
            ))
        })?;
        if page.deliveries.is_empty() {
            return Ok(added);
        }
        added += import(ctx.db(), &source, &page.deliveries).await?;
        if page.next_after <= cursor {
            return Err(CoreError::Gateway(format!(
                "the relay at {base} gave deliveries but no cursor past {cursor}"
            )));
        }
        cursor = page.next_after;
    }
}

/// `http://127.0.0.1…`, `http://localhost…`, `http://[::1]…`.
fn is_loopback(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
