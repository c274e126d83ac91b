//! Hostile and awkward fixtures: files that must be refused early with a precise message, or
//! read correctly despite their oddities. Each is derived from a benign fixture so that the
//! only difference is the one under test.

use std::error::Error;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use zip::write::SimpleFileOptions;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Copies a zip, letting `edit` replace any part's bytes (by name) and append parts.
fn rewrite_zip(
    src: &[u8],
    mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, Vec<u8>)],
) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(src))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        let method = if name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        out.start_file(name.as_str(), SimpleFileOptions::default().compression_method(method))?;
        out.write_all(&edit(&name, data))?;
    }
    for (name, data) in extra {
        out.start_file(*name, SimpleFileOptions::default())?;
        out.write_all(data)?;
    }
    Ok(out.finish()?.into_inner())
}

fn replace_once(data: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    String::from_utf8(data).map(|s| s.replacen(from, to, 1).into_bytes()).unwrap_or_default()
}

/// The seed table plus one cell at XFD1048576, the last cell a sheet can have.
fn far_cell(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("回答結果")?;
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.write(0, 0, "地方自治体名")?;
    ws.write(0, 1, "終了予定日")?;
    ws.write(0, 2, "終了実績日")?;
    ws.write(1, 0, "Ｂ市")?;
    ws.write_datetime_with_format(1, 1, &rust_xlsxwriter::ExcelDateTime::from_ymd(2016, 6, 30)?, &date)?;
    ws.write(1_048_575, 16_383, "最後のセル")?;
    wb.save(dir.join("far_cell.xlsx"))?;
    Ok(())
}

/// A valid workbook whose sheet part inflates to 600 MB of white space (honest sizes).
fn zip_bomb(dir: &Path) -> Result<()> {
    let seed = std::fs::read(dir.join("seed_f3.xlsx"))?;
    let padding = vec![b' '; 600 * 1024 * 1024];
    let bomb = rewrite_zip(
        &seed,
        |name, data| {
            if name == "xl/worksheets/sheet1.xml" {
                let text = String::from_utf8(data).unwrap_or_default();
                let (head, tail) = text.split_at(text.find("<sheetData>").unwrap_or(0));
                [head.as_bytes(), &padding, tail.as_bytes()].concat()
            } else {
                data
            }
        },
        &[],
    )?;
    std::fs::write(dir.join("zip_bomb.xlsx"), bomb)?;
    Ok(())
}

/// A shared-string table that claims four billion entries.
fn shared_strings_claim(dir: &Path) -> Result<()> {
    let seed = std::fs::read(dir.join("seed_f3.xlsx"))?;
    let out = rewrite_zip(
        &seed,
        |name, data| {
            if name == "xl/sharedStrings.xml" {
                let text = String::from_utf8(data).unwrap_or_default();
                let start = text.find("uniqueCount=\"").map(|i| i + 13).unwrap_or(0);
                let end = text[start..].find('"').map(|i| start + i).unwrap_or(start);
                format!("{}4000000000{}", &text[..start], &text[end..]).into_bytes()
            } else {
                data
            }
        },
        &[],
    )?;
    std::fs::write(dir.join("shared_strings_claim.xlsx"), out)?;
    Ok(())
}

/// The .ods seed with its first data row repeated a million times.
fn ods_repeat(dir: &Path) -> Result<()> {
    let seed = std::fs::read(dir.join("seed_f3.ods"))?;
    let out = rewrite_zip(
        &seed,
        |name, data| {
            if name != "content.xml" {
                return data;
            }
            let text = String::from_utf8(data).unwrap_or_default();
            // The first row that holds Ｂ市.
            let at = text.find("Ｂ市").unwrap_or(0);
            let row = text[..at].rfind("<table:table-row").unwrap_or(0);
            let tag_end = row + "<table:table-row".len();
            format!("{} table:number-rows-repeated=\"1000000\"{}", &text[..tag_end], &text[tag_end..]).into_bytes()
        },
        &[],
    )?;
    std::fs::write(dir.join("ods_repeat.ods"), out)?;
    Ok(())
}

/// The .xls seed with a DIMENSIONS record claiming all 65536 × 256 cells.
fn xls_dimensions(dir: &Path) -> Result<()> {
    let mut data = std::fs::read(dir.join("seed_f3.xls"))?;
    // DIMENSIONS: type 0x0200, length 14: rwMic u32, rwMac u32, colMic u16, colMac u16, reserved.
    let pattern = [0x00, 0x02, 0x0E, 0x00];
    let mut patched = 0;
    let mut i = 0;
    while i + 18 <= data.len() {
        if data[i..i + 4] == pattern {
            data[i + 4..i + 8].copy_from_slice(&0u32.to_le_bytes());
            data[i + 8..i + 12].copy_from_slice(&65536u32.to_le_bytes());
            data[i + 12..i + 14].copy_from_slice(&0u16.to_le_bytes());
            data[i + 14..i + 16].copy_from_slice(&256u16.to_le_bytes());
            patched += 1;
            i += 18;
        } else {
            i += 1;
        }
    }
    if patched == 0 {
        return Err("no DIMENSIONS record found in seed_f3.xls".into());
    }
    std::fs::write(dir.join("xls_dimensions.xls"), data)?;
    Ok(())
}

