//! Checks of a file's claims against the [`Limits`] before memory is spent: the guards of the
//! readers in this module.
//!
//! The page is one WASM instance: a hostile or broken file must be refused with a clear
//! message, not by running out of memory. calamine expands some things eagerly — the shared
//! string table of an .xlsx is reserved from the count the file claims; an .xls or .ods sheet
//! becomes a dense grid over its bounding box — so those claims are checked here first:
//!
//! - zip containers (.xlsx, .xlsm, .xlsb, .ods): the total size the central directory claims,
//!   and the shared-string count against the size of its part; an .xlsb's sheet records;
//! - .xls: every sheet's claimed dimensions and the bounding box of its cell records;
//! - .ods: the bounding box that repeated rows and columns would expand to.
//!
//! Sheets read by streaming (.xlsx, .xlsb, CSV) are sparse; their cells are counted as they
//! arrive against [`Limits::max_cells`].

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::{Format, ReadError};
use crate::limits::Limits;

/// Checks a zip container's claims against the limits before it is inflated.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Let the format reader report the damage in its own words.
        return Ok(());
    };
    let mut total: u64 = 0;
    let mut shared_strings = None;
    let mut ods_content = None;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else { continue };
        total = total.saturating_add(entry.size());
        if total > limits.max_uncompressed_bytes {
            return Err(ReadError::TooLargeUncompressed { limit: limits.max_uncompressed_bytes });
        }
        let name = entry.name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if name.ends_with("sharedstrings.xml") {
            shared_strings = Some((i, entry.size()));
        } else if name == "content.xml" {
            ods_content = Some(i);
        }
    }
    if let Some((index, size)) = shared_strings {
        check_shared_strings(&mut archive, index, size, limits)?;
    }
    if let Some(index) = ods_content {
        check_ods_content(&mut archive, index, limits)?;
    }
    Ok(())
}

