//! The .xlsx/.xlsm reader: a purpose-built scanner of the sheet XML, checked cell for cell
//! against calamine (tests/scanner.rs, fuzz target `scanner`).
//!
//! Each sheet part is inflated once, in large chunks, and scanned once with SIMD byte search
//! (memchr): rows, cells and their values, and after `</sheetData>` the `<mergeCells>` element.
//! The shared strings are one text buffer plus offsets, so a cell of a shared string borrows
//! from it and costs no allocation; numbers are parsed from the bytes in place.
//!
//! What a cell holds is what calamine 0.38 reads from the same bytes, quirks included (it is the
//! reference the tests hold this reader to): the value types of the format (`s`, `inlineStr`,
//! `str`, `n`, `b`, `e`, `d`), rich text and phonetic runs, cells and rows without an `r`,
//! date styles (built-in ids and custom formats, as calamine classifies them), XML entities and
//! Excel's `_xHHHH_` escapes, `xml:space`. Where calamine refuses a sheet (a malformed
//! reference, an unknown cell type, a shared string index past the table, a damaged part) this
//! reader refuses it too. The workbook's metadata is read more leniently than calamine reads it:
//! a sheet whose relationship is missing is skipped, a styles part that cannot be parsed gives
//! no date styles; calamine refuses those workbooks whole (documented in tests/scanner.rs).
//!
//! Nothing a part claims is trusted: [`super::guards::check_zip`] has checked the sizes the zip
//! directory claims, and the zip reader yields no more than the claim.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Format, Merge, ReadError, Value};

/// Bytes inflated per step of a scan.
const CHUNK: usize = 256 * 1024;
/// The longest workbook, relationships or styles part read.
const MAX_SMALL_PART: u64 = 16 << 20;
/// The most merged ranges kept for one sheet (an 8 MB `<mergeCells>` element holds about this
/// many); beyond, the rest are ignored.
const MAX_MERGES: usize = 300_000;

fn corrupt(detail: impl Into<String>) -> ReadError {
    ReadError::Corrupt { format: Format::Xlsx, detail: detail.into() }
}

// ---------------------------------------------------------------------------------------------
// The workbook: sheets, date system, date styles, shared strings.

/// One worksheet as the workbook part lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SheetPart {
    pub name: String,
    pub hidden: bool,
    /// The part's path in the zip.
    path: String,
}

/// The shared strings: one text buffer and where each string ends in it.
#[derive(Debug, Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = match index.checked_sub(1) {
            Some(prev) => *self.ends.get(prev)?,
            None => 0,
        };
        self.text.get(start..end)
    }
}

/// What the cells of every sheet are read against.
pub(crate) struct Workbook<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
    pub sheets: Vec<SheetPart>,
    pub date1904: bool,
    /// Per cell style (`s`), whether its number format is a date or time.
    date_styles: Vec<bool>,
    pub strings: SharedStrings,
}

impl<'b> Workbook<'b> {
    /// Opens the workbook: its sheet list, date system, date styles and shared strings.
    pub(crate) fn open(bytes: &'b [u8]) -> Result<Self, ReadError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
        let workbook = office_document(&mut zip);
        let (dir, file) = workbook.rsplit_once('/').map_or(("", workbook.as_str()), |(d, f)| (d, f));
        let dir = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let rels = read_small(&mut zip, &format!("{dir}_rels/{file}.rels")).unwrap_or_default();
        let targets: HashMap<String, Relationship> =
            relationships(&rels).into_iter().map(|r| (r.id.clone(), r)).collect();
        let xml = read_small(&mut zip, &workbook).ok_or_else(|| corrupt("no workbook part"))?;
        let (sheets, date1904) = workbook_sheets(&xml, &targets, &dir);
        let date_styles =
            read_small(&mut zip, &format!("{dir}styles.xml")).map(|x| date_styles(&x)).unwrap_or_default();
        let strings = match entry_index(&zip, &format!("{dir}sharedStrings.xml")) {
            Some(index) => {
                let part = zip.by_index(index).map_err(|e| corrupt(e.to_string()))?;
                shared_strings(part)?
            }
            None => SharedStrings::default(),
        };
        Ok(Workbook { zip, sheets, date1904, date_styles, strings })
    }

    /// Starts reading the cells of a sheet.
    pub(crate) fn cells<'w>(&'w mut self, sheet: &SheetPart) -> Result<SheetCells<'w>, ReadError> {
        let index = entry_index(&self.zip, &sheet.path).ok_or_else(|| corrupt(format!("no part {}", sheet.path)))?;
        let part = self.zip.by_index(index).map_err(|e| corrupt(e.to_string()))?;
        let mut tokens = Tokens::new(Box::new(part));
        // Before <sheetData>: the dimension, as calamine checks it.
        loop {
            let Some(token) = tokens.next()? else { return Err(corrupt("no sheetData in the worksheet")) };
            if token.kind != Kind::Start {
                continue;
            }
            match local_name(tokens.name(&token)) {
                b"dimension" => match raw_attr(tokens.attrs(&token), b"ref")? {
                    Some(r) => {
                        dimension(r)?;
                    }
                    None => return Err(corrupt("a dimension without ref")),
                },
                b"sheetData" => break,
                _ => {}
            }
        }
        Ok(SheetCells {
            tokens,
            strings: &self.strings,
            date_styles: &self.date_styles,
            row: 0,
            col: 0,
            text: String::new(),
            scratch: Scratch::default(),
            done: false,
        })
    }
}