/// An OLE compound file holding an encrypted OOXML package, as Excel writes a workbook
/// protected by a password to open.
fn encrypted(dir: &Path) -> Result<()> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    file.create_stream("/EncryptionInfo")?.write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])?;
    file.create_stream("/EncryptedPackage")?.write_all(&[0u8; 4096])?;
    file.flush()?;
    std::fs::write(dir.join("password.xlsx"), file.into_inner().into_inner())?;
    Ok(())
}

/// A long-layout sheet in a 1904-date workbook (old Mac Excel): serials count from 1904.
fn date1904(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("回答")?;
    let date = Format::new().set_num_format("yyyy/m/d");
    for (c, h) in ["団体名", "タスク", "開始予定日", "終了予定日", "開始実績日", "終了実績日"].iter().enumerate()
    {
        ws.write(0, c as u16, *h)?;
    }
    // 2016-06-30 is serial 41089 in the 1904 system (42551 in the 1900 system).
    ws.write(1, 0, "Ｂ市")?;
    ws.write(1, 1, "F-3")?;
    ws.write_number_with_format(1, 2, 40999.0, &date)?;
    ws.write_number_with_format(1, 3, 41089.0, &date)?;
    let plain = wb.save_to_buffer()?;
    let out = rewrite_zip(
        &plain,
        |name, data| {
            if name == "xl/workbook.xml" {
                replace_once(data, "<workbookPr", "<workbookPr date1904=\"1\"")
            } else {
                data
            }
        },
        &[],
    )?;
    std::fs::write(dir.join("date1904.xlsx"), out)?;
    Ok(())
}

/// A workbook whose action plan is on a hidden sheet, with a very long text cell and a
/// formula error in a date column.
fn awkward(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let visible = wb.add_worksheet().set_name("表紙")?;
    visible.write(0, 0, "回答結果（非表示シートにあります）")?;
    let ws = wb.add_worksheet().set_name("データ")?;
    ws.set_hidden(true);
    for (c, h) in
        ["団体名", "タスク", "開始予定日", "終了予定日", "開始実績日", "終了実績日", "備考"].iter().enumerate()
    {
        ws.write(0, c as u16, *h)?;
    }
    ws.write(1, 0, "Ｂ市")?;
    ws.write(1, 1, "F-3")?;
    ws.write(1, 3, "2016/6/30")?;
    ws.write(1, 6, "長".repeat(32_767))?;
    ws.write(2, 0, "Ｃ市")?;
    ws.write(2, 1, "F-3")?;
    ws.write_formula(2, 3, rust_xlsxwriter::Formula::new("=#REF!").set_result("#REF!"))?;
    let plain = wb.save_to_buffer()?;
    // rust_xlsxwriter stores the cached result as a string; Excel stores an error (t="e").
    let out = rewrite_zip(
        &plain,
        |name, data| {
            if name == "xl/worksheets/sheet2.xml" {
                replace_once(data, "t=\"str\"", "t=\"e\"")
            } else {
                data
            }
        },
        &[],
    )?;
    std::fs::write(dir.join("awkward.xlsx"), out)?;
    Ok(())
}

/// The merged seed with every sheet element written with a namespace prefix
/// (`<x:worksheet xmlns:x=…>`), as some .NET and Java writers do.
fn prefixed(dir: &Path) -> Result<()> {
    let seed = std::fs::read(dir.join("seed_f3.xlsx"))?;
    let out = rewrite_zip(
        &seed,
        |name, data| {
            if !name.starts_with("xl/worksheets/") {
                return data;
            }
            let text = String::from_utf8(data).unwrap_or_default();
            let mut prefixed = String::with_capacity(text.len() + text.len() / 4);
            let mut rest = text.as_str();
            while let Some(i) = rest.find('<') {
                prefixed.push_str(&rest[..=i]);
                rest = &rest[i + 1..];
                let slash = rest.starts_with('/');
                if slash {
                    prefixed.push('/');
                    rest = &rest[1..];
                }
                if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    prefixed.push_str("x:");
                }
            }
            prefixed.push_str(rest);
            prefixed
                .replacen(
                    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"",
                    "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"",
                    1,
                )
                .into_bytes()
        },
        &[],
    )?;
    std::fs::write(dir.join("seed_f3_prefixed.xlsx"), out)?;
    Ok(())
}

/// Writes the hostile and awkward fixtures (after the benign ones they derive from).
pub fn write_all(dir: &Path) -> Result<()> {
    far_cell(dir)?;
    zip_bomb(dir)?;
    shared_strings_claim(dir)?;
    ods_repeat(dir)?;
    xls_dimensions(dir)?;
    encrypted(dir)?;
    date1904(dir)?;
    awkward(dir)?;
    prefixed(dir)?;
    Ok(())
}
