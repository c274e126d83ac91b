//! Damaged .xls files: BIFF records that calamine 0.38 would index without checking their
//! length (a panic in the reader: exit 101 in the CLI, a dead worker in the page). Each file is
//! the seed's .xls (`tests/fixtures/seed_f3.xls`) with one record changed here, in code; each
//! is refused as damaged with the file named, or, where the record is one the reader never
//! uses (formulas, defined names), read as usual.

mod common;

use std::io::{Cursor, Read, Write};

use common::*;
use shinchoku::limits::Limits;
use shinchoku::load::{load, LoadError};
use shinchoku::workbook::{Format, ReadError};

/// The seed's Workbook stream.
fn seed_stream() -> Vec<u8> {
    let mut file = cfb::CompoundFile::open(Cursor::new(fixture("seed_f3.xls"))).unwrap();
    let mut stream = Vec::new();
    file.open_stream("/Workbook").unwrap().read_to_end(&mut stream).unwrap();
    stream
}

/// The records of a BIFF stream: (offset of the header, type, data).
fn records(stream: &[u8]) -> Vec<(usize, u16, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        out.push((pos, kind, stream[pos + 4..pos + 4 + len].to_vec()));
        pos += 4 + len;
    }
    out
}

/// The stream written back from `records`, with each BOUNDSHEET8's sheet offset moved to where
/// its sheet's BOF now lies (records may have changed length).
fn write(records: &[(usize, u16, Vec<u8>)]) -> Vec<u8> {
    let mut moved = std::collections::HashMap::new();
    let mut at = 0usize;
    for (old, _, data) in records {
        moved.insert(*old as u32, at as u32);
        at += 4 + data.len();
    }
    let mut out = Vec::new();
    for (_, kind, data) in records {
        let mut data = data.clone();
        if *kind == 0x0085 {
            let old = u32::from_le_bytes(data[0..4].try_into().unwrap());
            let new = moved.get(&old).copied().unwrap_or(old);
            data[0..4].copy_from_slice(&new.to_le_bytes());
        }
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(&data);
    }
    out
}

