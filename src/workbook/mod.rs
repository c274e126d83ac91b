//! Reading a workbook from bytes into sparse sheets.
//!
//! The reader never touches a path, so the same code runs in the browser (WASM) and in the CLI.
//! The format is recognised from the bytes, not the file name: .xlsx/.xlsm and .xlsb (zip),
//! .ods (zip with an OpenDocument mimetype), .xls (OLE compound file), HTML tables saved with a
//! spreadsheet name ([`html`]), and text, which is read as CSV/TSV in UTF-8 (with or without
//! BOM), UTF-16 or Shift_JIS/CP932 ([`delimited`]). .xlsx/.xlsm sheets are read by a
//! purpose-built scanner ([`xlsx`]), held cell for cell to calamine
//! ([`read_xlsx_with_calamine`]); calamine reads .xlsb, .xls and .ods.
//!
//! A sheet is delivered row by row ([`stream`], [`SheetRows`], [`SheetVisitor`]): each [`Row`]
//! keeps only the cells that hold something, borrowing shared strings from the workbook where
//! the format allows it. An .xlsx sheet is streamed from the scanner as it is inflated, so a
//! reader that consumes rows as they come never holds the sheet's cells; its merged ranges
//! follow the cells in the file and are given after the last row (a visitor they would have
//! changed is given the sheet again, with them). Every other format is read a sheet at a time
//! into a [`Sheet`] and delivered the same way. [`read`] gathers each sheet whole, for the
//! tests and benchmarks that compare readers.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod delimited;
pub mod guards;
pub mod html;
pub mod spreadsheet_xml;
pub(crate) mod xlsx;

use std::borrow::Cow;
use std::io::{Cursor, Read, Write};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use thiserror::Error;

use crate::limits::Limits;

/// One cell's value as the reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Text, borrowed from the workbook's shared strings where possible.
    Text(Cow<'a, str>),
    /// A number without a date format.
    Number(f64),
    /// A number formatted as a date or time: an Excel serial day number.
    DateSerial(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A formula error such as `#REF!` or `#N/A`, as Excel shows it.
    Error(String),
}

impl Value<'_> {
    /// The text of a text cell.
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The cell as a user would read it in Excel (dates of a 1900-system workbook).
    pub(crate) fn display(&self, date1904: bool) -> String {
        match self {
            Value::Text(t) => t.to_string(),
            Value::Number(n) => format_number(*n),
            Value::DateSerial(n) => match crate::date::from_serial(*n, date1904) {
                Some(d) => d.format("%Y-%m-%d").to_string(),
                None => format_number(*n),
            },
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Error(e) => e.clone(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A non-empty cell: its 0-based column and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<'a> {
    pub col: u32,
    pub value: Value<'a>,
}

/// The non-empty cells of one row, ordered by column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// 0-based row index (Excel shows `index + 1`).
    pub index: u32,
    pub cells: Vec<Cell<'a>>,
}

impl<'a> Row<'a> {
    /// The value at a 0-based column, if the cell is not empty.
    pub(crate) fn get(&self, col: u32) -> Option<&Value<'a>> {
        self.cells.binary_search_by_key(&col, |c| c.col).ok().and_then(|i| self.cells.get(i)).map(|c| &c.value)
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl From<Dimensions> for Merge {
    fn from(d: Dimensions) -> Self {
        Merge { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 }
    }
}

/// One worksheet: its name and its non-empty cells, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet<'a> {
    pub name: String,
    /// Hidden sheets are still examined; the flag lets the UI say so.
    pub hidden: bool,
    /// Whether date serials count from 1904 (old Mac workbooks).
    pub date1904: bool,
    /// Non-empty rows in ascending order.
    pub rows: Vec<Row<'a>>,
    pub merges: Vec<Merge>,
}

/// The formats the reader recognises from a file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
    Delimited,
    /// An HTML page holding tables (a "web page" saved with an .xls name).
    Html,
    /// XML Spreadsheet 2003.
    SpreadsheetXml,
}

/// Why a file could not be read at all.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the workbook is protected by a password; save it without a password and try again")]
    Encrypted,
    #[error("the file is an HTML page without a table; open it in Excel and save it as .xlsx")]
    Html,
    #[error("the file is an XML Spreadsheet 2003 without a worksheet")]
    SpreadsheetXml,
    #[error("the file is not a workbook or CSV file (unrecognised binary content)")]
    NotAWorkbook,
    #[error("the {format:?} workbook is damaged or truncated: {detail}")]
    Corrupt { format: Format, detail: String },
    #[error("a sheet holds more than {limit} cells, over the limit")]
    TooManyCells { limit: u64 },
    #[error("the workbook would inflate to more than {limit} bytes, over the limit")]
    TooLargeUncompressed { limit: u64 },
    #[error("a sheet spans a grid of {cells} cells, over the limit of {limit}")]
    GridTooLarge { cells: u64, limit: u64 },
    #[error("the workbook claims {what}, which cannot be right; it is damaged or crafted")]
    Implausible { what: String },
}

