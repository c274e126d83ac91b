//! The merged ranges of each .xlsx sheet, found by scanning the sheet's inflated XML for its
//! `<mergeCells>` element instead of parsing all of it a second time.
//!
//! calamine reads the cells; its `merge_cells_by_sheet_name` parses the whole sheet part again
//! event by event to reach `<mergeCells>`, which sits after `<sheetData>`. On a national file
//! (12.6 MB of sheet XML) that second parse took as long as reading the cells. Here the part is
//! inflated in chunks and searched for the element's name (a `<` cannot occur in XML text, so
//! `<mergeCells` or `<x:mergeCells` is markup; only a comment or CDATA section could hold one,
//! which spreadsheet writers do not put in sheet XML, and a crafted one can at worst give wrong
//! merges, never a failure); only that element is parsed.
//!
//! Sheets are found the way calamine finds them (`_rels/.rels` → workbook part → its
//! relationships), so names match calamine's. Anything unreadable gives no merges: calamine
//! reports a damaged workbook in its own words when it reads the cells.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::collections::HashMap;
use std::io::{Cursor, Read};

use memchr::memmem;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::Merge;

/// Bytes inflated per step of the scan.
const CHUNK: usize = 64 * 1024;
/// The longest `<mergeCells>` element read (about 300,000 merged ranges); beyond, the rest is
/// ignored.
const MAX_ELEMENT: usize = 8 << 20;
/// The longest workbook or relationships part read.
const MAX_SMALL_PART: u64 = 16 << 20;

/// Merged ranges by sheet name, for every worksheet that has any.
pub fn by_sheet(bytes: &[u8]) -> HashMap<String, Vec<Merge>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return out };
    for (name, path) in sheet_parts(&mut zip) {
        let Some(index) = entry_index(&zip, &path) else { continue };
        // The zip reader yields at most the size the directory claims (which guards::check_zip
        // has checked), so a zip that understates a size cannot make this scan run on.
        let Ok(part) = zip.by_index(index) else { continue };
        let merges = merges_in(part, CHUNK);
        if !merges.is_empty() {
            out.insert(name, merges);
        }
    }
    out
}

