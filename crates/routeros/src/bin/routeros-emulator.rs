//! `routeros-emulator`: an emulated MikroTik router on loopback, for tests and demos.
//!
//! ```text
//! routeros-emulator --listen 127.0.0.1:8728 --user admin --password secret
//!     [--latency-ms 20] [--commands-per-second 300] [--identity NAME] [--legacy-login]
//!     [--fault silent|drop-mid-reply|endless-sentence] [--clock-follows-system]
//! ```
//!
//! The emulated clock starts at 2025-01-01 00:00:00 and stands still (API clients may set it).
//! With `--clock-follows-system` it follows this machine's UTC time instead, once a second,
//! and runs one-shot scheduler entries as their start passes (each run is printed; a failed
//! script also goes to stderr and the router's `/log`).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use tikbill_routeros::emulator::{Emulator, EmulatorConfig, Fault};

const USAGE: &str = "usage: routeros-emulator --listen ADDR:PORT --user U --password P \
[--latency-ms N] [--commands-per-second N] [--identity NAME] [--legacy-login] \
[--fault silent|drop-mid-reply|endless-sentence] [--clock-follows-system]";

/// The command line: how to start the emulator, and what to do with its clock.
struct Options {
    config: EmulatorConfig,
    clock_follows_system: bool,
}

fn main() -> ExitCode {
    let Options {
        config,
        clock_follows_system,
    } = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
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
        let stop = tokio::signal::ctrl_c();
        tokio::pin!(stop);
        let mut ticks = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = ticks.tick(), if clock_follows_system => follow_system_clock(&emulator),
            }
        }
        emulator.stop().await;
        ExitCode::SUCCESS
    })
}

/// Sets the emulated clock to the machine's UTC time and reports the entries that ran.
fn follow_system_clock(emulator: &Emulator) {
    for run in emulator.sync_clock(SystemTime::now()) {
        match run.outcome {
            Ok(()) => println!("ran scheduler entry {} ({})", run.name, run.id),
            Err(error) => eprintln!(
                "routeros-emulator: scheduler entry {} ({}) failed: {error}",
                run.name, run.id
            ),
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut listen: Option<SocketAddr> = None;
    let mut user = None;
    let mut password = None;
    let mut config = EmulatorConfig::new("", "");
    let mut clock_follows_system = false;
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
            "--commands-per-second" => {
                let text = value("--commands-per-second")?;
                let rate: u32 = text
                    .parse()
                    .ok()
                    .filter(|rate| *rate > 0)
                    .ok_or_else(|| format!("bad rate {text:?}"))?;
                config.service_time = Duration::from_secs(1) / rate;
            }
            "--identity" => config.identity = value("--identity")?,
            "--legacy-login" => config.legacy_login = true,
            "--fault" => {
                config.fault = Some(match value("--fault")?.as_str() {
                    "silent" => Fault::Silent,
                    "drop-mid-reply" => Fault::DropMidReply,
                    "endless-sentence" => Fault::EndlessSentence,
                    other => return Err(format!("unknown fault {other:?}")),
                });
            }
            "--clock-follows-system" => clock_follows_system = true,
            "-h" | "--help" => return Err("help".into()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    config.listen = listen.ok_or("--listen is required")?;
    config.user = user.ok_or("--user is required")?;
    config.password = password.ok_or("--password is required")?;
    Ok(Options {
        config,
        clock_follows_system,
    })
}
