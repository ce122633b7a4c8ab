//! A command as the emulator receives it, and the reply sentences it writes back (with `.tag`
//! last, as real routers do).

use crate::codec::encode_sentence;
use crate::reply::split_attribute;
use crate::row::Row;

/// A received command.
pub(crate) struct Request {
    pub path: String,
    pub attributes: Vec<(String, String)>,
    pub queries: Vec<String>,
    pub tag: Option<String>,
}

impl Request {
    pub(crate) fn parse(words: &[Vec<u8>]) -> Self {
        let mut words = words
            .iter()
            .map(|w| String::from_utf8_lossy(w).into_owned());
        let mut request = Request {
            path: words.next().unwrap_or_default(),
            attributes: Vec::new(),
            queries: Vec::new(),
            tag: None,
        };
        for word in words {
            if let Some(tag) = word.strip_prefix(".tag=") {
                request.tag = Some(tag.to_owned());
            } else if let Some(query) = word.strip_prefix('?') {
                request.queries.push(query.to_owned());
            } else if let Some(list) = word.strip_prefix(".proplist=") {
                request
                    .attributes
                    .push((".proplist".into(), list.to_owned()));
            } else if let Some((name, value)) = split_attribute(&word) {
                request.attributes.push((name.to_owned(), value.to_owned()));
            }
        }
        request
    }

    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The properties to change: everything but the item selectors and print options.
    pub(crate) fn properties(&self) -> Vec<(String, String)> {
        self.attributes
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), ".id" | "numbers" | ".proplist"))
            .cloned()
            .collect()
    }

    /// `.id` or `numbers`.
    pub(crate) fn targets(&self) -> &str {
        self.attribute(".id")
            .or_else(|| self.attribute("numbers"))
            .unwrap_or("")
    }
}

/// Reply sentences for one command, encoded as they are written.
pub(crate) struct ReplyWriter {
    tag: Option<String>,
    bytes: Vec<u8>,
}

impl ReplyWriter {
    pub(crate) fn new(tag: Option<String>) -> Self {
        Self {
            tag,
            bytes: Vec::new(),
        }
    }

    fn sentence(&mut self, mut words: Vec<String>) {
        if let Some(tag) = &self.tag {
            words.push(format!(".tag={tag}"));
        }
        // Words over the 16 MiB cap cannot come from the emulator's own tables.
        if let Ok(bytes) = encode_sentence(&words) {
            self.bytes.extend(bytes);
        }
    }

    pub(crate) fn row(&mut self, row: &Row) {
        let mut words = vec!["!re".to_owned()];
        words.extend(row.iter().map(|(k, v)| format!("={k}={v}")));
        self.sentence(words);
    }

    pub(crate) fn done(&mut self, ret: Option<&str>) {
        let mut words = vec!["!done".to_owned()];
        words.extend(ret.map(|ret| format!("=ret={ret}")));
        self.sentence(words);
    }

    pub(crate) fn trap(&mut self, category: Option<u8>, message: &str) {
        let mut words = vec!["!trap".to_owned()];
        words.extend(category.map(|c| format!("=category={c}")));
        words.push(format!("=message={message}"));
        self.sentence(words);
    }

    /// A trap followed by the `!done` that always ends a command.
    pub(crate) fn fail(&mut self, category: Option<u8>, message: &str) {
        self.trap(category, message);
        self.done(None);
    }

    pub(crate) fn fatal(&mut self, reason: &str) {
        self.bytes
            .extend(encode_sentence(&["!fatal", reason]).unwrap_or_default());
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}