impl Format {
    /// The format's name as people know it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel ブック（.xlsx/.xlsm）",
            Format::Xlsb => "Excel バイナリブック（.xlsb）",
            Format::Ods => "OpenDocument 表計算（.ods）",
            Format::Xls => "Excel 97-2003 ブック（.xls）",
            Format::Delimited => "CSV",
            Format::Html => "HTML 形式の表",
            Format::SpreadsheetXml => "XML スプレッドシート 2003",
        }
    }
}

impl ReadError {
    /// The reason in Japanese, for the page.
    pub(crate) fn message_ja(&self) -> String {
        match self {
            ReadError::Empty => "ファイルが空です。".to_owned(),
            ReadError::TooLarge { size, limit } => {
                format!("ファイルが大きすぎます（{size} バイト。上限は {limit} バイト）。")
            }
            ReadError::Encrypted => {
                "ブックがパスワードで保護されています。パスワードを外して保存し直してから読み込んでください。"
                    .to_owned()
            }
            ReadError::Html => {
                "表を含まない HTML ページです。Excel で開き、.xlsx 形式で保存し直してください。".to_owned()
            }
            ReadError::SpreadsheetXml => "ワークシートを含まない XML スプレッドシート 2003 です。".to_owned(),
            ReadError::NotAWorkbook => "ブックでも CSV でもありません（認識できない形式です）。".to_owned(),
            ReadError::Corrupt { format, .. } => {
                format!("{}が壊れているか、途中で切れています。", format.name())
            }
            ReadError::TooManyCells { limit } => format!("シートのセル数が上限（{limit} セル）を超えています。"),
            ReadError::TooLargeUncompressed { limit } => {
                format!("ブックを展開すると上限（{limit} バイト）を超えます。")
            }
            ReadError::GridTooLarge { cells, limit } => {
                format!("シートの範囲が {cells} セル分あり、上限（{limit} セル）を超えています。")
            }
            ReadError::Implausible { .. } => {
                "ブックの内部情報に矛盾があります（壊れているか、細工されたファイルです）。".to_owned()
            }
        }
    }
}

/// Recognises the format from the first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if bytes.get(30..38) == Some(b"mimetype")
            && find(bytes.get(38..120).unwrap_or_default(), b"opendocument.spreadsheet")
        {
            return Ok(Format::Ods);
        }
        if has_entry(bytes, "xl/workbook.bin") {
            return Ok(Format::Xlsb);
        }
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An encrypted .xlsx is an OLE file holding an "EncryptedPackage" stream.
        if find(bytes, &utf16le("EncryptedPackage")) {
            return Err(ReadError::Encrypted);
        }
        return Ok(Format::Xls);
    }
    let head = String::from_utf8_lossy(bytes.get(..2048).unwrap_or(bytes)).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        if head.contains("urn:schemas-microsoft-com:office:spreadsheet") && !head.contains("<html") {
            return Ok(Format::SpreadsheetXml);
        }
        if head.contains("<html") || head.contains("<table") || head.contains("<!doctype") {
            return Ok(Format::Html);
        }
    }
    if delimited::looks_like_text(bytes) {
        return Ok(Format::Delimited);
    }
    Err(ReadError::NotAWorkbook)
}

