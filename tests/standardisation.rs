//! The standardisation programme (SPEC §9): reading its shapes from fixtures written by
//! `cargo xtask hyojunka-fixtures` (see xtask/src/hyojunka.rs for what each holds), and
//! classifying systems by §9.2's rules, boundaries included.

mod common;

use chrono::NaiveDate;
use common::{date, fixture, load_fixture};
use shinchoku::classify::systems::{classify, SystemVerdict, SystemsClassification, Unmatched};
use shinchoku::classify::{classify_all, Status, Warning};
use shinchoku::date::DateCell;
use shinchoku::item::Source;
use shinchoku::limits::Limits;
use shinchoku::load::load;
use shinchoku::profile::Profile;
use shinchoku::system::{Progress, RateCell, StepDates, StepReport, StepTable, SystemReport, Systems, WordId};

/// Every fixture named, loaded together, classified under the standardisation profile.
fn judge(files: &[&str], as_of: &str) -> (Systems, SystemsClassification) {
    let mut systems = Systems::default();
    for f in files {
        let loaded = load_fixture(f);
        assert!(loaded.items.is_empty(), "{f} gave action-plan items");
        systems.extend(loaded.systems);
    }
    let c = classify(&systems, date(as_of), &Profile::hyojunka());
    (systems, c)
}

fn find<'a>(c: &'a SystemsClassification, body: &str, task: &str) -> &'a SystemVerdict {
    c.systems
        .iter()
        .find(|v| v.organization == body && v.task == task)
        .unwrap_or_else(|| panic!("no system {body} / {task}"))
}

fn rate(v: &SystemVerdict) -> Option<f64> {
    v.completion_rate.map(|r| r.as_f64())
}

// ---- Reading the shapes -------------------------------------------------------------------

#[test]
fn the_soumu_workbook_gives_each_system_once_from_its_rate_and_step_sheets() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    assert_eq!(c.systems.len(), 3 * 20, "Ｂ市, Ｃ町, Ｄ村 × 20 業務, each once");
}

#[test]
fn the_rate_sheet_and_the_step_sheet_agree_to_the_fourth_decimal() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    assert!(c.systems.iter().all(|v| !v.warnings.contains(&Warning::RateMismatch)));
    assert_eq!(rate(find(&c, "Ｂ市", "個人住民税")), Some(0.75));
    assert_eq!(rate(find(&c, "Ｂ市", "戸籍")), Some(0.975));
    assert_eq!(rate(find(&c, "Ｃ町", "健康管理")), Some(0.5));
}

#[test]
fn a_body_written_with_a_space_in_one_sheet_is_the_same_body() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    assert!(c.systems.iter().all(|v| v.organization != "Ｂ 市"), "the steps' spelling is shown");
    assert_eq!(c.systems.iter().filter(|v| v.organization == "Ｂ市").count(), 20);
}

#[test]
fn gyomu_aliases_are_the_same_gyomu() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    // Ｄ村's step sheet writes 住民基本台帳 and 戸籍の附票; its rate sheet 住民記録 and 戸籍附票.
    assert_eq!(c.systems.iter().filter(|v| v.organization == "Ｄ村").count(), 20);
    assert_eq!(rate(find(&c, "Ｄ村", "住民記録")), Some(0.5));
    assert_eq!(rate(find(&c, "Ｄ村", "戸籍附票")), Some(0.5));
}

#[test]
fn the_current_step_is_the_first_open_step_as_headed_in_the_file() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    assert_eq!(
        find(&c, "Ｂ市", "個人住民税").current_step.as_deref(),
        Some("⑬-1 システム移行時の設定（標準準拠システムの運用方法の検討・確定、システムの機能確認等）")
    );
    assert_eq!(find(&c, "Ｃ町", "児童手当").current_step.as_deref(), Some("⑱-1 運用開始ステータス"));
    assert_eq!(find(&c, "Ｂ市", "住民記録").current_step, None);
}

