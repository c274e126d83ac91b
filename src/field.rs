//! The fields of the item and roll-up rows: what a column of a list shows ([`crate::column`])
//! and what the tables sort by ([`crate::query`]). They live apart from both so that neither
//! the columns nor the queries import the other's module through the rows (`column` → `report`
//! → `query` → `field`, no cycle).

use crate::item::Slot;

/// The values of an item row ([`crate::report::ItemRow`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemField {
    Prefecture,
    Organization,
    OwnOffice,
    Code,
    Task,
    TaskName,
    System,
    Phase,
    /// One of the four dates (SPEC §3).
    Date(Slot),
    Deadline,
    Status,
    /// The status's key (`plan_overrun`), for the terminal.
    StatusKey,
    Priority,
    DaysLate,
    Warnings,
    RecommendedAction,
    File,
    Sheet,
    Row,
    /// Sheet and row together.
    Source,
}

/// The values of a roll-up row ([`crate::report::RollupRow`]): an (organization, task, system) or a
/// standardisation system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RollupField {
    Prefecture,
    Organization,
    OwnOffice,
    Code,
    Task,
    System,
    CompletionRate,
    CurrentStep,
    /// The current step's code (else its first twelve characters), for the terminal.
    CurrentStepShort,
    Deadline,
    /// 該当 for a designated (特定移行支援) system.
    Extended,
    /// 特定移行支援 for a designated system, for the terminal.
    ExtendedMark,
    DaysLate,
    Status,
    StatusKey,
    Priority,
    Warnings,
    RecommendedAction,
    File,
    Sheet,
    Row,
    Source,
    /// The day it reaches 100 % at its recent pace (SPEC §11), where a history gives one.
    ProjectedCompletion,
}
