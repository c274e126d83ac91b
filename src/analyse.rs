//! The one boundary between files and the page: every dropped file in, items and per-file
//! errors out. Nothing here touches the browser: the page runs it in a Web Worker, which
//! reports [`Progress`] and sends the [`Analysis`] back encoded by [`crate::wire`].

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use chrono::NaiveDate;

use crate::history::{snapshots, DatedFile, FileDate};
use crate::item::Item;
use crate::limits::Limits;
use crate::load::{self, Skipped};
use crate::profile::{register, Profile};
use crate::system::Systems;
use crate::workbook;

/// A file the user dropped: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    /// Test support: the named files of `tests/fixtures` as inputs; a missing one fails the test
    /// with its name (never an empty file and a wrong count).
    #[cfg(test)]
    #[allow(clippy::panic)]
    pub(crate) fn fixtures(names: &[&str]) -> Vec<Input> {
        names
            .iter()
            .map(|n| {
                let path = format!("{}/tests/fixtures/{n}", env!("CARGO_MANIFEST_DIR"));
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
                Input { name: (*n).to_owned(), bytes }
            })
            .collect()
    }
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
    /// Standardisation systems and designations of every readable file (SPEC §9).
    pub systems: Systems,
    /// Names of the files that gave items.
    pub files: Vec<String>,
    /// Sheets without a recognisable layout, with their reason.
    pub skipped: Vec<Skipped>,
    /// Files that could not be read; the others still load.
    pub errors: Vec<FileError>,
    /// The date (時点) of each file of `files`, as given or as its sheets name it (SPEC §11).
    pub dates: Vec<Option<NaiveDate>>,
}

impl Analysis {
    /// Whether the files gave something to show.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.systems.is_empty()
    }

    /// Whether everything the files gave is of the standardisation shapes (SPEC §9.3), so that
    /// the `hyojunka` profile is the one to use unless the user picked another.
    pub fn is_standardisation(&self) -> bool {
        self.items.is_empty() && !self.systems.is_empty()
    }

    /// The profile to classify these files with when `current` is in use: the programme
    /// follows the shape of the files (SPEC §9.3) unless `current`, perhaps edited, is already
    /// of the files' programme (then `None`: keep it).
    pub fn profile_for(&self, current: &Profile) -> Option<Profile> {
        let wanted = if self.is_standardisation() {
            crate::profile::HYOJUNKA
        } else if !self.items.is_empty() {
            crate::profile::ACTION_PLAN_2016
        } else {
            return None;
        };
        (wanted != current.programme()).then(|| Profile::builtin(wanted)).flatten()
    }
}

/// The page's prefecture scope (表示範囲): which prefectures the files cover, and the one
/// shown. Offered only where the files cover more than one; the CLI's `--prefecture` is the
/// same narrowing ([`crate::profile::register::keep_prefecture`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The prefectures the files cover (numbers 1–47, in code order).
    pub prefectures: Vec<u8>,
    /// The prefecture shown; `None`: every one.
    pub shown: Option<u8>,
}

impl Scope {
    /// The scope of `analysis` when the user asks for `wanted`: a prefecture the files do not
    /// cover, or files of one prefecture only, show everything.
    pub fn of(analysis: &Analysis, wanted: Option<u8>) -> Scope {
        let prefectures = register::prefectures(&analysis.items, &analysis.systems);
        let shown = wanted.filter(|n| prefectures.len() > 1 && prefectures.contains(n));
        Scope { prefectures, shown }
    }