/// Whether a zip's directory names the entry `path` (ignoring case and `\\` separators, as
/// Excel does). By the directory, not by the bytes: a stored (uncompressed) sheet whose cell
/// says `xl/workbook.bin` is no .xlsb. A zip whose directory cannot be read has no entry; its
/// reader then reports the damage.
fn has_entry(bytes: &[u8], path: &str) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|zip| zip.file_names().flatten().any(|n| n.replace('\\', "/").eq_ignore_ascii_case(path)))
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// How far reading a workbook has got, for the page's progress indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadProgress<'a> {
    pub sheet: &'a str,
    /// 0-based index of the sheet being read, among `sheets`.
    pub sheet_index: usize,
    pub sheets: usize,
    /// Non-empty rows of this sheet read so far.
    pub rows: usize,
}

/// Rows read between two progress reports.
const PROGRESS_ROWS: usize = 2048;

/// Reads every sheet of the workbook in `bytes`, handing each whole to `visit` in workbook order.
///
/// `file_name` names CSV's single sheet. Errors that stop one sheet but not the others (a
/// damaged sheet part) are reported to `visit_error` with the sheet's name. This gathers each
/// sheet's rows from [`stream`] (the readers of [`crate::load`] consume them as they come).
pub fn read(
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
    visit: &mut dyn FnMut(Sheet<'_>),
    visit_error: &mut dyn FnMut(&str, ReadError),
) -> Result<Format, ReadError> {
    stream(file_name, bytes, limits, &mut Whole { visit, visit_error }, &mut |_| {})
}

/// The visitor of [`read`]: each sheet's rows gathered into a [`Sheet`].
struct Whole<'v> {
    visit: &'v mut dyn FnMut(Sheet<'_>),
    visit_error: &'v mut dyn FnMut(&str, ReadError),
}

impl SheetVisitor for Whole<'_> {
    fn visit(&mut self, sheet: &mut SheetRows<'_, '_>) -> Outcome {
        let rows: Vec<Row<'_>> = sheet.by_ref().collect();
        let Some(merges) = sheet.finish() else { return Outcome::Dropped };
        let merges = merges.to_vec();
        (self.visit)(Sheet { name: sheet.name.clone(), hidden: sheet.hidden, date1904: sheet.date1904, rows, merges });
        Outcome::Kept
    }

    fn error(&mut self, sheet: &str, error: ReadError) {
        (self.visit_error)(sheet, error);
    }
}

/// What reads a workbook's sheets row by row ([`stream`]).
pub trait SheetVisitor {
    /// Reads one sheet from its rows, calling [`SheetRows::finish`] after the last it wants.
    /// What it read is kept ([`Outcome::Kept`]) or dropped ([`Outcome::Dropped`]): when the
    /// rows failed (the sheet then goes to [`SheetVisitor::error`] or is delivered again, whole),
    /// or when the merged ranges it was not given ([`SheetRows::merges`] is `None`) would have
    /// changed what it read (the sheet is then delivered again, with them).
    fn visit(&mut self, sheet: &mut SheetRows<'_, '_>) -> Outcome;
    /// A sheet that could not be read, and why.
    fn error(&mut self, sheet: &str, error: ReadError);
}

/// Whether a [`SheetVisitor`] kept what it read of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Kept,
    Dropped,
}

/// Why a sheet's rows stopped before its end.
enum Stop {
    Failed(ReadError),
    /// A row came after a later one: the rows cannot be streamed in order, so the sheet is
    /// read again whole and put in order (rare: no spreadsheet application writes this).
    Unordered,
}

