//! The columns of every list the report is shown as: one [`Column`] description each — stable
//! key (SPEC §8's field name), Japanese heading, [`Kind`], width in the .xlsx report — and one
//! typed [`Cell`] per (row, field), rendered to text only by the output that shows it.
//!
//! CSV/TSV, the terminal table, the .xlsx report and the page's tables, row detail and print view
//! take their headings from the lists here ([`ITEMS`], [`SYSTEMS`], …) and their cells from
//! [`Row::cell`]; a list is the columns in their order, so adding a column never moves another.
//! A row keeps dates as dates, days as integers and statuses as [`Status`] until
//! [`Cell::text`] (or the .xlsx writer, which formats by [`Kind`]) renders them.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classify::systems::Rate;
use crate::classify::{Status, Warning};
use crate::compare::{Change, Side, SystemChange, SystemSide};
pub use crate::field::{ItemField, RollupField};
use crate::history::SystemHistory;
use crate::item::Slot;
use crate::report::{ItemRow, RollupRow};

/// What a column holds, which decides how an output formats it (the .xlsx report: status
/// cells coloured, numbers as numbers; the page: date and number classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// Integers (days late, row numbers, days moved).
    Number,
    /// A completion rate, shown as a percentage (`75%`).
    Rate,
    Status,
}

/// One column of a list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column<F> {
    /// A stable key (SPEC §8's field name where it has one): the page's `data-sort` hooks.
    pub key: &'static str,
    pub heading: &'static str,
    /// Which value of the row the column shows.
    pub field: F,
    pub kind: Kind,
    /// Width in characters in the .xlsx report; `None` keeps the sheet's default.
    pub width: Option<f64>,
}

const fn column<F>(key: &'static str, heading: &'static str, field: F, kind: Kind) -> Column<F> {
    Column { key, heading, field, kind, width: None }
}

impl<F: Copy> Column<F> {
    /// The same column with this heading (a shorter one for the screen).
    const fn headed(self, heading: &'static str) -> Column<F> {
        Column { heading, ..self }
    }

    /// The same column `width` characters wide in the .xlsx report.
    const fn wide(self, width: f64) -> Column<F> {
        Column { width: Some(width), ..self }
    }
}

/// One value of a row, typed until an output renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Date(NaiveDate),
    /// A date cell that could not be read, as written.
    Unread(Cow<'a, str>),
    /// A date cell marked 対象外.
    NotApplicable,
    Int(i64),
    Rate(Rate),
    Status(Status),
    Warnings(Cow<'a, [Warning]>),
    /// Where a row came from, for the tables that show sheet and row together.
    Source {
        sheet: Cow<'a, str>,
        row: u32,
    },
}

/// How an output writes cells as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// CSV/TSV, the .xlsx report and the page: blanks stay blank, warnings in Japanese.
    Sheet,
    /// The terminal table: `-` for a blank, `?` before an unreadable date, warnings by key.
    Terminal,
}

impl Cell<'_> {
    /// The cell as text in an output of `style`.
    pub(crate) fn text(&self, style: Style) -> Cow<'_, str> {
        let terminal = style == Style::Terminal;
        match self {
            Cell::Empty if terminal => Cow::Borrowed("-"),
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cell::Unread(raw) if terminal => Cow::Owned(format!("?{raw}")),
            Cell::Unread(raw) => Cow::Borrowed(raw),
            Cell::NotApplicable => Cow::Borrowed("対象外"),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Rate(r) => Cow::Owned(r.percent()),
            Cell::Status(s) => Cow::Borrowed(s.label_ja()),
            Cell::Warnings(w) if terminal => Cow::Owned(w.iter().map(|w| w.key()).collect::<Vec<_>>().join(",")),
            Cell::Warnings(w) => Cow::Owned(w.iter().map(|w| w.label_ja()).collect::<Vec<_>>().join("、")),
            Cell::Source { sheet, row } if terminal => Cow::Owned(format!("{sheet}!{row}")),
            Cell::Source { sheet, row } => Cow::Owned(format!("{sheet} {row}行")),
        }
    }

    /// The same cell owning its text (to leave the row it was read from).
    pub fn into_owned(self) -> Cell<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(t) => Cell::Text(own(t)),
            Cell::Date(d) => Cell::Date(d),
            Cell::Unread(raw) => Cell::Unread(own(raw)),
            Cell::NotApplicable => Cell::NotApplicable,
            Cell::Int(n) => Cell::Int(n),
            Cell::Rate(r) => Cell::Rate(r),
            Cell::Status(s) => Cell::Status(s),
            Cell::Warnings(w) => Cell::Warnings(Cow::Owned(w.into_owned())),
            Cell::Source { sheet, row } => Cell::Source { sheet: own(sheet), row },
        }
    }
}

fn text(s: Option<&str>) -> Cell<'_> {
    s.map_or(Cell::Empty, |s| Cell::Text(Cow::Borrowed(s)))
}

fn flag(on: bool, word: &'static str) -> Cell<'static> {
    if on {
        Cell::Text(Cow::Borrowed(word))
    } else {
        Cell::Empty
    }
}

fn date(d: Option<NaiveDate>) -> Cell<'static> {
    d.map_or(Cell::Empty, Cell::Date)
}

fn int(n: Option<i64>) -> Cell<'static> {
    n.map_or(Cell::Empty, Cell::Int)
}

fn key(s: Option<Status>) -> Cell<'static> {
    s.map_or(Cell::Empty, |s| Cell::Text(Cow::Borrowed(s.key())))
}

fn priority(s: Status) -> Cell<'static> {
    s.priority().map_or(Cell::Empty, |p| Cell::Text(Cow::Borrowed(p.label_ja())))
}

/// A row of some list: its value for each field.
pub trait Row {
    type Field: Copy;
    fn cell(&self, field: Self::Field) -> Cell<'_>;
}