    /// A prefecture's name as the register writes it (鳥取県).
    pub fn name(number: u8) -> Option<&'static str> {
        register::register().prefecture(number).map(|e| e.prefecture)
    }

    /// `analysis` within this scope: itself when every prefecture is shown, else a copy of its
    /// rows of the shown prefecture (the files, errors and skipped sheets unchanged).
    pub fn apply<'a>(&self, analysis: &'a Analysis) -> std::borrow::Cow<'a, Analysis> {
        let Some(number) = self.shown else { return std::borrow::Cow::Borrowed(analysis) };
        let mut scoped = analysis.clone();
        register::keep_prefecture(number, &mut scoped.items, &mut scoped.systems);
        std::borrow::Cow::Owned(scoped)
    }

    /// Each dated file's systems within this scope (SPEC §11's history follows the scope too).
    pub fn apply_files(&self, files: &[DatedFile]) -> Vec<DatedFile> {
        let mut out = files.to_vec();
        if let Some(number) = self.shown {
            for f in &mut out {
                register::keep_prefecture(number, &mut Vec::new(), &mut f.systems);
            }
        }
        out
    }
}

/// How far an analysis has got, for the page's progress indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    /// 0-based index of the file being read, among `files`.
    pub file_index: usize,
    pub files: usize,
    pub file: String,
    pub bytes: usize,
    pub sheet: String,
    pub sheet_index: usize,
    pub sheets: usize,
    /// Non-empty rows of this sheet read so far.
    pub rows: usize,
}

/// Reads every file; a bad file becomes an error entry and never stops the others.
pub fn analyse(files: &[Input], limits: &Limits) -> Analysis {
    analyse_with_progress(files, limits, &mut |_| {})
}

/// [`analyse`], telling `progress` when each file and sheet starts and every few thousand rows.
pub fn analyse_with_progress(files: &[Input], limits: &Limits, progress: &mut dyn FnMut(&Progress)) -> Analysis {
    let (mut out, dated) = read_with_progress(files, limits, progress);
    for f in dated {
        out.systems.extend(f.systems);
    }
    out
}

/// [`analyse_with_progress`] keeping each file's systems apart with its date (SPEC §11), one per
/// file of `files` (the analysis' own `systems` left empty): what the page's analyser keeps to
/// make snapshots of, and remake when the user corrects a date.
pub fn read_with_progress(
    files: &[Input],
    limits: &Limits,
    progress: &mut dyn FnMut(&Progress),
) -> (Analysis, Vec<DatedFile>) {
    let mut out = Analysis::default();
    let mut dated = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        let mut report = |p: workbook::ReadProgress<'_>| {
            progress(&Progress {
                file_index,
                files: files.len(),
                file: file.name.clone(),
                bytes: file.bytes.len(),
                sheet: p.sheet.to_owned(),
                sheet_index: p.sheet_index,
                sheets: p.sheets,
                rows: p.rows,
            })
        };
        match load::load_with_progress(&file.name, &file.bytes, limits, &mut report) {
            Ok(loaded) => {
                out.items.extend(loaded.items);
                out.skipped.extend(loaded.skipped);
                out.files.push(file.name.clone());
                out.dates.push(loaded.date);
                dated.push(DatedFile { name: file.name.clone(), date: loaded.date, systems: loaded.systems });
            }
            Err(e) => out.errors.push(FileError { file: file.name.clone(), message: e.message_ja() }),
        }
    }
    (out, dated)
}

/// The systems the page classifies of dated files (SPEC §11): with files of two dates or more,
/// the latest snapshot's and the 特定移行支援 lists' (never a merge of months); else every file's.
pub fn latest_snapshot(files: &[DatedFile]) -> Systems {
    let grouping = snapshots(
        &files.iter().map(|f| FileDate { name: &f.name, date: f.date, list: f.is_list() }).collect::<Vec<_>>(),
    );
    let mut systems = Systems::default();
    let keep: Vec<usize> = match grouping.latest().filter(|_| grouping.dates() > 1) {
        Some(latest) => latest.members.iter().chain(&grouping.lists).copied().collect(),
        None => (0..files.len()).collect(),
    };
    for f in keep.iter().filter_map(|&i| files.get(i)) {
        systems.extend(f.systems.clone());
    }
    systems
}

