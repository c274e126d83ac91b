//! The merged ranges shinchoku finds in an .xlsx by scanning for `<mergeCells>` are exactly
//! those calamine parses from the whole sheet, on every .xlsx fixture.

use std::io::Cursor;
use std::path::Path;

use calamine::{Reader, Xlsx};
use shinchoku::limits::Limits;
use shinchoku::workbook::xlsx_merges;
use shinchoku::workbook::Merge;

fn xlsx_fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xlsm"))
        .map(|p| (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn merged_ranges_match_calamines_on_every_xlsx_fixture() {
    let mut sheets_with_merges = 0;
    for (file, bytes) in xlsx_fixtures() {
        // Hostile files are refused before calamine sees them (it would exhaust memory).
        if shinchoku::workbook::guards::check_zip(&bytes, &Limits::default()).is_err() {
            continue;
        }
        let Ok(mut wb) = Xlsx::new(Cursor::new(&bytes)) else { continue };
        let found = xlsx_merges::by_sheet(&bytes);
        for name in wb.sheet_names() {
            let expected: Vec<Merge> = wb
                .merge_cells_by_sheet_name(&name)
                .map(|m| m.into_iter().map(Merge::from).collect())
                .unwrap_or_default();
            let got = found.get(&name).cloned().unwrap_or_default();
            assert_eq!(got, expected, "{file} / {name}");
            sheets_with_merges += usize::from(!expected.is_empty());
        }
    }
    assert!(sheets_with_merges >= 4, "the fixtures must exercise merges ({sheets_with_merges} sheets have any)");
}
