fn main() {
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    if let Err(e) = tauri_build::try_build(attributes) {
        // Most often: the UI has not been built yet (ui/dist is missing). `cargo xtask run` builds it.
        panic!("tauri build step failed: {e:#}. Build the UI first: cargo xtask run (or cargo xtask ui)");
    }
}
