//! The tasks themselves.

use std::fs;
use std::process::Command;

use anyhow::{Context, Result};

use crate::process::{cargo, root};
use crate::setup::{self, Purpose};

/// Builds the Sycamore UI to WASM and lays out ui/dist for the Tauri webview.
pub fn ui(release: bool) -> Result<()> {
    let mut build = cargo();
    build.args([
        "build",
        "-p",
        "tikbill-ui",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if release {
        build.arg("--release");
    }
    crate::process::run(&mut build)?;
    let profile = if release { "release" } else { "debug" };
    let wasm = crate::process::target_dir()
        .join(format!("wasm32-unknown-unknown/{profile}/tikbill-ui.wasm"));
    let dist = root().join("ui/dist");
    fs::create_dir_all(&dist).context("create ui/dist")?;
    // No wasm-opt: Debian's binaryen 108 produces a module that fails at run time.
    crate::process::run(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "tikbill-ui",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(&wasm),
    )?;
    for file in ["index.html", "boot.js", "style.css"] {
        fs::copy(root().join("ui").join(file), dist.join(file))
            .with_context(|| format!("copy ui/{file}"))?;
    }
    fs::copy(root().join("icons/128x128.png"), dist.join("icon.png")).context("copy the icon")?;
    Ok(())
}

/// Builds the agent sidecar and puts it where Tauri's bundler and build script look for it:
/// `binaries/tikbill-agent-<target triple>` (Tauri's `externalBin`).
pub fn sidecar(release: bool) -> Result<()> {
    let mut build = cargo();
    build.args(["build", "-p", "tikbill-agent", "--bin", "tikbill-agent"]);
    if release {
        build.arg("--release");
    }
    crate::process::run(&mut build)?;
    let triple = crate::process::first_line(Command::new("rustc").args(["--print", "host-tuple"]))
        .filter(|t| !t.is_empty())
        .context("rustc did not say its host target")?;
    let exe = if cfg!(windows) { ".exe" } else { "" };
    let profile = if release { "release" } else { "debug" };
    let built = crate::process::target_dir().join(format!("{profile}/tikbill-agent{exe}"));
    let dir = root().join("binaries");
    fs::create_dir_all(&dir).context("create binaries/")?;
    fs::copy(&built, dir.join(format!("tikbill-agent-{triple}{exe}")))
        .context("place the sidecar")?;
    Ok(())
}

pub fn app(args: &[String]) -> Result<()> {
    setup::prepare(Purpose::Run)?;
    ui(false)?;
    sidecar(false)?;
    let mut app = cargo();
    app.args(["run", "-p", "tikbill", "--"]).args(args);
    crate::process::run(&mut app)
}

pub fn test(args: &[String]) -> Result<()> {
    let ci = std::env::var_os("CI").is_some();
    setup::prepare(Purpose::Test)?;
    let postgres = setup::postgres(ci)?;
    ui(false)?;
    sidecar(false)?;
    let python = setup::python();
    let with_env = |cmd: &mut Command| {
        cmd.env("TIKBILL_PYTHON", &python);
        if postgres {
            // It answered once: from here on a failure to reach it is a failure, not a skip.
            cmd.env("TIKBILL_REQUIRE_POSTGRES", "1");
        }
    };
    crate::process::run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    // One feature set for clippy and every test (the end-to-end test included), so nothing is
    // compiled twice.
    crate::process::run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--features",
        "tikbill/e2e",
        "--",
        "-D",
        "warnings",
    ]))?;
    // Every test: unit, databases, IPC, views, RouterOS, agent, and the end-to-end test that
    // drives the real app in a real WebKit window (it starts its own Xvfb).
    let mut tests = cargo();
    tests
        .args(["test", "--workspace", "--features", "tikbill/e2e"])
        .args(args);
    with_env(&mut tests);
    let totals = crate::process::run_counting_tests(&mut tests)?;
    println!(
        "\nall tests: {} passed, {} failed",
        totals.passed, totals.failed
    );
    Ok(())
}

pub fn bench(args: &[String]) -> Result<()> {
    // The core links the keyring's D-Bus library: a bare machine needs the packages first.
    setup::prepare(Purpose::Run)?;
    let mut bench = cargo();
    bench.args(["bench", "--workspace"]).args(args);
    crate::process::run(&mut bench)
}
