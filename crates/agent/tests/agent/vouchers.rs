//! `vouchers generate|list|export-csv` through the binary, bad input refused on one line with
//! nothing made, a batch printed to a PDF sheet, and `run` pushing the cards to the router and
//! reading them back as on it.

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use tikbill_core::voucher::CSV_COLUMNS;

use crate::customers::monthly;
use crate::support::{count, emulator, wait_for, AgentCli, Password};

const PLAN: &str = "Monthly 10M";
const ROUTER: &str = "Tower Cards";

/// The cards `vouchers list` prints for these extra arguments.
async fn listed(agent: &AgentCli, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut line = vec!["vouchers", "list"];
    line.extend_from_slice(extra);
    let out = agent.run(&line, Password::Missing).await;
    out.json("vouchers list")
        .as_array()
        .unwrap_or_else(|| panic!("vouchers list prints an array: {out:?}"))
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_is_generated_listed_exported_and_pushed_to_its_router() {
    let router = emulator(ROUTER).await;
    let agent = AgentCli::new();
    agent.add_router(ROUTER, &router).await;
    monthly(&agent).await;

    let out = agent
        .run(
            &[
                "vouchers", "generate", "--plan", PLAN, "--count", "25", "--router", ROUTER,
            ],
            Password::Missing,
        )
        .await;
    let batch = out.json("vouchers generate");
    let id = batch["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("the batch has an id: {out:?}"));
    assert_eq!(
        (
            batch["count"].as_u64(),
            batch["plan"].as_str(),
            batch["price"].as_str(),
            batch["code_length"].as_u64(),
            batch["time_mode"].as_str()
        ),
        (
            Some(25),
            Some(PLAN),
            Some("150000"),
            Some(12),
            Some("first_login")
        ),
        "the plan's price, 12 characters, time from the first login by default: {batch}"
    );
    assert_eq!(batch["routers"], serde_json::json!([ROUTER]), "{batch}");
    assert!(
        out.stderr
            .contains(&format!("Batch #{id}: 25 cards of '{PLAN}'"))
            && out.stderr.trim_end().lines().count() == 1,
        "one line for people: {out:?}"
    );

    let id_text = id.to_string();
    let cards = listed(&agent, &["--batch", &id_text]).await;
    assert_eq!(cards.len(), 25);
    let codes: HashSet<&str> = cards.iter().filter_map(|c| c["code"].as_str()).collect();
    assert_eq!(codes.len(), 25, "25 unique codes: {cards:?}");
    assert!(codes.iter().all(|c| c.len() == 12), "{codes:?}");
    assert!(
        cards.iter().all(|c| c["state"] == "created"),
        "not on the router yet: {cards:?}"
    );
    assert_eq!(
        listed(&agent, &["--batch", &id_text, "--state", "created"])
            .await
            .len(),
        25
    );
    assert!(listed(&agent, &["--state", "on_router"]).await.is_empty());

    let csv = agent
        .run(
            &["vouchers", "export-csv", "--batch", &id_text],
            Password::Missing,
        )
        .await;
    assert!(csv.status.success(), "export-csv: {csv:?}");
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines.len(), 26, "a header and 25 cards: {csv:?}");
    assert_eq!(lines[0], CSV_COLUMNS.join(","));
    let exported: HashSet<&str> = lines[1..]
        .iter()
        .filter_map(|l| l.split(',').nth(2))
        .collect();
    assert_eq!(exported, codes, "the same cards, code in the third column");
    assert!(
        csv.stderr.contains(&format!("25 cards of batch #{id}.")),
        "{csv:?}"
    );

    // Bad input: one line, a non-zero exit, and nothing made.
    let pdf = agent.data_dir().join("cards.pdf");
    let pdf_path = pdf.display().to_string();
    let missing_dir = agent
        .data_dir()
        .join("no-such-folder/cards.pdf")
        .display()
        .to_string();
    let generate = |extra: &[&str]| {
        let mut line = vec!["vouchers", "generate"];
        line.extend_from_slice(extra);
        line.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            generate(&["--plan", "Gold", "--count", "5", "--router", ROUTER]),
            "There is no plan named 'Gold' (plans: Monthly 10M).",
        ),
        (
            generate(&["--plan", PLAN, "--count", "5", "--router", "Tower 9"]),
            "There is no router named 'Tower 9'.",
        ),
        (
            generate(&["--plan", PLAN, "--count", "0", "--router", ROUTER]),
            "--count: '0' is not a number of cards: give 1 to 50000",
        ),
        (
            generate(&["--plan", PLAN, "--count", "many", "--router", ROUTER]),
            "--count: 'many' is not a number of cards: give 1 to 50000",
        ),
        (
            generate(&["--plan", PLAN, "--count", "50001", "--router", ROUTER]),
            "give 1 to 50000",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--pdf", &pdf_path,
                "--layout", "a5",
            ]),
            "--layout: 'a5' is not a layout: use a4, letter, avery-l7160, avery-5160, thermal-58, thermal-80",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--pdf", &pdf_path,
            ]),
            "--pdf needs --layout",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--layout", "a4",
            ]),
            "--layout goes with --pdf FILE",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--pdf", &missing_dir,
                "--layout", "a4",
            ]),
            "the folder of",
        ),
        (
            // A place nobody can write (not even root): refused before any batch is made.
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--pdf", "/proc/cards.pdf",
                "--layout", "a4",
            ]),
            "--pdf: /proc/cards.pdf cannot be written",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--mode", "weekly",
            ]),
            "--mode: 'weekly' is not a mode: use first-login, usage-time or fixed-date",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--valid-until", "2020-01-01",
            ]),
            "That day is over",
        ),
        (
            generate(&[
                "--plan", PLAN, "--count", "5", "--router", ROUTER, "--length", "4",
            ]),
            "A code has 6 to 16 random characters.",
        ),
        (
            vec!["vouchers".into(), "list".into(), "--state".into(), "lost".into()],
            "--state: 'lost' is not a card state: use created, on_router, issued, sold, in_use, used_up, expired, returned, revoked, redeemed",
        ),
        (
            vec!["vouchers".into(), "list".into(), "--batch".into(), "999".into()],
            "Voucher batch #999 does not exist.",
        ),
        (
            vec!["vouchers".into(), "export-csv".into(), "--batch".into(), "x".into()],
            "--batch: 'x' is not a batch id",
        ),
    ];
    for (line, words) in cases {
        let args: Vec<&str> = line.iter().map(String::as_str).collect();
        agent
            .run(&args, Password::Missing)
            .await
            .refused(&args.join(" "), words);
    }
    assert!(!pdf.exists(), "no sheet written");
    let db = agent.sqlite().await;
    assert_eq!(
        (
            count(&db, "SELECT COUNT(*) FROM voucher_batches").await,
            count(&db, "SELECT COUNT(*) FROM vouchers").await
        ),
        (1, 25),
        "refused batches leave nothing behind"
    );

    // A batch with its sheet: the batch's JSON, then the PDF written.
    let line = generate(&[
        "--plan",
        PLAN,
        "--count",
        "5",
        "--router",
        ROUTER,
        "--pdf",
        &pdf_path,
        "--layout",
        "avery-l7160",
    ]);
    let args: Vec<&str> = line.iter().map(String::as_str).collect();
    let printed = agent.run(&args, Password::Missing).await;
    let second = printed.json("vouchers generate --pdf");
    assert_eq!(second["count"], 5, "{second}");
    assert!(
        printed.stderr.contains("Wrote 5 cards on avery-l7160 to "),
        "{printed:?}"
    );
    let bytes = std::fs::read(&pdf).expect("the sheet was written");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    let second_id = second["id"].as_i64().expect("an id").to_string();
    let second_cards = listed(&agent, &["--batch", &second_id]).await;

    // `run` pushes the cards to the router, then its `vouchers` job sees them there.
    let mut child = agent
        .command(&[
            "run",
            "--provisioning-every-secs",
            "1",
            "--vouchers-every-secs",
            "1",
            "--health-every-secs",
            "3600",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the agent starts");
    wait_for(
        "30 hotspot users on the router",
        Duration::from_secs(30),
        async || router.rows("/ip/hotspot/user").len() == 30,
    )
    .await;
    let on_router = "SELECT COUNT(*) FROM vouchers WHERE state = 'on_router'";
    wait_for(
        "the cards seen on their router",
        Duration::from_secs(30),
        async || count(&db, on_router).await == 30,
    )
    .await;
    wait_for(
        "the vouchers job's record",
        Duration::from_secs(10),
        async || {
            count(
                &db,
                "SELECT COUNT(*) FROM settings WHERE key = 'agent.job.vouchers.last_run'",
            )
            .await
                == 1
        },
    )
    .await;
    child.start_kill().expect("stop");
    child.wait().await.expect("reaped");

    let users: HashSet<String> = router
        .rows("/ip/hotspot/user")
        .iter()
        .filter_map(|u| u.get("name").map(str::to_string))
        .collect();
    let mut codes: HashSet<String> = codes.into_iter().map(String::from).collect();
    codes.extend(
        second_cards
            .iter()
            .filter_map(|c| c["code"].as_str().map(String::from)),
    );
    assert_eq!(
        (users.len(), users),
        (30, codes),
        "every card of both batches is a hotspot user, and nothing else"
    );
    let on = listed(&agent, &["--state", "on_router"]).await;
    assert_eq!(on.len(), 30, "`list --state on_router` shows them");
    let first = listed(&agent, &["--batch", &id_text, "--state", "on_router"]).await;
    assert_eq!(first.len(), 25, "the first batch's 25 among them");
}
