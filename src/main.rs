//! The `shinchoku` binary: the CLI natively, the web app in WASM.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    shinchoku::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    shinchoku::ui::start();
}

/// Probes for the browser benchmark (`scripts/bench.sh` builds the page with `--features
/// bench`; the shipped page has none): they time parts of the pipeline on the page's own
/// thread, so tests/browser/bench.mjs can say where drop → counts goes.
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
mod bench {
    use std::io::Cursor;

    use calamine::{Reader, Xlsx};
    use wasm_bindgen::prelude::wasm_bindgen;

    /// calamine alone: opens the .xlsx and visits every cell of every sheet, keeping nothing.
    /// Returns the number of cells (0 if the bytes are not an .xlsx).
    #[wasm_bindgen]
    pub fn bench_bare_calamine(bytes: &[u8]) -> u32 {
        let Ok(mut wb) = Xlsx::new(Cursor::new(bytes)) else { return 0 };
        let mut cells = 0;
        for name in wb.sheet_names() {
            let Ok(mut reader) = wb.worksheet_cells_reader(&name) else { continue };
            while let Ok(Some(cell)) = reader.next_cell() {
                cells += 1;
                std::hint::black_box(cell);
            }
        }
        cells
    }

    /// shinchoku's reading (read + detect + extract), as the worker runs it. Returns the items.
    #[wasm_bindgen]
    pub fn bench_analyse(bytes: &[u8]) -> u32 {
        let input = shinchoku::analyse::Input { name: "bench.xlsx".to_owned(), bytes: bytes.to_vec() };
        shinchoku::analyse::analyse(&[input], &shinchoku::limits::Limits::default()).items.len() as u32
    }
}
