//! Importing customers from a router's own users and from CSV files, on SQLite and PostgreSQL.

use std::collections::BTreeMap;
use std::time::Duration as StdDuration;

use tikbill_api::{
    CustomerFilter, CustomerInput, CustomerView, ImportReport, ProfileInput, RouterInput,
};
use tikbill_core::provisioning::{self, WorkerOptions};
use tikbill_core::{customer, import, profile, router as routers, Context, CoreError};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::Row;

use crate::support::{clock, context, jakarta, on_each_database};

const API_USER: &str = "billing";
const API_PASSWORD: &str = "s3cret-pw";

/// A router on an emulator, its password in a file store, and a 30-day profile.
struct Office {
    router: i64,
    monthly: i64,
}

async fn office(ctx: &Context, emulator: &Emulator) -> Office {
    jakarta(ctx).await;
    let input = RouterInput {
        name: "Tower 1".into(),
        host: "127.0.0.1".into(),
        port: emulator.address().port().to_string(),
        use_tls: false,
        username: API_USER.into(),
        password: Some(API_PASSWORD.into()),
    };
    let router = routers::create(ctx, &input).await.expect("a router").id;
    let input = ProfileInput {
        name: "Monthly 10M".into(),
        rate_limit: "5M/10M".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: "30".into(),
        duration_unit: "days".into(),
        data_limit: "".into(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    };
    let monthly = profile::create(ctx, &input).await.expect("a profile").id;
    Office { router, monthly }
}

async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::new(API_USER, API_PASSWORD))
        .await
        .expect("the emulator starts on loopback")
}

fn seed(router: &Emulator, menu: &str, pairs: &[(&str, &str)]) {
    let row: Row = pairs.iter().copied().collect();
    router
        .insert(menu, &row)
        .unwrap_or_else(|| panic!("{menu} is a menu"));
}

/// Every customer of the router, by user name.
async fn customers(ctx: &Context, router: i64) -> BTreeMap<String, CustomerView> {
    let filter = CustomerFilter {
        router_id: Some(router),
        page_size: 200,
        ..CustomerFilter::default()
    };
    customer::list(ctx, &filter)
        .await
        .expect("list")
        .items
        .into_iter()
        .map(|c| (c.username.clone(), c))
        .collect()
}

/// (row, username, reason) of each refusal.
fn refusals(report: &ImportReport) -> Vec<(&str, &str, &str)> {
    report
        .refused
        .iter()
        .map(|r| (r.row.as_str(), r.username.as_str(), r.reason.as_str()))
        .collect()
}

fn state(c: &CustomerView) -> (&str, Option<&str>, &str, &str) {
    (
        c.status.as_str(),
        c.expires_at.as_deref(),
        c.profile_name.as_str(),
        c.full_name.as_str(),
    )
}

