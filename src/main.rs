//! The `shinchoku` binary: the CLI natively, the web app in WASM.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    shinchoku::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    shinchoku::ui::start();
}
