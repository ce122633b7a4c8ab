//! `/ip/hotspot/active` and `/ppp/active`: who is online now, and kicking them off.

use std::time::Duration;

use super::{Fields, ItemId, MenuItem};
use crate::error::Error;
use crate::router::Router;
use crate::row::Row;

/// A logged-in hotspot customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotSession {
    /// `.id` (pass it to [`kick_hotspot`]).
    pub id: ItemId,
    /// `user`: the hotspot user's name.
    pub user: String,
    /// `address`: the customer's IP address.
    pub address: Option<String>,
    /// `mac-address`
    pub mac_address: Option<String>,
    /// `uptime` of this session.
    pub uptime: Option<Duration>,
    /// `bytes-in`
    pub bytes_in: u64,
    /// `bytes-out`
    pub bytes_out: u64,
}

impl MenuItem for HotspotSession {
    const PATH: &'static str = "/ip/hotspot/active";
    const PROPLIST: &'static [&'static str] = &[
        ".id",
        "user",
        "address",
        "mac-address",
        "uptime",
        "bytes-in",
        "bytes-out",
    ];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            user: f.required("user")?,
            address: f.text("address"),
            mac_address: f.text("mac-address"),
            uptime: f.duration("uptime"),
            bytes_in: f.number("bytes-in").unwrap_or(0),
            bytes_out: f.number("bytes-out").unwrap_or(0),
        })
    }
}

/// A connected PPP customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PppSession {
    /// `.id` (pass it to [`kick_ppp`]).
    pub id: ItemId,
    /// `name`: the PPP secret's name.
    pub user: String,
    /// `service`: `pppoe`, `pptp`, …
    pub service: Option<String>,
    /// `address` given to the customer.
    pub address: Option<String>,
    /// `caller-id` (for PPPoE, the customer's MAC address).
    pub caller_id: Option<String>,
    /// `uptime` of this session.
    pub uptime: Option<Duration>,
}

impl MenuItem for PppSession {
    const PATH: &'static str = "/ppp/active";
    const PROPLIST: &'static [&'static str] =
        &[".id", "name", "service", "address", "caller-id", "uptime"];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            user: f.required("name")?,
            service: f.text("service"),
            address: f.text("address"),
            caller_id: f.text("caller-id"),
            uptime: f.duration("uptime"),
        })
    }
}

/// Every logged-in hotspot customer.
pub async fn hotspot_sessions(router: &impl Router) -> Result<Vec<HotspotSession>, Error> {
    super::list(router).await
}

/// Every connected PPP customer.
pub async fn ppp_sessions(router: &impl Router) -> Result<Vec<PppSession>, Error> {
    super::list(router).await
}

/// Logs a hotspot customer out now.
pub async fn kick_hotspot(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<HotspotSession>(router, id).await
}

/// Disconnects a PPP customer now.
pub async fn kick_ppp(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<PppSession>(router, id).await
}