/// Where a sheet's rows come from.
enum Source<'a> {
    /// A sheet read whole (every format but .xlsx, and an .xlsx sheet out of order).
    Whole(std::vec::IntoIter<Row<'a>>),
    /// The .xlsx scanner: rows assembled from its cells as they are scanned.
    Scan(Box<Assembler<'a>>),
}

/// One sheet delivered row by row: an [`Iterator`] of its non-empty rows in ascending order,
/// each row's cells ordered by column (the last value of a cell written twice wins).
///
/// An .xlsx sheet is streamed from the scanner, so only the row being read is in memory; its
/// merged ranges follow its cells in the file, so they are known only after the last row
/// ([`SheetRows::finish`]). Other formats are read whole first, then delivered the same way.
pub struct SheetRows<'p, 'a> {
    pub name: String,
    /// Hidden sheets are still examined; the flag lets the UI say so.
    pub hidden: bool,
    /// Whether date serials count from 1904 (old Mac workbooks).
    pub date1904: bool,
    merges: Vec<Merge>,
    /// Whether `merges` were known before the rows.
    merges_known: bool,
    source: Source<'a>,
    limits: &'p Limits,
    report: &'p mut dyn FnMut(usize),
    stop: Option<Stop>,
}

impl<'p, 'a> SheetRows<'p, 'a> {
    fn whole(sheet: Sheet<'a>, limits: &'p Limits, report: &'p mut dyn FnMut(usize)) -> Self {
        SheetRows {
            name: sheet.name,
            hidden: sheet.hidden,
            date1904: sheet.date1904,
            merges: sheet.merges,
            merges_known: true,
            source: Source::Whole(sheet.rows.into_iter()),
            limits,
            report,
            stop: None,
        }
    }

    /// The merged ranges, when they were known before the rows (`None`: an .xlsx sheet read for
    /// the first time; [`SheetRows::finish`] gives them).
    pub fn merges(&self) -> Option<&[Merge]> {
        self.merges_known.then_some(self.merges.as_slice())
    }

    /// Reads what is left of the sheet (unread rows are dropped) and gives its merged ranges;
    /// `None` when the sheet could not be read to its end (what was read of it is then to be
    /// dropped).
    pub fn finish(&mut self) -> Option<&[Merge]> {
        while self.next().is_some() {}
        if self.stop.is_some() {
            return None;
        }
        if let Source::Scan(scan) = &mut self.source {
            if !self.merges_known {
                self.merges = scan.cells.merges();
                self.merges_known = true;
            }
        }
        Some(&self.merges)
    }
}

impl<'a> Iterator for SheetRows<'_, 'a> {
    type Item = Row<'a>;

    fn next(&mut self) -> Option<Row<'a>> {
        if self.stop.is_some() {
            return None;
        }
        match &mut self.source {
            Source::Whole(rows) => rows.next(),
            Source::Scan(scan) => match scan.next_row(self.limits, &mut *self.report) {
                Ok(row) => row,
                Err(stop) => {
                    self.stop = Some(stop);
                    None
                }
            },
        }
    }
}

/// Assembles rows from the .xlsx scanner's cells, one row at a time.
struct Assembler<'a> {
    cells: xlsx::SheetCells<'a>,
    /// The first cell of the next row, read while ending the row before.
    pending: Option<(u32, u32, Value<'a>)>,
    /// The index of the last row delivered.
    last: Option<u32>,
    /// Non-empty cells read, against [`Limits::max_cells`].
    count: u64,
    rows: usize,
    reported: usize,
    /// Cells of the last row (rows of a table are alike: room for as many).
    width: usize,
}

impl<'a> Assembler<'a> {
    fn new(cells: xlsx::SheetCells<'a>) -> Self {
        Assembler { cells, pending: None, last: None, count: 0, rows: 0, reported: 0, width: 1 }
    }

    /// The next non-empty cell.
    fn cell(&mut self, limits: &Limits) -> Result<Option<(u32, u32, Value<'a>)>, Stop> {
        loop {
            let Some(((r, c), value)) = self.cells.next_cell().map_err(Stop::Failed)? else { return Ok(None) };
            let Some(value) = value else { continue };
            self.count += 1;
            if self.count > limits.max_cells {
                return Err(Stop::Failed(ReadError::TooManyCells { limit: limits.max_cells }));
            }
            return Ok(Some((r, c, value)));
        }
    }

    fn next_row(&mut self, limits: &Limits, report: &mut dyn FnMut(usize)) -> Result<Option<Row<'a>>, Stop> {
        let mut row: Option<Row<'a>> = None;
        let mut sorted = true;
        loop {
            let next = match self.pending.take() {
                Some(cell) => Some(cell),
                None => self.cell(limits)?,
            };
            let Some((r, c, value)) = next else { break };
            match &mut row {
                Some(current) if current.index == r => {
                    if current.cells.last().is_some_and(|l| l.col >= c) {
                        sorted = false;
                    }
                    current.cells.push(Cell { col: c, value });
                }
                Some(_) => {
                    self.pending = Some((r, c, value));
                    break;
                }
                None => {
                    if self.last.is_some_and(|last| r <= last) {
                        return Err(Stop::Unordered);
                    }
                    let mut cells = Vec::with_capacity(self.width);
                    cells.push(Cell { col: c, value });
                    row = Some(Row { index: r, cells });
                }
            }
        }
        if let Some(row) = &mut row {
            if !sorted {
                normalise_cells(row);
            }
            self.last = Some(row.index);
            self.width = row.cells.len().max(1);
            self.rows += 1;
            if self.rows >= self.reported + PROGRESS_ROWS {
                self.reported = self.rows;
                report(self.rows);
            }
        }
        Ok(row)
    }
}

