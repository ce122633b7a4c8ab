//! Passwords on the command line: a router's from `TIKBILL_ROUTER_PASSWORD`, a staff account's
//! from `TIKBILL_STAFF_PASSWORD`, else one line of standard input; never from an argument
//! (arguments show up in `ps` and shell history).

use std::env::VarError;
use std::io::{BufRead, IsTerminal, Write};

use tikbill_routeros::Secret;

use crate::AgentError;

/// The environment variable a router's password may come from.
pub const PASSWORD_ENV: &str = "TIKBILL_ROUTER_PASSWORD";
/// The environment variable a staff account's password may come from.
pub const STAFF_PASSWORD_ENV: &str = "TIKBILL_STAFF_PASSWORD";

/// Whose password is read: the environment variable it may come from and how it is named.
#[derive(Debug, Clone, Copy)]
pub struct PasswordFor {
    pub env: &'static str,
    pub what: &'static str,
}

/// A router's API password.
pub const ROUTER: PasswordFor = PasswordFor {
    env: PASSWORD_ENV,
    what: "router",
};
/// A staff account's password.
/// A relay's pull token (`relay pull`): `TIKBILL_RELAY_TOKEN`, else standard input.
pub const RELAY_TOKEN: PasswordFor = PasswordFor {
    env: "TIKBILL_RELAY_TOKEN",
    what: "relay token",
};

pub const STAFF: PasswordFor = PasswordFor {
    env: STAFF_PASSWORD_ENV,
    what: "staff",
};

/// A router's password: see [`read_for`].
pub fn read(prompt: &str) -> Result<Secret, AgentError> {
    read_for(ROUTER, prompt)
}

/// The password from `whose.env` (an empty value is an empty password), else one line of
/// standard input. When standard input is a terminal, `prompt` is shown on stderr first and
/// the typing is not echoed.
pub fn read_for(whose: PasswordFor, prompt: &str) -> Result<Secret, AgentError> {
    match std::env::var(whose.env) {
        Ok(value) => return Ok(Secret::new(value)),
        Err(VarError::NotUnicode(_)) => {
            return Err(AgentError::Password(format!(
                "{} is not valid UTF-8 text",
                whose.env
            )))
        }
        Err(VarError::NotPresent) => {}
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let mut stderr = std::io::stderr();
        let _ = write!(stderr, "{prompt}");
        let _ = stderr.flush();
        return rpassword::read_password().map(Secret::new).map_err(|e| {
            AgentError::Password(format!(
                "the password could not be read from the terminal: {e}"
            ))
        });
    }
    first_line_for(whose, stdin.lock())
}

/// A router password as the first line of `input`: see [`first_line_for`].
pub fn first_line(input: impl BufRead) -> Result<Secret, AgentError> {
    first_line_for(ROUTER, input)
}

/// The first line of `input` without its line ending; an empty line is an empty password, no
/// line at all is an error.
pub fn first_line_for(whose: PasswordFor, mut input: impl BufRead) -> Result<Secret, AgentError> {
    let mut line = String::new();
    let read = input.read_line(&mut line).map_err(|e| {
        AgentError::Password(format!(
            "the password could not be read from standard input: {e}"
        ))
    })?;
    if read == 0 {
        return Err(AgentError::Password(format!(
            "No {} password was given: set {} or write it as one line on standard input.",
            whose.what, whose.env
        )));
    }
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(Secret::new(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expect: Result<&str, &str>) {
        match (first_line(input), expect) {
            (Ok(secret), Ok(want)) => assert_eq!(
                secret.expose(),
                want,
                "{input:?} gives the password {want:?}"
            ),
            (Err(e), Err(words)) => assert!(
                e.to_string().contains(words),
                "{input:?} is refused saying '{words}': {e}"
            ),
            (got, want) => panic!("{input:?}: got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn one_line_of_input_is_the_password() {
        check(b"s3cret\n", Ok("s3cret"));
        check(b"s3cret\r\nsecond line\n", Ok("s3cret"));
        check(b" spaces kept \n", Ok(" spaces kept "));
        check(b"no newline", Ok("no newline"));
        check(b"\n", Ok(""));
        check(b"", Err("set TIKBILL_ROUTER_PASSWORD"));
        check(b"\xff\xfe\n", Err("could not be read"));
    }

    #[test]
    fn a_missing_staff_password_names_the_staff_variable() {
        let Err(e) = first_line_for(STAFF, &b""[..]) else {
            panic!("no line, no password")
        };
        assert_eq!(
            e.to_string(),
            "No staff password was given: set TIKBILL_STAFF_PASSWORD or write it as one line on standard input."
        );
    }
}
