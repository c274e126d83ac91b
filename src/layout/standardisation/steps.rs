//! Step tables (SPEC §9.1, shapes 1 and 2): a status word per step of the 総務省's procedure,
//! one row per (body, 業務) in the wide shape, one row per (body, 業務, step) in the long one.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Borrow;

use foldhash::HashMap;

use super::{body, is_mark, is_step_heading, text, Body, Found, MIN_HEADINGS};
use crate::date::DateCell;
use crate::item::Source;
use crate::layout::{date_cell, HeaderGrid};
use crate::profile::{step_code, step_code_len, without_trailing_parenthesis};
use crate::system::{Progress, StepDates, StepReport, StepTable, SystemReport, Systems, WordId};
use crate::text::fold;
use crate::workbook::{Row, Sheet};

/// The headings of the step columns found in grid row `r`, as the file heads them, and whether
/// they continue on the row below (codes on one row, names on the next). A code row under or
/// over a name row reads as `①-1 推進体制案の作成`.
pub(super) fn headings(grid: &HeaderGrid, r: usize, cols: &[u32]) -> (Vec<(u32, String)>, bool) {
    let (joined, two_rows) = raw_headings(grid, r, cols);
    (joined.into_iter().map(|(c, h)| (c, one_line(&h))).collect(), two_rows)
}

