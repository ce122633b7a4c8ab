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
    // The app's scope (this runs in the app's body): a listener runs outside any.
    let root = crate::scope::PageScope::current();
    // Use that comes after the idle minutes ran out (the check sleeps between looks, and a
    // hidden window's timers are slowed) locks rather than counting as use.
    listen_for_use(move || {
        let minutes = state
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.idle_lock_minutes));
        let expired = minutes.is_some_and(|m| should_lock(last_use.get_untracked(), now_ms(), m));
        if expired && state.staff_untracked().is_some() && !state.locked.get_untracked() {
            root.spawn(lock(state));
        } else {
            last_use.set(now_ms());
        }
    });
    root.spawn(async move {
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
    state.changing_password.set(false);
    signed_out(state, invoke::<SignOut>(&NoArgs {}).await);
}

/// The session after a sign-out: as the backend says, or (when it did not answer) nobody, so
/// the window never goes on as if the person were still there.
pub fn signed_out(
    state: AppState,
    answer: Result<tikbill_api::SessionView, tikbill_api::ApiError>,
) {
    match answer {
        Ok(session) => state.session.set(Some(session)),
        Err(_) => state.session.update(|s| {
            if let Some(s) = s.as_mut() {
                s.staff = None;
            }
        }),
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
fn listen_for_use(on_use: impl Fn() + Clone + 'static) {
    use wasm_bindgen::prelude::*;
    let Some(window) = web_sys::window() else {
        return;
    };
    for event in [
        "keydown",
        "mousedown",
        "mousemove",
        "wheel",
        "touchstart",
        "focus",
    ] {
        let on_use = on_use.clone();
        let seen = Closure::<dyn FnMut()>::new(on_use);
        let _ = window.add_event_listener_with_callback(event, seen.as_ref().unchecked_ref());
        // The listeners live as long as the window.
        seen.forget();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn listen_for_use(_on_use: impl Fn() + Clone + 'static) {}

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
