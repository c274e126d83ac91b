//! Writes `seed_f3.xlsb`: the seed's F-3 table (SPEC §7) as an Excel binary workbook, so the
//! test suite proves that .xlsb files are read. Nothing on a build machine writes .xlsb
//! (LibreOffice cannot), so the parts are written here directly, following MS-XLSB: a zip with
//! `xl/workbook.bin` (one BrtBundleSh), its relationships, and one sheet `.bin` whose records
//! are each a varint type, a varint size and a payload.
//!
//! The sheet has no merges (calamine reads none from .xlsb): each header label is written once
//! with blanks to its right, and 地方自治体名 only in A3. Strings are inline (BrtCellSt), dates
//! are plain numbers (Excel serials in the 1900 system, BrtCellReal) without a date style.

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;

use crate::fixtures::{PHASES, SEED_ROWS, SEED_TITLE};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

enum Value {
    Text(String),
    Number(f64),
}

/// Appends one record: type and size as MS-XLSB varints, then the payload.
fn record(out: &mut Vec<u8>, typ: u16, payload: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = payload.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(payload);
}

/// XLWideString: a u32 count of UTF-16 code units, then the units little-endian.
fn wide(out: &mut Vec<u8>, s: &str) {
    let units: Vec<u16> = s.encode_utf16().collect();
    out.extend_from_slice(&(units.len() as u32).to_le_bytes());
    for u in units {
        out.extend_from_slice(&u.to_le_bytes());
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Excel serial (1900 system) of a `yyyy/m/d` date after 1900-02-28.
fn excel_serial(text: &str) -> Result<f64> {
    let parts: Vec<i64> = text.split('/').map(str::parse).collect::<std::result::Result<_, _>>()?;
    let [y, m, d] = parts[..] else { return Err(format!("bad date {text}").into()) };
    Ok((days_from_civil(y, m, d) - days_from_civil(1899, 12, 30)) as f64)
}

/// A row number and its cells (column, value), in column order; all 0-based.
type Row = (u32, Vec<(u32, Value)>);

/// The sheet's cells, row by row.
fn seed_cells() -> Result<Vec<Row>> {
    let text = |s: &str| Value::Text(s.to_owned());
    let mut rows = vec![(0, vec![(0, text(SEED_TITLE))])];
    rows.push((2, vec![(0, text("地方自治体名")), (2, text("地方税関連システム"))]));
    let (mut phases, mut plans, mut leaves) = (Vec::new(), Vec::new(), Vec::new());
    for (p, phase) in PHASES.iter().enumerate() {
        let c = 2 + 4 * p as u32;
        phases.push((c, text(phase)));
        plans.push((c, text("予定")));
        plans.push((c + 2, text("実績")));
        for k in 0..4 {
            leaves.push((c + k, text(if k % 2 == 0 { "開始日" } else { "終了日" })));
        }
    }
    rows.push((3, phases));
    rows.push((4, plans));
    rows.push((5, leaves));
    for (i, (pref, body, dates)) in SEED_ROWS.iter().enumerate() {
        let mut cells = vec![(0, text(pref)), (1, text(body))];
        for (k, d) in dates.iter().enumerate() {
            cells.push((2 + k as u32, Value::Number(excel_serial(d)?)));
        }
        rows.push((6 + i as u32, cells));
    }
    rows.push((14, vec![(0, text("※ 推奨アクションプラン（実行編）の回答結果から作成。"))]));
    Ok(rows)
}

fn sheet_bin(rows: &[Row]) -> Vec<u8> {
    let mut out = Vec::new();
    record(&mut out, 0x0081, &[]); // BrtBeginSheet
    let last_row = rows.iter().map(|r| r.0).max().unwrap_or(0);
    let last_col = rows.iter().flat_map(|r| r.1.iter().map(|c| c.0)).max().unwrap_or(0);
    let mut dim = Vec::new();
    for v in [0, last_row, 0, last_col] {
        dim.extend_from_slice(&v.to_le_bytes());
    }
    record(&mut out, 0x0094, &dim); // BrtWsDim: rwFirst, rwLast, colFirst, colLast
    record(&mut out, 0x0091, &[]); // BrtBeginSheetData
    for (row, cells) in rows {
        // BrtRowHdr: rw, ixfe, miyRw (height in twips), flags, ccolspan = 0.
        let mut hdr = Vec::new();
        hdr.extend_from_slice(&row.to_le_bytes());
        hdr.extend_from_slice(&0u32.to_le_bytes());
        hdr.extend_from_slice(&300u16.to_le_bytes());
        hdr.extend_from_slice(&[0, 0, 0]);
        hdr.extend_from_slice(&0u32.to_le_bytes());
        record(&mut out, 0x0000, &hdr);
        for (col, value) in cells {
            // Cell: column, then iStyleRef (24 bits) and flags (8 bits), all zero.
            let mut cell = Vec::new();
            cell.extend_from_slice(&col.to_le_bytes());
            cell.extend_from_slice(&0u32.to_le_bytes());
            match value {
                Value::Text(s) => {
                    wide(&mut cell, s);
                    record(&mut out, 0x0006, &cell); // BrtCellSt
                }
                Value::Number(n) => {
                    cell.extend_from_slice(&n.to_le_bytes());
                    record(&mut out, 0x0005, &cell); // BrtCellReal
                }
            }
        }
    }
    record(&mut out, 0x0092, &[]); // BrtEndSheetData
    record(&mut out, 0x0082, &[]); // BrtEndSheet
    out
}

fn workbook_bin(sheet_name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    record(&mut out, 0x0083, &[]); // BrtBeginBook
                                   // BrtWbProp: flags (bit 0 = 1904 dates, left clear), brtcolorTabFirst, strName "".
    let mut prop = Vec::new();
    prop.extend_from_slice(&0u32.to_le_bytes());
    prop.extend_from_slice(&0u32.to_le_bytes());
    wide(&mut prop, "");
    record(&mut out, 0x0099, &prop);
    record(&mut out, 0x008F, &[]); // BrtBeginBundleShs
                                   // BrtBundleSh: hsState (visible), iTabID, strRelID, strName.
    let mut sh = Vec::new();
    sh.extend_from_slice(&0u32.to_le_bytes());
    sh.extend_from_slice(&1u32.to_le_bytes());
    wide(&mut sh, "rId1");
    wide(&mut sh, sheet_name);
    record(&mut out, 0x009C, &sh);
    record(&mut out, 0x0090, &[]); // BrtEndBundleShs
                                   // BrtCalcProp: recalcID, fAutoRecalc, cCalcCount, xnumDelta, cUserDefined, flags.
    let mut calc = Vec::new();
    calc.extend_from_slice(&0u32.to_le_bytes());
    calc.extend_from_slice(&1u32.to_le_bytes());
    calc.extend_from_slice(&100u32.to_le_bytes());
    calc.extend_from_slice(&0.001f64.to_le_bytes());
    calc.extend_from_slice(&0i32.to_le_bytes());
    calc.extend_from_slice(&0u16.to_le_bytes());
    record(&mut out, 0x009D, &calc);
    record(&mut out, 0x0084, &[]); // BrtEndBook
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;

/// The seed's F-3 table as an .xlsb, sheet 回答結果, no merges, dates as serial numbers.
pub fn seed_f3(dir: &Path) -> Result<()> {
    let parts: [(&str, Vec<u8>); 5] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.bin", workbook_bin("回答結果")),
        ("xl/_rels/workbook.bin.rels", WORKBOOK_RELS.as_bytes().to_vec()),
        ("xl/worksheets/sheet1.bin", sheet_bin(&seed_cells()?)),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &parts {
        zip.start_file(*name, SimpleFileOptions::default().last_modified_time(zip::DateTime::default()))?;
        zip.write_all(bytes)?;
    }
    std::fs::write(dir.join("seed_f3.xlsb"), zip.finish()?.into_inner())?;
    Ok(())
}
