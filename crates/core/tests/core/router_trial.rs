//! "Test" on the router form, before saving: api-ssl first when the form does not say which.

use std::time::Duration;

use tikbill_api::RouterInput;
use tikbill_core::router::{try_router, ApiPorts};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig, TlsIdentity};
use tikbill_routeros::Fingerprint;

use crate::support::{clock, context, Scratch};

const USER: &str = "billing";
const PASSWORD: &str = "s3cret-pw";

async fn router(tls: bool) -> (Emulator, Option<Fingerprint>) {
    let mut config = EmulatorConfig::new(USER, PASSWORD);
    let mut fingerprint = None;
    if tls {
        let made = rcgen::generate_simple_self_signed(vec!["router.lan".to_owned()])
            .expect("a self-signed certificate");
        let certificate_der = made.cert.der().to_vec();
        fingerprint = Some(Fingerprint::of_certificate(&certificate_der));
        config.tls = Some(TlsIdentity {
            certificate_der,
            private_key_der: made.signing_key.serialize_der(),
        });
    }
    let emulator = Emulator::start(config).await.expect("the emulator starts");
    (emulator, fingerprint)
}

/// A loopback port nothing listens on.
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn form(port: &str, use_tls: bool) -> RouterInput {
    RouterInput {
        name: String::new(),
        host: "127.0.0.1".into(),
        port: port.into(),
        use_tls,
        username: USER.into(),
        password: Some(PASSWORD.into()),
    }
}

const LIMIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_new_router_test_tries_api_ssl_first_when_not_told_which() {
    let (emulator, fingerprint) = router(true).await;
    let ports = ApiPorts {
        plain: emulator.address().port(),
        tls: emulator.tls_address().expect("api-ssl").port(),
    };
    let scratch = Scratch::sqlite().await;
    let ctx = context(&scratch.db, &clock());
    let trial = try_router(&ctx, &form("", false), ports, LIMIT)
        .await
        .expect("the form is read");
    assert_eq!(
        (trial.use_tls, trial.port, trial.error.as_deref()),
        (true, ports.tls, None),
        "api-ssl answered, so the router is to be saved with it: {trial:?}"
    );
    assert_eq!(
        trial.tls_fingerprint,
        fingerprint.map(|f| f.to_string()),
        "the certificate seen is shown"
    );
    assert!(
        trial.note.contains("travel encrypted"),
        "it says why api-ssl matters: {}",
        trial.note
    );
    assert!(
        trial.report.is_some() && trial.warning.is_none(),
        "{trial:?}"
    );
}

#[tokio::test]
async fn without_api_ssl_the_test_falls_back_to_plain_api_and_says_why_it_matters() {
    let (emulator, _) = router(false).await;
    let ports = ApiPorts {
        plain: emulator.address().port(),
        tls: closed_port().await,
    };
    let scratch = Scratch::sqlite().await;
    let ctx = context(&scratch.db, &clock());
    let trial = try_router(&ctx, &form("", false), ports, LIMIT)
        .await
        .expect("the form is read");
    assert_eq!(
        (trial.use_tls, trial.port, trial.error.as_deref()),
        (false, ports.plain, None),
        "plain API answered after api-ssl did not: {trial:?}"
    );
    assert!(
        trial
            .note
            .starts_with(&format!("api-ssl did not answer on port {}", ports.tls))
            && trial.note.contains("cross the network unencrypted"),
        "it says what failed and why it matters: {}",
        trial.note
    );
}

#[tokio::test]
async fn a_router_test_told_the_port_tries_only_that() {
    let (emulator, _) = router(true).await;
    let ports = ApiPorts {
        plain: closed_port().await,
        tls: closed_port().await,
    };
    let plain = emulator.address().port().to_string();
    let scratch = Scratch::sqlite().await;
    let ctx = context(&scratch.db, &clock());
    let trial = try_router(&ctx, &form(&plain, false), ports, LIMIT)
        .await
        .expect("the form is read");
    assert_eq!(
        (trial.use_tls, trial.port.to_string(), trial.tls_fingerprint),
        (false, plain, None),
        "the port the person gave, over plain API as they asked: {:?}",
        trial.note
    );
}
