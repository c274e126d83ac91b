//! Items: what one body reported for one task, system and phase (SPEC §3).

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use serde::Serialize;

use crate::date::DateCell;

/// The four date slots of an item, in the order the action plan lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    PlannedStart,
    PlannedEnd,
    ActualStart,
    ActualEnd,
}

impl Slot {
    pub const ALL: [Slot; 4] = [Slot::PlannedStart, Slot::PlannedEnd, Slot::ActualStart, Slot::ActualEnd];

    /// The JSON key of the slot (SPEC §8).
    pub(crate) const fn key(self) -> &'static str {
        match self {
            Slot::PlannedStart => "planned_start",
            Slot::PlannedEnd => "planned_end",
            Slot::ActualStart => "actual_start",
            Slot::ActualEnd => "actual_end",
        }
    }

    /// The Japanese column heading.
    pub(crate) const fn label_ja(self) -> &'static str {
        match self {
            Slot::PlannedStart => "予定開始日",
            Slot::PlannedEnd => "予定終了日",
            Slot::ActualStart => "実績開始日",
            Slot::ActualEnd => "実績終了日",
        }
    }
}

/// One value per date slot (an item's dates, the columns of a layout's date group): a field
/// per slot, so a slot always has its value and no index can be out of range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerSlot<T> {
    pub planned_start: T,
    pub planned_end: T,
    pub actual_start: T,
    pub actual_end: T,
}

impl<T> PerSlot<T> {
    /// The values in [`Slot::ALL`] order.
    pub const fn new(planned_start: T, planned_end: T, actual_start: T, actual_end: T) -> PerSlot<T> {
        PerSlot { planned_start, planned_end, actual_start, actual_end }
    }

    /// Each slot's value, made by `f`.
    pub fn from_fn(mut f: impl FnMut(Slot) -> T) -> PerSlot<T> {
        PerSlot::new(f(Slot::PlannedStart), f(Slot::PlannedEnd), f(Slot::ActualStart), f(Slot::ActualEnd))
    }

    /// The values in [`Slot::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        [&self.planned_start, &self.planned_end, &self.actual_start, &self.actual_end].into_iter()
    }

    /// The values in [`Slot::ALL`] order, to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        [&mut self.planned_start, &mut self.planned_end, &mut self.actual_start, &mut self.actual_end].into_iter()
    }

    /// Each value through `f`.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerSlot<U> {
        PerSlot::new(f(self.planned_start), f(self.planned_end), f(self.actual_start), f(self.actual_end))
    }
}

impl<T> From<[T; 4]> for PerSlot<T> {
    /// The values in [`Slot::ALL`] order.
    fn from([planned_start, planned_end, actual_start, actual_end]: [T; 4]) -> PerSlot<T> {
        PerSlot::new(planned_start, planned_end, actual_start, actual_end)
    }
}

impl<T> std::ops::Index<Slot> for PerSlot<T> {
    type Output = T;

    fn index(&self, slot: Slot) -> &T {
        match slot {
            Slot::PlannedStart => &self.planned_start,
            Slot::PlannedEnd => &self.planned_end,
            Slot::ActualStart => &self.actual_start,
            Slot::ActualEnd => &self.actual_end,
        }
    }
}

impl<T> std::ops::IndexMut<Slot> for PerSlot<T> {
    fn index_mut(&mut self, slot: Slot) -> &mut T {
        match slot {
            Slot::PlannedStart => &mut self.planned_start,
            Slot::PlannedEnd => &mut self.planned_end,
            Slot::ActualStart => &mut self.actual_start,
            Slot::ActualEnd => &mut self.actual_end,
        }
    }
}

/// Where an item came from, so that a user can find it in Excel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: String,
    pub sheet: String,
    /// 1-based, as Excel shows it.
    pub row: u32,
    /// The 0-based column of each date slot's cell, where the layout has that slot.
    #[serde(skip)]
    pub columns: PerSlot<Option<u32>>,
}

impl Source {
    /// The A1 reference of a date slot's cell, e.g. `P7`.
    pub fn cell(&self, slot: Slot) -> Option<String> {
        self.columns[slot].map(|c| a1(self.row.saturating_sub(1), c))
    }
}

/// What resolving a body through the register (SPEC §10) noted about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyNote {
    /// The code names another body than the name: the code won.
    CodeNameMismatch,
    /// A code the register lacks: the name decided.
    UnknownCode,
    /// A municipal name under a real prefecture that the register lacks: kept as written.
    NotInRegister,
    /// A name several municipalities share, with nothing in the row or sheet to tell which:
    /// kept as written.
    AmbiguousName,
    /// A body, prefecture or code cell far longer than any name: cut to its first 256
    /// characters (the register's `MAX_BODY_CHARS`) and not resolved.
    CellCut,
}

impl BodyNote {
    /// Every note, in declaration order (the wire form numbers them by this).
    pub const ALL: [BodyNote; 5] = [
        BodyNote::CodeNameMismatch,
        BodyNote::UnknownCode,
        BodyNote::NotInRegister,
        BodyNote::AmbiguousName,
        BodyNote::CellCut,
    ];
}

/// One (organization, task, system?, phase?) with its four optional dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub prefecture: Option<String>,
    /// The body: the register's name where it resolved (SPEC §10), else as written.
    pub organization: String,
    /// 団体コード: the register's 6-digit code where the body resolved, else as written.
    pub code: Option<String>,
    /// The body as the file wrote it, where that differs from `organization`.
    pub organization_as_written: Option<String>,
    /// What resolution noted, if anything.
    pub body_note: Option<BodyNote>,
    /// Task ID such as `F-3`.
    pub task_id: Option<String>,
    /// Task name such as `既存業務システムの改修…`.
    pub task_name: Option<String>,
    pub system: Option<String>,
    pub phase: Option<String>,
    /// PS, PE, AS, AE.
    pub dates: PerSlot<DateCell>,
    /// Marked 対象外 / 該当なし.
    pub not_applicable: bool,
    pub source: Source,
}

impl Item {
    pub fn date(&self, slot: Slot) -> &DateCell {
        &self.dates[slot]
    }

    /// The task as shown: its ID if there is one, else its name, else empty.
    pub fn task(&self) -> &str {
        self.task_id.as_deref().or(self.task_name.as_deref()).unwrap_or("")
    }
}

/// Converts a 0-based column to Excel's letters (0 → A, 26 → AA).
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The A1 reference of a 0-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(a1(6, 2), "C7");
    }
}
