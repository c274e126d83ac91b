//! Hostile and awkward files (`cargo xtask fixtures`, `xtask/src/hostile.rs`): each is either
//! read correctly or refused before memory is spent, with a message that says why.
//! Peak memory on these files is measured by `scripts/reliability.sh`, not here.

mod common;

use common::*;
use shinchoku::classify::Warning;
use shinchoku::date::DateCell;
use shinchoku::item::Slot;
use shinchoku::load::LoadError;
use shinchoku::workbook::ReadError;

fn read_error(name: &str) -> ReadError {
    match try_load(name) {
        Err(LoadError::Read { source, .. }) => source,
        other => panic!("{name}: expected a read error, got {other:?}"),
    }
}

#[test]
fn a_cell_at_xfd1048576_costs_one_cell_not_a_grid() {
    let loaded = load_fixture("far_cell.xlsx");
    assert_eq!(loaded.items.len(), 1);
    assert_eq!(loaded.items[0].organization, "Ｂ市");
}

#[test]
fn a_zip_that_would_inflate_past_the_limit_is_refused_before_inflating() {
    assert!(matches!(read_error("zip_bomb.xlsx"), ReadError::TooLargeUncompressed { .. }));
}

#[test]
fn a_shared_string_count_larger_than_its_part_is_refused() {
    assert!(matches!(read_error("shared_strings_claim.xlsx"), ReadError::Implausible { .. }));
}

#[test]
fn an_ods_row_repeated_a_million_times_is_refused_before_expanding() {
    let e = read_error("ods_repeat.ods");
    assert!(matches!(e, ReadError::GridTooLarge { cells, .. } if cells > 4_000_000), "{e}");
}

#[test]
fn an_xls_sheet_claiming_every_cell_is_refused_before_expanding() {
    assert!(matches!(read_error("xls_dimensions.xls"), ReadError::GridTooLarge { .. }));
}

#[test]
fn a_password_protected_workbook_is_named_as_such() {
    assert!(matches!(read_error("password.xlsx"), ReadError::Encrypted));
}

#[test]
fn dates_of_a_1904_workbook_count_from_1904() {
    let loaded = load_fixture("date1904.xlsx");
    assert_eq!(loaded.items[0].date(Slot::PlannedEnd), &DateCell::Date(date("2016-06-30")));
}

#[test]
fn a_hidden_sheet_is_still_read() {
    let loaded = load_fixture("awkward.xlsx");
    assert!(loaded.items.iter().any(|i| i.organization == "Ｂ市" && i.source.sheet == "データ"));
}

#[test]
fn a_formula_error_in_a_date_column_is_kept_and_flagged() {
    let loaded = load_fixture("awkward.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let i = loaded.items.iter().position(|i| i.organization == "Ｃ市").unwrap();
    assert_eq!(loaded.items[i].date(Slot::PlannedEnd), &DateCell::Invalid("#REF!".into()));
    assert!(c.verdicts[i].warnings.contains(&Warning::InvalidDate));
}

#[test]
fn the_file_size_limit_is_checked_before_reading() {
    let limits = shinchoku::limits::Limits { max_file_bytes: 100, ..Default::default() };
    let e = shinchoku::load::load("seed_f3.xlsx", &fixture("seed_f3.xlsx"), &limits).unwrap_err();
    assert!(matches!(e, LoadError::Read { source: ReadError::TooLarge { .. }, .. }), "{e}");
}

#[test]
fn the_cell_limit_stops_a_streamed_sheet() {
    let limits = shinchoku::limits::Limits { max_cells: 50, ..Default::default() };
    let loaded = shinchoku::load::load("seed_f3.xlsx", &fixture("seed_f3.xlsx"), &limits);
    let e = loaded.unwrap_err();
    assert!(e.to_string().contains("more than 50 cells"), "{e}");
}

#[test]
fn dates_before_1900_written_as_text_read() {
    assert_eq!(shinchoku::date::parse_text("1899/12/31"), DateCell::Date(date("1899-12-31")));
    assert_eq!(shinchoku::date::parse_text("明治元年9月8日"), DateCell::Date(date("1868-09-08")));
}

#[test]
fn a_very_long_body_cell_is_read_and_cut_to_256_characters_with_a_note() {
    // No body's name is longer than a few dozen characters (issue 17): the row still reads.
    let long = "長".repeat(100_000);
    let csv = format!("団体名,タスク,開始予定日,終了予定日\n{long},F-3,2016/4/1,2016/6/30\n");
    let loaded = shinchoku::load::load("long.csv", csv.as_bytes(), &Default::default()).unwrap();
    assert_eq!(loaded.items[0].organization.chars().count(), 256);
    assert_eq!(loaded.items[0].body_note, Some(shinchoku::item::BodyNote::CellCut));
}

#[test]
fn a_csv_with_a_stray_byte_in_another_encoding_still_reads() {
    // Shift_JIS text with one byte that is not valid in it (0xFF); the rest must still read.
    let (bytes, _, _) =
        encoding_rs::SHIFT_JIS.encode("団体名,タスク,開始予定日,終了予定日\r\nＢ市,F-3,2016/4/1,2016/6/30\r\n");
    let mut bytes = bytes.into_owned();
    bytes.extend_from_slice(b"\xFF\xFF,F-3,2016/4/1,2016/7/31\r\n");
    let loaded = shinchoku::load::load("stray.csv", &bytes, &Default::default()).unwrap();
    assert_eq!(loaded.items[0].organization, "Ｂ市");
    assert_eq!(loaded.items.len(), 2);
}

#[test]
fn an_xml_spreadsheet_2003_is_named_as_such() {
    let xml = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>"#;
    let e = shinchoku::load::load("old.xls", xml.as_bytes(), &Default::default()).unwrap_err();
    assert!(matches!(e, LoadError::Read { source: ReadError::SpreadsheetXml, .. }), "{e}");
}

#[test]
fn a_shared_string_count_in_a_part_with_a_bad_crc_is_still_checked() {
    // Found by the `load` fuzz target: the part's CRC fails at its end, after calamine has
    // already reserved room for the (crafted) count at its start.
    let e = read_error("shared_strings_bad_crc.xlsx");
    assert!(matches!(e, ReadError::Implausible { .. }), "{e}");
}

#[test]
fn an_xlsb_sheet_naming_an_undefined_relationship_is_refused() {
    // Found by the `load` fuzz target: calamine 0.38 indexed its relationship map and panicked.
    let e = read_error("xlsb_missing_relationship.xlsb");
    assert!(matches!(e, ReadError::Implausible { .. }), "{e}");
}
