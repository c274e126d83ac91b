//! The report: items joined with their verdicts, in the shape of SPEC §8's JSON, kept by the
//! page's filter ([`Query`]) as the CLI's flags set it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use serde::Serialize;

use crate::classify::coverage::MissingBody;
use crate::classify::systems::{
    recommended_action as system_action, step_verdicts, Rate, StepVerdict, SystemVerdict, Unmatched, WordStates,
};
use crate::classify::{recommended_action, Classification, Priority, Rollup, Status, Verdict, Warning};
use crate::date::DateCell;
use crate::item::{Item, Slot};
use crate::load::Skipped;
use crate::profile::Profile;
use crate::query::{self, Query, SearchKeys};
use crate::system::{Progress, Systems};

/// One item as the JSON report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRow<'a> {
    pub prefecture: Option<&'a str>,
    pub organization: &'a str,
    /// The body as the file wrote it, where the register names it otherwise (SPEC §10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_as_written: Option<&'a str>,
    pub own_office: bool,
    pub code: Option<&'a str>,
    pub task: Option<&'a str>,
    pub task_name: Option<&'a str>,
    pub system: Option<&'a str>,
    pub phase: Option<&'a str>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub not_applicable: bool,
    /// A step's status as written (standardisation step tables only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_status: Option<&'a str>,
    pub deadline: NaiveDate,
    pub deadline_label: &'a str,
    pub status: Status,
    pub priority: Option<Priority>,
    pub days_late: Option<i64>,
    pub warnings: Vec<Warning>,
    /// Date cells that could not be read, by field, as written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub invalid_dates: BTreeMap<&'static str, &'a str>,
    /// Date cells marked 対象外, by field (shown in tables; not part of the JSON).
    #[serde(skip)]
    pub not_applicable_dates: BTreeSet<&'static str>,
    pub recommended_action: String,
    pub source: SourceRow<'a>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow<'a> {
    pub file: &'a str,
    pub sheet: &'a str,
    pub row: u32,
}

/// One roll-up as the report lists it: SPEC §8's fields and §9.3's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupRow<'a> {
    pub prefecture: Option<&'a str>,
    pub organization: &'a str,
    /// The body as the file wrote it, where the register names it otherwise (SPEC §10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_as_written: Option<&'a str>,
    /// 団体コード: the register's 6-digit code where the body resolved (SPEC §10).
    pub code: Option<&'a str>,
    pub own_office: bool,
    pub task: &'a str,
    pub system: Option<&'a str>,
    pub status: Status,
    pub deadline: NaiveDate,
    pub days_late: Option<i64>,
    pub extended: bool,
    pub completion_rate: Option<Rate>,
    pub current_step: Option<&'a str>,
    pub warnings: &'a [Warning],
    #[serde(skip)]
    pub deadline_label: &'a str,
    #[serde(skip)]
    pub recommended_action: String,
    /// Where a system came from (the deciding report); `None` for item groups.
    #[serde(skip)]
    pub source: Option<SourceRow<'a>>,
    /// The day a system reaches 100 % at its recent pace (SPEC §11): given where the systems
    /// have a history, so JSON carries it then and only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projected_completion: Option<NaiveDate>,
}

/// One roll-up as the report lists it.
pub(crate) fn rollup_row(r: &Rollup) -> RollupRow<'_> {
    RollupRow {
        prefecture: r.prefecture.as_deref(),
        organization: &r.organization,
        organization_as_written: r.organization_as_written.as_deref(),
        code: r.code.as_deref(),
        own_office: r.own_office,
        task: &r.task,
        system: r.system.as_deref(),
        status: r.status,
        deadline: r.deadline,
        days_late: r.days_late,
        extended: r.extended,
        completion_rate: r.completion_rate,
        current_step: r.current_step.as_deref(),
        warnings: &r.warnings,
        deadline_label: &r.deadline_label,
        recommended_action: if r.kind.is_system() {
            // The trend's warnings (SPEC §11), where the page has a history, ask their own question.
            crate::classify::systems::action_over_time(r.status, r.extended, r.own_office, &r.warnings)
        } else {
            recommended_action(r.status, r.own_office, &r.deadline_label, r.deadline)
        },
        source: None,
        projected_completion: None,
    }
}

