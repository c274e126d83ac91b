//! Progress over time (SPEC §11) as specifications: a file's date, snapshots, and every boundary
//! of the pace and the projected completion, on the monthly fixtures written by
//! `cargo xtask hyojunka-fixtures` (xtask/src/monthly.rs explains each series).

mod common;

use common::{date, load_fixture};
use shinchoku::classify::{Status, Warning};
use shinchoku::history::{history, DatedFile, History, HistoryError, SystemHistory};
use shinchoku::profile::Profile;

const JULY: &str = "monthly_r7_07.xlsx";
const OCTOBER: &str = "monthly_r7_10.csv";
const DECEMBER: &str = "monthly_r7_12.xlsx";
const JANUARY: &str = "monthly_r8_01.xlsx";
const FEBRUARY: &str = "monthly_r8_02.xlsx";
const UNDATED: &str = "monthly_undated.xlsx";
const LIST: &str = "tokutei_monthly.xlsx";

/// A fixture as the history takes it: dated as given (`Some`), else as its sheets name it.
fn dated(name: &str, given: Option<&str>) -> DatedFile {
    let loaded = load_fixture(name);
    DatedFile { name: name.to_owned(), date: given.map(date).or(loaded.date), systems: loaded.systems }
}

/// The history of the fixtures, each dated as its sheets name it, unless a date follows `@`.
fn history_of(files: &[&str], as_of: &str) -> History {
    try_history(files, as_of).unwrap_or_else(|e| panic!("{e}"))
}

fn try_history(files: &[&str], as_of: &str) -> Result<History, HistoryError> {
    let files = files
        .iter()
        .map(|f| match f.split_once('@') {
            Some((name, given)) => dated(name, Some(given)),
            None => dated(f, None),
        })
        .collect();
    history(files, date(as_of), &Profile::hyojunka())
}

fn system<'h>(h: &'h History, body: &str, task: &str) -> &'h SystemHistory {
    h.systems
        .iter()
        .find(|s| s.organization == body && s.task == task)
        .unwrap_or_else(|| panic!("{body}/{task} not in the history"))
}

/// July to January, and the 特定移行支援 list, at 2026-02-01.
fn four_months() -> History {
    history_of(&[JULY, OCTOBER, DECEMBER, JANUARY, LIST], "2026-02-01")
}

// A file's date -------------------------------------------------------------------------------

#[test]
fn a_sheet_named_for_its_month_dates_the_file_the_last_day_of_that_month() {
    assert_eq!(load_fixture(JANUARY).date, Some(date("2026-01-31")));
    assert_eq!(load_fixture(FEBRUARY).date, Some(date("2026-02-28")));
    assert_eq!(load_fixture("hyojunka_soumu.xlsx").date, Some(date("2026-01-31")));
}

#[test]
fn a_title_cell_marked_jiten_dates_a_sheet_whose_name_names_no_month() {
    assert_eq!(load_fixture(DECEMBER).date, Some(date("2025-12-31")));
}

#[test]
fn a_title_line_dates_a_csv() {
    assert_eq!(load_fixture(OCTOBER).date, Some(date("2025-10-31")));
}

#[test]
fn a_file_whose_sheets_name_no_date_is_undated() {
    assert_eq!(load_fixture(UNDATED).date, None);
}

#[test]
fn a_given_date_overrides_the_one_the_sheets_name() {
    let h = history_of(&["monthly_r7_07.xlsx@2025-08-01", JANUARY], "2026-02-01");
    let dates: Vec<_> = h.snapshots.iter().map(|s| s.date).collect();
    assert_eq!(dates, [Some(date("2025-08-01")), Some(date("2026-01-31"))]);
}

// Snapshots -----------------------------------------------------------------------------------

#[test]
fn each_date_is_a_snapshot_oldest_first_and_the_list_is_none() {
    let h = four_months();
    let snapshots: Vec<_> = h.snapshots.iter().map(|s| (s.date.unwrap(), s.files.clone())).collect();
    assert_eq!(
        snapshots,
        [
            (date("2025-07-31"), vec![JULY.to_owned()]),
            (date("2025-10-31"), vec![OCTOBER.to_owned()]),
            (date("2025-12-31"), vec![DECEMBER.to_owned()]),
            (date("2026-01-31"), vec![JANUARY.to_owned()]),
        ]
    );
}

#[test]
fn the_list_designates_the_systems_of_every_snapshot() {
    let h = four_months();
    let s = system(&h, "Ｍ町", "個人住民税");
    assert!(s.extended);
    assert_eq!(s.deadline, date("2031-03-31"));
    assert!(!system(&h, "Ｍ町", "住民記録").extended);
}

#[test]
fn fewer_than_two_dates_is_an_error_naming_the_files_that_could_not_be_dated() {
    let e = try_history(&[DECEMBER, UNDATED], "2026-02-01").unwrap_err();
    assert_eq!(e, HistoryError::TooFewDates { dates: 1, undated: vec![UNDATED.to_owned()] });
}

// The series ----------------------------------------------------------------------------------

#[test]
fn the_series_holds_the_rate_at_each_snapshot_and_a_blank_where_there_is_none() {
    let h = four_months();
    let rates: Vec<Option<f64>> =
        system(&h, "Ｌ市", "個人住民税").series.iter().map(|p| p.completion_rate.map(|r| r.as_f64())).collect();
    assert_eq!(rates, [None, Some(0.4), None, Some(0.6)]);
}

