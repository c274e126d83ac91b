//! Loading one file: bytes → sheets → layouts → items, with the sheets that were skipped.
//!
//! This is the one entry point the page and the CLI call with a file's name and bytes. Each
//! sheet arrives row by row ([`workbook::stream`]): its first [`layout::LOOK_AHEAD`] rows are
//! buffered for detection (the standardisation shapes, then the action-plan layouts), then every
//! row goes to the chosen reader as it is read, so memory follows what the sheet gives, not the
//! sheet. What a sheet gave is dropped again if its rows fail part-way, or if its merged ranges
//! (known only after an .xlsx sheet's last row) change what detection finds; the sheet is then
//! read again with them.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Borrow;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::item::Item;
use crate::layout::standardisation::Found;
use crate::layout::{self, Layout, SkipReason};
use crate::limits::Limits;
use crate::system::Systems;
use crate::workbook::{self, Format, Merge, Outcome, ReadError, ReadProgress, Row, Sheet, SheetRows, SheetVisitor};

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
    let mut reader = Reader { file, loaded: Output::default(), failed: Vec::new() };
    let format = workbook::stream(file, bytes, limits, &mut reader, progress)
        .map_err(|source| LoadError::Read { file: file.to_owned(), source })?;
    let Reader { loaded: Output { items, systems, mut skipped, read_date, any_date }, failed: failed_sheets, .. } =
        reader;
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

/// What the sheets of a file gave so far.
#[derive(Default)]
struct Output {
    items: Vec<Item>,
    systems: Systems,
    skipped: Vec<Skipped>,
    /// The date the first read sheet names, and the first any sheet names.
    read_date: Option<NaiveDate>,
    any_date: Option<NaiveDate>,
}

/// How far [`Output`] had got before a sheet, to drop what the sheet gave.
struct Mark {
    items: usize,
    tables: usize,
    reports: usize,
    designations: usize,
}

impl Output {
    fn mark(&self) -> Mark {
        Mark {
            items: self.items.len(),
            tables: self.systems.tables.len(),
            reports: self.systems.reports.len(),
            designations: self.systems.designations.len(),
        }
    }

    fn drop_since(&mut self, mark: &Mark) {
        self.items.truncate(mark.items);
        self.systems.tables.truncate(mark.tables);
        self.systems.reports.truncate(mark.reports);
        self.systems.designations.truncate(mark.designations);
    }
}

/// What detection found on a sheet: a standardisation shape, an action-plan layout, or why
/// neither. A function of the sheet's first [`layout::LOOK_AHEAD`] rows and merged ranges.
#[derive(Debug, PartialEq)]
enum Detected {
    Systems(Found),
    Items(Layout),
    Neither(SkipReason),
}

/// The standardisation shapes first (SPEC §9.1), then the action-plan layouts.
fn detect(view: &Sheet<'_>) -> Detected {
    match layout::standardisation::detect(view) {
        Some(found) => Detected::Systems(found),
        None => match layout::detect(view) {
            Ok(layout) => Detected::Items(layout),
            Err(reason) => Detected::Neither(reason),
        },
    }
}

/// One sheet read: its first rows (what detection saw), what it found, the date the sheet
/// names and whether it gave anything.
struct SheetRead<'a> {
    view: Sheet<'a>,
    detected: Detected,
    date: Option<NaiveDate>,
    result: Result<(), SkipReason>,
}

/// Reads one sheet from its rows into `out`: the first [`layout::LOOK_AHEAD`] rows are
/// buffered for detection, then every row goes to the reader detection chose as it comes, so
/// no more than the look-ahead is held. `head` gives the sheet's name, date system and the
/// merged ranges known (its rows are not read).
fn read_sheet<'a, R: Borrow<Row<'a>>>(
    head: Sheet<'a>,
    rows: impl IntoIterator<Item = R>,
    file: &str,
    want_date: bool,
    out: &mut Output,
) -> SheetRead<'a> {
    let mut rows = rows.into_iter();
    let window: Vec<R> = rows.by_ref().take(layout::LOOK_AHEAD).collect();
    let view = Sheet { rows: window.iter().map(|r| r.borrow().clone()).collect(), ..head };
    let date = if want_date { sheet_date(&view) } else { None };
    let detected = detect(&view);
    let rows = window.into_iter().chain(rows);
    let result = match &detected {
        Detected::Systems(found) => {
            layout::standardisation::read(&view, found, rows, file, &mut out.systems).map(|_| ())
        }
        Detected::Items(layout) => match layout::extract(&view, rows, layout, file, &mut out.items) {
            0 => Err(SkipReason::NoDataRows),
            _ => Ok(()),
        },
        Detected::Neither(reason) => Err(reason.clone()),
    };
    SheetRead { view, detected, date, result }
}

/// Reads the sheets of one file as [`workbook::stream`] delivers them.
struct Reader<'f> {
    file: &'f str,
    loaded: Output,
    /// The sheets that could not be read.
    failed: Vec<Skipped>,
}