/// The workbook part's path, from the package relationships (as calamine finds it).
fn office_document(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> String {
    read_small(zip, "_rels/.rels")
        .and_then(|rels| {
            relationships(&rels)
                .into_iter()
                .find(|r| r.kind.ends_with("/relationships/officeDocument"))
                .map(|r| r.target)
        })
        .map_or_else(|| "xl/workbook.xml".to_owned(), |t| t.strip_prefix('/').unwrap_or(&t).to_owned())
}

/// The worksheets (not chart or dialog sheets) of a workbook part and its date system.
fn workbook_sheets(xml: &[u8], targets: &HashMap<String, Relationship>, dir: &str) -> (Vec<SheetPart>, bool) {
    let mut sheets = Vec::new();
    let mut date1904 = false;
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sheet" => {
                    let name = attribute(&e, |key| key == "name");
                    let id = attribute(&e, |key| key == "id" || key.rsplit(':').next() == Some("id"));
                    let hidden =
                        attribute(&e, |key| key == "state").is_some_and(|s| s == "hidden" || s == "veryHidden");
                    let Some(rel) = id.and_then(|id| targets.get(&id)) else { continue };
                    if !rel.kind.ends_with("/worksheet") {
                        continue;
                    }
                    let path =
                        rel.target.strip_prefix('/').map_or_else(|| format!("{dir}{}", rel.target), str::to_owned);
                    sheets.push(SheetPart { name: name.unwrap_or_default(), hidden, path });
                }
                "workbookPr" => {
                    if let Some(v) = attribute(&e, |key| key == "date1904") {
                        date1904 = v == "1" || v == "true";
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (sheets, date1904)
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &[u8]) -> Vec<Relationship> {
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                out.push(Relationship {
                    id: attribute(&e, |k| k == "Id").unwrap_or_default(),
                    kind: attribute(&e, |k| k == "Type").unwrap_or_default(),
                    target: attribute(&e, |k| k == "Target").unwrap_or_default(),
                });
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The value of the first attribute whose raw key `matches`, its references resolved (as
/// calamine decodes names and format codes: no whitespace normalisation).
fn attribute(e: &BytesStart<'_>, matches: impl Fn(&str) -> bool) -> Option<String> {
    let a = e.attributes().flatten().find(|a| matches(a.key.as_ref()))?;
    quick_xml::escape::unescape(&a.value).ok().map(Cow::into_owned)
}

/// A zip entry by path, ignoring case and `\` separators as Excel does.
fn entry_index(zip: &zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<usize> {
    if let Some(i) = zip.index_for_name(path) {
        return Some(i);
    }
    let wanted = path.replace('\\', "/").to_ascii_lowercase();
    let found = zip.file_names().flatten().find(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)?.into_owned();
    zip.index_for_name(&found)
}

fn read_small(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<Vec<u8>> {
    let index = entry_index(zip, path)?;
    let entry = zip.by_index(index).ok()?;
    let mut data = Vec::new();
    entry.take(MAX_SMALL_PART).read_to_end(&mut data).ok()?;
    Some(data)
}

/// Per cell style (`<cellXfs>`'s `<xf>` in order), whether its number format is a date or time
/// format: a built-in date id, or a custom format with date tokens (calamine's rules).
fn date_styles(xml: &[u8]) -> Vec<bool> {
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    let mut in_cell_xfs = false;
    let mut in_num_fmts = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "numFmts" => in_num_fmts = true,
                "numFmt" if in_num_fmts => {
                    let id = raw_attribute(&e, "numFmtId");
                    let code = attribute(&e, |k| k == "formatCode");
                    if let (Some(id), Some(code)) = (id, code) {
                        custom.insert(id, code);
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    out.push(raw_attribute(&e, "numFmtId").is_some_and(|id| match custom.get(&id) {
                        Some(code) => is_date_format(code),
                        None => is_builtin_date(&id),
                    }))
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == "numFmts" => in_num_fmts = false,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// An attribute's value as written (calamine looks number format ids up unescaped).
fn raw_attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.into_owned())
}

/// Built-in number formats that show a date, time or duration (ECMA-376 18.8.30 and the
/// East Asian ids), as calamine 0.38 lists them.
fn is_builtin_date(id: &str) -> bool {
    matches!(
        id,
        "14" | "15"
            | "16"
            | "17"
            | "18"
            | "19"
            | "20"
            | "21"
            | "22"
            | "45"
            | "46"
            | "47"
            | "27"
            | "28"
            | "29"
            | "30"
            | "31"
            | "32"
            | "33"
            | "34"
            | "35"
            | "36"
            | "50"
            | "51"
            | "52"
            | "53"
            | "54"
            | "55"
            | "56"
            | "57"
            | "58"
    )
}

/// Whether a custom number format shows a date, time or duration: calamine 0.38's
/// `detect_custom_number_format` (date tokens in the first section, outside quotes, escapes
/// and `[...]`, an `[h]`-style elapsed time, AM/PM).
fn is_date_format(format: &str) -> bool {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return false,
            ('[', ..) => brackets = brackets.wrapping_add(1),
            (']', .., 1) if hms => return true,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return true,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return true,
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    false
}

/// Reads the shared strings part into one buffer.
fn shared_strings(part: impl Read) -> Result<SharedStrings, ReadError> {
    let mut tokens = Tokens::new(Box::new(part));
    let mut out = SharedStrings::default();
    let mut scratch = Scratch::default();
    loop {
        let Some(token) = tokens.next()? else { return Err(corrupt("no sst in the shared strings")) };
        if token.kind == Kind::Start && local_name(tokens.name(&token)) == b"sst" {
            // calamine reads the claimed count (to reserve room, which this reader does not):
            // a malformed attribute before it is an error there, so here too.
            raw_attr(tokens.attrs(&token), b"uniqueCount")?;
            break;
        }
    }
    loop {
        let Some(token) = tokens.next()? else { return Err(corrupt("the shared strings are cut short")) };
        match token.kind {
            Kind::Start if local_name(tokens.name(&token)) == b"si" => {
                let mut closing = std::mem::take(&mut scratch.child);
                closing.clear();
                closing.extend_from_slice(tokens.name(&token));
                read_string(&mut tokens, &closing, &mut out.text, &mut scratch)?;
                scratch.child = closing;
                out.ends.push(out.text.len());
            }
            Kind::End if local_name(tokens.name(&token)) == b"sst" => {
                tokens.check_read()?;
                return Ok(out);
            }
            _ => {}
        }
    }
}

/// Appends the text of a string item (`<si>`, `<is>`) to `out`, up to the end tag named
/// `closing`: its `<t>` runs, rich-text runs included, phonetic runs (`<rPh>`) left out.
fn read_string(
    tokens: &mut Tokens<'_>,
    closing: &[u8],
    out: &mut String,
    scratch: &mut Scratch,
) -> Result<(), ReadError> {
    let mut phonetic = false;
    let Scratch { run, name, .. } = scratch;
    loop {
        let Some(token) = tokens.next()? else { return Err(corrupt("a string cut short")) };
        match token.kind {
            Kind::Start => match local_name(tokens.name(&token)) {
                b"rPh" => phonetic = true,
                b"t" if !phonetic => {
                    let preserve = raw_attr(tokens.attrs(&token), b"xml:space")? == Some(b"preserve".as_slice());
                    name.clear();
                    name.extend_from_slice(tokens.name(&token));
                    run.clear();
                    loop {
                        let Some(inner) = tokens.next()? else { return Err(corrupt("a text run cut short")) };
                        match inner.kind {
                            Kind::Text => unescape_text(tokens.bytes(&inner), run)?,
                            Kind::CData => normalise_eols(tokens.bytes(&inner), run),
                            Kind::End if tokens.name(&inner) == name.as_slice() => break,
                            _ => {}
                        }
                    }
                    let text = std::str::from_utf8(run).map_err(|_| corrupt("text that is not UTF-8"))?;
                    let text = if preserve { text } else { text.trim_matches([' ', '\t', '\r', '\n']) };
                    unescape_excel(text, out);
                }
                _ => {}
            },
            Kind::End if tokens.name(&token) == closing => return Ok(()),
            Kind::End if local_name(tokens.name(&token)) == b"rPh" => phonetic = false,
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The cells of a sheet.

/// Buffers reused from one string or cell to the next.
#[derive(Default)]
struct Scratch {
    /// The text of a run or value.
    run: Vec<u8>,
    /// The qualified name of the element being read.
    name: Vec<u8>,
    /// The qualified name of a cell's child element.
    child: Vec<u8>,
}

/// The cells of one sheet in document order, then its merged ranges.
pub(crate) struct SheetCells<'w> {
    tokens: Tokens<'w>,
    strings: &'w SharedStrings,
    date_styles: &'w [bool],
    /// Where a row or cell without `r` goes.
    row: u32,
    col: u32,
    /// The text of an inline string.
    text: String,
    scratch: Scratch,
    done: bool,
}

/// A cell's position (0-based row, column) and value (`None`: empty).
pub(crate) type ScannedCell<'s> = ((u32, u32), Option<Value<'s>>);

impl<'w> SheetCells<'w> {
    /// The next cell, empty ones included; `None` after `</sheetData>`.
    pub(crate) fn next_cell(&mut self) -> Result<Option<ScannedCell<'w>>, ReadError> {
        if self.done {
            return Ok(None);
        }
        loop {
            let Some(token) = self.tokens.next()? else { return Err(corrupt("the sheet data is cut short")) };
            match token.kind {
                Kind::Start => match local_name(self.tokens.name(&token)) {
                    b"row" => {
                        if let Some(r) = raw_attr(self.tokens.attrs(&token), b"r")? {
                            self.row = reference(r)?.0;
                        }
                    }
                    b"c" => return self.cell(&token).map(Some),
                    _ => {}
                },
                Kind::End => match local_name(self.tokens.name(&token)) {
                    b"row" => {
                        self.row = self.row.wrapping_add(1);
                        self.col = 0;
                    }
                    b"sheetData" => {
                        self.tokens.check_read()?;
                        self.done = true;
                        return Ok(None);
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// One `<c>` element, its start tag just read.
    fn cell(&mut self, start: &Token) -> Result<ScannedCell<'w>, ReadError> {
        let (r, s, t) = cell_attrs(self.tokens.attrs(start))?;
        let pos = match r {
            Some(r) => {
                let (row, col) = reference(r)?;
                let col = col.ok_or_else(|| corrupt("a cell reference without a column"))?;
                self.col = col;
                (row, col)
            }
            None => (self.row, self.col),
        };
        let date = match s {
            Some(s) => self.date_styles.get(parse_index(s)).copied().unwrap_or(false),
            None => false,
        };
        let kind = match t {
            None => CellType::Absent,
            Some(b"s") => CellType::Shared,
            Some(b"n") => CellType::Number,
            Some(b"b") => CellType::Bool,
            Some(b"e") => CellType::Error,
            Some(b"str") => CellType::Formula,
            Some(b"d") => CellType::Date,
            Some(b"inlineStr" | b"is") => CellType::Inline,
            Some(other) => CellType::Other(String::from_utf8_lossy(other).into_owned()),
        };
        let mut value = None;
        loop {
            let Some(token) = self.tokens.next()? else { return Err(corrupt("a cell cut short")) };
            match token.kind {
                Kind::Start => {
                    let mut name = std::mem::take(&mut self.scratch.child);
                    name.clear();
                    name.extend_from_slice(self.tokens.name(&token));
                    value = match local_name(&name) {
                        b"is" => {
                            self.text.clear();
                            read_string(&mut self.tokens, &name, &mut self.text, &mut self.scratch)?;
                            text_value(std::mem::take(&mut self.text))
                        }
                        b"v" if kind == CellType::Inline => {
                            self.tokens.skip_to_end(&name)?;
                            None
                        }
                        b"v" => self.value(&name, &kind, date)?,
                        b"f" => {
                            self.tokens.skip_to_end(&name)?;
                            None
                        }
                        _ => return Err(corrupt("an unexpected element in a cell")),
                    };
                    self.scratch.child = name;
                }
                Kind::End if local_name(self.tokens.name(&token)) == b"c" => break,
                _ => {}
            }
        }
        self.col = self.col.wrapping_add(1);
        Ok((pos, value))
    }

    /// The value of a `<v>` element named `name`, its start tag just read.
    fn value(&mut self, name: &[u8], kind: &CellType, date: bool) -> Result<Option<Value<'w>>, ReadError> {
        match kind {
            CellType::Absent | CellType::Shared | CellType::Number | CellType::Bool | CellType::Error => {
                // calamine reads these from the first text event alone, raw.
                let Some(token) = self.tokens.next()? else { return Err(corrupt("a value cut short")) };
                let value = match token.kind {
                    Kind::End if self.tokens.name(&token) == name => return Ok(None),
                    Kind::Text => {
                        let raw = self.tokens.bytes(&token);
                        let raw = raw.get(..memchr::memchr(b'&', raw).unwrap_or(raw.len())).unwrap_or_default();
                        if raw.is_empty() {
                            None
                        } else {
                            let v = std::str::from_utf8(raw).map_err(|_| corrupt("a value that is not UTF-8"))?;
                            plain_value(v, kind, date, self.strings)?
                        }
                    }
                    _ => None,
                };
                self.tokens.skip_to_end(name)?;
                Ok(value)
            }
            CellType::Formula | CellType::Date | CellType::Other(_) | CellType::Inline => {
                let mut raw = Vec::new();
                loop {
                    let Some(token) = self.tokens.next()? else { return Err(corrupt("a value cut short")) };
                    match token.kind {
                        Kind::Text => unescape_text(self.tokens.bytes(&token), &mut raw)?,
                        Kind::End if self.tokens.name(&token) == name => break,
                        _ => {}
                    }
                }
                let v = String::from_utf8(raw).map_err(|_| corrupt("a value that is not UTF-8"))?;
                match kind {
                    CellType::Formula => {
                        let mut text = String::with_capacity(v.len());
                        unescape_excel(&v, &mut text);
                        Ok(text_value(text))
                    }
                    // An ISO 8601 date or time, as written (calamine's DateTimeIso).
                    CellType::Date => Ok(Some(Value::Text(Cow::Owned(v)))),
                    CellType::Other(t) => Err(corrupt(format!("an unknown cell type {t:?}"))),
                    _ => Ok(None),
                }
            }
        }
    }

    /// The merged ranges of the sheet, read after its cells: `<mergeCell ref=…>` elements up to
    /// the end of the part. A damaged tail gives the ranges found before it.
    pub(crate) fn merges(&mut self) -> Vec<Merge> {
        let mut out = Vec::new();
        while !self.done {
            match self.next_cell() {
                Ok(Some(_)) => {}
                _ => return out,
            }
        }
        while let Ok(Some(token)) = self.tokens.next() {
            if token.kind == Kind::Start && local_name(self.tokens.name(&token)) == b"mergeCell" {
                let r = raw_attr(self.tokens.attrs(&token), b"ref").ok().flatten();
                if let Some(merge) = r.and_then(|r| std::str::from_utf8(r).ok()).and_then(parse_range) {
                    out.push(merge);
                    if out.len() >= MAX_MERGES {
                        break;
                    }
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CellType {
    Absent,
    Shared,
    Number,
    Bool,
    Error,
    Formula,
    Date,
    Inline,
    Other(String),
}

/// A text value; empty text is an empty cell.
fn text_value<'s>(text: String) -> Option<Value<'s>> {
    (!text.is_empty()).then_some(Value::Text(Cow::Owned(text)))
}

/// The value of a number, shared string, boolean or error cell from its raw text.
fn plain_value<'s>(
    v: &str,
    kind: &CellType,
    date: bool,
    strings: &'s SharedStrings,
) -> Result<Option<Value<'s>>, ReadError> {
    match kind {
        CellType::Shared => {
            let text = strings
                .get(parse_index(v.as_bytes()))
                .ok_or_else(|| corrupt("a shared string index past the table"))?;
            Ok((!text.is_empty()).then_some(Value::Text(Cow::Borrowed(text))))
        }
        CellType::Bool => {
            let b = v.trim();
            if b.is_empty() {
                Ok(None)
            } else if b == "0" || b.eq_ignore_ascii_case("false") {
                Ok(Some(Value::Bool(false)))
            } else if b == "1" || b.eq_ignore_ascii_case("true") {
                Ok(Some(Value::Bool(true)))
            } else {
                Err(corrupt(format!("a boolean cell holding {v:?}")))
            }
        }
        CellType::Error => match v {
            "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!" => {
                Ok(Some(Value::Error(v.to_owned())))
            }
            _ => Err(corrupt(format!("an unknown error value {v:?}"))),
        },
        _ => match fast_float2::parse::<f64, _>(v.as_bytes()) {
            Ok(n) if date => Ok(Some(Value::DateSerial(n))),
            Ok(n) => Ok(Some(Value::Number(n))),
            Err(_) if *kind == CellType::Absent => Ok(Some(Value::Text(Cow::Owned(v.to_owned())))),
            Err(_) => Err(corrupt(format!("a number cell holding {v:?}"))),
        },
    }
}

/// A style or shared-string index: decimal digits, anything else (or an overflow) is 0, as
/// calamine reads them.
fn parse_index(digits: &[u8]) -> usize {
    if digits.is_empty() {
        return 0;
    }
    let mut n: usize = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return 0;
        }
        match n.checked_mul(10).and_then(|n| n.checked_add(usize::from(d - b'0'))) {
            Some(m) => n = m,
            None => return 0,
        }
    }
    n
}

/// The `r`, `s` and `t` attributes of a `<c>` start tag, read as calamine reads them (a
/// malformed attribute before all three are found is an error).
type CellAttrs<'t> = (Option<&'t [u8]>, Option<&'t [u8]>, Option<&'t [u8]>);

fn cell_attrs(attrs: &[u8]) -> Result<CellAttrs<'_>, ReadError> {
    let (mut r, mut s, mut t) = (None, None, None);
    let mut found = 0;
    for item in (RawAttrs { raw: attrs, pos: 0 }) {
        let (k, v) = item?;
        match k {
            b"r" => r = Some(v),
            b"s" => s = Some(v),
            b"t" => t = Some(v),
            _ => continue,
        }
        found += 1;
        if found == 3 {
            break;
        }
    }
    Ok((r, s, t))
}

/// The first attribute named `name`, raw.
fn raw_attr<'t>(attrs: &'t [u8], name: &[u8]) -> Result<Option<&'t [u8]>, ReadError> {
    for item in (RawAttrs { raw: attrs, pos: 0 }) {
        let (k, v) = item?;
        if k == name {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// Attributes as calamine's `RawAttrIter` reads them: `key = "value"` or `'value'`, a key
/// without `=` or an unquoted value being an error.
struct RawAttrs<'t> {
    raw: &'t [u8],
    pos: usize,
}

impl<'t> Iterator for RawAttrs<'t> {
    type Item = Result<(&'t [u8], &'t [u8]), ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.raw.get(self.pos..)?;
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let rest = rest.get(skip..)?;
        if rest.is_empty() {
            self.pos = self.raw.len();
            return None;
        }
        let Some(eq) = memchr::memchr(b'=', rest) else {
            self.pos = self.raw.len();
            return Some(Err(corrupt("an attribute without a value")));
        };
        let key = rest.get(..eq).unwrap_or_default().trim_ascii_end();
        let after = rest.get(eq + 1..).unwrap_or_default();
        let ws = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let after = after.get(ws..).unwrap_or_default();
        let quote = match after.first() {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.pos = self.raw.len();
                return Some(Err(corrupt("an unquoted attribute value")));
            }
        };
        let body = after.get(1..).unwrap_or_default();
        let len = memchr::memchr(quote, body).unwrap_or(body.len());
        let value = body.get(..len).unwrap_or_default();
        let consumed = skip + eq + 1 + ws + 1 + len + usize::from(len < body.len());
        self.pos = self.pos.saturating_add(consumed);
        Some(Ok((key, value)))
    }
}

/// A cell reference (`B3`, `$B$3`, a row `3`) as calamine reads it: 0-based row and, if there
/// are letters, column. Arithmetic wraps as calamine's does in a release build.
fn reference(text: &[u8]) -> Result<(u32, Option<u32>), ReadError> {
    let bad = || corrupt(format!("a malformed cell reference {:?}", String::from_utf8_lossy(text)));
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    let mut in_row = false;
    for &b in text {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' if !in_row => {
                col = col.wrapping_mul(26).wrapping_add(u32::from(b.to_ascii_uppercase() - b'A') + 1);
            }
            b'0'..=b'9' => {
                in_row = true;
                row = row.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
            }
            _ => return Err(bad()),
        }
    }
    let row = row.checked_sub(1).ok_or_else(bad)?;
    Ok((row, col.checked_sub(1)))
}

/// A `<dimension ref>`: one or two references, each with a column.
fn dimension(text: &[u8]) -> Result<(), ReadError> {
    let mut parts = 0;
    for part in text.split(|&b| b == b':') {
        if reference(part)?.1.is_none() {
            return Err(corrupt("a dimension without a column"));
        }
        parts += 1;
    }
    if parts > 2 {
        return Err(corrupt("a dimension of more than two references"));
    }
    Ok(())
}

/// `A1:C2` (or a single `B3`) as 0-based inclusive rows and columns; `$` marks are ignored.
pub(crate) fn parse_range(text: &str) -> Option<Merge> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (first_row, first_col) = parse_cell(a)?;
    let (last_row, last_col) = parse_cell(b)?;
    Some(Merge {
        first_row: first_row.min(last_row),
        first_col: first_col.min(last_col),
        last_row: first_row.max(last_row),
        last_col: first_col.max(last_col),
    })
}

/// Excel's limits: 1,048,576 rows and 16,384 columns (XFD).
const MAX_ROW: u32 = 1 << 20;
const MAX_COL: u32 = 1 << 14;

fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = text.split_at_checked(letters)?;
    if col.is_empty() || col.len() > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = row.parse().ok()?;
    ((1..=MAX_ROW).contains(&row) && (1..=MAX_COL).contains(&col)).then(|| (row - 1, col - 1))
}

/// The local part of a qualified name (after any `prefix:`).
fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

// ---------------------------------------------------------------------------------------------
// Text: XML references, line ends, Excel's escapes.

/// Appends XML text to `out` with its references resolved (`&amp;`, `&#NNN;`, `&#xHH;`) and
/// line ends normalised (CR LF and CR to LF); an unknown or malformed reference is an error.
fn unescape_text(raw: &[u8], out: &mut Vec<u8>) -> Result<(), ReadError> {
    let mut rest = raw;
    while let Some(amp) = memchr::memchr(b'&', rest) {
        normalise_eols(rest.get(..amp).unwrap_or_default(), out);
        let after = rest.get(amp + 1..).unwrap_or_default();
        let semi = memchr::memchr(b';', after).ok_or_else(|| corrupt("an unclosed reference"))?;
        let name = after.get(..semi).unwrap_or_default();
        let ch = match name {
            b"lt" => '<',
            b"gt" => '>',
            b"amp" => '&',
            b"apos" => '\'',
            b"quot" => '"',
            _ => char_reference(name).ok_or_else(|| corrupt("an unknown reference"))?,
        };
        let mut utf8 = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
        rest = after.get(semi + 1..).unwrap_or_default();
    }
    normalise_eols(rest, out);
    Ok(())
}

/// `#NNN` or `#xHH` as quick-xml resolves it (no sign, not NUL, a Unicode scalar value).
fn char_reference(name: &[u8]) -> Option<char> {
    let num = name.strip_prefix(b"#")?;
    let (digits, radix) = match num.strip_prefix(b"x") {
        Some(hex) => (hex, 16),
        None => (num, 10),
    };
    if matches!(digits.first(), Some(b'+' | b'-')) {
        return None;
    }
    let code = u32::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()?;
    if code == 0 {
        return None;
    }
    char::from_u32(code)
}

/// Appends `raw` with CR LF and lone CR turned into LF (XML 1.0 end-of-line handling).
fn normalise_eols(raw: &[u8], out: &mut Vec<u8>) {
    let mut rest = raw;
    while let Some(cr) = memchr::memchr(b'\r', rest) {
        out.extend_from_slice(rest.get(..cr).unwrap_or_default());
        out.push(b'\n');
        let skip = if rest.get(cr + 1) == Some(&b'\n') { 2 } else { 1 };
        rest = rest.get(cr + skip..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

/// Appends `text` with Excel's `_xHHHH_` escapes (UTF-16 code units; a surrogate pair is two
/// escapes) decoded; a lone surrogate becomes U+FFFD.
fn unescape_excel(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let escape_at = |i: usize| -> Option<u16> {
        let e = bytes.get(i..i + 7)?;
        if e.first() != Some(&b'_') || e.get(1) != Some(&b'x') || e.get(6) != Some(&b'_') {
            return None;
        }
        let hex = e.get(2..6)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'_', bytes.get(from..).unwrap_or_default()).map(|i| from + i) {
        let Some(unit) = escape_at(at) else {
            from = at + 1;
            continue;
        };
        out.push_str(text.get(copied..at).unwrap_or_default());
        let mut next = at + 7;
        let ch = match unit {
            0xD800..=0xDBFF => match escape_at(next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(u32::from(unit)),
        };
        out.push(ch.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = next;
        from = next;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
}

// ---------------------------------------------------------------------------------------------
// The tokenizer: markup and text of a part, inflated a chunk at a time.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A start tag (an empty-element tag gives a start, then an end).
    Start,
    End,
    Text,
    CData,
    /// A comment, processing instruction or declaration.
    Other,
}

/// A token's place in the tokenizer's buffer, valid until the next call to [`Tokens::next`].
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    /// The name (tags), the text (text) or the content (CDATA).
    start: usize,
    name_end: usize,
    /// The end of the attributes (start tags).
    end: usize,
}

/// The tokens of an XML part, as quick-xml reads them with calamine's settings (end names not
/// checked, empty elements expanded, text not trimmed). Malformed markup is an error.
struct Tokens<'r> {
    source: Box<dyn Read + 'r>,
    buf: Vec<u8>,
    /// Where the next token begins.
    pos: usize,
    /// Bytes of `buf` before this one have been checked as UTF-8.
    checked: usize,
    eof: bool,
    /// The end tag owed for an empty-element tag just returned as a start.
    pending_end: Option<(usize, usize)>,
    /// Elements open.
    depth: usize,
    /// Whether the first bytes have been read (and a byte order mark skipped).
    started: bool,
}

impl<'r> Tokens<'r> {
    fn new(source: Box<dyn Read + 'r>) -> Self {
        Tokens { source, buf: Vec::new(), pos: 0, checked: 0, eof: false, pending_end: None, depth: 0, started: false }
    }

    fn name(&self, t: &Token) -> &[u8] {
        self.buf.get(t.start..t.name_end).unwrap_or_default()
    }

    fn attrs(&self, t: &Token) -> &[u8] {
        self.buf.get(t.name_end..t.end).unwrap_or_default()
    }

    fn bytes(&self, t: &Token) -> &[u8] {
        self.buf.get(t.start..t.name_end).unwrap_or_default()
    }

    /// Checks the tokens read so far as UTF-8 (they end at a token boundary, so at a character
    /// boundary), as quick-xml decodes each event. Called before the reader stops reading.
    fn check_read(&mut self) -> Result<(), ReadError> {
        let read = self.buf.get(self.checked..self.pos).unwrap_or_default();
        if std::str::from_utf8(read).is_err() {
            return Err(corrupt("XML that is not UTF-8"));
        }
        self.checked = self.pos;
        Ok(())
    }

    /// Reads more of the part, keeping the unread bytes; false at its end.
    fn fill(&mut self) -> Result<bool, ReadError> {
        if self.eof {
            return Ok(false);
        }
        // What was read is checked as UTF-8, then dropped.
        self.check_read()?;
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.checked = 0;
        // Large chunks; a token longer than a chunk doubles the step, so re-searching it stays
        // linear overall.
        let want = CHUNK.max(self.buf.len());
        let len = self.buf.len();
        self.buf.resize(len + want, 0);
        let mut filled = 0;
        while filled < want {
            let space = self.buf.get_mut(len + filled..).unwrap_or_default();
            match self.source.read(space) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(corrupt(e.to_string())),
            }
        }
        self.buf.truncate(len + filled);
        if !self.started {
            // A byte order mark at the start of the part is skipped, as quick-xml skips it
            // (with calamine's `encoding` feature, the UTF-16 marks too; the text is read as
            // UTF-8 all the same).
            self.started = true;
            let bom = [&[0xEF, 0xBB, 0xBF][..], &[0xFE, 0xFF], &[0xFF, 0xFE]]
                .into_iter()
                .find(|bom| self.buf.starts_with(bom))
                .map_or(0, <[u8]>::len);
            self.pos = bom;
            self.checked = bom;
        }
        Ok(filled > 0)
    }

    /// The next token, `None` at the end of the part.
    fn next(&mut self) -> Result<Option<Token>, ReadError> {
        if let Some((start, name_end)) = self.pending_end.take() {
            return Ok(Some(Token { kind: Kind::End, start, name_end, end: name_end }));
        }
        loop {
            match self.scan()? {
                Some(token) => return Ok(Some(token)),
                None => {
                    if !self.fill()? {
                        if self.pos < self.buf.len() {
                            return Err(corrupt("markup cut short"));
                        }
                        let rest = self.buf.get(self.checked..).unwrap_or_default();
                        if std::str::from_utf8(rest).is_err() {
                            return Err(corrupt("XML that is not UTF-8"));
                        }
                        self.checked = self.buf.len();
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// The token at `pos` if the buffer holds all of it.
    fn scan(&mut self) -> Result<Option<Token>, ReadError> {
        let buf = &self.buf;
        let at = self.pos;
        let Some(rest) = buf.get(at..).filter(|r| !r.is_empty()) else { return Ok(None) };
        if rest.first() != Some(&b'<') {
            // Text up to the next markup (or the end of the part).
            let len = match memchr::memchr(b'<', rest) {
                Some(n) => n,
                None if self.eof => rest.len(),
                None => return Ok(None),
            };
            let text = rest.get(..len).unwrap_or_default();
            check_references(text)?;
            self.pos = at + len;
            return Ok(Some(Token { kind: Kind::Text, start: at, name_end: at + len, end: at + len }));
        }
        let Some(&second) = rest.get(1) else { return self.incomplete() };
        match second {
            b'/' => {
                // quick-xml ends an end tag as a start tag: at a `>` outside quotes.
                let Some(gt) = tag_end(rest) else { return self.incomplete() };
                let name = rest.get(2..gt).unwrap_or_default();
                let name_len = name.iter().rposition(|b| !is_xml_space(*b)).map_or(0, |i| i + 1);
                self.pos = at + gt + 1;
                // An end tag with no element open (quick-xml's `UnmatchedEndTag`).
                self.depth = self.depth.checked_sub(1).ok_or_else(|| corrupt("an end tag without a start"))?;
                Ok(Some(Token { kind: Kind::End, start: at + 2, name_end: at + 2 + name_len, end: at + 2 + name_len }))
            }
            b'!' => {
                let (open, close, kind): (&[u8], &[u8], Kind) = if rest.starts_with(b"<![CDATA[") {
                    (b"<![CDATA[", b"]]>", Kind::CData)
                } else if rest.starts_with(b"<!--") {
                    (b"<!--", b"-->", Kind::Other)
                } else if rest.len() >= 9 && rest.get(2..9).is_some_and(|d| d.eq_ignore_ascii_case(b"DOCTYPE")) {
                    return self.doctype();
                } else if rest.len() < 9 && !self.eof {
                    return self.incomplete();
                } else {
                    return Err(corrupt("unknown markup"));
                };
                let body = rest.get(open.len()..).unwrap_or_default();
                let Some(end) = memchr::memmem::find(body, close) else { return self.incomplete() };
                let start = at + open.len();
                self.pos = start + end + close.len();
                Ok(Some(Token { kind, start, name_end: start + end, end: start + end }))
            }
            b'?' => {
                // The first `?>` from the `?` of `<?` on: `<?>` is a processing instruction
                // without content, an error in quick-xml.
                let Some(end) = rest.get(1..).and_then(|r| memchr::memmem::find(r, b"?>")) else {
                    return self.incomplete();
                };
                if end == 0 {
                    return Err(corrupt("an empty processing instruction"));
                }
                self.pos = at + 1 + end + 2;
                Ok(Some(Token { kind: Kind::Other, start: at, name_end: at, end: at }))
            }
            _ => {
                // A start tag: `>` ends it outside quoted attribute values.
                let Some(gt) = tag_end(rest) else { return self.incomplete() };
                let content = rest.get(1..gt).unwrap_or_default();
                let empty = content.last() == Some(&b'/');
                let content_len = if empty { content.len() - 1 } else { content.len() };
                let content = content.get(..content_len).unwrap_or_default();
                let name_len = content.iter().position(|b| is_xml_space(*b)).unwrap_or(content.len());
                let start = at + 1;
                self.pos = at + gt + 1;
                if empty {
                    self.pending_end = Some((start, start + name_len));
                } else {
                    self.depth += 1;
                }
                Ok(Some(Token { kind: Kind::Start, start, name_end: start + name_len, end: start + content_len }))
            }
        }
    }

    /// `<!DOCTYPE …>`, with its internal subset in brackets.
    fn doctype(&mut self) -> Result<Option<Token>, ReadError> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let mut depth = 0usize;
        for (i, &b) in rest.iter().enumerate() {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => {
                    if rest.get(9..i).is_none_or(|name| name.iter().all(|b| is_xml_space(*b))) {
                        return Err(corrupt("a document type without a name"));
                    }
                    let at = self.pos;
                    self.pos += i + 1;
                    return Ok(Some(Token { kind: Kind::Other, start: at, name_end: at, end: at }));
                }
                _ => {}
            }
        }
        self.incomplete()
    }

    /// A token cut by the end of the buffer: more must be read (an error at the part's end).
    fn incomplete(&self) -> Result<Option<Token>, ReadError> {
        if self.eof {
            Err(corrupt("markup cut short"))
        } else {
            Ok(None)
        }
    }

    /// Skips to the end tag named `name` that closes the element just opened, counting nested
    /// elements of the same name (quick-xml's `read_to_end`).
    fn skip_to_end(&mut self, name: &[u8]) -> Result<(), ReadError> {
        let mut depth = 0usize;
        loop {
            let Some(token) = self.next()? else { return Err(corrupt("an element cut short")) };
            match token.kind {
                Kind::Start if self.name(&token) == name => depth += 1,
                Kind::End if self.name(&token) == name => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => return Ok(()),
                },
                _ => {}
            }
        }
    }
}

/// Where the tag at the start of `rest` ends: its first `>` outside quotes.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut i = 1;
    let mut quote = None;
    loop {
        let tail = rest.get(i..)?;
        let n = match quote {
            Some(q) => memchr::memchr(q, tail)?,
            None => memchr::memchr3(b'>', b'"', b'\'', tail)?,
        };
        let j = i + n;
        match (quote, rest.get(j)) {
            (Some(_), _) => quote = None,
            (None, Some(&b'>')) => return Some(j),
            (None, q) => quote = q.copied(),
        }
        i = j + 1;
    }
}

/// XML's white space.
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Every `&` of a text must begin a reference closed by `;` before the next `&` (quick-xml's
/// `UnclosedReference`).
fn check_references(text: &[u8]) -> Result<(), ReadError> {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest) {
        let after = rest.get(amp + 1..).unwrap_or_default();
        match memchr::memchr2(b';', b'&', after) {
            Some(i) if after.get(i) == Some(&b';') => rest = after.get(i + 1..).unwrap_or_default(),
            _ => return Err(corrupt("an unclosed reference")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
        Merge { first_row, first_col, last_row, last_col }
    }

    #[test]
    fn a_range_reference_becomes_zero_based_inclusive_rows_and_columns() {
        assert_eq!(parse_range("A1:C2"), Some(m(0, 0, 1, 2)));
        assert_eq!(parse_range("$AA$10:$AB$12"), Some(m(9, 26, 11, 27)));
        assert_eq!(parse_range("B3"), Some(m(2, 1, 2, 1)));
        assert_eq!(parse_range("XFD1048576"), Some(m(1_048_575, 16_383, 1_048_575, 16_383)));
    }

    #[test]
    fn a_reference_outside_excels_grid_or_malformed_is_dropped() {
        for bad in ["", "A0", "XFE1", "A1048577", "1A", "A", "A1:", "ＡＢ1", "A-1", "AAAA1"] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }

    fn tokens(xml: &str, chunk: usize) -> Vec<(Kind, String)> {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut t = Tokens::new(Box::new(Slow(xml.as_bytes(), chunk)));
        let mut out = vec![];
        while let Some(tok) = t.next().unwrap() {
            out.push((tok.kind, String::from_utf8_lossy(t.name(&tok)).into_owned()));
        }
        out
    }

    #[test]
    fn tokens_are_the_same_whatever_the_reads_deliver() {
        let xml = r#"<?xml version="1.0"?><!-- c --><a x='>'><b/>t&amp;u<![CDATA[<d>]]></a >"#;
        let whole = tokens(xml, 1 << 20);
        assert_eq!(
            whole,
            vec![
                (Kind::Other, String::new()),
                (Kind::Other, " c ".to_owned()),
                (Kind::Start, "a".to_owned()),
                (Kind::Start, "b".to_owned()),
                (Kind::End, "b".to_owned()),
                (Kind::Text, "t&amp;u".to_owned()),
                (Kind::CData, "<d>".to_owned()),
                (Kind::End, "a".to_owned()),
            ]
        );
        for chunk in 1..9 {
            assert_eq!(tokens(xml, chunk), whole, "reads of {chunk}");
        }
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_skipped_utf_16_ones_too() {
        // Found by the fuzz target: calamine reads a part starting with FE FF as UTF-8.
        for bom in [&[0xEF, 0xBB, 0xBF][..], &[0xFE, 0xFF], &[0xFF, 0xFE]] {
            let bytes = [bom, b"<a/>"].concat();
            let mut t = Tokens::new(Box::new(bytes.as_slice()));
            let mut out = vec![];
            while let Some(tok) = t.next().unwrap() {
                out.push((tok.kind, String::from_utf8_lossy(t.name(&tok)).into_owned()));
            }
            assert_eq!(out, vec![(Kind::Start, "a".to_owned()), (Kind::End, "a".to_owned())], "{bom:?}");
        }
    }

    #[test]
    fn an_end_tag_ends_at_a_closing_bracket_outside_quotes_as_quick_xml_ends_it() {
        // Found by the fuzz target: quick-xml reads `</c" s="1"/>…` on to a later `>`.
        assert_eq!(
            tokens("<a></a x='>' >", 1 << 20),
            vec![(Kind::Start, "a".to_owned()), (Kind::End, "a x='>'".to_owned())]
        );
    }

    #[test]
    fn excel_escapes_decode_to_characters_and_an_escaped_escape_stays_literal() {
        let mut out = String::new();
        unescape_excel("a_x000D_b_x005F_x000D__xD83D__xDCF7_c_xD800_", &mut out);
        assert_eq!(out, "a\rb_x000D_\u{1F4F7}c\u{FFFD}");
    }

    #[test]
    fn references_resolve_and_line_ends_become_line_feeds() {
        let mut out = vec![];
        unescape_text(b"&lt;&#38;&#x41;\r\nx\ry", &mut out).unwrap();
        assert_eq!(out, "<&A\nx\ny".as_bytes());
        assert!(unescape_text(b"&nbsp;", &mut vec![]).is_err());
        assert!(unescape_text(b"&#0;", &mut vec![]).is_err());
    }

    #[test]
    fn custom_formats_with_date_tokens_are_dates() {
        for date in ["yyyy/m/d", "[$-ja-JP]ggge\"年\"m\"月\"d\"日\"", "h:mm", "[h]:mm:ss", "m/d/yy h:mm AM/PM"] {
            assert!(is_date_format(date), "{date}");
        }
        for other in ["0.00", "#,##0", "\"d\"0", "0;[Red]yyyy", "General", "@"] {
            assert!(!is_date_format(other), "{other}");
        }
    }
    /// An .xlsx-shaped zip of one sheet whose part is `sheet`, its directory claiming the part
    /// is `claim` bytes long (None: the truth).
    fn workbook(sheet: &str, claim: Option<u32>) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [
            (
                "_rels/.rels",
                r#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ] {
            zip.start_file(name, deflated).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        let mut bytes = zip.finish().unwrap().into_inner();
        if let Some(claim) = claim {
            // Rewrite the sheet's uncompressed size in its local header and its directory entry.
            let truth = (sheet.len() as u32).to_le_bytes();
            let name = b"xl/worksheets/sheet1.xml";
            for (sig, size_at, name_at) in [(&b"PK\x03\x04"[..], 22, 30), (&b"PK\x01\x02"[..], 24, 46)] {
                let at = (0..bytes.len() - name_at - name.len())
                    .find(|&i| bytes[i..].starts_with(sig) && bytes[i + name_at..].starts_with(name))
                    .unwrap();
                assert_eq!(bytes[at + size_at..at + size_at + 4], truth);
                bytes[at + size_at..at + size_at + 4].copy_from_slice(&claim.to_le_bytes());
            }
        }
        bytes
    }

    /// The cells (as `row,col=value`) and merges of the one sheet, or the error.
    fn read_sheet(bytes: &[u8]) -> Result<(Vec<String>, Vec<Merge>), ReadError> {
        let mut wb = Workbook::open(bytes)?;
        let part = wb.sheets.first().cloned().unwrap();
        let mut cells = wb.cells(&part)?;
        let mut out = vec![];
        while let Some(((r, c), v)) = cells.next_cell()? {
            if let Some(v) = v {
                out.push(format!("{r},{c}={v:?}"));
            }
        }
        Ok((out, cells.merges()))
    }

    /// What a visitor saw of each time a sheet was delivered: its rows as `row:cols` and the
    /// merged ranges it was given up front; it drops the first delivery when `wants_merges`
    /// and the sheet has merges it was not given.
    #[derive(Default)]
    struct Recorder {
        wants_merges: bool,
        deliveries: Vec<(Vec<String>, Option<Vec<Merge>>, super::super::Outcome)>,
    }

    impl super::super::SheetVisitor for Recorder {
        fn visit(&mut self, sheet: &mut super::super::SheetRows<'_, '_>) -> super::super::Outcome {
            use super::super::Outcome;
            let given = sheet.merges().map(<[Merge]>::to_vec);
            let rows: Vec<String> = sheet
                .by_ref()
                .map(|r| format!("{}:{:?}", r.index, r.cells.iter().map(|c| c.col).collect::<Vec<_>>()))
                .collect();
            let outcome = match sheet.finish() {
                None => Outcome::Dropped,
                Some(m) if self.wants_merges && given.is_none() && !m.is_empty() => Outcome::Dropped,
                Some(_) => Outcome::Kept,
            };
            self.deliveries.push((rows, given, outcome));
            outcome
        }

        fn error(&mut self, _: &str, e: ReadError) {
            panic!("{e}");
        }
    }

    fn deliveries(sheet: &str, wants_merges: bool) -> Vec<(Vec<String>, Option<Vec<Merge>>, super::super::Outcome)> {
        let mut recorder = Recorder { wants_merges, ..Recorder::default() };
        let limits = crate::limits::Limits::default();
        super::super::stream("x.xlsx", &workbook(sheet, None), &limits, &mut recorder, &mut |_| {}).unwrap();
        recorder.deliveries
    }

    #[test]
    fn rows_are_streamed_in_order_without_the_merges_that_follow_them() {
        use super::super::Outcome::Kept;
        let got = deliveries(SHEET, false);
        assert_eq!(got, vec![(vec!["0:[0, 1]".to_owned(), "1:[2]".to_owned()], None, Kept)]);
    }

    #[test]
    fn a_visitor_that_needs_the_merges_gets_the_sheet_again_with_them() {
        use super::super::Outcome::{Dropped, Kept};
        let got = deliveries(SHEET, true);
        let rows = vec!["0:[0, 1]".to_owned(), "1:[2]".to_owned()];
        assert_eq!(got, vec![(rows.clone(), None, Dropped), (rows, Some(vec![m(0, 0, 0, 1), m(0, 2, 2, 2)]), Kept)]);
    }

    #[test]
    fn rows_out_of_order_are_read_again_whole_and_delivered_in_order() {
        use super::super::Outcome::{Dropped, Kept};
        let sheet = r#"<worksheet><sheetData><row r="3"><c r="B3"><v>1</v></c><c r="A3"><v>2</v></c></row><row r="1"><c r="A1"><v>3</v></c></row></sheetData></worksheet>"#;
        let got = deliveries(sheet, false);
        assert_eq!(
            got,
            vec![
                (vec!["2:[0, 1]".to_owned()], None, Dropped),
                (vec!["0:[0]".to_owned(), "2:[0, 1]".to_owned()], Some(vec![]), Kept)
            ]
        );
    }

    const SHEET: &str = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCells &lt;mergeCells&gt;</t></is></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:C3"/></mergeCells><pageMargins/></worksheet>"#;

    #[test]
    fn cells_and_merged_ranges_are_read_in_one_pass_and_text_naming_them_is_text() {
        let (cells, merges) = read_sheet(&workbook(SHEET, None)).unwrap();
        assert_eq!(cells, ["0,0=Text(\"mergeCells <mergeCells>\")", "0,1=Number(2.0)", "1,2=Number(3.0)"]);
        assert_eq!(merges, vec![m(0, 0, 0, 1), m(0, 2, 2, 2)]);
    }

    #[test]
    fn namespace_prefixed_elements_are_read() {
        let xml = r#"<x:worksheet xmlns:x="s"><x:sheetData><x:row r="4"><x:c r="B4"><x:v>1</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B2:D2"/></x:mergeCells></x:worksheet>"#;
        assert_eq!(
            read_sheet(&workbook(xml, None)).unwrap(),
            (vec!["3,1=Number(1.0)".to_owned()], vec![m(1, 1, 1, 3)])
        );
    }

    #[test]
    fn a_sheet_part_is_never_inflated_beyond_its_claimed_size() {
        // 2 MB of rows before the cells' end; the directory claims 100 bytes: the scan stops at
        // the claim (the part is cut short) instead of inflating on.
        let padded = SHEET.replace("<sheetData>", &format!("<sheetData>{}", "<row/>".repeat(350_000)));
        assert_eq!(read_sheet(&workbook(&padded, None)).unwrap().1, vec![m(0, 0, 0, 1), m(0, 2, 2, 2)]);
        assert!(matches!(read_sheet(&workbook(&padded, Some(100))), Err(ReadError::Corrupt { .. })));
    }

    #[test]
    fn a_sheet_without_merges_or_whose_merges_are_cut_short_gives_what_it_holds() {
        assert_eq!(read_sheet(&workbook("<worksheet><sheetData/></worksheet>", None)).unwrap(), (vec![], vec![]));
        let cut = r#"<worksheet><sheetData/><mergeCells><mergeCell ref="A1:A2"/><mergeCe"#;
        assert_eq!(read_sheet(&workbook(cut, None)).unwrap().1, vec![m(0, 0, 1, 0)]);
    }
}
