//! Resource limits: plain settings of what one file may cost (file size, inflated size, cells,
//! dense grid). The checks that hold a file to them before memory is spent live next to the
//! readers they guard ([`crate::workbook::guards`]).

/// Caps on what one file may cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total that a zip-based workbook may inflate to, in bytes.
    pub max_uncompressed_bytes: u64,
    /// Most non-empty cells in one sheet.
    pub max_cells: u64,
    /// Largest grid (rows × columns) that a sheet read as a dense grid (.xls, .ods) may span.
    pub max_grid_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 * 1024 * 1024,
            max_uncompressed_bytes: 400 * 1024 * 1024,
            max_cells: 3_000_000,
            max_grid_cells: 4_000_000,
        }
    }
}