/// How many dates (時点) the files have among those that are snapshots.
pub fn dates(files: &[DatedFile]) -> usize {
    snapshots(&files.iter().map(|f| FileDate { name: &f.name, date: f.date, list: f.is_list() }).collect::<Vec<_>>())
        .dates()
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

    /// The standardisation sample (SPEC §9): the 総務省-shaped workbook (a rate sheet and a step
    /// sheet for three bodies) and a 特定移行支援 list with one row that matches no system.
    pub fn hyojunka_inputs() -> Vec<Input> {
        vec![
            Input {
                name: "サンプル（標準化 業務別ステップ別進捗・完了率）.xlsx".to_owned(),
                bytes: include_bytes!("../tests/fixtures/hyojunka_soumu.xlsx").to_vec(),
            },
            Input {
                name: "サンプル（特定移行支援システム一覧）.xlsx".to_owned(),
                bytes: include_bytes!("../tests/fixtures/tokutei_pairs.xlsx").to_vec(),
            },
        ]
    }

    /// The as-of date of the standardisation sample: the end of the month it reports.
    pub fn hyojunka_as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default() // ok: a constant valid date
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
    fn the_standardisation_sample_gives_systems_and_a_designation_list() {
        let a = analyse(&sample::hyojunka_inputs(), &Limits::default());
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        assert!(a.is_standardisation());
        assert_eq!(a.systems.designations.len(), 5);
    }

    #[test]
    fn the_profile_follows_the_shape_of_the_files_unless_already_of_their_programme() {
        let plan = analyse(&[sample::input()], &Limits::default());
        let steps = analyse(&sample::hyojunka_inputs(), &Limits::default());
        let hyojunka = Profile::hyojunka();
        assert_eq!(steps.profile_for(&Profile::default()), Some(hyojunka.clone()));
        assert_eq!(plan.profile_for(&hyojunka), Some(Profile::default()));
        let mut edited = hyojunka.clone();
        edited.default.deadline = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap_or_default();
        assert_eq!(steps.profile_for(&edited), None);
        assert_eq!(Analysis::default().profile_for(&hyojunka), None);
    }

    #[test]
    fn a_scope_is_offered_for_files_of_two_prefectures_and_keeps_the_chosen_ones_rows() {
        let a = analyse(&Input::fixtures(&["register_two_prefectures.xlsx"]), &Limits::default());
        let (tottori, shimane) = (31, 32);
        let scope = Scope::of(&a, Some(tottori));
        assert_eq!((scope.prefectures.as_slice(), scope.shown), (&[tottori, shimane][..], Some(tottori)));
        let scoped = scope.apply(&a);
        assert_eq!(scoped.systems.reports.len(), 2 * 2);
        assert!(scoped.systems.reports.iter().all(|r| r.prefecture.as_deref() == Some("鳥取県")));
        assert_eq!(Scope::of(&a, None).apply(&a).systems.reports.len(), 5 * 2);
    }

    #[test]
    fn one_prefectures_files_or_a_prefecture_they_do_not_cover_show_everything() {
        let one = analyse(&Input::fixtures(&["register_steps_tottori.xlsx"]), &Limits::default());
        assert_eq!(Scope::of(&one, Some(31)).shown, None);
        let two = analyse(&Input::fixtures(&["register_two_prefectures.xlsx"]), &Limits::default());
        assert_eq!(Scope::of(&two, Some(1)).shown, None, "北海道 is not in the files");
    }

    #[test]
    fn progress_names_each_file_and_sheet_and_counts_rows() {
        let mut seen = Vec::new();
        analyse_with_progress(&[sample::input()], &Limits::default(), &mut |p| seen.push(p.clone()));
        let first = seen.first().expect("a report at the start of the sheet");
        assert_eq!((first.file.as_str(), first.files, first.rows), (sample::NAME, 1, 0));
        assert_eq!(first.bytes, sample::BYTES.len());
        assert!(!first.sheet.is_empty());
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
