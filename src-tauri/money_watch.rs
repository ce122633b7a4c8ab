//! A desktop notification when money arrives that cannot be applied (a gateway's payment for
//! an account that is nobody's, or one the ledger could not apply): someone must match it.

use std::time::Duration;

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tikbill_api::money::format_money;
use tikbill_api::{PaymentFilter, PaymentState};
use tikbill_core::{payment, Context};

/// How often the database is asked.
const EVERY: Duration = Duration::from_secs(15);

/// Watches for new unmatched payments (those made after the app started are news) and tells
/// the desktop about each, on its own task, until the app ends.
pub fn start<R: Runtime>(app: AppHandle<R>, ctx: Context) {
    tauri::async_runtime::spawn(async move {
        let mut seen = newest_unmatched(&ctx).await.unwrap_or(0);
        loop {
            tokio::time::sleep(EVERY).await;
            let Ok(page) = payment::list(&ctx, &filter()).await else {
                continue;
            };
            let new: Vec<_> = page.payments.iter().filter(|p| p.id > seen).collect();
            if let Some(newest) = new.iter().map(|p| p.id).max() {
                seen = newest;
                let body = match new.as_slice() {
                    [one] => format!(
                        "{} ({} {}) could not be applied: match it on the Payments page.",
                        format_money(&one.amount, &one.currency),
                        one.gateway,
                        one.reference
                    ),
                    many => format!(
                        "{} payments could not be applied: match them on the Payments page.",
                        many.len()
                    ),
                };
                let _ = app
                    .notification()
                    .builder()
                    .title("tikbill: money waiting")
                    .body(body)
                    .show();
            }
        }
    });
}

fn filter() -> PaymentFilter {
    PaymentFilter {
        state: Some(PaymentState::Unmatched),
        limit: Some(20),
        ..PaymentFilter::default()
    }
}

async fn newest_unmatched(ctx: &Context) -> Option<i64> {
    let page = payment::list(ctx, &filter()).await.ok()?;
    page.payments.iter().map(|p| p.id).max()
}
