//! The tables' filter and sort, on indices into the rows (rows are never cloned): one for
//! every kind of judged row, the items and the standardisation systems alike.
//!
//! A row the tables show is [`Judged`]: it names what the filters look at ([`Subject`]) and gives
//! a typed sort key per field ([`Key`]), `None` for a blank. A [`Query`] keeps a row when every
//! filter that is set agrees; [`select`] returns the kept indices in the order of a [`Sort`],
//! blanks last in both directions (one comparison, [`compare`], for every kind of row). Body
//! text matches width- and space-insensitively against the prefecture and body name; the items'
//! table does so with keys folded once per load ([`SearchKeys`], [`select_items`]).
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::BTreeSet;

use foldhash::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::classify::systems::{Rate, SystemVerdict};
use crate::classify::{Priority, Rollup, Status, Verdict, Warning};
use crate::field::{ItemField, RollupField};
use crate::item::{Item, Slot};
use crate::text::{fold, folded_contains};

/// A row of a table the page filters and sorts (and the CLI filters): an item with its
/// verdict, a standardisation system. A third programme's rows would implement this and get
/// the filters, the sort and the selection as they are.
pub trait Judged {
    /// The fields its columns show ([`crate::column`]); the sort orders by one of them.
    type Field: Copy + Eq;
    /// Whether its table sorts by `field` (the other columns' headings are plain).
    fn sorts_by(field: Self::Field) -> bool;
    /// Its value in `field` as a sort key; `None` is a blank (no date, no rate, not late),
    /// which sorts after every value in either direction. Fields it does not sort by give `None`.
    fn key(&self, field: Self::Field) -> Option<Key<'_>>;
    /// What the filters look at.
    fn subject(&self) -> Subject<'_>;
    /// Its body: prefecture and name, for the body filter.
    fn body(&self) -> (Option<&str>, &str);
}

/// A typed sort key: a row's value in one field, compared with the same field's value of
/// another row (so two keys of one field are always of the same variant).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key<'a> {
    Text(&'a str),
    /// A body: prefecture and name.
    Body(&'a str, std::borrow::Cow<'a, str>),
    /// A value in the profile's order (the 業務), then its text.
    Ordered(usize, &'a str),
    Date(NaiveDate),
    Int(i64),
    Rate(Rate),
    /// Ascending puts the worst first, as the summary does.
    Status(Status),
    /// Where a row came from: file, sheet, row.
    Source(&'a str, &'a str, u32),
}

/// The order of two rows by `sort`: their keys in its direction, a blank after every value in
/// either direction.
pub fn compare<R: Judged>(a: &R, b: &R, sort: Sort<R::Field>) -> Ordering {
    by_option(a.key(sort.column), b.key(sort.column), sort.direction)
}

/// An item with its verdict: a row of the results table.
#[derive(Debug, Clone, Copy)]
pub struct JudgedItem<'a> {
    pub item: &'a Item,
    pub verdict: &'a Verdict,
}

impl Judged for JudgedItem<'_> {
    type Field = ItemField;

    fn sorts_by(field: ItemField) -> bool {
        matches!(
            field,
            ItemField::Organization
                | ItemField::Task
                | ItemField::System
                | ItemField::Phase
                | ItemField::Date(_)
                | ItemField::Deadline
                | ItemField::Status
                | ItemField::DaysLate
                | ItemField::Source
        )
    }

    fn key(&self, field: ItemField) -> Option<Key<'_>> {
        let (item, v) = (self.item, self.verdict);
        match field {
            ItemField::Organization => Some(Key::Body(
                item.prefecture.as_deref().unwrap_or(""),
                std::borrow::Cow::Borrowed(item.organization.as_str()),
            )),
            ItemField::Task => nonempty(item.task()).map(Key::Text),
            ItemField::System => item.system.as_deref().map(Key::Text),
            ItemField::Phase => item.phase.as_deref().map(Key::Text),
            ItemField::Date(slot) => date(item, slot).map(Key::Date),
            ItemField::Deadline => Some(Key::Date(v.deadline)),
            ItemField::Status => Some(Key::Status(v.status)),
            ItemField::DaysLate => v.days_late.map(Key::Int),
            ItemField::Source => {
                Some(Key::Source(item.source.file.as_str(), item.source.sheet.as_str(), item.source.row))
            }
            // Not sortable (see `sorts_by`): the files' order.
            _ => None,
        }
    }

    fn subject(&self) -> Subject<'_> {
        Subject::item(self.item, self.verdict)
    }

    fn body(&self) -> (Option<&str>, &str) {
        (self.item.prefecture.as_deref(), &self.item.organization)
    }
}