/// Reads every sheet of the workbook in `bytes` row by row into `visitor`, in workbook order,
/// telling `progress` when each sheet starts and every few thousand rows.
///
/// `file_name` names CSV's single sheet. .xlsx sheets are streamed from the scanner (a sheet is
/// never held whole, unless its rows are out of order); every other format is read a sheet at
/// a time and delivered row by row the same way.
pub(crate) fn stream(
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
    visitor: &mut dyn SheetVisitor,
    progress: &mut dyn FnMut(ReadProgress<'_>),
) -> Result<Format, ReadError> {
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge { size, limit: limits.max_file_bytes });
    }
    let format = sniff(bytes)?;
    match format {
        Format::Xlsx | Format::Ods => guards::check_zip(bytes, limits)?,
        Format::Xlsb => {
            guards::check_zip(bytes, limits)?;
            guards::check_xlsb(bytes)?;
        }
        Format::Xls | Format::Delimited | Format::Html | Format::SpreadsheetXml => {}
    }
    let corrupt = |detail: String| ReadError::Corrupt { format, detail };
    match format {
        Format::Xlsx => {
            let mut wb = xlsx::Workbook::open(bytes)?;
            let date1904 = wb.date1904;
            let list = std::mem::take(&mut wb.sheets);
            let sheets = list.len();
            for (sheet_index, part) in list.into_iter().enumerate() {
                let mut report = |rows| progress(ReadProgress { sheet: &part.name, sheet_index, sheets, rows });
                stream_xlsx_sheet(&mut wb, &part, date1904, limits, visitor, &mut report);
            }
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
            let date1904 = wb.has_1904_epoch();
            let list = sheet_list(wb.sheets_metadata());
            let sheets = list.len();
            for (sheet_index, (name, hidden)) in list.into_iter().enumerate() {
                let mut report = |rows| progress(ReadProgress { sheet: &name, sheet_index, sheets, rows });
                let result =
                    wb.worksheet_cells_reader(&name).map_err(|e| corrupt(e.to_string())).and_then(|mut cells| {
                        collect_rows(limits, &mut report, || {
                            let cell = cells.next_cell().map_err(|e| corrupt(e.to_string()))?;
                            Ok(cell.map(|c| (c.get_position(), value_from_ref(c.get_value().clone()))))
                        })
                    });
                let sheet = result.map(|rows| Sheet { name: name.clone(), hidden, date1904, rows, merges: Vec::new() });
                deliver(visitor, &name, sheet, limits);
            }
        }
        Format::Xls => {
            let (path, mut stream) = xls_workbook_stream(bytes).map_err(corrupt)?;
            guards::defuse_xls_stream(&mut stream, limits)?;
            let rebuilt = rebuild_compound_file(path, &stream).map_err(corrupt)?;
            drop(stream);
            let mut wb = Xls::new(Cursor::new(rebuilt)).map_err(|e| match e {
                calamine::XlsError::Password => ReadError::Encrypted,
                e => corrupt(e.to_string()),
            })?;
            let date1904 = wb.has_1904_epoch();
            let list = sheet_list(wb.sheets_metadata());
            let sheets = list.len();
            for (sheet_index, (name, hidden)) in list.into_iter().enumerate() {
                progress(ReadProgress { sheet: &name, sheet_index, sheets, rows: 0 });
                let merges = wb
                    .merge_cells_by_sheet_name(&name)
                    .map(|m| m.into_iter().map(Merge::from).collect())
                    .unwrap_or_default();
                let sheet = wb
                    .worksheet_range(&name)
                    .map_err(|e| corrupt(e.to_string()))
                    .and_then(|range| rows_from_range(&range, limits))
                    .map(|rows| Sheet { name: name.clone(), hidden, date1904, rows, merges });
                deliver(visitor, &name, sheet, limits);
            }
        }
        Format::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
            let list = sheet_list(wb.sheets_metadata());
            let sheets = list.len();
            for (sheet_index, (name, hidden)) in list.into_iter().enumerate() {
                progress(ReadProgress { sheet: &name, sheet_index, sheets, rows: 0 });
                let sheet = wb
                    .worksheet_range(&name)
                    .map_err(|e| corrupt(e.to_string()))
                    .and_then(|range| rows_from_range(&range, limits))
                    .map(|rows| Sheet { name: name.clone(), hidden, date1904: false, rows, merges: Vec::new() });
                deliver(visitor, &name, sheet, limits);
            }
        }
        Format::SpreadsheetXml => {
            let text = html::decode(bytes);
            let sheets = spreadsheet_xml::sheets(&text, limits)?;
            if sheets.is_empty() {
                return Err(ReadError::SpreadsheetXml);
            }
            for sheet in sheets {
                let name = sheet.name.clone();
                deliver(visitor, &name, Ok(sheet), limits);
            }
        }
        Format::Html => {
            let text = html::decode(bytes);
            let sheets = html::sheets(&text, limits)?;
            if sheets.is_empty() {
                return Err(ReadError::Html);
            }
            for sheet in sheets {
                let name = sheet.name.clone();
                deliver(visitor, &name, Ok(sheet), limits);
            }
        }
        Format::Delimited => {
            progress(ReadProgress { sheet: &sheet_name_of(file_name), sheet_index: 0, sheets: 1, rows: 0 });
            let text = delimited::decode(bytes);
            let rows = delimited::parse(&text.text, limits)?;
            let name = sheet_name_of(file_name);
            let sheet = Sheet { name: name.clone(), hidden: false, date1904: false, rows, merges: Vec::new() };
            deliver(visitor, &name, Ok(sheet), limits);
        }
    }
    Ok(format)
}

