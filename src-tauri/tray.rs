//! The tray icon: routers online of total and the alerts the person signed in has not read,
//! with "Open tikbill" and "Quit". A desktop without a tray (no status notifier) simply has no
//! icon: the app runs on.

use std::time::Duration;

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};
use tikbill_api::RouterStatus;

use crate::AppState;

/// How often the icon's text is brought up to date.
const EVERY: Duration = Duration::from_secs(30);

/// "3/4 routers online · 2 alerts".
pub fn text(online: usize, total: usize, unread: u64) -> String {
    let alerts = match unread {
        0 => "no new alerts".to_string(),
        1 => "1 alert".to_string(),
        n => format!("{n} alerts"),
    };
    format!("{online}/{total} routers online · {alerts}")
}

/// Makes the icon and keeps its text fresh; says why when there can be none.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    // On Linux the tray library loads libayatana-appindicator when the icon is made, and
    // panics when that library is missing: no icon then, and the app runs on.
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(app)));
    match made {
        Ok(Ok(tray)) => keep_fresh(app.clone(), tray),
        Ok(Err(e)) => eprintln!("tikbill: no tray icon ({e})"),
        Err(_) => eprintln!("tikbill: no tray icon (no system tray library on this desktop)"),
    }
}

fn make<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<TrayIcon<R>> {
    let open = MenuItem::with_id(app, "open", "Open tikbill", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut builder = TrayIconBuilder::with_id("tikbill")
        .menu(&menu)
        .tooltip("tikbill")
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => {
                if let Some(window) = app.webview_windows().values().next() {
                    let _ = window.show();
                    let _ = window.unminimize();
                    let _ = window.set_focus();
                }
            }
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)
}

fn keep_fresh<R: Runtime>(app: AppHandle<R>, tray: TrayIcon<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            if let Some(state) = app.try_state::<AppState>() {
                let (online, total) = match tikbill_core::router::list(&state.itself()).await {
                    Ok(routers) => (
                        routers
                            .iter()
                            .filter(|r| r.status == RouterStatus::Online)
                            .count(),
                        routers.len(),
                    ),
                    Err(_) => (0, 0),
                };
                let unread = match state.ctx().await {
                    Ok(ctx) if ctx.actor().staff_id().is_some() => {
                        tikbill_core::notification::unread(&ctx).await.unwrap_or(0)
                    }
                    _ => 0,
                };
                let line = text(online, total, unread);
                let _ = tray.set_tooltip(Some(&line));
                let _ = tray.set_title(Some(&line));
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_says_routers_and_alerts() {
        assert_eq!(text(3, 4, 2), "3/4 routers online · 2 alerts");
        assert_eq!(text(0, 0, 0), "0/0 routers online · no new alerts");
        assert_eq!(text(1, 1, 1), "1/1 routers online · 1 alert");
    }
}
