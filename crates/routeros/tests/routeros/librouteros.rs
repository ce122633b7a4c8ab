//! The emulator against librouteros, a Python RouterOS client we did not write.

use std::path::Path;
use std::process::Command as Process;

use tikbill_routeros::emulator::EmulatorConfig;

use crate::support::{start, PASSWORD, USER};

const SETUP: &str = "run `python3 -m venv target/py && target/py/bin/pip install librouteros` \
and set TIKBILL_PYTHON=target/py/bin/python";

/// `TIKBILL_PYTHON`; else the workspace's `target/py` venv if it exists; else `python3`.
fn interpreter() -> String {
    if let Ok(python) = std::env::var("TIKBILL_PYTHON") {
        return python;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/py/bin/python");
    if venv.exists() {
        return venv.display().to_string();
    }
    "python3".into()
}

async fn check_with_librouteros(config: EmulatorConfig, extra: &[&str]) {
    let emulator = start(config).await;
    let python = interpreter();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/librouteros_check.py");
    let port = emulator.address().port().to_string();
    let mut process = Process::new(&python);
    process
        .arg(&script)
        .args(["127.0.0.1", &port, USER, PASSWORD])
        .args(extra);
    let output = tokio::task::spawn_blocking(move || process.output())
        .await
        .expect("the blocking task that runs Python completes")
        .unwrap_or_else(|e| panic!("cannot run the Python interpreter {python:?} ({e}): {SETUP}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(
        output.status.code(),
        Some(3),
        "librouteros is not installed for {python:?}: {SETUP}\n{stderr}"
    );
    assert!(
        output.status.success(),
        "librouteros disagrees with the emulator ({}):\n{stderr}",
        output.status
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_client_agrees() {
    check_with_librouteros(EmulatorConfig::new(USER, PASSWORD), &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_client_agrees_on_legacy_login() {
    let config = EmulatorConfig {
        legacy_login: true,
        ..EmulatorConfig::new(USER, PASSWORD)
    };
    check_with_librouteros(config, &["legacy"]).await;
}
