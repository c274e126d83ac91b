//! Resource limits checked before memory is spent.
//!
//! The page is one WASM instance: a hostile or broken file must be refused with a clear
//! message, not by running out of memory. Sizes that a zip container claims are checked
//! from its central directory before anything is inflated; cells are counted as they stream.

use std::io::Cursor;

use crate::workbook::ReadError;

/// Caps on what one file may cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total that a zip-based workbook may inflate to, in bytes.
    pub max_uncompressed_bytes: u64,
    /// Most non-empty cells in one sheet.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_uncompressed_bytes: 1024 * 1024 * 1024,
            max_cells: 10_000_000,
        }
    }
}

/// Checks a zip container's claimed sizes against the limits before it is inflated.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Let the format reader report the damage in its own words.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else { continue };
        total = total.saturating_add(entry.size());
        if total > limits.max_uncompressed_bytes {
            return Err(ReadError::TooLargeUncompressed { limit: limits.max_uncompressed_bytes });
        }
    }
    Ok(())
}
