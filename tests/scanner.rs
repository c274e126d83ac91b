//! The .xlsx scanner (src/workbook/xlsx.rs) reads what calamine reads: on every .xlsx/.xlsm
//! fixture (tests/fixtures, written by `cargo xtask fixtures`, and the national files of
//! `cargo xtask national` when they exist) each sheet's cells — row, column, type and value — and
//! merged ranges equal calamine's for the same bytes, or both refuse. The fuzz target `scanner`
//! holds the two to the same on mutated sheet XML.
//!
//! Where the scanner is deliberately more lenient than calamine (it reads the workbook's
//! metadata itself), the difference is a test of its own below.

use std::path::{Path, PathBuf};

use shinchoku::limits::Limits;
use shinchoku::workbook::{self, Format, Merge, ReadError, Sheet};

/// What a reader made of a workbook: per sheet, its cells and merges or a refusal.
#[derive(Debug, PartialEq)]
enum Outcome {
    Refused,
    Read(Vec<SheetOutcome>),
}

#[derive(Debug, PartialEq)]
struct SheetOutcome {
    name: String,
    hidden: bool,
    date1904: bool,
    /// (row, column, value with its type), or None if the sheet was refused.
    cells: Option<Vec<(u32, u32, String)>>,
    merges: Vec<Merge>,
}

fn cells(sheet: &Sheet<'_>) -> Vec<(u32, u32, String)> {
    sheet.rows.iter().flat_map(|r| r.cells.iter().map(move |c| (r.index, c.col, format!("{:?}", c.value)))).collect()
}

fn collect(read: impl FnOnce(&mut dyn FnMut(Sheet<'_>), &mut dyn FnMut(&str, ReadError)) -> bool) -> Outcome {
    let mut sheets = Vec::new();
    let mut refused = Vec::new();
    let ok = read(
        &mut |s| {
            sheets.push(SheetOutcome {
                name: s.name.clone(),
                hidden: s.hidden,
                date1904: s.date1904,
                cells: Some(cells(&s)),
                merges: s.merges.clone(),
            })
        },
        &mut |name, _| refused.push(name.to_owned()),
    );
    if !ok {
        return Outcome::Refused;
    }
    for name in refused {
        sheets.push(SheetOutcome { name, hidden: false, date1904: false, cells: None, merges: vec![] });
    }
    Outcome::Read(sheets)
}

/// Both readers on the same bytes (sheets compared in workbook order; a refused sheet carries
/// only its name).
fn both(bytes: &[u8]) -> (Outcome, Outcome) {
    let limits = Limits::default();
    let scanner = collect(|v, e| matches!(workbook::read("x.xlsx", bytes, &limits, v, e), Ok(Format::Xlsx)));
    let calamine = collect(|v, e| workbook::read_xlsx_with_calamine(bytes, &limits, v, e).is_ok());
    (normalise(scanner), normalise(calamine))
}

/// A refused sheet says nothing of its visibility or merges.
fn normalise(o: Outcome) -> Outcome {
    match o {
        Outcome::Refused => Outcome::Refused,
        Outcome::Read(mut sheets) => {
            sheets.sort_by(|a, b| a.name.cmp(&b.name));
            for s in &mut sheets {
                if s.cells.is_none() {
                    s.hidden = false;
                    s.date1904 = false;
                    s.merges.clear();
                }
            }
            Outcome::Read(sheets)
        }
    }
}

/// The .xlsx/.xlsm files of a directory of the repository.
fn xlsx_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join(dir)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        out.extend(
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xlsm")),
        );
    }
    out.sort();
    out
}

fn describe(o: &Outcome) -> String {
    match o {
        Outcome::Refused => "refused".to_owned(),
        Outcome::Read(s) => format!(
            "{} sheets, {} cells",
            s.len(),
            s.iter().map(|s| s.cells.as_ref().map_or(0, Vec::len)).sum::<usize>()
        ),
    }
}

/// Both readers on every file; the number of sheets with merged ranges.
fn compare(files: Vec<PathBuf>) -> usize {
    let mut merges = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let (scanner, calamine) = both(&bytes);
        let name = path.file_name().unwrap().to_string_lossy();
        if scanner != calamine {
            // Print the first difference rather than two whole workbooks.
            if let (Outcome::Read(a), Outcome::Read(b)) = (&scanner, &calamine) {
                for (x, y) in a.iter().zip(b) {
                    if let (Some(cx), Some(cy)) = (&x.cells, &y.cells) {
                        if let Some((p, q)) = cx.iter().zip(cy).find(|(p, q)| p != q) {
                            panic!("{name} / {}: scanner {p:?}, calamine {q:?}", x.name);
                        }
                    }
                }
            }
            panic!(
                "{name}: scanner {} / calamine {}\n{scanner:#?}\n{calamine:#?}",
                describe(&scanner),
                describe(&calamine)
            );
        }
        if let Outcome::Read(sheets) = &scanner {
            merges += sheets.iter().filter(|s| !s.merges.is_empty()).count();
        }
    }
    merges
}

#[test]
fn the_scanner_reads_every_xlsx_fixture_cell_for_cell_as_calamine_does() {
    let files = xlsx_files("tests/fixtures");
    assert!(files.len() >= 30, "only {} .xlsx fixtures found", files.len());
    let merges = compare(files);
    assert!(merges >= 4, "the fixtures must exercise merges ({merges} sheets have any)");
}