#[test]
fn an_unknown_status_word_is_kept_and_warned_and_does_not_count_as_done() {
    let (systems, c) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    let v = find(&c, "Ｃ町", "健康管理");
    assert!(v.warnings.contains(&Warning::InvalidStatus));
    assert_eq!(v.current_step.as_deref().map(|s| s.starts_with("⑧-1")), Some(true));
    let Some(Progress::Steps(steps)) = v.steps.map(|i| &systems.reports[i].progress) else { panic!() };
    assert_eq!(systems.word(steps, 20), "済", "kept as written");
}

#[test]
fn the_long_step_sheet_in_shift_jis_gives_systems_with_step_dates_and_designation() {
    let (_, c) = judge(&["hyojunka_long_sjis.csv"], "2026-01-31");
    assert_eq!(c.systems.len(), 5);
    let juki = find(&c, "Ｅ市", "住民記録");
    assert_eq!(juki.planned_end, Some(date("2026-03-31")));
    assert!(find(&c, "Ｅ市", "個人住民税").extended, "marked ○ in its own column");
    assert!(!juki.extended);
}

#[test]
fn an_era_date_in_a_step_sheet_is_read() {
    let (_, c) = judge(&["hyojunka_long_sjis.csv"], "2026-01-31");
    assert_eq!(find(&c, "Ｅ市", "固定資産税").planned_end, Some(date("2026-04-30")));
}

#[test]
fn a_hyphen_in_the_body_column_is_the_prefecture_itself_an_own_office() {
    let (_, c) = judge(&["hyojunka_long_sjis.csv"], "2026-01-31");
    let v = find(&c, "Ａ県", "生活保護");
    assert!(v.own_office);
    assert_eq!(v.status, Status::Done);
}

#[test]
fn a_table_without_a_body_column_reports_the_prefectures_themselves() {
    let (_, c) = judge(&["hyojunka_prefectures.xlsx"], "2026-01-31");
    assert_eq!(c.systems.len(), 4);
    assert!(c.systems.iter().all(|v| v.own_office));
    assert_eq!(find(&c, "Ａ県", "児童扶養手当").status, Status::Done);
    assert_eq!(find(&c, "Ｋ県", "児童扶養手当").status, Status::Unreported);
    assert_eq!(rate(find(&c, "Ｋ県", "生活保護")), Some(0.25));
}

#[test]
fn rates_formatted_as_percent_and_written_as_text_are_fractions() {
    let (_, c) = judge(&["hyojunka_rates.xlsx"], "2026-01-31");
    assert_eq!(rate(find(&c, "Ｆ市", "介護保険")), Some(0.65));
    assert_eq!(rate(find(&c, "Ｇ町", "住民記録")), Some(0.8));
    assert_eq!(find(&c, "Ｇ町", "戸籍").status, Status::Done, "text 100% is done");
    assert_eq!(rate(find(&c, "Ｈ村", "住民記録")), Some(0.4));
    assert_eq!(rate(find(&c, "Ｈ村", "戸籍")), None, "a blank rate is null");
}

#[test]
fn the_overall_rate_and_kyotsu_kino_columns_are_not_systems() {
    let (_, c) = judge(&["hyojunka_rates.xlsx"], "2026-01-31");
    assert_eq!(c.systems.len(), 3 * 20);
    assert!(c.systems.iter().all(|v| v.task != "共通機能" && v.task != "完了率"));
}

#[test]
fn rates_as_numbers_from_0_to_100_are_percentages() {
    let (_, c) = judge(&["hyojunka_rates_bad.csv"], "2026-01-31");
    assert_eq!(rate(find(&c, "Ｉ市", "住民記録")), Some(0.4));
    assert_eq!(find(&c, "Ｊ町", "固定資産税").status, Status::Done);
}

#[test]
fn a_rate_of_120_percent_or_text_is_a_warning_never_a_rate() {
    let (_, c) = judge(&["hyojunka_rates_bad.csv"], "2026-01-31");
    for task in ["住民記録", "選挙人名簿管理"] {
        let v = find(&c, "Ｊ町", task);
        assert!(v.warnings.contains(&Warning::InvalidRate), "{task}");
        assert_eq!(v.completion_rate, None);
    }
}