impl Judged for SystemVerdict {
    type Field = RollupField;

    fn sorts_by(field: RollupField) -> bool {
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

    fn key(&self, field: RollupField) -> Option<Key<'_>> {
        match field {
            RollupField::Organization => {
                Some(Key::Body(self.prefecture.as_deref().unwrap_or(""), fold(&self.organization)))
            }
            RollupField::Task => Some(Key::Ordered(self.task_order, &self.task)),
            RollupField::CompletionRate => self.completion_rate.map(Key::Rate),
            // Circled step numbers (①…⑳) are consecutive code points, so headings sort in step order.
            RollupField::CurrentStep => self.current_step.as_deref().map(Key::Text),
            RollupField::Deadline => Some(Key::Date(self.deadline)),
            RollupField::DaysLate => self.days_late.map(Key::Int),
            RollupField::Status => Some(Key::Status(self.status)),
            RollupField::ProjectedCompletion => self.projected_completion.map(Key::Date),
            // Not sortable (see `sorts_by`): the files' order.
            _ => None,
        }
    }

    fn subject(&self) -> Subject<'_> {
        Subject::system(self)
    }

    fn body(&self) -> (Option<&str>, &str) {
        (self.prefecture.as_deref(), &self.organization)
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// `ascending`, the order of two values going up, in this direction.
    pub(crate) fn apply(self, ascending: Ordering) -> Ordering {
        match self {
            Direction::Ascending => ascending,
            Direction::Descending => ascending.reverse(),
        }
    }
}

/// The order of a table: a column (the field `F` it shows) and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<F> {
    pub column: F,
    pub direction: Direction,
}

impl<F: Copy + Eq> Sort<F> {
    /// The sort after the user activates `column`'s heading: ascending first, then the
    /// opposite direction, then back to ascending.
    pub fn toggled(current: Option<Sort<F>>, column: F) -> Sort<F> {
        match current {
            Some(Sort { column: c, direction: Direction::Ascending }) if c == column => {
                Sort { column, direction: Direction::Descending }
            }
            _ => Sort { column, direction: Direction::Ascending },
        }
    }
}

/// What filtering and sorting need, computed once per load so that a keystroke or a click on
/// a heading over 100,000 items neither re-normalises names nor compares strings.
///
/// Each distinct body is folded once; the body filter tests each distinct body once and then
/// looks items up by number. Text columns are ranked (their distinct values sorted once), so a
/// sort compares integers.
///
/// Built on first use, not at load: showing a load's counts and first rows needs none of it
/// (the page builds it right after that first render, before anyone can type or click).
/// The keys remember which items they were built for (their address and number); asked about
/// other items, they are built afresh for those (and not kept), never misapplied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchKeys {
    built: OnceCell<Keys>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Keys {
    /// The items the keys were built for: their slice's address and length.
    built_for: (usize, usize),
    /// Folded prefecture + body name of each distinct body.
    bodies: Vec<String>,
    /// Per item: its body, an index into `bodies`.
    body_of: Vec<u32>,
    /// Per item: the rank of (prefecture, body).
    organization: Vec<u32>,
    /// Per item: the rank of the task, system and phase (`None` when empty).
    task: Vec<Option<u32>>,
    system: Vec<Option<u32>>,
    phase: Vec<Option<u32>>,
}

/// The rank of each value among the distinct values, in their order; `None` stays `None`.
fn ranks<K: Ord + std::hash::Hash + Copy>(values: &[Option<K>]) -> Vec<Option<u32>> {
    let mut distinct: Vec<K> = values.iter().flatten().copied().collect::<HashSet<K>>().into_iter().collect();
    distinct.sort_unstable();
    let rank: HashMap<K, u32> =
        distinct.into_iter().enumerate().map(|(i, k)| (k, u32::try_from(i).unwrap_or(u32::MAX))).collect();
    values.iter().map(|v| v.and_then(|k| rank.get(&k).copied())).collect()
}

