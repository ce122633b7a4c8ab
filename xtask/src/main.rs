//! `cargo xtask run | test | ui | bench`: everything a new developer needs, from a bare machine.
//!
//! - `run`: installs what is missing (Linux packages, the wasm32 target, wasm-bindgen-cli at the
//!   Cargo.lock version), builds the UI and launches the app on SQLite in the OS data directory.
//! - `test`: the same set-up plus the test tools, then every test: formatting, clippy, unit and
//!   database tests (SQLite and PostgreSQL), IPC tests, and the end-to-end test in a real window.
//! - `ui`: only builds the UI into ui/dist.
//! - `bench`: the benchmarks whose figures go into BENCHMARKS.md.

mod layering;
mod process;
mod setup;
mod tasks;

use anyhow::{bail, Result};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match task.as_str() {
        "run" => tasks::app(&rest),
        "test" => tasks::test(&rest),
        "ui" => tasks::ui(rest.iter().any(|a| a == "--release")),
        "sidecar" => tasks::sidecar(rest.iter().any(|a| a == "--release")),
        "bench" => tasks::bench(&rest),
        "" | "help" | "--help" | "-h" => {
            println!("usage: cargo xtask <run|test|ui|bench> [args]");
            println!("  run [-- app args]   set up, build the UI, launch tikbill");
            println!("  test                set up, then run every test (what CI runs)");
            println!("  ui [--release]      build the UI into ui/dist");
            println!(
                "  sidecar [--release] build tikbill-agent into binaries/ for the app to bundle"
            );
            println!("  bench [filter]      run the benchmarks (figures for BENCHMARKS.md)");
            Ok(())
        }
        other => bail!("unknown task '{other}': try cargo xtask help"),
    }
}
