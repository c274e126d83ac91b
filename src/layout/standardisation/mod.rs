//! Detecting the standardisation programme's shapes (SPEC §9.1) by the meaning of their
//! headings, and reading them into [`Systems`].
//!
//! Four shapes, tried in this order on every sheet before the action-plan layouts:
//!
//! 1. **Wide step table** ([`steps`]): a header row with three or more step headings (`①-1`,
//!    `推進体制案の作成`, or both; codes and names may be on two rows), one row per (body, 業務).
//! 2. **Long step table** ([`steps`]): a step column and a status column (進捗状況 / ステータス /
//!    状況), one row per (body, 業務, step), optionally dates and a 特定移行支援 mark per row.
//! 3. **Completion-rate table** or **特定移行支援 list with marks** ([`rates`]): a header row
//!    with three or more 業務 names; a list when the sheet name, a title or a heading names
//!    特定移行支援 (or 移行困難), else rates.
//! 4. **特定移行支援 list, one pair per row** ([`rates`]): such a title and a 業務 column.
//!
//! In every shape the body columns are found by heading (都道府県名, 市区町村名, 団体コード); a
//! body cell holding `-` or left blank beside a prefecture means the prefecture itself, and a
//! table without a body column reports the prefectures themselves.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod rates;
pub mod steps;

use std::borrow::Borrow;

use crate::layout::vocabulary::{self, Edge, KeyField, Kind};
use crate::layout::{HeaderGrid, SkipReason};
use crate::profile::{heading_core, hyojunka, register, step_code_len, Profile, Vocabulary};
use crate::system::Systems;
use crate::text::fold;
use crate::workbook::{Row, Sheet, Value};

/// Header rows above the detected row that may still carry key headings (merged titles).
const KEY_ROWS_ABOVE: usize = 3;
/// Step or 業務 headings a row needs to be read as a wide header.
const MIN_HEADINGS: usize = 3;
/// 業務 headings a row needs to be read as a rate table or a list of marks: two, since the
/// prefectures' own file has just 児童扶養手当 and 生活保護 (SPEC §9).
const MIN_TASK_HEADINGS: usize = 2;

/// Which of SPEC §9.1's shapes a sheet has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Shape {
    WideSteps,
    LongSteps,
    Rates,
    MarkList,
    PairList,
}

/// The key columns of a standardisation table, found by heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Keys {
    pub prefecture: Option<u32>,
    pub organization: Option<u32>,
    pub code: Option<u32>,
    /// The 業務 column.
    pub task: Option<u32>,
    /// The step column (long shape).
    pub step: Option<u32>,
    /// A second step column (`ステップ番号` then `ステップ名`): its text follows the first's.
    pub step_name: Option<u32>,
    /// The status column (long shape).
    pub status: Option<u32>,
    /// A column marking the system 特定移行支援システム.
    pub designated: Option<u32>,
    pub planned_start: Option<u32>,
    pub planned_end: Option<u32>,
    pub actual_end: Option<u32>,
}

/// What detection found on a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub shape: Shape,
    /// 0-based row index of the last header row; data starts below it.
    pub last_header_row: u32,
    pub keys: Keys,
    /// Wide step table: each step column and its heading as written.
    pub steps: Vec<(u32, String)>,
    /// Rate table or mark list: each 業務 column and its heading as written.
    pub tasks: Vec<(u32, String)>,
}

/// The built-in programme's words, for recognising headings before a profile is chosen.
fn builtin() -> &'static Vocabulary {
    static VOCABULARY: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary::of(&Profile::hyojunka()))
}

/// Whether a heading names a step: it starts with a step code, or is one of the steps' names.
fn is_step_heading(text: &str) -> bool {
    let folded = fold(text);
    step_code_len(&folded).is_some() || builtin().step(text).is_some()
}

/// Whether a heading names one of the programme's 業務 (or one it ignores, such as 共通機能).
fn task_heading(text: &str) -> Option<bool> {
    let v = builtin();
    if v.task(text).is_some() {
        Some(true)
    } else if v.is_ignored_task(text) {
        Some(false)
    } else {
        None
    }
}

