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
/// The secret-store key of the bearer token a desktop pulls deliveries with (the relay's).
pub const RELAY_PULL_TOKEN: &str = "relay-pull-token";
/// The secret-store key of the pull token of a relay on another server (the desktop's copy).
pub const RELAY_REMOTE_TOKEN: &str = "relay-remote-token";

/// The relay's token under `key`, made (and stored) the first time it is asked for.
pub fn relay_token(ctx: &crate::Context, key: &str) -> crate::CoreResult<String> {
    ctx.actor().require_system()?;
    token(ctx, key)
}

/// The URL token, for the callback URL of a push a person asks for: the relay's own, never
/// made up here (a relay on another server has its own secret store, and a token it does not
/// know would get Daraja's callback a 404).
pub(crate) fn relay_hook_token(ctx: &crate::Context) -> crate::CoreResult<String> {
    match ctx.secrets().get(RELAY_HOOK_TOKEN).map_err(secret_error)? {
        Some(token) if !token.expose().is_empty() => Ok(token.expose().to_string()),
        _ => Err(crate::CoreError::Gateway(
            "The relay's token is not known on this computer, so Daraja could not call back: \
             run the relay here (Settings → Online payments → listen address), or give this \
             computer the token of the relay on your server: `tikbill-agent relay set-token hook`."
                .into(),
        )),
    }
}

/// Keeps a token a relay on another server gave (`relay urls` prints them): `key` is
/// [`RELAY_HOOK_TOKEN`] or the pull token's key.
pub fn remember_token(ctx: &crate::Context, key: &str, token: &str) -> crate::CoreResult<()> {
    ctx.require(tikbill_api::Permission::EditSettings)?;
    let token = token.trim();
    if token.len() < 32 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(crate::CoreError::invalid(
            "relay token",
            vec![tikbill_api::FieldError {
                field: "token".into(),
                message: "A relay token is the long string of letters and digits `tikbill-agent relay urls` prints.".into(),
            }],
        ));
    }
    ctx.secrets()
        .set(key, &tikbill_routeros::Secret::new(token))
        .map_err(secret_error)
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
