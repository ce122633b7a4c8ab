//! Typed access to the menus billing uses.
//!
//! Each module names one RouterOS menu and offers plain async functions over any [`Router`]
//! (`hotspot_user::add(&client, &new_user)`); the `*_command` functions build the same commands
//! without running them, for pipelining with [`crate::Client::run_many`].

pub mod active;
pub mod hotspot_profile;
pub mod hotspot_user;
pub mod ppp_profile;
pub mod ppp_secret;
pub mod scheduler;
pub mod system;
mod value;

use std::fmt;

pub use value::{format_duration, parse_bool, parse_duration};

use crate::command::Command;
use crate::error::{Error, ProtocolError};
use crate::router::Router;
use crate::row::Row;

/// An item's `.id` (`*1A`), stable for the item's life on the router.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemId(pub String);

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A typed item of one menu.
pub trait MenuItem: Sized {
    /// The menu's path, such as `/ip/hotspot/user`.
    const PATH: &'static str;
    /// The properties to ask for when listing.
    const PROPLIST: &'static [&'static str];
    /// Reads the item from a printed row.
    fn from_row(row: &Row) -> Result<Self, Error>;
}

/// `PATH/verb` for `T`'s menu.
pub fn command<T: MenuItem>(verb: &str) -> Command {
    Command::new(format!("{}/{verb}", T::PATH))
}

/// Every item of `T`'s menu, with only the properties billing reads.
pub async fn list<T: MenuItem>(router: &impl Router) -> Result<Vec<T>, Error> {
    let print = command::<T>("print").proplist(T::PROPLIST);
    rows_to_items(router.run(print).await?.rows)
}

/// The item named `name`, if any.
pub async fn find_by_name<T: MenuItem>(
    router: &impl Router,
    name: &str,
) -> Result<Option<T>, Error> {
    let print = command::<T>("print")
        .proplist(T::PROPLIST)
        .where_eq("name", name);
    Ok(rows_to_items(router.run(print).await?.rows)?
        .into_iter()
        .next())
}

/// Runs an `add` command and returns the new item's id (`=ret=`).
pub async fn add(router: &impl Router, add: Command) -> Result<ItemId, Error> {
    let reply = router.run(add).await?;
    reply.ret.map(ItemId).ok_or_else(|| {
        Error::Protocol(ProtocolError::Unexpected(
            "the router did not return the new item's id".into(),
        ))
    })
}

/// Runs `verb` (`remove`, `enable`, `disable`) on one item of `T`'s menu.
pub async fn on_item<T: MenuItem>(
    router: &impl Router,
    verb: &str,
    id: &ItemId,
) -> Result<(), Error> {
    router
        .run(command::<T>(verb).attr(".id", &id.0))
        .await
        .map(drop)
}

/// Removes one item of `T`'s menu.
pub async fn remove<T: MenuItem>(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    on_item::<T>(router, "remove", id).await
}

fn rows_to_items<T: MenuItem>(rows: Vec<Row>) -> Result<Vec<T>, Error> {
    rows.iter().map(T::from_row).collect()
}

/// Reads typed values out of a row, with errors that name the menu and property.
pub(crate) struct Fields<'a> {
    row: &'a Row,
    menu: &'static str,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(row: &'a Row, menu: &'static str) -> Self {
        Self { row, menu }
    }

    pub(crate) fn required(&self, name: &str) -> Result<String, Error> {
        self.row.get(name).map(str::to_owned).ok_or_else(|| {
            Error::Protocol(ProtocolError::Unexpected(format!(
                "an item of {} has no {name}",
                self.menu
            )))
        })
    }

    pub(crate) fn id(&self) -> Result<ItemId, Error> {
        self.required(".id").map(ItemId)
    }

    /// The value, or `None` when absent or empty.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.row
            .get(name)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub(crate) fn flag(&self, name: &str) -> bool {
        self.row.get(name).and_then(parse_bool).unwrap_or(false)
    }

    pub(crate) fn number(&self, name: &str) -> Option<u64> {
        self.row.get(name).and_then(|v| v.parse().ok())
    }

    /// A duration; RouterOS's `0s` ("no limit") reads as `None`.
    pub(crate) fn duration(&self, name: &str) -> Option<std::time::Duration> {
        self.row
            .get(name)
            .and_then(parse_duration)
            .filter(|d| !d.is_zero())
    }
}
