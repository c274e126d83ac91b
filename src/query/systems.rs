//! The systems table's filter and sort (standardisation, SPEC §9): the same [`Query`] and
//! predicate as the items' (statuses, priority, body text, 業務 as the task, 特定移行支援, a rate
//! ceiling), over the classification's systems, giving indices into
//! [`SystemsClassification::systems`].
//!
//! [`SystemsClassification::systems`]: crate::classify::systems::SystemsClassification

use std::cmp::Ordering;

use foldhash::HashMap;

use super::{by_option, Direction, Query, Subject};
use crate::classify::systems::SystemVerdict;
use crate::field::RollupField;
use crate::text::fold;

/// Whether the systems table sorts by `field` (the other columns' headings are plain).
pub fn sorts_by(field: RollupField) -> bool {
    matches!(
        field,
        RollupField::Organization
            | RollupField::Task
            | RollupField::CompletionRate
            | RollupField::CurrentStep
            | RollupField::Deadline
            | RollupField::DaysLate
            | RollupField::Status
            | RollupField::ProjectedCompletion
    )
}

/// The systems table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemSort {
    pub column: RollupField,
    pub direction: Direction,
}

/// The order of two systems by `column` in `direction`; a blank (no rate, no current step, not
/// late) sorts after every value in either direction, as the items' blanks do ([`by_option`]).
fn compare(a: &SystemVerdict, b: &SystemVerdict, column: RollupField, direction: Direction) -> Ordering {
    match column {
        RollupField::Organization => direction.apply(
            (a.prefecture.as_deref(), fold(&a.organization)).cmp(&(b.prefecture.as_deref(), fold(&b.organization))),
        ),
        RollupField::Task => direction.apply(a.task_order.cmp(&b.task_order).then_with(|| a.task.cmp(&b.task))),
        RollupField::CompletionRate => by_option(a.completion_rate, b.completion_rate, direction),
        // Circled step numbers (①…⑳) are consecutive code points, so headings sort in step order.
        RollupField::CurrentStep => by_option(a.current_step.as_deref(), b.current_step.as_deref(), direction),
        RollupField::Deadline => direction.apply(a.deadline.cmp(&b.deadline)),
        RollupField::DaysLate => by_option(a.days_late, b.days_late, direction),
        RollupField::Status => direction.apply(a.status.cmp(&b.status)),
        RollupField::ProjectedCompletion => by_option(a.projected_completion, b.projected_completion, direction),
        // Not sortable (see `sorts_by`): the files' order.
        _ => Ordering::Equal,
    }
}

/// The indices of the systems `query` keeps, in its order.
pub fn select(systems: &[SystemVerdict], query: &Query) -> Vec<usize> {
    let needle = fold(&query.body).into_owned();
    let mut body_matches: HashMap<(&str, &str), bool> = HashMap::default();
    let mut out: Vec<usize> = systems
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            query.keeps(&Subject::system(v))
                && (needle.is_empty()
                    || *body_matches
                        .entry((v.prefecture.as_deref().unwrap_or(""), v.organization.as_str()))
                        .or_insert_with(|| {
                            fold(&format!("{}{}", v.prefecture.as_deref().unwrap_or(""), v.organization))
                                .contains(&needle)
                        }))
        })
        .map(|(i, _)| i)
        .collect();
    if let Some(sort) = query.system_sort {
        out.sort_by(|&a, &b| {
            let (Some(x), Some(y)) = (systems.get(a), systems.get(b)) else { return Ordering::Equal };
            compare(x, y, sort.column, sort.direction)
        });
    }
    out
}

impl Query {
    /// The query with the filters that no longer apply to `systems` dropped: what the page keeps
    /// when the files' dates are corrected (SPEC §11) and the snapshots, so the latest snapshot's
    /// systems and their trend, are made again. Dropped: a warning no system bears any more (the
    /// trend's `projected_late` and `stalled` come and go with the snapshots), a 業務 no system
    /// has, and the order by projected completion when there is no history (`history` false).
    /// Kept: statuses (their counts are always shown, at zero too), the body text, 特定移行支援 and
    /// the rate ceiling, which still mean what they meant.
    pub fn applicable_to(mut self, systems: &[SystemVerdict], history: bool) -> Query {
        self.warnings.retain(|w| systems.iter().any(|v| v.warnings.contains(w)));
        if self.task.as_deref().is_some_and(|t| !systems.iter().any(|v| self.matching.keeps(Some(t), Some(&v.task)))) {
            self.task = None;
        }
        if !history && self.system_sort.is_some_and(|s| s.column == RollupField::ProjectedCompletion) {
            self.system_sort = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, Input};
    use crate::classify::classify_all;
    use crate::classify::systems::Rate;
    use crate::classify::Status;
    use crate::limits::Limits;
    use crate::profile::Profile;

    /// The systems of a fixture, classified at `as_of` (2026-MM-DD).
    fn systems_of(fixture: &str, month: u32, day: u32) -> Vec<SystemVerdict> {
        let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let a = analyse(&[Input { name: fixture.into(), bytes }], &Limits::default());
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, month, day).unwrap();
        classify_all(&a.items, &a.systems, as_of, &Profile::hyojunka()).systems.systems
    }

    fn soumu() -> Vec<SystemVerdict> {
        systems_of("hyojunka_soumu.xlsx", 1, 31)
    }

