//! Systems of the standardisation programme (SPEC §9): what a step table, a completion-rate
//! table or a 特定移行支援 list reports about one (body, 業務).
//!
//! A *system* is one body's system for one 業務. Step tables report a status word (and, in
//! the long shape, planned and actual dates) for each step of the procedure; rate tables report
//! its completion rate; lists designate it 特定移行支援システム. The readers in
//! [`crate::layout::standardisation`] fill a [`Systems`]; the classifier
//! ([`crate::classify::systems`]) joins reports of the same system and judges it.
//!
//! Steps are stored compactly — a status word is an index into its table's distinct words — so
//! the national step table (34,820 systems × 40 steps) costs a few megabytes, not a gigabyte of
//! per-step items. Each step is still shown as an item where a user asks for it.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use crate::date::DateCell;
use crate::item::{BodyNote, Source};

/// A status word of a step table: its place among the table's distinct words
/// ([`StepTable::words`]). A blank status is no word (`Option<WordId>`, as small as a `u32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordId(std::num::NonZeroU32);

impl WordId {
    /// The word at `index` of its table's words (`None` past `u32`).
    pub fn at(index: usize) -> Option<WordId> {
        u32::try_from(index).ok()?.checked_add(1).and_then(std::num::NonZeroU32::new).map(WordId)
    }

    /// Its index in its table's words.
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }

    /// Its compact form (0 for a blank), for the wire.
    pub fn to_raw(word: Option<WordId>) -> u32 {
        word.map_or(0, |w| w.0.get())
    }

    /// From its compact form (0 for a blank).
    pub fn from_raw(raw: u32) -> Option<WordId> {
        std::num::NonZeroU32::new(raw).map(WordId)
    }
}

/// The steps of one step table as it heads them, and the distinct words in its status cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepTable {
    pub file: String,
    pub sheet: String,
    /// Each step as headed in the file (`⑨-2 RFP資料に関する…`), in column (or first-seen) order.
    pub steps: Vec<String>,
    /// The 0-based column of each step's status, in the wide shape.
    pub columns: Vec<Option<u32>>,
    /// Distinct status texts as written ([`WordId`]).
    pub words: Vec<String>,
}

/// Planned and actual dates of one step (the long shape only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepDates {
    pub planned_start: DateCell,
    pub planned_end: DateCell,
    pub actual_end: DateCell,
}

/// A completion rate as the cell gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateCell {
    /// Blank or an empty marker: nothing reported.
    Blank,
    /// A fraction 0–1, in millionths (0.65 is 650,000).
    Rate(u32),
    /// Text or a number that is no rate (`abc`, `120%`), kept as written.
    Invalid(String),
}

/// The steps of one system as a step table reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepReport {
    /// Index into [`Systems::tables`].
    pub table: usize,
    /// Per step of the table: its status word, `None` for a blank.
    pub statuses: Vec<Option<WordId>>,
    /// Per step, where the table has dates.
    pub dates: Option<Vec<StepDates>>,
    /// Per step, the 1-based row it came from (the long shape; 0 where the step has no row).
    pub rows: Option<Vec<u32>>,
}

impl RateCell {
    /// The cell for a fraction 0–1.
    pub fn from_fraction(x: f64) -> RateCell {
        RateCell::Rate((x.clamp(0.0, 1.0) * 1_000_000.0).round() as u32)
    }

    /// The fraction, where the cell holds a rate.
    pub(crate) fn fraction(&self) -> Option<f64> {
        match self {
            RateCell::Rate(m) => Some(f64::from(*m) / 1_000_000.0),
            _ => None,
        }
    }
}

/// What one report says about a system's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Steps(StepReport),
    Rate(RateCell),
}

/// One (body, 業務) as one row (or, in the long shape, one run of rows) reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemReport {
    pub prefecture: Option<String>,
    /// The body as written; the prefecture's name where the body cell is `-` or blank.
    pub organization: String,
    /// 団体コード, where the table has one (the register's, where the body resolved).
    pub code: Option<String>,
    /// The body as the file wrote it, where resolution (SPEC §10) named it otherwise.
    pub organization_as_written: Option<String>,
    pub body_note: Option<BodyNote>,
    /// The 業務 as written.
    pub task: String,
    pub progress: Progress,
    /// Marked 特定移行支援システム in a column of the table itself.
    pub designated: bool,
    /// The (first) row it came from; `columns` are unused.
    pub source: Source,
}

/// A (body, 業務) that a 特定移行支援 list designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Designation {
    pub prefecture: Option<String>,
    pub organization: String,
    pub code: Option<String>,
    pub organization_as_written: Option<String>,
    pub body_note: Option<BodyNote>,
    /// The 業務 as written.
    pub task: String,
    pub source: Source,
}

/// Everything the standardisation readers found in a set of files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Systems {
    pub tables: Vec<StepTable>,
    pub reports: Vec<SystemReport>,
    pub designations: Vec<Designation>,
}

impl Systems {
    pub(crate) fn is_empty(&self) -> bool {
        self.reports.is_empty() && self.designations.is_empty()
    }

    /// Appends another file's systems, renumbering its tables.
    pub fn extend(&mut self, other: Systems) {
        let offset = self.tables.len();
        self.tables.extend(other.tables);
        self.reports.extend(other.reports.into_iter().map(|mut r| {
            if let Progress::Steps(s) = &mut r.progress {
                s.table += offset;
            }
            r
        }));
        self.designations.extend(other.designations);
    }

    /// The status text of step `k` of a step report, as written ("" when blank).
    pub fn word(&self, steps: &StepReport, k: usize) -> &str {
        let Some(&Some(word)) = steps.statuses.get(k) else { return "" };
        self.tables.get(steps.table).and_then(|t| t.words.get(word.index())).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_word_is_as_small_as_a_u32_and_a_blank_is_none() {
        assert_eq!(std::mem::size_of::<Option<WordId>>(), 4);
        let first = WordId::at(0).unwrap();
        assert_eq!(first.index(), 0);
        assert_eq!(WordId::from_raw(WordId::to_raw(Some(first))), Some(first));
        assert_eq!(WordId::from_raw(0), None);
        assert_eq!(WordId::to_raw(None), 0);
    }

    #[test]
    fn a_steps_word_is_its_tables_word_and_a_blank_is_empty() {
        let table = StepTable { words: vec!["完了済み".into(), "未着手".into()], ..StepTable::default() };
        let steps = StepReport { table: 0, statuses: vec![WordId::at(1), None], ..StepReport::default() };
        let systems = Systems { tables: vec![table], ..Systems::default() };
        assert_eq!(systems.word(&steps, 0), "未着手");
        assert_eq!(systems.word(&steps, 1), "");
        assert_eq!(systems.word(&steps, 9), "");
    }
}
