//! Loading one file: bytes → sheets → layouts → items, with the sheets that were skipped.
//!
//! This is the one entry point the page and the CLI call with a file's name and bytes.

use serde::Serialize;
use thiserror::Error;

use crate::item::Item;
use crate::layout::{self, SkipReason};
use crate::limits::Limits;
use crate::workbook::{self, Format, ReadError};

/// A sheet that gave no items, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub sheet: String,
    pub reason: String,
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub format: Format,
    pub items: Vec<Item>,
    pub skipped: Vec<Skipped>,
}

/// Why a file gave nothing at all.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{file}: {source}")]
    Read {
        file: String,
        #[source]
        source: ReadError,
    },
    #[error("{file}: no sheet has a recognisable action-plan layout ({reasons})")]
    NoLayout { file: String, reasons: String },
}

impl LoadError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            LoadError::Read { file, .. } | LoadError::NoLayout { file, .. } => file,
        }
    }
}

/// Reads every sheet of a file and extracts its items.
///
/// Sheets without a recognisable layout are listed in [`Loaded::skipped`]; a file where no
/// sheet gives items is an error, so that a wrong file is never silently empty.
pub fn load(file: &str, bytes: &[u8], limits: &Limits) -> Result<Loaded, LoadError> {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    let mut visit = |sheet: workbook::Sheet<'_>| {
        let reason = match layout::detect(&sheet) {
            Ok(found) => {
                if layout::extract(&sheet, &found, file, &mut items) > 0 {
                    return;
                }
                SkipReason::NoDataRows.to_string()
            }
            Err(e) => e.to_string(),
        };
        skipped.push(Skipped { file: file.to_owned(), sheet: sheet.name.clone(), reason });
    };
    let mut failed_sheets = Vec::new();
    let mut visit_error = |sheet: &str, e: ReadError| {
        failed_sheets.push(Skipped { file: file.to_owned(), sheet: sheet.to_owned(), reason: e.to_string() });
    };
    let format = workbook::read(file, bytes, limits, &mut visit, &mut visit_error)
        .map_err(|source| LoadError::Read { file: file.to_owned(), source })?;
    skipped.extend(failed_sheets);
    if items.is_empty() {
        let reasons = if skipped.is_empty() {
            "the workbook has no sheets".to_owned()
        } else {
            skipped.iter().map(|s| format!("{}: {}", s.sheet, s.reason)).collect::<Vec<_>>().join("; ")
        };
        return Err(LoadError::NoLayout { file: file.to_owned(), reasons });
    }
    Ok(Loaded { format, items, skipped })
}
