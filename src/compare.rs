//! Comparing two exports (last month's and this month's): what changed per item.
//!
//! The prefecture checks again and again (継続確認) and each time asks what changed. Both
//! exports are classified at the same as-of date, so a change of status reflects a change in
//! what the body reported, not the passing of time. Items are matched on (prefecture,
//! organization, task, system, phase), ignoring width and spaces.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::classify::{classify, Status};
use crate::item::{Item, Slot};
use crate::profile::Profile;
use crate::text::FoldCache;

/// What changed about one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Done now, not done before.
    NewlyDone,
    /// The status got worse (e.g. on track → plan overrun → deadline exceeded).
    NewlyOverdue,
    /// The status got better without being done.
    Improved,
    /// The planned end moved later.
    PlanEndLater,
    /// The planned end moved earlier.
    PlanEndEarlier,
    /// Unreported before and still unreported.
    StillUnreported,
    /// Only in the new export.
    Appeared,
    /// Only in the old export.
    Gone,
}

impl ChangeKind {
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::NewlyDone => "newly_done",
            ChangeKind::NewlyOverdue => "newly_overdue",
            ChangeKind::Improved => "improved",
            ChangeKind::PlanEndLater => "plan_end_later",
            ChangeKind::PlanEndEarlier => "plan_end_earlier",
            ChangeKind::StillUnreported => "still_unreported",
            ChangeKind::Appeared => "appeared",
            ChangeKind::Gone => "gone",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            ChangeKind::NewlyDone => "新たに完了",
            ChangeKind::NewlyOverdue => "状況が悪化",
            ChangeKind::Improved => "状況が改善",
            ChangeKind::PlanEndLater => "終了予定日が後ろ倒し",
            ChangeKind::PlanEndEarlier => "終了予定日が前倒し",
            ChangeKind::StillUnreported => "引き続き未報告",
            ChangeKind::Appeared => "新たに出現",
            ChangeKind::Gone => "なくなった",
        }
    }
}

/// One side of a change: the item's status and dates in one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub status: Status,
    pub planned_end: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

/// One change of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub prefecture: Option<String>,
    pub organization: String,
    pub task: String,
    pub system: Option<String>,
    pub phase: Option<String>,
    pub before: Option<Side>,
    pub after: Option<Side>,
    /// For a moved planned end: new − old, in days.
    pub days_moved: Option<i64>,
}

/// The changes between two exports, in the new export's order, then the items gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub as_of: NaiveDate,
    pub changes: Vec<Change>,
}

type Key = (u32, u32, u32, u32, u32);

fn key<'a>(item: &'a Item, folds: &mut FoldCache<'a>) -> Key {
    (
        folds.id(item.prefecture.as_deref().unwrap_or("")),
        folds.id(&item.organization),
        folds.id(item.task()),
        folds.id(item.system.as_deref().unwrap_or("")),
        folds.id(item.phase.as_deref().unwrap_or("")),
    )
}

/// Compares `old` and `new` items, both classified at `as_of` under `profile`.
pub fn compare(old: &[Item], new: &[Item], as_of: NaiveDate, profile: &Profile) -> Comparison {
    let before = classify(old, as_of, profile);
    let after = classify(new, as_of, profile);
    let mut folds = FoldCache::default();
    let mut old_index: HashMap<Key, usize> = HashMap::new();
    for (i, item) in old.iter().enumerate() {
        old_index.entry(key(item, &mut folds)).or_insert(i);
    }
    let side = |item: &Item, status: Status| Side {
        status,
        planned_end: item.date(Slot::PlannedEnd).date(),
        actual_end: item.date(Slot::ActualEnd).date(),
    };
    let change = |kind, item: &Item, b: Option<Side>, a: Option<Side>, days_moved| Change {
        kind,
        prefecture: item.prefecture.clone(),
        organization: item.organization.clone(),
        task: item.task().to_owned(),
        system: item.system.clone(),
        phase: item.phase.clone(),
        before: b,
        after: a,
        days_moved,
    };

    let mut changes = Vec::new();
    let mut matched = vec![false; old.len()];
    for (j, item) in new.iter().enumerate() {
        let a = side(item, after.verdicts[j].status);
        let Some(&i) = old_index.get(&key(item, &mut folds)) else {
            changes.push(change(ChangeKind::Appeared, item, None, Some(a), None));
            continue;
        };
        matched[i] = true;
        let b = side(&old[i], before.verdicts[i].status);
        let (sb, sa) = (b.status, a.status);
        let status_kind = if sa == Status::Done && sb != Status::Done {
            Some(ChangeKind::NewlyDone)
        } else if sa == Status::Unreported && sb == Status::Unreported {
            Some(ChangeKind::StillUnreported)
        } else if sa < sb && sb != Status::NotApplicable {
            Some(ChangeKind::NewlyOverdue)
        } else if sa > sb && sa != Status::NotApplicable {
            Some(ChangeKind::Improved)
        } else {
            None
        };
        if let Some(kind) = status_kind {
            changes.push(change(kind, item, Some(b.clone()), Some(a.clone()), None));
        }
        if let (Some(pb), Some(pa)) = (b.planned_end, a.planned_end) {
            let moved = (pa - pb).num_days();
            if moved != 0 {
                let kind = if moved > 0 { ChangeKind::PlanEndLater } else { ChangeKind::PlanEndEarlier };
                changes.push(change(kind, item, Some(b), Some(a), Some(moved)));
            }
        }
    }
    for (i, item) in old.iter().enumerate() {
        if !matched[i] {
            changes.push(change(ChangeKind::Gone, item, Some(side(item, before.verdicts[i].status)), None, None));
        }
    }
    Comparison { as_of, changes }
}