/// Hands a sheet read whole to `visitor`, row by row, or its error.
fn deliver(visitor: &mut dyn SheetVisitor, name: &str, sheet: Result<Sheet<'_>, ReadError>, limits: &Limits) {
    match sheet {
        Ok(sheet) => {
            visitor.visit(&mut SheetRows::whole(sheet, limits, &mut |_| {}));
        }
        Err(e) => visitor.error(name, e),
    }
}

/// Streams one .xlsx sheet into `visitor`: as it is scanned, without its merged ranges (they
/// follow the cells); again with them if the visitor finds they would have changed what it read
/// (a header of merged cells); whole and put in order if its rows are out of order.
fn stream_xlsx_sheet(
    wb: &mut xlsx::Workbook<'_>,
    part: &xlsx::SheetPart,
    date1904: bool,
    limits: &Limits,
    visitor: &mut dyn SheetVisitor,
    report: &mut dyn FnMut(usize),
) {
    let mut known: Option<Vec<Merge>> = None;
    loop {
        let cells = match wb.cells(part) {
            Ok(cells) => cells,
            Err(e) => return visitor.error(&part.name, e),
        };
        let first = known.is_none();
        report(0);
        let mut rows = SheetRows {
            name: part.name.clone(),
            hidden: part.hidden,
            date1904,
            merges_known: known.is_some(),
            merges: known.take().unwrap_or_default(),
            source: Source::Scan(Box::new(Assembler::new(cells))),
            limits,
            report: &mut *report,
            stop: None,
        };
        let outcome = visitor.visit(&mut rows);
        let (stop, merges_known, merges) = (rows.stop.take(), rows.merges_known, std::mem::take(&mut rows.merges));
        drop(rows);
        match (outcome, stop) {
            (Outcome::Kept, _) => return,
            (Outcome::Dropped, Some(Stop::Failed(e))) => return visitor.error(&part.name, e),
            (Outcome::Dropped, Some(Stop::Unordered)) => break,
            // Read again, now with the merged ranges.
            (Outcome::Dropped, None) if first && merges_known => {
                known = Some(merges);
            }
            (Outcome::Dropped, None) => return,
        }
    }
    let sheet = wb.cells(part).and_then(|mut cells| {
        let rows = collect_rows(limits, &mut *report, || cells.next_cell())?;
        Ok(Sheet { name: part.name.clone(), hidden: part.hidden, date1904, rows, merges: cells.merges() })
    });
    deliver(visitor, &part.name, sheet, limits);
}

