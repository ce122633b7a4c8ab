//! Splitting a RouterOS script into words, quoted strings, operators, brackets and statement
//! ends, each with its line number.

use super::ScriptError;

/// A piece of a word or string: text as written, or a variable to put in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Text(String),
    /// `$user` (or `$"mac-address"` outside strings): the variable's value.
    Variable(String),
}

/// A word or string with the variables in it still unresolved.
pub(super) type Template = Vec<Part>;

/// The text of `template` if it has no variables.
pub(super) fn literal(template: &Template) -> Option<String> {
    let mut text = String::new();
    for part in template {
        match part {
            Part::Text(t) => text.push_str(t),
            Part::Variable(_) => return None,
        }
    }
    Some(text)
}

/// One piece of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// A bare word: a menu path, a command, a property name or an unquoted value (which may
    /// hold variables: `tikbill-$user`, `$user`).
    Word(Template),
    /// A double-quoted string, its escapes resolved and its variables marked.
    Text(Template),
    /// `=`: between a property and its value, or a comparison.
    Equals,
    /// `!=`, `<`, `>`, `<=`, `>=` (comparisons).
    Compare(&'static str),
    /// `[`
    Open,
    /// `]`
    Close,
    /// `{`
    OpenBlock,
    /// `}`
    CloseBlock,
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `;` or a line end.
    End,
}

impl Token {
    /// The bare word `word`, if this token is exactly it.
    pub(super) fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Word(t) if literal(t).as_deref() == Some(word))
    }
}

/// A token and the line (from 1) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placed {
    pub token: Token,
    pub line: usize,
}

/// Characters that end a bare word (`!` only before `=`).
const BREAKS: &[char] = &[
    ';', '\n', '"', '[', ']', '=', '\\', '{', '}', '(', ')', '<', '>',
];

/// The script's tokens. Comments (`#` at the start of a statement) and line continuations
/// (`\` before a line end) are dropped.
pub(super) fn tokenize(source: &str) -> Result<Vec<Placed>, ScriptError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens: Vec<Placed> = Vec::new();
    let mut at = 0;
    let mut line = 1;
    while let Some(&c) = chars.get(at) {
        let at_statement_start = tokens
            .last()
            .is_none_or(|t| matches!(t.token, Token::End | Token::OpenBlock));
        let next = chars.get(at + 1).copied();
        let (token, width) = match c {
            ' ' | '\t' | '\r' => {
                at += 1;
                continue;
            }
            '#' if at_statement_start => {
                while chars.get(at).is_some_and(|&c| c != '\n') {
                    at += 1;
                }
                continue;
            }
            '\\' => {
                at += 1;
                if chars.get(at) == Some(&'\r') {
                    at += 1;
                }
                if chars.get(at) != Some(&'\n') {
                    return Err(syntax(
                        line,
                        "a backslash outside a string must end the line",
                    ));
                }
                at += 1;
                line += 1;
                continue;
            }
            '\n' | ';' => {
                tokens.push(Placed {
                    token: Token::End,
                    line,
                });
                if c == '\n' {
                    line += 1;
                }
                at += 1;
                continue;
            }
            '"' => {
                let start = line;
                let text = quoted(&chars, &mut at, &mut line)?;
                tokens.push(Placed {
                    token: Token::Text(text),
                    line: start,
                });
                continue;
            }
            '=' => (Token::Equals, 1),
            '!' if next == Some('=') => (Token::Compare("!="), 2),
            '<' if next == Some('=') => (Token::Compare("<="), 2),
            '>' if next == Some('=') => (Token::Compare(">="), 2),
            '<' => (Token::Compare("<"), 1),
            '>' => (Token::Compare(">"), 1),
            '[' => (Token::Open, 1),
            ']' => (Token::Close, 1),
            '{' => (Token::OpenBlock, 1),
            '}' => (Token::CloseBlock, 1),
            '(' => (Token::OpenParen, 1),
            ')' => (Token::CloseParen, 1),
            _ => {
                let word = bare(&chars, &mut at, line)?;
                tokens.push(Placed {
                    token: Token::Word(word),
                    line,
                });
                continue;
            }
        };
        at += width;
        tokens.push(Placed { token, line });
    }
    Ok(tokens)
}

