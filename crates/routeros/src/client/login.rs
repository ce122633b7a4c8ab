//! Logging in: the modern `/login =name= =password=`, falling back to the pre-6.43 MD5
//! challenge when the router answers with one.

use md5::{Digest, Md5};

use super::Client;
use crate::command::Command;
use crate::error::{Error, ProtocolError};
use crate::secret::Secret;

pub(super) async fn login(client: &Client, user: &str, password: &Secret) -> Result<(), Error> {
    let modern = Command::new("/login")
        .attr("name", user)
        .secret("password", password);
    let reply = client.run(modern).await.map_err(credentials_error)?;
    let Some(challenge) = reply.ret else {
        return Ok(());
    };
    // A router older than 6.43 answers with a challenge instead of logging us in.
    let response = legacy_response(password, &challenge)?;
    let legacy = Command::new("/login")
        .attr("name", user)
        .attr("response", response);
    client.run(legacy).await.map_err(credentials_error)?;
    Ok(())
}

/// The legacy login response: `00` followed by the hex MD5 of a zero byte, the password and the
/// challenge's bytes.
pub fn legacy_response(password: &Secret, challenge_hex: &str) -> Result<String, Error> {
    let challenge = crate::hex::decode(challenge_hex).ok_or_else(|| {
        Error::Protocol(ProtocolError::Unexpected(format!(
            "login challenge {challenge_hex:?} is not hexadecimal"
        )))
    })?;
    let mut md5 = Md5::new();
    md5.update([0u8]);
    md5.update(password.expose().as_bytes());
    md5.update(&challenge);
    Ok(format!("00{}", crate::hex::encode(&md5.finalize())))
}

/// RouterOS's answers to a wrong name or password (modern and legacy wording).
fn credentials_error(error: Error) -> Error {
    match error.trap_message() {
        Some(message)
            if message.contains("invalid user name or password")
                || message.contains("cannot log in") =>
        {
            Error::BadCredentials
        }
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use super::legacy_response;
    use crate::secret::Secret;

    #[test]
    fn documented_legacy_vector() {
        let response = legacy_response(&Secret::new(""), "856780b7411eefd3abadee2058c149a3");
        assert_eq!(
            response.ok().as_deref(),
            Some("005062f7a5ef124d34675bf3e81f56c556"),
            "the vector from MikroTik's API documentation (empty password)"
        );
    }
}
