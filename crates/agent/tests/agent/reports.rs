//! `reports daily [--date]` through the binary: the day's figures as JSON with the PDF's path,
//! the PDF in the data directory's `reports` folder, a bad day refused on one line.

use crate::payments::juma;
use crate::support::{emulator, AgentCli, Password};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_report_is_written_now_and_printed_as_json() {
    let router = emulator("Tower 1").await;
    let agent = AgentCli::new();
    let router_id = agent.add_router("Tower 1", &router).await;
    juma(&agent, router_id).await;
    let paid = agent
        .run(
            &[
                "payments",
                "record",
                "--customer",
                "juma",
                "--amount",
                "500",
                "--currency",
                "KES",
                "--method",
                "cash",
            ],
            Password::Missing,
        )
        .await;
    assert!(paid.status.success(), "{paid:?}");

    let out = agent.run(&["reports", "daily"], Password::Missing).await;
    let written = out.json("reports daily");
    let figures = &written["figures"];
    assert_eq!(
        figures["day"].as_str(),
        Some(chrono::Utc::now().date_naive().to_string().as_str()),
        "today on the office's clock (UTC until the office sets one): {written}"
    );
    assert_eq!(
        figures["money"],
        serde_json::json!([{"currency": "KES", "taken": "500", "payments": 1, "reversed": "0", "reversals": 0}]),
        "{written}"
    );
    assert_eq!(figures["new_customers"], 1, "{written}");
    assert_eq!(figures["renewals"], 1, "{written}");
    assert_eq!(figures["routers_total"], 1, "{written}");
    let path = written["pdf_path"].as_str().expect("a PDF path");
    assert!(
        path.starts_with(&agent.data_dir().join("reports").display().to_string()),
        "in the data directory's reports folder: {path}"
    );
    let pdf = std::fs::read(path).expect("the PDF is there");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(
        out.stderr.contains("Daily report for") && out.stderr.trim_end().lines().count() == 1,
        "one line for people: {out:?}"
    );

    let old = agent
        .run(
            &["reports", "daily", "--date", "2026-01-01"],
            Password::Missing,
        )
        .await
        .json("reports daily --date");
    assert_eq!(old["figures"]["day"], "2026-01-01");
    assert_eq!(old["figures"]["money"], serde_json::json!([]), "{old}");

    agent
        .run(
            &["reports", "daily", "--date", "27/11/2026"],
            Password::Missing,
        )
        .await
        .refused("a day written the wrong way", "YYYY-MM-DD");
}
