//! Loading one file: bytes → sheets → layouts → items, with the sheets that were skipped.
//!
//! This is the one entry point the page and the CLI call with a file's name and bytes.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::item::Item;
use crate::layout::{self, SkipReason};
use crate::limits::Limits;
use crate::system::Systems;
use crate::workbook::{self, Format, ReadError, ReadProgress};

/// A sheet that gave no items, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub sheet: String,
    pub reason: String,
    /// The same reason in Japanese, for the page (not part of SPEC §8's JSON).
    #[serde(skip)]
    pub reason_ja: String,
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub format: Format,
    /// Items of the action-plan layouts (SPEC §6).
    pub items: Vec<Item>,
    /// Systems and designations of the standardisation shapes (SPEC §9.1).
    pub systems: Systems,
    pub skipped: Vec<Skipped>,
    /// The date (時点) the file's sheets name (SPEC §11): the first that a read sheet's name or
    /// title gives, else the first any sheet's gives; `None` when none names one.
    pub date: Option<NaiveDate>,
}

impl Loaded {
    /// Whether everything the file gave is of the standardisation shapes (SPEC §9.3: the
    /// `hyojunka` profile is then chosen unless the user picks one).
    pub fn is_standardisation(&self) -> bool {
        self.items.is_empty() && !self.systems.is_empty()
    }

    /// Whether the file is a 特定移行支援 list and nothing else: it designates systems but reports
    /// no progress, so it is never a snapshot of its own (SPEC §11) and applies to every one.
    pub fn is_designation_list(&self) -> bool {
        self.items.is_empty() && self.systems.reports.is_empty() && !self.systems.designations.is_empty()
    }
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
    #[error("{file}: no sheet has a recognisable action-plan or standardisation layout ({reasons})")]
    NoLayout { file: String, reasons: String },
    /// A reader broke on the file: damaged bytes reached a bug in a library's reader. The CLI
    /// catches such a panic per file (natively a panic unwinds) and reports it as this.
    #[error("{file}: the file is damaged or not a workbook this program can read (its reader failed: {message})")]
    ReaderFailed { file: String, message: String },
}

impl LoadError {
    /// A one-line Japanese message naming the file and the reason, for the page.
    pub(crate) fn message_ja(&self) -> String {
        match self {
            LoadError::Read { file, source } => format!("「{file}」を読み込めませんでした：{}", source.message_ja()),
            LoadError::NoLayout { file, .. } => format!(
                "「{file}」を読み込めませんでした：アクションプランの表として読めるシートがありません\
                 （団体名の列と、予定・実績の開始日・終了日の列が必要です）。"
            ),
            LoadError::ReaderFailed { file, .. } => {
                format!("「{file}」を読み込めませんでした：ファイルが壊れているか、読めない形式です。")
            }
        }
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            LoadError::Read { file, .. } | LoadError::NoLayout { file, .. } | LoadError::ReaderFailed { file, .. } => {
                file
            }
        }
    }
}

/// Reads every sheet of a file and extracts its items.
///
/// Sheets without a recognisable layout are listed in [`Loaded::skipped`]; a file where no
/// sheet gives items is an error, so that a wrong file is never silently empty.
pub fn load(file: &str, bytes: &[u8], limits: &Limits) -> Result<Loaded, LoadError> {
    load_with_progress(file, bytes, limits, &mut |_| {})
}

/// [`load`], telling `progress` how far reading the sheets has got.
pub(crate) fn load_with_progress(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    progress: &mut dyn FnMut(ReadProgress<'_>),
) -> Result<Loaded, LoadError> {
    let mut items = Vec::new();
    let mut systems = Systems::default();
    let mut skipped = Vec::new();
    // The date the first read sheet names, and the first any sheet names.
    let (mut read_date, mut any_date) = (None, None);
    let mut visit = |sheet: workbook::Sheet<'_>| {
        let named = if read_date.is_none() { sheet_date(&sheet) } else { None };
        any_date = any_date.or(named);
        let standardisation = layout::standardisation::read(&sheet, file, &mut systems);
        let reason = match standardisation {
            Some(Ok(_)) => {
                read_date = read_date.or(named);
                return;
            }
            Some(Err(reason)) => Err(reason),
            None => layout::detect(&sheet),
        };
        let reason = match reason {
            Ok(found) => {
                if layout::extract(&sheet, &found, file, &mut items) > 0 {
                    read_date = read_date.or(named);
                    return;
                }
                SkipReason::NoDataRows
            }
            Err(e) => e,
        };
        skipped.push(Skipped {
            file: file.to_owned(),
            sheet: sheet.name.clone(),
            reason: reason.to_string(),
            reason_ja: reason.message_ja(),
        });
    };
    let mut failed_sheets = Vec::new();
    let mut visit_error = |sheet: &str, e: ReadError| {
        failed_sheets.push(Skipped {
            file: file.to_owned(),
            sheet: sheet.to_owned(),
            reason: e.to_string(),
            reason_ja: e.message_ja(),
        });
    };
    let format = workbook::read_with_progress(file, bytes, limits, &mut visit, &mut visit_error, progress)
        .map_err(|source| LoadError::Read { file: file.to_owned(), source })?;
    skipped.extend(failed_sheets);
    if items.is_empty() && systems.is_empty() {
        let reasons = if skipped.is_empty() {
            "the workbook has no sheets".to_owned()
        } else {
            skipped.iter().map(|s| format!("{}: {}", s.sheet, s.reason)).collect::<Vec<_>>().join("; ")
        };
        return Err(LoadError::NoLayout { file: file.to_owned(), reasons });
    }
    Ok(Loaded { format, items, systems, skipped, date: read_date.or(any_date) })
}

/// How many rows from the top may hold a sheet's title.
const TITLE_ROWS: u32 = 10;

/// The date (時点) a sheet names: in its name (`令和8年1月_進捗状況`), else in a title cell — a
/// text cell of the rows above the table (rows near the top with at most two cells, before the
/// first row with more), as [`crate::date::date_in_title`] reads it.
fn sheet_date(sheet: &workbook::Sheet<'_>) -> Option<NaiveDate> {
    crate::date::date_in_sheet_name(&sheet.name).or_else(|| {
        sheet
            .rows
            .iter()
            .take_while(|r| r.index < TITLE_ROWS && r.cells.len() <= 2)
            .flat_map(|r| &r.cells)
            .find_map(|c| c.value.as_text().and_then(crate::date::date_in_title))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused_in_japanese_naming_the_file() {
        let err = load("壊れた.xlsx", b"\x00\x01\x02 not a workbook \xff\xfe", &Limits::default()).unwrap_err();
        let msg = err.message_ja();
        assert!(msg.contains("「壊れた.xlsx」"), "{msg}");
        assert!(msg.contains("読み込めませんでした"), "{msg}");
    }

    #[test]
    fn an_empty_file_says_it_is_empty() {
        let err = load("空.csv", b"", &Limits::default()).unwrap_err();
        assert!(err.message_ja().contains("ファイルが空です"), "{}", err.message_ja());
    }

    #[test]
    fn a_file_without_an_action_plan_table_says_so() {
        let err = load("メモ.csv", "あ,い\nう,え\n".as_bytes(), &Limits::default()).unwrap_err();
        assert!(matches!(err, LoadError::NoLayout { .. }));
        assert!(
            err.message_ja().contains("アクションプランの表として読めるシートがありません"),
            "{}",
            err.message_ja()
        );
    }
}
