//! The web app (WASM only).
pub fn start() {}
