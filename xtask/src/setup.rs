//! Installs or checks what building and testing tikbill needs.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::process::{first_line, has, root, run};

/// Debian/Ubuntu packages to build the app (Tauri's WebKitGTK stack).
const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "librsvg2-dev",
    // The tray icon (loaded by the tray library when the app starts).
    "libayatana-appindicator3-1",
];
/// And to test it: a virtual display, the WebKit WebDriver, fonts, PDF rendering, Python venvs,
/// and a D-Bus session with GNOME Keyring (the Secret Service the core's keyring test uses).
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "fonts-dejavu-core",
    "poppler-utils",
    "python3-venv",
    "dbus",
    "dbus-daemon",
    "gnome-keyring",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Run,
    Test,
}

pub fn prepare(purpose: Purpose) -> Result<()> {
    system_packages(purpose)?;
    wasm_target()?;
    wasm_bindgen()?;
    if purpose == Purpose::Test {
        tauri_driver()?;
        python_venv()?;
    }
    Ok(())
}

fn system_packages(purpose: Purpose) -> Result<()> {
    if cfg!(target_os = "macos") {
        eprintln!("macOS: Tauri needs the Xcode command line tools (xcode-select --install); nothing else to install.");
        return Ok(());
    }
    if cfg!(windows) {
        eprintln!("Windows: Tauri needs the MSVC build tools and WebView2 (preinstalled on Windows 10/11).");
        return Ok(());
    }
    if !has("dpkg-query") {
        eprintln!(
            "This Linux is not Debian/Ubuntu: install the equivalents of {} yourself (see tauri.app 'Prerequisites').",
            BUILD_PACKAGES.join(" ")
        );
        return Ok(());
    }
    let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
    if purpose == Purpose::Test {
        wanted.extend_from_slice(TEST_PACKAGES);
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|p| !deb_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("Installing Debian packages: {}", missing.join(" "));
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd
    };
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install)
}

fn deb_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    first_line(Command::new("id").arg("-u")).as_deref() == Some("0")
}

fn wasm_target() -> Result<()> {
    let Ok(list) = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
    else {
        bail!("rustup is needed to add the wasm32-unknown-unknown target (https://rustup.rs)");
    };
    if String::from_utf8_lossy(&list.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The wasm-bindgen version in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry")
}

fn wasm_bindgen() -> Result<()> {
    let want = locked_wasm_bindgen_version()?;
    let have = first_line(Command::new("wasm-bindgen").arg("--version"));
    if have
        .as_deref()
        .is_some_and(|v| v.split_whitespace().nth(1) == Some(want.as_str()))
    {
        return Ok(());
    }
    // Without --locked: with it, a pinned dependency is missing from the registry mirror.
    run(crate::process::cargo().args(["install", "wasm-bindgen-cli", "--version", &want]))
}

fn tauri_driver() -> Result<()> {
    if has("tauri-driver") || home_bin("tauri-driver").exists() {
        return Ok(());
    }
    run(crate::process::cargo().args(["install", "tauri-driver", "--version", "^2", "--locked"]))
}

fn home_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin").join(name)
}

/// target/py: a Python with librouteros, the independent client our RouterOS emulator is checked against.
pub fn python() -> PathBuf {
    root().join("target/py/bin/python")
}

fn python_venv() -> Result<()> {
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", "import librouteros"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return Ok(());
    }
    run(Command::new("python3").args(["-m", "venv", "target/py"]))?;
    run(Command::new(root().join("target/py/bin/pip")).args(["install", "-q", "librouteros"]))
}

/// PostgreSQL on 127.0.0.1:5432 for the database tests; started if installed but stopped.
pub fn postgres(required: bool) -> Result<bool> {
    let addr = SocketAddr::from(([127, 0, 0, 1], 5432));
    let up = || TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok();
    if up() {
        return Ok(true);
    }
    if has("pg_ctlcluster") || std::path::Path::new("/usr/bin/pg_ctlcluster").exists() {
        if let Ok(entries) = std::fs::read_dir("/etc/postgresql") {
            for version in entries.flatten() {
                let v = version.file_name().to_string_lossy().into_owned();
                let _ = run(Command::new("pg_ctlcluster").args([
                    "--skip-systemctl-redirect",
                    &v,
                    "main",
                    "start",
                ]));
            }
        }
        std::thread::sleep(Duration::from_secs(2));
        if up() {
            return Ok(true);
        }
    }
    if required {
        bail!("PostgreSQL must answer on 127.0.0.1:5432 (user postgres, trust auth, database test) for CI");
    }
    eprintln!("note: no PostgreSQL on 127.0.0.1:5432; database tests run on SQLite only");
    Ok(false)
}
