// Loads the UI's WebAssembly (built by `cargo xtask ui`) and starts it.
import init from "./tikbill-ui.js";
init();