/// A system's roll-up with its code and source, for the per-system tables.
pub(crate) fn system_row<'a>(r: &'a Rollup, c: &'a Classification, systems: &'a Systems) -> RollupRow<'a> {
    let mut row = rollup_row(r);
    if let Some(v) = r.kind.system().and_then(|id| c.systems.get(id)) {
        row.code = v.code.as_deref();
        row.projected_completion = v.projected_completion;
        let deciding = v.steps.or(v.rate).or(v.reports.first().copied());
        row.source = deciding.and_then(|i| systems.reports.get(i)).map(|rep| SourceRow {
            file: &rep.source.file,
            sheet: &rep.source.sheet,
            row: rep.source.row,
        });
    }
    row
}

/// A 特定移行支援 list row that designated nothing, and why (SPEC §9: reported, never dropped).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedRow<'a> {
    pub prefecture: Option<&'a str>,
    pub organization: &'a str,
    pub task: &'a str,
    pub reason: Unmatched,
    pub source: SourceRow<'a>,
}

/// The list rows that matched no system.
pub fn unmatched_rows<'a>(c: &'a Classification, systems: &'a Systems) -> Vec<UnmatchedRow<'a>> {
    c.systems
        .unmatched
        .iter()
        .filter_map(|&(i, reason)| {
            let d = systems.designations.get(i)?;
            Some(UnmatchedRow {
                prefecture: d.prefecture.as_deref(),
                organization: &d.organization,
                task: &d.task,
                reason,
                source: SourceRow { file: &d.source.file, sheet: &d.source.sheet, row: d.source.row },
            })
        })
        .collect()
}

/// One step of a system as an item row (SPEC §9.2: each step remains an item).
pub(crate) fn step_row<'a>(
    systems: &'a Systems,
    v: &'a SystemVerdict,
    k: usize,
    sv: &StepVerdict,
) -> Option<ItemRow<'a>> {
    let report = systems.reports.get(v.steps?)?;
    let Progress::Steps(steps) = &report.progress else { return None };
    let table = systems.tables.get(steps.table)?;
    let dates = steps.dates.as_ref().and_then(|d| d.get(k));
    let mut invalid_dates = BTreeMap::new();
    let mut not_applicable_dates = BTreeSet::new();
    if let Some(d) = dates {
        for (key, cell) in
            [("planned_start", &d.planned_start), ("planned_end", &d.planned_end), ("actual_end", &d.actual_end)]
        {
            unread(key, cell, &mut invalid_dates, &mut not_applicable_dates);
        }
    }
    let row = steps.rows.as_ref().and_then(|r| r.get(k)).copied().filter(|&r| r > 0).unwrap_or(report.source.row);
    let word = systems.word(steps, k);
    Some(ItemRow {
        prefecture: v.prefecture.as_deref(),
        organization: &v.organization,
        organization_as_written: v.organization_as_written.as_deref(),
        own_office: v.own_office,
        code: v.code.as_deref(),
        task: Some(&v.task),
        task_name: None,
        system: None,
        phase: table.steps.get(k).map(String::as_str),
        planned_start: dates.and_then(|d| d.planned_start.date()),
        planned_end: dates.and_then(|d| d.planned_end.date()),
        actual_start: None,
        actual_end: dates.and_then(|d| d.actual_end.date()),
        not_applicable: sv.status == Status::NotApplicable,
        step_status: Some(word),
        deadline: v.deadline,
        deadline_label: &v.deadline_label,
        status: sv.status,
        priority: sv.status.priority(),
        days_late: sv.days_late,
        warnings: sv.warnings.clone(),
        invalid_dates,
        not_applicable_dates,
        recommended_action: system_action(sv.status, v.extended, v.own_office),
        source: SourceRow { file: &table.file, sheet: &table.sheet, row },
    })
}

