//! Comparing two exports (last month's and this month's): what changed per item.
//!
//! The prefecture checks again and again (継続確認) and each time asks what changed. Both
//! exports are classified at the same as-of date, so a change of status reflects a change in
//! what the body reported, not the passing of time. Items are matched on (prefecture,
//! organization, task, system, phase), standardisation systems on (prefecture, body, 業務),
//! ignoring width and spaces, by one pairing; each programme's rows give their own kinds of
//! change ([`ChangeKind`], [`SystemChangeKind`]), in one [`Comparison`].

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::classify::{classify, Status};
use crate::item::{Item, Slot};
use crate::profile::Profile;
use crate::text::{fold, FoldCache};

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
    pub(crate) fn key(self) -> &'static str {
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

    pub(crate) fn label_ja(self) -> &'static str {
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

/// The changes between two exports, in the new export's order, then the rows gone: of items
/// ([`Change`], the default) or of standardisation systems ([`SystemChange`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison<C = Change> {
    pub as_of: NaiveDate,
    pub changes: Vec<C>,
}

/// How the rows of two exports pair up, by a key: for each new row in order, the old row of the
/// same key (the first, if several) or `None` (it appeared); then the old rows no new row
/// matched (gone). The one matching of every comparison.
struct Pairing {
    pairs: Vec<(usize, Option<usize>)>,
    gone: Vec<usize>,
}

fn pair<'a, T, K: std::hash::Hash + Eq>(old: &'a [T], new: &'a [T], mut key: impl FnMut(&'a T) -> K) -> Pairing {
    let mut index: HashMap<K, usize> = HashMap::new();
    for (i, row) in old.iter().enumerate() {
        index.entry(key(row)).or_insert(i);
    }
    let mut matched = vec![false; old.len()];
    let pairs = new
        .iter()
        .enumerate()
        .map(|(j, row)| {
            let i = index.get(&key(row)).copied();
            if let Some(m) = i.and_then(|i| matched.get_mut(i)) {
                *m = true;
            }
            (j, i)
        })
        .collect();
    let gone = matched.iter().enumerate().filter(|(_, &m)| !m).map(|(i, _)| i).collect();
    Pairing { pairs, gone }
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
    let status =
        |verdicts: &[crate::classify::Verdict], i: usize| verdicts.get(i).map_or(Status::Unreported, |v| v.status);

    let pairing = pair(old, new, |item| key(item, &mut folds));
    let mut changes = Vec::new();
    for (j, i) in pairing.pairs {
        let Some(item) = new.get(j) else { continue };
        let a = side(item, status(&after.verdicts, j));
        let Some((i, old_item)) = i.and_then(|i| Some((i, old.get(i)?))) else {
            changes.push(change(ChangeKind::Appeared, item, None, Some(a), None));
            continue;
        };
        let b = side(old_item, status(&before.verdicts, i));
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
    for i in pairing.gone {
        let Some(item) = old.get(i) else { continue };
        changes.push(change(ChangeKind::Gone, item, Some(side(item, status(&before.verdicts, i))), None, None));
    }
    Comparison { as_of, changes }
}

/// What changed for one standardisation system between two monthly exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemChangeKind {
    /// Done now, not before.
    NewlyDone,
    /// Designated 特定移行支援システム now, not before.
    NewlyDesignated,
    RateUp,
    RateDown,
    /// Unreported both times.
    StillUnreported,
    /// Only in the new export.
    Appeared,
    /// Only in the old export.
    Gone,
}

impl SystemChangeKind {
    pub(crate) fn key(self) -> &'static str {
        match self {
            SystemChangeKind::NewlyDone => "newly_done",
            SystemChangeKind::NewlyDesignated => "newly_designated",
            SystemChangeKind::RateUp => "rate_up",
            SystemChangeKind::RateDown => "rate_down",
            SystemChangeKind::StillUnreported => "still_unreported",
            SystemChangeKind::Appeared => "appeared",
            SystemChangeKind::Gone => "gone",
        }
    }

    pub(crate) fn label_ja(self) -> &'static str {
        match self {
            SystemChangeKind::NewlyDone => "新たに完了",
            SystemChangeKind::NewlyDesignated => "新たに特定移行支援システム",
            SystemChangeKind::RateUp => "完了率が上昇",
            SystemChangeKind::RateDown => "完了率が低下",
            SystemChangeKind::StillUnreported => "引き続き未報告",
            SystemChangeKind::Appeared => "新たに出現",
            SystemChangeKind::Gone => "なくなった",
        }
    }
}

/// A system's state in one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemSide {
    pub status: Status,
    pub completion_rate: Option<crate::classify::systems::Rate>,
    pub current_step: Option<String>,
    pub extended: bool,
}

