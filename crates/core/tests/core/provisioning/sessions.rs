//! Connection history from what the router shows online.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::ConnectionTrait;
use tikbill_routeros::{Client, Command, ConnectOptions, Secret};

use super::*;

/// A row of `customer_sessions`, read with plain SQL (the core's entities stay inside it).
struct SessionRow {
    address: Option<String>,
    ended_at: Option<DateTime<Utc>>,
}

async fn sessions_of(db: &DatabaseConnection, id: i64) -> Vec<SessionRow> {
    let query = Query::select()
        .columns([Alias::new("address"), Alias::new("ended_at")])
        .from(Alias::new("customer_sessions"))
        .and_where(Expr::col(Alias::new("customer_id")).eq(id))
        .order_by(Alias::new("id"), Order::Asc)
        .to_owned();
    let rows = db.query_all(&query).await.expect("sessions");
    rows.into_iter()
        .map(|row| SessionRow {
            address: row.try_get("", "address").expect("address"),
            ended_at: row.try_get("", "ended_at").expect("ended_at"),
        })
        .collect()
}

#[tokio::test]
async fn who_is_online_becomes_the_connection_history() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let mut ids = Vec::new();
        for (name, service) in [
            ("fani", "hotspot"),
            ("gilang", "pppoe"),
            ("hana", "hotspot"),
        ] {
            let c = customer::create(&ctx, &customer_input(name, service, tower, o.monthly))
                .await
                .expect("create");
            ids.push(c.id);
        }
        let fani_session = router.add_hotspot_session("fani", "10.5.50.11");
        router.add_ppp_session("gilang", "10.0.0.12");
        router.add_hotspot_session("stranger", "10.5.50.99");
        let timeout = StdDuration::from_secs(5);
        let record = || customer::record_sessions(&ctx, tower, timeout);
        assert_eq!(
            record().await.expect("record"),
            2,
            "{label}: the stranger is not ours"
        );
        let fani = sessions_of(&db, ids[0]).await;
        assert_eq!(fani.len(), 1, "{label}");
        assert_eq!(fani[0].address.as_deref(), Some("10.5.50.11"), "{label}");
        assert!(fani[0].ended_at.is_none(), "{label}: open while online");
        assert!(
            sessions_of(&db, ids[2]).await.is_empty(),
            "{label}: hana never came online"
        );

        // Five minutes later fani has logged off; gilang is still on.
        let options = ConnectOptions::plain("127.0.0.1", API_USER, Secret::new(API_PASSWORD))
            .with_port(router.address().port());
        let client = Client::connect(&options).await.expect("log in");
        client
            .run(Command::new("/ip/hotspot/active/remove").attr(".id", &fani_session))
            .await
            .expect("fani logs off");
        client.close();
        clock.advance(Duration::minutes(5));
        assert_eq!(record().await.expect("record"), 1, "{label}");
        let fani = sessions_of(&db, ids[0]).await;
        assert_eq!(
            fani[0].ended_at,
            Some(clock.now()),
            "{label}: ended when found gone"
        );
        let gilang = sessions_of(&db, ids[1]).await;
        assert_eq!(
            gilang.len(),
            1,
            "{label}: the same session continues, no new row"
        );
        assert!(gilang[0].ended_at.is_none(), "{label}");
    })
    .await;
}
