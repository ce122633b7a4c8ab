use crate::support::{emulator, AgentCli, Password, PASSWORD, USER};

/// Every file in `dir` except the password file, as bytes.
fn database_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .expect("the data directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "secrets.json"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("a readable file"),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routers_add_list_and_remove_round_trip_with_passwords_kept_out_of_the_database() {
    let router = emulator("Tower 1").await;
    let port = router.address().port().to_string();
    let agent = AgentCli::new();
    let add = |name: &'static str, password| {
        let (agent, port) = (&agent, port.clone());
        async move {
            agent
                .run(
                    &[
                        "routers",
                        "add",
                        "--name",
                        name,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        &port,
                        "--user",
                        USER,
                    ],
                    password,
                )
                .await
        }
    };

    let first = add("Tower 1", Password::Env(PASSWORD))
        .await
        .json("routers add with the password in the environment");
    assert_eq!(
        (first["name"].as_str(), first["status"].as_str()),
        (Some("Tower 1"), Some("unknown")),
        "{first}"
    );
    assert_eq!(
        first["port"].as_u64(),
        Some(u64::from(router.address().port())),
        "{first}"
    );
    let second = add("Tower 2", Password::Stdin("other-pw-91"))
        .await
        .json("routers add with the password on stdin");
    add("Tower 1", Password::Env(PASSWORD))
        .await
        .refused("adding a second 'Tower 1'", "already exists");

    let listed = agent
        .run(&["routers", "list"], Password::Missing)
        .await
        .json("routers list");
    let names: Vec<&str> = listed
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["Tower 1", "Tower 2"], "both routers, by name");

    let secrets: serde_json::Value = serde_json::from_slice(
        &std::fs::read(agent.data_dir().join("secrets.json"))
            .expect("the file password store was written"),
    )
    .expect("the password file is JSON");
    assert_eq!(
        secrets[format!("router-{}", first["id"])],
        PASSWORD,
        "the password is in the secrets file: {secrets}"
    );
    assert_eq!(
        secrets[format!("router-{}", second["id"])],
        "other-pw-91",
        "the stdin password too: {secrets}"
    );
    for (path, bytes) in database_files(agent.data_dir()) {
        for password in [PASSWORD, "other-pw-91"] {
            assert!(
                !bytes
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "the password must not be in {path}"
            );
        }
    }

    let out = agent
        .run(&["routers", "remove", "Tower 1"], Password::Missing)
        .await;
    assert!(
        out.status.success() && out.stderr.contains("Removed router 'Tower 1'."),
        "remove by name: {out:?}"
    );
    let listed = agent
        .run(&["routers", "list"], Password::Missing)
        .await
        .json("routers list after remove");
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(1),
        "one router left: {listed}"
    );
    let secrets =
        std::fs::read_to_string(agent.data_dir().join("secrets.json")).expect("the password file");
    assert!(
        !secrets.contains(PASSWORD),
        "the removed router's password is forgotten: {secrets}"
    );
    agent
        .run(&["routers", "remove", "Tower 1"], Password::Missing)
        .await
        .refused("removing it again", "There is no router named 'Tower 1'.");
}