/// Checks what calamine 0.38's .xlsb reader indexes without checking: each sheet record
/// (BrtBundleSh) in `xl/workbook.bin` must be long enough for its fields and name a
/// relationship that `xl/_rels/workbook.bin.rels` defines (else calamine panics).
pub(crate) fn check_xlsb(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut entry = archive.by_name(name).ok()?;
        let mut data = Vec::new();
        let _ = (&mut entry).take(64 << 20).read_to_end(&mut data);
        Some(data)
    };
    let Some(workbook) = read("xl/workbook.bin") else { return Ok(()) };
    let rels = read("xl/_rels/workbook.bin.rels").unwrap_or_default();
    let rels = String::from_utf8_lossy(&rels);
    let ids: Vec<&str> = rels
        .split("Id=")
        .skip(1)
        .filter_map(|rest| {
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            rest.get(1..)?.split(quote).next()
        })
        .collect();
    let bad = |what: &str| Err(ReadError::Implausible { what: what.to_owned() });
    let mut pos = 0usize;
    let byte = |i: usize| workbook.get(i).copied();
    while pos < workbook.len() {
        // Record type: one or two bytes; size: up to four, seven bits each.
        let Some(b) = byte(pos) else { break };
        let (typ, mut p) = if b & 0x80 != 0 {
            let Some(b2) = byte(pos + 1) else { break };
            (u16::from(b & 0x7F) + (u16::from(b2 & 0x7F) << 7), pos + 2)
        } else {
            (u16::from(b), pos + 1)
        };
        let mut len = 0usize;
        for i in 0..4 {
            let Some(b) = byte(p) else { return bad("a record cut short in xl/workbook.bin") };
            p += 1;
            len += usize::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let Some(payload) = workbook.get(p..p + len) else { return bad("a record cut short in xl/workbook.bin") };
        if typ == 0x009C {
            let Some(rel_len) = le_u32(payload, 8) else {
                return bad("a sheet record too short for its fields");
            };
            if rel_len != u32::MAX {
                let end = (rel_len as usize).checked_mul(2).and_then(|n| n.checked_add(12));
                let Some(relid) = end.and_then(|end| payload.get(12..end)) else {
                    return bad("a sheet record whose relationship id runs past its end");
                };
                let (relid, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(relid);
                if !ids.iter().any(|id| *id == relid) {
                    return bad("a sheet whose relationship is not defined");
                }
            }
        }
        pos = p + len;
    }
    Ok(())
}

/// The smallest a shared string can be in its part: `<si><t/></si>`.
const MIN_SHARED_STRING_BYTES: u64 = 13;

/// calamine reserves room for the shared-string count the file claims; a count larger than
/// the part could hold is refused before that reservation.
fn check_shared_strings(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
    limits: &Limits,
) -> Result<(), ReadError> {
    let Ok(entry) = archive.by_index(index) else { return Ok(()) };
    let mut head = Vec::with_capacity(4096);
    // A damaged part (say, a bad CRC at its end) still yields its first bytes, and calamine
    // reserves from the count in them before it reaches the damage: check what was read.
    let _ = entry.take(4096).read_to_end(&mut head);
    let text = String::from_utf8_lossy(&head);
    let Some(count) = attribute_number(&text, "uniqueCount") else { return Ok(()) };
    let plausible = (size / MIN_SHARED_STRING_BYTES + 1).min(limits.max_cells);
    if count > plausible {
        return Err(ReadError::Implausible {
            what: format!("a shared-string table of {count} entries in {size} bytes"),
        });
    }
    Ok(())
}

/// The number in `name="123"` (or `name = '123'`) within `text`, if present.
fn attribute_number(text: &str, name: &str) -> Option<u64> {
    let start = text.find(name)? + name.len();
    let rest = text.get(start..)?.trim_start().strip_prefix('=')?.trim_start().trim_start_matches(['"', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Scans an .ods's content.xml for the grid calamine would expand each table to.
fn check_ods_content(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: &Limits,
) -> Result<(), ReadError> {
    let Ok(entry) = archive.by_index(index) else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let mut buf = Vec::new();
    // Per table: the next row's index, the last row and column that hold something.
    let mut row: u64 = 0;
    let mut max_row: Option<u64> = None;
    let mut max_col: u64 = 0;
    // Within a row: the next column, and repeats of the row.
    let mut col: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut row_has_content = false;
    let repeat = |e: &quick_xml::events::BytesStart<'_>, attr: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == attr)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1u64)
            .max(1)
    };
    let grid = |max_row: Option<u64>, max_col: u64| max_row.map_or(0, |r| (r + 1).saturating_mul(max_col + 1));
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            // A damaged part: calamine will say so in its own words.
            Err(_) => return Ok(()),
        };
        let (e, is_start) = match &event {
            Event::Eof => return Ok(()),
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(end) if end.name().as_ref() == "table:table-row" => {
                if row_has_content {
                    max_row = Some(row.saturating_add(row_repeat) - 1);
                }
                row = row.saturating_add(row_repeat);
                let cells = grid(max_row, max_col);
                if cells > limits.max_grid_cells {
                    return Err(ReadError::GridTooLarge { cells, limit: limits.max_grid_cells });
                }
                continue;
            }
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => {
                row = 0;
                max_row = None;
                max_col = 0;
            }
            "table:table-row" => {
                col = 0;
                row_has_content = false;
                row_repeat = repeat(e, "table:number-rows-repeated");
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeat(e, "table:number-columns-repeated");
                // A cell with a value type or with content (a start tag) holds something.
                let has_value = is_start || e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type");
                if has_value {
                    row_has_content = true;
                    max_col = max_col.max(col.saturating_add(n) - 1);
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
}

/// One BIFF record as calamine 0.38's `RecordIter` sees it: its type, where its data lies in the
/// stream, and the data of the CONTINUE records (0x003C) right after it.
struct BiffRecord {
    kind: u16,
    data: std::ops::Range<usize>,
    continues: Vec<std::ops::Range<usize>>,
}

/// The records from `pos` on, as calamine reads them; stops (as calamine fails) at a record that
/// runs past the stream.
fn biff_records(stream: &[u8], mut pos: usize) -> impl Iterator<Item = BiffRecord> + '_ {
    std::iter::from_fn(move || {
        let kind = le_u16(stream, pos)?;
        let len = usize::from(le_u16(stream, pos + 2)?);
        let data = pos + 4..pos + 4 + len;
        stream.get(data.clone())?;
        pos = data.end;
        let mut continues = Vec::new();
        while le_u16(stream, pos) == Some(0x003C) && stream.len() > pos + 4 {
            let len = usize::from(le_u16(stream, pos + 2)?);
            let cont = pos + 4..pos + 4 + len;
            stream.get(cont.clone())?;
            pos = cont.end;
            continues.push(cont);
        }
        Some(BiffRecord { kind, data, continues })
    })
}

/// Whether calamine 0.38's shared-string parser (`parse_sst`, `read_rich_extended_string`,
/// `read_dbcs`) would index past a record on these bytes. It walks them exactly as calamine does,
/// across CONTINUE records; where calamine would return an error instead, that is safe.
fn sst_would_panic(stream: &[u8], record: &BiffRecord) -> bool {
    let mut parts = record.continues.iter().filter_map(|r| stream.get(r.clone()));
    let Some(mut data) = stream.get(record.data.clone()).and_then(|d| d.get(8..)) else { return false };
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(next) => data = next,
                None => return false,
            }
            continue;
        }
        let (Some(cch), Some(&flags), Some(rest)) = (le_u16(data, 0), data.get(2), data.get(3..)) else { return false };
        data = rest;
        let mut skip = 0usize;
        if flags & 0x8 != 0 {
            let (Some(runs), Some(rest)) = (le_u16(data, 0), data.get(2..)) else { return true };
            skip = usize::from(runs) * 4;
            data = rest;
        }
        if flags & 0x4 != 0 {
            let (Some(ext), Some(rest)) = (le_u32(data, 0), data.get(4..)) else { return true };
            // calamine reads an i32 and casts it: a negative size skips to the end (an error).
            skip = skip.saturating_add(usize::try_from(ext as i32).unwrap_or(usize::MAX));
            data = rest;
        }
        let mut wide = flags & 0x1 != 0;
        let mut left = usize::from(cch);
        while left > 0 {
            let took = if wide { (data.len() / 2).min(left) } else { data.len().min(left) };
            data = data.get(if wide { 2 * took } else { took }..).unwrap_or_default();
            left -= took;
            if left > 0 {
                let Some(next) = parts.next() else { return false };
                let Some((&first, rest)) = next.split_first() else { return true };
                wide = first & 0x1 != 0;
                data = rest;
            }
        }
        while skip > 0 {
            if data.is_empty() {
                match parts.next() {
                    Some(next) => data = next,
                    None => return false,
                }
            }
            let took = skip.min(data.len());
            data = data.get(took..).unwrap_or_default();
            skip -= took;
        }
    }
}

/// Checks an .xls workbook stream before calamine 0.38 parses it, and defuses what it would
/// parse without checking:
/// - the workbook is encrypted (a FILEPASS record);
/// - each sheet's claimed dimensions (exactly as calamine computes the grid it reserves) and the
///   bounding box of its cell records, against the dense-grid cap;
/// - records calamine indexes without checking their length (BOF, CODEPAGE, DATEMODE,
///   EXTERNSHEET, BOUNDSHEET8 and its sheet offset, the shared strings across CONTINUE records,
///   MERGECELLS, MULRK, a FORMULA shorter than its token count): a damaged file is refused here
///   as damaged instead of panicking in the reader;
/// - formulas and defined names, which the reader does not use but calamine parses with
///   unchecked indexing: their token lengths are set to zero, so calamine parses nothing.
///
/// Any panic left is caught natively (the CLI's per-file boundary); these checks keep the page's
/// worker, where a panic aborts, from reaching them. Tests: tests/hostile.rs (xls_*).
pub(crate) fn defuse_xls_stream(stream: &mut [u8], limits: &Limits) -> Result<(), ReadError> {
    let damaged = |what: &str| ReadError::Corrupt { format: Format::Xls, detail: format!("a damaged record ({what})") };
    // The workbook globals: calamine reads them up to the first EOF.
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    for record in biff_records(stream, 0) {
        let data = stream.get(record.data.clone()).unwrap_or_default();
        match record.kind {
            0x002F => return Err(ReadError::Encrypted),
            0x000A => break,
            // BOF, CODEPAGE, DATEMODE, EXTERNSHEET: calamine reads a u16 first.
            0x0809 | 0x0042 | 0x0022 | 0x0017 if data.len() < 2 => {
                return Err(damaged("a record shorter than its fields"))
            }
            0x0085 => {
                let pos = le_u32(data, 0).and_then(|p| usize::try_from(p).ok());
                match pos {
                    Some(pos) if data.len() >= 6 && pos <= stream.len() => sheets.push(pos),
                    _ => return Err(damaged("a sheet entry")),
                }
            }
            0x00FC if sst_would_panic(stream, &record) => return Err(damaged("the shared strings")),
            // Lbl (a defined name): cch at 3, cce at 4, the name from 14.
            0x0018 if data.len() < 14 => return Err(damaged("a defined name")),
            0x0018 => names.push(record.data.start + 4),
            _ => {}
        }
    }
    for at in names {
        if let Some(cce) = stream.get_mut(at..at + 2) {
            cce.fill(0);
        }
    }

    // Each sheet's substream, from its BOUNDSHEET8 offset to its EOF (nested substreams, such as
    // embedded charts, skipped as calamine skips them).
    let mut formulas = Vec::new();
    for pos in sheets {
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut bbox: Option<(u64, u64)> = None;
        for record in biff_records(stream, pos) {
            let data = stream.get(record.data.clone()).unwrap_or_default();
            if depth > 0 {
                match record.kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let u16_at = |i: usize| le_u16(data, i).map(u64::from);
            let u32_at = |i: usize| le_u32(data, i).map(u64::from);
            match record.kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS, as calamine's parse_dimensions reads it.
                0x0200 => {
                    let fields = match data.len() {
                        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
                        _ => (None, None, None, None),
                    };
                    if let (Some(rf), Some(rl), Some(cf), Some(cl)) = fields {
                        let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                        let (rows, cols) = if rl >= 1 && cl >= 1 {
                            match ((rl - 1).checked_sub(rf), (cl - 1).checked_sub(cf)) {
                                (Some(r), Some(c)) if r < u64::from(u32::MAX) && c < u64::from(u32::MAX) => {
                                    (r + 1, c + 1)
                                }
                                _ => return Err(damaged("the sheet's dimensions")),
                            }
                        } else {
                            (1, 1)
                        };
                        let cells = rows.saturating_mul(cols);
                        if cells > limits.max_grid_cells {
                            return Err(ReadError::GridTooLarge { cells, limit: limits.max_grid_cells });
                        }
                    }
                }
                // MERGECELLS: a count, then 8 bytes per range.
                0x00E5 => match u16_at(0) {
                    Some(n) if 2 + 8 * n <= data.len() as u64 => {}
                    _ => return Err(damaged("merged cells")),
                },
                // MULRK: the last column must not lie before the first.
                0x00BD if data.len() >= 6 => {
                    if let (Some(first), Some(last)) = (u16_at(2), u16_at(data.len() - 2)) {
                        if last < first || last - first == 0xFFFF {
                            return Err(damaged("a row of numbers"));
                        }
                    }
                }
                // FORMULA: calamine checks 20 bytes, then reads the token count at 20.
                0x0006 if (20..22).contains(&data.len()) => return Err(damaged("a formula")),
                0x0006 if data.len() >= 22 => formulas.push(record.data.start + 20),
                _ => {}
            }
            // Cell records: row (u16), column (u16) first.
            if matches!(record.kind, 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x0006 | 0x00FD | 0x027E | 0x00BD) {
                if let (Some(r), Some(c)) = (u16_at(0), u16_at(2)) {
                    let (mr, mc) = bbox.unwrap_or((0, 0));
                    let (mr, mc) = (mr.max(r), mc.max(c));
                    bbox = Some((mr, mc));
                    let cells = (mr + 1) * (mc + 1);
                    if cells > limits.max_grid_cells {
                        return Err(ReadError::GridTooLarge { cells, limit: limits.max_grid_cells });
                    }
                }
            }
        }
    }
    for at in formulas {
        if let Some(cce) = stream.get_mut(at..at + 2) {
            cce.fill(0);
        }
    }
    Ok(())
}

/// The little-endian `u16` at `at`, if the bytes reach that far.
fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    bytes.get(at..)?.first_chunk().map(|b| u16::from_le_bytes(*b))
}

/// The little-endian `u32` at `at`, if the bytes reach that far.
fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..)?.first_chunk().map(|b| u32::from_le_bytes(*b))
}

#[cfg(test)]
mod tests {
    use super::attribute_number;

    #[test]
    fn an_attribute_number_is_read_with_spaces_and_either_quote() {
        assert_eq!(attribute_number(r#"<sst count="3" uniqueCount="2">"#, "uniqueCount"), Some(2));
        assert_eq!(attribute_number("<sst uniqueCount = '4000000000'>", "uniqueCount"), Some(4_000_000_000));
        assert_eq!(attribute_number(r#"<sst count="3">"#, "uniqueCount"), None);
    }
}
