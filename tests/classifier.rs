//! SPEC §4's classifier rules, one behaviour per test, boundaries included.
//! As-of date T = 2016-07-15 and deadline D = 2016-11-01 (the default profile's F-3) unless said.

mod common;

use common::*;
use shinchoku::classify::{classify, recommended_action, Status, Warning};
use shinchoku::date::DateCell;
use shinchoku::item::{Item, Source};
use shinchoku::profile::{Fallback, Profile, Rule};

const T: &str = "2016-07-15";

fn cell(s: &str) -> DateCell {
    match s {
        "" => DateCell::Empty,
        s if s.starts_with('?') => DateCell::Invalid(s[1..].to_owned()),
        s => DateCell::Date(date(s)),
    }
}

/// An F-3 item of Ｂ市 with PS, PE, AS, AE given as ISO dates ("" for blank, "?x" for invalid).
fn item(phase: &str, ps: &str, pe: &str, as_: &str, ae: &str) -> Item {
    Item {
        prefecture: Some("Ａ県".into()),
        organization: "Ｂ市".into(),
        code: None,
        organization_as_written: None,
        body_note: None,
        task_id: Some("F-3".into()),
        task_name: None,
        system: Some("地方税関連システム".into()),
        phase: (!phase.is_empty()).then(|| phase.to_owned()),
        dates: shinchoku::item::PerSlot::new(cell(ps), cell(pe), cell(as_), cell(ae)),
        not_applicable: false,
        source: Source { file: "t.xlsx".into(), sheet: "s".into(), row: 1, columns: Default::default() },
    }
}

fn one(i: Item) -> (Status, Option<i64>, Vec<Warning>) {
    let c = classify_at(&[i], T);
    let v = &c.verdicts[0];
    (v.status, v.days_late, v.warnings.clone())
}

#[test]
fn a_not_applicable_item_is_not_applicable_whatever_its_dates() {
    let mut i = item("", "2016-01-01", "2017-01-01", "", "");
    i.not_applicable = true;
    assert_eq!(one(i).0, Status::NotApplicable);
}

#[test]
fn an_actual_end_on_the_as_of_date_is_done() {
    assert_eq!(one(item("", "2016-01-01", "2016-06-30", "2016-01-01", T)).0, Status::Done);
}

#[test]
fn an_actual_end_after_the_as_of_date_is_ignored_with_a_warning() {
    let (status, _, warnings) = one(item("", "2016-01-01", "2016-08-31", "2016-01-01", "2016-07-16"));
    assert_eq!(status, Status::OnTrack);
    assert!(warnings.contains(&Warning::ActualInFuture));
}

#[test]
fn a_done_later_phase_makes_an_earlier_phase_done_with_a_warning() {
    let items = [
        item("設計工程", "2016-01-01", "2016-03-31", "", ""),
        item("団体内連携テスト工程", "2016-04-01", "2016-06-30", "2016-04-01", "2016-06-30"),
    ];
    let c = classify_at(&items, T);
    assert_eq!(c.verdicts[0].status, Status::Done);
    assert!(c.verdicts[0].warnings.contains(&Warning::ImpliedByLaterPhase));
}

#[test]
fn a_done_earlier_phase_does_not_make_a_later_phase_done() {
    let items = [
        item("設計工程", "2016-01-01", "2016-03-31", "2016-01-01", "2016-03-31"),
        item("テスト工程", "2016-04-01", "2016-06-30", "", ""),
    ];
    let c = classify_at(&items, T);
    assert_eq!(c.verdicts[1].status, Status::PlanOverrun);
}

#[test]
fn phase_order_follows_the_seed_not_the_column_order() {
    let items = [
        item("団体内連携テスト工程", "2016-04-01", "2016-06-30", "2016-04-01", "2016-06-30"),
        item("テスト工程", "2016-01-01", "2016-03-31", "", ""),
    ];
    let c = classify_at(&items, T);
    assert_eq!(c.verdicts[1].status, Status::Done);
}