/// A step whose status word changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepChange {
    pub step: String,
    pub before: String,
    pub after: String,
}

/// One change of one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemChange {
    pub kind: SystemChangeKind,
    pub prefecture: Option<String>,
    pub organization: String,
    pub task: String,
    pub before: Option<SystemSide>,
    pub after: Option<SystemSide>,
    /// For rate changes: the steps whose status changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepChange>,
}

/// Each step's status word of a system, keyed by the step's place in the procedure (or its
/// folded heading where the profile does not know it).
fn step_words(
    systems: &crate::system::Systems,
    v: &crate::classify::systems::SystemVerdict,
    vocabulary: &crate::profile::Vocabulary,
) -> Vec<(String, String, String)> {
    let Some(crate::system::Progress::Steps(steps)) = v.steps.and_then(|i| systems.reports.get(i)).map(|r| &r.progress)
    else {
        return Vec::new();
    };
    let Some(table) = systems.tables.get(steps.table) else { return Vec::new() };
    table
        .steps
        .iter()
        .enumerate()
        .map(|(k, heading)| {
            let key = vocabulary.step(heading).map_or_else(|| fold(heading).into_owned(), |i| format!("#{i}"));
            (key, heading.clone(), systems.word(steps, k).to_owned())
        })
        .collect()
}

/// Compares two standardisation exports per system, both classified at `as_of` under
/// `profile`: newly done, newly designated, rate up or down (with the steps that changed),
/// still unreported, appeared and gone.
pub fn compare_systems(
    old: &crate::system::Systems,
    new: &crate::system::Systems,
    as_of: NaiveDate,
    profile: &Profile,
) -> Comparison<SystemChange> {
    use crate::classify::systems::{classify as judge, SystemVerdict};
    let before = judge(old, as_of, profile);
    let after = judge(new, as_of, profile);
    let vocabulary = crate::profile::Vocabulary::of(profile);
    let key = |v: &SystemVerdict| {
        (
            fold(v.prefecture.as_deref().unwrap_or("")).into_owned(),
            fold(&v.organization).into_owned(),
            fold(&v.task).into_owned(),
        )
    };
    let side = |v: &SystemVerdict| SystemSide {
        status: v.status,
        completion_rate: v.completion_rate,
        current_step: v.current_step.clone(),
        extended: v.extended,
    };
    let change = |kind, v: &SystemVerdict, b: Option<SystemSide>, a: Option<SystemSide>, steps| SystemChange {
        kind,
        prefecture: v.prefecture.clone(),
        organization: v.organization.clone(),
        task: v.task.clone(),
        before: b,
        after: a,
        steps,
    };
    let pairing = pair(&before.systems, &after.systems, key);
    let mut changes = Vec::new();
    for (j, i) in pairing.pairs {
        let Some(v) = after.systems.get(j) else { continue };
        let Some(o) = i.and_then(|i| before.systems.get(i)) else {
            changes.push(change(SystemChangeKind::Appeared, v, None, Some(side(v)), Vec::new()));
            continue;
        };
        let (b, a) = (side(o), side(v));
        if a.status == Status::Done && b.status != Status::Done {
            changes.push(change(SystemChangeKind::NewlyDone, v, Some(b.clone()), Some(a.clone()), Vec::new()));
        }
        if a.extended && !b.extended {
            changes.push(change(SystemChangeKind::NewlyDesignated, v, Some(b.clone()), Some(a.clone()), Vec::new()));
        }
        if a.status == Status::Unreported && b.status == Status::Unreported {
            changes.push(change(SystemChangeKind::StillUnreported, v, Some(b.clone()), Some(a.clone()), Vec::new()));
        }
        if let (Some(rb), Some(ra)) = (b.completion_rate, a.completion_rate) {
            if ra != rb {
                let old_words = step_words(old, o, &vocabulary);
                let steps = step_words(new, v, &vocabulary)
                    .into_iter()
                    .filter_map(|(k, heading, word)| {
                        let was = old_words.iter().find(|(ok, _, _)| *ok == k).map_or("", |(_, _, w)| w.as_str());
                        (fold(was) != fold(&word)).then(|| StepChange {
                            step: heading,
                            before: was.to_owned(),
                            after: word,
                        })
                    })
                    .collect();
                let kind = if ra > rb { SystemChangeKind::RateUp } else { SystemChangeKind::RateDown };
                changes.push(change(kind, v, Some(b), Some(a), steps));
            }
        }
    }
    for o in pairing.gone.into_iter().filter_map(|i| before.systems.get(i)) {
        changes.push(change(SystemChangeKind::Gone, o, Some(side(o)), None, Vec::new()));
    }
    Comparison { as_of, changes }
}