/// A row with one list per output — CSV/TSV, the terminal, the page — as items and changes
/// of either programme have, so that one export function serves them all.
pub trait Listed: Row + 'static {
    /// CSV/TSV, copied text, the .xlsx report.
    const SHEET_COLUMNS: &'static [Column<Self::Field>];
    /// The terminal table.
    const TERMINAL_COLUMNS: &'static [Column<Self::Field>];
}

impl Listed for Change {
    const SHEET_COLUMNS: &'static [Column<ChangeField>] = &CHANGES;
    const TERMINAL_COLUMNS: &'static [Column<ChangeField>] = &CHANGES_TERMINAL;
}

impl Listed for SystemChange {
    const SHEET_COLUMNS: &'static [Column<SystemChangeField>] = &SYSTEM_CHANGES;
    const TERMINAL_COLUMNS: &'static [Column<SystemChangeField>] = &SYSTEM_CHANGES_TERMINAL;
}

/// The headings of `columns`, in order.
pub(crate) fn headings<F>(columns: &[Column<F>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.heading).collect()
}

/// A row's cells under `columns`, in order.
pub fn cells<'r, R: Row>(row: &'r R, columns: &[Column<R::Field>]) -> Vec<Cell<'r>> {
    columns.iter().map(|c| row.cell(c.field)).collect()
}

/// A row's cells under `columns` as text in an output of `style`.
pub(crate) fn texts<R: Row>(row: &R, columns: &[Column<R::Field>], style: Style) -> Vec<String> {
    columns.iter().map(|c| row.cell(c.field).text(style).into_owned()).collect()
}

/// Headings more than one kind of row shares.
mod heading {
    pub(crate) const PREFECTURE: &str = "都道府県";
    pub(crate) const ORGANIZATION: &str = "団体名";
    pub(crate) const BODY: &str = "団体";
    pub(crate) const OWN_OFFICE: &str = "自庁内";
    pub(crate) const CODE: &str = "団体コード";
    pub(crate) const TASK: &str = "タスク";
    pub(crate) const GYOMU: &str = "業務";
    pub(crate) const SYSTEM: &str = "システム";
    pub(crate) const PHASE: &str = "工程";
    pub(crate) const DEADLINE: &str = "期日";
    pub(crate) const STATUS: &str = "状況";
    pub(crate) const PRIORITY: &str = "優先度";
    pub(crate) const DAYS_LATE: &str = "遅延日数";
    pub(crate) const WARNINGS: &str = "警告";
    pub(crate) const ACTION: &str = "推奨対応";
    pub(crate) const FILE: &str = "ファイル";
    pub(crate) const SHEET: &str = "シート";
    pub(crate) const ROW: &str = "行";
    pub(crate) const SOURCE: &str = "出典";
    pub(crate) const RATE: &str = "完了率";
    pub(crate) const CURRENT_STEP: &str = "現在のステップ";
    pub(crate) const EXTENDED: &str = "特定移行支援";
}

impl Row for ItemRow<'_> {
    type Field = ItemField;

    fn cell(&self, field: ItemField) -> Cell<'_> {
        let dated = |slot: Slot| {
            let value = match slot {
                Slot::PlannedStart => self.planned_start,
                Slot::PlannedEnd => self.planned_end,
                Slot::ActualStart => self.actual_start,
                Slot::ActualEnd => self.actual_end,
            };
            match (value, self.invalid_dates.get(slot.key())) {
                (Some(d), _) => Cell::Date(d),
                (None, Some(raw)) => Cell::Unread(Cow::Borrowed(raw)),
                (None, None) if self.not_applicable_dates.contains(slot.key()) => Cell::NotApplicable,
                (None, None) => Cell::Empty,
            }
        };
        match field {
            ItemField::Prefecture => text(self.prefecture),
            ItemField::Organization => Cell::Text(Cow::Borrowed(self.organization)),
            ItemField::OwnOffice => flag(self.own_office, "自庁内"),
            ItemField::Code => text(self.code),
            ItemField::Task => text(self.task),
            ItemField::TaskName => text(self.task_name),
            ItemField::System => text(self.system),
            ItemField::Phase => text(self.phase),
            ItemField::Date(slot) => dated(slot),
            ItemField::Deadline => Cell::Date(self.deadline),
            ItemField::Status => Cell::Status(self.status),
            ItemField::StatusKey => key(Some(self.status)),
            ItemField::Priority => priority(self.status),
            ItemField::DaysLate => int(self.days_late),
            ItemField::Warnings => Cell::Warnings(Cow::Borrowed(&self.warnings)),
            ItemField::RecommendedAction => Cell::Text(Cow::Borrowed(&self.recommended_action)),
            ItemField::File => Cell::Text(Cow::Borrowed(self.source.file)),
            ItemField::Sheet => Cell::Text(Cow::Borrowed(self.source.sheet)),
            ItemField::Row => Cell::Int(i64::from(self.source.row)),
            ItemField::Source => Cell::Source { sheet: Cow::Borrowed(self.source.sheet), row: self.source.row },
        }
    }
}

mod item {
    use super::heading as h;
    use super::{column, Column, ItemField as F, Kind};
    use crate::item::Slot;

