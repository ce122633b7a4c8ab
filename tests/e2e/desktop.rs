//! Starting and stopping what an end-to-end test needs: a display, tauri-driver, the app.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A child process stopped with SIGTERM when dropped (SIGKILL would leave WebKitWebDriver
/// holding its port).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The running app under WebDriver control.
pub struct Desktop {
    pub client: Client,
    pub data_dir: tempfile::TempDir,
    _driver: Process,
    _display: Option<Process>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn wait_for_port(port: u16, what: &str) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What tauri-driver, WebKitWebDriver and the app write to stderr, kept in the run's data dir.
const DRIVER_LOG: &str = "driver.log";

fn driver_log(data_dir: &Path) -> Stdio {
    std::fs::File::create(data_dir.join(DRIVER_LOG)).map_or_else(|_| Stdio::null(), Stdio::from)
}

/// Our own Xvfb when no display is set, so the test runs the same from a terminal and in CI.
/// Xvfb picks a free display itself and tells us which (`-displayfd`), so parallel tests never
/// share one.
fn display() -> (Option<Process>, String) {
    if let Ok(d) = std::env::var("DISPLAY") {
        if !d.is_empty() {
            return (None, d);
        }
    }
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1920x1080x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts (Debian package xvfb; cargo xtask test installs it)");
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let n = line.trim().to_string();
    assert!(!n.is_empty(), "Xvfb did not say which display it took");
    (Some(Process(child)), format!(":{n}"))
}

fn tauri_driver() -> PathBuf {
    let on_path = Command::new("tauri-driver").arg("--help").output().is_ok();
    if on_path {
        return PathBuf::from("tauri-driver");
    }
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    home.join("bin/tauri-driver")
}

/// The owner account [`Desktop::start`] makes.
pub const OWNER: &str = "owner";
pub const OWNER_PASSWORD: &str = "owner-password-1";

impl Desktop {
    /// Starts the app on a fresh SQLite database, makes the owner account on the first-start
    /// screen ([`OWNER`], [`OWNER_PASSWORD`]) and waits for the app behind it.
    pub async fn start() -> Self {
        let app = Self::first_start().await;
        app.create_owner("Owner", OWNER, OWNER_PASSWORD).await;
        app.wait_for("#nav-customers").await;
        app
    }

    /// Fills in "Create the owner account" and sends it.
    pub async fn create_owner(&self, name: &str, username: &str, password: &str) {
        self.fill("#owner-name", name).await;
        self.fill("#owner-username", username).await;
        self.fill("#owner-password", password).await;
        self.fill("#owner-password-again", password).await;
        self.click("#create-owner").await;
    }

    /// Signs in on the sign-in form (at start, or over the locked app).
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.fill("#sign-in-username", username).await;
        self.fill("#sign-in-password", password).await;
        self.click("#sign-in-submit").await;
    }

    /// Signs in with a wrong password and waits for the answer (the form empties the password
    /// field when the answer comes).
    pub async fn sign_in_wrongly(&self, username: &str) {
        self.sign_in(username, "not-the-password").await;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let value = match self.client.find(Locator::Css("#sign-in-password")).await {
                Ok(input) => input.prop("value").await.ok().flatten().unwrap_or_default(),
                Err(_) => String::new(),
            };
            if value.is_empty() {
                return;
            }
            assert!(Instant::now() < deadline, "the sign-in was never answered");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The last lines tauri-driver and the app wrote, for a failure's message.
    fn driver_log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.data_dir.path().join(DRIVER_LOG)).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    /// The value of the input at `css`.
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Whether `css` is on screen now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Waits (up to 15 s) until `css` is on screen.
    pub async fn wait_for(&self, css: &str) {
        let _ = self.find(css).await;
    }

    /// Starts the app on a fresh SQLite database, at its first start: "Create the owner
    /// account" is on screen.
    pub async fn first_start() -> Self {
        Self::first_start_in(tempfile::tempdir().expect("a temporary directory")).await
    }

