use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::desktop::Desktop;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_a_router_in_the_window_and_see_it_go_online() {
    let mut config = EmulatorConfig::new("billing", "api-pw");
    config.identity = "Tower-1".into();
    let emulator = Emulator::start(config)
        .await
        .expect("the RouterOS emulator listens on loopback");
    let port = emulator.address().port().to_string();
    // A router that is switched off: nothing listens on its port.
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a port")
        .port()
        .to_string();

    let app = Desktop::start().await;
    app.click("#nav-routers").await;
    let agents = app.processes_with("tikbill-agent");
    assert_eq!(
        agents.len(),
        1,
        "the app started its agent sidecar on its own data: {agents:?}"
    );
    assert!(app.text("#routers-empty").await.contains("No routers yet"));

    for (name, port, password) in [
        ("Tower 1", port.as_str(), "api-pw"),
        ("Tower 2 (off)", dead_port.as_str(), "x"),
    ] {
        app.click("#new-router").await;
        app.fill("#router-name", name).await;
        app.fill("#router-host", "127.0.0.1").await;
        app.fill("#router-port", port).await;
        app.fill("#router-username", "billing").await;
        app.fill("#router-password", password).await;
        app.click("#router-save").await;
        app.wait_for_text("#notice", &format!("Saved '{name}'"))
            .await;
    }
    app.wait_for_text("#router-row-1 .status", "Not checked")
        .await;

    app.click("#test-router-1").await;
    let notice = app.wait_for_text("#notice", "Tower 1 is online").await;
    assert!(
        notice.contains("Tower-1 running RouterOS"),
        "the test shows identity and version: {notice}"
    );
    app.wait_for_text("#router-row-1 .status", "Online").await;

    app.click("#check-routers").await;
    app.wait_for_text("#notice", "Checked 2 routers: 1 online, 1 offline.")
        .await;
    let offline = app.wait_for_text("#router-row-2", "Offline").await;
    assert!(
        offline.contains("refused the connection"),
        "the row says why it is offline: {offline}"
    );

    app.click("#log-router-1").await;
    let log = app
        .wait_for_text("#router-log", "/system/resource/print")
        .await;
    assert!(
        log.contains("/login") && !log.contains("api-pw"),
        "the log shows commands, never the password: {log}"
    );
    app.screenshot("routers").await;

    app.click("#nav-settings").await;
    let store = app.wait_for_text("#secret-store", "password file").await;
    assert!(
        store.contains("TIKBILL_SECRET_STORE=file"),
        "Settings say the file was chosen explicitly: {store}"
    );
    assert_eq!(app.text("#db-kind").await, "SQLite (this computer)");
    app.screenshot("settings").await;
    app.click("#nav-dashboard").await;
    app.wait_for_text("#tile-profiles", "0").await;

    let url = app.database_url();
    let data_dir = app.stop().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::path::Path::new(&format!("/proc/{}", agents[0])).exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the sidecar stops when the app closes"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let db = tikbill_core::db::open(&url)
        .await
        .expect("the app's database");
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &db,
        sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT value FROM settings WHERE key = 'agent.job.health.last_run'",
        ),
    )
    .await
    .expect("query");
    assert!(
        row.is_some(),
        "the sidecar ran its catch-up health check on the app's database"
    );
    let secrets = std::fs::read_to_string(
        data_dir
            .path()
            .join("data/com.tikbill.desktop/secrets.json"),
    )
    .expect("the explicit password file in the app's data directory");
    assert!(
        secrets.contains("api-pw"),
        "the password went to the password file"
    );
    emulator.stop().await;
}
