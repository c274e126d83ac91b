//! The systems table's filter and sort (standardisation, SPEC §9): the same [`Query`] and
//! predicate as the items' (statuses, priority, body text, 業務 as the task, 特定移行支援, a rate
//! ceiling), over the classification's systems, giving indices into
//! [`SystemsClassification::systems`].
//!
//! [`SystemsClassification::systems`]: crate::classify::systems::SystemsClassification

use std::cmp::Ordering;

use foldhash::HashMap;

use super::{Direction, Query, Subject};
use crate::classify::systems::SystemVerdict;
use crate::column::RollupField;
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
    )
}

/// The systems table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemSort {
    pub column: RollupField,
    pub direction: Direction,
}

fn compare(a: &SystemVerdict, b: &SystemVerdict, column: RollupField) -> Ordering {
    match column {
        RollupField::Organization => {
            (a.prefecture.as_deref(), fold(&a.organization)).cmp(&(b.prefecture.as_deref(), fold(&b.organization)))
        }
        RollupField::Task => a.task_order.cmp(&b.task_order).then_with(|| a.task.cmp(&b.task)),
        // Systems without a rate sort after those with one.
        RollupField::CompletionRate => a
            .completion_rate
            .is_none()
            .cmp(&b.completion_rate.is_none())
            .then(a.completion_rate.cmp(&b.completion_rate)),
        // Circled step numbers (①…⑳) are consecutive code points, so headings sort in step order.
        RollupField::CurrentStep => {
            a.current_step.is_none().cmp(&b.current_step.is_none()).then_with(|| a.current_step.cmp(&b.current_step))
        }
        RollupField::Deadline => a.deadline.cmp(&b.deadline),
        RollupField::DaysLate => a.days_late.is_none().cmp(&b.days_late.is_none()).then(a.days_late.cmp(&b.days_late)),
        RollupField::Status => a.status.cmp(&b.status),
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
            let o = compare(x, y, sort.column);
            match sort.direction {
                Direction::Ascending => o,
                Direction::Descending => o.reverse(),
            }
        });
    }
    out
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

    fn soumu() -> Vec<SystemVerdict> {
        let path = format!("{}/tests/fixtures/hyojunka_soumu.xlsx", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(path).unwrap_or_default();
        let a = analyse(&[Input { name: "soumu.xlsx".into(), bytes }], &Limits::default());
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        classify_all(&a.items, &a.systems, as_of, &Profile::hyojunka()).systems.systems
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
}
