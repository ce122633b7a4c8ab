//! `/ip/hotspot/user/profile`: speed and sharing limits that hotspot users point at.

use std::time::Duration;

use super::{format_duration, Fields, ItemId, MenuItem};
use crate::command::Command;
use crate::error::Error;
use crate::router::Router;
use crate::row::Row;

/// A hotspot user profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotUserProfile {
    /// `.id`
    pub id: ItemId,
    /// `name`
    pub name: String,
    /// `rate-limit`, such as `2M/4M` (upload/download).
    pub rate_limit: Option<String>,
    /// `shared-users`: how many devices may use one login at once.
    pub shared_users: Option<u64>,
    /// `session-timeout`
    pub session_timeout: Option<Duration>,
}

impl MenuItem for HotspotUserProfile {
    const PATH: &'static str = "/ip/hotspot/user/profile";
    const PROPLIST: &'static [&'static str] = &[
        ".id",
        "name",
        "rate-limit",
        "shared-users",
        "session-timeout",
    ];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            name: f.required("name")?,
            rate_limit: f.text("rate-limit"),
            shared_users: f.number("shared-users"),
            session_timeout: f.duration("session-timeout"),
        })
    }
}

/// A profile to create (or the changes to apply with [`set`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HotspotUserProfileSettings {
    /// `rate-limit`
    pub rate_limit: Option<String>,
    /// `shared-users`
    pub shared_users: Option<u64>,
    /// `session-timeout`
    pub session_timeout: Option<Duration>,
}

fn with_settings(mut command: Command, settings: &HotspotUserProfileSettings) -> Command {
    if let Some(rate) = &settings.rate_limit {
        command = command.attr("rate-limit", rate);
    }
    if let Some(shared) = settings.shared_users {
        command = command.attr("shared-users", shared.to_string());
    }
    if let Some(timeout) = settings.session_timeout {
        command = command.attr("session-timeout", format_duration(timeout));
    }
    command
}

/// Every profile.
pub async fn list(router: &impl Router) -> Result<Vec<HotspotUserProfile>, Error> {
    super::list(router).await
}

/// The profile named `name`, if any.
pub async fn find_by_name(
    router: &impl Router,
    name: &str,
) -> Result<Option<HotspotUserProfile>, Error> {
    super::find_by_name(router, name).await
}

/// Creates a profile; returns its `.id`.
pub async fn add(
    router: &impl Router,
    name: &str,
    settings: &HotspotUserProfileSettings,
) -> Result<ItemId, Error> {
    let add = super::command::<HotspotUserProfile>("add").attr("name", name);
    super::add(router, with_settings(add, settings)).await
}

/// Changes a profile.
pub async fn set(
    router: &impl Router,
    id: &ItemId,
    settings: &HotspotUserProfileSettings,
) -> Result<(), Error> {
    let set = super::command::<HotspotUserProfile>("set").attr(".id", &id.0);
    router.run(with_settings(set, settings)).await.map(drop)
}

/// Deletes a profile.
pub async fn remove(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<HotspotUserProfile>(router, id).await
}
