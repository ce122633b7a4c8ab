//! `customers import-csv` and `customers list`, through the binary.

use chrono::Utc;
use tikbill_api::ProfileInput;
use tikbill_core::test_context::context;
use tikbill_core::{profile, FixedClock};

use crate::support::{emulator, AgentCli, Password};

/// The 30-day profile the tests sell.
pub async fn monthly(agent: &AgentCli) {
    let db = agent.sqlite().await;
    let ctx = context(&db, &FixedClock::at(Utc::now()));
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
    profile::create(&ctx, &input).await.expect("a profile");
    db.close().await.expect("close");
}

fn usernames(page: &serde_json::Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["username"].as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_file_is_imported_and_listed() {
    let router = emulator("Tower 1").await;
    let agent = AgentCli::new();
    agent.add_router("Tower 1", &router).await;
    monthly(&agent).await;
    let file = agent.data_dir().join("people.csv");
    std::fs::write(
        &file,
        "username,password,full name,phone,profile,service type,expiry\n\
         ayu,pw-ayu,Ayu Lestari,0812 555,Monthly 10M,hotspot,\n\
         budi,pw-budi,Budi,call me,Monthly 10M,,\n\
         citra,pw-citra,\"Citra, S.\",,Monthly 10M,pppoe,2099-01-01\n",
    )
    .expect("write the file");
    let path = file.display().to_string();

    let out = agent
        .run(
            &["customers", "import-csv", &path, "--router", "Tower 1"],
            Password::Missing,
        )
        .await;
    let report = out.json("customers import-csv");
    assert_eq!(
        (report["imported"].as_u64(), report["skipped"].as_u64()),
        (Some(2), Some(0)),
        "{report}"
    );
    let refused = &report["refused"][0];
    assert_eq!(
        (
            refused["row"].as_str(),
            refused["username"].as_str(),
            refused["reason"].as_str()
        ),
        (
            Some("3"),
            Some("budi"),
            Some("phone: 'call me' is not a phone number: use digits, spaces and + - ( )")
        ),
        "{report}"
    );
    assert!(
        out.stderr.contains("Imported 2, skipped 0, refused 1.")
            && out.stderr.contains("Tower 1 confirmed 2 changes."),
        "a summary, and the router got the new accounts at once: {out:?}"
    );
    let on_router = |menu: &str| -> Vec<String> {
        router
            .rows(menu)
            .iter()
            .filter_map(|r| r.get("name").map(str::to_string))
            .collect()
    };
    assert_eq!(on_router("/ip/hotspot/user"), ["ayu"]);
    assert_eq!(on_router("/ppp/secret"), ["citra"]);

    let all = agent.run(&["customers", "list"], Password::Missing).await;
    let page = all.json("customers list");
    assert_eq!(usernames(&page), ["ayu", "citra"], "{page}");
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["items"][1]["full_name"], "Citra, S.", "{page}");
    assert!(all.stderr.contains("Customers 1–2 of 2."), "{all:?}");
    let filtered = |args: &'static [&'static str]| {
        let agent = &agent;
        async move {
            let mut line = vec!["customers", "list"];
            line.extend_from_slice(args);
            agent
                .run(&line, Password::Missing)
                .await
                .json("customers list")
        }
    };
    assert_eq!(
        usernames(&filtered(&["--status", "active"]).await),
        ["citra"]
    );
    assert_eq!(
        usernames(&filtered(&["--search", "LESTARI"]).await),
        ["ayu"]
    );
    assert_eq!(
        usernames(&filtered(&["--router", "Tower 1", "--page-size", "1", "--page", "2"]).await),
        ["citra"]
    );
    agent
        .run(
            &["customers", "list", "--router", "Nope"],
            Password::Missing,
        )
        .await
        .refused("an unknown router", "There is no router named 'Nope'.");
    agent
        .run(
            &["customers", "import-csv", &path, "--router", "Nope"],
            Password::Missing,
        )
        .await
        .refused(
            "importing onto an unknown router",
            "There is no router named 'Nope'.",
        );
}
