//! The page's .xlsx report writer as a wasm module of its own: `report.js` + `report_bg.wasm`
//! next to the page, built by `scripts/post-build.sh` (Trunk's post_build hook). The page fetches
//! it the first time a report is asked for (src/ui/report_module.rs), so `rust_xlsxwriter`
//! (≈200 KB of the wasm, gzipped) is not part of what every visit downloads.
//!
//! It takes the report as a JSON [`Request`] (built by `export::xlsx::request` on the page) and
//! returns the workbook's bytes.

#[cfg(target_arch = "wasm32")]
mod module {
    use shinchoku::export::xlsx::{write, Request};
    use wasm_bindgen::prelude::wasm_bindgen;

    /// The report's bytes, or `None` if the request is malformed or the writer fails.
    #[wasm_bindgen]
    pub fn report_xlsx(request: &[u8]) -> Option<Vec<u8>> {
        let request: Request = serde_json::from_slice(request).ok()?;
        write(&request).ok()
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "shinchoku-report is the page's .xlsx report module, built for wasm32 by Trunk (scripts/post-build.sh); \
         the command line is `shinchoku`."
    );
    std::process::ExitCode::from(2)
}
