//! `routeros-emulator`: an emulated MikroTik router on loopback, for tests and demos.
//!
//! ```text
//! routeros-emulator --listen 127.0.0.1:8728 --user admin --password secret
//!     [--latency-ms 20] [--identity NAME] [--legacy-login] [--fault silent|drop-mid-reply]
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use tikbill_routeros::emulator::{Emulator, EmulatorConfig, Fault};

const USAGE: &str = "usage: routeros-emulator --listen ADDR:PORT --user U --password P \
[--latency-ms N] [--identity NAME] [--legacy-login] [--fault silent|drop-mid-reply]";

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("routeros-emulator: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("routeros-emulator: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let emulator = match Emulator::start(config).await {
            Ok(emulator) => emulator,
            Err(error) => {
                eprintln!("routeros-emulator: {error}");
                return ExitCode::FAILURE;
            }
        };
        println!("routeros-emulator listening on {}", emulator.address());
        // Stop on Ctrl-C (or if the signal cannot be watched).
        let _ = tokio::signal::ctrl_c().await;
        emulator.stop().await;
        ExitCode::SUCCESS
    })
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<EmulatorConfig, String> {
    let mut listen: Option<SocketAddr> = None;
    let mut user = None;
    let mut password = None;
    let mut config = EmulatorConfig::new("", "");
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                listen = Some(text.parse().map_err(|_| format!("bad address {text:?}"))?);
            }
            "--user" => user = Some(value("--user")?),
            "--password" => password = Some(value("--password")?),
            "--latency-ms" => {
                let text = value("--latency-ms")?;
                let ms = text.parse().map_err(|_| format!("bad latency {text:?}"))?;
                config.latency = Duration::from_millis(ms);
            }
            "--identity" => config.identity = value("--identity")?,
            "--legacy-login" => config.legacy_login = true,
            "--fault" => {
                config.fault = Some(match value("--fault")?.as_str() {
                    "silent" => Fault::Silent,
                    "drop-mid-reply" => Fault::DropMidReply,
                    other => return Err(format!("unknown fault {other:?}")),
                });
            }
            "-h" | "--help" => return Err("help".into()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    config.listen = listen.ok_or("--listen is required")?;
    config.user = user.ok_or("--user is required")?;
    config.password = password.ok_or("--password is required")?;
    Ok(config)
}
