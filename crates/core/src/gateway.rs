//! Online payment gateways as the core uses them: their settings and secrets (in the secret
//! store, never the database), and the one HTTP client that talks to their APIs
//! ([`Gateways`]: OAuth tokens cached and shared, PayPal certificates cached).
//!
//! What each gateway sends and expects is `tikbill_gateway`'s (pure); this module runs it.

mod client;
mod settings;

pub use client::{ApiAnswer, GatewayHttp, Gateways, ReqwestHttp};
pub use settings::{gateway_settings, list as list_gateways, set as set_gateway, GatewaySummary};

/// The secret-store key of the relay's URL token (`/hooks/{token}/…`).
pub const RELAY_HOOK_TOKEN: &str = "relay-hook-token";
/// The secret-store key of the bearer token a desktop pulls deliveries with.
pub const RELAY_PULL_TOKEN: &str = "relay-pull-token";

/// The relay's token under `key`, made (and stored) the first time it is asked for.
pub fn relay_token(ctx: &crate::Context, key: &str) -> crate::CoreResult<String> {
    ctx.actor().require_system()?;
    token(ctx, key)
}

/// The URL token, for the callback URL of a push a person asks for.
pub(crate) fn relay_hook_token(ctx: &crate::Context) -> crate::CoreResult<String> {
    token(ctx, RELAY_HOOK_TOKEN)
}

fn token(ctx: &crate::Context, key: &str) -> crate::CoreResult<String> {
    let secrets = ctx.secrets();
    if let Some(existing) = secrets.get(key).map_err(secret_error)? {
        if !existing.expose().is_empty() {
            return Ok(existing.expose().to_string());
        }
    }
    let mut bytes = [0u8; 32];
    ctx.random().fill(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    secrets
        .set(key, &tikbill_routeros::Secret::new(token.clone()))
        .map_err(secret_error)?;
    Ok(token)
}

pub(crate) fn secret_error(e: crate::secret_store::SecretStoreError) -> crate::CoreError {
    crate::CoreError::Secrets(e.to_string())
}
