//! Reply sentences from the router, parsed into typed values.

use crate::row::Row;

#[cfg(test)]
mod tests;

/// Why a `!trap` was raised, as RouterOS numbers it (`=category=0..7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrapCategory {
    /// 0: missing item or command.
    MissingItemOrCommand,
    /// 1: failure in an argument's value.
    ArgumentValue,
    /// 2: the command was interrupted (for example by `/cancel`).
    Interrupted,
    /// 3: scripting failure.
    Scripting,
    /// 4: general failure.
    General,
    /// 5: API failure.
    Api,
    /// 6: TTY failure.
    Tty,
    /// 7: a value returned by `:return`.
    ReturnValue,
}

impl TrapCategory {
    /// The category for RouterOS's number, if it is one of 0..=7.
    pub fn from_number(number: u8) -> Option<Self> {
        Some(match number {
            0 => Self::MissingItemOrCommand,
            1 => Self::ArgumentValue,
            2 => Self::Interrupted,
            3 => Self::Scripting,
            4 => Self::General,
            5 => Self::Api,
            6 => Self::Tty,
            7 => Self::ReturnValue,
            _ => return None,
        })
    }

    /// RouterOS's number for this category.
    pub fn number(self) -> u8 {
        self as u8
    }
}

/// What one reply sentence says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyKind {
    /// `!re`: one row of data.
    Row(Row),
    /// `!done`: the command finished, maybe with `=ret=`.
    Done {
        /// The `ret` value (a new item's `.id`, a count, a login challenge).
        ret: Option<String>,
    },
    /// `!trap`: the command failed (a `!done` follows).
    Trap {
        /// The category, when the router sent one.
        category: Option<TrapCategory>,
        /// RouterOS's message, word for word.
        message: String,
    },
    /// `!fatal`: the router is closing the connection.
    Fatal {
        /// Why, in RouterOS's words.
        reason: String,
    },
    /// `!empty`: the command has no data (RouterOS 7.18+; a `!done` follows).
    Empty,
}

/// One parsed reply sentence and the tag of the command it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplySentence {
    /// The `.tag` word's value, wherever it stood in the sentence.
    pub tag: Option<String>,
    /// What the sentence says.
    pub kind: ReplyKind,
}

/// A reply sentence that breaks the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// The sentence had no words at all.
    #[error("an empty reply sentence")]
    Empty,
    /// The first word is not `!re`, `!done`, `!trap`, `!fatal` or `!empty`.
    #[error("unknown reply type {0:?}")]
    UnknownType(String),
    /// A word that is neither `=name=value` nor `.tag=N`.
    #[error("unexpected word {word:?} in a {reply} reply")]
    UnexpectedWord {
        /// The reply type.
        reply: String,
        /// The word.
        word: String,
    },
    /// A trap category outside 0..=7.
    #[error("trap category {0:?} is not one of 0..7")]
    BadCategory(String),
}

/// Parses one sentence as received from the router.
pub fn parse_reply(words: &[Vec<u8>]) -> Result<ReplySentence, ReplyError> {
    let (first, rest) = words.split_first().ok_or(ReplyError::Empty)?;
    let reply = String::from_utf8_lossy(first).into_owned();
    if reply == "!fatal" {
        return Ok(parse_fatal(rest));
    }
    let mut tag = None;
    let mut row = Row::new();
    for word in rest {
        let word = String::from_utf8_lossy(word);
        if let Some(value) = word.strip_prefix(".tag=") {
            tag = Some(value.to_owned());
        } else if let Some((name, value)) = split_attribute(&word) {
            row.insert(name, value);
        } else {
            return Err(ReplyError::UnexpectedWord {
                reply,
                word: word.into_owned(),
            });
        }
    }
    let kind = match reply.as_str() {
        "!re" => ReplyKind::Row(row),
        "!done" => ReplyKind::Done {
            ret: row.remove("ret"),
        },
        "!trap" => ReplyKind::Trap {
            category: row
                .get("category")
                .map(|text| {
                    text.parse::<u8>()
                        .ok()
                        .and_then(TrapCategory::from_number)
                        .ok_or_else(|| ReplyError::BadCategory(text.to_owned()))
                })
                .transpose()?,
            message: row.remove("message").unwrap_or_default(),
        },
        "!empty" => ReplyKind::Empty,
        _ => return Err(ReplyError::UnknownType(reply)),
    };
    Ok(ReplySentence { tag, kind })
}

/// `!fatal` carries its reason as plain words, not attributes.
fn parse_fatal(rest: &[Vec<u8>]) -> ReplySentence {
    let mut tag = None;
    let mut reason = Vec::new();
    for word in rest {
        let word = String::from_utf8_lossy(word);
        match word.strip_prefix(".tag=") {
            Some(value) => tag = Some(value.to_owned()),
            None => reason.push(word.strip_prefix("=message=").unwrap_or(&word).to_owned()),
        }
    }
    ReplySentence {
        tag,
        kind: ReplyKind::Fatal {
            reason: reason.join(" "),
        },
    }
}

/// Splits `=name=value` (the value may itself hold `=`); `=name` alone has an empty value.
pub fn split_attribute(word: &str) -> Option<(&str, &str)> {
    let body = word.strip_prefix('=')?;
    let (name, value) = body.split_once('=').unwrap_or((body, ""));
    (!name.is_empty()).then_some((name, value))
}
