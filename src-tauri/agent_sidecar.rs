//! The bundled `tikbill-agent` sidecar: started with the app on the same database and password
//! store, so schedules (router health every 5 minutes, later expiry and reports) run while the
//! app is open; stopped when the app exits. On a server the same binary runs on its own.
//! The agent also stops when the pipe the app holds to its standard input closes, so an app that
//! is killed or crashes leaves no orphan behind. `TIKBILL_AGENT=off` keeps it from starting (e.g. when a server's agent already runs the jobs).

use std::ffi::OsString;
use std::path::Path;
use std::sync::Mutex;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_shell::process::{CommandChild, CommandEvent};
use tauri_plugin_shell::ShellExt;
use tikbill_core::db::DATABASE_URL_ENV;
use tikbill_core::secret_store::{SecretStoreKind, SECRET_STORE_ENV};

/// How the sidecar is started: its arguments and the environment it gets. The database URL
/// goes in the environment (`TIKBILL_DATABASE_URL`), never on the command line, where `ps`
/// would show a PostgreSQL password to every user of the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentLaunch {
    pub args: Vec<OsString>,
    pub env: Vec<(String, String)>,
}

impl AgentLaunch {
    pub fn new(database_url: &str, data_dir: &Path, secrets: SecretStoreKind) -> Self {
        let store = match secrets {
            SecretStoreKind::File => "file",
            SecretStoreKind::Keyring => "keyring",
        };
        Self {
            args: vec![
                "--data-dir".into(),
                data_dir.as_os_str().to_owned(),
                "run".into(),
                "--stop-when-stdin-closes".into(),
            ],
            env: vec![
                (DATABASE_URL_ENV.into(), database_url.into()),
                (SECRET_STORE_ENV.into(), store.into()),
            ],
        }
    }
}

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
    let launch = AgentLaunch::new(database_url, &data_dir, secrets);
    let spawned = app
        .shell()
        .sidecar("tikbill-agent")
        .and_then(|cmd| cmd.args(launch.args).envs(launch.env).spawn());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_url_goes_in_the_environment_not_on_the_command_line() {
        let url = "postgres://billing:s3cret@db.office/tikbill";
        let launch = AgentLaunch::new(url, Path::new("/data/tikbill"), SecretStoreKind::File);
        let args: Vec<String> = launch
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--data-dir",
                "/data/tikbill",
                "run",
                "--stop-when-stdin-closes"
            ],
            "no --database and nothing of the URL among the arguments `ps` shows"
        );
        assert!(
            launch
                .env
                .contains(&("TIKBILL_DATABASE_URL".to_string(), url.to_string())),
            "the agent reads the URL from TIKBILL_DATABASE_URL: {:?}",
            launch.env
        );
        assert!(
            launch
                .env
                .contains(&("TIKBILL_SECRET_STORE".to_string(), "file".to_string())),
            "and where the passwords are"
        );
    }
}
