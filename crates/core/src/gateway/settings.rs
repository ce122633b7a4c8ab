//! Each gateway's settings and secrets: one JSON object per gateway in the secret store
//! (`gateway-mpesa`, …), checked by `tikbill_gateway::GatewaySettings::parse` before it is kept.

use serde::Serialize;
use tikbill_api::{FieldError, Permission};
use tikbill_gateway::{GatewayName, GatewaySettings};
use tikbill_routeros::Secret;

use super::secret_error;
use crate::{Context, CoreError, CoreResult};

fn key(name: GatewayName) -> String {
    format!("gateway-{}", name.as_str())
}

/// A configured gateway as `gateways list` shows it: everything but the secrets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GatewaySummary {
    pub name: String,
    pub settings: serde_json::Value,
}

/// The settings of `name`, if it is configured.
pub fn gateway_settings(ctx: &Context, name: GatewayName) -> CoreResult<Option<GatewaySettings>> {
    let Some(stored) = ctx.secrets().get(&key(name)).map_err(secret_error)? else {
        return Ok(None);
    };
    let json: serde_json::Value = serde_json::from_str(stored.expose()).map_err(|e| {
        CoreError::Secrets(format!(
            "the stored settings of {} are not JSON ({e}): set them again",
            name.as_str()
        ))
    })?;
    GatewaySettings::parse(name, &json).map(Some).map_err(|e| {
        CoreError::Secrets(format!(
            "the stored settings of {} are not usable ({e}): set them again",
            name.as_str()
        ))
    })
}

/// Checks and keeps the settings of `name` (owners: settings that hold money's secrets).
pub fn set(
    ctx: &Context,
    name: GatewayName,
    json: &serde_json::Value,
) -> CoreResult<GatewaySummary> {
    ctx.require(Permission::EditSettings)?;
    let settings = GatewaySettings::parse(name, json).map_err(|e| {
        CoreError::invalid(
            "gateway",
            vec![FieldError {
                field: "settings".into(),
                message: e.to_string(),
            }],
        )
    })?;
    ctx.secrets()
        .set(&key(name), &Secret::new(json.to_string()))
        .map_err(secret_error)?;
    Ok(GatewaySummary {
        name: name.as_str().into(),
        settings: settings.public_view(),
    })
}

/// Every configured gateway, without secrets.
pub fn list(ctx: &Context) -> CoreResult<Vec<GatewaySummary>> {
    ctx.require(Permission::ViewSettings)?;
    let mut out = Vec::new();
    for name in GatewayName::ALL {
        if let Some(settings) = gateway_settings(ctx, name)? {
            out.push(GatewaySummary {
                name: name.as_str().into(),
                settings: settings.public_view(),
            });
        }
    }
    Ok(out)
}