/// The headings of row `r` between its first and last 業務 heading (`tasks`) that name no 業務,
/// no key column and no overall figure (完了率, 合計, 備考): 業務 the programme does not know.
fn unknown_task_headings(grid: &HeaderGrid, r: usize, tasks: &[(u32, String)]) -> Vec<(u32, String)> {
    let (Some(first), Some(last)) = (tasks.first().map(|t| t.0), tasks.last().map(|t| t.0)) else {
        return Vec::new();
    };
    ((first + 1)..last)
        .filter(|c| !tasks.iter().any(|(t, _)| t == c))
        .filter_map(|c| {
            let t = grid.get(r, c)?;
            let f = fold(t);
            let overall = ["完了率", "合計", "備考", "平均", "全体", "計"].iter().any(|w| f.contains(w));
            (!overall && heading(t).is_none() && task_heading(t).is_none()).then(|| (c, t.to_owned()))
        })
        .collect()
}

/// What a standardisation table's column heading names, beyond [`vocabulary::key_field`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Prefecture,
    Organization,
    Code,
    Task,
    Step,
    Status,
    Designated,
    PlannedStart,
    PlannedEnd,
    ActualEnd,
}

fn heading(text: &str) -> Option<Heading> {
    let folded = fold(text);
    let t = heading_core(&folded);
    if t.contains("特定移行支援") || t.contains("移行困難") {
        return Some(Heading::Designated);
    }
    if matches!(
        t,
        "業務"
            | "業務名"
            | "対象業務"
            | "対象業務名"
            | "標準化対象業務"
            | "業務名称"
            | "標準化対象事務"
            | "事務名"
            | "業務区分"
    ) {
        return Some(Heading::Task);
    }
    if matches!(
        t,
        "作業ステップ"
            | "ステップ"
            | "ステップ名"
            | "作業ステップ名"
            | "手順"
            | "手順書ステップ"
            | "作業手順"
            | "ステップ番号"
    ) {
        return Some(Heading::Step);
    }
    if matches!(
        t,
        "進捗状況" | "ステータス" | "状況" | "進捗" | "進捗ステータス" | "作業状況" | "対応状況" | "進捗区分"
    ) {
        return Some(Heading::Status);
    }
    match vocabulary::key_field(t) {
        Some(KeyField::Prefecture) => return Some(Heading::Prefecture),
        Some(KeyField::Organization) => return Some(Heading::Organization),
        Some(KeyField::Code) => return Some(Heading::Code),
        _ => {}
    }
    let field = vocabulary::date_field(t)?;
    match (field.kind, field.edge) {
        (Some(Kind::Planned), Edge::Start) => Some(Heading::PlannedStart),
        (Some(Kind::Planned), Edge::End) => Some(Heading::PlannedEnd),
        (Some(Kind::Actual), Edge::End) => Some(Heading::ActualEnd),
        _ => None,
    }
}

/// Whether the sheet says it is about 特定移行支援システム: in its name, a title or a heading.
fn names_designation(sheet: &Sheet<'_>, grid: &HeaderGrid, through: usize) -> bool {
    let says = |t: &str| {
        let f = fold(t);
        f.contains("特定移行支援") || f.contains("移行困難")
    };
    says(&sheet.name) || grid.text.iter().take(through + 1).flatten().flatten().any(|t| says(t))
}

/// Data rows examined to tell a rate table from a list of marks.
pub(crate) const EVIDENCE_ROWS: usize = 30;

/// How many cells under the 業務 columns of the first data rows read as rates (numbers other
/// than 1, percentages) and how many as marks (○, ●, ✓, 該当, はい, …); `1` counts as neither.
fn cell_evidence(sheet: &Sheet<'_>, header_row: u32, tasks: &[(u32, String)]) -> (usize, usize) {
    let (mut numbers, mut marks) = (0, 0);
    for row in sheet.rows.iter().filter(|r| r.index > header_row).take(EVIDENCE_ROWS) {
        for (c, _) in tasks {
            let value = row.get(*c);
            match value {
                Some(Value::Number(n)) if *n != 1.0 => numbers += 1,
                Some(Value::Text(t)) if is_rate_text(t) => numbers += 1,
                _ if is_mark(value) && !matches!(value, Some(Value::Number(_))) => marks += 1,
                _ => {}
            }
        }
    }
    (numbers, marks)
}

/// Text that reads as a rate: a number, with or without a percent sign, other than `1`.
fn is_rate_text(t: &str) -> bool {
    let f = fold(t);
    let number = f.strip_suffix('%').unwrap_or(&f);
    number != "1" && number.parse::<f64>().is_ok()
}

