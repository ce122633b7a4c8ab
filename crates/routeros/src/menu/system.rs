//! `/system/identity`, `/system/resource` and `/system/clock`: what the router is and its state.

use std::time::Duration;

use super::Fields;
use crate::command::Command;
use crate::error::{Error, ProtocolError};
use crate::router::Router;
use crate::row::Row;

/// `/system/resource/print`: the router's model, version and load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemResource {
    /// `version`, such as `7.16 (stable)`.
    pub version: String,
    /// `uptime` since the last boot.
    pub uptime: Option<Duration>,
    /// `cpu-load` in percent.
    pub cpu_load: Option<u64>,
    /// `free-memory` in bytes.
    pub free_memory: Option<u64>,
    /// `total-memory` in bytes.
    pub total_memory: Option<u64>,
    /// `board-name`, such as `hAP ac^2`.
    pub board_name: Option<String>,
}

/// `/system/clock/print`: the router's own idea of the time, as it prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemClock {
    /// `date`: `2025-01-31` on RouterOS ≥ 7.10, `jan/31/2025` before.
    pub date: String,
    /// `time`: `13:45:00`.
    pub time: String,
    /// `time-zone-name`, such as `Africa/Nairobi`.
    pub time_zone: Option<String>,
}

async fn single_row(router: &impl Router, path: &str) -> Result<Row, Error> {
    let reply = router.run(Command::new(path)).await?;
    reply.rows.into_iter().next().ok_or_else(|| {
        Error::Protocol(ProtocolError::Unexpected(format!("{path} returned no row")))
    })
}

/// The router's name (`/system/identity`).
pub async fn identity(router: &impl Router) -> Result<String, Error> {
    let row = single_row(router, "/system/identity/print").await?;
    Fields::new(&row, "/system/identity").required("name")
}

/// Renames the router.
pub async fn set_identity(router: &impl Router, name: &str) -> Result<(), Error> {
    let set = Command::new("/system/identity/set").attr("name", name);
    router.run(set).await.map(drop)
}

/// Model, version, uptime, load and memory.
pub async fn resource(router: &impl Router) -> Result<SystemResource, Error> {
    let row = single_row(router, "/system/resource/print").await?;
    let f = Fields::new(&row, "/system/resource");
    Ok(SystemResource {
        version: f.required("version")?,
        uptime: f.duration("uptime"),
        cpu_load: f.number("cpu-load"),
        free_memory: f.number("free-memory"),
        total_memory: f.number("total-memory"),
        board_name: f.text("board-name"),
    })
}

/// The router's date, time and time zone.
pub async fn clock(router: &impl Router) -> Result<SystemClock, Error> {
    let row = single_row(router, "/system/clock/print").await?;
    let f = Fields::new(&row, "/system/clock");
    Ok(SystemClock {
        date: f.required("date")?,
        time: f.required("time")?,
        time_zone: f.text("time-zone-name"),
    })
}