/// A bare word from `at`, with its `$variables`.
fn bare(chars: &[char], at: &mut usize, line: usize) -> Result<Template, ScriptError> {
    let mut parts = Vec::new();
    let mut text = String::new();
    while let Some(&c) = chars.get(*at) {
        let ends = c.is_whitespace()
            || BREAKS.contains(&c)
            || (c == '!' && chars.get(*at + 1) == Some(&'='));
        if ends {
            break;
        }
        if c == '$' {
            *at += 1;
            let name = if chars.get(*at) == Some(&'"') {
                quoted_name(chars, at, line)?
            } else {
                variable_name(chars, at, line)?
            };
            flush(&mut parts, &mut text);
            parts.push(Part::Variable(name));
            continue;
        }
        text.push(c);
        *at += 1;
    }
    flush(&mut parts, &mut text);
    Ok(parts)
}

/// A variable's name after its `$`: letters, digits and `_`.
fn variable_name(chars: &[char], at: &mut usize, line: usize) -> Result<String, ScriptError> {
    let mut name = String::new();
    while let Some(&c) = chars
        .get(*at)
        .filter(|c| c.is_ascii_alphanumeric() || **c == '_')
    {
        name.push(c);
        *at += 1;
    }
    if name.is_empty() {
        return Err(syntax(
            line,
            "$ must be followed by a variable name (expressions after $ are not supported)",
        ));
    }
    Ok(name)
}

/// A quoted variable name (`$"mac-address"`), from its opening quote at `at` past its closing
/// one: plain text, no escapes or variables.
fn quoted_name(chars: &[char], at: &mut usize, line: usize) -> Result<String, ScriptError> {
    let mut name = String::new();
    *at += 1;
    loop {
        match chars.get(*at) {
            Some('"') => break,
            Some(&c) if c != '\\' && c != '$' && c != '\n' => name.push(c),
            _ => return Err(syntax(line, "a quoted variable name must be plain text")),
        }
        *at += 1;
    }
    *at += 1;
    if name.is_empty() {
        return Err(syntax(line, "a quoted variable name must be plain text"));
    }
    Ok(name)
}

fn flush(parts: &mut Template, text: &mut String) {
    if !text.is_empty() {
        parts.push(Part::Text(std::mem::take(text)));
    }
}

/// A string from its opening quote at `at` up to and past its closing one.
fn quoted(chars: &[char], at: &mut usize, line: &mut usize) -> Result<Template, ScriptError> {
    let start = *line;
    *at += 1;
    let mut parts = Vec::new();
    let mut text = String::new();
    loop {
        let Some(&c) = chars.get(*at) else {
            return Err(syntax(start, "a string is not closed with \""));
        };
        *at += 1;
        match c {
            '"' => {
                flush(&mut parts, &mut text);
                return Ok(parts);
            }
            '$' => {
                let name = if chars.get(*at) == Some(&'"') {
                    quoted_name(chars, at, *line)?
                } else {
                    variable_name(chars, at, *line)?
                };
                flush(&mut parts, &mut text);
                parts.push(Part::Variable(name));
            }
            '\n' => {
                *line += 1;
                text.push(c);
            }
            '\\' => escape(chars, at, line, &mut text)?,
            _ => text.push(c),
        }
    }
}

/// One escape sequence after its backslash, written to `text`.
fn escape(
    chars: &[char],
    at: &mut usize,
    line: &mut usize,
    text: &mut String,
) -> Result<(), ScriptError> {
    let Some(&c) = chars.get(*at) else {
        return Err(syntax(*line, "a string is not closed with \""));
    };
    *at += 1;
    let resolved = match c {
        '"' | '\\' | '$' | '?' => c,
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '_' => ' ',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'v' => '\u{b}',
        '\n' => {
            // A line continuation inside a string.
            *line += 1;
            return Ok(());
        }
        high if is_hex_digit(high) => {
            let low = chars
                .get(*at)
                .copied()
                .filter(|c| is_hex_digit(*c))
                .ok_or_else(|| syntax(*line, "\\ and one hex digit: two are needed"))?;
            *at += 1;
            let value = high.to_digit(16).unwrap_or(0) * 16 + low.to_digit(16).unwrap_or(0);
            char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
        }
        other => return Err(syntax(*line, format!("unknown escape \\{other}"))),
    };
    text.push(resolved);
    Ok(())
}

/// RouterOS writes hex escapes with capital letters (`\4C`); `\a`, `\b`, `\f` are other escapes.
fn is_hex_digit(c: char) -> bool {
    c.is_ascii_digit() || ('A'..='F').contains(&c)
}

fn syntax(line: usize, reason: impl Into<String>) -> ScriptError {
    ScriptError::Syntax {
        line,
        reason: reason.into(),
    }
}