/// Finds the key columns: for each column, the heading nearest above the data among rows
/// `top..=last`; the first column of each kind wins.
fn find_keys(grid: &HeaderGrid, top: usize, last: usize) -> Keys {
    let mut keys = Keys::default();
    for c in 0..grid.width {
        let Some(h) = (top..=last).rev().find_map(|r| grid.get(r, c)).and_then(heading) else { continue };
        let slot = match h {
            Heading::Prefecture => &mut keys.prefecture,
            Heading::Organization => &mut keys.organization,
            Heading::Code => &mut keys.code,
            Heading::Task => &mut keys.task,
            Heading::Step if keys.step.is_some() => &mut keys.step_name,
            Heading::Step => &mut keys.step,
            Heading::Status => &mut keys.status,
            Heading::Designated => &mut keys.designated,
            Heading::PlannedStart => &mut keys.planned_start,
            Heading::PlannedEnd => &mut keys.planned_end,
            Heading::ActualEnd => &mut keys.actual_end,
        };
        if slot.is_none() {
            *slot = Some(c);
        }
    }
    keys
}

/// Finds which of SPEC §9.1's shapes a sheet has, if any.
pub(crate) fn detect(sheet: &Sheet<'_>) -> Option<Found> {
    if sheet.rows.is_empty() {
        return None;
    }
    let grid = HeaderGrid::new(sheet);
    let rows = grid.text.len();
    let top_of = |r: usize| r.saturating_sub(KEY_ROWS_ABOVE);

    // 1. Wide step table: the first row with enough step headings.
    for r in 0..rows {
        let cols: Vec<u32> = (0..grid.width).filter(|&c| grid.get(r, c).is_some_and(is_step_heading)).collect();
        if cols.len() < MIN_HEADINGS {
            continue;
        }
        let steps = steps::headings(&grid, r, &cols);
        let last = if steps.1 { r + 1 } else { r };
        let keys = find_keys(&grid, top_of(r), last);
        if keys.organization.is_none() && keys.prefecture.is_none() || keys.task.is_none() {
            continue;
        }
        return Some(Found {
            shape: Shape::WideSteps,
            last_header_row: grid.index.get(last).copied()?,
            keys,
            steps: steps.0,
            tasks: Vec::new(),
        });
    }

    // 2. Long step table: a step column and a status column under one header row.
    for r in 0..rows {
        let keys = find_keys(&grid, r, r);
        if keys.step.is_some()
            && keys.status.is_some()
            && keys.task.is_some()
            && (keys.organization.is_some() || keys.prefecture.is_some())
        {
            let keys = Keys { ..find_keys(&grid, top_of(r), r) };
            return Some(Found {
                shape: Shape::LongSteps,
                last_header_row: grid.index.get(r).copied()?,
                keys,
                steps: Vec::new(),
                tasks: Vec::new(),
            });
        }
    }

    // 3. Rates, or a list with a mark per 業務: the first row with enough 業務 headings.
    for r in 0..rows {
        let mut tasks = Vec::new();
        let mut named = 0;
        for c in 0..grid.width {
            let Some(t) = grid.get(r, c) else { continue };
            match task_heading(t) {
                Some(true) => {
                    tasks.push((c, t.to_owned()));
                    named += 1;
                }
                Some(false) => named += 1,
                None => {}
            }
        }
        if named < MIN_TASK_HEADINGS || tasks.is_empty() {
            continue;
        }
        let keys = find_keys(&grid, top_of(r), r);
        if keys.organization.is_none() && keys.prefecture.is_none() {
            continue;
        }
        // A heading among the 業務 headings that names none of them is a 業務 the programme does
        // not know: read like the others, so the classifier notes its rows and makes no system
        // of them (issue 17), rather than passed over in silence.
        let unknown = unknown_task_headings(&grid, r, &tasks);
        if !unknown.is_empty() {
            tasks.extend(unknown);
            tasks.sort_by_key(|(c, _)| *c);
        }
        let last_header_row = grid.index.get(r).copied()?;
        // The cells decide where they can (rates are numbers, a list holds marks); the sheet's
        // words only break a tie, so a rate sheet titled "…特定移行支援システムを含む" stays rates.
        let (numbers, marks) = cell_evidence(sheet, last_header_row, &tasks);
        let shape = if marks > numbers {
            Shape::MarkList
        } else if numbers > marks {
            Shape::Rates
        } else if names_designation(sheet, &grid, r) {
            Shape::MarkList
        } else {
            Shape::Rates
        };
        return Some(Found { shape, last_header_row, keys, steps: Vec::new(), tasks });
    }

    // 4. A list of (body, 業務) pairs.
    for r in 0..rows {
        let keys = find_keys(&grid, r, r);
        if keys.task.is_some()
            && (keys.organization.is_some() || keys.prefecture.is_some())
            && names_designation(sheet, &grid, r)
        {
            return Some(Found {
                shape: Shape::PairList,
                last_header_row: grid.index.get(r).copied()?,
                keys: find_keys(&grid, top_of(r), r),
                steps: Vec::new(),
                tasks: Vec::new(),
            });
        }
    }
    None
}