    pub(crate) const PREFECTURE: Column<F> = column("prefecture", h::PREFECTURE, F::Prefecture, Kind::Text);
    pub(crate) const ORGANIZATION: Column<F> =
        column("organization", h::ORGANIZATION, F::Organization, Kind::Text).wide(18.0);
    pub(crate) const OWN_OFFICE: Column<F> = column("own_office", h::OWN_OFFICE, F::OwnOffice, Kind::Text);
    pub(crate) const CODE: Column<F> = column("code", h::CODE, F::Code, Kind::Text);
    pub(crate) const TASK: Column<F> = column("task", h::TASK, F::Task, Kind::Text);
    pub(crate) const TASK_NAME: Column<F> = column("task_name", "タスク名", F::TaskName, Kind::Text);
    pub(crate) const SYSTEM: Column<F> = column("system", h::SYSTEM, F::System, Kind::Text).wide(18.0);
    pub(crate) const PHASE: Column<F> = column("phase", h::PHASE, F::Phase, Kind::Text).wide(20.0);
    const fn date(slot: Slot) -> Column<F> {
        column(slot.key(), slot.label_ja(), F::Date(slot), Kind::Date)
    }
    pub(crate) const PLANNED_START: Column<F> = date(Slot::PlannedStart);
    pub(crate) const PLANNED_END: Column<F> = date(Slot::PlannedEnd);
    pub(crate) const ACTUAL_START: Column<F> = date(Slot::ActualStart);
    pub(crate) const ACTUAL_END: Column<F> = date(Slot::ActualEnd);
    pub(crate) const DEADLINE: Column<F> = column("deadline", h::DEADLINE, F::Deadline, Kind::Date);
    pub(crate) const STATUS: Column<F> = column("status", h::STATUS, F::Status, Kind::Status).wide(18.0);
    pub const STATUS_KEY: Column<F> = column("status_key", "status", F::StatusKey, Kind::Text);
    pub(crate) const PRIORITY: Column<F> = column("priority", h::PRIORITY, F::Priority, Kind::Text);
    pub(crate) const DAYS_LATE: Column<F> = column("days_late", h::DAYS_LATE, F::DaysLate, Kind::Number);
    pub(crate) const WARNINGS: Column<F> = column("warnings", h::WARNINGS, F::Warnings, Kind::Text).wide(24.0);
    pub(crate) const ACTION: Column<F> =
        column("recommended_action", h::ACTION, F::RecommendedAction, Kind::Text).wide(40.0);
    pub(crate) const FILE: Column<F> = column("file", h::FILE, F::File, Kind::Text);
    pub(crate) const SHEET: Column<F> = column("sheet", h::SHEET, F::Sheet, Kind::Text);
    pub(crate) const ROW: Column<F> = column("row", h::ROW, F::Row, Kind::Number);
    pub(crate) const SOURCE: Column<F> = column("source", h::SOURCE, F::Source, Kind::Text);
}

/// The item list in CSV/TSV, copied text, the row detail and the .xlsx report's 一覧.
pub(crate) const ITEMS: [Column<ItemField>; 21] = [
    item::PREFECTURE,
    item::ORGANIZATION,
    item::OWN_OFFICE,
    item::CODE,
    item::TASK,
    item::TASK_NAME,
    item::SYSTEM,
    item::PHASE,
    item::PLANNED_START,
    item::PLANNED_END,
    item::ACTUAL_START,
    item::ACTUAL_END,
    item::DEADLINE,
    item::STATUS,
    item::PRIORITY,
    item::DAYS_LATE,
    item::WARNINGS,
    item::ACTION,
    item::FILE,
    item::SHEET,
    item::ROW,
];

/// The item list in the terminal.
pub const ITEMS_TERMINAL: [Column<ItemField>; 12] = [
    item::ORGANIZATION.headed(heading::BODY),
    item::TASK,
    item::SYSTEM,
    item::PHASE,
    item::PLANNED_END,
    item::ACTUAL_END,
    item::DEADLINE,
    item::STATUS_KEY,
    item::STATUS,
    item::DAYS_LATE,
    item::WARNINGS,
    item::SOURCE.headed(heading::ROW),
];

/// The page's results table.
pub const ITEMS_PAGE: [Column<ItemField>; 15] = [
    item::ORGANIZATION.headed(heading::BODY),
    item::TASK,
    item::SYSTEM,
    item::PHASE,
    item::PLANNED_START,
    item::PLANNED_END,
    item::ACTUAL_START,
    item::ACTUAL_END,
    item::DEADLINE,
    item::STATUS,
    item::PRIORITY,
    item::DAYS_LATE,
    item::WARNINGS,
    item::ACTION,
    item::SOURCE,
];

/// The page's print view of the items.
pub const ITEMS_PRINT: [Column<ItemField>; 12] = [
    item::ORGANIZATION.headed(heading::BODY),
    item::TASK,
    item::SYSTEM,
    item::PHASE,
    item::PLANNED_START,
    item::PLANNED_END,
    item::ACTUAL_START,
    item::ACTUAL_END,
    item::DEADLINE,
    item::STATUS,
    item::DAYS_LATE,
    item::ACTION,
];

impl Row for RollupRow<'_> {
    type Field = RollupField;

    fn cell(&self, field: RollupField) -> Cell<'_> {
        let source = self.source.as_ref();
        match field {
            RollupField::Prefecture => text(self.prefecture),
            RollupField::Organization => Cell::Text(Cow::Borrowed(self.organization)),
            RollupField::OwnOffice => flag(self.own_office, "自庁内"),
            RollupField::Code => text(self.code),
            RollupField::Task => Cell::Text(Cow::Borrowed(self.task)),
            RollupField::System => text(self.system),
            RollupField::CompletionRate => self.completion_rate.map_or(Cell::Empty, Cell::Rate),
            RollupField::CurrentStep => text(self.current_step),
            RollupField::CurrentStepShort => text(self.current_step.map(short_step)),
            RollupField::Deadline => Cell::Date(self.deadline),
            RollupField::Extended => flag(self.extended, "該当"),
            RollupField::ExtendedMark => flag(self.extended, "特定移行支援"),
            RollupField::DaysLate => int(self.days_late),
            RollupField::Status => Cell::Status(self.status),
            RollupField::StatusKey => key(Some(self.status)),
            RollupField::Priority => priority(self.status),
            RollupField::Warnings => Cell::Warnings(Cow::Borrowed(self.warnings)),
            RollupField::RecommendedAction => Cell::Text(Cow::Borrowed(&self.recommended_action)),
            RollupField::File => text(source.map(|s| s.file)),
            RollupField::Sheet => text(source.map(|s| s.sheet)),
            RollupField::Row => int(source.map(|s| i64::from(s.row))),
            RollupField::Source => {
                source.map_or(Cell::Empty, |s| Cell::Source { sheet: Cow::Borrowed(s.sheet), row: s.row })
            }
            RollupField::ProjectedCompletion => date(self.projected_completion),
        }
    }
}