/// The sheets of an .xlsx as calamine reads them: the reference that the scanner ([`xlsx`]) is
/// held to, cell for cell (tests/scanner.rs, the `scanner` fuzz target) and timed against (the
/// benchmarks). [`read`] does not use it.
pub fn read_xlsx_with_calamine(
    bytes: &[u8],
    limits: &Limits,
    visit: &mut dyn FnMut(Sheet<'_>),
    visit_error: &mut dyn FnMut(&str, ReadError),
) -> Result<(), ReadError> {
    let format = Format::Xlsx;
    let corrupt = |detail: String| ReadError::Corrupt { format, detail };
    guards::check_zip(bytes, limits)?;
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_error(format, e))?;
    let date1904 = wb.has_1904_epoch();
    for (name, hidden) in sheet_list(wb.sheets_metadata()) {
        let merges =
            wb.merge_cells_by_sheet_name(&name).map(|m| m.into_iter().map(Merge::from).collect()).unwrap_or_default();
        let result = wb.worksheet_cells_reader(&name).map_err(|e| corrupt(e.to_string())).and_then(|mut cells| {
            collect_rows(limits, &mut |_| {}, || {
                let cell = cells.next_cell().map_err(|e| corrupt(e.to_string()))?;
                Ok(cell.map(|c| (c.get_position(), value_from_ref(c.get_value().clone()))))
            })
        });
        match result {
            Ok(rows) => visit(Sheet { name, hidden, date1904, rows, merges }),
            Err(e) => visit_error(&name, e),
        }
    }
    Ok(())
}

/// The workbook stream of an .xls compound file, read with the `cfb` crate, which checks
/// the file's structure (calamine 0.38's own reader panics on some damaged sector chains).
fn xls_workbook_stream(bytes: &[u8]) -> Result<(&'static str, Vec<u8>), String> {
    let mut source = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let path = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|p| source.is_stream(p))
        .ok_or_else(|| "no Workbook stream".to_owned())?;
    let mut data = Vec::new();
    source.open_stream(path).and_then(|mut s| s.read_to_end(&mut data)).map_err(|e| e.to_string())?;
    Ok((path, data))
}

/// A freshly written, well-formed compound file holding only the workbook stream, for
/// calamine to read.
fn rebuild_compound_file(path: &str, data: &[u8]) -> Result<Vec<u8>, String> {
    let mut target =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(|e| e.to_string())?;
    let mut stream = target.create_stream(path).map_err(|e| e.to_string())?;
    stream.write_all(data).and_then(|()| stream.flush()).map_err(|e| e.to_string())?;
    drop(stream);
    target.flush().map_err(|e| e.to_string())?;
    Ok(target.into_inner().into_inner())
}

fn xlsx_error(format: Format, e: calamine::XlsxError) -> ReadError {
    let detail = e.to_string();
    if detail.to_ascii_lowercase().contains("password") || detail.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt { format, detail }
    }
}

fn sheet_list(meta: &[calamine::Sheet]) -> Vec<(String, bool)> {
    meta.iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// The name a CSV file's only sheet takes: the file name without directories and extension.
fn sheet_name_of(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => base.to_owned(),
    }
}

