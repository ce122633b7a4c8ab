//! The bundled `tikbill-agent` sidecar: started with the app on the same database and password
//! store, so schedules (router health every 5 minutes, later expiry and reports) run while the
//! app is open; stopped when the app exits. On a server the same binary runs on its own.
//! The agent also stops when the pipe the app holds to its standard input closes, so an app that
//! is killed or crashes leaves no orphan behind. `TIKBILL_AGENT=off` keeps it from starting (e.g. when a server's agent already runs the jobs).

use std::sync::Mutex;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_shell::process::{CommandChild, CommandEvent};
use tauri_plugin_shell::ShellExt;
use tikbill_core::secret_store::SecretStoreKind;

/// The running sidecar, if any.
#[derive(Default)]
pub struct AgentProcess(Mutex<Option<CommandChild>>);

/// Starts `tikbill-agent run` for this database; a failure is reported, not fatal.
pub fn start<R: Runtime>(app: &AppHandle<R>, database_url: &str, secrets: SecretStoreKind) {
    if std::env::var("TIKBILL_AGENT").as_deref() == Ok("off") {
        return;
    }
    let data_dir = match app.path().app_data_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("tikbill: the agent was not started: no data directory ({e})");
            return;
        }
    };
    let store = match secrets {
        SecretStoreKind::File => "file",
        SecretStoreKind::Keyring => "keyring",
    };
    let spawned = app.shell().sidecar("tikbill-agent").and_then(|cmd| {
        cmd.args(["--database", database_url, "--data-dir"])
            .arg(data_dir.as_os_str())
            .args(["run", "--stop-when-stdin-closes"])
            .env("TIKBILL_SECRET_STORE", store)
            .spawn()
    });
    match spawned {
        Ok((mut events, child)) => {
            // Drain its output (a full pipe would stall it) into the app's own log.
            tauri::async_runtime::spawn(async move {
                while let Some(event) = events.recv().await {
                    match event {
                        CommandEvent::Stdout(line) | CommandEvent::Stderr(line) => {
                            eprintln!("[agent] {}", String::from_utf8_lossy(&line).trim_end());
                        }
                        CommandEvent::Terminated(status) => {
                            eprintln!("[agent] stopped: {status:?}")
                        }
                        _ => {}
                    }
                }
            });
            if let Some(state) = app.try_state::<AgentProcess>() {
                *state.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
            }
        }
        Err(e) => eprintln!("tikbill: the agent sidecar could not start: {e}"),
    }
}

/// Stops the sidecar when the app exits.
pub fn stop<R: Runtime>(app: &AppHandle<R>) {
    if let Some(state) = app.try_state::<AgentProcess>() {
        if let Some(child) = state.0.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = child.kill();
        }
    }
}
