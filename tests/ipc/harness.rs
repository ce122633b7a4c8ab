use std::sync::Arc;

use serde_json::json;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::utils::config::AppDirectoriesOverride;
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};
use tikbill_api::command::{AddStaff, Command, CreateOwner, SignIn};
use tikbill_api::StaffRole;
use tikbill_app::{with_commands, AppState};
use tikbill_core::db;
use tikbill_core::secret_store::FileSecretStore;

/// The app's commands on the mock runtime, over a fresh SQLite database.
pub struct Shell {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    url: String,
    _dir: tempfile::TempDir,
}

/// The owner account every [`Shell::new`] starts signed in as.
pub const OWNER: &str = "owner";
pub const OWNER_PASSWORD: &str = "owner-password-1";

impl Shell {
    /// The app with its owner account made and signed in, as after the first start.
    pub fn new() -> Self {
        let shell = Self::first_start();
        shell.ok::<CreateOwner>(json!({"input": {
            "username": OWNER, "name": "Owner", "password": OWNER_PASSWORD
        }}));
        shell
    }

    /// Signs in as a new account with `role` (made by the owner), for tests of what a role may
    /// do; its password is `<role>-password-1`.
    pub fn signed_in_as(role: StaffRole) -> Self {
        let shell = Self::new();
        if role != StaffRole::Owner {
            let username = role.as_str();
            let password = format!("{username}-password-1");
            shell.ok::<AddStaff>(json!({"input": {
                "username": username, "name": username, "role": role, "password": password
            }}));
            shell.ok::<SignIn>(json!({"input": {"username": username, "password": password}}));
        }
        shell
    }

    /// Adds an account `username` with `role` (the owner signed in adds it) and signs in as
    /// it; its password is `<username>-password-1`.
    pub fn add_and_sign_in(&self, role: StaffRole, username: &str) {
        let password = format!("{username}-password-1");
        self.ok::<AddStaff>(json!({"input": {
            "username": username, "name": username, "role": role, "password": password
        }}));
        self.sign_in(username, &password);
    }

    /// Signs in as `username` (whoever was signed in is replaced).
    pub fn sign_in(&self, username: &str, password: &str) {
        self.ok::<SignIn>(json!({"input": {"username": username, "password": password}}));
    }

    /// The app at its first start: no staff account yet, nobody signed in.
    pub fn first_start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = db::sqlite_url(dir.path());
        let secrets = Arc::new(FileSecretStore::new(dir.path().join("secrets.json")));
        let state = tauri::async_runtime::block_on(AppState::open(&url, secrets, None))
            .expect("the database opens")
            .with_export_dir(dir.path().join("exports"));
        // The app's own directories (settings.json, the password file) in the case's folder.
        let mut context = mock_context(noop_assets());
        context.config_mut().app.app_directories_override =
            Some(AppDirectoriesOverride::Root(dir.path().join("app")));
        let builder = mock_builder().plugin(tauri_plugin_store::Builder::default().build());
        let app = with_commands(builder)
            .build(context)
            .expect("the app builds on the mock runtime");
        app.manage(state);
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("a mock window");
        Self {
            _app: app,
            window,
            url,
            _dir: dir,
        }
    }

    /// Where the app saves exports in this case.
    pub fn export_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("exports")
    }

    /// A second connection to the app's database, with tikbill itself acting: what another
    /// office (or the agent) does on the same database meanwhile.
    pub fn elsewhere(&self) -> tikbill_core::Context {
        let db = tauri::async_runtime::block_on(db::open(&self.url)).expect("the database opens");
        tikbill_core::test_context::context(&db, &tikbill_core::FixedClock::at(chrono::Utc::now()))
    }

    /// A context on the app's database and password file, with tikbill itself acting: what
    /// `tikbill-agent` does on this computer (`gateways set`, a relay storing a delivery).
    pub fn agent(&self) -> tikbill_core::Context {
        let db = tauri::async_runtime::block_on(db::open(&self.url)).expect("the database opens");
        tikbill_core::Context::new(
            db,
            Arc::new(tikbill_core::SystemClock),
            Arc::new(FileSecretStore::new(self._dir.path().join("secrets.json"))),
            Arc::new(tikbill_core::Randomness::seeded(11)),
        )
        .acting_as(tikbill_core::Actor::agent())
    }

    /// The database's URL (the relay's inbox opens its own connection).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Invokes command `C` with `args` (JSON as the UI sends it); Err holds the error JSON.
    pub fn invoke<C: Command>(&self, args: Value) -> Result<Value, Value> {
        self.invoke_named(C::NAME, args)
    }

    /// Invokes the command called `cmd`, declared or not.
    pub fn invoke_named(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("a url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("JSON answer"))
    }

    /// Command `C`'s answer to `args`, read as its declared output type.
    pub fn ok<C: Command>(&self, args: Value) -> C::Output {
        let cmd = C::NAME;
        let value = self
            .invoke::<C>(args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"));
        serde_json::from_value(value)
            .unwrap_or_else(|e| panic!("{cmd}'s answer has the api shape: {e}"))
    }
}