#[test]
fn unknown_phases_are_ordered_by_first_appearance() {
    let items = [
        item("要件定義", "2016-01-01", "2016-03-31", "", ""),
        item("本番移行", "2016-04-01", "2016-06-30", "2016-04-01", "2016-06-30"),
    ];
    let c = classify_at(&items, T);
    assert_eq!(c.verdicts[0].status, Status::Done);
}

#[test]
fn a_planned_end_after_the_deadline_is_deadline_exceeded_by_its_distance() {
    let (status, days, _) = one(item("", "2016-01-01", "2016-11-02", "", ""));
    assert_eq!((status, days), (Status::DeadlineExceeded, Some(1)));
}

#[test]
fn a_planned_end_on_the_deadline_is_not_exceeded() {
    assert_eq!(one(item("", "2016-01-01", "2016-11-01", "", "")).0, Status::OnTrack);
}

#[test]
fn a_passed_deadline_without_an_actual_end_is_exceeded() {
    let i = item("", "2016-01-01", "2016-10-31", "", "");
    let c = classify_at(&[i], "2016-11-05");
    assert_eq!((c.verdicts[0].status, c.verdicts[0].days_late), (Status::DeadlineExceeded, Some(4)));
}

#[test]
fn a_passed_deadline_without_a_plan_warns_no_plan() {
    let c = classify_at(&[item("", "", "", "", "")], "2016-11-05");
    assert_eq!(c.verdicts[0].status, Status::DeadlineExceeded);
    assert!(c.verdicts[0].warnings.contains(&Warning::NoPlan));
}

#[test]
fn no_planned_and_no_actual_end_is_unreported() {
    assert_eq!(one(item("", "2016-01-01", "", "2016-01-01", "")).0, Status::Unreported);
}

#[test]
fn a_planned_end_before_the_as_of_date_is_plan_overrun_by_its_distance() {
    let (status, days, _) = one(item("", "2016-01-01", "2016-07-14", "", ""));
    assert_eq!((status, days), (Status::PlanOverrun, Some(1)));
}

#[test]
fn a_planned_end_on_the_as_of_date_has_not_yet_passed() {
    assert_eq!(one(item("", "2016-01-01", T, "", "")).0, Status::OnTrack);
}

#[test]
fn an_invalid_date_is_flagged_and_read_as_blank() {
    let (status, _, warnings) = one(item("", "2016-01-01", "?6月末", "", ""));
    assert_eq!(status, Status::Unreported);
    assert!(warnings.contains(&Warning::InvalidDate));
}

#[test]
fn an_end_before_its_start_is_flagged() {
    let (_, _, warnings) = one(item("", "2016-08-01", "2016-07-31", "", ""));
    assert!(warnings.contains(&Warning::EndBeforeStart));
}

#[test]
fn an_actual_end_without_an_actual_start_is_flagged() {
    let (status, _, warnings) = one(item("", "2016-01-01", "2016-06-30", "", "2016-06-30"));
    assert_eq!(status, Status::Done);
    assert!(warnings.contains(&Warning::ActualEndWithoutStart));
}

#[test]
fn an_actual_start_in_the_future_is_flagged() {
    let (_, _, warnings) = one(item("", "2016-08-01", "2016-10-31", "2016-08-01", ""));
    assert!(warnings.contains(&Warning::ActualStartInFuture));
}

#[test]
fn a_group_whose_last_phase_is_done_rolls_up_done() {
    let items = [
        item("設計工程", "2016-01-01", "2016-12-31", "", ""),
        item("団体内連携テスト工程", "2016-04-01", "2016-06-30", "2016-04-01", "2016-06-30"),
    ];
    assert_eq!(classify_at(&items, T).rollups[0].status, Status::Done);
}