/// A step heading shortened for the terminal: its code, else its first twelve characters.
pub(crate) fn short_step(heading: &str) -> &str {
    let folded = crate::text::fold(heading);
    if crate::profile::step_code_len(&folded).is_some() {
        if let Some((code, _)) = heading.split_once([' ', '　']) {
            return code;
        }
    }
    heading.char_indices().nth(12).map_or(heading, |(i, _)| heading.get(..i).unwrap_or(heading))
}

mod rollup {
    use super::heading as h;
    use super::{column, Column, Kind, RollupField as F};

    pub(crate) const PREFECTURE: Column<F> = column("prefecture", h::PREFECTURE, F::Prefecture, Kind::Text);
    pub(crate) const ORGANIZATION: Column<F> =
        column("organization", h::ORGANIZATION, F::Organization, Kind::Text).wide(18.0);
    pub(crate) const OWN_OFFICE: Column<F> = column("own_office", h::OWN_OFFICE, F::OwnOffice, Kind::Text);
    pub(crate) const CODE: Column<F> = column("code", h::CODE, F::Code, Kind::Text);
    pub(crate) const TASK: Column<F> = column("task", h::TASK, F::Task, Kind::Text);
    pub(crate) const GYOMU: Column<F> = TASK.headed(h::GYOMU).wide(16.0);
    pub(crate) const SYSTEM: Column<F> = column("system", h::SYSTEM, F::System, Kind::Text).wide(18.0);
    pub(crate) const RATE: Column<F> = column("completion_rate", h::RATE, F::CompletionRate, Kind::Rate);
    pub(crate) const CURRENT_STEP: Column<F> =
        column("current_step", h::CURRENT_STEP, F::CurrentStep, Kind::Text).wide(36.0);
    pub const CURRENT_STEP_SHORT: Column<F> =
        column("current_step_short", h::CURRENT_STEP, F::CurrentStepShort, Kind::Text);
    pub(crate) const DEADLINE: Column<F> = column("deadline", h::DEADLINE, F::Deadline, Kind::Date);
    pub(crate) const EXTENDED: Column<F> = column("extended", h::EXTENDED, F::Extended, Kind::Text);
    pub const EXTENDED_MARK: Column<F> = column("extended_mark", "延長", F::ExtendedMark, Kind::Text);
    pub(crate) const DAYS_LATE: Column<F> = column("days_late", h::DAYS_LATE, F::DaysLate, Kind::Number);
    pub(crate) const STATUS: Column<F> = column("status", h::STATUS, F::Status, Kind::Status).wide(18.0);
    pub const STATUS_KEY: Column<F> = column("status_key", "status", F::StatusKey, Kind::Text);
    pub(crate) const PRIORITY: Column<F> = column("priority", h::PRIORITY, F::Priority, Kind::Text);
    pub(crate) const WARNINGS: Column<F> = column("warnings", h::WARNINGS, F::Warnings, Kind::Text);
    pub(crate) const ACTION: Column<F> =
        column("recommended_action", h::ACTION, F::RecommendedAction, Kind::Text).wide(48.0);
    pub(crate) const FILE: Column<F> = column("file", h::FILE, F::File, Kind::Text);
    pub(crate) const SHEET: Column<F> = column("sheet", h::SHEET, F::Sheet, Kind::Text);
    pub(crate) const ROW: Column<F> = column("row", h::ROW, F::Row, Kind::Number);
    pub const SOURCE: Column<F> = column("source", h::SOURCE, F::Source, Kind::Text);
    pub const PROJECTED: Column<F> = column("projected_completion", "完了見込み", F::ProjectedCompletion, Kind::Date);
}

/// The page's systems table's column of projected completion (SPEC §11), shown with a history.
pub const SYSTEMS_PAGE_PROJECTED: Column<RollupField> = rollup::PROJECTED;

/// The roll-ups per body, task and system: the .xlsx report's 団体別.
pub const ROLLUPS: [Column<RollupField>; 6] =
    [rollup::PREFECTURE, rollup::ORGANIZATION, rollup::OWN_OFFICE, rollup::TASK, rollup::SYSTEM, rollup::STATUS];

/// The roll-ups in the terminal.
pub const ROLLUPS_TERMINAL: [Column<RollupField>; 5] =
    [rollup::ORGANIZATION.headed(heading::BODY), rollup::TASK, rollup::SYSTEM, rollup::STATUS_KEY, rollup::STATUS];

/// The standardisation systems (SPEC §9) in CSV/TSV and the .xlsx report's システム別.
pub(crate) const SYSTEMS: [Column<RollupField>; 17] = [
    rollup::PREFECTURE,
    rollup::ORGANIZATION,
    rollup::OWN_OFFICE,
    rollup::CODE,
    rollup::GYOMU,
    rollup::RATE,
    rollup::CURRENT_STEP,
    rollup::DEADLINE,
    rollup::EXTENDED,
    rollup::DAYS_LATE,
    rollup::STATUS,
    rollup::PRIORITY,
    rollup::WARNINGS,
    rollup::ACTION,
    rollup::FILE,
    rollup::SHEET,
    rollup::ROW,
];

/// The standardisation systems in CSV/TSV and the .xlsx report: [`SYSTEMS`], with the projected
/// completion (SPEC §11) after the days late when the systems have a history (files of two or
/// more dates); the trend's warnings are in the warnings column either way.
pub(crate) fn systems(projected: bool) -> Vec<Column<RollupField>> {
    let mut columns = SYSTEMS.to_vec();
    if projected {
        let at = columns.iter().position(|c| c.field == RollupField::DaysLate).map_or(columns.len(), |i| i + 1);
        columns.insert(at, rollup::PROJECTED);
    }
    columns
}

