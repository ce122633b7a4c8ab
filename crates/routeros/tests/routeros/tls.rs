//! api-ssl with certificate pinning (trust on first use).

use tikbill_routeros::emulator::{Emulator, EmulatorConfig, TlsIdentity};
use tikbill_routeros::menu::system;
use tikbill_routeros::{Backoff, Client, ConnectOptions, Error, Fingerprint, RouterLink, Secret};

use crate::support::{start, PASSWORD, USER};

async fn tls_router() -> (Emulator, Fingerprint) {
    let generated = rcgen::generate_simple_self_signed(vec!["router.lan".to_owned()])
        .expect("rcgen makes a self-signed certificate");
    let certificate_der = generated.cert.der().to_vec();
    let fingerprint = Fingerprint::of_certificate(&certificate_der);
    let emulator = start(EmulatorConfig {
        tls: Some(TlsIdentity {
            certificate_der,
            private_key_der: generated.signing_key.serialize_der(),
        }),
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    (emulator, fingerprint)
}

fn tls_options(emulator: &Emulator, pin: Option<Fingerprint>) -> ConnectOptions {
    let port = emulator.tls_address().expect("TLS was configured").port();
    ConnectOptions::tls("127.0.0.1", USER, Secret::new(PASSWORD), pin).with_port(port)
}

#[tokio::test]
async fn first_connect_records_the_fingerprint_then_the_pin_is_enforced() {
    let (emulator, real) = tls_router().await;

    let first = Client::connect(&tls_options(&emulator, None))
        .await
        .unwrap();
    assert_eq!(
        first.certificate_fingerprint(),
        Some(real),
        "without a pin, the certificate's SHA-256 is recorded for the caller to store"
    );
    assert!(
        system::identity(&first).await.is_ok(),
        "commands work over api-ssl"
    );

    let pinned = Client::connect(&tls_options(&emulator, Some(real))).await;
    assert!(pinned.is_ok(), "the right pin connects: {:?}", pinned.err());

    let wrong = Fingerprint::of_certificate(b"some other certificate");
    assert_eq!(
        Client::connect(&tls_options(&emulator, Some(wrong)))
            .await
            .err(),
        Some(Error::CertificateMismatch {
            expected: wrong,
            found: real
        }),
        "a different certificate is refused with both fingerprints"
    );
}

#[tokio::test]
async fn router_link_pins_on_first_use() {
    let (emulator, real) = tls_router().await;
    let link = RouterLink::new(tls_options(&emulator, None), Backoff::default());
    assert!(system::identity(&link).await.is_ok(), "first use connects");
    assert_eq!(
        link.fingerprint().await,
        Some(real),
        "the fingerprint seen first is pinned for reconnects"
    );
}

#[tokio::test]
async fn plain_client_on_the_tls_port_fails_cleanly() {
    let (emulator, _) = tls_router().await;
    let port = emulator.tls_address().unwrap().port();
    let options = ConnectOptions::plain("127.0.0.1", USER, Secret::new(PASSWORD))
        .with_port(port)
        .with_login_timeout(std::time::Duration::from_secs(2));
    let error = Client::connect(&options).await.err();
    assert!(
        error.is_some(),
        "speaking plain API to an api-ssl port does not log in"
    );
}
