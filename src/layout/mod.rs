//! Layout detection: finding the header of an action-plan sheet by the meaning of its text,
//! and turning the rows below it into [`Item`]s (SPEC §6).
//!
//! One detector serves both layouts the SPEC names. It looks for the *leaf row*: the header
//! row with the most date headings (`開始日`, `終了予定日`, …). The rows directly above it (up
//! to five) form the header block. Over each date column the block reads, top to bottom, a
//! path of labels: task → system → phase → 予定/実績. Labels may be merged cells or written once
//! with blanks to their right; both are filled in before reading, a blank taking the label to
//! its left only when everything above the two columns agrees. Date columns with the same path
//! form one *group*, which becomes one item per data row.
//!
//! The **wide** layout (the seed's F-3 table) has paths with systems and phases; the **long**
//! layout has a single group and takes task, system and phase from key columns of each row.
//! Key columns (organization, prefecture, code, task, system, phase) are found by their
//! headings anywhere in the block, so column order and extra columns do not matter.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod standardisation;
pub mod vocabulary;

use std::borrow::Borrow;
use std::collections::HashMap;

use thiserror::Error;

use crate::date::{self, DateCell};
use crate::item::{Item, PerSlot, Slot, Source};
pub use crate::organization::looks_like_prefecture;
use crate::profile::register;
use crate::text::fold;
use crate::workbook::{Row, Sheet, Value};
use vocabulary::{KeyField, Level};

/// Rows examined when looking for the header.
const SCAN_ROWS: usize = 40;
/// Header rows above the leaf row that may carry labels.
const MAX_BLOCK_ABOVE: usize = 5;
/// Columns examined in the header (a sheet wider than this has no action-plan header).
const MAX_HEADER_COLS: u32 = 2048;
/// Data rows examined to tell a prefecture column from a body column.
const SAMPLE_ROWS: usize = 30;
/// The rows of a sheet that detection reads ([`detect`], [`standardisation::detect`]), from
/// the top: the header is found in the first [`SCAN_ROWS`] and the data rows examined follow
/// it. Readers buffer these and consume the rest of a sheet as it is read.
pub(crate) const LOOK_AHEAD: usize =
    SCAN_ROWS + if SAMPLE_ROWS > standardisation::EVIDENCE_ROWS { SAMPLE_ROWS } else { standardisation::EVIDENCE_ROWS };

/// Why a sheet holds no recognisable layout.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SkipReason {
    #[error("the sheet is empty")]
    Empty,
    #[error("no header row with start/end date columns (開始日/終了日, 終了予定日, …) in the first {SCAN_ROWS} rows")]
    NoDateHeader,
    #[error("the date columns are not labelled 予定 (planned) or 実績 (actual)")]
    NoPlannedOrActual,
    #[error("no organization column (地方自治体名, 団体名, 市区町村名, …) in the header")]
    NoOrganizationColumn,
    #[error("no data rows below the header")]
    NoDataRows,
}

impl SkipReason {
    /// The reason in Japanese, for the page.
    pub(crate) fn message_ja(&self) -> String {
        match self {
            SkipReason::Empty => "シートが空です。".to_owned(),
            SkipReason::NoDateHeader => {
                format!("先頭 {SCAN_ROWS} 行に開始日・終了日（開始日/終了日、終了予定日 など）の見出し行がありません。")
            }
            SkipReason::NoPlannedOrActual => "日付の列に「予定」「実績」の見出しがありません。".to_owned(),
            SkipReason::NoOrganizationColumn => {
                "見出しに団体名の列（地方自治体名、団体名、市区町村名 など）がありません。".to_owned()
            }
            SkipReason::NoDataRows => "見出しの下にデータ行がありません。".to_owned(),
        }
    }
}

/// Which of the SPEC's layouts a sheet has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Wide,
    Long,
}

/// The date columns that make one item per data row, and the labels above them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub task: Option<String>,
    pub system: Option<String>,
    pub phase: Option<String>,
    /// The column of each date slot.
    pub slots: PerSlot<Option<u32>>,
}

/// The key columns found in the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub organization: u32,
    pub prefecture: Option<u32>,
    pub code: Option<u32>,
    pub task_id: Option<u32>,
    pub task_name: Option<u32>,
    pub system: Option<u32>,
    pub phase: Option<u32>,
    pub applicability: Option<u32>,
}

/// A sheet's detected layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub shape: Shape,
    /// 0-based index of the last header row; data starts below it.
    pub leaf_row: u32,
    pub keys: Keys,
    pub groups: Vec<Group>,
    /// The task named by a title row or the sheet name, for items whose row and header name none.
    pub sheet_task: (Option<String>, Option<String>),
}

/// The header rows of a sheet as text, dense over a bounded width, with merges filled in.
pub(crate) struct HeaderGrid {
    /// Row index of each scanned row.
    pub(crate) index: Vec<u32>,
    /// Written text per scanned row and column (`None` where blank).
    pub(crate) text: Vec<Vec<Option<String>>>,
    pub(crate) width: u32,
}

impl HeaderGrid {
    pub(crate) fn new(sheet: &Sheet<'_>) -> Self {
        let rows: Vec<&Row<'_>> = sheet.rows.iter().take(SCAN_ROWS).collect();
        let width =
            rows.iter().filter_map(|r| r.cells.last().map(|c| c.col + 1)).max().unwrap_or(0).min(MAX_HEADER_COLS);
        let mut text = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut line = vec![None; width as usize];
            for cell in &row.cells {
                if cell.col >= width {
                    break;
                }
                let s = cell.value.display(sheet.date1904);
                let s = s.trim();
                if let (false, Some(slot)) = (s.is_empty(), line.get_mut(cell.col as usize)) {
                    *slot = Some(s.to_owned());
                }
            }
            text.push(line);
        }
        let mut grid = HeaderGrid { index: rows.iter().map(|r| r.index).collect(), text, width };
        grid.fill_merges(sheet);
        grid
    }

    /// Copies each merged region's top-left text into the region's other cells.
    fn fill_merges(&mut self, sheet: &Sheet<'_>) {
        for m in &sheet.merges {
            let Some(top) = self.index.iter().position(|&r| r == m.first_row) else { continue };
            let Some(Some(value)) = self.text.get(top).and_then(|line| line.get(m.first_col as usize)).cloned() else {
                continue;
            };
            for (line, &r) in self.text.iter_mut().zip(&self.index) {
                if r < m.first_row || r > m.last_row {
                    continue;
                }
                let last = m.last_col.min(self.width.saturating_sub(1));
                for c in m.first_col..=last {
                    if let Some(cell) = line.get_mut(c as usize) {
                        if cell.is_none() {
                            *cell = Some(value.clone());
                        }
                    }
                }
            }
        }
    }

    pub(crate) fn get(&self, row: usize, col: u32) -> Option<&str> {
        self.text.get(row)?.get(col as usize)?.as_deref()
    }
}

