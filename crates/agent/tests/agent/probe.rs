use crate::support::{emulator, AgentCli, Password, PASSWORD, USER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_prints_the_routers_identity_version_and_uptime_as_json() {
    let router = emulator("Tower 7").await;
    let agent = AgentCli::new();
    let address = router.address().to_string();
    for password in [Password::Env(PASSWORD), Password::Stdin(PASSWORD)] {
        let out = agent
            .run(&["probe", &address, "--user", USER], password)
            .await;
        let report = out.json("probe");
        assert_eq!(
            report["identity"], "Tower 7",
            "the emulator's identity, with the password from {password:?}"
        );
        assert!(
            report["routeros_version"]
                .as_str()
                .is_some_and(|v| !v.is_empty()),
            "a version: {report}"
        );
        assert!(
            report["uptime_secs"].is_u64(),
            "the uptime in seconds: {report}"
        );
        assert!(
            report["latency_ms"].is_u64(),
            "the rest of the report too: {report}"
        );
        assert!(
            report.get("tls_fingerprint").is_none(),
            "no fingerprint without --tls: {report}"
        );
    }
    assert!(
        std::fs::read_dir(agent.data_dir())
            .expect("the data directory")
            .next()
            .is_none(),
        "probe uses no database and no password store"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_with_a_wrong_password_fails_with_the_credentials_message() {
    let router = emulator("Tower 7").await;
    let address = router.address().to_string();
    let out = AgentCli::new()
        .run(&["probe", &address, "--user", USER], Password::Env("wrong"))
        .await;
    out.refused(
        "probe with a wrong password",
        "rejected the user name or password",
    );
}

#[tokio::test]
async fn bad_input_is_a_clear_error_not_a_panic() {
    let agent = AgentCli::new();
    let check = |args: &'static [&'static str], password, words: &'static str| {
        let agent = &agent;
        async move {
            agent
                .run(args, password)
                .await
                .refused(&format!("tikbill-agent {args:?}"), words)
        }
    };
    check(
        &["probe", "nothost", "--user", "u"],
        Password::Env("pw"),
        "'nothost' is not HOST:PORT",
    )
    .await;
    check(
        &["probe", "host:99999", "--user", "u"],
        Password::Env("pw"),
        "is not a port",
    )
    .await;
    check(
        &["probe", "127.0.0.1:8728", "--user", "u"],
        Password::Missing,
        "set TIKBILL_ROUTER_PASSWORD",
    )
    .await;
    check(
        &["routers", "remove", "Nowhere"],
        Password::Missing,
        "There is no router named 'Nowhere'.",
    )
    .await;
    check(
        &[
            "routers",
            "add",
            "--name",
            "T",
            "--host",
            "10.0.0.1/24",
            "--port",
            "x",
            "--user",
            "u",
        ],
        Password::Env("pw"),
        "port: 'x' is not a port",
    )
    .await;
    check(
        &["--database", "mysql://db/x", "routers", "list"],
        Password::Missing,
        "give a sqlite:// or postgres:// URL",
    )
    .await;
}