    #[test]
    fn a_warning_filter_no_system_bears_any_more_is_dropped_and_one_still_borne_is_kept() {
        use crate::classify::Warning;
        let mut s = soumu();
        s[0].warnings.push(Warning::Stalled);
        let q = Query { warnings: [Warning::Stalled, Warning::ProjectedLate].into(), ..Query::default() };
        assert_eq!(q.applicable_to(&s, true).warnings, [Warning::Stalled].into());
    }

    #[test]
    fn a_gyomu_filter_no_system_has_any_more_is_dropped() {
        let s = soumu();
        let q = Query { task: Some("存在しない業務".into()), ..Query::default() };
        assert_eq!(q.applicable_to(&s, true).task, None);
        let q = Query { task: Some("戸籍".into()), ..Query::default() };
        assert_eq!(q.applicable_to(&s, true).task.as_deref(), Some("戸籍"));
    }

    #[test]
    fn the_order_by_projected_completion_is_dropped_without_a_history() {
        let s = soumu();
        let by = |column| Some(SystemSort { column, direction: Direction::Ascending });
        let q = Query { system_sort: by(RollupField::ProjectedCompletion), ..Query::default() };
        assert_eq!(q.clone().applicable_to(&s, true).system_sort, by(RollupField::ProjectedCompletion));
        assert_eq!(q.applicable_to(&s, false).system_sort, None);
        let q = Query { system_sort: by(RollupField::CompletionRate), ..Query::default() };
        assert_eq!(q.applicable_to(&s, false).system_sort, by(RollupField::CompletionRate));
    }

    #[test]
    fn statuses_body_text_and_rate_ceiling_survive_a_change_of_the_systems() {
        let s = soumu();
        let q = Query {
            statuses: [Status::NotApplicable].into(),
            body: "存在しない".into(),
            rate_below: Some(Rate::from_fraction(0.5)),
            extended: Some(true),
            ..Query::default()
        };
        assert_eq!(q.clone().applicable_to(&s, false), q);
    }

    #[test]
    fn systems_are_kept_by_status_gyomu_body_and_rate() {
        let s = soumu();
        let q = Query { statuses: [Status::OnTrack].into(), ..Query::default() };
        assert_eq!(select(&s, &q).len(), 20 + 2 + 1, "Ｄ村's 20, Ｃ町's 健康管理 and 児童手当, Ｂ市's 個人住民税");
        let q = Query { task: Some("戸籍".into()), body: "ｄ村".into(), ..Query::default() };
        assert_eq!(select(&s, &q).len(), 1);
        let q = Query { rate_below: Some(Rate::from_fraction(0.6)), ..Query::default() };
        assert_eq!(select(&s, &q).len(), 20 + 2);
    }

    #[test]
    fn systems_sort_by_rate_with_the_lowest_first_and_blanks_last() {
        let s = soumu();
        let q = Query {
            system_sort: Some(SystemSort { column: RollupField::CompletionRate, direction: Direction::Ascending }),
            ..Query::default()
        };
        let order = select(&s, &q);
        let first = &s[order[0]];
        assert_eq!((first.organization.as_str(), first.task.as_str()), ("Ｃ町", "国民年金"));
    }

    /// Whether a system's value in a column is blank.
    type IsBlank = fn(&SystemVerdict) -> bool;

    /// Whether every system `blank` calls blank comes after every other, in this order.
    fn blanks_come_last(s: &[SystemVerdict], order: &[usize], blank: IsBlank) -> bool {
        let blanks: Vec<bool> = order.iter().map(|&i| blank(&s[i])).collect();
        // Once a blank is seen, only blanks follow.
        blanks.windows(2).all(|w| !w[0] || w[1])
    }

    #[test]
    fn systems_keep_blanks_last_in_both_directions_for_every_column_that_has_blanks() {
        // The rate table has blank rates; the step table after the deadline has systems done (no
        // current step, not late) and systems late.
        let rates = systems_of("hyojunka_rates.xlsx", 1, 31);
        let steps = systems_of("hyojunka_soumu.xlsx", 6, 30);
        let columns: [(&[SystemVerdict], RollupField, IsBlank); 3] = [
            (&rates, RollupField::CompletionRate, |v| v.completion_rate.is_none()),
            (&steps, RollupField::CurrentStep, |v| v.current_step.is_none()),
            (&steps, RollupField::DaysLate, |v| v.days_late.is_none()),
        ];
        for (s, column, blank) in columns {
            assert!(s.iter().any(blank) && !s.iter().all(blank), "{column:?}: the fixture has blanks and values");
            for direction in [Direction::Ascending, Direction::Descending] {
                let q = Query { system_sort: Some(SystemSort { column, direction }), ..Query::default() };
                assert!(blanks_come_last(s, &select(s, &q), blank), "{column:?} {direction:?}: a blank before a value");
            }
        }
    }

    #[test]
    fn systems_sorted_descending_by_rate_put_the_highest_first() {
        let s = soumu();
        let q = Query {
            system_sort: Some(SystemSort { column: RollupField::CompletionRate, direction: Direction::Descending }),
            ..Query::default()
        };
        let order = select(&s, &q);
        let rates: Vec<_> = order.iter().filter_map(|&i| s[i].completion_rate).collect();
        assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    }
}
