//! The WASM entry point: mounts the app into the page the Tauri webview loads.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        sycamore::render(tikbill_ui::App);
    }
}