/// The systems in the terminal.
pub const SYSTEMS_TERMINAL: [Column<RollupField>; 10] = [
    rollup::ORGANIZATION.headed(heading::BODY),
    rollup::GYOMU,
    rollup::RATE,
    rollup::CURRENT_STEP_SHORT,
    rollup::DEADLINE,
    rollup::EXTENDED_MARK,
    rollup::DAYS_LATE,
    rollup::STATUS_KEY,
    rollup::STATUS,
    rollup::WARNINGS,
];

/// The page's systems table.
pub const SYSTEMS_PAGE: [Column<RollupField>; 10] = [
    rollup::ORGANIZATION.headed(heading::BODY),
    rollup::GYOMU,
    rollup::RATE,
    rollup::CURRENT_STEP,
    rollup::DEADLINE,
    rollup::DAYS_LATE,
    rollup::STATUS,
    rollup::WARNINGS,
    rollup::ACTION,
    rollup::SOURCE,
];

/// The page's print view of the systems.
pub const SYSTEMS_PRINT: [Column<RollupField>; 9] = [
    rollup::ORGANIZATION.headed(heading::BODY),
    rollup::GYOMU,
    rollup::RATE,
    rollup::CURRENT_STEP,
    rollup::DEADLINE,
    rollup::EXTENDED,
    rollup::STATUS,
    rollup::DAYS_LATE,
    rollup::ACTION,
];

/// The values of one system over the snapshots ([`SystemHistory`], SPEC §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HistoryField {
    Prefecture,
    Organization,
    Code,
    Task,
    Deadline,
    Extended,
    ExtendedMark,
    Status,
    StatusKey,
    /// The completion rate at snapshot `n` (oldest first).
    Rate(usize),
    /// Steps a month, two decimals.
    Pace,
    ProjectedCompletion,
    Warnings,
    RecommendedAction,
}

impl Row for SystemHistory {
    type Field = HistoryField;

    fn cell(&self, field: HistoryField) -> Cell<'_> {
        match field {
            HistoryField::Prefecture => text(self.prefecture.as_deref()),
            HistoryField::Organization => Cell::Text(Cow::Borrowed(&self.organization)),
            HistoryField::Code => text(self.code.as_deref()),
            HistoryField::Task => Cell::Text(Cow::Borrowed(&self.task)),
            HistoryField::Deadline => Cell::Date(self.deadline),
            HistoryField::Extended => flag(self.extended, "該当"),
            HistoryField::ExtendedMark => flag(self.extended, "特定移行支援"),
            HistoryField::Status => Cell::Status(self.status),
            HistoryField::StatusKey => key(Some(self.status)),
            HistoryField::Rate(n) => self.series.get(n).and_then(|p| p.completion_rate).map_or(Cell::Empty, Cell::Rate),
            HistoryField::Pace => self.pace.map_or(Cell::Empty, |p| Cell::Text(Cow::Owned(format!("{p:.2}")))),
            HistoryField::ProjectedCompletion => date(self.projected_completion),
            HistoryField::Warnings => Cell::Warnings(Cow::Borrowed(&self.warnings)),
            HistoryField::RecommendedAction => Cell::Text(Cow::Borrowed(&self.recommended_action)),
        }
    }
}

mod history {
    use super::heading as h;
    use super::{column, Column, HistoryField as F, Kind};

    pub(crate) const PREFECTURE: Column<F> = column("prefecture", h::PREFECTURE, F::Prefecture, Kind::Text);
    pub(crate) const ORGANIZATION: Column<F> =
        column("organization", h::ORGANIZATION, F::Organization, Kind::Text).wide(18.0);
    pub(crate) const CODE: Column<F> = column("code", h::CODE, F::Code, Kind::Text);
    pub(crate) const GYOMU: Column<F> = column("task", h::GYOMU, F::Task, Kind::Text).wide(16.0);
    pub(crate) const DEADLINE: Column<F> = column("deadline", h::DEADLINE, F::Deadline, Kind::Date);
    pub(crate) const EXTENDED: Column<F> = column("extended", h::EXTENDED, F::Extended, Kind::Text);
    pub const EXTENDED_MARK: Column<F> = column("extended_mark", "延長", F::ExtendedMark, Kind::Text);
    pub(crate) const STATUS: Column<F> = column("status", h::STATUS, F::Status, Kind::Status).wide(18.0);
    pub const STATUS_KEY: Column<F> = column("status_key", "status", F::StatusKey, Kind::Text);
    pub(crate) const PACE: Column<F> = column("pace", "ペース（ステップ/月）", F::Pace, Kind::Text);
    pub const PACE_SHORT: Column<F> = PACE.headed("ペース");
    pub(crate) const PROJECTED: Column<F> =
        column("projected_completion", "完了見込み", F::ProjectedCompletion, Kind::Date);
    pub(crate) const WARNINGS: Column<F> = column("warnings", h::WARNINGS, F::Warnings, Kind::Text);
    pub(crate) const ACTION: Column<F> =
        column("recommended_action", h::ACTION, F::RecommendedAction, Kind::Text).wide(48.0);
}

/// The completion rate at snapshot `n`: a column of the series, which an output heads with the
/// snapshot's date ([`series_heading`]).
pub const fn series_column(n: usize) -> Column<HistoryField> {
    column("completion_rate", heading::RATE, HistoryField::Rate(n), Kind::Rate)
}

/// The heading of a series column: `完了率 2026-01-31`.
pub fn series_heading(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!("{} {}", heading::RATE, d.format("%Y-%m-%d")),
        None => heading::RATE.to_owned(),
    }
}

