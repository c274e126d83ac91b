//! Project tooling: `cargo xtask <command>`.
//!
//! - `fixtures`: (re)writes the test fixtures in `tests/fixtures/` from the data below, so
//!   every fixture is reproducible and reviewable as code; `hostile` derives the files that
//!   must be refused early or read despite their oddities.

mod fixtures;
mod hostile;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let result = match args.first().map(String::as_str) {
        Some("fixtures") => {
            let dir = root.join("tests/fixtures");
            fixtures::write_all(&dir).and_then(|()| hostile::write_all(&dir))
        }
        _ => {
            eprintln!("usage: cargo xtask fixtures");
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
