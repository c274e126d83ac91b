//! Comparing two exports: the seed and the same table a month later
//! (`seed_f3_next_month.xlsx`, written by `cargo xtask fixtures`), both at 2016-07-15.

mod common;

use common::*;
use shinchoku::classify::Status;
use shinchoku::compare::{compare, Change, ChangeKind, Comparison};
use shinchoku::profile::Profile;

fn comparison() -> Comparison {
    let old = load_fixture("seed_f3.xlsx");
    let new = load_fixture("seed_f3_next_month.xlsx");
    compare(&old.items, &new.items, date("2016-07-15"), &Profile::default())
}

fn changes_of(c: &Comparison, org: &str) -> Vec<(ChangeKind, Option<String>)> {
    c.changes.iter().filter(|ch| ch.organization == org).map(|ch| (ch.kind, ch.phase.clone())).collect()
}

fn only(c: &Comparison, org: &str, kind: ChangeKind) -> Change {
    let found: Vec<&Change> = c.changes.iter().filter(|ch| ch.organization == org && ch.kind == kind).collect();
    assert_eq!(found.len(), 1, "{org} {kind:?}: {found:?}");
    found[0].clone()
}

#[test]
fn a_body_that_finished_is_newly_done() {
    let ch = only(&comparison(), "Ｂ市", ChangeKind::NewlyDone);
    assert_eq!(ch.before.unwrap().status, Status::PlanOverrun);
    assert_eq!(ch.after.unwrap().status, Status::Done);
}

#[test]
fn a_planned_end_brought_forward_is_reported_with_its_days() {
    let ch = only(&comparison(), "Ｅ町", ChangeKind::PlanEndEarlier);
    assert_eq!(ch.days_moved, Some(-60));
}

#[test]
fn a_planned_end_pushed_later_is_reported_with_its_days() {
    let ch = only(&comparison(), "Ｈ村", ChangeKind::PlanEndLater);
    assert_eq!(ch.days_moved, Some(35));
}

#[test]
fn a_body_silent_in_both_is_still_unreported() {
    assert_eq!(
        changes_of(&comparison(), "Ｇ町"),
        vec![(ChangeKind::StillUnreported, Some("団体内連携テスト工程".into()))]
    );
}

#[test]
fn rows_only_in_one_export_are_appeared_or_gone() {
    let c = comparison();
    assert!(changes_of(&c, "Ｉ村").iter().all(|(k, _)| *k == ChangeKind::Appeared));
    assert_eq!(changes_of(&c, "Ｃ市").len(), 4);
    assert!(changes_of(&c, "Ｃ市").iter().all(|(k, _)| *k == ChangeKind::Gone));
}

#[test]
fn unchanged_bodies_have_no_changes() {
    let c = comparison();
    assert!(changes_of(&c, "Ｄ市").is_empty());
    assert!(changes_of(&c, "Ｆ町").is_empty());
}

#[test]
fn a_status_that_got_worse_is_newly_overdue() {
    let old = load_fixture("seed_f3.xlsx");
    let c = compare(&old.items, &old.items, date("2016-07-15"), &Profile::default());
    assert!(c.changes.iter().all(|ch| ch.kind == ChangeKind::StillUnreported));
    // The same export a month later in time: Ｂ市 stays plan overrun, but nothing done becomes undone.
    let later = compare(&old.items, &old.items, date("2016-11-02"), &Profile::default());
    assert!(later.changes.iter().all(|ch| ch.kind != ChangeKind::NewlyOverdue), "same data, same as-of: no change");
    let mut worse = old.items.clone();
    let b = worse
        .iter_mut()
        .find(|i| i.organization == "Ｃ市" && i.phase.as_deref() == Some("団体内連携テスト工程"))
        .unwrap();
    b.dates[shinchoku::item::Slot::ActualEnd] = shinchoku::date::DateCell::Empty;
    let c = compare(&old.items, &worse, date("2016-07-15"), &Profile::default());
    assert_eq!(only(&c, "Ｃ市", ChangeKind::NewlyOverdue).after.unwrap().status, Status::PlanOverrun);
}
