//! The one boundary between files and the page: every dropped file in, items and per-file
//! errors out. Nothing here touches the browser, so it can later move into a Web Worker
//! unchanged (the page would post the files and receive an [`Analysis`]).

use chrono::NaiveDate;

use crate::item::Item;
use crate::limits::Limits;
use crate::load::{self, Skipped};

/// A file the user dropped: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file that gave nothing, with a Japanese message naming it and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub message: String,
}

/// What a set of files gave, together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Items of every readable file, file by file in the order given.
    pub items: Vec<Item>,
    /// Names of the files that gave items.
    pub files: Vec<String>,
    /// Sheets without a recognisable layout, with their reason.
    pub skipped: Vec<Skipped>,
    /// Files that could not be read; the others still load.
    pub errors: Vec<FileError>,
}

/// Reads every file; a bad file becomes an error entry and never stops the others.
pub fn analyse(files: &[Input], limits: &Limits) -> Analysis {
    let mut out = Analysis::default();
    for file in files {
        match load::load(&file.name, &file.bytes, limits) {
            Ok(loaded) => {
                out.items.extend(loaded.items);
                out.skipped.extend(loaded.skipped);
                out.files.push(file.name.clone());
            }
            Err(e) => out.errors.push(FileError { file: file.name.clone(), message: e.message_ja() }),
        }
    }
    out
}

/// The built-in sample: the seed's F-3 table (SPEC §7).
pub mod sample {
    use super::*;

    /// The name the sample is shown under.
    pub const NAME: &str = "サンプル（資料のF-3 既存業務システム改修 表）.xlsx";
    /// The workbook's bytes.
    pub const BYTES: &[u8] = include_bytes!("../tests/fixtures/seed_f3.xlsx");

    /// The as-of date the seed's table was checked on.
    pub fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2016, 7, 15).unwrap_or_default() // ok: a constant valid date
    }

    /// The sample as an input file.
    pub fn input() -> Input {
        Input { name: NAME.to_owned(), bytes: BYTES.to_vec() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_gives_the_seed_tables_items() {
        let a = analyse(&[sample::input()], &Limits::default());
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        assert_eq!(a.items.len(), 28);
        assert_eq!(a.files, vec![sample::NAME.to_owned()]);
    }

    #[test]
    fn a_bad_file_is_reported_and_the_good_files_still_load() {
        let bad = Input { name: "壊れた.xlsx".to_owned(), bytes: b"PK\x03\x04 broken".to_vec() };
        let a = analyse(&[bad, sample::input()], &Limits::default());
        assert_eq!(a.items.len(), 28);
        assert_eq!(a.errors.len(), 1);
        assert_eq!(a.errors[0].file, "壊れた.xlsx");
        assert!(a.errors[0].message.contains("「壊れた.xlsx」"), "{}", a.errors[0].message);
    }
}
