//! The one way the UI reaches the backend: Tauri's `invoke`, with `tikbill_api` types.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;

use tikbill_api::command::Command;
use tikbill_api::Access;
use tikbill_api::ApiError;

/// Calls backend command `C` with its declared arguments; its declared answer comes back, or
/// `{code, message, fields}`. A command for the signed-in only that answers `unauthenticated`
/// means the session ended behind the window's back (the account was disabled elsewhere):
/// whoever registered with [`on_session_lost`] is told.
pub async fn invoke<C: Command>(args: &C::Args) -> Result<C::Output, ApiError> {
    let answer = call(C::NAME, args).await;
    if let Err(e) = &answer {
        if e.code == tikbill_api::ErrorCode::Unauthenticated && C::ACCESS != Access::Anyone {
            session_lost();
        }
    }
    answer
}

thread_local! {
    static SESSION_LOST: RefCell<Option<Rc<dyn Fn()>>> = RefCell::new(None);
}

/// Runs `then` whenever a call finds the session gone.
pub fn on_session_lost(then: impl Fn() + 'static) {
    SESSION_LOST.with(|hook| *hook.borrow_mut() = Some(Rc::new(then)));
}

fn session_lost() {
    if let Some(then) = SESSION_LOST.with(|hook| hook.borrow().clone()) {
        then();
    }
}

/// Calls a backend command. Errors arrive as `{code, message, fields}`.
#[cfg(target_arch = "wasm32")]
async fn call<A: Serialize, R: DeserializeOwned>(command: &str, args: &A) -> Result<R, ApiError> {
    use tikbill_api::ErrorCode;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
        async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
    }

    let internal = |m: String| ApiError::new(ErrorCode::Internal, m);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| internal(format!("could not send the request: {e}")))?;
    match tauri_invoke(command, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| internal(format!("the answer to {command} was not understood: {e}"))),
        Err(err) => Err(
            serde_wasm_bindgen::from_value::<ApiError>(err.clone()).unwrap_or_else(|_| {
                internal(
                    err.as_string()
                        .unwrap_or_else(|| format!("{command} failed")),
                )
            }),
        ),
    }
}

/// Off wasm (unit tests render views on the host) there is no backend to call.
#[cfg(not(target_arch = "wasm32"))]
async fn call<A: Serialize, R: DeserializeOwned>(command: &str, _args: &A) -> Result<R, ApiError> {
    Err(ApiError::new(
        tikbill_api::ErrorCode::Internal,
        format!("{command}: the UI is not running inside the tikbill app"),
    ))
}

thread_local! {
    /// The last `voucher-progress` event: cards stored, of how many.
    static VOUCHER_PROGRESS: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
    static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How far the batch being generated has come, as the backend last said (`[done, total]`).
/// The first call starts listening (once per window); a view polls it while it waits, so no
/// event handler outlives the view.
pub fn voucher_progress() -> (u32, u32) {
    if !LISTENING.with(|l| l.replace(true)) {
        listen_voucher_progress();
    }
    VOUCHER_PROGRESS.with(std::cell::Cell::get)
}

/// Forgets the last batch's progress (before a new one starts).
pub fn reset_voucher_progress() {
    VOUCHER_PROGRESS.with(|p| p.set((0, 0)));
}

#[cfg(target_arch = "wasm32")]
fn listen_voucher_progress() {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
        fn tauri_listen(
            event: &str,
            handler: &Closure<dyn Fn(JsValue)>,
        ) -> Result<JsValue, JsValue>;
    }

    let handler = Closure::<dyn Fn(JsValue)>::new(|event: JsValue| {
        let payload = js_sys::Reflect::get(&event, &JsValue::from_str("payload")).ok();
        if let Some(Ok([done, total])) = payload.map(serde_wasm_bindgen::from_value::<[u32; 2]>) {
            VOUCHER_PROGRESS.with(|p| p.set((done, total)));
        }
    });
    let _ = tauri_listen("voucher-progress", &handler);
    // Listens for the window's whole life.
    handler.forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn listen_voucher_progress() {}
