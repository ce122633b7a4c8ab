//! Reading a whole script into statements before any of it runs, as RouterOS compiles a script
//! first: a syntax error or an unknown command anywhere means nothing runs.

use super::tokens::{literal, tokenize, Part, Placed, Template, Token};
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
        message: Expr,
    },
    /// `:if (condition) do={…} else={…}`.
    If {
        condition: Condition,
        then: Vec<Statement>,
        otherwise: Vec<Statement>,
    },
}

/// A command on one menu's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MenuCommand {
    pub line: usize,
    pub menu: &'static str,
    pub verb: Verb,
    /// The items (`None` for `add`): names or `.id`s, or a `[find …]` of them.
    pub target: Option<Expr>,
    /// `name=value` pairs (only `set` and `add` take them).
    pub properties: Vec<(String, Expr)>,
}

/// What a command does to its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Enable,
    Disable,
    Remove,
    Set,
    Add,
}

/// `find` conditions: property names and the values they must have.
pub(super) type Conditions = Vec<(String, Expr)>;

/// Something that has a value when the script runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Expr {
    /// A word or string, with its variables put in when it runs.
    Template(Template),
    /// `[:len value]`: a list's items or a string's characters.
    Len(Box<Expr>),
    /// `[find …]` or `[/menu find …]`: the `.id`s of the items whose properties all equal
    /// these values.
    Find {
        menu: &'static str,
        conditions: Conditions,
    },
    /// `[/system clock get date]` or `… get time`.
    Clock(ClockField),
}

/// What `/system clock get` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClockField {
    Date,
    Time,
}

/// `(left op right)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Condition {
    pub line: usize,
    pub left: Expr,
    /// `=`, `!=`, `<`, `>`, `<=` or `>=`.
    pub operator: &'static str,
    pub right: Expr,
}

/// The statements of `source`, or why it does not compile.
pub(super) fn parse(source: &str) -> Result<Vec<Statement>, ScriptError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
    };
    parser.block(None)
}

/// Every variable `statements` use, once each, in order of first use, with its line.
pub(super) fn variables(statements: &[Statement]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for statement in statements {
        statement_variables(statement, &mut found);
    }
    found
}

fn statement_variables(statement: &Statement, found: &mut Vec<(String, usize)>) {
    match statement {
        Statement::Command(c) => {
            for expr in c.target.iter().chain(c.properties.iter().map(|(_, e)| e)) {
                expr_variables(expr, c.line, found);
            }
        }
        Statement::Log { line, message, .. } => expr_variables(message, *line, found),
        Statement::If {
            condition,
            then,
            otherwise,
        } => {
            expr_variables(&condition.left, condition.line, found);
            expr_variables(&condition.right, condition.line, found);
            for inner in then.iter().chain(otherwise) {
                statement_variables(inner, found);
            }
        }
    }
}

fn expr_variables(expr: &Expr, line: usize, found: &mut Vec<(String, usize)>) {
    match expr {
        Expr::Template(parts) => {
            for part in parts {
                if let Part::Variable(name) = part {
                    if !found.iter().any(|(n, _)| n == name) {
                        found.push((name.clone(), line));
                    }
                }
            }
        }
        Expr::Len(inner) => expr_variables(inner, line, found),
        Expr::Find { conditions, .. } => {
            for (_, value) in conditions {
                expr_variables(value, line, found);
            }
        }
        Expr::Clock(_) => {}
    }
}