#[test]
fn a_list_of_pairs_designates_systems_through_aliases_and_reports_what_it_could_not() {
    let (systems, c) = judge(&["hyojunka_soumu.xlsx", "tokutei_pairs.xlsx"], "2026-12-02");
    assert!(find(&c, "Ｃ町", "健康管理").extended);
    assert!(find(&c, "Ｄ村", "住民記録").extended, "住民基本台帳 is 住民記録");
    assert!(find(&c, "Ｄ村", "戸籍附票").extended, "戸籍の附票 is 戸籍附票");
    assert_eq!(c.designated, 3);
    let why: Vec<(&str, &str, Unmatched, u32)> = c
        .unmatched
        .iter()
        .map(|&(i, u)| {
            let d = &systems.designations[i];
            (d.organization.as_str(), d.task.as_str(), u, d.source.row)
        })
        .collect();
    assert_eq!(why, [("Ｄ村", "共通機能", Unmatched::Ignored, 7), ("Ｚ市", "介護保険", Unmatched::UnknownBody, 8)]);
}

#[test]
fn a_list_with_marks_per_gyomu_designates_the_marked_systems() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx", "tokutei_marks.csv"], "2026-12-02");
    let designated: Vec<(&str, &str)> =
        c.systems.iter().filter(|v| v.extended).map(|v| (v.organization.as_str(), v.task.as_str())).collect();
    assert_eq!(designated, [("Ｂ市", "個人住民税"), ("Ｂ市", "戸籍"), ("Ｄ村", "介護保険"), ("Ｄ村", "障害者福祉")]);
}

#[test]
fn a_designated_system_has_the_extended_deadline() {
    let (_, c) = judge(&["hyojunka_soumu.xlsx", "tokutei_marks.csv"], "2026-12-02");
    let v = find(&c, "Ｂ市", "個人住民税");
    assert_eq!(v.deadline, date("2031-03-31"));
    assert_eq!(v.status, Status::OnTrack, "past 2026-03-31, but designated");
    assert_eq!(find(&c, "Ｄ村", "就学").status, Status::DeadlineExceeded);
    assert_eq!(find(&c, "Ｄ村", "就学").days_late, Some(246));
}

#[test]
fn the_standardisation_shapes_read_the_same_from_every_sheet_format() {
    // The shapes are found by meaning: the same long table as UTF-8 CSV reads as the Shift_JIS one.
    let sjis = fixture("hyojunka_long_sjis.csv");
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&sjis);
    let utf8 = load("long.csv", text.as_bytes(), &Limits::default()).unwrap();
    let original = load_fixture("hyojunka_long_sjis.csv");
    assert_eq!(utf8.systems.reports.len(), original.systems.reports.len());
    assert_eq!(utf8.systems.tables[0].words, original.systems.tables[0].words);
}

#[test]
fn step_and_rate_files_choose_the_standardisation_profile_by_their_shape() {
    assert!(load_fixture("hyojunka_soumu.xlsx").is_standardisation());
    assert!(load_fixture("tokutei_pairs.xlsx").is_standardisation());
    assert!(!load_fixture("seed_f3.xlsx").is_standardisation());
}

#[test]
fn the_seed_table_still_classifies_as_spec_7_alongside_standardisation_systems() {
    let seed = load_fixture("seed_f3.xlsx");
    let steps = load_fixture("hyojunka_prefectures.xlsx");
    let c = classify_all(&seed.items, &steps.systems, date("2016-07-15"), &Profile::default());
    let body = |b: &str| c.rollups.iter().find(|r| r.organization == b).unwrap().status;
    assert_eq!(body("Ｂ市"), Status::PlanOverrun);
    assert_eq!(body("Ｇ町"), Status::Unreported);
    assert_eq!(c.rollups.len(), 7 + 4);
}

// ---- §9.2's rules, one system built in code for each -----------------------------------

const STEPS: usize = 40;

