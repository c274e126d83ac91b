//! The .xlsx scanner against calamine on mutated sheet XML: the input is a worksheet part, and
//! after the first NUL byte a shared-strings part; both go into a workbook with fixed
//! relationships and date styles, which both readers read. Where both read a sheet, its cells
//! (row, column, type, value) must be equal; where one refuses the workbook or a sheet, the
//! other must too. The differences that are calamine's (documented in tests/scanner.rs) are
//! left out by `calamine_would_panic`.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use shinchoku::limits::Limits;
use shinchoku::workbook::{self, Format, ReadError, Sheet};

const ROOT_RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const STYLES: &str = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;

fn workbook_bytes(sheet: &[u8], strings: Option<&[u8]>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(s) = strings {
        parts.push(("xl/sharedStrings.xml", s));
    }
    for (name, data) in parts {
        if zip.start_file(name, stored).and_then(|()| zip.write_all(data).map_err(Into::into)).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

type Cells = Option<Vec<(u32, u32, String)>>;

fn collect(read: impl FnOnce(&mut dyn FnMut(Sheet<'_>), &mut dyn FnMut(&str, ReadError)) -> bool) -> Option<Cells> {
    let mut cells: Cells = None;
    let ok = read(
        &mut |s| {
            cells = Some(
                s.rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(move |c| (r.index, c.col, format!("{:?}", c.value))))
                    .collect(),
            )
        },
        &mut |_, _| {},
    );
    ok.then_some(cells)
}

/// Inputs on which calamine 0.38 overflows an integer (a panic under the fuzz build's debug
/// assertions; it wraps in a release build): cell references with more than 9 digits or 6
/// letters in a row, column or dimension, and a dimension whose end lies before its start.
fn calamine_would_panic(sheet: &[u8]) -> bool {
    let mut digits = 0;
    let mut letters = 0;
    for &b in sheet {
        if b.is_ascii_digit() {
            digits += 1;
            if digits > 9 {
                return true;
            }
        } else {
            digits = 0;
        }
        if b.is_ascii_alphabetic() {
            letters += 1;
            if letters > 6 {
                // Only a reference's letters count; element names are longer but are not
                // followed by digits. Conservative: any run of letters right before a digit.
                letters = 7;
            }
        } else {
            if letters > 6 && b.is_ascii_digit() {
                return true;
            }
            letters = 0;
        }
    }
    backwards_range(sheet)
}

/// Whether some `ref="A:B"` names a range whose end row or column lies before its start.
fn backwards_range(sheet: &[u8]) -> bool {
    let cell = |s: &[u8]| -> Option<(u64, u64)> {
        let letters = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let col = s[..letters].iter().fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
        let row =
            s[letters..].iter().take_while(|b| b.is_ascii_digit()).fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        Some((row, col))
    };
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&sheet[from..], b"ref=").map(|i| from + i) {
        from = at + 4;
        let value = &sheet[from.min(sheet.len())..];
        let value = value.get(1..).unwrap_or_default();
        let end = value.iter().position(|&b| b == b'"' || b == b'\'').unwrap_or(value.len());
        let value = &value[..end];
        if let Some(colon) = memchr::memchr(b':', value) {
            if let (Some(a), Some(b)) = (cell(&value[..colon]), cell(&value[colon + 1..])) {
                if b.0 < a.0 || b.1 < a.1 {
                    return true;
                }
            }
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let (sheet, strings) = match memchr::memchr(0, data) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    if calamine_would_panic(sheet) {
        return;
    }
    let bytes = workbook_bytes(sheet, strings);
    let limits = Limits { max_cells: 200_000, ..Limits::default() };
    let scanner = collect(|v, e| matches!(workbook::read("f.xlsx", &bytes, &limits, v, e), Ok(Format::Xlsx)));
    let calamine = collect(|v, e| workbook::read_xlsx_with_calamine(&bytes, &limits, v, e).is_ok());
    assert_eq!(scanner, calamine, "scanner (left) and calamine (right) differ");
});