/// Finds the layout of a sheet.
pub fn detect(sheet: &Sheet<'_>) -> Result<Layout, SkipReason> {
    if sheet.rows.is_empty() {
        return Err(SkipReason::Empty);
    }
    let grid = HeaderGrid::new(sheet);

    // The leaf row: the most date headings, at least two.
    let mut best: Option<(usize, usize)> = None;
    for (i, line) in grid.text.iter().enumerate() {
        let n = line.iter().flatten().filter(|t| vocabulary::date_field(&fold(t)).is_some()).count();
        if n >= 2 && best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    let Some((leaf, _)) = best else { return Err(SkipReason::NoDateHeader) };

    // The header block: contiguous rows directly above the leaf.
    let mut top = leaf;
    let follows = |above: usize, below: usize| match (grid.index.get(above), grid.index.get(below)) {
        (Some(&a), Some(&b)) => a + 1 == b,
        _ => false,
    };
    while top > 0 && leaf - top < MAX_BLOCK_ABOVE && follows(top - 1, top) {
        top -= 1;
    }
    // The leaf is one of the grid's rows (found above).
    let Some(&leaf_row) = grid.index.get(leaf) else { return Err(SkipReason::NoDateHeader) };

    let leaf_fields: Vec<(u32, vocabulary::DateField)> = (0..grid.width)
        .filter_map(|c| grid.get(leaf, c).and_then(|t| vocabulary::date_field(&fold(t))).map(|f| (c, f)))
        .collect();
    let date_cols: Vec<u32> = leaf_fields.iter().map(|(c, _)| *c).collect();

    // Labels above each date column, filled to the right within agreeing parents.
    let labels = fill_labels(&grid, top, leaf, &date_cols);
    let roles = row_roles(&labels);

    let mut groups: Vec<Group> = Vec::new();
    let mut any_kind = false;
    for (k, &(col, field)) in leaf_fields.iter().enumerate() {
        let mut kind = field.kind;
        let mut group = Group { task: None, system: None, phase: None, slots: PerSlot::default() };
        for (line, role) in labels.iter().zip(&roles) {
            let Some(label) = line.get(k).and_then(Option::as_deref) else { continue };
            match role {
                RowRole::Kind => kind = kind.or(vocabulary::kind_label(&fold(label))),
                RowRole::Level(Level::Task) => group.task = Some(label.to_owned()),
                RowRole::Level(Level::System) => group.system = Some(label.to_owned()),
                RowRole::Level(Level::Phase) => group.phase = Some(label.to_owned()),
                RowRole::Ignored => {}
            }
        }
        let Some(kind) = kind else { continue };
        any_kind = true;
        let slot = vocabulary::slot(kind, field.edge);
        let existing =
            groups.iter_mut().find(|g| g.task == group.task && g.system == group.system && g.phase == group.phase);
        match existing {
            Some(g) => {
                g.slots[slot].get_or_insert(col);
            }
            None => {
                group.slots[slot] = Some(col);
                groups.push(group);
            }
        }
    }
    if !any_kind {
        return Err(SkipReason::NoPlannedOrActual);
    }

    let keys = find_keys(sheet, &grid, top, leaf, leaf_row, &date_cols)?;
    let shape = if groups.len() > 1 || groups.iter().any(|g| g.system.is_some() || g.phase.is_some()) {
        Shape::Wide
    } else {
        Shape::Long
    };
    let sheet_task = sheet_task(sheet, &grid, leaf, &date_cols);
    Ok(Layout { shape, leaf_row, keys, groups, sheet_task })
}

/// Reads the hierarchy labels over the date columns, rows `top..leaf`, filling blanks from
/// the left where the labels above agree. `result[row - top][k]` is the label over the
/// k-th date column.
fn fill_labels(grid: &HeaderGrid, top: usize, leaf: usize, date_cols: &[u32]) -> Vec<Vec<Option<String>>> {
    let mut labels: Vec<Vec<Option<String>>> = Vec::with_capacity(leaf - top);
    for r in top..leaf {
        let mut line: Vec<Option<String>> = Vec::with_capacity(date_cols.len());
        let mut previous: Option<u32> = None;
        for (k, &c) in date_cols.iter().enumerate() {
            let own = grid.get(r, c).map(str::to_owned);
            let filled = match (own, previous) {
                (Some(t), _) => Some(t),
                (None, Some(p)) => {
                    // Only across columns that belong to the same table (no foreign heading
                    // in the leaf row between them), and only under the same parents.
                    let contiguous = (p + 1..c).all(|x| grid.get(leaf, x).is_none());
                    let same_parents = labels.iter().all(|above| above.get(k - 1) == above.get(k));
                    if contiguous && same_parents {
                        line.last().cloned().flatten()
                    } else {
                        None
                    }
                }
                (None, None) => None,
            };
            line.push(filled);
            previous = Some(c);
        }
        labels.push(line);
    }
    labels
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowRole {
    Kind,
    Level(Level),
    Ignored,
}

/// Decides what each header row above the leaf names: 予定/実績, task, system, phase.
/// Rows whose words say nothing are taken, nearest the leaf first, as the phase and then
/// the system level when those are otherwise missing.
fn row_roles(labels: &[Vec<Option<String>>]) -> Vec<RowRole> {
    let mut roles = Vec::with_capacity(labels.len());
    for line in labels {
        let folded: Vec<String> = line.iter().flatten().map(|t| fold(t).into_owned()).collect();
        if folded.is_empty() {
            roles.push(RowRole::Ignored);
            continue;
        }
        if folded.iter().any(|t| vocabulary::kind_label(t).is_some()) {
            roles.push(RowRole::Kind);
            continue;
        }
        let mut counts: HashMap<Level, usize> = HashMap::new();
        for t in &folded {
            if let Some(l) = vocabulary::level_of(t) {
                *counts.entry(l).or_default() += 1;
            }
        }
        let role = [Level::Task, Level::Phase, Level::System]
            .into_iter()
            .filter(|l| counts.get(l).copied().unwrap_or(0) > 0)
            .max_by_key(|l| counts.get(l).copied().unwrap_or(0))
            .map(RowRole::Level);
        roles.push(role.unwrap_or(RowRole::Ignored));
    }
    // Unlabelled rows with text: phase, then system, nearest the leaf first.
    let has = |roles: &[RowRole], l: Level| roles.contains(&RowRole::Level(l));
    for i in (0..roles.len()).rev() {
        let unlabelled_text = roles.get(i) == Some(&RowRole::Ignored)
            && labels.get(i).is_some_and(|line| line.iter().any(Option::is_some));
        if !unlabelled_text {
            continue;
        }
        let level = if !has(&roles, Level::Phase) {
            Level::Phase
        } else if !has(&roles, Level::System) {
            Level::System
        } else {
            continue;
        };
        if let Some(role) = roles.get_mut(i) {
            *role = RowRole::Level(level);
        }
    }
    roles
}

/// Finds the key columns: by heading, then by the look of the data. `top` and `leaf` are the
/// header block's first and last rows in the grid, `leaf_row` the leaf's index in the sheet.
fn find_keys(
    sheet: &Sheet<'_>,
    grid: &HeaderGrid,
    top: usize,
    leaf: usize,
    leaf_row: u32,
    date_cols: &[u32],
) -> Result<Keys, SkipReason> {
    let mut found: Vec<(u32, Option<KeyField>)> = Vec::new();
    for c in 0..grid.width {
        if date_cols.binary_search(&c).is_ok() {
            continue;
        }
        let field = (top..=leaf).rev().find_map(|r| grid.get(r, c)).map(|t| vocabulary::key_field(&fold(t)));
        // `Some(None)`: a heading that is not a key; `None`: no heading at all.
        match field {
            Some(f) => found.push((c, f)),
            None => found.push((c, None)),
        }
    }
    let labelled = |k: KeyField| found.iter().find(|(_, f)| *f == Some(k)).map(|(c, _)| *c);
    let headed = |c: u32| (top..=leaf).any(|r| grid.get(r, c).is_some());

    let mut keys = Keys {
        prefecture: labelled(KeyField::Prefecture),
        code: labelled(KeyField::Code),
        task_id: labelled(KeyField::TaskId),
        task_name: labelled(KeyField::TaskName),
        system: labelled(KeyField::System),
        phase: labelled(KeyField::Phase),
        applicability: labelled(KeyField::Applicability),
        ..Keys::default()
    };

    // The organization group: columns headed as organization, with unheaded columns to their
    // right (a heading written once over two columns), or failing that the unheaded columns
    // left of the first date column.
    let mut org_cols: Vec<u32> = Vec::new();
    for &(c, f) in &found {
        if f == Some(KeyField::Organization) {
            org_cols.push(c);
            let mut next = c + 1;
            while next < grid.width
                && date_cols.binary_search(&next).is_err()
                && !headed(next)
                && !org_cols.contains(&next)
            {
                org_cols.push(next);
                next += 1;
            }
        }
    }
    if org_cols.is_empty() {
        let first_date = date_cols.first().copied().unwrap_or(0);
        org_cols = (0..first_date).filter(|&c| !headed(c)).collect();
    }
    let samples = sample_column_values(sheet, leaf_row, &org_cols);
    org_cols.retain(|c| samples.get(c).is_some_and(|v| !v.is_empty()));
    // Every column left has samples (kept above).
    let all_samples = |c: &u32, test: fn(&str) -> bool| samples.get(c).is_some_and(|v| v.iter().all(|v| test(v)));
    if keys.code.is_none() {
        if let Some(pos) = org_cols.iter().position(|c| all_samples(c, looks_like_code)) {
            keys.code = Some(org_cols.remove(pos));
        }
    }
    match org_cols.as_slice() {
        [] => match keys.prefecture {
            Some(p) => keys.organization = p,
            None => return Err(SkipReason::NoOrganizationColumn),
        },
        [only] => keys.organization = *only,
        [before @ .., last] => {
            // Prefecture then body: the first column whose values all look like prefectures.
            if keys.prefecture.is_none() {
                keys.prefecture = before.iter().copied().find(|c| all_samples(c, looks_like_prefecture));
            }
            keys.organization = *last;
        }
    }
    Ok(keys)
}

/// Up to [`SAMPLE_ROWS`] folded values of each column below the header.
fn sample_column_values(sheet: &Sheet<'_>, leaf_row: u32, cols: &[u32]) -> HashMap<u32, Vec<String>> {
    let mut out: HashMap<u32, Vec<String>> = cols.iter().map(|&c| (c, Vec::new())).collect();
    for row in sheet.rows.iter().filter(|r| r.index > leaf_row).take(SAMPLE_ROWS) {
        if row.cells.first().and_then(|c| c.value.as_text()).is_some_and(|t| vocabulary::is_note(&fold(t))) {
            continue;
        }
        for &c in cols {
            if let Some(v) = row.get(c) {
                let s = fold(&v.display(sheet.date1904)).into_owned();
                if !s.is_empty() {
                    if let Some(list) = out.get_mut(&c) {
                        list.push(s);
                    }
                }
            }
        }
    }
    out
}

fn looks_like_code(folded: &str) -> bool {
    (5..=6).contains(&folded.len()) && folded.bytes().all(|b| b.is_ascii_digit())
}

/// The task a sheet is about, from a title row above the header or from the sheet name.
fn sheet_task(
    sheet: &Sheet<'_>,
    grid: &HeaderGrid,
    leaf: usize,
    date_cols: &[u32],
) -> (Option<String>, Option<String>) {
    let titles = (0..leaf).flat_map(|r| {
        (0..grid.width).filter(|c| date_cols.binary_search(c).is_err()).filter_map(move |c| grid.get(r, c))
    });
    for t in titles.chain(std::iter::once(sheet.name.as_str())) {
        if vocabulary::task_id_prefix(&fold(t)).is_some() {
            return vocabulary::split_task(t);
        }
    }
    (None, None)
}

/// Turns the data rows of a sheet (`rows`, those below the header; the sheet gives its name and
/// date system) into items, appending them to `out`; returns how many.
/// Each item's body is then resolved through the register (SPEC §10, [`register`]).
///
/// Row by row: the cells go to their columns' roles ([`ColumnRoles::read`]); note rows are
/// skipped; the key fields are read as text ([`RowKeys::read`]); the row's body is its own or,
/// for a continuation row, the one above ([`row_body`]); totals, repeated headings and notes in
/// the organization column are no body ([`is_not_a_body`]); a body row gives one item per
/// group ([`ItemMaker::push_row`]).
pub(crate) fn extract<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    rows: impl IntoIterator<Item = R>,
    layout: &Layout,
    file: &str,
    out: &mut Vec<Item>,
) -> usize {
    let before = out.len();
    let roles = ColumnRoles::new(layout);
    let maker = ItemMaker::new(sheet, layout, file);
    let mut previous: Option<Body> = None;
    let mut judged = Judged::default();
    for row in rows {
        let row = row.borrow();
        if row.index <= layout.leaf_row {
            continue;
        }
        let mut dates: Vec<GroupDates<'_, '_>> = vec![PerSlot::default(); layout.groups.len()];
        if row.cells.first().and_then(|c| c.value.as_text()).is_some_and(|first| judged.is_note(first)) {
            continue;
        }
        let (cells, any_date) = roles.read(row, &mut dates);
        let keys = RowKeys::read(&cells, sheet.date1904);
        let Some(body) = row_body(&keys, any_date, previous.as_ref()) else { continue };
        if judged.is_not_a_body(&body.organization) {
            continue;
        }
        maker.push_row(&body, &keys, &dates, row.index, &mut judged, out);
        previous = Some(body);
    }
    if let Some(rows) = out.get_mut(before..) {
        register::resolve_rows(rows);
    }
    out.len() - before
}

/// What a column holds for [`extract`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    None,
    Key(KeyField),
    /// A date slot of the group at this index of [`Layout::groups`].
    Date(usize, Slot),
}

