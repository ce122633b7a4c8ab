use sea_orm::{ConnectionTrait, DbBackend, Statement};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig, TlsIdentity};
use tikbill_routeros::Fingerprint;

use crate::desktop::Desktop;

/// A router with api-ssl and a self-signed certificate, and that certificate's fingerprint.
async fn tls_router() -> (Emulator, Fingerprint) {
    let made = rcgen::generate_simple_self_signed(vec!["router.lan".to_owned()])
        .expect("a self-signed certificate");
    let certificate_der = made.cert.der().to_vec();
    let fingerprint = Fingerprint::of_certificate(&certificate_der);
    let mut config = EmulatorConfig::new("billing", "api-pw");
    config.identity = "Tower-TLS".into();
    config.tls = Some(TlsIdentity {
        certificate_der,
        private_key_der: made.signing_key.serialize_der(),
    });
    let emulator = Emulator::start(config)
        .await
        .expect("the emulator listens with api-ssl");
    (emulator, fingerprint)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_certificate_is_put_to_the_owner_and_trusted_only_when_confirmed() {
    let (router, real) = tls_router().await;
    let tls_port = router.tls_address().expect("api-ssl").port().to_string();
    let app = Desktop::start().await;
    app.click("#nav-routers").await;
    app.click("#new-router").await;
    app.fill("#router-name", "Tower TLS").await;
    app.fill("#router-host", "127.0.0.1").await;
    app.fill("#router-port", &tls_port).await;
    app.click("#router-use_tls").await;
    app.fill("#router-username", "billing").await;
    app.fill("#router-password", "api-pw").await;
    app.click("#router-save").await;
    app.wait_for_text("#notice", "Saved 'Tower TLS'").await;
    app.click("#test-router-1").await;
    app.wait_for_text("#notice", "Tower TLS is online").await;

    // The router now presents another certificate than the one tikbill pinned.
    let old = "ab".repeat(32);
    let db = tikbill_core::db::open(&app.database_url())
        .await
        .expect("the app's database");
    db.execute_raw(Statement::from_string(
        DbBackend::Sqlite,
        format!("UPDATE routers SET tls_fingerprint = '{old}' WHERE id = 1"),
    ))
    .await
    .expect("the pin is replaced");
    app.click("#test-router-1").await;
    let dialog = app
        .wait_for_text(
            "#certificate-change",
            "Tower TLS presented a different certificate",
        )
        .await;
    let grouped = |hex: &str| {
        hex.as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).to_uppercase())
            .collect::<Vec<_>>()
            .join(":")
    };
    assert_eq!(app.text("#pinned-fingerprint").await, grouped(&old));
    assert_eq!(
        app.text("#presented-fingerprint").await,
        grouped(&real.to_string()),
        "the fingerprint the router presents: {dialog}"
    );
    app.screenshot("certificate-change").await;

    app.click("#trust-certificate").await;
    app.wait_for_text("#notice", "Tower TLS is trusted with its new certificate.")
        .await;
    app.click("#test-router-1").await;
    app.wait_for_text("#notice", "Tower TLS is online").await;
    let _ = app.stop().await;
}