#[test]
fn a_group_rolls_up_to_the_worst_of_its_phases() {
    let items = [
        item("設計工程", "2016-01-01", "2016-07-01", "", ""),
        item("テスト工程", "2016-01-01", "", "", ""),
        item("団体内連携テスト工程", "2016-04-01", "2016-08-30", "", ""),
    ];
    assert_eq!(classify_at(&items, T).rollups[0].status, Status::Unreported);
}

#[test]
fn an_organization_takes_the_worst_of_its_rollups() {
    let mut other = item("", "2016-01-01", "2016-12-31", "", "");
    other.system = Some("社会保障関連システム".into());
    let items = [item("", "2016-01-01", "2016-06-30", "2016-01-01", "2016-06-30"), other];
    let c = classify_at(&items, T);
    assert_eq!(c.rollups.len(), 2);
    assert_eq!(c.organizations.len(), 1);
    assert_eq!(c.organizations[0].status, Status::DeadlineExceeded);
}

#[test]
fn items_with_names_differing_only_in_width_share_a_group() {
    let mut b = item("設計工程", "2016-01-01", "2016-03-31", "", "");
    b.organization = "Ｂ 市".into();
    let items = [b, item("団体内連携テスト工程", "2016-04-01", "2016-06-30", "2016-04-01", "2016-06-30")];
    let c = classify_at(&items, T);
    assert_eq!(c.rollups.len(), 1);
    assert_eq!(c.verdicts[0].status, Status::Done);
}

#[test]
fn the_d5_task_takes_the_cool_0_deadline() {
    let mut i = item("", "2016-01-01", "2016-09-02", "", "");
    i.task_id = Some("Ｄ－５".into());
    let c = classify_at(&[i], T);
    assert_eq!(c.verdicts[0].deadline, date("2016-09-01"));
    assert_eq!(c.verdicts[0].deadline_label, "クール0開始");
    assert_eq!(c.verdicts[0].status, Status::DeadlineExceeded);
}

#[test]
fn a_task_name_keyword_selects_its_deadline() {
    let mut i = item("", "", "", "", "");
    i.task_id = None;
    i.task_name = Some("団体内統合宛名システムの整備".into());
    assert_eq!(classify_at(&[i], T).verdicts[0].deadline, date("2016-09-01"));
}

#[test]
fn a_custom_profile_changes_the_deadline_without_code() {
    let profile = Profile {
        name: "standardisation".into(),
        rules: vec![Rule {
            label: "移行期限".into(),
            deadline: date("2026-03-31"),
            tasks: vec![],
            keywords: vec![],
            systems: vec!["地方税".into()],
        }],
        default: Fallback { label: "その他".into(), deadline: date("2025-12-31") },
        milestones: vec![],
        ..Profile::default()
    };
    let i = item("", "2025-04-01", "2026-03-31", "", "");
    let c = classify(&[i], date("2026-01-10"), &profile);
    assert_eq!(c.verdicts[0].status, Status::OnTrack);
    assert_eq!(c.verdicts[0].deadline_label, "移行期限");
}

#[test]
fn own_offices_get_the_wording_for_the_prefectures_own_action() {
    let municipality = recommended_action(Status::PlanOverrun, false, "クール1開始", date("2016-11-01"));
    let own = recommended_action(Status::PlanOverrun, true, "クール1開始", date("2016-11-01"));
    assert!(municipality.contains("要請"));
    assert!(!own.contains("要請"));
    assert!(own.contains("自ら"));
}

#[test]
fn the_deadline_exceeded_action_names_the_deadline() {
    let text = recommended_action(Status::DeadlineExceeded, false, "クール1開始", date("2016-11-01"));
    assert!(text.contains("11/1 クール1開始"), "{text}");
}

#[test]
fn classification_is_a_pure_function_of_its_inputs() {
    let items = [item("設計工程", "2016-01-01", "2016-07-01", "", ""), item("テスト工程", "", "", "", "")];
    assert_eq!(classify_at(&items, T), classify_at(&items, T));
}