/// The seed's .xls with its records changed by `change`.
fn seed_with(change: impl FnOnce(&mut Vec<(usize, u16, Vec<u8>)>)) -> Vec<u8> {
    let mut recs = records(&seed_stream());
    change(&mut recs);
    let stream = write(&recs);
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// The data of the first record of `kind`.
fn first(recs: &mut [(usize, u16, Vec<u8>)], kind: u16) -> &mut Vec<u8> {
    &mut recs.iter_mut().find(|r| r.1 == kind).unwrap_or_else(|| panic!("no record {kind:#06x} in the seed")).2
}

/// Inserts a record of `kind` right after the first record of `after`.
fn insert_after(recs: &mut Vec<(usize, u16, Vec<u8>)>, after: u16, kind: u16, data: Vec<u8>) {
    let i = recs.iter().position(|r| r.1 == after).unwrap();
    recs.insert(i + 1, (usize::MAX, kind, data));
}

/// The seed's items, as read from a file named damaged.xls.
fn seed_items() -> Vec<shinchoku::item::Item> {
    let mut items = load_fixture("seed_f3.xls").items;
    for item in &mut items {
        item.source.file = "damaged.xls".into();
    }
    items
}

fn load_bytes(bytes: &[u8]) -> Result<shinchoku::load::Loaded, LoadError> {
    load("damaged.xls", bytes, &Limits::default())
}

fn assert_refused_as_damaged(bytes: &[u8]) {
    match load_bytes(bytes) {
        Err(e @ LoadError::Read { source: ReadError::Corrupt { format: Format::Xls, .. }, .. }) => {
            assert!(e.to_string().starts_with("damaged.xls: "), "{e}");
        }
        other => panic!("expected the file refused as damaged, got {other:?}"),
    }
}

#[test]
fn the_seed_rewritten_unchanged_reads_as_the_seed() {
    let rewritten = seed_with(|_| {});
    assert_eq!(load_bytes(&rewritten).unwrap().items, seed_items());
}

#[test]
fn a_sheet_whose_dimensions_end_before_they_begin_is_refused_as_damaged() {
    assert_refused_as_damaged(&seed_with(|r| {
        let d = first(r, 0x0200);
        d[0..4].copy_from_slice(&100u32.to_le_bytes());
        d[4..8].copy_from_slice(&5u32.to_le_bytes());
    }));
}

#[test]
fn merged_cells_counting_more_ranges_than_the_record_holds_are_refused_as_damaged() {
    assert_refused_as_damaged(&seed_with(|r| first(r, 0x00E5)[0..2].copy_from_slice(&1000u16.to_le_bytes())));
}

#[test]
fn an_empty_merged_cells_record_is_refused_as_damaged() {
    assert_refused_as_damaged(&seed_with(|r| first(r, 0x00E5).clear()));
}

#[test]
fn a_row_of_numbers_whose_last_column_lies_before_its_first_is_refused_as_damaged() {
    assert_refused_as_damaged(&seed_with(|r| {
        let d = first(r, 0x00BD);
        let n = d.len();
        d[2..4].copy_from_slice(&200u16.to_le_bytes());
        d[n - 2..].copy_from_slice(&3u16.to_le_bytes());
    }));
}

#[test]
fn a_sheet_entry_pointing_past_the_stream_is_refused_as_damaged() {
    assert_refused_as_damaged(&seed_with(|r| {
        let d = first(r, 0x0085);
        d[0..4].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
        // `write` moves offsets of known records only: this one stays past the end.
    }));
}

#[test]
fn a_code_page_record_without_its_code_page_is_refused_as_damaged() {
    assert_refused_as_damaged(&seed_with(|r| first(r, 0x0042).clear()));
}

#[test]
fn shared_strings_cut_inside_a_strings_header_are_refused_as_damaged() {
    // One string of one character, flagged rich text, with its run count missing.
    assert_refused_as_damaged(&seed_with(|r| {
        *first(r, 0x00FC) = [1u32.to_le_bytes(), 1u32.to_le_bytes()].concat().into_iter().chain([1, 0, 0x08]).collect();
    }));
}

#[test]
fn shared_strings_continued_in_an_empty_record_are_refused_as_damaged() {
    // A string of four characters with two in the SST record and the rest in an empty CONTINUE.
    assert_refused_as_damaged(&seed_with(|r| {
        *first(r, 0x00FC) =
            [1u32.to_le_bytes(), 1u32.to_le_bytes()].concat().into_iter().chain([4, 0, 0, b'A', b'B']).collect();
        insert_after(r, 0x00FC, 0x003C, Vec::new());
    }));
}

#[test]
fn a_formula_too_short_for_its_token_count_is_refused_as_damaged() {
    let mut formula = vec![0u8; 20];
    formula[0..2].copy_from_slice(&1u16.to_le_bytes());
    assert_refused_as_damaged(&seed_with(|r| insert_after(r, 0x0200, 0x0006, formula)));
}

#[test]
fn a_formula_whose_tokens_run_past_its_record_is_read_by_its_cached_value() {
    // Row 0, column 100 (beside the title), a cached number 7, then a token count of 500 with no
    // tokens: the reader never uses formulas, so their tokens are not parsed at all.
    let mut formula = vec![0u8; 22];
    formula[2..4].copy_from_slice(&100u16.to_le_bytes());
    formula[6..14].copy_from_slice(&7.0f64.to_le_bytes());
    formula[20..22].copy_from_slice(&500u16.to_le_bytes());
    let loaded = load_bytes(&seed_with(|r| insert_after(r, 0x0200, 0x0006, formula))).unwrap();
    assert_eq!(loaded.items, seed_items());
}

#[test]
fn a_defined_name_whose_formula_runs_past_its_record_is_read_as_usual() {
    // Lbl: flags, key, cch = 1, cce = 500, then 8 bytes, the name "A" (not high-byte).
    let mut name = vec![0u8; 16];
    name[3] = 1;
    name[4..6].copy_from_slice(&500u16.to_le_bytes());
    name[15] = b'A';
    let loaded = load_bytes(&seed_with(|r| insert_after(r, 0x0085, 0x0018, name))).unwrap();
    assert_eq!(loaded.items, seed_items());
}