/// (sheet name, part path) of every sheet, as the workbook part lists them.
fn sheet_parts(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<(String, String)> {
    let workbook = read_small(zip, "_rels/.rels")
        .and_then(|rels| {
            relationships(&rels)
                .into_iter()
                .find(|r| r.kind.ends_with("/relationships/officeDocument"))
                .map(|r| r.target)
        })
        .map_or_else(|| "xl/workbook.xml".to_owned(), |t| t.strip_prefix('/').unwrap_or(&t).to_owned());
    let (dir, file) = workbook.rsplit_once('/').map_or(("", workbook.as_str()), |(d, f)| (d, f));
    let dir = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    let Some(rels) = read_small(zip, &format!("{dir}_rels/{file}.rels")) else { return Vec::new() };
    let targets: HashMap<String, String> = relationships(&rels).into_iter().map(|r| (r.id, r.target)).collect();
    let Some(xml) = read_small(zip, &workbook) else { return Vec::new() };
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml.as_slice());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let name = attribute(&e, |key| key == "name");
                let id = attribute(&e, |key| key.rsplit(':').next() == Some("id") && key != "id");
                if let (Some(name), Some(target)) = (name, id.and_then(|id| targets.get(&id))) {
                    let path = target.strip_prefix('/').map_or_else(|| format!("{dir}{target}"), str::to_owned);
                    out.push((name, path));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
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

/// The unescaped value of the first attribute whose raw key `matches`.
fn attribute(e: &BytesStart<'_>, matches: impl Fn(&str) -> bool) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| matches(a.key.as_ref()))
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
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

/// The merged ranges of one sheet part, read `chunk` bytes at a time.
fn merges_in(mut part: impl Read, chunk: usize) -> Vec<Merge> {
    const NAME: &[u8] = b"mergeCells";
    let finder = memmem::Finder::new(NAME);
    let mut buf: Vec<u8> = Vec::with_capacity(chunk + 64);
    // Before the element: `buf` is a short tail of what was searched plus the new chunk.
    // Inside it: `buf` starts at its `<`, and `buf[..searched]` holds no closing tag.
    let mut inside = false;
    let mut searched = 0;
    loop {
        let len = buf.len();
        buf.resize(len + chunk, 0);
        let n = buf.get_mut(len..).map_or(0, |space| part.read(space).unwrap_or(0));
        buf.truncate(len + n);
        if !inside {
            let mut from = 0;
            while let Some(at) = buf.get(from..).and_then(|rest| finder.find(rest)).map(|i| from + i) {
                if let Some(open) = opening_tag(&buf, at) {
                    buf.drain(..open);
                    inside = true;
                    searched = 1;
                    break;
                }
                from = at + 1;
            }
            if !inside {
                // Keep a tail for a (prefixed) name cut by the chunk boundary.
                buf.drain(..buf.len().saturating_sub(64));
            }
        }
        if inside {
            let mut from = searched;
            while let Some(at) = buf.get(from..).and_then(|rest| finder.find(rest)).map(|i| from + i) {
                if closing_tag(&buf, at) {
                    // `closing_tag` saw the `>` at `at + NAME.len()`.
                    return parse_element(buf.get(..at + NAME.len() + 1).unwrap_or(&buf));
                }
                from = at + 1;
            }
            searched = buf.len().saturating_sub(64).max(searched);
            if buf.len() > MAX_ELEMENT {
                return parse_element(&buf);
            }
        }
        if n == 0 {
            return if inside { parse_element(&buf) } else { Vec::new() };
        }
    }
}

/// Where the start tag of `mergeCells` found at `at` begins (its `<`), if it is one: `<` right
/// before the name or before a namespace prefix, and not `</`.
fn opening_tag(buf: &[u8], at: usize) -> Option<usize> {
    let after = buf.get(at + b"mergeCells".len())?;
    if !matches!(after, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
        return None;
    }
    let lt = name_start(buf, at)?.checked_sub(1)?;
    (buf.get(lt) == Some(&b'<')).then_some(lt)
}

/// Whether `mergeCells` found at `at` is the name of a closing tag (`</mergeCells>`,
/// `</x:mergeCells>`).
fn closing_tag(buf: &[u8], at: usize) -> bool {
    buf.get(at + b"mergeCells".len()) == Some(&b'>')
        && name_start(buf, at).is_some_and(|s| buf.get(..s).is_some_and(|before| before.ends_with(b"</")))
}

/// The start of the qualified name whose local part begins at `at` (before any `prefix:`).
fn name_start(buf: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    let before = |i: usize| i.checked_sub(1).and_then(|j| buf.get(j)).copied();
    if before(i) == Some(b':') {
        i -= 1;
        while before(i).is_some_and(is_name_byte) {
            i -= 1;
        }
    }
    (i > 0).then_some(i)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// The `ref`s of the `<mergeCell>` elements in `xml` (a `<mergeCells>` element, perhaps cut short).
fn parse_element(xml: &[u8]) -> Vec<Merge> {
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(merge) = attribute(&e, |k| k == "ref").as_deref().and_then(parse_range) {
                    out.push(merge);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
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
    let (col, row) = text.split_at(letters);
    if col.is_empty() || col.len() > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = row.parse().ok()?;
    ((1..=MAX_ROW).contains(&row) && (1..=MAX_COL).contains(&col)).then(|| (row - 1, col - 1))
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

    const SHEET: &str = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCells &lt;mergeCells&gt;</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:C3"/></mergeCells><pageMargins/></worksheet>"#;

    #[test]
    fn the_merge_cells_element_is_found_and_text_naming_it_is_ignored() {
        assert_eq!(merges_in(SHEET.as_bytes(), CHUNK), vec![m(0, 0, 0, 1), m(0, 2, 2, 2)]);
    }

    #[test]
    fn the_element_is_found_whatever_the_chunk_boundaries() {
        for chunk in 1..40 {
            assert_eq!(merges_in(SHEET.as_bytes(), chunk), vec![m(0, 0, 0, 1), m(0, 2, 2, 2)], "chunk {chunk}");
        }
    }

    #[test]
    fn a_namespace_prefixed_element_is_found() {
        let xml = r#"<x:worksheet xmlns:x="s"><x:sheetData/><x:mergeCells count="1"><x:mergeCell ref="B2:D2"/></x:mergeCells></x:worksheet>"#;
        for chunk in [3, 7, CHUNK] {
            assert_eq!(merges_in(xml.as_bytes(), chunk), vec![m(1, 1, 1, 3)]);
        }
    }

    /// An .xlsx-shaped zip whose one sheet has `padding` bytes of cells before `<mergeCells>`,
    /// its directory claiming the sheet part is `claim` bytes long (None: the truth).
    fn workbook_with_padding(padding: usize, claim: Option<u32>) -> Vec<u8> {
        use std::io::Write;
        let sheet = format!(
            "<worksheet><sheetData>{}</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
            "<row/>".repeat(padding / 6)
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [
            ("_rels/.rels", r#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
            ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
            ("xl/workbook.xml", r#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
            ("xl/worksheets/sheet1.xml", sheet.clone()),
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

    #[test]
    fn merges_are_found_by_sheet_name_through_the_workbooks_relationships() {
        let found = by_sheet(&workbook_with_padding(1000, None));
        assert_eq!(found.get("S"), Some(&vec![m(0, 0, 0, 1)]));
    }

    #[test]
    fn a_sheet_part_is_never_inflated_far_beyond_its_claimed_size() {
        // The element lies 2 MB in, the directory claims 100 bytes: the scan stops at the claim
        // instead of inflating on.
        assert_eq!(by_sheet(&workbook_with_padding(2 << 20, None)).get("S"), Some(&vec![m(0, 0, 0, 1)]));
        assert_eq!(by_sheet(&workbook_with_padding(2 << 20, Some(100))).get("S"), None);
    }

    #[test]
    fn a_sheet_without_merges_or_cut_short_gives_what_it_holds() {
        assert_eq!(merges_in(&b"<worksheet><sheetData/></worksheet>"[..], CHUNK), vec![]);
        assert_eq!(
            merges_in(&b"<worksheet><mergeCells><mergeCell ref=\"A1:A2\"/><mergeCe"[..], 5),
            vec![m(0, 0, 1, 0)]
        );
    }
}
