//! The .xlsx scanner against calamine on mutated sheet XML: the input is a worksheet part, and
//! after the first NUL byte a shared-strings part; both go into a workbook with fixed
//! relationships and date styles, which both readers read. Where both read a sheet, its cells
//! (row, column, type, value) must be equal; where one refuses the workbook or a sheet, the
//! other must too. Inputs on which calamine panics (integer overflow under debug assertions)
//! are left out.
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

fuzz_target!(|data: &[u8]| {
    let (sheet, strings) = match memchr::memchr(0, data) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let bytes = workbook_bytes(sheet, strings);
    let limits = Limits { max_cells: 200_000, ..Limits::default() };
    let scanner = collect(|v, e| matches!(workbook::read("f.xlsx", &bytes, &limits, v, e), Ok(Format::Xlsx)));
    // calamine 0.38 overflows integers on some references (7 letters past `FXSHRXW`, 10 digits, a
    // range ending before it starts): a panic under the fuzz build's debug assertions, wrapping
    // in a release build. Such inputs say nothing about the scanner (which never panics: it
    // wraps as calamine's release build does); they are left out, the panic silenced.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let calamine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        collect(|v, e| workbook::read_xlsx_with_calamine(&bytes, &limits, v, e).is_ok())
    }));
    std::panic::set_hook(hook);
    let Ok(calamine) = calamine else { return };
    assert_eq!(scanner, calamine, "scanner (left) and calamine (right) differ");
});