#[tokio::test]
async fn a_routers_users_become_customers() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator().await;
        let o = office(&ctx, &router).await;
        const HOTSPOT: &str = "/ip/hotspot/user";
        const SECRETS: &str = "/ppp/secret";
        seed(
            &router,
            "/ip/hotspot/user/profile",
            &[
                ("name", "Gold"),
                ("rate-limit", "2M/4M"),
                ("shared-users", "2"),
            ],
        );
        seed(
            &router,
            "/ip/hotspot/user/profile",
            &[("name", "Unlimited")],
        );
        seed(
            &router,
            "/ppp/profile",
            &[
                ("name", "Home"),
                ("rate-limit", "1M/2M"),
                ("only-one", "yes"),
            ],
        );
        let user = |name: &str, password: &str, profile: &str, extra: &[(&str, &str)]| {
            let mut pairs = vec![("name", name), ("profile", profile)];
            if !password.is_empty() {
                pairs.push(("password", password));
            }
            pairs.extend_from_slice(extra);
            seed(&router, HOTSPOT, &pairs);
        };
        user("ani", "pw-ani", "Gold", &[("comment", "Ani Wijaya")]);
        user("bob", "pw-bob", "Gold", &[("disabled", "yes")]);
        user("cici", "", "Gold", &[]);
        user("dian", "pw-dian", "Unlimited", &[]);
        user("eka", "pw-eka", "Gold", &[]);
        // A Mikhmon comment: 2025-01-15 12:00 on the router's clock (which reads
        // 2025-01-01 00:00 at the test's 2026-11-24 08:00 UTC).
        user(
            "fajar",
            "pw-fajar",
            "Monthly 10M",
            &[("comment", "jan/15/2025 12:00:00")],
        );
        seed(
            &router,
            SECRETS,
            &[
                ("name", "gita"),
                ("password", "pw-gita"),
                ("profile", "Home"),
                ("service", "pppoe"),
                ("comment", "tikbill:77"),
            ],
        );
        seed(
            &router,
            "/system/scheduler",
            &[
                ("name", "tikbill-expire-pppoe-gita"),
                ("start-date", "2025-01-10"),
                ("start-time", "08:00:00"),
            ],
        );
        seed(
            &router,
            SECRETS,
            &[
                ("name", "hana"),
                ("password", "pw-hana"),
                ("service", "l2tp"),
            ],
        );
        let eka = CustomerInput {
            username: "eka".into(),
            password: Some("other".into()),
            full_name: "Eka Already".into(),
            phone: "".into(),
            email: "".into(),
            service_type: "hotspot".into(),
            router_id: Some(o.router),
            profile_id: Some(o.monthly),
        };
        customer::create(&ctx, &eka).await.expect("eka");

        let report = import::from_router(&ctx, o.router)
            .await
            .expect("the router is read");
        assert_eq!(
            (report.imported, report.skipped),
            (4, 1),
            "{label}: ani, bob, fajar, gita; eka is already a customer: {report:?}"
        );
        assert_eq!(
            report.profiles_created,
            ["Gold", "Home"],
            "{label}: the router's profiles tikbill lacked"
        );
        assert_eq!(
            refusals(&report),
            [
                ("hotspot user cici", "cici", import::NO_PASSWORD),
                (
                    "hotspot user dian",
                    "dian",
                    "the router's profile 'Unlimited' has no rate limit, and a tikbill \
                     profile needs one: create a profile named 'Unlimited' in tikbill first, \
                     then import again"
                ),
                (
                    "PPPoE secret hana",
                    "hana",
                    "its service is l2tp: tikbill manages PPPoE secrets only"
                ),
            ],
            "{label}"
        );

        let all = customers(&ctx, o.router).await;
        assert_eq!(
            state(&all["ani"]),
            (
                "active",
                Some("2026-12-24T08:00:00+00:00"),
                "Gold",
                "Ani Wijaya"
            ),
            "{label}: one period of the new 30-day profile from now, named by its comment"
        );
        assert_eq!(
            state(&all["bob"]),
            ("disabled", None, "Gold", "bob"),
            "{label}"
        );
        assert_eq!(
            state(&all["fajar"]),
            (
                "active",
                Some("2026-12-08T20:00:00+00:00"),
                "Monthly 10M",
                "fajar"
            ),
            "{label}: the Mikhmon date, on the router's clock"
        );
        assert_eq!(
            state(&all["gita"]),
            ("active", Some("2026-12-03T16:00:00+00:00"), "Home", "gita"),
            "{label}: the expiry entry of an earlier tikbill, not the tikbill comment"
        );
        assert_eq!(all["gita"].service_type.as_str(), "pppoe", "{label}");
        assert_eq!(
            all["eka"].full_name, "Eka Already",
            "{label}: skipped means untouched"
        );
        let gold = profile::list(&ctx)
            .await
            .expect("profiles")
            .into_iter()
            .find(|p| p.name == "Gold")
            .expect("Gold was created");
        assert_eq!(
            (
                gold.rate_limit.as_str(),
                gold.price.as_str(),
                gold.currency.as_str(),
                gold.duration_value,
                gold.shared_users
            ),
            ("2M/4M", "0", "IDR", 30, 2),
            "{label}: priced 0 in the office's currency; the office sets the price"
        );

        // Their router jobs were saved with them: the router takes tikbill's comments.
        let mut options = WorkerOptions::new("test:import");
        options.timeout = StdDuration::from_secs(5);
        let drained = provisioning::drain_router(&ctx, o.router, &options)
            .await
            .expect("drain");
        assert_eq!(
            (drained.applied, drained.refused),
            (4, 1),
            "{label}: the 4 imports; eka, made in tikbill by hand, does not take over the \
             router's own eka"
        );
        let ani = router
            .rows(HOTSPOT)
            .into_iter()
            .find(|r| r.get("name") == Some("ani"))
            .expect("ani");
        assert_eq!(
            ani.get("comment").map(str::to_string),
            Some(format!("tikbill:{}", all["ani"].id)),
            "{label}"
        );
        assert!(
            router
                .rows("/system/scheduler")
                .iter()
                .any(|r| r.get("name") == Some("tikbill-expire-hotspot-fajar")),
            "{label}: fajar's expiry is now on the router as tikbill's entry"
        );

        let again = import::from_router(&ctx, o.router).await.expect("again");
        assert_eq!(
            (again.imported, again.skipped, again.refused.len()),
            (0, 5, 3),
            "{label}: importing twice changes nothing"
        );
        router.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_csv_file_imports_row_by_row() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator().await;
        let o = office(&ctx, &router).await;
        let csv = "\
Profile,Username,Password,Full_Name,Phone,Service Type,Expiry
Monthly 10M,ayu,pw-ayu,\"Lestari, Ayu\",0812 555,hotspot,2026-12-31 18:30
Monthly 10M,budi,pw-budi,Budi,call me,pppoe,
Gold,cici,pw-cici,Cici,,,
Monthly 10M,ayu,pw-again,Ayu Again,,,
monthly 10m,dedi,pw-dedi,Dedi,,PPPoE,2026-01-01
Monthly 10M,eko,pw-eko,Eko,,,