/// Column → role, dense up to the widest column the layout uses.
#[derive(Debug)]
struct ColumnRoles(Vec<Role>);

/// The cells of one group's date columns in one row.
type GroupDates<'r, 'a> = PerSlot<Option<&'r Value<'a>>>;

impl ColumnRoles {
    fn new(layout: &Layout) -> Self {
        let keys = &layout.keys;
        let key_columns = [
            (keys.prefecture, KeyField::Prefecture),
            (keys.code, KeyField::Code),
            (keys.task_id, KeyField::TaskId),
            (keys.task_name, KeyField::TaskName),
            (keys.system, KeyField::System),
            (keys.phase, KeyField::Phase),
            (keys.applicability, KeyField::Applicability),
            // After the others: the organization wins a column that is also another key.
            (Some(keys.organization), KeyField::Organization),
        ];
        let date_columns = layout.groups.iter().enumerate().flat_map(|(g, group)| {
            Slot::ALL.into_iter().filter_map(move |slot| group.slots[slot].map(|c| (c, Role::Date(g, slot))))
        });
        let assigned: Vec<(u32, Role)> = key_columns
            .into_iter()
            .filter_map(|(c, k)| c.map(|c| (c, Role::Key(k))))
            // After the keys: a date column wins over a key column.
            .chain(date_columns)
            .collect();
        let width = assigned.iter().map(|&(c, _)| c as usize + 1).max().unwrap_or(0);
        let mut roles = vec![Role::None; width];
        for (c, role) in assigned {
            if let Some(slot) = roles.get_mut(c as usize) {
                *slot = role;
            }
        }
        ColumnRoles(roles)
    }

