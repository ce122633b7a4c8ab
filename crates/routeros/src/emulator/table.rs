//! One menu's items in memory, with RouterOS's rules for adding, changing and removing them.

use tokio::sync::broadcast;

use super::schema::Schema;
use crate::row::Row;

/// A refusal, as the emulator will send it in a `!trap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trap {
    pub category: Option<u8>,
    pub message: String,
}

impl Trap {
    pub(crate) fn new(category: Option<u8>, message: impl Into<String>) -> Self {
        Self {
            category,
            message: message.into(),
        }
    }

    pub(crate) fn no_such_item() -> Self {
        Self::new(Some(0), "no such item")
    }
}

/// The items of one menu.
pub(crate) struct Table {
    pub schema: &'static Schema,
    items: Vec<(u32, Row)>,
    next_id: u32,
    changes: broadcast::Sender<Row>,
}

impl Table {
    pub(crate) fn new(schema: &'static Schema) -> Self {
        let (changes, _) = broadcast::channel(1024);
        let mut table = Self {
            schema,
            items: Vec::new(),
            next_id: 1,
            changes,
        };
        for item in schema.initial {
            table.insert(item.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        }
        table
    }

    /// Every item, `.id` first, in creation order.
    pub(crate) fn rows(&self) -> Vec<Row> {
        self.items
            .iter()
            .map(|(id, row)| with_id(*id, row))
            .collect()
    }

    /// The item with `.id` `id` (`*1`), `.id` first.
    pub(crate) fn row(&self, id: &str) -> Option<Row> {
        let index = self.index_of(id)?;
        let (id, row) = &self.items[index];
        Some(with_id(*id, row))
    }

    /// Changes the router's own bookkeeping of item `id` (properties the API may not set, such
    /// as a scheduler entry's `run-count`); nothing if the item is gone.
    pub(crate) fn record<const N: usize>(&mut self, id: &str, attributes: [(&str, String); N]) {
        let Some(index) = self.index_of(id) else {
            return;
        };
        let (id, row) = &mut self.items[index];
        for (name, value) in attributes {
            row.insert(name, value);
        }
        let changed = with_id(*id, row);
        self.announce(changed);
    }

    /// Drops the router's own bookkeeping property `name` of item `id`.
    pub(crate) fn forget(&mut self, id: &str, name: &str) {
        let Some(index) = self.index_of(id) else {
            return;
        };
        let (id, row) = &mut self.items[index];
        if row.remove(name).is_some() {
            let changed = with_id(*id, row);
            self.announce(changed);
        }
    }

    /// Whether an item has this name.
    pub(crate) fn has_name(&self, name: &str) -> bool {
        self.items
            .iter()
            .any(|(_, row)| row.get("name") == Some(name))
    }

    /// A stream of changed rows (removed ones carry `.dead=true`).
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Row> {
        self.changes.subscribe()
    }

    /// Adds an item without any checks (for tests and initial items); returns its `.id`.
    pub(crate) fn insert<I>(&mut self, attributes: I) -> String
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut row: Row = self.schema.defaults.iter().copied().collect();
        for (name, value) in attributes {
            row.insert(name, value);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.announce(with_id(id, &row));
        self.items.push((id, row));
        format_id(id)
    }

    /// `add` from the API: checks the properties and the name's uniqueness.
    pub(crate) fn add(&mut self, attributes: &[(String, String)]) -> Result<String, Trap> {
        if !self.schema.api_add {
            return Err(Trap::new(Some(0), "no such command"));
        }
        self.check_writable(attributes)?;
        if self.schema.writable.contains(&"name") {
            match attributes.iter().find(|(k, _)| k == "name") {
                Some((_, name)) if !name.is_empty() => self.check_unique(name, None)?,
                _ => return Err(Trap::new(Some(1), "failure: name must be set")),
            }
        }
        Ok(self.insert(normalized(attributes)))
    }

    /// `set` on the items named by `targets` (`.id`s or names, comma-separated).
    pub(crate) fn set(
        &mut self,
        targets: &str,
        attributes: &[(String, String)],
    ) -> Result<(), Trap> {
        self.check_writable(attributes)?;
        let indexes = self.resolve(targets)?;
        if let Some((_, name)) = attributes.iter().find(|(k, _)| k == "name") {
            for &index in &indexes {
                self.check_unique(name, Some(index))?;
            }
        }
        for index in indexes {
            let (id, row) = &mut self.items[index];
            for (name, value) in normalized(attributes) {
                row.insert(name, value);
            }
            let changed = with_id(*id, row);
            self.announce(changed);
        }
        Ok(())
    }

    /// `remove` of the items named by `targets`.
    pub(crate) fn remove(&mut self, targets: &str) -> Result<(), Trap> {
        let mut indexes = self.resolve(targets)?;
        if indexes
            .iter()
            .any(|&i| self.items[i].1.get("default") == Some("true"))
        {
            return Err(Trap::new(None, "failure: cannot remove default entry"));
        }
        indexes.sort_unstable();
        for index in indexes.into_iter().rev() {
            let (id, _) = self.items.remove(index);
            let dead: Row = [(".id", format_id(id)), (".dead", "true".to_owned())]
                .into_iter()
                .collect();
            self.announce(dead);
        }
        Ok(())
    }

    fn resolve(&self, targets: &str) -> Result<Vec<usize>, Trap> {
        let mut indexes = Vec::new();
        for target in targets.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let index = match target.strip_prefix('*') {
                Some(_) => self.index_of(target),
                None => self
                    .items
                    .iter()
                    .position(|(_, row)| row.get("name") == Some(target)),
            };
            indexes.push(index.ok_or_else(Trap::no_such_item)?);
        }
        if indexes.is_empty() {
            return Err(Trap::no_such_item());
        }
        Ok(indexes)
    }