/// The systems over the snapshots in CSV/TSV: these columns, then one per snapshot
/// ([`series_column`]), then [`HISTORY_AFTER`].
pub const HISTORY_BEFORE: [Column<HistoryField>; 7] = [
    history::PREFECTURE,
    history::ORGANIZATION,
    history::CODE,
    history::GYOMU,
    history::DEADLINE,
    history::EXTENDED,
    history::STATUS,
];

/// The columns after the series in CSV/TSV.
pub const HISTORY_AFTER: [Column<HistoryField>; 4] =
    [history::PACE, history::PROJECTED, history::WARNINGS, history::ACTION];

/// The systems over the snapshots in the terminal: these, the series, [`HISTORY_TERMINAL_AFTER`].
pub const HISTORY_TERMINAL_BEFORE: [Column<HistoryField>; 2] =
    [history::ORGANIZATION.headed(heading::BODY), history::GYOMU];

/// The columns after the series in the terminal.
pub const HISTORY_TERMINAL_AFTER: [Column<HistoryField>; 6] = [
    history::PACE_SHORT,
    history::PROJECTED,
    history::DEADLINE,
    history::EXTENDED_MARK,
    history::STATUS_KEY,
    history::WARNINGS,
];

/// The values of a change between two exports ([`Change`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeField {
    Kind,
    KindKey,
    Prefecture,
    Organization,
    Task,
    System,
    Phase,
    BeforeStatus,
    BeforeStatusKey,
    BeforePlannedEnd,
    BeforeActualEnd,
    AfterStatus,
    AfterStatusKey,
    AfterPlannedEnd,
    AfterActualEnd,
    DaysMoved,
    /// Days moved with their sign (`+35`, `-60`), for the terminal.
    DaysMovedSigned,
}

impl Row for Change {
    type Field = ChangeField;

    fn cell(&self, field: ChangeField) -> Cell<'_> {
        let (before, after) = (self.before.as_ref(), self.after.as_ref());
        let status = |s: Option<&Side>| s.map_or(Cell::Empty, |s| Cell::Status(s.status));
        match field {
            ChangeField::Kind => Cell::Text(Cow::Borrowed(self.kind.label_ja())),
            ChangeField::KindKey => Cell::Text(Cow::Borrowed(self.kind.key())),
            ChangeField::Prefecture => text(self.prefecture.as_deref()),
            ChangeField::Organization => Cell::Text(Cow::Borrowed(&self.organization)),
            ChangeField::Task => Cell::Text(Cow::Borrowed(&self.task)),
            ChangeField::System => text(self.system.as_deref()),
            ChangeField::Phase => text(self.phase.as_deref()),
            ChangeField::BeforeStatus => status(before),
            ChangeField::BeforeStatusKey => key(before.map(|s| s.status)),
            ChangeField::BeforePlannedEnd => date(before.and_then(|s| s.planned_end)),
            ChangeField::BeforeActualEnd => date(before.and_then(|s| s.actual_end)),
            ChangeField::AfterStatus => status(after),
            ChangeField::AfterStatusKey => key(after.map(|s| s.status)),
            ChangeField::AfterPlannedEnd => date(after.and_then(|s| s.planned_end)),
            ChangeField::AfterActualEnd => date(after.and_then(|s| s.actual_end)),
            ChangeField::DaysMoved => int(self.days_moved),
            ChangeField::DaysMovedSigned => {
                self.days_moved.map_or(Cell::Empty, |d| Cell::Text(Cow::Owned(format!("{d:+}"))))
            }
        }
    }
}

mod change {
    use super::heading as h;
    use super::{column, ChangeField as F, Column, Kind};

    pub(crate) const KIND: Column<F> = column("kind", "変化", F::Kind, Kind::Text);
    pub const KIND_KEY: Column<F> = column("kind_key", "kind", F::KindKey, Kind::Text);
    pub(crate) const PREFECTURE: Column<F> = column("prefecture", h::PREFECTURE, F::Prefecture, Kind::Text);
    pub(crate) const ORGANIZATION: Column<F> = column("organization", h::ORGANIZATION, F::Organization, Kind::Text);
    pub(crate) const TASK: Column<F> = column("task", h::TASK, F::Task, Kind::Text);
    pub(crate) const SYSTEM: Column<F> = column("system", h::SYSTEM, F::System, Kind::Text);
    pub(crate) const PHASE: Column<F> = column("phase", h::PHASE, F::Phase, Kind::Text);
    pub(crate) const BEFORE_STATUS: Column<F> = column("before_status", "前回の状況", F::BeforeStatus, Kind::Status);
    pub const BEFORE_STATUS_KEY: Column<F> = column("before_status_key", "前回", F::BeforeStatusKey, Kind::Text);
    pub(crate) const BEFORE_PLANNED_END: Column<F> =
        column("before_planned_end", "前回の終了予定日", F::BeforePlannedEnd, Kind::Date);
    pub(crate) const BEFORE_ACTUAL_END: Column<F> =
        column("before_actual_end", "前回の終了実績日", F::BeforeActualEnd, Kind::Date);
    pub(crate) const AFTER_STATUS: Column<F> = column("after_status", "今回の状況", F::AfterStatus, Kind::Status);
    pub const AFTER_STATUS_KEY: Column<F> = column("after_status_key", "今回", F::AfterStatusKey, Kind::Text);
    pub(crate) const AFTER_PLANNED_END: Column<F> =
        column("after_planned_end", "今回の終了予定日", F::AfterPlannedEnd, Kind::Date);
    pub(crate) const AFTER_ACTUAL_END: Column<F> =
        column("after_actual_end", "今回の終了実績日", F::AfterActualEnd, Kind::Date);
    pub(crate) const DAYS_MOVED: Column<F> = column("days_moved", "移動日数", F::DaysMoved, Kind::Number);
    pub const DAYS_MOVED_SIGNED: Column<F> = column("days_moved_signed", "移動日数", F::DaysMovedSigned, Kind::Text);
}

