//! Reading a whole script into statements before any of it runs, as RouterOS compiles a script
//! first: a syntax error or an unknown command anywhere means nothing runs.

use super::tokens::{tokenize, Placed, Token};
use super::ScriptError;
use crate::emulator::schema::{Schema, LOG, SCHEMAS};

/// One statement the emulator can run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Statement {
    /// A menu command, such as `/ip hotspot user disable [find where name="alice"]`.
    Command(MenuCommand),
    /// `:log info "text"` (or `warning`, `error`, `debug`).
    Log {
        line: usize,
        topic: String,
        message: String,
    },
}

/// A command on one menu's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MenuCommand {
    pub line: usize,
    pub menu: &'static str,
    pub verb: Verb,
    pub target: Target,
    /// `name=value` pairs (only `set` takes them).
    pub properties: Vec<(String, String)>,
}

/// What a command does to its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Enable,
    Disable,
    Remove,
    Set,
}

/// `find` conditions: property names and the values they must have.
pub(super) type Conditions = Vec<(String, String)>;

/// Which items a command acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// `[find]`, `[find name="x"]`, `[find where name="x" and disabled=no]`: items whose
    /// properties all equal these values.
    Find(Conditions),
    /// `.id`s or names, comma-separated, as written (`*1`, `alice`, `"alice"`).
    Items(String),
}

/// The statements of `source`, or why it does not compile.
pub(super) fn parse(source: &str) -> Result<Vec<Statement>, ScriptError> {
    let tokens = tokenize(source)?;
    tokens
        .split(|t| t.token == Token::End)
        .filter(|statement| !statement.is_empty())
        .map(statement)
        .collect()
}

fn statement(tokens: &[Placed]) -> Result<Statement, ScriptError> {
    let line = tokens[0].line;
    match &tokens[0].token {
        Token::Word(word) if word == ":log" => log(line, &tokens[1..]),
        Token::Word(word) if word.starts_with(':') => Err(bad_command(line, word)),
        Token::Word(word) if word.starts_with('/') => command(line, tokens),
        Token::Word(word) => Err(bad_command(line, word)),
        _ => Err(syntax(line, "a statement starts with a menu path or :log")),
    }
}

fn log(line: usize, rest: &[Placed]) -> Result<Statement, ScriptError> {
    match rest {
        [topic, message] => match (&topic.token, value(&message.token)) {
            (Token::Word(topic), Some(message))
                if matches!(topic.as_str(), "info" | "warning" | "error" | "debug") =>
            {
                Ok(Statement::Log {
                    line,
                    topic: topic.clone(),
                    message: message.to_owned(),
                })
            }
            (Token::Word(topic), _) => Err(bad_command(line, topic)),
            _ => Err(syntax(line, ":log needs a topic and a message")),
        },
        _ => Err(syntax(line, ":log needs a topic and a message")),
    }
}

fn command(line: usize, tokens: &[Placed]) -> Result<Statement, ScriptError> {
    // The leading words: the menu path, the verb and maybe a bare item name.
    let mut next = 0;
    let mut segments: Vec<&str> = Vec::new();
    while let Some(Token::Word(word)) = tokens.get(next).map(|t| &t.token) {
        if tokens.get(next + 1).map(|t| &t.token) == Some(&Token::Equals) {
            break;
        }
        segments.extend(word.split('/').filter(|s| !s.is_empty()));
        next += 1;
    }
    let (schema, used) = menu(line, &segments)?;
    let Some(&verb_name) = segments.get(used) else {
        return Err(syntax(
            line,
            format!("a command is missing after {}", schema.path),
        ));
    };
    let verb = verb(schema, verb_name).ok_or_else(|| bad_command(line, verb_name))?;
    let mut target = match &segments[used + 1..] {
        [] => None,
        [items] => Some(Target::Items((*items).to_owned())),
        [_, extra, ..] => return Err(syntax(line, format!("unexpected {extra}"))),
    };
    let rest = &tokens[next..];
    let rest = match (&target, rest.first().map(|t| &t.token)) {
        (None, Some(Token::Text(items))) => {
            target = Some(Target::Items(items.clone()));
            &rest[1..]
        }
        (None, Some(Token::Open)) => {
            let (conditions, after) = find(line, schema, &rest[1..])?;
            target = Some(Target::Find(conditions));
            after
        }
        _ => rest,
    };
    let target = target.ok_or_else(|| syntax(line, format!("{verb_name} needs the items")))?;
    let properties = properties(line, rest)?;
    if let Some((name, _)) = properties.first() {
        if verb != Verb::Set || !schema.writable.contains(&name.as_str()) {
            return Err(syntax(line, format!("unknown parameter {name}")));
        }
    }
    Ok(Statement::Command(MenuCommand {
        line,
        menu: schema.path,
        verb,
        target,
        properties,
    }))
}