    /// Where the item with `.id` `id` (`*1A`) is.
    fn index_of(&self, id: &str) -> Option<usize> {
        let number = u32::from_str_radix(id.strip_prefix('*')?, 16).ok()?;
        self.items.iter().position(|(i, _)| *i == number)
    }

    fn check_writable(&self, attributes: &[(String, String)]) -> Result<(), Trap> {
        match attributes
            .iter()
            .find(|(name, _)| !self.schema.writable.contains(&name.as_str()))
        {
            Some((name, _)) => Err(Trap::new(Some(1), format!("unknown parameter {name}"))),
            None => Ok(()),
        }
    }

    fn check_unique(&self, name: &str, except: Option<usize>) -> Result<(), Trap> {
        let Some(message) = self.schema.duplicate_name else {
            return Ok(());
        };
        let taken = self
            .items
            .iter()
            .enumerate()
            .any(|(i, (_, row))| Some(i) != except && row.get("name") == Some(name));
        if taken {
            return Err(Trap::new(None, message));
        }
        Ok(())
    }

    fn announce(&self, row: Row) {
        // Nobody listening is fine.
        let _ = self.changes.send(row);
    }
}

/// RouterOS prints booleans as `true`/`false` whatever was typed.
fn normalized(attributes: &[(String, String)]) -> impl Iterator<Item = (String, String)> + '_ {
    attributes.iter().map(|(name, value)| {
        let value = match (name.as_str(), value.as_str()) {
            ("disabled", "yes") => "true",
            ("disabled", "no") => "false",
            (_, value) => value,
        };
        (name.clone(), value.to_owned())
    })
}

fn with_id(id: u32, row: &Row) -> Row {
    let mut printed = Row::new();
    printed.insert(".id", format_id(id));
    for (name, value) in row.iter() {
        printed.insert(name, value);
    }
    printed
}

/// `*1`, `*2`, … `*A`, `*B`: RouterOS ids are hexadecimal.
pub(crate) fn format_id(id: u32) -> String {
    format!("*{id:X}")
}