/// The changes between two exports in CSV/TSV.
pub(crate) const CHANGES: [Column<ChangeField>; 13] = [
    change::KIND,
    change::PREFECTURE,
    change::ORGANIZATION,
    change::TASK,
    change::SYSTEM,
    change::PHASE,
    change::BEFORE_STATUS,
    change::BEFORE_PLANNED_END,
    change::BEFORE_ACTUAL_END,
    change::AFTER_STATUS,
    change::AFTER_PLANNED_END,
    change::AFTER_ACTUAL_END,
    change::DAYS_MOVED,
];

/// The changes in the terminal.
pub const CHANGES_TERMINAL: [Column<ChangeField>; 10] = [
    change::KIND_KEY,
    change::ORGANIZATION.headed(heading::BODY),
    change::TASK,
    change::SYSTEM,
    change::PHASE,
    change::BEFORE_STATUS_KEY,
    change::AFTER_STATUS_KEY,
    change::BEFORE_PLANNED_END.headed("前回予定終了"),
    change::AFTER_PLANNED_END.headed("今回予定終了"),
    change::DAYS_MOVED_SIGNED,
];

/// The page's comparison table of the changes.
pub const CHANGES_PAGE: [Column<ChangeField>; 10] = [
    change::KIND,
    change::ORGANIZATION.headed(heading::BODY),
    change::TASK,
    change::SYSTEM,
    change::PHASE,
    change::BEFORE_STATUS,
    change::BEFORE_PLANNED_END,
    change::AFTER_STATUS,
    change::AFTER_PLANNED_END,
    change::DAYS_MOVED_SIGNED,
];

/// The values of a per-system change between two standardisation exports ([`SystemChange`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SystemChangeField {
    Kind,
    KindKey,
    Prefecture,
    Organization,
    Task,
    BeforeStatus,
    BeforeStatusKey,
    BeforeRate,
    BeforeCurrentStep,
    AfterStatus,
    AfterStatusKey,
    AfterRate,
    AfterCurrentStep,
    /// The steps whose status changed, with both words (`⑨-2 …：未着手→完了済み`).
    Steps,
    /// The changed steps' codes, for the terminal.
    StepCodes,
}

impl Row for SystemChange {
    type Field = SystemChangeField;

    fn cell(&self, field: SystemChangeField) -> Cell<'_> {
        let (before, after) = (self.before.as_ref(), self.after.as_ref());
        let status = |s: Option<&SystemSide>| s.map_or(Cell::Empty, |s| Cell::Status(s.status));
        let rate = |s: Option<&SystemSide>| s.and_then(|s| s.completion_rate).map_or(Cell::Empty, Cell::Rate);
        let or_blank = |w: &str| if w.is_empty() { "（空欄）".to_owned() } else { w.to_owned() };
        match field {
            SystemChangeField::Kind => Cell::Text(Cow::Borrowed(self.kind.label_ja())),
            SystemChangeField::KindKey => Cell::Text(Cow::Borrowed(self.kind.key())),
            SystemChangeField::Prefecture => text(self.prefecture.as_deref()),
            SystemChangeField::Organization => Cell::Text(Cow::Borrowed(&self.organization)),
            SystemChangeField::Task => Cell::Text(Cow::Borrowed(&self.task)),
            SystemChangeField::BeforeStatus => status(before),
            SystemChangeField::BeforeStatusKey => key(before.map(|s| s.status)),
            SystemChangeField::BeforeRate => rate(before),
            SystemChangeField::BeforeCurrentStep => text(before.and_then(|s| s.current_step.as_deref())),
            SystemChangeField::AfterStatus => status(after),
            SystemChangeField::AfterStatusKey => key(after.map(|s| s.status)),
            SystemChangeField::AfterRate => rate(after),
            SystemChangeField::AfterCurrentStep => text(after.and_then(|s| s.current_step.as_deref())),
            SystemChangeField::Steps => Cell::Text(Cow::Owned(
                self.steps
                    .iter()
                    .map(|s| format!("{}：{}→{}", s.step, or_blank(&s.before), or_blank(&s.after)))
                    .collect::<Vec<_>>()
                    .join("、"),
            )),
            SystemChangeField::StepCodes => {
                Cell::Text(Cow::Owned(self.steps.iter().map(|s| short_step(&s.step)).collect::<Vec<_>>().join(",")))
            }
        }
    }
}

mod system_change {
    use super::heading as h;
    use super::{column, Column, Kind, SystemChangeField as F};

    pub(crate) const KIND: Column<F> = column("kind", "変化", F::Kind, Kind::Text);
    pub const KIND_KEY: Column<F> = column("kind_key", "kind", F::KindKey, Kind::Text);
    pub(crate) const PREFECTURE: Column<F> = column("prefecture", h::PREFECTURE, F::Prefecture, Kind::Text);
    pub(crate) const ORGANIZATION: Column<F> = column("organization", h::ORGANIZATION, F::Organization, Kind::Text);
    pub(crate) const TASK: Column<F> = column("task", h::GYOMU, F::Task, Kind::Text);
    pub(crate) const BEFORE_STATUS: Column<F> = column("before_status", "前回の状況", F::BeforeStatus, Kind::Status);
    pub const BEFORE_STATUS_KEY: Column<F> = column("before_status_key", "前回", F::BeforeStatusKey, Kind::Text);
    pub(crate) const BEFORE_RATE: Column<F> = column("before_rate", "前回の完了率", F::BeforeRate, Kind::Rate);
    pub(crate) const BEFORE_CURRENT_STEP: Column<F> =
        column("before_current_step", "前回の現在のステップ", F::BeforeCurrentStep, Kind::Text);
    pub(crate) const AFTER_STATUS: Column<F> = column("after_status", "今回の状況", F::AfterStatus, Kind::Status);
    pub const AFTER_STATUS_KEY: Column<F> = column("after_status_key", "今回", F::AfterStatusKey, Kind::Text);
    pub(crate) const AFTER_RATE: Column<F> = column("after_rate", "今回の完了率", F::AfterRate, Kind::Rate);
    pub(crate) const AFTER_CURRENT_STEP: Column<F> =
        column("after_current_step", "今回の現在のステップ", F::AfterCurrentStep, Kind::Text);
    pub(crate) const STEPS: Column<F> = column("steps", "変化したステップ", F::Steps, Kind::Text);
    pub const STEP_CODES: Column<F> = column("step_codes", "変化したステップ", F::StepCodes, Kind::Text);
}