fn value_from_ref(d: DataRef<'_>) -> Option<Value<'_>> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::SharedString("") => return None,
        DataRef::String(s) if s.is_empty() => return None,
        DataRef::SharedString(s) => Value::Text(Cow::Borrowed(s)),
        DataRef::String(s) => Value::Text(Cow::Owned(s)),
        DataRef::Int(i) => Value::Number(i as f64),
        DataRef::Float(f) => Value::Number(f),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => Value::DateSerial(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(Cow::Owned(s)),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

fn value_from_data(d: &Data) -> Option<Value<'static>> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(Cow::Owned(s.clone())),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => Value::DateSerial(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(Cow::Owned(s.clone())),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

/// Gathers streamed cells into ordered rows, stopping at the cell limit.
fn collect_rows<'a>(
    limits: &Limits,
    report: &mut dyn FnMut(usize),
    mut next: impl FnMut() -> Result<Option<((u32, u32), Option<Value<'a>>)>, ReadError>,
) -> Result<Vec<Row<'a>>, ReadError> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    let mut count: u64 = 0;
    let mut sorted = true;
    let mut reported = 0;
    report(0);
    while let Some(((r, c), value)) = next()? {
        if rows.len() >= reported + PROGRESS_ROWS {
            reported = rows.len();
            report(reported);
        }
        let Some(value) = value else { continue };
        count += 1;
        if count > limits.max_cells {
            return Err(ReadError::TooManyCells { limit: limits.max_cells });
        }
        push_cell(&mut rows, &mut sorted, r, c, value);
    }
    if !sorted {
        normalise(&mut rows);
    }
    Ok(rows)
}

fn push_cell<'a>(rows: &mut Vec<Row<'a>>, sorted: &mut bool, r: u32, c: u32, value: Value<'a>) {
    match rows.last_mut() {
        Some(last) if last.index == r => {
            if last.cells.last().is_some_and(|l| l.col >= c) {
                *sorted = false;
            }
            last.cells.push(Cell { col: c, value });
        }
        last => {
            if last.as_ref().is_some_and(|l| l.index > r) {
                *sorted = false;
            }
            // Rows of a table are alike: room for as many cells as the last one had.
            let mut cells = Vec::with_capacity(last.map_or(1, |l| l.cells.len().max(1)));
            cells.push(Cell { col: c, value });
            rows.push(Row { index: r, cells });
        }
    }
}

/// Orders rows and cells and merges duplicate rows (the last value of a cell wins).
fn normalise(rows: &mut Vec<Row<'_>>) {
    rows.sort_by_key(|r| r.index);
    let mut merged: Vec<Row<'_>> = Vec::with_capacity(rows.len());
    for row in rows.drain(..) {
        match merged.last_mut() {
            Some(last) if last.index == row.index => last.cells.extend(row.cells),
            _ => merged.push(row),
        }
    }
    for row in &mut merged {
        normalise_cells(row);
    }
    *rows = merged;
}

/// Orders a row's cells by column (the last value of a cell written twice wins).
fn normalise_cells(row: &mut Row<'_>) {
    row.cells.sort_by_key(|c| c.col);
    row.cells.dedup_by(|later, earlier| {
        if later.col == earlier.col {
            std::mem::swap(later, earlier);
            true
        } else {
            false
        }
    });
}

fn rows_from_range(range: &calamine::Range<Data>, limits: &Limits) -> Result<Vec<Row<'static>>, ReadError> {
    let mut rows = Vec::new();
    let mut sorted = true;
    let mut count: u64 = 0;
    for (r, c, d) in range.used_cells() {
        let Some(value) = value_from_data(d) else { continue };
        count += 1;
        if count > limits.max_cells {
            return Err(ReadError::TooManyCells { limit: limits.max_cells });
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        push_cell(&mut rows, &mut sorted, r0 + r as u32, c0 + c as u32, value);
    }
    if !sorted {
        normalise(&mut rows);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_reported_as_empty() {
        assert!(matches!(sniff(b""), Err(ReadError::Empty)));
    }

    #[test]
    fn html_saved_as_xls_is_named_as_html() {
        assert!(matches!(sniff(b"<html><body><table><tr><td>x</td></tr></table>"), Ok(Format::Html)));
    }

    #[test]
    fn binary_garbage_is_not_a_workbook() {
        assert!(matches!(sniff(&[0u8, 1, 2, 3, 0, 0, 255, 254, 0, 7]), Err(ReadError::NotAWorkbook)));
    }

    #[test]
    fn a_csv_sheet_is_named_after_the_file() {
        assert_eq!(sheet_name_of("C:\\data\\回答結果.csv"), "回答結果");
        assert_eq!(sheet_name_of("dir/plan"), "plan");
    }

    #[test]
    fn out_of_order_cells_are_sorted_and_the_last_value_wins() {
        let mut rows = vec![];
        let mut sorted = true;
        for (r, c, v) in [(2, 1, 1.0), (0, 3, 2.0), (0, 1, 3.0), (0, 1, 4.0)] {
            push_cell(&mut rows, &mut sorted, r, c, Value::Number(v));
        }
        assert!(!sorted);
        normalise(&mut rows);
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(rows[0].cells.iter().map(|c| c.col).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(rows[0].get(1), Some(&Value::Number(4.0)));
    }
}
