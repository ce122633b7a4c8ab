use std::process::Stdio;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

use crate::support::{emulator, AgentCli};

/// Waits for the next stderr line that contains `words`, collecting everything read into `seen`.
async fn line_with(
    lines: &mut mpsc::UnboundedReceiver<String>,
    words: &str,
    seen: &mut Vec<String>,
) -> String {
    let wait = async {
        while let Some(line) = lines.recv().await {
            seen.push(line.clone());
            if line.contains(words) {
                return Some(line);
            }
        }
        None
    };
    match tokio::time::timeout(Duration::from_secs(30), wait).await {
        Ok(Some(line)) => line,
        _ => panic!(
            "the agent should log a line with '{words}' within 30 s; it said:\n{}",
            seen.join("\n")
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_checks_health_on_schedule_records_it_and_stops_cleanly_on_sigterm() {
    let router = emulator("Tower Run").await;
    let agent = AgentCli::new();
    agent.add_router("Tower Run", &router).await;
    let began = Utc::now();

    let mut child = agent
        .command(&["run", "--health-every-secs", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the agent starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (send, mut lines) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut reader = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = reader.next_line().await {
            let _ = send.send(line);
        }
    });

    let mut seen = Vec::new();
    let first = line_with(&mut lines, " health: ", &mut seen).await;
    let first_at = std::time::Instant::now();
    let second = line_with(&mut lines, " health: ", &mut seen).await;
    let gap = first_at.elapsed();
    for line in [&first, &second] {
        assert!(
            line.contains("health: 1 router: 1 online, 0 offline"),
            "one line per run with its summary: {line}"
        );
    }
    assert!(
        gap >= Duration::from_millis(500),
        "the second run waits for its interval (1 s), not back to back: {gap:?}\n{first}\n{second}"
    );

    let db = agent.sqlite().await;
    let value = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT value FROM settings WHERE key = 'agent.job.health.last_run'",
        ))
        .await
        .expect("the settings table can be read")
        .and_then(|row| row.try_get_by_index::<String>(0).ok())
        .unwrap_or_else(|| {
            panic!(
                "the health job's last run is recorded in settings; the agent said:\n{}",
                seen.join("\n")
            )
        });
    let last_run = DateTime::parse_from_rfc3339(&value)
        .unwrap_or_else(|e| panic!("'{value}' is RFC 3339: {e}"));
    assert!(value.ends_with('Z'), "stored in UTC: {value}");
    assert!(
        last_run.timestamp() >= began.timestamp() && last_run <= Utc::now(),
        "the last run ({value}) is within this test (from {began})"
    );
    let checked = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT status FROM routers WHERE name = 'Tower Run' AND last_checked_at IS NOT NULL",
        ))
        .await
        .expect("the routers table can be read")
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    assert_eq!(
        checked.as_deref(),
        Some("online"),
        "the run stored the router's health"
    );

    let pid = child.id().expect("the agent is still running").to_string();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(kill.success(), "SIGTERM was sent to {pid}");
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("the agent exits within 15 s of SIGTERM")
        .expect("the agent's exit status");
    line_with(&mut lines, "SIGTERM received, stopping.", &mut seen).await;
    line_with(&mut lines, "tikbill-agent: stopped.", &mut seen).await;
    assert!(
        status.success(),
        "a clean exit (code 0) on SIGTERM, not death by signal: {status:?}\n{}",
        seen.join("\n")
    );
    assert!(
        !seen.iter().any(|l| l.contains("panicked")),
        "no panic:\n{}",
        seen.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_stops_when_the_app_that_holds_its_stdin_goes_away() {
    let agent = AgentCli::new();
    let mut child = agent
        .command(&["run", "--stop-when-stdin-closes"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the agent starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (send, mut lines) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut reader = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = reader.next_line().await {
            let _ = send.send(line);
        }
    });
    let mut seen = Vec::new();
    line_with(&mut lines, "running on", &mut seen).await;
    // The app dies: its end of the pipe closes.
    drop(child.stdin.take());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the agent stops within 10 s of losing its app")
        .expect("exit status");
    assert!(status.success(), "a clean stop: {status:?}");
    line_with(&mut lines, "the app closed its pipe", &mut seen).await;
}