/// One system of a one-table workbook: 40 steps with these status words (and step dates).
fn system(words: &[&str], dates: Option<Vec<StepDates>>, rate: Option<RateCell>) -> Systems {
    let profile = Profile::hyojunka();
    let mut distinct: Vec<String> = Vec::new();
    let statuses = words
        .iter()
        .map(|w| {
            if w.is_empty() {
                return None;
            }
            if !distinct.iter().any(|d| d == w) {
                distinct.push((*w).to_owned());
            }
            WordId::at(distinct.iter().position(|d| d == w).unwrap())
        })
        .collect();
    let source = Source { file: "f.xlsx".into(), sheet: "s".into(), row: 5, columns: Default::default() };
    let report = |progress| SystemReport {
        prefecture: Some("Ａ県".into()),
        organization: "Ｂ市".into(),
        code: None,
        organization_as_written: None,
        body_note: None,
        task: "住民記録".into(),
        progress,
        designated: false,
        source: source.clone(),
    };
    let mut reports = vec![report(Progress::Steps(StepReport { table: 0, statuses, dates, rows: None }))];
    reports.extend(rate.map(|r| report(Progress::Rate(r))));
    Systems {
        tables: vec![StepTable {
            file: "f.xlsx".into(),
            sheet: "s".into(),
            steps: profile.steps.iter().map(|s| s.heading()).collect(),
            columns: vec![None; STEPS],
            words: distinct,
        }],
        reports,
        designations: Vec::new(),
    }
}

