//! Commands to send: a path plus attribute, query and proplist words.

use std::fmt;

use crate::secret::Secret;

/// A RouterOS API command, built word by word.
///
/// ```
/// use tikbill_routeros::Command;
/// let add = Command::new("/ip/hotspot/user/add").attr("name", "u1").attr("password", "p");
/// let find = Command::new("/ip/hotspot/user/print")
///     .proplist([".id", "name", "disabled"])
///     .where_eq("name", "u1");
/// assert_eq!(add.path(), "/ip/hotspot/user/add");
/// assert_eq!(find.words().len(), 2);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    path: String,
    words: Vec<String>,
}

impl Command {
    /// A command for `path`, such as `/ip/hotspot/user/print`.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            words: Vec::new(),
        }
    }

    /// Adds `=name=value`.
    pub fn attr(mut self, name: &str, value: impl AsRef<str>) -> Self {
        self.words.push(format!("={name}={}", value.as_ref()));
        self
    }

    /// Adds `=name=value` for a secret value.
    pub fn secret(self, name: &str, value: &Secret) -> Self {
        self.attr(name, value.expose())
    }

    /// Asks for only these properties (`=.proplist=a,b,c`), which is much lighter on the router.
    pub fn proplist<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let names: Vec<String> = names.into_iter().map(|s| s.as_ref().to_owned()).collect();
        self.words.push(format!("=.proplist={}", names.join(",")));
        self
    }

    /// Adds a query word; the leading `?` is added if missing (`name=u1`, `-disabled`, `#|`).
    pub fn query(mut self, word: &str) -> Self {
        let word = word.strip_prefix('?').unwrap_or(word);
        self.words.push(format!("?{word}"));
        self
    }

    /// Keeps only items whose `name` equals `value` (`?name=value`).
    pub fn where_eq(self, name: &str, value: impl AsRef<str>) -> Self {
        self.query(&format!("{name}={}", value.as_ref()))
    }

    /// The command's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The words after the path, in order (no `.tag`).
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The whole sentence to send, with `.tag=` last when a tag is given.
    pub fn sentence(&self, tag: Option<u64>) -> Vec<String> {
        let mut sentence = Vec::with_capacity(self.words.len() + 2);
        sentence.push(self.path.clone());
        sentence.extend(self.words.iter().cloned());
        if let Some(tag) = tag {
            sentence.push(format!(".tag={tag}"));
        }
        sentence
    }
}

impl fmt::Debug for Command {
    /// Prints the path and words, hiding the values of password-like attributes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        list.entry(&self.path);
        for word in &self.words {
            let name = word
                .strip_prefix('=')
                .and_then(|body| body.split_once('='))
                .map(|(name, _)| name);
            match name {
                Some(name) if is_sensitive(name) => list.entry(&format!("={name}=<redacted>")),
                _ => list.entry(word),
            };
        }
        list.finish()
    }
}

fn is_sensitive(name: &str) -> bool {
    name.contains("password") || name == "response" || name.contains("secret")
}

#[cfg(test)]
mod tests {
    use super::Command;

    #[test]
    fn sentence_puts_tag_last_and_debug_hides_passwords() {
        let command = Command::new("/ip/hotspot/user/add")
            .attr("name", "u1")
            .attr("password", "p4ss")
            .query("?name=u1");
        assert_eq!(
            command.sentence(Some(5)),
            [
                "/ip/hotspot/user/add",
                "=name=u1",
                "=password=p4ss",
                "?name=u1",
                ".tag=5"
            ],
            "path first, words in order, tag last"
        );
        let debug = format!("{command:?}");
        assert!(!debug.contains("p4ss"), "Debug leaked a password: {debug}");
        assert!(
            debug.contains("=name=u1"),
            "Debug keeps harmless words: {debug}"
        );
    }
}