impl SearchKeys {
    /// The keys of `items`, built now.
    pub fn new(items: &[Item]) -> SearchKeys {
        let keys = SearchKeys::default();
        keys.prepare(items);
        keys
    }

    /// Builds the keys of `items` unless they are built already.
    pub fn prepare(&self, items: &[Item]) {
        self.get(items);
    }

    /// Whether the keys have been built.
    pub fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    fn get(&self, items: &[Item]) -> std::borrow::Cow<'_, Keys> {
        let built = self.built.get_or_init(|| Keys::new(items));
        if built.built_for == identity(items) {
            std::borrow::Cow::Borrowed(built)
        } else {
            std::borrow::Cow::Owned(Keys::new(items))
        }
    }
}

/// Which items a set of keys belongs to: the slice's address and length.
fn identity(items: &[Item]) -> (usize, usize) {
    (items.as_ptr() as usize, items.len())
}

impl Keys {
    fn new(items: &[Item]) -> Keys {
        let built_for = identity(items);
        let mut index: HashMap<(&str, &str), u32> = HashMap::default();
        let mut bodies = Vec::new();
        let mut body_of = Vec::with_capacity(items.len());
        for i in items {
            let key = (i.prefecture.as_deref().unwrap_or(""), i.organization.as_str());
            let next = u32::try_from(bodies.len()).unwrap_or(u32::MAX);
            let id = *index.entry(key).or_insert_with(|| {
                bodies.push(fold(&format!("{}{}", key.0, key.1)).into_owned());
                next
            });
            body_of.push(id);
        }
        let organization = ranks(
            &items
                .iter()
                .map(|i| Some((i.prefecture.as_deref().unwrap_or(""), i.organization.as_str())))
                .collect::<Vec<_>>(),
        )
        .into_iter()
        .map(|r| r.unwrap_or(0))
        .collect();
        Keys {
            built_for,
            bodies,
            body_of,
            organization,
            task: ranks(&items.iter().map(|i| nonempty(i.task())).collect::<Vec<_>>()),
            system: ranks(&items.iter().map(|i| i.system.as_deref()).collect::<Vec<_>>()),
            phase: ranks(&items.iter().map(|i| i.phase.as_deref()).collect::<Vec<_>>()),
        }
    }
}

/// Which items, roll-ups and systems to keep, and (on the page) in which order: the one filter
/// of the page's tables and the CLI's flags (`report::build_all` applies it through the same
/// predicate). A filter that is unset keeps everything; a filter on a field a row does not have
/// (a phase for a roll-up, a rate for an item) does not filter that row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Keep these statuses; all when empty.
    pub statuses: BTreeSet<Status>,
    pub priority: Option<Priority>,
    /// Text within the prefecture and body name, width- and space-insensitive.
    pub body: String,
    /// Task (ID, or name where there is no ID; the 業務 of a system), compared by `matching`.
    pub task: Option<String>,
    pub system: Option<String>,
    /// Phase, or a standardisation step.
    pub phase: Option<String>,
    /// How `task`, `system` and `phase` compare with a row's values.
    pub matching: Matching,
    /// The order of the items' table; `None` keeps the order of the files.
    pub sort: Option<Sort<ItemField>>,
    /// Standardisation systems: designated 特定移行支援 (`Some(true)`) or not.
    pub extended: Option<bool>,
    /// Standardisation systems: completion rate below this rate.
    pub rate_below: Option<Rate>,
    /// The order of the systems table (`None` keeps the files' order).
    pub system_sort: Option<Sort<RollupField>>,
    /// Keep rows with any of these warnings (e.g. `projected_late`, `stalled`); all when empty.
    pub warnings: BTreeSet<Warning>,
}

/// How the text filters (task, system, phase) compare with a row's value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Matching {
    /// The whole value, as the page's lists offer it; `""` keeps rows without one.
    #[default]
    Exactly,
    /// Text within the value, width- and space-insensitively (the CLI's flags); rows without
    /// the value are not kept.
    Containing,
}

