//! Where the payment relay is reached: its public URL (what gateways call, so what an STK
//! push's callback URL starts with), and, for a desktop whose relay runs on another server,
//! the URL it pulls deliveries from (its bearer token is a secret: the secret store's
//! `relay-remote-token`).

use sea_orm::ConnectionTrait;
use tikbill_api::{FieldError, Permission};

use super::{read, remove, write};
use crate::audit::AuditEntry;
use crate::{Context, CoreError, CoreResult};

/// The relay's public base URL (`https://pay.example.net`).
pub const RELAY_PUBLIC_URL: &str = "relay.public_url";
/// The relay this desktop pulls deliveries from, when it runs elsewhere.
pub const RELAY_PULL_FROM: &str = "relay.pull_from";
/// Where `tikbill-agent run` serves the relay (unset: it does not).
pub const RELAY_LISTEN: &str = "relay.listen";

pub async fn relay_listen(db: &impl ConnectionTrait) -> CoreResult<Option<String>> {
    read(db, RELAY_LISTEN).await
}

pub async fn relay_public_url(db: &impl ConnectionTrait) -> CoreResult<Option<String>> {
    read(db, RELAY_PUBLIC_URL).await
}

pub async fn relay_pull_from(db: &impl ConnectionTrait) -> CoreResult<Option<String>> {
    read(db, RELAY_PULL_FROM).await
}

fn checked_url(field: &str, url: &str) -> CoreResult<String> {
    let url = url.trim().trim_end_matches('/');
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    if !ok {
        return Err(CoreError::invalid(
            "relay setting",
            vec![FieldError {
                field: field.into(),
                message: format!("'{url}' is not a web address: give https://host[:port]."),
            }],
        ));
    }
    Ok(url.to_string())
}

async fn save(
    ctx: &Context,
    key: &str,
    field: &str,
    url: Option<&str>,
) -> CoreResult<Option<String>> {
    ctx.require(Permission::EditSettings)?;
    let url = url
        .filter(|u| !u.trim().is_empty())
        .map(|u| checked_url(field, u))
        .transpose()?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let before = read(&txn, key).await?;
    match &url {
        Some(url) => write(&txn, key, url, ctx.now()).await?,
        None => remove(&txn, key).await?,
    }
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "settings.relay", "settings", None)
            .before(&serde_json::json!({ key: before }))
            .after(&serde_json::json!({ key: url })),
    )
    .await?;
    txn.commit().await?;
    Ok(url)
}

/// Sets (or, with `None`, clears) the relay's public URL.
pub async fn set_relay_public_url(ctx: &Context, url: Option<&str>) -> CoreResult<Option<String>> {
    save(ctx, RELAY_PUBLIC_URL, "public_url", url).await
}

/// Sets (or clears) the relay this desktop pulls from.
pub async fn set_relay_pull_from(ctx: &Context, url: Option<&str>) -> CoreResult<Option<String>> {
    save(ctx, RELAY_PULL_FROM, "pull_from", url).await
}

/// Where the relay is reached and served, and which gateways are set up here.
pub async fn relay_settings(ctx: &Context) -> CoreResult<tikbill_api::RelaySettings> {
    ctx.require(Permission::ViewSettings)?;
    let mut gateways = Vec::new();
    for name in tikbill_gateway::GatewayName::ALL {
        if crate::gateway::gateway_settings(ctx, name)?.is_some() {
            gateways.push(name.as_str().to_string());
        }
    }
    Ok(tikbill_api::RelaySettings {
        public_url: read(ctx.db(), RELAY_PUBLIC_URL).await?,
        listen: read(ctx.db(), RELAY_LISTEN).await?,
        pull_from: read(ctx.db(), RELAY_PULL_FROM).await?,
        gateways,
    })
}

/// Saves the three places (each empty: unset), as one change in the audit log.
pub async fn save_relay_settings(
    ctx: &Context,
    input: &tikbill_api::RelaySettings,
) -> CoreResult<tikbill_api::RelaySettings> {
    ctx.require(Permission::EditSettings)?;
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let public_url = clean(&input.public_url)
        .map(|u| checked_url("publicUrl", &u))
        .transpose()?;
    let pull_from = clean(&input.pull_from)
        .map(|u| checked_url("pullFrom", &u))
        .transpose()?;
    let listen = clean(&input.listen);
    if let Some(addr) = &listen {
        if addr.parse::<std::net::SocketAddr>().is_err() {
            return Err(CoreError::invalid(
                "relay setting",
                vec![FieldError {
                    field: "listen".into(),
                    message: format!("'{addr}' is not an address and port, e.g. 0.0.0.0:8080."),
                }],
            ));
        }
    }
    let before = relay_settings(ctx).await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    for (key, value) in [
        (RELAY_PUBLIC_URL, &public_url),
        (RELAY_LISTEN, &listen),
        (RELAY_PULL_FROM, &pull_from),
    ] {
        match value {
            Some(v) => write(&txn, key, v, ctx.now()).await?,
            None => remove(&txn, key).await?,
        }
    }
    let after = tikbill_api::RelaySettings {
        public_url,
        listen,
        pull_from,
        gateways: before.gateways.clone(),
    };
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "settings.relay", "settings", None)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
