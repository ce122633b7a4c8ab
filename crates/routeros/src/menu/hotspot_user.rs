//! `/ip/hotspot/user`: the accounts hotspot customers log in with.

use std::time::Duration;

use super::{format_duration, Fields, ItemId, MenuItem};
use crate::command::Command;
use crate::error::Error;
use crate::router::Router;
use crate::row::Row;
use crate::secret::Secret;

/// A hotspot user as billing sees it (the password is not read back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotUser {
    /// `.id`
    pub id: ItemId,
    /// `name`: what the customer types.
    pub name: String,
    /// `profile`: the speed/sharing profile.
    pub profile: Option<String>,
    /// `limit-uptime`: the router disables the login after this much use (`None`: no limit).
    pub limit_uptime: Option<Duration>,
    /// `uptime`: total time used so far.
    pub uptime: Option<Duration>,
    /// `bytes-in`
    pub bytes_in: u64,
    /// `bytes-out`
    pub bytes_out: u64,
    /// `disabled`
    pub disabled: bool,
    /// `comment`
    pub comment: Option<String>,
}

impl MenuItem for HotspotUser {
    const PATH: &'static str = "/ip/hotspot/user";
    const PROPLIST: &'static [&'static str] = &[
        ".id",
        "name",
        "profile",
        "limit-uptime",
        "uptime",
        "bytes-in",
        "bytes-out",
        "disabled",
        "comment",
    ];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            name: f.required("name")?,
            profile: f.text("profile"),
            limit_uptime: f.duration("limit-uptime"),
            uptime: f.duration("uptime"),
            bytes_in: f.number("bytes-in").unwrap_or(0),
            bytes_out: f.number("bytes-out").unwrap_or(0),
            disabled: f.flag("disabled"),
            comment: f.text("comment"),
        })
    }
}

/// A hotspot user to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHotspotUser {
    /// `name`
    pub name: String,
    /// `password`
    pub password: Secret,
    /// `profile` (the router's `default` when `None`).
    pub profile: Option<String>,
    /// `limit-uptime`
    pub limit_uptime: Option<Duration>,
    /// `comment`
    pub comment: Option<String>,
    /// Create it disabled.
    pub disabled: bool,
}

impl NewHotspotUser {
    /// A user with a name and password and nothing else set.
    pub fn new(name: impl Into<String>, password: Secret) -> Self {
        Self {
            name: name.into(),
            password,
            profile: None,
            limit_uptime: None,
            comment: None,
            disabled: false,
        }
    }
}

/// Changes to an existing user; `None` leaves a property as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HotspotUserChanges {
    /// New `password`.
    pub password: Option<Secret>,
    /// New `profile`.
    pub profile: Option<String>,
    /// New `limit-uptime` (`Duration::ZERO` removes the limit).
    pub limit_uptime: Option<Duration>,
    /// New `comment`.
    pub comment: Option<String>,
}

/// The `add` command for `user` (for pipelining).
pub fn add_command(user: &NewHotspotUser) -> Command {
    let mut add = super::command::<HotspotUser>("add")
        .attr("name", &user.name)
        .secret("password", &user.password);
    if let Some(profile) = &user.profile {
        add = add.attr("profile", profile);
    }
    if let Some(limit) = user.limit_uptime {
        add = add.attr("limit-uptime", format_duration(limit));
    }
    if let Some(comment) = &user.comment {
        add = add.attr("comment", comment);
    }
    if user.disabled {
        add = add.attr("disabled", "yes");
    }
    add
}

/// The `set` command for one user (for pipelining).
pub fn set_command(id: &ItemId, changes: &HotspotUserChanges) -> Command {
    let mut set = super::command::<HotspotUser>("set").attr(".id", &id.0);
    if let Some(password) = &changes.password {
        set = set.secret("password", password);
    }
    if let Some(profile) = &changes.profile {
        set = set.attr("profile", profile);
    }
    if let Some(limit) = changes.limit_uptime {
        set = set.attr("limit-uptime", format_duration(limit));
    }
    if let Some(comment) = &changes.comment {
        set = set.attr("comment", comment);
    }
    set
}

/// Every hotspot user.
pub async fn list(router: &impl Router) -> Result<Vec<HotspotUser>, Error> {
    super::list(router).await
}

/// The user named `name`, if any.
pub async fn find_by_name(router: &impl Router, name: &str) -> Result<Option<HotspotUser>, Error> {
    super::find_by_name(router, name).await
}

/// Creates a user; returns its `.id`. A duplicate name fails with RouterOS's trap
/// "failure: already have user with this name".
pub async fn add(router: &impl Router, user: &NewHotspotUser) -> Result<ItemId, Error> {
    super::add(router, add_command(user)).await
}

/// Changes a user.
pub async fn set(
    router: &impl Router,
    id: &ItemId,
    changes: &HotspotUserChanges,
) -> Result<(), Error> {
    router.run(set_command(id, changes)).await.map(drop)
}

/// Lets the user log in again.
pub async fn enable(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::on_item::<HotspotUser>(router, "enable", id).await
}

/// Stops the user from logging in (an active session stays until kicked).
pub async fn disable(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::on_item::<HotspotUser>(router, "disable", id).await
}

/// Deletes the user.
pub async fn remove(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<HotspotUser>(router, id).await
}
