use crate::support::{emulator, silent_emulator, AgentCli, Password};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_online_and_offline_routers_and_exits_zero() {
    let online = emulator("Tower Up").await;
    let silent = silent_emulator().await;
    let agent = AgentCli::new();
    agent.add_router("Up", &online).await;
    agent.add_router("Silent", &silent).await;

    let started = std::time::Instant::now();
    let out = agent
        .run(&["health", "--timeout-secs", "1"], Password::Missing)
        .await;
    let checks = out.json("health with an offline router (offline is data, not an error)");
    assert!(
        started.elapsed().as_secs() < 20,
        "the silent router costs its timeout, not more: {:?}",
        started.elapsed()
    );
    let checks = checks.as_array().expect("an array of checks");
    assert_eq!(checks.len(), 2, "one check per router: {checks:?}");
    let (silent_check, up_check) = (&checks[0], &checks[1]);
    assert_eq!(silent_check["name"], "Silent", "sorted by name: {checks:?}");
    assert!(
        silent_check["report"].is_null(),
        "the silent router has no report: {silent_check}"
    );
    assert!(
        silent_check["error"]
            .as_str()
            .is_some_and(|e| e.contains("did not answer in time")),
        "the silent router timed out: {silent_check}"
    );
    assert_eq!(
        up_check["report"]["identity"], "Tower Up",
        "the online router reported: {up_check}"
    );
    assert!(up_check["error"].is_null(), "{up_check}");
    assert_eq!(
        out.stderr.trim_end(),
        "2 routers: 1 online, 1 offline",
        "a one-line summary on stderr"
    );

    let listed = agent
        .run(&["routers", "list"], Password::Missing)
        .await
        .json("routers list");
    let statuses: Vec<(&str, &str)> = listed
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("Silent", "offline"), ("Up", "online")],
        "the results were stored"
    );
}
