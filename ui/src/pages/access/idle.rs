//! The idle lock: after the office's idle minutes without a key or a click, the app signs the
//! person out and covers the page with the sign-in screen (the page stays underneath, as it
//! was). Background refreshes do not count as use.

use sycamore::prelude::*;
use tikbill_api::command::{NoArgs, SignOut};

use crate::ipc::invoke;
use crate::state::AppState;

/// How often the lock looks at the clock.
const CHECK_EVERY_MS: i32 = 5_000;

/// Whether the app should lock: the last use was `idle_minutes` or more before `now` (times in
/// milliseconds).
pub fn should_lock(last_use_ms: f64, now_ms: f64, idle_minutes: u32) -> bool {
    now_ms - last_use_ms >= f64::from(idle_minutes) * 60_000.0
}

/// Watches for use (keys, clicks, the mouse) and locks the app when the office's idle minutes
/// pass without any. Runs for the life of the app.
pub fn watch_idle(state: AppState) {
    let last_use = create_signal(now_ms());
    listen_for_use(last_use);
    sycamore::futures::spawn_local_scoped(async move {
        loop {
            crate::timer::sleep(CHECK_EVERY_MS).await;
            let minutes = state
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.idle_lock_minutes));
            let signed_in = state.staff_untracked().is_some();
            let Some(minutes) = minutes else { continue };
            if !signed_in || state.locked.get_untracked() {
                last_use.set(now_ms());
                continue;
            }
            if should_lock(last_use.get_untracked(), now_ms(), minutes) {
                lock(state).await;
            }
        }
    });
}

/// Signs out and covers the page with the sign-in screen.
pub async fn lock(state: AppState) {
    state.locked.set(true);
    if let Ok(session) = invoke::<SignOut>(&NoArgs {}).await {
        state.session.set(Some(session));
    }
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    0.0
}

#[cfg(target_arch = "wasm32")]
fn listen_for_use(last_use: Signal<f64>) {
    use wasm_bindgen::prelude::*;
    let Some(window) = web_sys::window() else {
        return;
    };
    for event in ["keydown", "mousedown", "mousemove", "wheel", "touchstart"] {
        let seen = Closure::<dyn FnMut()>::new(move || last_use.set(now_ms()));
        let _ = window.add_event_listener_with_callback(event, seen.as_ref().unchecked_ref());
        // The listeners live as long as the window.
        seen.forget();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn listen_for_use(_last_use: Signal<f64>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_locks_once_the_idle_minutes_have_passed() {
        let minute = 60_000.0;
        assert!(!should_lock(0.0, 14.0 * minute, 15));
        assert!(!should_lock(0.0, 15.0 * minute - 1.0, 15));
        assert!(should_lock(0.0, 15.0 * minute, 15));
        assert!(should_lock(0.0, 2.0 * minute, 1));
    }
}
