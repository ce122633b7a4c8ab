//! Real databases, a real relay on loopback, and a shop with customers on M-Pesa prices.
//!
//! Every case runs on SQLite (a new file) and on PostgreSQL (a scratch database, dropped after),
//! as the core's tests do; PostgreSQL missing fails the case under `CI`.

use std::future::Future;
use std::sync::Arc;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tikbill_api::{CustomerInput, CustomerView, ProfileInput, RouterInput};
use tikbill_core::delivery::{self, Inbox, Processed};
use tikbill_core::gateway::{relay_token, Gateways, RELAY_HOOK_TOKEN, RELAY_PULL_TOKEN};
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{customer, db, profile, router, Context, FixedClock};
use tikbill_gateway::GatewayName;
use tikbill_relay::{AcceptAll, RelayState};

/// One case's database: its connection, its URL (the inbox opens its own connection), a label.
pub struct Case {
    pub db: DatabaseConnection,
    pub url: String,
    pub label: &'static str,
}

/// Runs `case` on SQLite, then on PostgreSQL.
pub async fn on_each_database<F, Fut>(case: F)
where
    F: Fn(Case) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = db::sqlite_url(dir.path());
    let sqlite = db::open(&url).await.expect("SQLite opens");
    case(Case {
        db: sqlite.clone(),
        url,
        label: "sqlite",
    })
    .await;
    let _ = sqlite.close().await;
    if let Some(scratch) = ScratchPostgres::create("tikbill_relay")
        .await
        .expect("a scratch PostgreSQL database")
    {
        let pg = db::open(scratch.url()).await.expect("PostgreSQL opens");
        case(Case {
            db: pg.clone(),
            url: scratch.url().to_string(),
            label: "postgres",
        })
        .await;
        let _ = pg.close().await;
        scratch.drop_database().await.expect("dropped");
    }
}

/// The clock at the real now (Daraja's fake judges a push's timestamp against it).
pub fn clock() -> FixedClock {
    FixedClock::at(Utc::now())
}

/// reqwest is built without a crypto provider of its own (tikbill uses ring): the tests'
/// clients and the fakes' need it installed, as the app's HTTP client does.
pub fn install_tls() {
    let _ = Gateways::real();
}

/// A relay serving on 127.0.0.1 over the case's database.
pub struct Running {
    pub base: String,
    pub token: String,
    pub pull_token: String,
    _inbox: Inbox,
    server: tokio::task::JoinHandle<()>,
}

impl Running {
    /// `https://…/hooks/{token}/{path}` of this relay.
    pub fn hook(&self, path: &str) -> String {
        format!("{}/hooks/{}/{path}", self.base, self.token)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Starts the relay (C2B validation from the case's customers when `check` is given).
pub async fn relay(
    ctx: &Context,
    url: &str,
    check: Option<Arc<dyn tikbill_relay::C2bCheck>>,
) -> Running {
    install_tls();
    let token = relay_token(ctx, RELAY_HOOK_TOKEN).expect("the hook token");
    let pull_token = relay_token(ctx, RELAY_PULL_TOKEN).expect("the pull token");
    let inbox = Inbox::start(
        delivery::open_durable(url)
            .await
            .expect("the durable connection"),
    );
    let state = RelayState::new(
        inbox.clone(),
        ctx.db().clone(),
        Arc::new(SystemNow),
        &token,
        Some(&pull_token),
        check.unwrap_or_else(|| Arc::new(AcceptAll)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    let router = tikbill_relay::router(state);
    let server = tokio::spawn(async move {
        let _ = tikbill_relay::serve(listener, router, std::future::pending()).await;
    });
    tikbill_core::settings::set_relay_public_url(ctx, Some(&base))
        .await
        .expect("the public URL");
    Running {
        base,
        token,
        pull_token,
        _inbox: inbox,
        server,
    }
}

/// Deliveries are stamped with the wall clock, as in production.
struct SystemNow;

impl tikbill_core::Clock for SystemNow {
    fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }
}

/// Processes what is due, as the agent does after each commit.
pub async fn process(ctx: &Context, gateways: &Gateways) -> Processed {
    delivery::process_due(ctx, gateways)
        .await
        .expect("processed")
}

/// A router, a monthly plan at `price` `currency`, and customers `user0…` with phones
/// 2547000000NN.
pub async fn shop(
    ctx: &Context,
    price: &str,
    currency: &str,
    customers: usize,
) -> Vec<CustomerView> {
    let tower = router::create(
        ctx,
        &RouterInput {
            name: "Tower 1".into(),
            host: "10.8.0.2".into(),
            port: "".into(),
            use_tls: false,
            username: "billing".into(),
            password: Some("pw".into()),
        },
    )
    .await
    .expect("a router");
    let plan = profile::create(
        ctx,
        &ProfileInput {
            name: "Home 30 days".into(),
            rate_limit: "10M/5M".into(),
            price: price.into(),
            currency: currency.into(),
            duration_value: "30".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan");
    let mut made = Vec::new();
    for n in 0..customers {
        made.push(
            customer::create(
                ctx,
                &CustomerInput {
                    username: format!("user{n}"),
                    password: Some("rahasia".into()),
                    full_name: format!("User {n}"),
                    phone: format!("07000000{n:02}"),
                    email: "".into(),
                    service_type: "pppoe".into(),
                    router_id: Some(tower.id),
                    profile_id: Some(plan.id),
                },
            )
            .await
            .expect("a customer"),
        );
    }
    made
}

/// Keeps `json` as `name`'s settings.
pub fn configure(ctx: &Context, name: GatewayName, json: serde_json::Value) {
    tikbill_core::gateway::set_gateway(ctx, name, &json).expect("the settings are kept");
}

/// How many rows `table` has (optionally narrowed by `where_`).
pub async fn count(db: &DatabaseConnection, table: &str, where_: &str) -> i64 {
    let sql = if where_.is_empty() {
        format!("SELECT COUNT(*) AS n FROM {table}")
    } else {
        format!("SELECT COUNT(*) AS n FROM {table} WHERE {where_}")
    };
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("counted")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("a number")
}

/// The states and verdicts of every delivery, oldest first.
pub async fn verdicts(db: &DatabaseConnection) -> Vec<(String, String)> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT state, COALESCE(verdict, '') AS verdict FROM gateway_deliveries ORDER BY id",
        ))
        .await
        .expect("read");
    rows.into_iter()
        .map(|r| {
            (
                r.try_get::<String>("", "state").expect("state"),
                r.try_get::<String>("", "verdict").expect("verdict"),
            )
        })
        .collect()
}