/// The longest menu the segments start with, and how many segments it took.
fn menu(line: usize, segments: &[&str]) -> Result<(&'static Schema, usize), ScriptError> {
    let mut found = None;
    for end in 1..=segments.len() {
        let path = format!("/{}", segments[..end].join("/"));
        if let Some(schema) = script_menus().find(|s| s.path == path) {
            found = Some((schema, end));
            continue;
        }
        let deeper = format!("{path}/");
        if script_menus().any(|s| s.path.starts_with(&deeper)) {
            continue;
        }
        // Past a menu, this segment is the verb; otherwise the path is wrong here.
        return found.ok_or_else(|| bad_command(line, segments[end - 1]));
    }
    found.ok_or_else(|| syntax(line, "a menu path is not a command"))
}

/// The menus a script may change: every table but the log.
fn script_menus() -> impl Iterator<Item = &'static Schema> {
    SCHEMAS.iter().filter(|s| s.path != LOG)
}

fn verb(schema: &Schema, name: &str) -> Option<Verb> {
    let can_disable = schema.writable.contains(&"disabled");
    match name {
        "enable" if can_disable => Some(Verb::Enable),
        "disable" if can_disable => Some(Verb::Disable),
        "remove" => Some(Verb::Remove),
        "set" if !schema.writable.is_empty() => Some(Verb::Set),
        _ => None,
    }
}

/// The inside of `[find …]` (after `[`): its conditions and the tokens after `]`.
fn find<'t>(
    line: usize,
    schema: &Schema,
    tokens: &'t [Placed],
) -> Result<(Conditions, &'t [Placed]), ScriptError> {
    let close = tokens
        .iter()
        .position(|t| t.token == Token::Close)
        .ok_or_else(|| syntax(line, "[ is not closed with ]"))?;
    let (inside, after) = (&tokens[..close], &tokens[close + 1..]);
    let mut inside = match inside.first().map(|t| &t.token) {
        Some(Token::Word(word)) if word == "find" => &inside[1..],
        Some(Token::Word(word)) => return Err(bad_command(line, word)),
        _ => return Err(syntax(line, "only [find …] is supported inside brackets")),
    };
    if matches!(inside.first().map(|t| &t.token), Some(Token::Word(w)) if w == "where") {
        inside = &inside[1..];
    }
    let mut conditions = Vec::new();
    while !inside.is_empty() {
        if !conditions.is_empty() {
            if let Some(Token::Word(word)) = inside.first().map(|t| &t.token) {
                if word == "and" {
                    inside = &inside[1..];
                }
            }
        }
        let Some((name, value)) = pair(inside) else {
            return Err(syntax(line, "find takes property=value conditions"));
        };
        let known = schema.defaults.iter().any(|(n, _)| *n == name)
            || schema.writable.contains(&name.as_str());
        if !known {
            return Err(syntax(line, format!("unknown property {name} in find")));
        }
        conditions.push((name, value));
        inside = &inside[3..];
    }
    Ok((conditions, after))
}

fn properties(line: usize, mut tokens: &[Placed]) -> Result<Vec<(String, String)>, ScriptError> {
    let mut properties = Vec::new();
    while !tokens.is_empty() {
        let pair = pair(tokens).ok_or_else(|| syntax(line, "expected end of command"))?;
        properties.push(pair);
        tokens = &tokens[3..];
    }
    Ok(properties)
}

/// `name=value` at the start of `tokens` (three tokens).
fn pair(tokens: &[Placed]) -> Option<(String, String)> {
    match tokens {
        [name, equals, given, ..] => match (&name.token, &equals.token, value(&given.token)) {
            (Token::Word(name), Token::Equals, Some(value)) => {
                Some((name.clone(), value.to_owned()))
            }
            _ => None,
        },
        _ => None,
    }
}

fn value(token: &Token) -> Option<&str> {
    match token {
        Token::Word(text) | Token::Text(text) => Some(text),
        _ => None,
    }
}

fn syntax(line: usize, reason: impl Into<String>) -> ScriptError {
    ScriptError::Syntax {
        line,
        reason: reason.into(),
    }
}

fn bad_command(line: usize, name: &str) -> ScriptError {
    ScriptError::BadCommand {
        line,
        name: name.to_owned(),
    }
}