Monthly 10M,fitri lestari,pw,Fitri,,wifi,31/12/2026
";
        let report = import::from_csv(&ctx, o.router, csv)
            .await
            .expect("the file is read");
        assert_eq!(
            (report.imported, report.skipped),
            (3, 1),
            "{label}: ayu, dedi, eko; the second ayu is skipped: {report:?}"
        );
        assert_eq!(
            refusals(&report),
            [
                (
                    "3",
                    "budi",
                    "phone: 'call me' is not a phone number: use digits, spaces and + - ( )"
                ),
                (
                    "4",
                    "cici",
                    "profile: 'Gold' is not a tikbill profile: create it first, or use one \
                     of: Monthly 10M"
                ),
                (
                    "9",
                    "fitri lestari",
                    "username: 'fitri lestari' has a space: a user name cannot contain \
                     spaces; service type: Choose hotspot or PPPoE; expiry: '31/12/2026' is \
                     not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM (Asia/Jakarta time)"
                ),
            ],
            "{label}: file lines (the header is 1, the blank line counts), every field's message"
        );
        assert!(report.profiles_created.is_empty(), "{label}");
        let all = customers(&ctx, o.router).await;
        assert_eq!(
            state(&all["ayu"]),
            (
                "active",
                Some("2026-12-31T11:30:00+00:00"),
                "Monthly 10M",
                "Lestari, Ayu"
            ),
            "{label}: a quoted comma stays in the name; 18:30 in Jakarta"
        );
        assert_eq!(all["ayu"].phone.as_deref(), Some("0812 555"), "{label}");
        assert_eq!(
            (
                all["dedi"].status.as_str(),
                all["dedi"].service_type.as_str()
            ),
            ("expired", "pppoe"),
            "{label}: an expiry in the past"
        );
        assert_eq!(
            (all["eko"].status.as_str(), all["eko"].expires_at.as_deref()),
            ("pending", None),
            "{label}: no expiry, no plan yet"
        );
        assert_eq!(
            provisioning::waiting_for(&db, all["ayu"].id)
                .await
                .expect("jobs"),
            1,
            "{label}: each imported customer has its router job"
        );

        let missing = import::from_csv(&ctx, o.router, "username,password,phone\nx,y,1\n")
            .await
            .expect_err("a file without the required columns");
        match missing {
            CoreError::Validation { summary, fields } => {
                assert_eq!(
                    summary,
                    "The file was not imported: no column is named 'full name' or 'profile'. \
                     The first line must name the columns: username, password, full name, \
                     phone, profile, service type, expiry.",
                    "{label}"
                );
                assert_eq!(fields[0].field, "csv", "{label}");
            }
            other => panic!("{label}: a validation error, not {other:?}"),
        }
        assert_eq!(
            customers(&ctx, o.router).await.len(),
            3,
            "{label}: nothing from the refused file"
        );
        router.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_csv_file_in_other_spellings_imports_its_expiry_and_names_unused_columns() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator().await;
        let o = office(&ctx, &router).await;
        // The file that imported every customer as pending and said "Imported 2, refused 0".
        let csv = "\
Login,Secret,Customer Name,MSISDN,Package,Service,expires_at,Notes
ayu,pw-ayu,Ayu,0812 555,Monthly 10M,pppoe,2026-12-31 18:30,pays cash
budi,pw-budi,Budi,,Monthly 10M,,2026-01-01,
";
        let report = import::from_csv(&ctx, o.router, csv)
            .await
            .expect("the file is read");
        assert_eq!(report.imported, 2, "{label}: {report:?}");
        assert_eq!(
            report.ignored_columns,
            ["Notes"],
            "{label}: the one column no spelling names is reported, as the file spells it"
        );
        let all = customers(&ctx, o.router).await;
        assert_eq!(
            (
                all["ayu"].status.as_str(),
                all["ayu"].expires_at.as_deref(),
                all["ayu"].service_type.as_str(),
                all["ayu"].phone.as_deref(),
            ),
            (
                "active",
                Some("2026-12-31T11:30:00+00:00"),
                "pppoe",
                Some("0812 555")
            ),
            "{label}: expires_at is the expiry, Service the service type, MSISDN the phone"
        );
        assert_eq!(
            all["budi"].status.as_str(),
            "expired",
            "{label}: an expires_at in the past"
        );
    })
    .await;
}
