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

pub mod standardisation;
pub mod vocabulary;

use std::collections::HashMap;

use thiserror::Error;

use crate::date::{self, DateCell};
use crate::item::{Item, Slot, Source};
pub use crate::organization::looks_like_prefecture;
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
    pub fn message_ja(&self) -> String {
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
    /// The column of each date slot, indexed by [`Slot::index`].
    pub slots: [Option<u32>; 4],
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
                if !s.is_empty() {
                    line[cell.col as usize] = Some(s.to_owned());
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
            let Some(Some(value)) = self.text[top].get(m.first_col as usize).cloned() else { continue };
            for (i, &r) in self.index.iter().enumerate() {
                if r < m.first_row || r > m.last_row {
                    continue;
                }
                let last = m.last_col.min(self.width.saturating_sub(1));
                for c in m.first_col..=last {
                    if let Some(cell) = self.text[i].get_mut(c as usize) {
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
    while top > 0 && leaf - top < MAX_BLOCK_ABOVE && grid.index[top - 1] + 1 == grid.index[top] {
        top -= 1;
    }

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
        let mut group = Group { task: None, system: None, phase: None, slots: [None; 4] };
        for r in top..leaf {
            let Some(label) = labels[r - top][k].as_deref() else { continue };
            match roles[r - top] {
                RowRole::Kind => kind = kind.or(vocabulary::kind_label(&fold(label))),
                RowRole::Level(Level::Task) => group.task = Some(label.to_owned()),
                RowRole::Level(Level::System) => group.system = Some(label.to_owned()),
                RowRole::Level(Level::Phase) => group.phase = Some(label.to_owned()),
                RowRole::Ignored => {}
            }
        }
        let Some(kind) = kind else { continue };
        any_kind = true;
        let slot = vocabulary::slot(kind, field.edge).index();
        let existing =
            groups.iter_mut().find(|g| g.task == group.task && g.system == group.system && g.phase == group.phase);
        match existing {
            Some(g) => {
                if g.slots[slot].is_none() {
                    g.slots[slot] = Some(col);
                }
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

    let keys = find_keys(sheet, &grid, top, leaf, &date_cols)?;
    let shape = if groups.len() > 1 || groups.iter().any(|g| g.system.is_some() || g.phase.is_some()) {
        Shape::Wide
    } else {
        Shape::Long
    };
    let sheet_task = sheet_task(sheet, &grid, leaf, &date_cols);
    Ok(Layout { shape, leaf_row: grid.index[leaf], keys, groups, sheet_task })
}

/// Reads the hierarchy labels over the date columns, rows `top..leaf`, filling blanks from
/// the left where the labels above agree. `result[row - top][k]` is the label over the
/// k-th date column.
fn fill_labels(grid: &HeaderGrid, top: usize, leaf: usize, date_cols: &[u32]) -> Vec<Vec<Option<String>>> {
    let mut labels: Vec<Vec<Option<String>>> = Vec::with_capacity(leaf - top);
    for r in top..leaf {
        let mut line: Vec<Option<String>> = Vec::with_capacity(date_cols.len());
        for (k, &c) in date_cols.iter().enumerate() {
            let own = grid.get(r, c).map(str::to_owned);
            let filled = match own {
                Some(t) => Some(t),
                None if k > 0 => {
                    let p = date_cols[k - 1];
                    // Only across columns that belong to the same table (no foreign heading
                    // in the leaf row between them), and only under the same parents.
                    let contiguous = (p + 1..c).all(|x| grid.get(leaf, x).is_none());
                    let same_parents = labels.iter().all(|above| above[k - 1] == above[k]);
                    if contiguous && same_parents {
                        line[k - 1].clone()
                    } else {
                        None
                    }
                }
                None => None,
            };
            line.push(filled);
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
        if roles[i] != RowRole::Ignored || labels[i].iter().all(Option::is_none) {
            continue;
        }
        if !has(&roles, Level::Phase) {
            roles[i] = RowRole::Level(Level::Phase);
        } else if !has(&roles, Level::System) {
            roles[i] = RowRole::Level(Level::System);
        }
    }
    roles
}

/// Finds the key columns: by heading, then by the look of the data.
fn find_keys(
    sheet: &Sheet<'_>,
    grid: &HeaderGrid,
    top: usize,
    leaf: usize,
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
    let samples = sample_column_values(sheet, grid.index[leaf], &org_cols);
    org_cols.retain(|c| samples.get(c).is_some_and(|v| !v.is_empty()));
    if keys.code.is_none() {
        if let Some(pos) = org_cols.iter().position(|c| samples[c].iter().all(|v| looks_like_code(v))) {
            keys.code = Some(org_cols.remove(pos));
        }
    }
    match org_cols.len() {
        0 => match keys.prefecture {
            Some(p) => keys.organization = p,
            None => return Err(SkipReason::NoOrganizationColumn),
        },
        1 => keys.organization = org_cols[0],
        _ => {
            // Prefecture then body: the first column whose values all look like prefectures.
            let last = org_cols[org_cols.len() - 1];
            if keys.prefecture.is_none() {
                keys.prefecture = org_cols[..org_cols.len() - 1]
                    .iter()
                    .copied()
                    .find(|c| samples[c].iter().all(|v| looks_like_prefecture(v)));
            }
            keys.organization = last;
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

/// Turns the data rows of a sheet into items, appending them to `out`; returns how many.
pub fn extract(sheet: &Sheet<'_>, layout: &Layout, file: &str, out: &mut Vec<Item>) -> usize {
    let before = out.len();
    let keys = &layout.keys;
    // Column → role, dense up to the widest column the layout uses.
    #[derive(Clone, Copy)]
    enum Role {
        None,
        Key(KeyField),
        Date(usize, Slot),
    }
    let mut width = keys.organization + 1;
    for c in [keys.prefecture, keys.code, keys.task_id, keys.task_name, keys.system, keys.phase, keys.applicability]
        .into_iter()
        .flatten()
        .chain(layout.groups.iter().flat_map(|g| g.slots.iter().flatten().copied()))
    {
        width = width.max(c + 1);
    }
    let mut roles = vec![Role::None; width as usize];
    let mut set_key = |c: Option<u32>, k: KeyField| {
        if let Some(c) = c {
            roles[c as usize] = Role::Key(k);
        }
    };
    set_key(keys.prefecture, KeyField::Prefecture);
    set_key(keys.code, KeyField::Code);
    set_key(keys.task_id, KeyField::TaskId);
    set_key(keys.task_name, KeyField::TaskName);
    set_key(keys.system, KeyField::System);
    set_key(keys.phase, KeyField::Phase);
    set_key(keys.applicability, KeyField::Applicability);
    roles[keys.organization as usize] = Role::Key(KeyField::Organization);
    for (g, group) in layout.groups.iter().enumerate() {
        for slot in Slot::ALL {
            if let Some(c) = group.slots[slot.index()] {
                roles[c as usize] = Role::Date(g, slot);
            }
        }
    }

    let sheet_name = sheet.name.clone();
    let file = file.to_owned();
    let mut dates: Vec<[Option<&Value<'_>>; 4]> = vec![[None; 4]; layout.groups.len()];
    // The last body row's (prefecture, organization, code, task, system), for continuation rows.
    type Carried = (Option<String>, String, Option<String>, Option<String>, Option<String>);
    let mut previous: Option<Carried> = None;
    // Folding is the costly part of a row; the same texts recur row after row.
    let mut notes: HashMap<&str, bool> = HashMap::new();
    let mut not_bodies: HashMap<String, bool> = HashMap::new();
    let mut tasks: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    let group_tasks: Vec<Option<(Option<String>, Option<String>)>> =
        layout.groups.iter().map(|g| g.task.as_deref().map(vocabulary::split_task)).collect();

    for row in sheet.rows.iter().filter(|r| r.index > layout.leaf_row) {
        let mut fields: [Option<&Value<'_>>; 8] = [None; 8];
        for d in dates.iter_mut() {
            *d = [None; 4];
        }
        let mut any_date = false;
        for cell in &row.cells {
            match roles.get(cell.col as usize) {
                Some(Role::Key(k)) => fields[key_index(*k)] = Some(&cell.value),
                Some(Role::Date(g, slot)) => {
                    dates[*g][slot.index()] = Some(&cell.value);
                    any_date = true;
                }
                _ => {}
            }
        }
        if let Some(first) = row.cells.first().and_then(|c| c.value.as_text()) {
            if *notes.entry(first).or_insert_with(|| vocabulary::is_note(&fold(first))) {
                continue;
            }
        }
        let text = |k: KeyField| {
            fields[key_index(k)].map(|v| v.display(sheet.date1904).trim().to_owned()).filter(|s| !s.is_empty())
        };
        let mut prefecture = text(KeyField::Prefecture);
        let mut organization = text(KeyField::Organization);
        let mut code = text(KeyField::Code);
        let mut task_text = text(KeyField::TaskId).or_else(|| text(KeyField::TaskName));
        let mut system = text(KeyField::System);
        let keyed = task_text.is_some() || text(KeyField::Phase).is_some();
        if organization.is_none() && prefecture.is_none() {
            // A continuation row: the body written once above (or a vertically merged cell).
            match &previous {
                Some((p, o, c, t, s)) if any_date || keyed => {
                    prefecture = p.clone();
                    organization = Some(o.clone());
                    code = code.or_else(|| c.clone());
                    task_text = task_text.or_else(|| t.clone());
                    system = system.or_else(|| s.clone());
                }
                _ => continue,
            }
        }
        let Some(organization) = organization.or_else(|| prefecture.clone()) else { continue };
        let not_a_body = match not_bodies.get(organization.as_str()) {
            Some(&known) => known,
            None => {
                let folded = fold(&organization);
                let verdict = vocabulary::is_total(&folded)
                    || matches!(vocabulary::key_field(&folded), Some(KeyField::Organization | KeyField::Prefecture))
                    || vocabulary::is_note(&folded);
                not_bodies.insert(organization.clone(), verdict);
                verdict
            }
        };
        if not_a_body {
            continue;
        }
        previous = Some((prefecture.clone(), organization.clone(), code.clone(), task_text.clone(), system.clone()));

        let applicability_na = text(KeyField::Applicability).is_some_and(|t| {
            matches!(fold(&t).as_ref(), "対象外" | "該当なし" | "非該当" | "×" | "無" | "なし" | "対象外です")
        });
        let row_task = task_text.as_deref().map(|t| match tasks.get(t) {
            Some(split) => split.clone(),
            None => {
                let split = vocabulary::split_task(t);
                tasks.insert(t.to_owned(), split.clone());
                split
            }
        });
        // A task name column beside a task ID column.
        let name_col = match (text(KeyField::TaskId), text(KeyField::TaskName)) {
            (Some(_), Some(name)) => Some(name),
            _ => None,
        };
        let phase = text(KeyField::Phase);
        for (g, group) in layout.groups.iter().enumerate() {
            let cells: [DateCell; 4] = std::array::from_fn(|i| date_cell(dates[g][i], sheet.date1904));
            let (task_id, task_name) = match (&group_tasks[g], &row_task) {
                (Some(split), _) => split.clone(),
                (None, Some((id, name))) => (id.clone(), name.clone().or_else(|| name_col.clone())),
                (None, None) => layout.sheet_task.clone(),
            };
            let not_applicable = applicability_na || cells.contains(&DateCell::NotApplicable);
            out.push(Item {
                prefecture: prefecture.clone(),
                organization: organization.clone(),
                code: code.clone(),
                task_id,
                task_name,
                system: group.system.clone().or_else(|| system.clone()),
                phase: group.phase.clone().or_else(|| phase.clone()),
                dates: cells,
                not_applicable,
                source: Source {
                    file: file.clone(),
                    sheet: sheet_name.clone(),
                    row: row.index + 1,
                    columns: group.slots,
                },
            });
        }
    }
    out.len() - before
}

fn key_index(k: KeyField) -> usize {
    match k {
        KeyField::Prefecture => 0,
        KeyField::Organization => 1,
        KeyField::Code => 2,
        KeyField::TaskId => 3,
        KeyField::TaskName => 4,
        KeyField::System => 5,
        KeyField::Phase => 6,
        KeyField::Applicability => 7,
    }
}

/// Reads a date column's cell.
pub fn date_cell(value: Option<&Value<'_>>, date1904: bool) -> DateCell {
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
