//! `/ppp/secret`: PPPoE (and other PPP) accounts.

use super::{Fields, ItemId, MenuItem};
use crate::command::Command;
use crate::error::Error;
use crate::router::Router;
use crate::row::Row;
use crate::secret::Secret;

/// A PPP secret as billing sees it (the password is not read back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PppSecret {
    /// `.id`
    pub id: ItemId,
    /// `name`
    pub name: String,
    /// `service`: `any`, `pppoe`, `pptp`, …
    pub service: Option<String>,
    /// `profile`
    pub profile: Option<String>,
    /// `remote-address`: a fixed address for the customer.
    pub remote_address: Option<String>,
    /// `disabled`
    pub disabled: bool,
    /// `comment`
    pub comment: Option<String>,
    /// `last-logged-out`, as the router prints it.
    pub last_logged_out: Option<String>,
}

impl MenuItem for PppSecret {
    const PATH: &'static str = "/ppp/secret";
    const PROPLIST: &'static [&'static str] = &[
        ".id",
        "name",
        "service",
        "profile",
        "remote-address",
        "disabled",
        "comment",
        "last-logged-out",
    ];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            name: f.required("name")?,
            service: f.text("service"),
            profile: f.text("profile"),
            remote_address: f.text("remote-address"),
            disabled: f.flag("disabled"),
            comment: f.text("comment"),
            last_logged_out: f.text("last-logged-out"),
        })
    }
}

/// A PPP secret to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPppSecret {
    /// `name`
    pub name: String,
    /// `password`
    pub password: Secret,
    /// `service` (the router's `any` when `None`).
    pub service: Option<String>,
    /// `profile`
    pub profile: Option<String>,
    /// `remote-address`
    pub remote_address: Option<String>,
    /// `comment`
    pub comment: Option<String>,
}

impl NewPppSecret {
    /// A secret with a name and password and nothing else set.
    pub fn new(name: impl Into<String>, password: Secret) -> Self {
        Self {
            name: name.into(),
            password,
            service: None,
            profile: None,
            remote_address: None,
            comment: None,
        }
    }
}

/// Changes to an existing secret; `None` leaves a property as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PppSecretChanges {
    /// New `password`.
    pub password: Option<Secret>,
    /// New `profile`.
    pub profile: Option<String>,
    /// New `remote-address`.
    pub remote_address: Option<String>,
    /// New `comment`.
    pub comment: Option<String>,
}

/// The `add` command for `secret` (for pipelining).
pub fn add_command(secret: &NewPppSecret) -> Command {
    let mut add = super::command::<PppSecret>("add")
        .attr("name", &secret.name)
        .secret("password", &secret.password);
    for (name, value) in [
        ("service", &secret.service),
        ("profile", &secret.profile),
        ("remote-address", &secret.remote_address),
        ("comment", &secret.comment),
    ] {
        if let Some(value) = value {
            add = add.attr(name, value);
        }
    }
    add
}

/// Every PPP secret.
pub async fn list(router: &impl Router) -> Result<Vec<PppSecret>, Error> {
    super::list(router).await
}

/// The secret named `name`, if any.
pub async fn find_by_name(router: &impl Router, name: &str) -> Result<Option<PppSecret>, Error> {
    super::find_by_name(router, name).await
}

/// Creates a secret; returns its `.id`. A duplicate name fails with RouterOS's trap.
pub async fn add(router: &impl Router, secret: &NewPppSecret) -> Result<ItemId, Error> {
    super::add(router, add_command(secret)).await
}

/// Changes a secret.
pub async fn set(
    router: &impl Router,
    id: &ItemId,
    changes: &PppSecretChanges,
) -> Result<(), Error> {
    let mut set = super::command::<PppSecret>("set").attr(".id", &id.0);
    if let Some(password) = &changes.password {
        set = set.secret("password", password);
    }
    for (name, value) in [
        ("profile", &changes.profile),
        ("remote-address", &changes.remote_address),
        ("comment", &changes.comment),
    ] {
        if let Some(value) = value {
            set = set.attr(name, value);
        }
    }
    router.run(set).await.map(drop)
}

/// Lets the account connect again.
pub async fn enable(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::on_item::<PppSecret>(router, "enable", id).await
}

/// Stops the account from connecting (an active session stays until kicked).
pub async fn disable(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::on_item::<PppSecret>(router, "disable", id).await
}

/// Deletes the secret.
pub async fn remove(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<PppSecret>(router, id).await
}
