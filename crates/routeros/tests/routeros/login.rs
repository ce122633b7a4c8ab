use std::time::Duration;

use tikbill_routeros::emulator::EmulatorConfig;
use tikbill_routeros::menu::system;
use tikbill_routeros::{Client, Error, Secret};

use crate::support::{options, router, start, PASSWORD, USER};

#[tokio::test]
async fn modern_login_then_a_command() {
    let emulator = start(EmulatorConfig {
        identity: "Tower-3".into(),
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    let client = Client::connect(&options(&emulator)).await.unwrap();
    assert_eq!(
        system::identity(&client).await.unwrap(),
        "Tower-3",
        "after /login =name= =password= the session answers commands"
    );
}

#[tokio::test]
async fn legacy_router_gets_the_md5_challenge_response() {
    let emulator = start(EmulatorConfig {
        legacy_login: true,
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    let client = Client::connect(&options(&emulator)).await;
    assert!(
        client.is_ok(),
        "a pre-6.43 router answers with =ret=<challenge> and the client falls back: {:?}",
        client.err()
    );
    let mut wrong = options(&emulator);
    wrong.password = Secret::new("nope");
    assert_eq!(
        Client::connect(&wrong).await.err(),
        Some(Error::BadCredentials),
        "a wrong password on a legacy router is still BadCredentials"
    );
}

#[tokio::test]
async fn wrong_password_is_bad_credentials() {
    let emulator = router().await;
    let mut wrong = options(&emulator);
    wrong.password = Secret::new("guess");
    let error = Client::connect(&wrong).await.err();
    assert_eq!(
        error,
        Some(Error::BadCredentials),
        "RouterOS's 'invalid user name or password (6)' becomes BadCredentials"
    );
    let message = Error::BadCredentials.to_string();
    assert!(
        message.contains("user name or password"),
        "the message says what to check: {message}"
    );
}

#[tokio::test]
async fn nothing_listening_is_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let emulator = router().await;
    let options = options(&emulator).with_port(port);
    match Client::connect(&options).await {
        Err(Error::Refused { address }) => assert_eq!(address, format!("127.0.0.1:{port}")),
        other => panic!("a closed port is Refused, got {:?}", other.err()),
    }
}

#[tokio::test]
async fn unresolvable_host_is_unreachable() {
    let emulator = router().await;
    let mut options = options(&emulator).with_connect_timeout(Duration::from_secs(5));
    options.host = "router.invalid".into();
    let error = Client::connect(&options).await.err();
    assert!(
        matches!(
            error,
            Some(Error::Unreachable { .. } | Error::TimedOut(tikbill_routeros::Phase::Connect))
        ),
        "a name that does not resolve is Unreachable, got {error:?}"
    );
}

#[tokio::test]
async fn debug_output_never_shows_the_password() {
    let emulator = router().await;
    let printed = format!("{:?}", options(&emulator));
    assert!(
        !printed.contains(PASSWORD),
        "ConnectOptions' Debug leaked the password: {printed}"
    );
}