    /// [`Desktop::start`] in `data_dir`, which a test may have prepared (a database with
    /// settings, a password file) before the app and its agent start on it.
    pub async fn start_in(data_dir: tempfile::TempDir) -> Self {
        let app = Self::first_start_in(data_dir).await;
        app.create_owner("Owner", OWNER, OWNER_PASSWORD).await;
        app.wait_for("#nav-customers").await;
        app
    }

    /// Where the app keeps its password file under a run's data directory (the file store).
    pub fn secrets_file(data_dir: &Path) -> PathBuf {
        data_dir
            .join("data")
            .join(tikbill_core::db::APP_IDENTIFIER)
            .join("secrets.json")
    }

    /// [`Desktop::first_start`] in `data_dir`.
    pub async fn first_start_in(data_dir: tempfile::TempDir) -> Self {
        let (display_process, display) = display();
        let (port, native_port) = (free_port(), free_port());
        let url = tikbill_core::db::sqlite_url(data_dir.path());
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("TIKBILL_DATABASE_URL", &url)
            // No Secret Service under Xvfb: the password file is chosen explicitly, as on a server.
            .env("TIKBILL_SECRET_STORE", "file")
            // Keep the app's settings and data of this run apart from the user's own.
            .env("XDG_CONFIG_HOME", data_dir.path().join("config"))
            .env("XDG_DATA_HOME", data_dir.path().join("data"))
            // And WebKit's caches: every run starts as cold as on a fresh machine.
            .env("XDG_CACHE_HOME", data_dir.path().join("cache"))
            .stdout(Stdio::null())
            .stderr(driver_log(data_dir.path()))
            .spawn()
            .expect("tauri-driver starts (cargo install tauri-driver; cargo xtask test does it)");
        let driver = Process(driver);
        wait_for_port(port, "tauri-driver");

        // The WebDriver link is plain HTTP on loopback, but fantoccini's client wants a TLS provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": env!("CARGO_BIN_EXE_tikbill") }),
        );
        let client = ClientBuilder::rustls()
            .expect("a TLS connector")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the app");
        let app = Self {
            client,
            data_dir,
            _driver: driver,
            _display: display_process,
        };
        app.wait_for_first_render().await;
        app
    }

    /// The first start of WebKit on a fresh machine (its caches empty, the WASM compiled for the
    /// first time, three apps starting at once) can take far longer than any later page change:
    /// the tests begin once the app's navigation is drawn, waiting up to a minute for it.
    async fn wait_for_first_render(&self) {
        let drawn = self
            .client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css("#first-run, #sign-in, #nav-customers"))
            .await;
        if let Err(e) = drawn {
            self.screenshot("failure").await;
            let log =
                std::fs::read_to_string(self.data_dir.path().join(DRIVER_LOG)).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            panic!(
                "the app's window stayed empty for a minute: {e} (screenshot in target/e2e/failure.png)\n\
                 tauri-driver and the app said:\n{}",
                tail.join("\n")
            );
        }
    }

    pub fn database_url(&self) -> String {
        tikbill_core::db::sqlite_url(self.data_dir.path())
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => {
                // Leave what the window showed for whoever reads the failure.
                self.screenshot("failure").await;
                let source = self.client.source().await.unwrap_or_default();
                panic!("{css} did not appear: {e}\nthe page was (screenshot in target/e2e/failure.png):\n{source}");
            }
        }
    }

    /// Clicks the element. One re-rendered between finding and clicking it is found again.
    pub async fn click(&self, css: &str) {
        self.again_if_stale(css, "click", |e| async move { e.click().await.map(drop) })
            .await;
    }

    /// Runs `act` on the element at `css`; a stale node (the view re-rendered under it) or an
    /// element not yet interactable is found again a few times before the test fails.
    async fn again_if_stale<F, Fut>(&self, css: &str, what: &str, act: F)
    where
        F: Fn(fantoccini::elements::Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let mut tries = 0;
        loop {
            match act(self.find(css).await).await {
                Ok(()) => return,
                Err(e) if tries >= 10 => panic!("{what} {css}: {e}"),
                Err(_) => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    /// The element's text. A list that re-renders between finding the element and reading it
    /// leaves a stale node behind: it is found again (a few times) rather than failing.
    pub async fn text(&self, css: &str) -> String {
        let mut tries = 0;
        loop {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(e) if tries >= 5 => panic!("text of {css}: {e}"),
                Err(_) => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    /// Waits until the element's text contains `expected`, and returns the text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // The element may be re-rendered between finding and reading it: just look again.
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return text;
            }
            if Instant::now() > deadline {
                self.screenshot("failure").await;
                panic!(
                    "{css} never showed {expected:?}; it shows {text:?} (screenshot in target/e2e/failure.png)\n\
                     the app said:\n{}",
                    self.driver_log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn fill(&self, css: &str, value: &str) {
        self.again_if_stale(css, "type into", |input| async move {
            input.clear().await?;
            if !value.is_empty() {
                input.send_keys(value).await?;
            }
            Ok(())
        })
        .await;
    }

    /// Types `keys` into the element at `css` after what it holds (WebDriver keys such as
    /// `fantoccini::key::Key::Enter` as chars).
    pub async fn type_keys(&self, css: &str, keys: &str) {
        self.again_if_stale(css, "type into", |input| async move {
            input.send_keys(keys).await
        })
        .await;
    }

    /// Presses `keys` in whatever has the focus (the page itself when nothing does), as a
    /// person at the keyboard would.
    pub async fn press(&self, keys: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("the focused element");
        focused.send_keys(keys).await.expect("the keys are sent");
    }

    /// Picks the option whose value is `value` in the `<select>` at `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.again_if_stale(css, "choose in", |select| async move {
            select.select_by_value(value).await
        })
        .await;
    }

    /// Resizes the window and waits until the page has laid itself out at the new width.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize the window");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let inner = self
                .client
                .execute("return window.innerWidth", vec![])
                .await
                .ok()
                .and_then(|v| v.as_u64());
            if inner.is_some_and(|w| w + 40 >= u64::from(width)) {
                // One more frame for the layout to settle.
                tokio::time::sleep(Duration::from_millis(300)).await;
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the page never reached {width} px (innerWidth {inner:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Process ids whose command line mentions this run's data directory and `word`.
    pub fn processes_with(&self, word: &str) -> Vec<u32> {
        let dir = self.data_dir.path().to_string_lossy().into_owned();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
            .filter(|pid| {
                let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
                let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
                cmdline.contains(&dir) && cmdline.contains(word)
            })
            .collect()
    }

    /// Calls backend command `cmd` with `args` straight from the page's JavaScript, as a
    /// hand-crafted IPC call would (not through any button): the answer, or the error object.
    pub async fn forged_invoke(
        &self,
        cmd: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        let answer = self
            .client
            .execute_async(
                "const [cmd, args, done] = arguments;
                 window.__TAURI__.core.invoke(cmd, args)
                   .then(value => done({ ok: value === undefined ? null : value }))
                   .catch(error => done({ err: error }));",
                vec![json!(cmd), args],
            )
            .await
            .expect("the page runs the script");
        match answer.get("err") {
            Some(err) => Err(err.clone()),
            None => Ok(answer.get("ok").cloned().unwrap_or_default()),
        }
    }

    /// Saves what the window shows to target/e2e/NAME.png.
    pub async fn screenshot(&self, name: &str) {
        // Two frames for WebKit to paint what the last step changed.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    /// Closes the app; the data directory is handed back so its database can be inspected.
    pub async fn stop(self) -> tempfile::TempDir {
        let _ = self.client.close().await;
        self.data_dir
    }
}