#[test]
fn the_status_is_the_latest_snapshots_at_the_as_of_date() {
    let h = history_of(&[JULY, OCTOBER, DECEMBER, JANUARY, LIST], "2026-04-01");
    assert_eq!(system(&h, "Ｌ市", "住民記録").status, Status::DeadlineExceeded);
    assert_eq!(system(&h, "Ｍ町", "住民記録").status, Status::Done);
    assert_eq!(system(&h, "Ｍ町", "戸籍").status, Status::OnTrack);
}

// Pace and projected completion ----------------------------------------------------------------

#[test]
fn two_snapshots_27_days_apart_give_no_pace_and_no_projection() {
    let h = history_of(&[JANUARY, "monthly_r8_02.xlsx@2026-02-27"], "2026-03-01");
    let s = system(&h, "Ｌ市", "住民記録");
    assert_eq!((s.pace, s.projected_completion), (None, None));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn two_snapshots_28_days_apart_give_a_pace_and_a_projection() {
    let h = history_of(&[JANUARY, FEBRUARY], "2026-03-01");
    let s = system(&h, "Ｌ市", "住民記録");
    // 70 % → 75 % over 28 days: ⌈2500 × 28 / 500⌉ = 140 days after 2026-02-28.
    assert_eq!(s.projected_completion, Some(date("2026-07-18")));
    // 40 × 0.05 / 28 × 30 steps a month.
    assert!((s.pace.unwrap() - 40.0 * 0.05 / 28.0 * 30.0).abs() < 1e-4, "{:?}", s.pace);
}

#[test]
fn a_snapshot_184_days_before_the_latest_is_left_out() {
    let h = four_months();
    // From October (50 %) to January (70 %), not from July (20 %): 138 days after 2026-01-31.
    assert_eq!(system(&h, "Ｌ市", "住民記録").projected_completion, Some(date("2026-06-18")));
}

#[test]
fn a_snapshot_183_days_before_the_latest_counts() {
    let h = history_of(&["monthly_r7_07.xlsx@2025-08-01", OCTOBER, DECEMBER, JANUARY], "2026-02-01");
    // From 20 % on 2025-08-01 to 70 %: ⌈3000 × 183 / 5000⌉ = 110 days after 2026-01-31.
    assert_eq!(system(&h, "Ｌ市", "住民記録").projected_completion, Some(date("2026-05-21")));
}

#[test]
fn a_blank_rate_in_the_middle_is_passed_over() {
    let h = four_months();
    // 40 % in October to 60 % in January, December blank: ⌈4000 × 92 / 2000⌉ = 184 days.
    assert_eq!(system(&h, "Ｌ市", "個人住民税").projected_completion, Some(date("2026-08-03")));
}

#[test]
fn a_rate_that_falls_is_stalled_with_no_pace() {
    let h = four_months();
    let s = system(&h, "Ｌ市", "戸籍");
    assert_eq!(s.warnings, [Warning::Stalled]);
    assert_eq!((s.pace, s.projected_completion), (None, None));
}

#[test]
fn a_stalled_system_is_asked_what_blocks_it() {
    let h = four_months();
    let action = &system(&h, "Ｌ市", "戸籍").recommended_action;
    assert!(action.contains("妨げとなっている事情を確認する"), "{action}");
    assert!(!action.contains("予定どおり"), "{action}");
}

#[test]
fn a_system_that_finishes_has_no_pace_projection_or_warning() {
    let h = four_months();
    let s = system(&h, "Ｍ町", "住民記録");
    assert_eq!(s.status, Status::Done);
    assert_eq!((s.pace, s.projected_completion), (None, None));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn a_designated_system_projected_after_the_extended_deadline_is_projected_late() {
    let h = four_months();
    let s = system(&h, "Ｍ町", "個人住民税");
    // 10 % → 11 % over 92 days: ⌈8900 × 92 / 100⌉ = 8,188 days after 2026-01-31.
    assert_eq!(s.projected_completion, Some(date("2048-07-02")));
    assert!(s.projected_completion.unwrap() > date("2031-03-31"));
    assert_eq!(s.warnings, [Warning::ProjectedLate]);
}

#[test]
fn a_designated_system_projected_late_is_asked_for_its_revised_schedule_before_the_extended_deadline() {
    let h = four_months();
    let action = &system(&h, "Ｍ町", "個人住民税").recommended_action;
    assert!(action.contains("特定移行支援システムの移行期限"), "{action}");
    assert!(action.contains("移行期限より前に、見直し後のスケジュールを確認する"), "{action}");
}

#[test]
fn a_designated_system_projected_within_the_extended_deadline_has_no_warning() {
    let h = four_months();
    let s = system(&h, "Ｍ町", "戸籍");
    assert_eq!(s.projected_completion, Some(date("2027-11-06")));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn an_undesignated_system_projected_after_its_deadline_is_projected_late() {
    let h = four_months();
    assert_eq!(system(&h, "Ｌ市", "住民記録").warnings, [Warning::ProjectedLate]);
}

#[test]
fn the_pace_is_in_steps_a_month_from_the_first_and_last_counted_rates() {
    let h = four_months();
    // 50 % → 70 % over 92 days: 40 × 0.2 / 92 × 30 = 2.6087 steps a month.
    assert_eq!(system(&h, "Ｌ市", "住民記録").pace, Some(2.6087));
}
