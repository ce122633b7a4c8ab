//! Desktop notifications for what the notification center holds that matters at once: a router
//! offline, a router refusing a change for good, an agent job that stopped (which the app looks
//! for here), the daily report written. Those made after the app started are news; each is
//! shown once.

use std::time::Duration;

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tikbill_core::{notification, Context};

/// How often the database is asked.
const EVERY: Duration = Duration::from_secs(15);

/// Whether a notification of `level` and `kind` goes to the desktop too.
pub fn on_desktop(level: &str, kind: &str) -> bool {
    level == "error" || kind == notification::DAILY_REPORT || kind == notification::ROUTER_ONLINE
}

/// Watches the notification center on its own task until the app ends.
pub fn start<R: Runtime>(app: AppHandle<R>, ctx: Context) {
    tauri::async_runtime::spawn(async move {
        let mut seen = notification::newest_id(ctx.db()).await.unwrap_or(0);
        loop {
            tokio::time::sleep(EVERY).await;
            // A stopped agent cannot say so itself: the app looks at its jobs' last runs.
            let _ = tikbill_core::alerts::late_jobs(&ctx).await;
            let Ok(new) = notification::since(&ctx, seen).await else {
                continue;
            };
            for n in new {
                seen = seen.max(n.id);
                if on_desktop(&n.level, &n.kind) {
                    let _ = app
                        .notification()
                        .builder()
                        .title(format!("tikbill: {}", n.title))
                        .body(n.body)
                        .show();
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_the_daily_report_reach_the_desktop() {
        assert!(on_desktop("error", notification::ROUTER_OFFLINE));
        assert!(on_desktop("error", "router.job_failed"));
        assert!(on_desktop("info", notification::DAILY_REPORT));
        assert!(!on_desktop("info", "payment.received"));
    }
}
