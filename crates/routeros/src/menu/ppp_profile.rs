//! `/ppp/profile`: speed limits and addressing for PPP secrets.

use super::{Fields, ItemId, MenuItem};
use crate::error::Error;
use crate::router::Router;
use crate::row::Row;

/// A PPP profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PppProfile {
    /// `.id`
    pub id: ItemId,
    /// `name`
    pub name: String,
    /// `rate-limit`, such as `2M/4M`.
    pub rate_limit: Option<String>,
    /// `local-address`
    pub local_address: Option<String>,
    /// `remote-address` (often a pool name).
    pub remote_address: Option<String>,
    /// `only-one`: `yes`, `no` or `default`.
    pub only_one: Option<String>,
}

impl MenuItem for PppProfile {
    const PATH: &'static str = "/ppp/profile";
    const PROPLIST: &'static [&'static str] = &[
        ".id",
        "name",
        "rate-limit",
        "local-address",
        "remote-address",
        "only-one",
    ];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            name: f.required("name")?,
            rate_limit: f.text("rate-limit"),
            local_address: f.text("local-address"),
            remote_address: f.text("remote-address"),
            only_one: f.text("only-one"),
        })
    }
}

/// A profile to create (or the changes to apply with [`set`]); `None` leaves a property alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PppProfileSettings {
    /// `rate-limit`
    pub rate_limit: Option<String>,
    /// `local-address`
    pub local_address: Option<String>,
    /// `remote-address`
    pub remote_address: Option<String>,
}

fn with_settings(
    mut command: crate::command::Command,
    settings: &PppProfileSettings,
) -> crate::command::Command {
    for (name, value) in [
        ("rate-limit", &settings.rate_limit),
        ("local-address", &settings.local_address),
        ("remote-address", &settings.remote_address),
    ] {
        if let Some(value) = value {
            command = command.attr(name, value);
        }
    }
    command
}

/// Every PPP profile.
pub async fn list(router: &impl Router) -> Result<Vec<PppProfile>, Error> {
    super::list(router).await
}

/// The profile named `name`, if any.
pub async fn find_by_name(router: &impl Router, name: &str) -> Result<Option<PppProfile>, Error> {
    super::find_by_name(router, name).await
}

/// Creates a profile; returns its `.id`.
pub async fn add(
    router: &impl Router,
    name: &str,
    settings: &PppProfileSettings,
) -> Result<ItemId, Error> {
    let add = super::command::<PppProfile>("add").attr("name", name);
    super::add(router, with_settings(add, settings)).await
}

/// Changes a profile.
pub async fn set(
    router: &impl Router,
    id: &ItemId,
    settings: &PppProfileSettings,
) -> Result<(), Error> {
    let set = super::command::<PppProfile>("set").attr(".id", &id.0);
    router.run(with_settings(set, settings)).await.map(drop)
}

/// Deletes a profile.
pub async fn remove(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<PppProfile>(router, id).await
}