impl Matching {
    /// Whether `value` passes a filter for `wanted` (no filter: it does).
    pub(crate) fn keeps(self, wanted: Option<&str>, value: Option<&str>) -> bool {
        let Some(wanted) = wanted else { return true };
        match self {
            Matching::Exactly => wanted == value.unwrap_or(""),
            Matching::Containing => value.is_some_and(|v| folded_contains(v, wanted)),
        }
    }
}

/// What the filters look at in a row besides its body; `None` where the row has no such field
/// (it is then not filtered by it).
pub struct Subject<'a> {
    status: Status,
    task: &'a str,
    system: Option<Option<&'a str>>,
    phase: Option<Option<&'a str>>,
    extended: Option<bool>,
    rate: Option<Option<Rate>>,
    warnings: &'a [Warning],
}

impl<'a> Subject<'a> {
    fn item(item: &'a Item, v: &'a Verdict) -> Subject<'a> {
        Subject {
            status: v.status,
            task: item.task(),
            system: Some(item.system.as_deref()),
            phase: Some(item.phase.as_deref()),
            extended: None,
            rate: None,
            warnings: &v.warnings,
        }
    }

    fn system(v: &'a SystemVerdict) -> Subject<'a> {
        Subject {
            status: v.status,
            task: &v.task,
            system: None,
            phase: None,
            extended: Some(v.extended),
            rate: Some(v.completion_rate),
            warnings: &v.warnings,
        }
    }

    fn rollup(r: &'a Rollup) -> Subject<'a> {
        let system = r.kind.is_system();
        Subject {
            status: r.status,
            task: &r.task,
            system: (!system).then_some(r.system.as_deref()),
            phase: None,
            extended: system.then_some(r.extended),
            rate: system.then_some(r.completion_rate),
            warnings: &r.warnings,
        }
    }
}

impl Query {
    /// Whether every filter but the body's keeps `s`.
    fn keeps(&self, s: &Subject<'_>) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&s.status))
            && self.priority.is_none_or(|p| s.status.priority() == Some(p))
            && self.matching.keeps(self.task.as_deref(), Some(s.task))
            && s.system.is_none_or(|v| self.matching.keeps(self.system.as_deref(), v))
            && s.phase.is_none_or(|v| self.matching.keeps(self.phase.as_deref(), v))
            && s.extended.is_none_or(|e| self.extended.is_none_or(|wanted| wanted == e))
            && s.rate.is_none_or(|rate| self.rate_below.is_none_or(|limit| rate.is_some_and(|r| r < limit)))
            && (self.warnings.is_empty() || s.warnings.iter().any(|w| self.warnings.contains(w)))
    }

    /// Whether the body filter keeps a body (prefecture and name).
    fn keeps_body(&self, prefecture: Option<&str>, organization: &str) -> bool {
        let needle = fold(&self.body);
        needle.is_empty() || fold(&format!("{}{organization}", prefecture.unwrap_or(""))).contains(needle.as_ref())
    }

    /// Whether the query keeps an item with its verdict.
    pub fn keeps_item(&self, item: &Item, v: &Verdict) -> bool {
        self.keeps_body(item.prefecture.as_deref(), &item.organization) && self.keeps(&Subject::item(item, v))
    }

    /// Whether the query keeps a standardisation system.
    pub fn keeps_system(&self, v: &SystemVerdict) -> bool {
        self.keeps_body(v.prefecture.as_deref(), &v.organization) && self.keeps(&Subject::system(v))
    }

    /// Whether the query keeps a roll-up (of items, or a system).
    pub(crate) fn keeps_rollup(&self, r: &Rollup) -> bool {
        self.keeps_body(r.prefecture.as_deref(), &r.organization) && self.keeps(&Subject::rollup(r))
    }

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

    /// Whether any filter is set (the sort does not count).
    pub fn is_filtered(&self) -> bool {
        !self.statuses.is_empty()
            || self.priority.is_some()
            || !fold(&self.body).is_empty()
            || self.task.is_some()
            || self.system.is_some()
            || self.phase.is_some()
            || self.extended.is_some()
            || self.rate_below.is_some()
            || !self.warnings.is_empty()
    }
}

impl Query {
    /// The filters in Japanese, for the report's conditions sheet ("なし" when none).
    pub fn describe_ja(&self) -> String {
        let mut parts = Vec::new();
        if !self.statuses.is_empty() {
            let labels: Vec<&str> = self.statuses.iter().map(|s| s.label_ja()).collect();
            parts.push(format!("状況：{}", labels.join("、")));
        }
        if let Some(p) = self.priority {
            parts.push(format!("優先度：{}", p.label_ja()));
        }
        if !fold(&self.body).is_empty() {
            parts.push(format!("団体：「{}」を含む", self.body.trim()));
        }
        for (name, value) in [("タスク", &self.task), ("システム", &self.system), ("工程", &self.phase)] {
            if let Some(v) = value {
                parts.push(format!("{name}：{}", if v.is_empty() { "（なし）" } else { v }));
            }
        }
        match self.extended {
            Some(true) => parts.push("特定移行支援システム".to_owned()),
            Some(false) => parts.push("特定移行支援システム以外".to_owned()),
            None => {}
        }
        if let Some(r) = self.rate_below {
            parts.push(format!("完了率 {} 未満", r.percent()));
        }
        if !self.warnings.is_empty() {
            let labels: Vec<&str> = self.warnings.iter().map(|w| w.label_ja()).collect();
            parts.push(format!("警告：{}", labels.join("、")));
        }
        if parts.is_empty() {
            "なし".to_owned()
        } else {
            parts.join(" ／ ")
        }
    }
}

/// The indices of the rows `query` keeps, in the order of `sort` (`None`: the files' order;
/// ties keep it too). Each distinct body is tested against the body filter once.
pub fn select<R: Judged>(rows: &[R], query: &Query, sort: Option<Sort<R::Field>>) -> Vec<usize> {
    let needle = fold(&query.body).into_owned();
    let mut body_matches: HashMap<(&str, &str), bool> = HashMap::default();
    let mut out = keep(rows.iter(), query, |_, r| {
        let (prefecture, organization) = r.body();
        needle.is_empty()
            || *body_matches
                .entry((prefecture.unwrap_or(""), organization))
                .or_insert_with(|| fold(&format!("{}{organization}", prefecture.unwrap_or(""))).contains(&needle))
    });
    if let Some(sort) = sort {
        order(&mut out, rows, sort);
    }
    out
}

/// The indices of `rows` whose body `body(i, row)` keeps and whose other fields `query` keeps.
fn keep<'r, R: Judged + 'r>(
    rows: impl Iterator<Item = &'r R>,
    query: &Query,
    mut body: impl FnMut(usize, &'r R) -> bool,
) -> Vec<usize> {
    rows.enumerate().filter(|(i, r)| query.keeps(&r.subject()) && body(*i, r)).map(|(i, _)| i).collect()
}

/// Sorts indices into `rows` by `sort` with [`compare`]; ties keep the files' order (stable).
fn order<R: Judged>(indices: &mut [usize], rows: &[R], sort: Sort<R::Field>) {
    indices.sort_by(|&a, &b| match (rows.get(a), rows.get(b)) {
        (Some(x), Some(y)) => compare(x, y, sort),
        _ => Ordering::Equal,
    });
}

/// The items' rows: each item with its verdict. `items` and `verdicts` are parallel; if they
/// disagree in length (which a caller should never allow) only the common prefix is kept.
pub fn judged<'a>(items: &'a [Item], verdicts: &'a [Verdict]) -> Vec<JudgedItem<'a>> {
    items.iter().zip(verdicts).map(|(item, verdict)| JudgedItem { item, verdict }).collect()
}

/// [`select`] for the items' table, with the keys of `keys` built once per load: the body
/// filter looks each item's body up by number, and the text columns sort by rank (the same
/// order as [`compare`]).
pub fn select_items(items: &[Item], verdicts: &[Verdict], keys: &SearchKeys, query: &Query) -> Vec<usize> {
    let rows = judged(items, verdicts);
    let needle = fold(&query.body);
    let by_body = (!needle.is_empty()).then(|| keys.get(items));
    // Each distinct body is tested once.
    let body_ok: Vec<bool> =
        by_body.as_ref().map(|k| k.bodies.iter().map(|b| b.contains(needle.as_ref())).collect()).unwrap_or_default();
    let mut out = keep(rows.iter(), query, |i, _| {
        by_body
            .as_ref()
            .is_none_or(|k| k.body_of.get(i).and_then(|&b| body_ok.get(b as usize)).copied().unwrap_or(false))
    });
    if let Some(sort) = query.sort {
        sort_keyed(&mut out, &rows, items, keys, sort);
    }
    out
}

/// [`order`] with the per-load ranks of `keys` for the text columns (same order).
fn sort_keyed(
    indices: &mut [usize],
    rows: &[JudgedItem<'_>],
    items: &[Item],
    keys: &SearchKeys,
    sort: Sort<ItemField>,
) {
    let d = sort.direction;
    let rank = |column: &[Option<u32>], a: usize, b: usize| {
        by_option(column.get(a).copied().flatten(), column.get(b).copied().flatten(), d)
    };
    match sort.column {
        ItemField::Organization => {
            let keys = keys.get(items);
            indices.sort_by(|&a, &b| by_option(keys.organization.get(a), keys.organization.get(b), d))
        }
        ItemField::Task => {
            let keys = keys.get(items);
            indices.sort_by(|&a, &b| rank(&keys.task, a, b))
        }
        ItemField::System => {
            let keys = keys.get(items);
            indices.sort_by(|&a, &b| rank(&keys.system, a, b))
        }
        ItemField::Phase => {
            let keys = keys.get(items);
            indices.sort_by(|&a, &b| rank(&keys.phase, a, b))
        }
        _ => order(indices, rows, sort),
    }
}

/// Empty values sort last in either direction (every kind of row alike).
fn by_option<T: Ord>(a: Option<T>, b: Option<T>, direction: Direction) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => direction.apply(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn nonempty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn date(item: &Item, slot: Slot) -> Option<NaiveDate> {
    item.date(slot).date()
}

/// The distinct values of one field, in order of first appearance (for the filter lists).
/// Items without the field give `""`.
pub fn distinct<'a>(items: &'a [Item], field: impl Fn(&'a Item) -> Option<&'a str>) -> Vec<String> {
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    for item in items {
        let v = field(item).unwrap_or("");
        if seen.insert(v) {
            out.push(v.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample, Input};
    use crate::classify::{classify, classify_all};
    use crate::limits::Limits;
    use crate::profile::Profile;

    struct Seed {
        items: Vec<Item>,
        verdicts: Vec<Verdict>,
        keys: SearchKeys,
    }

    fn seed() -> Seed {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let keys = SearchKeys::new(&a.items);
        Seed { items: a.items, verdicts: c.verdicts, keys }
    }

    fn select_seed(s: &Seed, q: &Query) -> Vec<usize> {
        select_items(&s.items, &s.verdicts, &s.keys, q)
    }

    fn orgs(s: &Seed, idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| s.items[i].organization.clone()).collect()
    }

    #[test]
    fn an_empty_query_keeps_every_item_in_file_order() {
        let s = seed();
        assert_eq!(select_seed(&s, &Query::default()), (0..28).collect::<Vec<_>>());
    }

    #[test]
    fn a_status_filter_keeps_only_that_status() {
        let s = seed();
        let q = Query { statuses: [Status::DeadlineExceeded].into(), ..Query::default() };
        assert_eq!(orgs(&s, &select_seed(&s, &q)), ["Ｅ町", "Ｈ村"]);
    }

    #[test]
    fn the_body_filter_ignores_full_and_half_width() {
        let s = seed();
        let half = Query { body: "b市".to_owned(), ..Query::default() };
        let full = Query { body: "Ｂ市".to_owned(), ..Query::default() };
        assert_eq!(select_seed(&s, &half).len(), 4);
        assert_eq!(select_seed(&s, &half), select_seed(&s, &full));
    }

    #[test]
    fn the_body_filter_also_matches_the_prefecture() {
        let s = seed();
        let q = Query { body: "a県".to_owned(), ..Query::default() };
        assert_eq!(select_seed(&s, &q).len(), 28);
    }

    #[test]
    fn the_priority_filter_keeps_high_priority_items() {
        let s = seed();
        let q = Query { priority: Some(Priority::High), ..Query::default() };
        assert!(select_seed(&s, &q).iter().all(|&i| s.verdicts[i].status == Status::DeadlineExceeded));
    }

    #[test]
    fn a_phase_filter_is_an_exact_match() {
        let s = seed();
        let q = Query { phase: Some("団体内連携テスト工程".to_owned()), ..Query::default() };
        assert_eq!(orgs(&s, &select_seed(&s, &q)), ["Ｂ市", "Ｃ市", "Ｄ市", "Ｅ町", "Ｆ町", "Ｇ町", "Ｈ村"]);
    }

    #[test]
    fn sorting_by_days_late_descending_puts_the_latest_first_and_blanks_last() {
        let s = seed();
        let q = Query {
            sort: Some(Sort { column: ItemField::DaysLate, direction: Direction::Descending }),
            ..Query::default()
        };
        let idx = select_seed(&s, &q);
        assert_eq!(orgs(&s, &idx[..3]), ["Ｈ村", "Ｅ町", "Ｂ市"]);
        assert!(s.verdicts[idx[27]].days_late.is_none());
    }

    #[test]
    fn sorting_by_status_ascending_puts_the_worst_first() {
        let s = seed();
        let q = Query {
            sort: Some(Sort { column: ItemField::Status, direction: Direction::Ascending }),
            ..Query::default()
        };
        let idx = select_seed(&s, &q);
        assert_eq!(s.verdicts[idx[0]].status, Status::DeadlineExceeded);
        assert_eq!(s.verdicts[idx[27]].status, Status::Done);
    }

    #[test]
    fn ties_keep_the_files_order() {
        let s = seed();
        let q = Query {
            sort: Some(Sort { column: ItemField::Task, direction: Direction::Descending }),
            ..Query::default()
        };
        assert_eq!(select_seed(&s, &q), (0..28).collect::<Vec<_>>());
    }

    #[test]
    fn an_unfiltered_unsorted_selection_builds_no_search_keys_and_a_body_filter_does() {
        let s = seed();
        let keys = SearchKeys::default();
        assert_eq!(select_items(&s.items, &s.verdicts, &keys, &Query::default()).len(), s.items.len());
        assert!(!keys.is_built());
        let q = Query { body: "ｂ市".to_owned(), ..Query::default() };
        assert_eq!(select_items(&s.items, &s.verdicts, &keys, &q).len(), 4);
        assert!(keys.is_built());
    }

    #[test]
    fn ranked_sorts_order_exactly_as_comparing_the_text_does() {
        let s = seed();
        for column in [ItemField::Organization, ItemField::Task, ItemField::System, ItemField::Phase] {
            for direction in [Direction::Ascending, Direction::Descending] {
                let sort = Sort { column, direction };
                let rows = judged(&s.items, &s.verdicts);
                let mut plain: Vec<usize> = (0..s.items.len()).rev().collect();
                order(&mut plain, &rows, sort);
                let q = Query { sort: Some(sort), ..Query::default() };
                let mut keyed: Vec<usize> = (0..s.items.len()).rev().collect();
                sort_keyed(&mut keyed, &rows, &s.items, &s.keys, sort);
                assert_eq!(keyed, plain, "{column:?} {direction:?}");
                assert_eq!(select_seed(&s, &q).len(), s.items.len());
            }
        }
    }

    #[test]
    fn activating_a_heading_twice_reverses_the_order() {
        let once = Sort::toggled(None, ItemField::Deadline);
        assert_eq!(once.direction, Direction::Ascending);
        assert_eq!(Sort::toggled(Some(once), ItemField::Deadline).direction, Direction::Descending);
        assert_eq!(Sort::toggled(Some(once), ItemField::Status).direction, Direction::Ascending);
    }

    #[test]
    fn the_conditions_are_described_in_japanese() {
        assert_eq!(Query::default().describe_ja(), "なし");
        let q = Query {
            statuses: [Status::Unreported].into(),
            body: "Ｂ市".to_owned(),
            phase: Some("設計工程".to_owned()),
            ..Query::default()
        };
        assert_eq!(q.describe_ja(), "状況：未報告 ／ 団体：「Ｂ市」を含む ／ 工程：設計工程");
    }

    #[test]
    fn distinct_values_keep_first_appearance_order() {
        let s = seed();
        let phases = distinct(&s.items, |i| i.phase.as_deref());
        assert_eq!(phases, ["設計工程", "製造・導入・適用工程", "テスト工程", "団体内連携テスト工程"]);
    }

    #[test]
    fn keys_built_for_other_items_are_never_applied_to_these() {
        let s = seed();
        // Keys built for the first item alone, then asked about all the items.
        let keys = SearchKeys::new(&s.items[..1]);
        let q = Query { body: "ｈ村".to_owned(), ..Query::default() };
        let found = select_items(&s.items, &s.verdicts, &keys, &q);
        assert!(!found.is_empty());
        assert!(found.iter().all(|&i| s.items[i].organization == "Ｈ村"));
    }

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
        let by = |column| Some(Sort { column, direction: Direction::Ascending });
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
        assert_eq!(
            select(&s, &q, q.system_sort).len(),
            20 + 2 + 1,
            "Ｄ村's 20, Ｃ町's 健康管理 and 児童手当, Ｂ市's 個人住民税"
        );
        let q = Query { task: Some("戸籍".into()), body: "ｄ村".into(), ..Query::default() };
        assert_eq!(select(&s, &q, q.system_sort).len(), 1);
        let q = Query { rate_below: Some(Rate::from_fraction(0.6)), ..Query::default() };
        assert_eq!(select(&s, &q, q.system_sort).len(), 20 + 2);
    }

    #[test]
    fn systems_sort_by_rate_with_the_lowest_first_and_blanks_last() {
        let s = soumu();
        let q = Query {
            system_sort: Some(Sort { column: RollupField::CompletionRate, direction: Direction::Ascending }),
            ..Query::default()
        };
        let order = select(&s, &q, q.system_sort);
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
                let q = Query { system_sort: Some(Sort { column, direction }), ..Query::default() };
                assert!(
                    blanks_come_last(s, &select(s, &q, q.system_sort), blank),
                    "{column:?} {direction:?}: a blank before a value"
                );
            }
        }
    }

    #[test]
    fn systems_sorted_descending_by_rate_put_the_highest_first() {
        let s = soumu();
        let q = Query {
            system_sort: Some(Sort { column: RollupField::CompletionRate, direction: Direction::Descending }),
            ..Query::default()
        };
        let order = select(&s, &q, q.system_sort);
        let rates: Vec<_> = order.iter().filter_map(|&i| s[i].completion_rate).collect();
        assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    }

    /// Whether every row whose key in `field` is blank comes after every other, in `order`.
    fn blanks_last<R: Judged>(rows: &[R], order: &[usize], field: R::Field) -> bool {
        let blanks: Vec<bool> = order.iter().map(|&i| rows[i].key(field).is_none()).collect();
        blanks.windows(2).all(|w| !w[0] || w[1])
    }

    #[test]
    fn items_keep_blanks_last_in_both_directions_for_every_sortable_column() {
        let s = seed();
        let rows = judged(&s.items, &s.verdicts);
        let fields = [ItemField::Organization, ItemField::Task, ItemField::System, ItemField::Phase]
            .into_iter()
            .chain(Slot::ALL.map(ItemField::Date))
            .chain([ItemField::Deadline, ItemField::Status, ItemField::DaysLate, ItemField::Source]);
        for column in fields {
            assert!(JudgedItem::sorts_by(column), "{column:?}");
            for direction in [Direction::Ascending, Direction::Descending] {
                let q = Query { sort: Some(Sort { column, direction }), ..Query::default() };
                let order = select_items(&s.items, &s.verdicts, &s.keys, &q);
                assert_eq!(order.len(), rows.len());
                assert!(blanks_last(&rows, &order, column), "{column:?} {direction:?}: a blank before a value");
            }
        }
    }

    #[test]
    fn the_generic_selection_over_items_agrees_with_the_keyed_one() {
        // The generic selection over the items' rows gives what the items' keyed one gives.
        let s = seed();
        let rows = judged(&s.items, &s.verdicts);
        let q = Query {
            body: "ｂ市".to_owned(),
            sort: Some(Sort { column: ItemField::DaysLate, direction: Direction::Descending }),
            ..Query::default()
        };
        assert_eq!(select(&rows, &q, q.sort), select_items(&s.items, &s.verdicts, &s.keys, &q));
    }
}
