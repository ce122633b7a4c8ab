//! The app's own router worker: applies the job queue right after each change the office makes
//! (so the router follows within a moment), every 10 seconds for what is still waiting, and once
//! at start (the catch-up, with expiring what ran out while the app was closed). The agent
//! sidecar works the same queue; a lease per router keeps the two from working one router at
//! once.

use std::sync::Arc;
use std::time::Duration;

use tikbill_core::provisioning::{self, WorkerOptions};
use tikbill_core::{customer, Context};
use tokio::sync::Notify;

const EVERY: Duration = Duration::from_secs(10);

/// A handle on the background worker.
#[derive(Clone)]
pub struct RouterWork {
    wake: Arc<Notify>,
}

impl RouterWork {
    /// Starts the worker on the current tokio runtime.
    pub fn start(ctx: Context) -> Self {
        let wake = Arc::new(Notify::new());
        let options = WorkerOptions::on_this_computer("app");
        let waker = Arc::clone(&wake);
        tauri::async_runtime::spawn(async move {
            if let Err(e) = customer::expire_due(&ctx).await {
                eprintln!("tikbill: the start-up expiry pass failed: {e}");
            }
            loop {
                if let Err(e) = provisioning::drain_all(&ctx, &options).await {
                    eprintln!("tikbill: applying router changes failed: {e}");
                }
                tokio::select! {
                    () = waker.notified() => {}
                    () = tokio::time::sleep(EVERY) => {}
                }
            }
        });
        Self { wake }
    }

    /// Applies waiting changes now.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }
}