    fn get(&self, col: u32) -> Role {
        self.0.get(col as usize).copied().unwrap_or(Role::None)
    }

    /// Puts one row's cells where their columns' roles say: key cells into the result, date
    /// cells into `dates` (one entry per group, cleared first). Also says whether the row has any
    /// date cell.
    fn read<'r, 'a>(&self, row: &'r Row<'a>, dates: &mut [GroupDates<'r, 'a>]) -> (KeyCells<'r, 'a>, bool) {
        let mut cells = KeyCells::default();
        dates.fill(PerSlot::default());
        let mut any_date = false;
        for cell in &row.cells {
            match self.get(cell.col) {
                Role::Key(k) => *cells.field_mut(k) = Some(&cell.value),
                Role::Date(g, slot) => {
                    if let Some(group) = dates.get_mut(g) {
                        group[slot] = Some(&cell.value);
                        any_date = true;
                    }
                }
                Role::None => {}
            }
        }
        (cells, any_date)
    }
}

/// The key cells of one row, one per [`KeyField`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct KeyCells<'r, 'a> {
    prefecture: Option<&'r Value<'a>>,
    organization: Option<&'r Value<'a>>,
    code: Option<&'r Value<'a>>,
    task_id: Option<&'r Value<'a>>,
    task_name: Option<&'r Value<'a>>,
    system: Option<&'r Value<'a>>,
    phase: Option<&'r Value<'a>>,
    applicability: Option<&'r Value<'a>>,
}

impl<'r, 'a> KeyCells<'r, 'a> {
    fn field_mut(&mut self, field: KeyField) -> &mut Option<&'r Value<'a>> {
        match field {
            KeyField::Prefecture => &mut self.prefecture,
            KeyField::Organization => &mut self.organization,
            KeyField::Code => &mut self.code,
            KeyField::TaskId => &mut self.task_id,
            KeyField::TaskName => &mut self.task_name,
            KeyField::System => &mut self.system,
            KeyField::Phase => &mut self.phase,
            KeyField::Applicability => &mut self.applicability,
        }
    }
}

/// One row's key fields as text: trimmed, `None` where blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RowKeys {
    prefecture: Option<String>,
    organization: Option<String>,
    code: Option<String>,
    task_id: Option<String>,
    task_name: Option<String>,
    system: Option<String>,
    phase: Option<String>,
    applicability: Option<String>,
}

impl RowKeys {
    fn read(cells: &KeyCells<'_, '_>, date1904: bool) -> Self {
        let text = |v: Option<&Value<'_>>| v.map(|v| v.display(date1904).trim().to_owned()).filter(|s| !s.is_empty());
        RowKeys {
            prefecture: text(cells.prefecture),
            organization: text(cells.organization),
            code: text(cells.code),
            task_id: text(cells.task_id),
            task_name: text(cells.task_name),
            system: text(cells.system),
            phase: text(cells.phase),
            applicability: text(cells.applicability),
        }
    }

    /// The task as written: the ID column's text, else the name column's.
    fn task(&self) -> Option<&String> {
        self.task_id.as_ref().or(self.task_name.as_ref())
    }

    /// The name column's text when the row also has a task ID (a name column beside an ID
    /// column).
    fn name_beside_id(&self) -> Option<&String> {
        self.task_id.as_ref().and(self.task_name.as_ref())
    }

    /// Whether the applicability column says 対象外 (the not-applicable words of
    /// [`date::is_not_applicable`]) or answers "no" to "applicable?" (×, 無, なし).
    fn not_applicable(&self) -> bool {
        self.applicability
            .as_deref()
            .is_some_and(|t| date::is_not_applicable(t) || matches!(fold(t).as_ref(), "×" | "無" | "なし"))
    }
}

/// The body a row reports on, and the keys a continuation row below takes from it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Body {
    prefecture: Option<String>,
    organization: String,
    code: Option<String>,
    /// The task as written ([`RowKeys::task`]).
    task: Option<String>,
    system: Option<String>,
}

