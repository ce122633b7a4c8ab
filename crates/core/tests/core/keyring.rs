//! Router passwords through the real OS keyring on Linux: GNOME Keyring's Secret Service on a
//! private D-Bus session bus (`dbus-run-session`), the way a Linux desktop has it. The test runs
//! itself again inside that session. Where `dbus-run-session` or `gnome-keyring-daemon` is
//! missing it says so and passes, except in CI (`CI=true`), which must have them (`cargo xtask`
//! installs the Debian packages `dbus-daemon` and `gnome-keyring`).

use std::path::Path;
use std::process::Command;

use tikbill_api::{ApiError, ErrorCode};
use tikbill_core::secret_store::{KeyringSecretStore, SecretStore, SecretStoreError};
use tikbill_core::CoreError;
use tikbill_routeros::Secret;

/// Set in the copy of the test that runs inside the session.
const INSIDE_SESSION: &str = "TIKBILL_TEST_INSIDE_KEYRING_SESSION";
/// Set in the copy of the test that runs with no session bus at all.
const WITHOUT_BUS: &str = "TIKBILL_TEST_WITHOUT_SESSION_BUS";

/// Unlocks (creating) a login keyring with a throwaway password, then runs the test binary.
const SESSION_SCRIPT: &str = "printf 'throwaway-test-password' | gnome-keyring-daemon --unlock \
     --components=secrets >/dev/null && exec \"$1\" --exact \"$2\" --nocapture --test-threads=1";

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// Runs this test binary's test `name` again, with `configure` setting up its process.
fn run_again(name: &str, configure: impl FnOnce(&mut Command) -> &mut Command) -> String {
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut command = Command::new(&exe);
    command.args(["--exact", name, "--nocapture", "--test-threads=1"]);
    let out = configure(&mut command)
        .output()
        .expect("the test binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{name} inside: {text}");
    text
}

fn private_dirs(home: &Path, command: &mut Command) {
    let runtime = home.join("run");
    std::fs::create_dir_all(&runtime).expect("a runtime directory");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
            .expect("a private runtime directory");
    }
    command
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", runtime);
}

#[test]
fn router_passwords_round_trip_through_the_secret_service() {
    const NAME: &str = "keyring::router_passwords_round_trip_through_the_secret_service";
    if std::env::var_os(INSIDE_SESSION).is_some() {
        let store = KeyringSecretStore::new(format!("tikbill-test-{}", std::process::id()));
        assert!(store.get("router-1").expect("read").is_none(), "none yet");
        store
            .set("router-1", &Secret::new("s3cret-pw"))
            .expect("saved in the keyring");
        assert_eq!(
            store
                .get("router-1")
                .expect("read")
                .map(|s| s.expose().to_string()),
            Some("s3cret-pw".into()),
            "read back from the keyring"
        );
        store.delete("router-1").expect("deleted");
        assert!(store.get("router-1").expect("read").is_none(), "gone");
        println!("keyring round trip done");
        return;
    }
    let missing: Vec<&str> = ["dbus-run-session", "gnome-keyring-daemon"]
        .into_iter()
        .filter(|tool| !on_path(tool))
        .collect();
    if !missing.is_empty() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI must test the real keyring, but {missing:?} is not installed (cargo xtask \
             installs dbus-daemon and gnome-keyring)"
        );
        eprintln!("the real keyring was not tested: {missing:?} is not installed");
        return;
    }
    let home = tempfile::tempdir().expect("a home for the keyring");
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut session = Command::new("dbus-run-session");
    session
        .args(["--", "sh", "-c", SESSION_SCRIPT, "sh"])
        .arg(&exe)
        .arg(NAME)
        .env(INSIDE_SESSION, "1")
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    private_dirs(home.path(), &mut session);
    let out = session.output().expect("dbus-run-session runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("keyring round trip done"),
        "saved, read and deleted through GNOME Keyring: {text}"
    );
}

#[test]
fn no_secret_service_is_keyring_unavailable_with_its_own_error_code() {
    const NAME: &str = "keyring::no_secret_service_is_keyring_unavailable_with_its_own_error_code";
    if std::env::var_os(WITHOUT_BUS).is_some() {
        let store = KeyringSecretStore::new("tikbill-test-no-bus");
        let refused = store.set("router-1", &Secret::new("pw"));
        assert!(
            matches!(refused, Err(SecretStoreError::KeyringUnavailable(_))),
            "no session bus: {refused:?}"
        );
        let api = ApiError::from(CoreError::from(refused.expect_err("refused")));
        assert_eq!(api.code, ErrorCode::KeyringUnavailable, "{api:?}");
        assert!(
            api.message.contains("owner-only file"),
            "the message names the way out: {}",
            api.message
        );
        println!("no keyring, said so");
        return;
    }
    let home = tempfile::tempdir().expect("a home");
    let text = run_again(NAME, |command| {
        private_dirs(home.path(), command);
        command.env(WITHOUT_BUS, "1").env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/tikbill-test-bus",
        )
    });
    assert!(text.contains("no keyring, said so"), "{text}");
}