/// Reads the data rows of a sheet of one of SPEC §9.1's shapes, as [`detect`] found it, into
/// `out` (`rows`: the sheet's rows, or those after its first ones; those down to the header are
/// passed over): how many systems or designations it gave, or why it gave none.
pub(crate) fn read<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    found: &Found,
    rows: impl IntoIterator<Item = R>,
    file: &str,
    out: &mut Systems,
) -> Result<usize, SkipReason> {
    let (reports, designations) = (out.reports.len(), out.designations.len());
    let rows = rows.into_iter().filter(|r| r.borrow().index > found.last_header_row);
    let n = match found.shape {
        Shape::WideSteps => steps::read_wide(sheet, found, rows, file, out),
        Shape::LongSteps => steps::read_long(sheet, found, rows, file, out),
        Shape::Rates => rates::read_rates(sheet, found, rows, file, out),
        Shape::MarkList => rates::read_marks(sheet, found, rows, file, out),
        Shape::PairList => rates::read_pairs(sheet, found, rows, file, out),
    };
    // Every body of the sheet through the register (SPEC §10), the sheet's bodies together.
    if let Some(rows) = out.reports.get_mut(reports..) {
        register::resolve_rows(rows);
    }
    if let Some(rows) = out.designations.get_mut(designations..) {
        register::resolve_rows(rows);
    }
    if n > 0 {
        Ok(n)
    } else {
        Err(SkipReason::NoDataRows)
    }
}

/// A body as one data row names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub prefecture: Option<String>,
    pub organization: String,
    pub code: Option<String>,
}

/// A cell's text, trimmed; `None` when blank.
pub(crate) fn text(row: &Row<'_>, col: Option<u32>, date1904: bool) -> Option<String> {
    let v = row.get(col?)?;
    let s = v.display(date1904);
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Whether a body cell means "the prefecture itself": `-` in any width.
fn is_dash(t: &str) -> bool {
    crate::text::is_dash(t)
}

/// Reads the body of a data row. Rows that are notes, totals or repeated headings give `None`;
/// a row naming no body at all continues the previous row's body (`previous`), which is how
/// vertically merged or written-once body cells read.
pub(crate) fn body(row: &Row<'_>, keys: &Keys, date1904: bool, previous: Option<&Body>) -> Option<Body> {
    // A text the previous row's body was read from passed these checks already: a national
    // table repeats each body once per 業務, and folding is the cost here.
    let seen = |t: &str| previous.is_some_and(|p| p.organization == t || p.prefecture.as_deref() == Some(t));
    if let Some(first) = row.cells.first().and_then(|c| c.value.as_text()) {
        if !seen(first) && vocabulary::is_note(&fold(first)) {
            return None;
        }
    }
    let prefecture = text(row, keys.prefecture, date1904);
    let organization = text(row, keys.organization, date1904);
    let code = text(row, keys.code, date1904);
    for t in [&prefecture, &organization].into_iter().flatten() {
        if seen(t) {
            continue;
        }
        let f = fold(t);
        if vocabulary::is_total(&f) || heading(t).is_some() {
            return None;
        }
    }
    let organization = match (organization, &prefecture) {
        (Some(o), Some(p)) if is_dash(&o) => p.clone(),
        (Some(o), _) if is_dash(&o) => return None,
        (Some(o), _) => o,
        (None, Some(p)) => p.clone(),
        (None, None) => {
            let previous = previous?;
            return Some(Body { code: code.or_else(|| previous.code.clone()), ..previous.clone() });
        }
    };
    Some(Body { prefecture, organization, code })
}

/// Whether a cell marks a system (○, ●, ✓, 該当, はい, 1, TRUE).
pub(crate) fn is_mark(value: Option<&Value<'_>>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => *n == 1.0,
        Some(Value::Text(t)) => matches!(
            fold(t).as_ref(),
            "○" | "〇"
                | "◯"
                | "●"
                | "◎"
                | "✓"
                | "✔"
                | "レ"
                | "該当"
                | "はい"
                | "1"
                | "有"
                | "あり"
                | "対象"
                | "Y"
                | "YES"
                | "TRUE"
        ),
        _ => false,
    }
}

/// The built-in 業務 list's canonical name for a heading, if it names one.
pub fn canonical_task(name: &str) -> Option<&'static str> {
    builtin().task(name).and_then(|i| hyojunka::TASKS.get(i)).map(|(n, _)| *n)
}