fn all(word: &'static str) -> Vec<&'static str> {
    vec![word; STEPS]
}

fn open_with_planned_end(pe: &str) -> (Vec<&'static str>, Option<Vec<StepDates>>) {
    let mut words = all("完了済み");
    words[39] = "作業中";
    let mut dates = vec![StepDates::default(); STEPS];
    dates[39].planned_end = DateCell::Date(date(pe));
    (words, Some(dates))
}

fn verdict(s: &Systems, as_of: &str) -> SystemVerdict {
    classify(s, date(as_of), &Profile::hyojunka()).systems.remove(0)
}

const D: &str = "2026-03-31";

#[test]
fn every_step_not_applicable_is_not_applicable() {
    let v = verdict(&system(&all("対象外"), None, None), "2026-12-02");
    assert_eq!((v.status, v.days_late), (Status::NotApplicable, None));
}

#[test]
fn step_18_1_done_is_done_with_a_warning_when_other_steps_are_open() {
    let mut words = all("完了済み");
    words[38] = "作業中";
    let v = verdict(&system(&words, None, None), "2026-12-02");
    assert_eq!(v.status, Status::Done);
    assert_eq!(v.warnings, [Warning::OpenStepsAfterStart]);
    assert_eq!(rate(&v), Some(0.975));
}

#[test]
fn every_step_done_or_not_applicable_is_done_without_step_18_1_marked_done() {
    let mut words = all("完了");
    words[0] = "対象外";
    let v = verdict(&system(&words, None, None), "2026-12-02");
    assert_eq!((v.status, rate(&v)), (Status::Done, Some(1.0)));
}

#[test]
fn a_rate_of_100_percent_is_done() {
    let mut s = system(&vec![""; STEPS], None, None);
    s.reports.remove(0);
    s.reports.push(SystemReport {
        progress: Progress::Rate(RateCell::from_fraction(1.0)),
        ..system(&all(""), None, None).reports.remove(0)
    });
    let v = verdict(&s, "2026-12-02");
    assert_eq!(v.status, Status::Done);
}

#[test]
fn a_planned_end_equal_to_the_deadline_is_not_exceeded() {
    let (words, dates) = open_with_planned_end(D);
    let v = verdict(&system(&words, dates, None), "2026-01-31");
    assert_eq!(v.status, Status::OnTrack);
}

#[test]
fn a_planned_end_after_the_deadline_is_exceeded_by_the_days_between() {
    let (words, dates) = open_with_planned_end("2026-04-30");
    let v = verdict(&system(&words, dates, None), "2026-01-31");
    assert_eq!((v.status, v.days_late), (Status::DeadlineExceeded, Some(30)));
}

#[test]
fn on_the_deadline_itself_an_open_system_is_not_yet_exceeded() {
    let (words, dates) = open_with_planned_end("2026-03-01");
    let v = verdict(&system(&words, dates, None), D);
    assert_eq!((v.status, v.days_late), (Status::PlanOverrun, Some(30)));
}

#[test]
fn the_day_after_the_deadline_an_open_system_is_exceeded_by_one_day() {
    let (words, dates) = open_with_planned_end("2026-03-01");
    let v = verdict(&system(&words, dates, None), "2026-04-01");
    assert_eq!((v.status, v.days_late), (Status::DeadlineExceeded, Some(1)));
}

#[test]
fn a_blank_system_is_unreported_before_the_deadline() {
    let v = verdict(&system(&all(""), None, None), "2026-01-31");
    assert_eq!((v.status, v.days_late), (Status::Unreported, None));
}

#[test]
fn a_blank_system_past_the_deadline_is_exceeded() {
    let v = verdict(&system(&all(""), None, None), "2026-12-02");
    assert_eq!((v.status, v.days_late), (Status::DeadlineExceeded, Some(246)));
}

#[test]
fn an_open_step_past_its_planned_end_is_a_plan_overrun_counted_from_the_earliest() {
    let mut words = all("完了済み");
    let mut dates = vec![StepDates::default(); STEPS];
    for (k, pe) in [(30, "2026-01-10"), (31, "2026-01-20"), (32, "2026-03-01")] {
        words[k] = "作業中";
        dates[k].planned_end = DateCell::Date(date(pe));
    }
    words[39] = "未着手";
    let v = verdict(&system(&words, Some(dates), None), "2026-02-01");
    assert_eq!((v.status, v.days_late), (Status::PlanOverrun, Some(22)));
}

#[test]
fn a_done_step_past_its_planned_end_is_no_overrun() {
    let mut words = all("完了済み");
    words[39] = "未着手";
    let mut dates = vec![StepDates::default(); STEPS];
    dates[0].planned_end = DateCell::Date(date("2025-01-10"));
    let v = verdict(&system(&words, Some(dates), None), "2026-02-01");
    assert_eq!(v.status, Status::OnTrack);
}

#[test]
fn a_later_step_done_implies_nothing_about_an_earlier_one() {
    let mut words = all("未着手");
    words[20] = "完了済み";
    let v = verdict(&system(&words, None, None), "2026-01-31");
    assert_eq!(v.current_step.as_deref().map(|s| s.starts_with("①-1")), Some(true));
    assert_eq!(rate(&v), Some(0.025));
}

#[test]
fn a_rate_table_disagreeing_with_the_steps_by_more_than_a_thousandth_is_flagged_and_steps_decide() {
    let words = {
        let mut w = all("完了済み");
        w[39] = "未着手";
        w
    };
    let v = verdict(&system(&words, None, Some(RateCell::from_fraction(0.9))), "2026-01-31");
    assert!(v.warnings.contains(&Warning::RateMismatch));
    assert_eq!(rate(&v), Some(0.975));
    let close = verdict(&system(&words, None, Some(RateCell::from_fraction(0.9745))), "2026-01-31");
    assert!(!close.warnings.contains(&Warning::RateMismatch));
}

#[test]
fn each_step_remains_an_item_with_its_own_status() {
    let (words, dates) = open_with_planned_end("2026-01-10");
    let s = system(&words, dates, None);
    let profile = Profile::hyojunka();
    let c = classify_all(&[], &s, date("2026-02-01"), &profile);
    let rows = shinchoku::report::step_rows(&s, &c, &profile, |_| true);
    assert_eq!(rows.len(), STEPS);
    assert_eq!(rows[0].status, Status::Done);
    assert_eq!(rows[39].status, Status::PlanOverrun);
    assert_eq!(rows[39].days_late, Some(22));
    assert_eq!(rows[39].step_status, Some("作業中"));
}

#[test]
fn a_profile_changes_the_deadline_without_code() {
    let (words, dates) = open_with_planned_end("2026-06-30");
    let mut profile = Profile::hyojunka();
    profile.default.deadline = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    let c = classify(&system(&words, dates, None), date("2026-07-01"), &profile);
    assert_eq!(c.systems[0].status, Status::PlanOverrun);
}

#[test]
fn both_builtin_profiles_round_trip_through_their_file_form() {
    for name in shinchoku::profile::BUILTIN {
        let p = Profile::builtin(name).unwrap();
        assert_eq!(Profile::from_json(&p.to_json()), Ok(p), "{name}");
    }
}

#[test]
fn comparing_two_months_lists_rate_changes_with_the_steps_that_changed() {
    use shinchoku::compare::{compare_systems, SystemChangeKind};
    let mut before = all("完了済み");
    before[38] = "作業中";
    before[39] = "未着手";
    let mut after = before.clone();
    after[38] = "完了済み";
    let c = compare_systems(
        &system(&before, None, None),
        &system(&after, None, None),
        date("2026-01-31"),
        &Profile::hyojunka(),
    );
    assert_eq!(c.changes.len(), 1);
    let ch = &c.changes[0];
    assert_eq!(ch.kind, SystemChangeKind::RateUp);
    assert_eq!(ch.steps.len(), 1);
    assert_eq!((ch.steps[0].before.as_str(), ch.steps[0].after.as_str()), ("作業中", "完了済み"));
    assert!(ch.steps[0].step.starts_with("⑰-1"));
}

#[test]
fn comparing_two_months_lists_newly_done_and_still_unreported_systems() {
    use shinchoku::compare::{compare_systems, SystemChangeKind};
    let blank = system(&all(""), None, None);
    let c = compare_systems(&blank, &blank, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!(c.changes.iter().map(|c| c.kind).collect::<Vec<_>>(), [SystemChangeKind::StillUnreported]);
    let done = system(&all("完了済み"), None, None);
    let c = compare_systems(&blank, &done, date("2026-01-31"), &Profile::hyojunka());
    assert!(c.changes.iter().any(|c| c.kind == SystemChangeKind::NewlyDone));
}

#[test]
fn bodies_of_the_same_name_in_two_prefectures_are_two_systems() {
    let mut s = system(&all("完了済み"), None, None);
    let mut other = s.reports[0].clone();
    other.prefecture = Some("広島県".into());
    other.organization = "Ｂ市".into();
    s.reports.push(other);
    let c = classify(&s, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!(c.systems.len(), 2);
}

#[test]
fn a_list_without_a_prefecture_column_designates_the_only_body_of_that_name() {
    let mut s = system(&all("作業中"), None, None);
    s.designations.push(shinchoku::system::Designation {
        prefecture: None,
        organization: "Ｂ 市".into(),
        code: None,
        organization_as_written: None,
        body_note: None,
        task: "住民基本台帳".into(),
        source: s.reports[0].source.clone(),
    });
    let c = classify(&s, date("2026-12-02"), &Profile::hyojunka());
    assert!(c.systems[0].extended);
    assert!(c.unmatched.is_empty());
}

#[test]
fn codes_that_differ_keep_bodies_of_the_same_name_apart() {
    let mut s = system(&all("完了済み"), None, None);
    s.reports[0].code = Some("012025".into());
    let mut other = s.reports[0].clone();
    other.code = Some("472018".into());
    s.reports.push(other);
    let c = classify(&s, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!(c.systems.len(), 2);
}

#[test]
fn the_soumu_workbook_as_xls_and_ods_classifies_exactly_as_the_xlsx() {
    let summary = |c: &SystemsClassification| {
        c.systems
            .iter()
            .map(|v| (v.organization.clone(), v.task.clone(), v.status, v.completion_rate, v.current_step.clone()))
            .collect::<Vec<_>>()
    };
    let (_, xlsx) = judge(&["hyojunka_soumu.xlsx"], "2026-01-31");
    for other in ["hyojunka_soumu.xls", "hyojunka_soumu.ods"] {
        let (_, c) = judge(&[other], "2026-01-31");
        assert_eq!(summary(&c), summary(&xlsx), "{other}");
        assert!(c.systems.iter().all(|v| !v.warnings.contains(&Warning::RateMismatch)), "{other}");
    }
}

#[test]
fn a_header_of_step_codes_alone_does_not_take_the_first_data_row_for_step_names() {
    let codes: Vec<String> = Profile::hyojunka().steps.iter().map(|s| s.code.clone()).collect();
    let mut csv = format!("都道府県名,市区町村名,業務名,{}\n", codes.join(","));
    for body in ["Ｘ市", "Ｙ町"] {
        let statuses = vec!["完了済み"; 40].join(",");
        csv.push_str(&format!("Ａ県,{body},住民記録,{statuses}\n"));
    }
    let loaded = load("codes.csv", csv.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(loaded.systems.reports.len(), 2);
    assert_eq!(loaded.systems.tables[0].steps[0], "①-1");
}

#[test]
fn a_rate_table_whose_title_names_tokutei_is_still_read_as_rates() {
    let csv = "業務別完了率（特定移行支援システムを含む）\n都道府県名,市区町村名,住民記録,選挙人名簿管理,固定資産税\nＡ県,Ｉ市,50%,60%,70%\n";
    let loaded = load("rates.csv", csv.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(loaded.systems.reports.len(), 3);
    assert!(loaded.systems.designations.is_empty());
}

#[test]
fn a_list_of_marks_without_any_title_is_read_as_designations() {
    let csv = "都道府県名,市区町村名,住民記録,選挙人名簿管理,固定資産税\nＡ県,Ｉ市,○,,✓\n";
    let loaded = load("marks.csv", csv.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(loaded.systems.designations.len(), 2);
    assert!(loaded.systems.reports.is_empty());
}

#[test]
fn a_long_table_with_the_step_number_and_name_in_two_columns_heads_steps_with_both() {
    let mut csv = "都道府県名,市区町村名,業務名,ステップ番号,ステップ名,進捗状況\n".to_owned();
    for step in Profile::hyojunka().steps {
        csv.push_str(&format!("Ａ県,Ｉ市,住民記録,{},{},完了済み\n", step.code, step.name));
    }
    let loaded = load("long.csv", csv.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(loaded.systems.tables[0].steps[39], "⑱-1 運用開始ステータス");
    let c = classify(&loaded.systems, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!((c.systems[0].status, rate(&c.systems[0])), (Status::Done, Some(1.0)));
}

#[test]
fn a_code_whose_leading_zero_a_number_cell_dropped_is_the_same_body() {
    let mut s = system(&all("完了済み"), None, None);
    s.reports[0].code = Some("012025".into());
    let mut rate = s.reports[0].clone();
    rate.code = Some("12025".into());
    rate.progress = Progress::Rate(RateCell::from_fraction(1.0));
    s.reports.push(rate);
    let c = classify(&s, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!(c.systems.len(), 1);
}

#[test]
fn the_prefectures_own_rate_table_of_two_gyomu_reports_the_prefectures() {
    let csv = "都道府県名,完了率,児童扶養手当,生活保護\nＡ県,75%,100%,50%\nＫ県,0%,0%,0%\n";
    let loaded = load("pref_rates.csv", csv.as_bytes(), &Limits::default()).unwrap();
    let c = classify(&loaded.systems, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!(c.systems.len(), 4);
    assert!(c.systems.iter().all(|v| v.own_office));
    assert_eq!(find(&c, "Ａ県", "児童扶養手当").status, Status::Done);
    assert_eq!(rate(find(&c, "Ａ県", "生活保護")), Some(0.5));
}

#[test]
fn a_step_heading_written_on_two_lines_of_its_cell_reads_as_one_line() {
    let steps = Profile::hyojunka().steps;
    let heads: Vec<String> = steps.iter().map(|s| format!("\"{}\n{}\"", s.code, s.name)).collect();
    let mut statuses = vec!["完了済み"; 40];
    statuses[11] = "作業中"; // ④-3
    let csv = format!("都道府県名,市区町村名,業務名,{}\nＡ県,Ｉ市,住民記録,{}\n", heads.join(","), statuses.join(","));
    let loaded = load("lines.csv", csv.as_bytes(), &Limits::default()).unwrap();
    let c = classify(&loaded.systems, date("2026-01-31"), &Profile::hyojunka());
    assert_eq!(
        c.systems[0].current_step.as_deref(),
        Some("④-3 調達スケジュールの検討 （RFI、RFP、予算計上、移行時期等）")
    );
}