/// The national files (`cargo xtask national`, 1.9 M cells): minutes in a debug build, so run
/// by scripts/bench.sh in release (`cargo test --release --test scanner -- --ignored`).
#[test]
#[ignore = "minutes in a debug build; scripts/bench.sh runs it in release"]
fn the_scanner_reads_the_national_files_cell_for_cell_as_calamine_does() {
    // The three national shapes, and the twelve monthly rate tables (SPEC §11) where written.
    let files = xlsx_files("target/national");
    for shape in ["wide", "long", "steps"] {
        let name = format!("national_{shape}.xlsx");
        assert!(files.iter().any(|f| f.ends_with(&name)), "{name} missing: run `cargo xtask national` first");
    }
    compare(files);
}

#[test]
fn the_cell_type_fixtures_hold_every_kind_of_cell() {
    // The fixtures written for this comparison (xtask/src/cells.rs) must not read as empty.
    for (file, least) in [("cell_types.xlsx", 20), ("cell_shapes.xlsx", 20), ("cell_types_1904.xlsx", 3)] {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(file)).unwrap();
        let (scanner, _) = both(&bytes);
        let Outcome::Read(sheets) = scanner else { panic!("{file} refused") };
        let n: usize = sheets.iter().map(|s| s.cells.as_ref().map_or(0, Vec::len)).sum();
        assert!(n >= least, "{file}: {n} cells");
    }
}

/// A workbook of the given parts (path, text), zipped.
fn zipped(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const ROOT_RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET: &str = r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;

#[test]
fn a_sheet_whose_relationship_is_missing_is_skipped_where_calamine_refuses_the_workbook() {
    // Documented leniency: the scanner reads the workbook's metadata itself.
    let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId9"/></sheets></workbook>"#;
    let bytes = zipped(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/worksheets/sheet1.xml", SHEET.as_bytes()),
    ]);
    let (scanner, calamine) = both(&bytes);
    assert_eq!(calamine, Outcome::Refused);
    let Outcome::Read(sheets) = scanner else { panic!("the scanner refused") };
    assert_eq!(
        sheets.iter().map(|s| (s.name.as_str(), s.cells.as_ref().map(Vec::len))).collect::<Vec<_>>(),
        [("A", Some(1))]
    );
}

#[test]
fn an_unknown_sheet_state_reads_as_visible_where_calamine_refuses_the_workbook() {
    let workbook =
        r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" state="folded" r:id="rId1"/></sheets></workbook>"#;
    let bytes = zipped(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/worksheets/sheet1.xml", SHEET.as_bytes()),
    ]);
    let (scanner, calamine) = both(&bytes);
    assert_eq!(calamine, Outcome::Refused);
    assert!(matches!(scanner, Outcome::Read(s) if s.len() == 1 && !s[0].hidden));
}

#[test]
fn a_malformed_attribute_of_the_shared_string_table_is_refused_by_both_readers() {
    // Found by the fuzz target: calamine reads `uniqueCount` and refuses the workbook.
    let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let bytes = zipped(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/worksheets/sheet1.xml", SHEET.as_bytes()),
        ("xl/sharedStrings.xml", br#"<sst count="1" uniqueCount"1"><si><t>x</t></si></sst>"#),
    ]);
    assert_eq!(both(&bytes), (Outcome::Refused, Outcome::Refused));
}

#[test]
fn a_sheet_whose_xml_is_damaged_is_refused_by_both_readers() {
    // Both refuse the sheet, not the workbook: an unknown cell type, a shared string past the
    // table, an unclosed reference, markup cut short, a byte that is not UTF-8 in a tag (these
    // three found by the fuzz target).
    for damaged in [
        &br#"<worksheet><sheetData><row><c t="x"><v>1</v></c></row></sheetData></worksheet>"#[..],
        br#"<worksheet><sheetData><row><c t="s"><v>3</v></c></row></sheetData></worksheet>"#,
        br#"<worksheet><sheetData><row><c><v>1 &amp 2</v></c></row></sheetData></worksheet>"#,
        br#"<worksheet><sheetData><row><c><v>1</v></c></row></sheetData"#,
        b"<worksheet><sheetData><row><c r\xff=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
        // An end tag with no element open, and an empty processing instruction `<?>`.
        br#"</row><worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>"#,
        br#"<worksheet><sheetData><?><row><c><v>1</v></c></row></sheetData></worksheet><?x?>"#,
    ] {
        let shown = String::from_utf8_lossy(damaged);
        let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let bytes = zipped(&[
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/worksheets/sheet1.xml", damaged),
        ]);
        let (scanner, calamine) = both(&bytes);
        assert_eq!(scanner, calamine, "{shown}");
        assert!(matches!(&scanner, Outcome::Read(s) if s[0].cells.is_none()), "{shown}: {scanner:?}");
    }
}

#[test]
fn a_reference_of_seven_letters_overflows_calamine_but_not_the_scanner() {
    // calamine 0.38's bug (found by the fuzz target, which skips such inputs): it accumulates a
    // column in a u32 unchecked, so `ZZZZZZZ1` panics under debug assertions (and wraps in a
    // release build). The scanner reads references with the same wrapping arithmetic, without
    // panicking, so that a release calamine and the scanner agree.
    let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let sheet = r#"<worksheet><sheetData><row><c r="ZZZZZZZ1"><v>1</v></c></row></sheetData></worksheet>"#;
    let bytes = zipped(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let limits = Limits::default();
    let scanner = collect(|v, e| matches!(workbook::read("x.xlsx", &bytes, &limits, v, e), Ok(Format::Xlsx)));
    assert!(matches!(scanner, Outcome::Read(ref s) if s.len() == 1));
    let calamine =
        std::panic::catch_unwind(|| collect(|v, e| workbook::read_xlsx_with_calamine(&bytes, &limits, v, e).is_ok()));
    if cfg!(debug_assertions) {
        assert!(calamine.is_err(), "calamine no longer overflows: compare instead");
    } else {
        assert_eq!(calamine.ok().map(normalise), Some(normalise(scanner)));
    }
}
