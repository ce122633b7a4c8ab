//! Waiting in the window without blocking it, for views that refresh themselves.

/// Resolves after `ms` milliseconds (the browser's `setTimeout`). Use it inside
/// `spawn_local_scoped`, so the wait ends with the view that started it.
#[cfg(target_arch = "wasm32")]
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            // A timer that cannot be set leaves the promise pending: the loop simply stops.
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Off wasm there is no window and no timer: the wait never ends, so a refresh loop stops
/// after its first round.
#[cfg(not(target_arch = "wasm32"))]
pub async fn sleep(_ms: i32) {
    std::future::pending::<()>().await
}
