//! Reads one workbook as the page's analyser and the CLI do (`load::load`: read, detect,
//! extract) and nothing more, so that `/usr/bin/time` shows the peak memory and CPU of reading
//! alone (scripts/bench.sh; issue 19: rows streamed into the readers).
//!
//! `cargo run --release --example load_peak -- FILE`

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: load_peak FILE")?;
    let bytes = std::fs::read(&path)?;
    let loaded = shinchoku::load::load(&path, &bytes, &shinchoku::limits::Limits::default())?;
    println!("{} items, {} system reports", loaded.items.len(), loaded.systems.reports.len());
    Ok(())
}