/// The body of a row: its own organization column, else its prefecture column. A row with
/// neither is a *continuation* row (the body written once above, or a vertically merged cell)
/// when it has a date or a task or phase of its own: it takes the last body above, and that
/// body's code, task and system where its own are blank. `None`: the row is no body's.
fn row_body(keys: &RowKeys, any_date: bool, previous: Option<&Body>) -> Option<Body> {
    let task = keys.task().cloned();
    if keys.organization.is_none() && keys.prefecture.is_none() {
        let keyed = task.is_some() || keys.phase.is_some();
        let above = previous.filter(|_| any_date || keyed)?;
        return Some(Body {
            prefecture: above.prefecture.clone(),
            organization: above.organization.clone(),
            code: keys.code.clone().or_else(|| above.code.clone()),
            task: task.or_else(|| above.task.clone()),
            system: keys.system.clone().or_else(|| above.system.clone()),
        });
    }
    Some(Body {
        prefecture: keys.prefecture.clone(),
        organization: keys.organization.clone().or_else(|| keys.prefecture.clone())?,
        code: keys.code.clone(),
        task,
        system: keys.system.clone(),
    })
}

/// Whether the text in a row's organization column names no body: a total (合計, 小計, …), the
/// heading repeated (団体名, 都道府県, …) or a note.
fn is_not_a_body(organization: &str) -> bool {
    let folded = fold(organization);
    vocabulary::is_total(&folded)
        || matches!(vocabulary::key_field(&folded), Some(KeyField::Organization | KeyField::Prefecture))
        || vocabulary::is_note(&folded)
}

/// Folding is the costly part of a row, and the same texts recur row after row: each verdict
/// is reached once per text.
#[derive(Debug, Default)]
struct Judged {
    notes: HashMap<String, bool>,
    not_bodies: HashMap<String, bool>,
    tasks: HashMap<String, (Option<String>, Option<String>)>,
}

impl Judged {
    /// Whether a row starting with this text is a note ([`vocabulary::is_note`]).
    fn is_note(&mut self, first: &str) -> bool {
        if let Some(&known) = self.notes.get(first) {
            return known;
        }
        let verdict = vocabulary::is_note(&fold(first));
        self.notes.insert(first.to_owned(), verdict);
        verdict
    }

    fn is_not_a_body(&mut self, organization: &str) -> bool {
        if let Some(&known) = self.not_bodies.get(organization) {
            return known;
        }
        let verdict = is_not_a_body(organization);
        self.not_bodies.insert(organization.to_owned(), verdict);
        verdict
    }

    /// The task's ID and name ([`vocabulary::split_task`]).
    fn split_task(&mut self, task: &str) -> (Option<String>, Option<String>) {
        if let Some(split) = self.tasks.get(task) {
            return split.clone();
        }
        let split = vocabulary::split_task(task);
        self.tasks.insert(task.to_owned(), split.clone());
        split
    }
}

/// What the items of every row of a sheet share.
struct ItemMaker<'l> {
    groups: &'l [Group],
    /// Each group's task label, split into ID and name.
    group_tasks: Vec<Option<(Option<String>, Option<String>)>>,
    sheet_task: &'l (Option<String>, Option<String>),
    file: String,
    sheet: String,
    date1904: bool,
}

impl<'l> ItemMaker<'l> {
    fn new(sheet: &Sheet<'_>, layout: &'l Layout, file: &str) -> Self {
        ItemMaker {
            groups: &layout.groups,
            group_tasks: layout.groups.iter().map(|g| g.task.as_deref().map(vocabulary::split_task)).collect(),
            sheet_task: &layout.sheet_task,
            file: file.to_owned(),
            sheet: sheet.name.clone(),
            date1904: sheet.date1904,
        }
    }

    /// Appends a body row's items, one per group: the dates of the group's columns; the task of
    /// the group's label, else the row's (its name from a name column beside the ID where the
    /// task text has none), else the sheet's; the group's system and phase, else the row's;
    /// not applicable when the applicability column or a date cell says so.
    fn push_row(
        &self,
        body: &Body,
        keys: &RowKeys,
        dates: &[GroupDates<'_, '_>],
        row: u32,
        judged: &mut Judged,
        out: &mut Vec<Item>,
    ) {
        let row_not_applicable = keys.not_applicable();
        let row_task = body.task.as_deref().map(|t| judged.split_task(t));
        let name_beside_id = keys.name_beside_id();
        for ((group, group_task), cells) in self.groups.iter().zip(&self.group_tasks).zip(dates) {
            let cells: PerSlot<DateCell> = cells.map(|v| date_cell(v, self.date1904));
            let (task_id, task_name) = match (group_task, &row_task) {
                (Some(split), _) => split.clone(),
                (None, Some((id, name))) => (id.clone(), name.clone().or_else(|| name_beside_id.cloned())),
                (None, None) => self.sheet_task.clone(),
            };
            let not_applicable = row_not_applicable || cells.iter().any(|c| *c == DateCell::NotApplicable);
            out.push(Item {
                prefecture: body.prefecture.clone(),
                organization: body.organization.clone(),
                code: body.code.clone(),
                organization_as_written: None,
                body_note: None,
                task_id,
                task_name,
                system: group.system.clone().or_else(|| body.system.clone()),
                phase: group.phase.clone().or_else(|| keys.phase.clone()),
                dates: cells,
                not_applicable,
                source: Source {
                    file: self.file.clone(),
                    sheet: self.sheet.clone(),
                    row: row + 1,
                    columns: group.slots,
                },
            });
        }
    }
}

/// Reads a date column's cell.
pub(crate) fn date_cell(value: Option<&Value<'_>>, date1904: bool) -> DateCell {
    match value {
        None => DateCell::Empty,
        Some(Value::Text(t)) => date::parse_text(t),
        Some(v @ (Value::Number(n) | Value::DateSerial(n))) => match date::from_serial(*n, date1904) {
            Some(d) => DateCell::Date(d),
            None => DateCell::Invalid(v.display(date1904)),
        },
        Some(v) => DateCell::Invalid(v.display(date1904)),
    }
}

#[cfg(test)]
mod tests {
    //! The steps of [`extract`], one behaviour each, on small sheets written here.

    use std::borrow::Cow;

    use chrono::NaiveDate;

    use super::*;
    use crate::workbook::Cell;

    // Columns of the test layout: A 都道府県, B 団体名, C 団体コード, D タスクID, E タスク名,
    // F システム, G フェーズ, H 対象, then one group's four dates in I..L.
    const PREFECTURE: u32 = 0;
    const ORGANIZATION: u32 = 1;
    const CODE: u32 = 2;
    const TASK_ID: u32 = 3;
    const TASK_NAME: u32 = 4;
    const SYSTEM: u32 = 5;
    const PHASE: u32 = 6;
    const APPLICABILITY: u32 = 7;
    const PLANNED_START: u32 = 8;
    const ACTUAL_END: u32 = 11;

