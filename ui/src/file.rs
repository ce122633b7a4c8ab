//! Files a person chooses in a file input, read in the window (the webview has no file system
//! access of its own).

/// Off wasm there is no window to read a file in.
#[cfg(not(target_arch = "wasm32"))]
const OUTSIDE: &str = "Files can only be read inside the tikbill window.";

/// The chosen file's name and text; `Ok(None)` when no file is chosen.
pub async fn chosen_text(node: Option<web_sys::Node>) -> Result<Option<(String, String)>, String> {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(file) = chosen(node) else {
            return Ok(None);
        };
        let text = load(&file, file.text()).await?;
        Ok(Some((file.name(), text.as_string().unwrap_or_default())))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = node;
        Err(OUTSIDE.into())
    }
}

/// The chosen file's bytes; `Ok(None)` when no file is chosen.
pub async fn chosen_bytes(node: Option<web_sys::Node>) -> Result<Option<Vec<u8>>, String> {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(file) = chosen(node) else {
            return Ok(None);
        };
        let buffer = load(&file, file.array_buffer()).await?;
        Ok(Some(js_sys::Uint8Array::new(&buffer).to_vec()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = node;
        Err(OUTSIDE.into())
    }
}

/// The first file chosen in the file input `node`.
#[cfg(target_arch = "wasm32")]
fn chosen(node: Option<web_sys::Node>) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = node?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    input.files()?.get(0)
}

/// Waits for `reading` (a read of `file`), naming the file when it fails.
#[cfg(target_arch = "wasm32")]
async fn load(
    file: &web_sys::File,
    reading: js_sys::Promise,
) -> Result<wasm_bindgen::JsValue, String> {
    wasm_bindgen_futures::JsFuture::from(reading)
        .await
        .map_err(|e| {
            format!(
                "{} could not be read: {}",
                file.name(),
                e.as_string()
                    .unwrap_or_else(|| "the browser refused".into())
            )
        })
}
