//! api-ssl certificates: the first connection of any kind (the worker, a sync) pins the
//! certificate; a changed one is refused with both fingerprints until an owner accepts it; a
//! pin that cannot be read is an error, not "no pin".

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use tikbill_api::{ApiError, CertificateChange, ErrorCode};
use tikbill_core::entity::router as router_row;
use tikbill_core::sync;
use tikbill_core::CoreError;
use tikbill_routeros::emulator::TlsIdentity;
use tikbill_routeros::Fingerprint;

use super::*;

/// A certificate for the emulator's api-ssl listener, and its fingerprint.
fn certificate() -> (TlsIdentity, Fingerprint) {
    let made = rcgen::generate_simple_self_signed(vec!["router.lan".to_owned()])
        .expect("rcgen makes a self-signed certificate");
    let certificate_der = made.cert.der().to_vec();
    let fingerprint = Fingerprint::of_certificate(&certificate_der);
    let identity = TlsIdentity {
        certificate_der,
        private_key_der: made.signing_key.serialize_der(),
    };
    (identity, fingerprint)
}

/// An emulator with api-ssl, and its certificate's fingerprint.
async fn tls_emulator() -> (Emulator, Fingerprint) {
    let (identity, fingerprint) = certificate();
    let mut config = EmulatorConfig::new(API_USER, API_PASSWORD);
    config.tls = Some(identity);
    let emulator = Emulator::start(config)
        .await
        .expect("the emulator starts with api-ssl");
    (emulator, fingerprint)
}

/// The office with one api-ssl router on `emulator`'s TLS port, not yet pinned.
async fn tls_office(ctx: &Context, emulator: &Emulator) -> Office {
    let mut o = office(ctx, &[]).await;
    let input = RouterInput {
        name: "Tower TLS".into(),
        host: "127.0.0.1".into(),
        port: emulator.tls_address().expect("api-ssl").port().to_string(),
        use_tls: true,
        username: API_USER.into(),
        password: Some(API_PASSWORD.into()),
    };
    let saved = routers::create(ctx, &input).await.expect("a router");
    assert_eq!(saved.tls_fingerprint, None, "no pin before any connection");
    o.routers.push(saved.id);
    o
}

async fn stored_pin(db: &DatabaseConnection, id: i64) -> Option<String> {
    router_row::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("read")
        .expect("the router")
        .tls_fingerprint
}

async fn set_pin(db: &DatabaseConnection, id: i64, pin: &str) {
    let row = router_row::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("read")
        .expect("the router");
    let mut row: router_row::ActiveModel = row.into();
    row.tls_fingerprint = Set(Some(pin.to_string()));
    row.update(db).await.expect("write the pin");
}

async fn connect(ctx: &Context, id: i64) -> Result<(), CoreError> {
    let db = ctx.db();
    let row = router_row::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("read")
        .expect("the router");
    let client = routers::connect(db, ctx.secrets(), &row, StdDuration::from_secs(5)).await?;
    client.close();
    Ok(())
}

#[tokio::test]
async fn a_worker_first_connection_pins_the_certificate() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (router, real) = tls_emulator().await;
        let o = tls_office(&ctx, &router).await;
        let tower = o.routers[0];
        customer::create(&ctx, &customer_input("ayu", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        let report = drain(&ctx, tower).await;
        assert!(finished(&report), "{label}: {report:?}");
        assert_eq!(
            stored_pin(&db, tower).await,
            Some(real.to_string()),
            "{label}: the worker's first api-ssl connection stored the certificate's fingerprint"
        );
    })
    .await;
}

#[tokio::test]
async fn a_sync_first_connection_pins_the_certificate() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (router, real) = tls_emulator().await;
        let o = tls_office(&ctx, &router).await;
        let tower = o.routers[0];
        sync::sync_router(&ctx, tower, true, &options())
            .await
            .expect("a dry run");
        assert_eq!(
            stored_pin(&db, tower).await,
            Some(real.to_string()),
            "{label}: a sync's first api-ssl connection stored the certificate's fingerprint"
        );
    })
    .await;
}

#[tokio::test]
async fn a_changed_certificate_is_refused_with_both_fingerprints_until_trusted() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (router, real) = tls_emulator().await;
        let o = tls_office(&ctx, &router).await;
        let tower = o.routers[0];
        let (_, old) = certificate();
        set_pin(&db, tower, &old.to_string()).await;

        let refused = connect(&ctx, tower).await.err();
        let Some(CoreError::CertificateChanged {
            pinned, presented, ..
        }) = &refused
        else {
            panic!("{label}: expected a changed certificate, got {refused:?}");
        };
        assert_eq!((*pinned, *presented), (old, real), "{label}");
        let message = refused
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            message.contains(&old.to_string()) && message.contains(&real.to_string()),
            "{label}: the message shows both fingerprints: {message}"
        );
        let api = ApiError::from(refused.expect("refused"));
        assert_eq!(api.code, ErrorCode::CertificateChanged, "{label}");
        assert_eq!(
            CertificateChange::from_error(&api),
            Some(CertificateChange {
                router_id: tower,
                router_name: "Tower TLS".into(),
                pinned: old.to_string(),
                presented: real.to_string(),
            }),
            "{label}: the UI gets both fingerprints as fields"
        );
        let sync = sync::sync_router(&ctx, tower, true, &options()).await;
        assert!(
            matches!(sync, Err(CoreError::CertificateChanged { .. })),
            "{label}: sync is refused too: {sync:?}"
        );
        let check =
            tikbill_core::router::health::check_router(&ctx, tower, StdDuration::from_secs(5))
                .await
                .expect("a check is stored");
        assert_eq!(
            check.certificate_change,
            Some(CertificateChange {
                router_id: tower,
                router_name: "Tower TLS".into(),
                pinned: old.to_string(),
                presented: real.to_string(),
            }),
            "{label}: Test and Check all bring both fingerprints for the owner's decision"
        );
        assert_eq!(
            stored_pin(&db, tower).await,
            Some(old.to_string()),
            "{label}: a refused certificate does not replace the pin"
        );

        let trusted = routers::trust_certificate(&ctx, tower, &real.to_string())
            .await
            .expect("an owner accepts the new certificate");
        assert_eq!(trusted.tls_fingerprint, Some(real.to_string()), "{label}");
        assert!(
            connect(&ctx, tower).await.is_ok(),
            "{label}: after trust_certificate it connects"
        );
    })
    .await;
}

#[tokio::test]
async fn an_unreadable_pin_is_an_error_not_no_pin() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (router, _) = tls_emulator().await;
        let o = tls_office(&ctx, &router).await;
        let tower = o.routers[0];
        for broken in ["abc", &"ab".repeat(31), "not a fingerprint at all"] {
            set_pin(&db, tower, broken).await;
            let refused = connect(&ctx, tower).await;
            assert!(
                matches!(&refused, Err(CoreError::UnreadablePin { stored, .. }) if stored == broken),
                "{label}: a stored pin {broken:?} refuses the connection: {refused:?}"
            );
            assert_eq!(
                stored_pin(&db, tower).await.as_deref(),
                Some(broken),
                "{label}: and is not replaced by whatever the router presents"
            );
        }
        let refused = routers::trust_certificate(&ctx, tower, "xyz").await;
        assert!(
            matches!(refused, Err(CoreError::Validation { .. })),
            "{label}: only a fingerprint can be trusted"
        );
    })
    .await;
}