    fn text(s: &'static str) -> Value<'static> {
        Value::Text(Cow::Borrowed(s))
    }

    fn row(index: u32, cells: Vec<(u32, Value<'static>)>) -> Row<'static> {
        Row { index, cells: cells.into_iter().map(|(col, value)| Cell { col, value }).collect() }
    }

    fn sheet(rows: Vec<Row<'static>>) -> Sheet<'static> {
        Sheet { name: "進捗".to_owned(), hidden: false, date1904: false, rows, merges: Vec::new() }
    }

    fn group(first: u32) -> Group {
        Group {
            task: None,
            system: None,
            phase: None,
            slots: PerSlot::new(Some(first), Some(first + 1), Some(first + 2), Some(first + 3)),
        }
    }

    /// Every key column and one group of dates, header in row 0.
    fn layout() -> Layout {
        Layout {
            shape: Shape::Long,
            leaf_row: 0,
            keys: Keys {
                organization: ORGANIZATION,
                prefecture: Some(PREFECTURE),
                code: Some(CODE),
                task_id: Some(TASK_ID),
                task_name: Some(TASK_NAME),
                system: Some(SYSTEM),
                phase: Some(PHASE),
                applicability: Some(APPLICABILITY),
            },
            groups: vec![group(PLANNED_START)],
            sheet_task: (None, None),
        }
    }

    /// Two groups of a wide layout (systems ア and イ), organization in A, no other key.
    fn wide_layout() -> Layout {
        let mut first = group(1);
        first.system = Some("ア".to_owned());
        let mut second = group(5);
        second.system = Some("イ".to_owned());
        second.phase = Some("移行".to_owned());
        Layout {
            shape: Shape::Wide,
            leaf_row: 0,
            keys: Keys { organization: 0, ..Keys::default() },
            groups: vec![first, second],
            sheet_task: (None, None),
        }
    }

    fn keys(organization: Option<&str>) -> RowKeys {
        RowKeys { organization: organization.map(str::to_owned), ..RowKeys::default() }
    }

    fn body(organization: &str) -> Body {
        Body { prefecture: None, organization: organization.to_owned(), code: None, task: None, system: None }
    }

    fn date(y: i32, m: u32, d: u32) -> DateCell {
        DateCell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn extract_all(sheet: &Sheet<'_>, layout: &Layout) -> Vec<Item> {
        let mut out = Vec::new();
        extract(sheet, &sheet.rows, layout, "f.xlsx", &mut out);
        out
    }

    /// The items `push_row` makes of one row of `cells` read as a body row of `body`.
    fn items_of(layout: &Layout, body: &Body, cells: Vec<(u32, Value<'static>)>) -> Vec<Item> {
        let sheet = sheet(vec![row(4, cells)]);
        let row = &sheet.rows[0];
        let mut dates = vec![PerSlot::default(); layout.groups.len()];
        let (key_cells, _) = ColumnRoles::new(layout).read(row, &mut dates);
        let mut out = Vec::new();
        ItemMaker::new(&sheet, layout, "f.xlsx").push_row(
            body,
            &RowKeys::read(&key_cells, false),
            &dates,
            row.index,
            &mut Judged::default(),
            &mut out,
        );
        out
    }

    // The column-role map.

    #[test]
    fn roles_name_each_key_column_and_each_date_slot_of_each_group() {
        let roles = ColumnRoles::new(&wide_layout());
        assert_eq!(roles.get(0), Role::Key(KeyField::Organization));
        assert_eq!(roles.get(1), Role::Date(0, Slot::PlannedStart));
        assert_eq!(roles.get(4), Role::Date(0, Slot::ActualEnd));
        assert_eq!(roles.get(5), Role::Date(1, Slot::PlannedStart));
        assert_eq!(roles.get(8), Role::Date(1, Slot::ActualEnd));
    }

    #[test]
    fn columns_the_layout_does_not_use_have_no_role() {
        let mut layout = wide_layout();
        layout.groups[1].slots = PerSlot::new(None, Some(7), None, Some(9));
        let roles = ColumnRoles::new(&layout);
        assert_eq!(roles.get(5), Role::None);
        assert_eq!(roles.get(8), Role::None);
        assert_eq!(roles.get(10), Role::None);
        assert_eq!(roles.get(u32::MAX), Role::None);
    }

    #[test]
    fn a_prefecture_column_that_is_also_the_organization_column_reads_as_the_organization() {
        let layout = Layout { keys: Keys { organization: 0, prefecture: Some(0), ..Keys::default() }, ..wide_layout() };
        assert_eq!(ColumnRoles::new(&layout).get(0), Role::Key(KeyField::Organization));
    }

    // Reading one row's key fields.

    #[test]
    fn a_row_puts_key_cells_by_field_and_date_cells_by_group_and_slot() {
        let sheet = sheet(vec![row(1, vec![(0, text("Ａ市")), (2, Value::DateSerial(42461.0)), (8, text("済"))])]);
        let mut dates = vec![PerSlot::default(); 2];
        let (cells, any_date) = ColumnRoles::new(&wide_layout()).read(&sheet.rows[0], &mut dates);
        assert_eq!(cells, KeyCells { organization: Some(&text("Ａ市")), ..KeyCells::default() });
        assert!(any_date);
        assert_eq!(dates[0], PerSlot::new(None, Some(&Value::DateSerial(42461.0)), None, None));
        assert_eq!(dates[1], PerSlot::new(None, None, None, Some(&text("済"))));
    }

    #[test]
    fn a_row_clears_the_dates_of_the_row_before() {
        let sheet =
            sheet(vec![row(1, vec![(0, text("Ａ市")), (1, Value::Number(1.0))]), row(2, vec![(0, text("Ｂ市"))])]);
        let roles = ColumnRoles::new(&wide_layout());
        let mut dates = vec![PerSlot::default(); 2];
        roles.read(&sheet.rows[0], &mut dates);
        let (_, any_date) = roles.read(&sheet.rows[1], &mut dates);
        assert!(!any_date);
        assert_eq!(dates, vec![PerSlot::default(); 2]);
    }

    #[test]
    fn key_text_is_trimmed_and_blank_text_is_no_key() {
        let sheet =
            sheet(vec![row(1, vec![(PREFECTURE, text("　")), (ORGANIZATION, text(" Ａ市 ")), (CODE, text(""))])]);
        let (cells, _) = ColumnRoles::new(&layout()).read(&sheet.rows[0], &mut [PerSlot::default()]);
        let keys = RowKeys::read(&cells, false);
        assert_eq!(keys, RowKeys { organization: Some("Ａ市".to_owned()), ..RowKeys::default() });
    }

    #[test]
    fn numbers_in_key_columns_read_as_excel_shows_them() {
        let sheet = sheet(vec![row(1, vec![(CODE, Value::Number(131016.0)), (PHASE, Value::Number(2.0))])]);
        let (cells, _) = ColumnRoles::new(&layout()).read(&sheet.rows[0], &mut [PerSlot::default()]);
        let keys = RowKeys::read(&cells, false);
        assert_eq!(keys.code.as_deref(), Some("131016"));
        assert_eq!(keys.phase.as_deref(), Some("2"));
    }

    #[test]
    fn the_task_is_the_id_column_else_the_name_column() {
        let both = RowKeys { task_id: Some("F-3".into()), task_name: Some("改修".into()), ..RowKeys::default() };
        assert_eq!(both.task().map(String::as_str), Some("F-3"));
        let name = RowKeys { task_name: Some("改修".into()), ..RowKeys::default() };
        assert_eq!(name.task().map(String::as_str), Some("改修"));
    }

    #[test]
    fn a_name_column_counts_as_beside_an_id_only_when_the_row_has_an_id() {
        let both = RowKeys { task_id: Some("F-3".into()), task_name: Some("改修".into()), ..RowKeys::default() };
        assert_eq!(both.name_beside_id().map(String::as_str), Some("改修"));
        let name = RowKeys { task_name: Some("改修".into()), ..RowKeys::default() };
        assert_eq!(name.name_beside_id(), None);
    }

    #[test]
    fn applicability_words_mark_a_row_not_applicable_in_any_width() {
        for word in ["対象外", "該当なし", "該当無し", "非該当", "×", "無", "なし", "対象外です", " 対象外 "]
        {
            let keys = RowKeys { applicability: Some(word.to_owned()), ..RowKeys::default() };
            assert!(keys.not_applicable(), "{word}");
        }
        for word in ["対象", "○", "有"] {
            let keys = RowKeys { applicability: Some(word.to_owned()), ..RowKeys::default() };
            assert!(!keys.not_applicable(), "{word}");
        }
        assert!(!RowKeys::default().not_applicable());
    }

    // The continuation (carry-over) rule.

    #[test]
    fn a_row_with_an_organization_is_its_own_body() {
        let row = RowKeys {
            prefecture: Some("東京都".into()),
            organization: Some("Ｂ区".into()),
            code: Some("131016".into()),
            task_name: Some("改修".into()),
            system: Some("住基".into()),
            ..RowKeys::default()
        };
        let above = Body { code: Some("999999".into()), ..body("Ａ市") };
        let got = row_body(&row, false, Some(&above));
        assert_eq!(
            got,
            Some(Body {
                prefecture: Some("東京都".into()),
                organization: "Ｂ区".into(),
                code: Some("131016".into()),
                task: Some("改修".into()),
                system: Some("住基".into()),
            })
        );
    }

    #[test]
    fn a_prefecture_alone_names_the_body() {
        let row = RowKeys { prefecture: Some("東京都".into()), ..RowKeys::default() };
        let got = row_body(&row, false, None);
        assert_eq!(got, Some(Body { prefecture: Some("東京都".into()), ..body("東京都") }));
    }

    #[test]
    fn a_continuation_row_with_dates_takes_the_body_above() {
        let above = Body {
            prefecture: Some("東京都".into()),
            code: Some("131016".into()),
            task: Some("F-3".into()),
            system: Some("住基".into()),
            ..body("Ｂ区")
        };
        assert_eq!(row_body(&keys(None), true, Some(&above)), Some(above));
    }

    #[test]
    fn a_continuation_row_keeps_its_own_code_task_and_system() {
        let above =
            Body { code: Some("1".into()), task: Some("F-3".into()), system: Some("住基".into()), ..body("Ｂ区") };
        let row = RowKeys {
            code: Some("2".into()),
            task_name: Some("F-4".into()),
            system: Some("税".into()),
            ..RowKeys::default()
        };
        let got = row_body(&row, false, Some(&above));
        assert_eq!(
            got,
            Some(Body {
                code: Some("2".into()), task: Some("F-4".into()), system: Some("税".into()), ..body("Ｂ区")
            })
        );
    }

    #[test]
    fn a_continuation_row_needs_a_date_a_task_or_a_phase() {
        let above = body("Ｂ区");
        let with_phase = RowKeys { phase: Some("移行".into()), ..RowKeys::default() };
        assert_eq!(row_body(&with_phase, false, Some(&above)), Some(body("Ｂ区")));
        let with_task = RowKeys { task_id: Some("F-3".into()), ..RowKeys::default() };
        assert_eq!(row_body(&with_task, false, Some(&above)).map(|b| b.organization), Some("Ｂ区".to_owned()));
        let with_system_only = RowKeys { system: Some("住基".into()), ..RowKeys::default() };
        assert_eq!(row_body(&with_system_only, false, Some(&above)), None);
    }

    #[test]
    fn a_continuation_row_with_no_body_above_is_no_body() {
        assert_eq!(row_body(&keys(None), true, None), None);
    }

    // The not-a-body test.

    #[test]
    fn totals_are_not_bodies() {
        for t in ["合計", "小計", "計", "総計", "全体"] {
            assert!(is_not_a_body(t), "{t}");
        }
    }

    #[test]
    fn a_repeated_heading_is_not_a_body() {
        for t in ["団体名", "市区町村名", "都道府県", "都道府県名"] {
            assert!(is_not_a_body(t), "{t}");
        }
    }

    #[test]
    fn a_note_is_not_a_body() {
        assert!(is_not_a_body("※ 回答のない団体は除く"));
        assert!(is_not_a_body("備考"));
    }

    #[test]
    fn municipalities_and_prefectures_are_bodies() {
        for t in ["Ａ市", "東京都", "千代田区", "北海道"] {
            assert!(!is_not_a_body(t), "{t}");
        }
    }

    #[test]
    fn the_not_a_body_verdict_is_the_same_when_remembered() {
        let mut judged = Judged::default();
        assert!(judged.is_not_a_body("合計"));
        assert!(judged.is_not_a_body("合計"));
        assert!(!judged.is_not_a_body("Ａ市"));
        assert!(!judged.is_not_a_body("Ａ市"));
    }

    // Building the items of a row.

    #[test]
    fn a_body_row_gives_one_item_per_group_with_its_dates_system_phase_and_columns() {
        let items =
            items_of(&wide_layout(), &body("Ａ市"), vec![(2, Value::DateSerial(42461.0)), (8, text("2017/3/31"))]);
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].dates,
            PerSlot::from([DateCell::Empty, date(2016, 4, 1), DateCell::Empty, DateCell::Empty])
        );
        assert_eq!(items[0].system.as_deref(), Some("ア"));
        assert_eq!(items[0].phase, None);
        assert_eq!(items[0].source.columns, PerSlot::from([Some(1), Some(2), Some(3), Some(4)]));
        assert_eq!(
            items[1].dates,
            PerSlot::from([DateCell::Empty, DateCell::Empty, DateCell::Empty, date(2017, 3, 31)])
        );
        assert_eq!(items[1].system.as_deref(), Some("イ"));
        assert_eq!(items[1].phase.as_deref(), Some("移行"));
        assert_eq!(items[1].source.columns, PerSlot::from([Some(5), Some(6), Some(7), Some(8)]));
    }

    #[test]
    fn an_item_names_its_file_sheet_and_one_based_row() {
        let items = items_of(&layout(), &body("Ａ市"), vec![]);
        assert_eq!(items[0].source.file, "f.xlsx");
        assert_eq!(items[0].source.sheet, "進捗");
        assert_eq!(items[0].source.row, 5);
    }

    #[test]
    fn the_body_gives_the_items_prefecture_organization_code_and_system() {
        let body = Body {
            prefecture: Some("東京都".into()),
            code: Some("131016".into()),
            system: Some("住基".into()),
            ..body("Ｂ区")
        };
        let item = &items_of(&layout(), &body, vec![])[0];
        assert_eq!(item.prefecture.as_deref(), Some("東京都"));
        assert_eq!(item.organization, "Ｂ区");
        assert_eq!(item.code.as_deref(), Some("131016"));
        assert_eq!(item.system.as_deref(), Some("住基"));
    }

    #[test]
    fn a_groups_system_and_phase_win_over_the_rows() {
        let body = Body { system: Some("住基".into()), ..body("Ａ市") };
        let mut layout = wide_layout();
        layout.keys.phase = Some(20);
        let items = items_of(&layout, &body, vec![(20, text("設計"))]);
        assert_eq!((items[0].system.as_deref(), items[0].phase.as_deref()), (Some("ア"), Some("設計")));
        assert_eq!((items[1].system.as_deref(), items[1].phase.as_deref()), (Some("イ"), Some("移行")));
    }

    #[test]
    fn the_rows_task_is_split_into_id_and_name() {
        let body = Body { task: Some("F-3 既存業務システムの改修".into()), ..body("Ａ市") };
        let item = &items_of(&layout(), &body, vec![])[0];
        assert_eq!(item.task_id.as_deref(), Some("F-3"));
        assert_eq!(item.task_name.as_deref(), Some("既存業務システムの改修"));
    }

    #[test]
    fn a_name_column_beside_an_id_column_names_the_task() {
        let body = Body { task: Some("F-3".into()), ..body("Ａ市") };
        let item = &items_of(&layout(), &body, vec![(TASK_ID, text("F-3")), (TASK_NAME, text("改修"))])[0];
        assert_eq!((item.task_id.as_deref(), item.task_name.as_deref()), (Some("F-3"), Some("改修")));
    }

    #[test]
    fn a_groups_task_wins_over_the_rows() {
        let mut layout = layout();
        layout.groups[0].task = Some("F-4 移行".into());
        let body = Body { task: Some("F-3 改修".into()), ..body("Ａ市") };
        let item = &items_of(&layout, &body, vec![])[0];
        assert_eq!((item.task_id.as_deref(), item.task_name.as_deref()), (Some("F-4"), Some("移行")));
    }

    #[test]
    fn without_a_task_in_group_or_row_the_sheets_task_is_taken() {
        let mut layout = layout();
        layout.sheet_task = (Some("F-3".into()), Some("改修".into()));
        let item = &items_of(&layout, &body("Ａ市"), vec![])[0];
        assert_eq!((item.task_id.as_deref(), item.task_name.as_deref()), (Some("F-3"), Some("改修")));
    }

    #[test]
    fn a_not_applicable_date_cell_marks_the_item_not_applicable() {
        let item = &items_of(&layout(), &body("Ａ市"), vec![(ACTUAL_END, text("対象外"))])[0];
        assert!(item.not_applicable);
        assert_eq!(item.dates[Slot::ActualEnd], DateCell::NotApplicable);
        assert!(!items_of(&layout(), &body("Ａ市"), vec![(ACTUAL_END, text("2017/3/31"))])[0].not_applicable);
    }

    #[test]
    fn the_applicability_column_marks_every_item_of_the_row_not_applicable() {
        let mut layout = wide_layout();
        layout.keys.applicability = Some(20);
        let items = items_of(&layout, &body("Ａ市"), vec![(20, text("該当なし"))]);
        assert!(items.iter().all(|i| i.not_applicable));
    }

    // The whole of `extract` on small sheets.

    #[test]
    fn rows_down_to_the_leaf_row_are_not_data() {
        let layout = Layout { leaf_row: 1, ..wide_layout() };
        let sheet = sheet(vec![
            row(0, vec![(0, text("Ａ市"))]),
            row(1, vec![(0, text("Ｂ市"))]),
            row(2, vec![(0, text("Ｃ市"))]),
        ]);
        let items = extract_all(&sheet, &layout);
        assert!(items.iter().all(|i| i.organization == "Ｃ市"), "{items:?}");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn a_note_row_gives_no_items_even_with_dates() {
        let sheet = sheet(vec![row(1, vec![(0, text("※ 2016/4/1 時点")), (1, text("2016/4/1"))])]);
        assert_eq!(extract_all(&sheet, &wide_layout()), Vec::new());
    }

    #[test]
    fn a_continuation_row_below_a_total_takes_the_body_above_the_total() {
        let sheet = sheet(vec![
            row(1, vec![(0, text("Ａ市")), (1, text("2016/4/1"))]),
            row(2, vec![(0, text("合計")), (1, text("2016/4/1"))]),
            row(3, vec![(1, text("2016/5/1"))]),
        ]);
        let items = extract_all(&sheet, &wide_layout());
        let rows: Vec<(u32, &str)> = items.iter().map(|i| (i.source.row, i.organization.as_str())).collect();
        assert_eq!(rows, [(2, "Ａ市"), (2, "Ａ市"), (4, "Ａ市"), (4, "Ａ市")]);
    }

    #[test]
    fn extract_returns_how_many_items_it_appended() {
        let sheet = sheet(vec![row(1, vec![(0, text("Ａ市"))])]);
        let mut out = extract_all(&sheet, &wide_layout());
        assert_eq!(extract(&sheet, &sheet.rows, &wide_layout(), "g.xlsx", &mut out), 2);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn an_action_plan_body_is_resolved_through_the_register() {
        let sheet = sheet(vec![row(1, vec![(0, text("北海道札幌市")), (1, text("2016/4/1"))])]);
        let items = extract_all(&sheet, &wide_layout());
        let first = items.first().map(|i| {
            (i.prefecture.as_deref(), i.organization.as_str(), i.code.as_deref(), i.organization_as_written.as_deref())
        });
        assert_eq!(first, Some((Some("北海道"), "札幌市", Some("011002"), Some("北海道札幌市"))));
    }
}