struct Parser<'t> {
    tokens: &'t [Placed],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    fn peek_second(&self) -> Option<&Token> {
        self.tokens.get(self.at + 1).map(|t| &t.token)
    }

    /// The line of the next token (or of the last one at the end).
    fn line(&self) -> usize {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(1, |t| t.line)
    }

    fn take(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.at).map(|t| &t.token);
        self.at += 1;
        token
    }

    /// A literal bare word next, taken.
    fn word(&mut self) -> Option<String> {
        match self.peek() {
            Some(Token::Word(t)) => {
                let word = literal(t)?;
                self.at += 1;
                Some(word)
            }
            _ => None,
        }
    }

    fn expect(&mut self, token: &Token, line: usize, reason: &str) -> Result<(), ScriptError> {
        if self.peek() == Some(token) {
            self.at += 1;
            Ok(())
        } else {
            Err(syntax(line, reason))
        }
    }

    /// Statements up to the end of the script, or up to the `}` closing a block opened on
    /// `opened` (a line).
    fn block(&mut self, opened: Option<usize>) -> Result<Vec<Statement>, ScriptError> {
        let mut statements = Vec::new();
        loop {
            while self.peek() == Some(&Token::End) {
                self.at += 1;
            }
            match (self.peek(), opened) {
                (None, None) => return Ok(statements),
                (None, Some(line)) => return Err(syntax(line, "{ is not closed with }")),
                (Some(Token::CloseBlock), Some(_)) => {
                    self.at += 1;
                    return Ok(statements);
                }
                (Some(Token::CloseBlock), None) => return Err(syntax(self.line(), "} without {")),
                _ => {}
            }
            let line = self.line();
            statements.push(self.statement()?);
            match self.peek() {
                None | Some(Token::End) | Some(Token::CloseBlock) => {}
                Some(_) => return Err(syntax(line, "expected end of command")),
            }
        }
    }

    fn statement(&mut self) -> Result<Statement, ScriptError> {
        let line = self.line();
        let Some(Token::Word(first)) = self.peek() else {
            return Err(syntax(
                line,
                "a statement starts with a menu path or a : command",
            ));
        };
        let Some(first) = literal(first) else {
            return Err(syntax(line, "a statement cannot start with a variable"));
        };
        match first.as_str() {
            ":log" => {
                self.at += 1;
                self.log(line)
            }
            ":if" => {
                self.at += 1;
                self.if_statement(line)
            }
            word if word.starts_with('/') => self.command(line),
            word => Err(bad_command(line, word)),
        }
    }

    fn log(&mut self, line: usize) -> Result<Statement, ScriptError> {
        let missing = || syntax(line, ":log needs a topic and a message");
        let topic = self.word().ok_or_else(missing)?;
        if !matches!(topic.as_str(), "info" | "warning" | "error" | "debug") {
            return Err(bad_command(line, &topic));
        }
        if matches!(
            self.peek(),
            None | Some(Token::End) | Some(Token::CloseBlock)
        ) {
            return Err(missing());
        }
        let message = self.value(line)?;
        Ok(Statement::Log {
            line,
            topic,
            message,
        })
    }

    fn if_statement(&mut self, line: usize) -> Result<Statement, ScriptError> {
        self.expect(&Token::OpenParen, line, ":if needs a (condition)")?;
        let left = self.value(line)?;
        let operator = match self.take() {
            Some(Token::Equals) => "=",
            Some(Token::Compare(operator)) => operator,
            _ => {
                return Err(syntax(
                    line,
                    "a condition compares two values with =, !=, <, >, <= or >=",
                ))
            }
        };
        let right = self.value(line)?;
        self.expect(&Token::CloseParen, line, "a condition ends with )")?;
        let condition = Condition {
            line,
            left,
            operator,
            right,
        };
        let mut then = None;
        let mut otherwise = Vec::new();
        while let Some(Token::Word(word)) = self.peek() {
            let name = literal(word).unwrap_or_default();
            if !matches!(name.as_str(), "do" | "else") || self.peek_second() != Some(&Token::Equals)
            {
                break;
            }
            self.at += 2;
            let opened = self.line();
            self.expect(&Token::OpenBlock, line, "do= and else= take a {block}")?;
            let block = self.block(Some(opened))?;
            match name.as_str() {
                "do" if then.is_none() => then = Some(block),
                "else" if otherwise.is_empty() => otherwise = block,
                _ => return Err(syntax(line, format!("{name}= is given twice"))),
            }
        }
        let then = then.ok_or_else(|| syntax(line, ":if needs do={…}"))?;
        Ok(Statement::If {
            condition,
            then,
            otherwise,
        })
    }

    /// A value: a word, a string or a `[…]` expression.
    fn value(&mut self, line: usize) -> Result<Expr, ScriptError> {
        match self.take() {
            Some(Token::Word(t) | Token::Text(t)) => Ok(Expr::Template(t.clone())),
            Some(Token::Open) => self.bracket(line, None),
            _ => Err(syntax(line, "a value is missing")),
        }
    }

    /// The inside of `[…]` (after `[`), up to and with its `]`. `menu` is the menu of the
    /// command it is in, for a bare `find`.
    fn bracket(&mut self, line: usize, menu: Option<&'static Schema>) -> Result<Expr, ScriptError> {
        let Some(Token::Word(first)) = self.peek() else {
            return Err(syntax(line, "[…] holds :len, find or /system clock get"));
        };
        let first = literal(first).unwrap_or_default();
        let expr = match first.as_str() {
            ":len" => {
                self.at += 1;
                Expr::Len(Box::new(self.value(line)?))
            }
            "find" => {
                let Some(schema) = menu else {
                    return Err(syntax(line, "find needs a menu: [/menu find …]"));
                };
                self.at += 1;
                return self.find(line, schema);
            }
            path if path.starts_with('/') => {
                // The path and its command: up to `find` or `get`.
                let mut segments: Vec<String> = Vec::new();
                while let Some(word) = self.word() {
                    segments.extend(word.split('/').filter(|s| !s.is_empty()).map(str::to_owned));
                    if matches!(segments.last().map(String::as_str), Some("find" | "get")) {
                        break;
                    }
                }
                let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
                match segments[..] {
                    ["system", "clock", "get"] => {
                        let field = match self.word().as_deref() {
                            Some("date") => ClockField::Date,
                            Some("time") => ClockField::Time,
                            _ => return Err(syntax(line, "/system clock get takes date or time")),
                        };
                        Expr::Clock(field)
                    }
                    ["system", "clock", ..] => {
                        return Err(bad_command(
                            line,
                            segments[2..].first().copied().unwrap_or("clock"),
                        ))
                    }
                    _ => {
                        let (schema, used) = menu_of(line, &segments)?;
                        match &segments[used..] {
                            ["find"] => return self.find(line, schema),
                            [verb, ..] => return Err(bad_command(line, verb)),
                            [] => {
                                return Err(syntax(
                                    line,
                                    format!("a command is missing after {}", schema.path),
                                ))
                            }
                        }
                    }
                }
            }
            word => return Err(bad_command(line, word)),
        };
        self.expect(&Token::Close, line, "[ is not closed with ]")?;
        Ok(expr)
    }

    /// `find` conditions (after `find`), up to and with the `]`.
    fn find(&mut self, line: usize, schema: &'static Schema) -> Result<Expr, ScriptError> {
        if self.peek().is_some_and(|t| t.is_word("where")) {
            self.at += 1;
        }
        let mut conditions = Vec::new();
        loop {
            match self.peek() {
                Some(Token::Close) => {
                    self.at += 1;
                    return Ok(Expr::Find {
                        menu: schema.path,
                        conditions,
                    });
                }
                None | Some(Token::End) | Some(Token::CloseBlock) => {
                    return Err(syntax(line, "[ is not closed with ]"))
                }
                Some(token) if !conditions.is_empty() && token.is_word("and") => self.at += 1,
                _ => {}
            }
            let name = match (self.peek(), self.peek_second()) {
                (Some(Token::Word(name)), Some(Token::Equals)) => literal(name),
                _ => None,
            }
            .ok_or_else(|| syntax(line, "find takes property=value conditions"))?;
            self.at += 2;
            let known = schema.defaults.iter().any(|(n, _)| *n == name)
                || schema.writable.contains(&name.as_str());
            if !known {
                return Err(syntax(line, format!("unknown property {name} in find")));
            }
            let value = self.value(line)?;
            conditions.push((name, value));
        }
    }

    fn command(&mut self, line: usize) -> Result<Statement, ScriptError> {
        // The leading words: the menu path, the verb and maybe a bare item name.
        let mut segments: Vec<String> = Vec::new();
        while let Some(Token::Word(word)) = self.peek() {
            if self.peek_second() == Some(&Token::Equals) {
                break;
            }
            let Some(word) = literal(word) else { break };
            segments.extend(word.split('/').filter(|s| !s.is_empty()).map(str::to_owned));
            self.at += 1;
        }
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let (schema, used) = menu_of(line, &segments)?;
        let Some(&verb_name) = segments.get(used) else {
            return Err(syntax(
                line,
                format!("a command is missing after {}", schema.path),
            ));
        };
        let verb = verb(schema, verb_name).ok_or_else(|| bad_command(line, verb_name))?;
        let mut target = match &segments[used + 1..] {
            [] => None,
            [extra, ..] if verb == Verb::Add => {
                return Err(syntax(line, format!("unexpected {extra}")))
            }
            [items] => Some(Expr::Template(vec![Part::Text((*items).to_owned())])),
            [_, extra, ..] => return Err(syntax(line, format!("unexpected {extra}"))),
        };
        if target.is_none() && verb != Verb::Add {
            let item = self.peek_second() != Some(&Token::Equals);
            match self.peek() {
                Some(Token::Text(_) | Token::Word(_)) if item => target = Some(self.value(line)?),
                Some(Token::Open) => {
                    self.at += 1;
                    target = Some(self.bracket(line, Some(schema))?);
                }
                _ => {}
            }
        }
        if target.is_none() && verb != Verb::Add {
            return Err(syntax(line, format!("{verb_name} needs the items")));
        }
        let mut properties = Vec::new();
        while let (Some(Token::Word(name)), Some(Token::Equals)) = (self.peek(), self.peek_second())
        {
            let name = literal(name)
                .ok_or_else(|| syntax(line, "a property name cannot be a variable"))?;
            let takes = matches!(verb, Verb::Set | Verb::Add);
            if !takes || !schema.writable.contains(&name.as_str()) {
                return Err(syntax(line, format!("unknown parameter {name}")));
            }
            self.at += 2;
            properties.push((name, self.value(line)?));
        }
        Ok(Statement::Command(MenuCommand {
            line,
            menu: schema.path,
            verb,
            target,
            properties,
        }))
    }
}

/// The longest menu the segments start with, and how many segments it took.
fn menu_of(line: usize, segments: &[&str]) -> Result<(&'static Schema, usize), ScriptError> {
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
        "add" if schema.api_add => Some(Verb::Add),
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
