//! Splitting a RouterOS script into words, quoted strings, `=`, brackets and statement ends,
//! each with its line number.

use super::ScriptError;

/// One piece of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// A bare word: a menu path, a command, a property name or an unquoted value.
    Word(String),
    /// A double-quoted string, its escapes resolved.
    Text(String),
    /// `=` between a property and its value.
    Equals,
    /// `[`
    Open,
    /// `]`
    Close,
    /// `;` or a line end.
    End,
}

/// A token and the line (from 1) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placed {
    pub token: Token,
    pub line: usize,
}

/// Characters that end a bare word.
const BREAKS: &[char] = &[';', '\n', '"', '[', ']', '=', '\\', '$', '{', '}', '(', ')'];

/// The script's tokens. Comments (`#` at the start of a statement) and line continuations
/// (`\` before a line end) are dropped; variables, blocks and expressions are refused, since
/// the emulator does not evaluate them.
pub(super) fn tokenize(source: &str) -> Result<Vec<Placed>, ScriptError> {
    let mut tokens: Vec<Placed> = Vec::new();
    let mut chars = source.chars().peekable();
    let mut line = 1;
    while let Some(&c) = chars.peek() {
        let at_statement_start = tokens.last().is_none_or(|t| t.token == Token::End);
        let token = match c {
            ' ' | '\t' | '\r' => {
                chars.next();
                continue;
            }
            '#' if at_statement_start => {
                while chars.next_if(|&c| c != '\n').is_some() {}
                continue;
            }
            '\\' => {
                chars.next();
                chars.next_if_eq(&'\r');
                if chars.next_if_eq(&'\n').is_none() {
                    return Err(syntax(
                        line,
                        "a backslash outside a string must end the line",
                    ));
                }
                line += 1;
                continue;
            }
            '\n' | ';' => {
                chars.next();
                let placed = Placed {
                    token: Token::End,
                    line,
                };
                if c == '\n' {
                    line += 1;
                }
                tokens.push(placed);
                continue;
            }
            '"' => {
                chars.next();
                let start = line;
                let text = quoted(&mut chars, &mut line)?;
                tokens.push(Placed {
                    token: Token::Text(text),
                    line: start,
                });
                continue;
            }
            '=' => Token::Equals,
            '[' => Token::Open,
            ']' => Token::Close,
            '$' => return Err(syntax(line, "variables are not supported by the emulator")),
            '{' | '}' | '(' | ')' => {
                return Err(syntax(
                    line,
                    format!("{c:?}: blocks and expressions are not supported by the emulator"),
                ))
            }
            _ => {
                let mut word = String::new();
                while let Some(c) = chars.next_if(|c| !c.is_whitespace() && !BREAKS.contains(c)) {
                    word.push(c);
                }
                tokens.push(Placed {
                    token: Token::Word(word),
                    line,
                });
                continue;
            }
        };
        chars.next();
        tokens.push(Placed { token, line });
    }
    Ok(tokens)
}

/// The rest of a string after its opening quote, up to and without the closing one.
fn quoted(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    line: &mut usize,
) -> Result<String, ScriptError> {
    let start = *line;
    let mut text = String::new();
    loop {
        let Some(c) = chars.next() else {
            return Err(syntax(start, "a string is not closed with \""));
        };
        match c {
            '"' => return Ok(text),
            '$' => return Err(syntax(*line, "variables are not supported by the emulator")),
            '\n' => {
                *line += 1;
                text.push(c);
            }
            '\\' => escape(chars, line, &mut text)?,
            _ => text.push(c),
        }
    }
}

/// One escape sequence after its backslash, written to `text`.
fn escape(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    line: &mut usize,
    text: &mut String,
) -> Result<(), ScriptError> {
    let Some(c) = chars.next() else {
        return Err(syntax(*line, "a string is not closed with \""));
    };
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
        high if is_hex_digit(&high) => {
            let low = chars
                .next_if(is_hex_digit)
                .ok_or_else(|| syntax(*line, "\\ and one hex digit: two are needed"))?;
            let value = high.to_digit(16).unwrap_or(0) * 16 + low.to_digit(16).unwrap_or(0);
            char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
        }
        other => return Err(syntax(*line, format!("unknown escape \\{other}"))),
    };
    text.push(resolved);
    Ok(())
}

/// RouterOS writes hex escapes with capital letters (`\4C`); `\a`, `\b`, `\f` are other escapes.
fn is_hex_digit(c: &char) -> bool {
    c.is_ascii_digit() || ('A'..='F').contains(c)
}

fn syntax(line: usize, reason: impl Into<String>) -> ScriptError {
    ScriptError::Syntax {
        line,
        reason: reason.into(),
    }
}