/// Every step of every system as item rows, in the procedure's order.
pub fn step_rows<'a>(
    systems: &'a Systems,
    c: &'a Classification,
    profile: &Profile,
    keep: impl Fn(&SystemVerdict) -> bool,
) -> Vec<ItemRow<'a>> {
    let words = WordStates::of(systems, &crate::profile::Vocabulary::of(profile));
    let mut out = Vec::new();
    for v in c.systems.systems.iter().filter(|v| keep(v)) {
        for (k, sv) in step_verdicts(systems, v, &words, c.as_of) {
            out.extend(step_row(systems, v, k, &sv));
        }
    }
    out
}

/// Notes a date cell that holds no date: unreadable (kept as written) or marked 対象外.
fn unread<'a>(
    key: &'static str,
    cell: &'a DateCell,
    invalid: &mut BTreeMap<&'static str, &'a str>,
    not_applicable: &mut BTreeSet<&'static str>,
) {
    match cell {
        DateCell::Invalid(raw) => {
            invalid.insert(key, raw.as_str());
        }
        DateCell::NotApplicable => {
            not_applicable.insert(key);
        }
        DateCell::Empty | DateCell::Date(_) => {}
    }
}

/// SPEC §8's JSON object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report<'a> {
    pub as_of: NaiveDate,
    pub items: Vec<ItemRow<'a>>,
    pub rollups: Vec<RollupRow<'a>>,
    pub skipped: &'a [Skipped],
    /// 特定移行支援 list rows that designated nothing (only when there are any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_designations: Vec<UnmatchedRow<'a>>,
    /// Progress rows whose 業務 is none of the programme's, which made no system (only when
    /// there are any; `reason` `unknown_task` or `ignored`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_tasks: Vec<UnmatchedRow<'a>>,
    /// The bodies of covered prefectures that no file reports (SPEC §10).
    pub missing_bodies: &'a [MissingBody],
}

/// One item joined with its verdict, as the report lists it (the page builds only the rows it shows).
pub(crate) fn item_row<'a>(item: &'a Item, v: &'a Verdict) -> ItemRow<'a> {
    let mut invalid_dates = BTreeMap::new();
    let mut not_applicable_dates = BTreeSet::new();
    for slot in Slot::ALL {
        unread(slot.key(), item.date(slot), &mut invalid_dates, &mut not_applicable_dates);
    }
    ItemRow {
        prefecture: item.prefecture.as_deref(),
        organization: &item.organization,
        organization_as_written: item.organization_as_written.as_deref(),
        own_office: v.own_office,
        code: item.code.as_deref(),
        task: (!item.task().is_empty()).then(|| item.task()),
        task_name: item.task_name.as_deref(),
        system: item.system.as_deref(),
        phase: item.phase.as_deref(),
        planned_start: item.date(Slot::PlannedStart).date(),
        planned_end: item.date(Slot::PlannedEnd).date(),
        actual_start: item.date(Slot::ActualStart).date(),
        actual_end: item.date(Slot::ActualEnd).date(),
        not_applicable: item.not_applicable,
        step_status: None,
        deadline: v.deadline,
        deadline_label: &v.deadline_label,
        status: v.status,
        priority: v.status.priority(),
        days_late: v.days_late,
        warnings: v.warnings.clone(),
        invalid_dates,
        not_applicable_dates,
        recommended_action: recommended_action(v.status, v.own_office, &v.deadline_label, v.deadline),
        source: SourceRow { file: &item.source.file, sheet: &item.source.sheet, row: item.source.row },
    }
}