impl SheetVisitor for Reader<'_> {
    fn visit(&mut self, sheet: &mut SheetRows<'_, '_>) -> Outcome {
        let out = &mut self.loaded;
        let mark = out.mark();
        let known = sheet.merges().map(<[Merge]>::to_vec);
        let head = Sheet {
            name: sheet.name.clone(),
            hidden: sheet.hidden,
            date1904: sheet.date1904,
            rows: Vec::new(),
            merges: known.clone().unwrap_or_default(),
        };
        let mut read = read_sheet(head, sheet.by_ref(), self.file, out.read_date.is_none(), out);
        let Some(merges) = sheet.finish() else {
            out.drop_since(&mark);
            return Outcome::Dropped;
        };
        // Detection ran without the merged ranges, which follow the rows in an .xlsx: if they
        // change what it finds (a header of merged cells), the sheet is read again with them.
        if known.is_none() && !merges.is_empty() {
            read.view.merges = merges.to_vec();
            if detect(&read.view) != read.detected {
                out.drop_since(&mark);
                return Outcome::Dropped;
            }
        }
        out.any_date = out.any_date.or(read.date);
        match read.result {
            Ok(()) => out.read_date = out.read_date.or(read.date),
            Err(reason) => out.skipped.push(Skipped {
                file: self.file.to_owned(),
                sheet: read.view.name.clone(),
                reason: reason.to_string(),
                reason_ja: reason.message_ja(),
            }),
        }
        Outcome::Kept
    }

    fn error(&mut self, sheet: &str, e: ReadError) {
        self.failed.push(Skipped {
            file: self.file.to_owned(),
            sheet: sheet.to_owned(),
            reason: e.to_string(),
            reason_ja: e.message_ja(),
        });
    }
}

/// How many rows from the top may hold a sheet's title.
const TITLE_ROWS: u32 = 10;

/// The date (時点) a sheet names: in its name (`令和8年1月_進捗状況`), else in a title cell — a
/// text cell of the rows above the table (rows near the top with at most two cells, before the
/// first row with more), as [`crate::date::date_in_title`] reads it.
fn sheet_date(sheet: &Sheet<'_>) -> Option<NaiveDate> {
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
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    /// A row that counts the rows alive at once (`live`) and the most ever alive (`peak`).
    struct Tracked {
        row: Row<'static>,
        live: Rc<Cell<usize>>,
    }

    impl Borrow<Row<'static>> for Tracked {
        fn borrow(&self) -> &Row<'static> {
            &self.row
        }
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            self.live.set(self.live.get() - 1);
        }
    }

    /// Reads `csv` as one sheet whose rows come one at a time; what it gave, and the most rows
    /// the reader held at once.
    fn read_counting(csv: &str) -> (Output, Result<(), SkipReason>, usize) {
        let rows = workbook::delimited::parse(csv, &Limits::default()).unwrap();
        let (live, peak) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
        let (l, p) = (live.clone(), peak.clone());
        let tracked = rows.into_iter().map(move |row| {
            l.set(l.get() + 1);
            p.set(p.get().max(l.get()));
            Tracked { row, live: l.clone() }
        });
        let head = Sheet { name: "進捗".to_owned(), hidden: false, date1904: false, rows: vec![], merges: vec![] };
        let mut out = Output::default();
        let read = read_sheet(head, tracked, "f.csv", true, &mut out);
        assert_eq!(live.get(), 0, "every row is dropped by the end");
        (out, read.result, peak.get())
    }

    #[test]
    fn an_action_plan_sheet_is_read_holding_no_more_rows_than_the_look_ahead() {
        let mut csv =
            "都道府県,地方自治体名,タスク,システム,工程,予定開始日,予定終了日,開始日（実績）,終了日（実績）\n"
                .to_owned();
        for i in 0..10_000 {
            csv += &format!(
                "Ａ県,市{i},F-3 既存業務システムの改修,地方税関連システム,工程,2016/4/1,2016/6/30,2016/6/1,\n"
            );
        }
        let (out, result, peak) = read_counting(&csv);
        assert_eq!(result, Ok(()));
        assert_eq!(out.items.len(), 10_000);
        assert!(peak <= layout::LOOK_AHEAD + 1, "{peak} rows held at once");
    }

    #[test]
    fn a_standardisation_sheet_is_read_holding_no_more_rows_than_the_look_ahead() {
        let mut csv = "団体コード,市区町村名,住民記録,戸籍,印鑑登録\n".to_owned();
        for i in 0..10_000 {
            csv += &format!("{:06},市{i},50,40,30\n", 100_000 + i);
        }
        let (out, result, peak) = read_counting(&csv);
        assert_eq!(result, Ok(()));
        assert_eq!(out.systems.reports.len(), 30_000);
        assert!(peak <= layout::LOOK_AHEAD + 1, "{peak} rows held at once");
    }

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