/// A heading written over several lines of its cell (`①-1⏎推進体制案の作成`) as one line, its
/// line breaks and tabs each a single space (`①-1 推進体制案の作成`, as steps.tsv writes it).
fn one_line(heading: &str) -> String {
    if !heading.contains(['\n', '\r', '\t']) {
        return heading.to_owned();
    }
    heading.split(['\n', '\r', '\t']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

fn raw_headings(grid: &HeaderGrid, r: usize, cols: &[u32]) -> (Vec<(u32, String)>, bool) {
    let is_code = |t: &str| {
        let f = fold(t);
        step_code_len(&f) == Some(f.len())
    };
    let all_codes = cols.iter().all(|&c| grid.get(r, c).is_some_and(is_code));
    // The row below names the steps only if it holds step names (not the first data row's
    // status words under a header of codes alone).
    let names_below =
        cols.iter().filter(|&&c| grid.get(r + 1, c).is_some_and(|t| !is_code(t) && is_step_heading(t))).count();
    let below_names = names_below >= MIN_HEADINGS.min(cols.len());
    if all_codes && below_names {
        let joined = cols
            .iter()
            .map(|&c| {
                let code = grid.get(r, c).unwrap_or_default();
                match grid.get(r + 1, c) {
                    Some(name) if !is_code(name) => (c, format!("{code} {name}")),
                    _ => (c, code.to_owned()),
                }
            })
            .collect();
        return (joined, true);
    }
    let no_codes = cols.iter().all(|&c| grid.get(r, c).is_some_and(|t| step_code_len(&fold(t)).is_none()));
    let above_codes = r > 0 && cols.iter().any(|&c| grid.get(r - 1, c).is_some_and(is_code));
    let joined = cols
        .iter()
        .map(|&c| {
            let own = grid.get(r, c).unwrap_or_default();
            match grid.get(r.wrapping_sub(1), c) {
                Some(code) if no_codes && above_codes && is_code(code) => (c, format!("{code} {own}")),
                _ => (c, own.to_owned()),
            }
        })
        .collect();
    (joined, false)
}

/// Interns status words per table ([`WordId`]; a blank is none).
#[derive(Default)]
struct Words {
    index: HashMap<String, WordId>,
    words: Vec<String>,
}

impl Words {
    fn id(&mut self, word: Option<String>) -> Option<WordId> {
        let word = word?;
        if let Some(&id) = self.index.get(&word) {
            return Some(id);
        }
        let id = WordId::at(self.words.len())?;
        self.words.push(word.clone());
        self.index.insert(word, id);
        Some(id)
    }

    /// The id of a status cell's text, as [`text`] reads it. A text cell already known costs no
    /// allocation: a national table has 1.4 M status cells and a handful of distinct words.
    fn of_cell(&mut self, row: &Row<'_>, col: u32, date1904: bool) -> Option<WordId> {
        if let Some(t) = row.get(col).and_then(|v| v.as_text()) {
            let t = t.trim();
            if t.is_empty() {
                return None;
            }
            if let Some(&id) = self.index.get(t) {
                return Some(id);
            }
        }
        self.id(text(row, Some(col), date1904))
    }
}

fn source(file: &str, sheet: &Sheet<'_>, row: u32) -> Source {
    Source { file: file.to_owned(), sheet: sheet.name.clone(), row: row + 1, columns: Default::default() }
}

/// Reads a wide step table: one system per data row.
pub(super) fn read_wide<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    found: &Found,
    rows: impl Iterator<Item = R>,
    file: &str,
    out: &mut Systems,
) -> usize {
    let keys = &found.keys;
    let table = out.tables.len();
    let mut words = Words::default();
    let mut previous: Option<Body> = None;
    let mut n = 0;
    for row in rows {
        let row = row.borrow();
        let Some(b) = body(row, keys, sheet.date1904, previous.as_ref()) else { continue };
        let Some(task) = text(row, keys.task, sheet.date1904) else { continue };
        let statuses = found.steps.iter().map(|(c, _)| words.of_cell(row, *c, sheet.date1904)).collect();
        out.reports.push(SystemReport {
            prefecture: b.prefecture.clone(),
            organization: b.organization.clone(),
            code: b.code.clone(),
            organization_as_written: None,
            body_note: None,
            task,
            progress: Progress::Steps(StepReport { table, statuses, dates: None, rows: None }),
            designated: keys.designated.is_some_and(|c| is_mark(row.get(c))),
            source: source(file, sheet, row.index),
        });
        previous = Some(b);
        n += 1;
    }
    out.tables.push(StepTable {
        file: file.to_owned(),
        sheet: sheet.name.clone(),
        steps: found.steps.iter().map(|(_, h)| h.clone()).collect(),
        columns: found.steps.iter().map(|(c, _)| Some(*c)).collect(),
        words: words.words,
    });
    n
}

/// One row of a long step table, before the table's steps are all known.
struct StepRow {
    step: usize,
    status: Option<WordId>,
    dates: StepDates,
    row: u32,
}

/// A system of a long step table being gathered from its rows.
struct Gathering {
    report: SystemReport,
    rows: Vec<StepRow>,
}

/// Reads a long step table: rows of the same (body, 業務) form one system, whatever their order.
pub(super) fn read_long<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    found: &Found,
    rows: impl Iterator<Item = R>,
    file: &str,
    out: &mut Systems,
) -> usize {
    let keys = &found.keys;
    let d1904 = sheet.date1904;
    let table = out.tables.len();
    let mut words = Words::default();
    let mut steps: Vec<String> = Vec::new();
    let mut step_index: HashMap<String, usize> = HashMap::default();
    let mut systems: Vec<Gathering> = Vec::new();
    let mut system_index: HashMap<(String, String, String), usize> = HashMap::default();
    let mut previous: Option<(Body, String)> = None;
    let has_dates = keys.planned_start.is_some() || keys.planned_end.is_some() || keys.actual_end.is_some();

    for row in rows {
        let row = row.borrow();
        let step = match (text(row, keys.step, d1904), text(row, keys.step_name, d1904)) {
            (Some(code), Some(name)) => one_line(&format!("{code} {name}")),
            (Some(one), None) | (None, Some(one)) => one_line(&one),
            (None, None) => continue,
        };
        let Some(b) = body(row, keys, d1904, previous.as_ref().map(|(b, _)| b)) else { continue };
        let task = match text(row, keys.task, d1904) {
            Some(t) => t,
            None => match &previous {
                Some((p, t)) if *p == b => t.clone(),
                _ => continue,
            },
        };
        let folded_step = fold(&step);
        let step_key = step_code(&folded_step).unwrap_or_else(|| without_trailing_parenthesis(&folded_step).to_owned());
        let k = *step_index.entry(step_key).or_insert_with(|| {
            steps.push(step.clone());
            steps.len() - 1
        });
        let key = (
            fold(b.prefecture.as_deref().unwrap_or("")).into_owned(),
            fold(&b.organization).into_owned(),
            fold(&task).into_owned(),
        );
        let s = *system_index.entry(key).or_insert_with(|| {
            systems.push(Gathering {
                report: SystemReport {
                    prefecture: b.prefecture.clone(),
                    organization: b.organization.clone(),
                    code: b.code.clone(),
                    organization_as_written: None,
                    body_note: None,
                    task: task.clone(),
                    progress: Progress::Steps(StepReport::default()),
                    designated: false,
                    source: source(file, sheet, row.index),
                },
                rows: Vec::new(),
            });
            systems.len() - 1
        });
        let cell = |c: Option<u32>| c.map_or(DateCell::Empty, |c| date_cell(row.get(c), d1904));
        if let Some(g) = systems.get_mut(s) {
            g.report.designated |= keys.designated.is_some_and(|c| is_mark(row.get(c)));
            g.rows.push(StepRow {
                step: k,
                status: words.id(text(row, keys.status, d1904)),
                dates: StepDates {
                    planned_start: cell(keys.planned_start),
                    planned_end: cell(keys.planned_end),
                    actual_end: cell(keys.actual_end),
                },
                row: row.index + 1,
            });
        }
        previous = Some((b, task));
    }

    let n = systems.len();
    for g in systems {
        let mut statuses = vec![None; steps.len()];
        let mut dates = vec![StepDates::default(); steps.len()];
        let mut rows = vec![0; steps.len()];
        // A step given twice for one system: the first row with a status decides.
        for r in g.rows {
            let (Some(status), Some(date), Some(at)) =
                (statuses.get_mut(r.step), dates.get_mut(r.step), rows.get_mut(r.step))
            else {
                continue;
            };
            if *at == 0 || (status.is_none() && r.status.is_some()) {
                *status = r.status;
                *date = r.dates;
                *at = r.row;
            }
        }
        let mut report = g.report;
        report.progress =
            Progress::Steps(StepReport { table, statuses, dates: has_dates.then_some(dates), rows: Some(rows) });
        out.reports.push(report);
    }
    out.tables.push(StepTable {
        file: file.to_owned(),
        sheet: sheet.name.clone(),
        columns: vec![None; steps.len()],
        steps,
        words: words.words,
    });
    n
}
