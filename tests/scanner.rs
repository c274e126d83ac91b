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
    let scanner = collect(|v, e| {
        matches!(workbook::read("x.xlsx", bytes, &limits, v, e), Ok(Format::Xlsx))
    });
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
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xlsm")),
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
            panic!("{name}: scanner {} / calamine {}\n{scanner:#?}\n{calamine:#?}", describe(&scanner), describe(&calamine));
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
    let files = xlsx_files("target/national");
    assert_eq!(files.len(), 3, "run `cargo xtask national` first");
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