/// The per-system changes in CSV/TSV.
pub(crate) const SYSTEM_CHANGES: [Column<SystemChangeField>; 11] = [
    system_change::KIND,
    system_change::PREFECTURE,
    system_change::ORGANIZATION,
    system_change::TASK,
    system_change::BEFORE_STATUS,
    system_change::BEFORE_RATE,
    system_change::BEFORE_CURRENT_STEP,
    system_change::AFTER_STATUS,
    system_change::AFTER_RATE,
    system_change::AFTER_CURRENT_STEP,
    system_change::STEPS,
];

/// The per-system changes in the terminal.
pub const SYSTEM_CHANGES_TERMINAL: [Column<SystemChangeField>; 8] = [
    system_change::KIND_KEY,
    system_change::ORGANIZATION.headed(heading::BODY),
    system_change::TASK,
    system_change::BEFORE_STATUS_KEY,
    system_change::AFTER_STATUS_KEY,
    system_change::BEFORE_RATE.headed("前回完了率"),
    system_change::AFTER_RATE.headed("今回完了率"),
    system_change::STEP_CODES,
];

/// The page's comparison table of the per-system changes.
pub const SYSTEM_CHANGES_PAGE: [Column<SystemChangeField>; 8] = [
    system_change::KIND,
    system_change::ORGANIZATION.headed(heading::BODY),
    system_change::TASK,
    system_change::BEFORE_STATUS,
    system_change::BEFORE_RATE,
    system_change::AFTER_STATUS,
    system_change::AFTER_RATE,
    system_change::STEPS,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<F>(columns: &[Column<F>]) -> Vec<&'static str> {
        columns.iter().map(|c| c.key).collect()
    }

    #[test]
    fn no_list_shows_the_same_column_twice() {
        for list in [keys(&ITEMS), keys(&ITEMS_TERMINAL), keys(&ITEMS_PAGE), keys(&ITEMS_PRINT)]
            .into_iter()
            .chain([keys(&ROLLUPS), keys(&ROLLUPS_TERMINAL), keys(&SYSTEMS), keys(&SYSTEMS_TERMINAL)])
            .chain([keys(&SYSTEMS_PAGE), keys(&SYSTEMS_PRINT), keys(&CHANGES), keys(&CHANGES_TERMINAL)])
            .chain([keys(&SYSTEM_CHANGES), keys(&SYSTEM_CHANGES_TERMINAL), keys(&CHANGES_PAGE)])
            .chain([keys(&SYSTEM_CHANGES_PAGE)])
        {
            let mut sorted = list.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "{list:?}");
        }
    }

    #[test]
    fn the_item_list_keys_are_spec_8_field_names_where_it_has_them() {
        let spec = ["organization", "task", "system", "phase", "planned_start", "planned_end", "deadline", "status"];
        for key in spec {
            assert!(keys(&ITEMS).contains(&key), "{key}");
        }
        assert!(keys(&ITEMS).contains(&"days_late"));
    }

    #[test]
    fn a_blank_cell_is_empty_in_sheets_and_a_dash_in_the_terminal() {
        assert_eq!(Cell::Empty.text(Style::Sheet), "");
        assert_eq!(Cell::Empty.text(Style::Terminal), "-");
    }

    #[test]
    fn an_unreadable_date_is_shown_as_written_and_marked_in_the_terminal() {
        let cell = Cell::Unread(Cow::Borrowed("6月末"));
        assert_eq!(cell.text(Style::Sheet), "6月末");
        assert_eq!(cell.text(Style::Terminal), "?6月末");
    }

    #[test]
    fn warnings_are_japanese_in_sheets_and_keys_in_the_terminal() {
        let cell = Cell::Warnings(Cow::Owned(vec![Warning::NoPlan, Warning::InvalidDate]));
        assert_eq!(cell.text(Style::Sheet), "終了予定日の報告なし、日付として読めないセル");
        assert_eq!(cell.text(Style::Terminal), "no_plan,invalid_date");
    }

    #[test]
    fn typed_cells_render_dates_iso_statuses_in_japanese_and_rates_as_percentages() {
        let d = NaiveDate::from_ymd_opt(2016, 6, 30).unwrap_or_default();
        assert_eq!(Cell::Date(d).text(Style::Sheet), "2016-06-30");
        assert_eq!(Cell::Status(Status::PlanOverrun).text(Style::Sheet), "未完了（計画超過）");
        assert_eq!(Cell::Rate(Rate::from_fraction(0.75)).text(Style::Sheet), "75%");
        assert_eq!(Cell::Int(15).text(Style::Terminal), "15");
    }

    #[test]
    fn a_cell_crosses_to_the_report_module_as_json_unchanged() {
        let cells = vec![
            Cell::Text(Cow::Borrowed("Ｂ市")),
            Cell::Date(NaiveDate::from_ymd_opt(2016, 6, 30).unwrap_or_default()),
            Cell::Int(7),
            Cell::Rate(Rate::from_fraction(0.975)),
            Cell::Status(Status::Done),
            Cell::Warnings(Cow::Owned(vec![Warning::RateMismatch])),
            Cell::Empty,
        ];
        let json = serde_json::to_string(&cells).unwrap_or_default();
        let back: Vec<Cell<'static>> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, cells);
    }
}
