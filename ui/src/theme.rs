//! Light or dark: the window's colours (`data-theme` on the page, which the style sheet reads)
//! and the charts the backend draws for it. The choice is kept on this computer; until one is
//! made, the system's preference counts.

use tikbill_api::ChartTheme;

const THEME_KEY: &str = "tikbill.theme";

/// The theme to start with: the one chosen on this computer, else the system's.
pub fn initial() -> ChartTheme {
    match stored().as_deref() {
        Some("dark") => ChartTheme::Dark,
        Some("light") => ChartTheme::Light,
        _ if system_prefers_dark() => ChartTheme::Dark,
        _ => ChartTheme::Light,
    }
}

/// The other theme.
pub fn toggled(theme: ChartTheme) -> ChartTheme {
    match theme {
        ChartTheme::Light => ChartTheme::Dark,
        ChartTheme::Dark => ChartTheme::Light,
    }
}

pub fn name(theme: ChartTheme) -> &'static str {
    match theme {
        ChartTheme::Light => "light",
        ChartTheme::Dark => "dark",
    }
}

/// Shows `theme` (the page's `data-theme`) and keeps it for next time.
#[cfg(target_arch = "wasm32")]
pub fn apply(theme: ChartTheme) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", name(theme));
    }
    if let Ok(Some(storage)) = window.local_storage() {
        // Only a default for next time: a refused write changes nothing else.
        let _ = storage.set_item(THEME_KEY, name(theme));
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn apply(_theme: ChartTheme) {}

#[cfg(target_arch = "wasm32")]
fn stored() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(THEME_KEY)
        .ok()?
}

#[cfg(not(target_arch = "wasm32"))]
fn stored() -> Option<String> {
    let _ = THEME_KEY;
    None
}

#[cfg(target_arch = "wasm32")]
fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

#[cfg(not(target_arch = "wasm32"))]
fn system_prefers_dark() -> bool {
    false
}