/// Builds the report of classified items, keeping what `filter` keeps (the page's selection:
/// [`query::select_items`]).
pub fn build<'a>(items: &'a [Item], c: &'a Classification, skipped: &'a [Skipped], filter: &Query) -> Report<'a> {
    let rows = query::select_items(items, &c.verdicts, &SearchKeys::default(), filter)
        .into_iter()
        .filter_map(|i| Some(item_row(items.get(i)?, c.verdicts.get(i)?)))
        .collect();
    let rollups = c.rollups.iter().filter(|r| filter.keeps_rollup(r)).map(rollup_row).collect();
    Report {
        as_of: c.as_of,
        items: rows,
        rollups,
        skipped,
        unmatched_designations: Vec::new(),
        unknown_tasks: Vec::new(),
        missing_bodies: &c.missing_bodies,
    }
}

/// [`build`] for items and standardisation systems together: the item rows then (with
/// `steps`) every step of the kept systems, the roll-ups (systems with their code and source), and the list rows that
/// designated nothing.
pub fn build_all<'a>(
    items: &'a [Item],
    systems: &'a Systems,
    c: &'a Classification,
    skipped: &'a [Skipped],
    filter: &Query,
    profile: &Profile,
    steps: bool,
) -> Report<'a> {
    let mut report = build(items, c, skipped, filter);
    if steps {
        // Systems are kept by their own status; their steps then by the phase (step) filter.
        let steps = step_rows(systems, c, profile, |v| filter.keeps_system(v));
        report.items.extend(steps.into_iter().filter(|r| filter.matching.keeps(filter.phase.as_deref(), r.phase)));
    }
    report.rollups = c.rollups.iter().filter(|r| filter.keeps_rollup(r)).map(|r| system_row(r, c, systems)).collect();
    report.unmatched_designations = unmatched_rows(c, systems);
    report.unknown_tasks = c
        .systems
        .unknown_tasks
        .iter()
        .filter_map(|&(i, reason)| {
            let r = systems.reports.get(i)?;
            Some(UnmatchedRow {
                prefecture: r.prefecture.as_deref(),
                organization: &r.organization,
                task: &r.task,
                reason,
                source: SourceRow { file: &r.source.file, sheet: &r.source.sheet, row: r.source.row },
            })
        })
        .collect();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample, Input};
    use crate::classify::{classify, classify_all};
    use crate::limits::Limits;
    use crate::query::Matching;

    /// The report's items of the seed sample as (body, phase, status key, row).
    fn seed_report(q: &Query) -> Vec<(String, String, &'static str, u32)> {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let report = build(&a.items, &c, &a.skipped, q);
        report
            .items
            .iter()
            .map(|r| (r.organization.to_owned(), r.phase.unwrap_or("").to_owned(), r.status.key(), r.source.row))
            .collect()
    }

    fn row(body: &str, phase: &str, status: &'static str, row: u32) -> (String, String, &'static str, u32) {
        (body.to_owned(), phase.to_owned(), status, row)
    }

    #[test]
    fn the_report_keeps_the_items_of_the_statuses_asked_for() {
        let q = Query { statuses: [Status::PlanOverrun, Status::Unreported].into(), ..Query::default() };
        assert_eq!(
            seed_report(&q),
            [
                row("Ｂ市", "団体内連携テスト工程", "plan_overrun", 7),
                row("Ｇ町", "団体内連携テスト工程", "unreported", 12)
            ]
        );
    }

    #[test]
    fn the_report_keeps_every_item_of_the_body_asked_for_whatever_its_width() {
        let q = Query { body: "ｅ町".to_owned(), ..Query::default() };
        assert_eq!(
            seed_report(&q),
            [
                row("Ｅ町", "設計工程", "done", 10),
                row("Ｅ町", "製造・導入・適用工程", "done", 10),
                row("Ｅ町", "テスト工程", "done", 10),
                row("Ｅ町", "団体内連携テスト工程", "deadline_exceeded", 10),
            ]
        );
    }

    #[test]
    fn the_report_of_high_priority_keeps_the_items_past_their_deadline() {
        let q = Query { priority: Some(Priority::High), ..Query::default() };
        assert_eq!(
            seed_report(&q),
            [
                row("Ｅ町", "団体内連携テスト工程", "deadline_exceeded", 10),
                row("Ｈ村", "団体内連携テスト工程", "deadline_exceeded", 13)
            ]
        );
    }

    #[test]
    fn the_clis_phase_flag_keeps_the_phases_containing_its_text() {
        let q = Query { phase: Some("テスト".to_owned()), matching: Matching::Containing, ..Query::default() };
        let report = seed_report(&q);
        // Ｂ市 to Ｈ村 (rows 7 to 13), each with its テスト工程 and 団体内連携テスト工程.
        assert_eq!(report.len(), 14);
        let phases: Vec<&str> = report.iter().map(|r| r.1.as_str()).collect();
        assert!(phases.chunks(2).all(|p| p == ["テスト工程", "団体内連携テスト工程"]), "{phases:?}");
        let rows: Vec<u32> = report.iter().step_by(2).map(|r| r.3).collect();
        assert_eq!(rows, (7..=13).collect::<Vec<_>>());
    }

    #[test]
    fn a_filter_no_item_matches_leaves_the_report_empty() {
        let q = Query { system: Some("公営住宅".to_owned()), matching: Matching::Containing, ..Query::default() };
        assert_eq!(seed_report(&q), []);
    }

    /// The report's systems of the standardisation fixture (2026-01-31) as (body, 業務).
    fn soumu_report(q: &Query) -> Vec<(String, String)> {
        let a = analyse(&Input::fixtures(&["hyojunka_soumu.xlsx"]), &Limits::default());
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        let profile = Profile::hyojunka();
        let c = classify_all(&a.items, &a.systems, as_of, &profile);
        let report = build_all(&a.items, &a.systems, &c, &a.skipped, q, &profile, false);
        report.rollups.iter().filter(|r| r.source.is_some()).map(|r| (r.organization.into(), r.task.into())).collect()
    }

    fn system(body: &str, gyomu: &str) -> (String, String) {
        (body.to_owned(), gyomu.to_owned())
    }

    #[test]
    fn the_report_keeps_the_systems_of_the_gyomu_asked_for_exactly_or_containing() {
        let exactly = Query { task: Some("戸籍".to_owned()), ..Query::default() };
        assert_eq!(soumu_report(&exactly), [system("Ｂ市", "戸籍"), system("Ｃ町", "戸籍"), system("Ｄ村", "戸籍")]);
        let containing = Query { matching: Matching::Containing, ..exactly };
        assert_eq!(
            soumu_report(&containing),
            [
                system("Ｂ市", "戸籍"),
                system("Ｂ市", "戸籍附票"),
                system("Ｃ町", "戸籍"),
                system("Ｃ町", "戸籍附票"),
                system("Ｄ村", "戸籍"),
                system("Ｄ村", "戸籍附票"),
            ]
        );
    }

    #[test]
    fn the_report_keeps_the_undesignated_systems_below_the_rate_asked_for() {
        let q = Query { extended: Some(false), rate_below: Some(Rate::from_fraction(0.6)), ..Query::default() };
        let report = soumu_report(&q);
        // Ｃ町's 国民年金 (0 %) and 健康管理 (50 %), then Ｄ村's 20 業務 at 50 %.
        assert_eq!(report.len(), 22);
        assert_eq!(report[..2], [system("Ｃ町", "国民年金"), system("Ｃ町", "健康管理")]);
        assert!(report[2..].iter().all(|(body, _)| body == "Ｄ村"));
    }

    #[test]
    fn the_report_keeps_the_systems_of_the_status_and_body_asked_for() {
        let q = Query { statuses: [Status::OnTrack].into(), body: "ｂ市".to_owned(), ..Query::default() };
        assert_eq!(soumu_report(&q), [system("Ｂ市", "個人住民税")]);
    }
}
