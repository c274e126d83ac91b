//! The report: items joined with their verdicts, in the shape of SPEC §8's JSON, and the
//! filters the CLI applies.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::{recommended_action, Classification, Status, Verdict, Warning};
use crate::date::DateCell;
use crate::item::{Item, Slot};
use crate::load::Skipped;
use crate::text::{fold, folded_contains};

/// One item as the JSON report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRow<'a> {
    pub prefecture: Option<&'a str>,
    pub organization: &'a str,
    pub own_office: bool,
    pub code: Option<&'a str>,
    pub task: Option<&'a str>,
    pub task_name: Option<&'a str>,
    pub system: Option<&'a str>,
    pub phase: Option<&'a str>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub not_applicable: bool,
    pub deadline: String,
    pub deadline_label: &'a str,
    pub status: Status,
    pub priority: Option<&'static str>,
    pub days_late: Option<i64>,
    pub warnings: Vec<Warning>,
    /// Date cells that could not be read, by field, as written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub invalid_dates: BTreeMap<&'static str, &'a str>,
    pub recommended_action: String,
    pub source: SourceRow<'a>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow<'a> {
    pub file: &'a str,
    pub sheet: &'a str,
    pub row: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupRow<'a> {
    pub prefecture: Option<&'a str>,
    pub organization: &'a str,
    pub own_office: bool,
    pub task: &'a str,
    pub system: Option<&'a str>,
    pub status: Status,
}

/// One roll-up as the report lists it.
pub fn rollup_row(r: &crate::classify::Rollup) -> RollupRow<'_> {
    RollupRow {
        prefecture: r.prefecture.as_deref(),
        organization: &r.organization,
        own_office: r.own_office,
        task: &r.task,
        system: r.system.as_deref(),
        status: r.status,
    }
}

/// SPEC §8's JSON object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report<'a> {
    pub as_of: String,
    pub items: Vec<ItemRow<'a>>,
    pub rollups: Vec<RollupRow<'a>>,
    pub skipped: &'a [Skipped],
}

fn iso(cell: &DateCell) -> Option<String> {
    cell.date().map(|d| d.format("%Y-%m-%d").to_string())
}

/// The text a date cell shows in tables: the date, or an unreadable cell as written.
pub fn shown(cell: &DateCell) -> String {
    match cell {
        DateCell::Empty => String::new(),
        DateCell::Date(d) => d.format("%Y-%m-%d").to_string(),
        DateCell::NotApplicable => "対象外".to_owned(),
        DateCell::Invalid(raw) => raw.clone(),
    }
}

/// Which items and roll-ups to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep only these statuses (all when empty).
    pub statuses: Vec<Status>,
    /// Keep only organizations (or their prefecture) containing this text, width-insensitively.
    pub organization: Option<String>,
}

impl Filter {
    fn keeps(&self, status: Status, prefecture: Option<&str>, organization: &str) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&status))
            && self.organization.as_deref().is_none_or(|needle| {
                let joined = format!("{}{}", prefecture.unwrap_or(""), organization);
                folded_contains(organization, needle) || fold(&joined).contains(fold(needle).as_ref())
            })
    }
}

/// One item joined with its verdict, as the report lists it (the page builds only the rows it shows).
pub fn item_row<'a>(item: &'a Item, v: &'a Verdict) -> ItemRow<'a> {
    let mut invalid_dates = BTreeMap::new();
    for slot in Slot::ALL {
        if let DateCell::Invalid(raw) = item.date(slot) {
            invalid_dates.insert(slot.key(), raw.as_str());
        }
    }
    ItemRow {
        prefecture: item.prefecture.as_deref(),
        organization: &item.organization,
        own_office: v.own_office,
        code: item.code.as_deref(),
        task: (!item.task().is_empty()).then(|| item.task()),
        task_name: item.task_name.as_deref(),
        system: item.system.as_deref(),
        phase: item.phase.as_deref(),
        planned_start: iso(item.date(Slot::PlannedStart)),
        planned_end: iso(item.date(Slot::PlannedEnd)),
        actual_start: iso(item.date(Slot::ActualStart)),
        actual_end: iso(item.date(Slot::ActualEnd)),
        not_applicable: item.not_applicable,
        deadline: v.deadline.format("%Y-%m-%d").to_string(),
        deadline_label: &v.deadline_label,
        status: v.status,
        priority: v.status.priority().map(|p| p.key()),
        days_late: v.days_late,
        warnings: v.warnings.clone(),
        invalid_dates,
        recommended_action: recommended_action(v.status, v.own_office, &v.deadline_label, v.deadline),
        source: SourceRow { file: &item.source.file, sheet: &item.source.sheet, row: item.source.row },
    }
}

/// Builds the report of classified items, keeping what `filter` keeps.
pub fn build<'a>(items: &'a [Item], c: &'a Classification, skipped: &'a [Skipped], filter: &Filter) -> Report<'a> {
    let rows = items
        .iter()
        .zip(&c.verdicts)
        .filter(|(item, v)| filter.keeps(v.status, item.prefecture.as_deref(), &item.organization))
        .map(|(item, v)| item_row(item, v))
        .collect();
    let rollups = c
        .rollups
        .iter()
        .filter(|r| filter.keeps(r.status, r.prefecture.as_deref(), &r.organization))
        .map(rollup_row)
        .collect();
    Report { as_of: c.as_of.format("%Y-%m-%d").to_string(), items: rows, rollups, skipped }
}
