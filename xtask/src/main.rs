//! Project tooling: `cargo xtask <command>`.
//!
//! - `fixtures`: (re)writes the test fixtures in `tests/fixtures/` from the data below, so
//!   every fixture is reproducible and reviewable as code; `hostile` derives the files that
//!   must be refused early or read despite their oddities; it also writes the standardisation
//!   fixtures below.
//! - `cell-fixtures`: writes only the .xlsx fixtures of every kind of cell (`cells.rs`), for the
//!   scanner's differential test (tests/scanner.rs).
//! - `hyojunka-fixtures`: writes only the standardisation (標準化, SPEC §9) fixtures
//!   (`tests/fixtures/hyojunka_*`, `tests/fixtures/tokutei_*`) and the monthly rate tables of
//!   SPEC §11 (`monthly.rs`: `tests/fixtures/monthly_*`), leaving the others untouched.
//! - `national [DIR]`: writes national-scale exports for the benchmarks (default
//!   `target/national/`), including the national step table `national_steps.xlsx`.
//! - `single-file [DIST] [OUT]`: one self-contained HTML page from the built `dist/` that works
//!   from `file://` (default `dist-single/shinchoku.html`).
//!
//! `cargo test --workspace` (or `-p xtask`) also runs the tidy tests of `tidy.rs`: the layering
//! of the root package's modules (ARCHITECTURE.md, "Layers").

mod cells;
mod fixtures;
mod hostile;
mod hyojunka;
mod monthly;
mod national;
mod register;
mod single_file;
#[cfg(test)]
mod tidy;
mod xlsb;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let result = match args.first().map(String::as_str) {
        Some("fixtures") => {
            let dir = root.join("tests/fixtures");
            // The .xlsb seed is built from the fixtures' data (xlsb → fixtures), so it is written
            // here rather than by fixtures::write_all (no fixtures ↔ xlsb cycle).
            fixtures::write_all(&dir)
                .and_then(|()| xlsb::seed_f3(&dir))
                .and_then(|()| hostile::write_all(&dir))
                .and_then(|()| hyojunka::write_all(&dir))
                .and_then(|()| register::write_all(&dir))
                .and_then(|()| cells::write_all(&dir))
        }
        Some("cell-fixtures") => cells::write_all(&root.join("tests/fixtures")),
        Some("register-fixtures") => register::write_all(&root.join("tests/fixtures")),
        Some("hyojunka-fixtures") => hyojunka::write_all(&root.join("tests/fixtures")),
        Some("national") => {
            let dir = args.get(1).map(PathBuf::from).unwrap_or_else(|| root.join("target/national"));
            national::write_all(&dir)
        }
        Some("single-file") => {
            let dist = args.get(1).map(PathBuf::from).unwrap_or_else(|| root.join("dist"));
            let out = args.get(2).map(PathBuf::from).unwrap_or_else(|| root.join("dist-single/shinchoku.html"));
            single_file::build(&dist, &out).map_err(Into::into)
        }
        _ => {
            eprintln!(
                "usage: cargo xtask fixtures | cargo xtask cell-fixtures | cargo xtask hyojunka-fixtures | cargo xtask register-fixtures | cargo xtask national [DIR] | \
                 cargo xtask single-file [DIST] [OUT]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
