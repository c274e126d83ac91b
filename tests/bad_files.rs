//! Files that are not action plans are refused with a message naming the problem.

mod common;

use common::*;
use shinchoku::load::LoadError;
use shinchoku::workbook::ReadError;

#[test]
fn an_empty_file_is_refused_as_empty() {
    let e = try_load("empty.csv").unwrap_err();
    assert!(matches!(e, LoadError::Read { source: ReadError::Empty, .. }), "{e}");
    assert_eq!(e.to_string(), "empty.csv: the file is empty");
}

#[test]
fn binary_garbage_is_refused_as_not_a_workbook() {
    let e = try_load("garbage.xlsx").unwrap_err();
    assert!(matches!(e, LoadError::Read { source: ReadError::NotAWorkbook, .. }), "{e}");
}

#[test]
fn a_truncated_workbook_is_refused_as_damaged() {
    let e = try_load("truncated.xlsx").unwrap_err();
    assert!(matches!(e, LoadError::Read { source: ReadError::Corrupt { .. }, .. }), "{e}");
    assert!(e.to_string().starts_with("truncated.xlsx: "));
}

#[test]
fn an_html_page_without_an_action_plan_table_says_why() {
    let e = try_load("html_saved_as.xls").unwrap_err();
    assert!(matches!(e, LoadError::NoLayout { .. }), "{e}");
    assert!(e.to_string().contains("Table1: no header row"), "{e}");
}

#[test]
fn an_html_page_without_any_table_is_named_as_html() {
    let e = shinchoku::load::load("page.xls", b"<html><body><p>no table</p></body></html>", &Default::default())
        .unwrap_err();
    assert!(matches!(e, LoadError::Read { source: ReadError::Html, .. }), "{e}");
}

#[test]
fn a_workbook_without_a_recognisable_header_says_why_per_sheet() {
    let e = try_load("no_header.xlsx").unwrap_err();
    assert!(matches!(e, LoadError::NoLayout { .. }), "{e}");
    assert!(e.to_string().contains("集計: no header row"), "{e}");
}
