//! Tables with one column per 業務 (SPEC §9.1, shapes 3 and 4): completion rates, or
//! 特定移行支援 marks; and 特定移行支援 lists with one (body, 業務) per row.
//!
//! Rates may be fractions (0.65, or 0.65 formatted as a percentage), text with a percent sign
//! (`65%`), or numbers 0–100. Which scale bare numbers use is decided once per table: 0–100
//! when more of its non-zero numbers lie above 1 than below it. A value outside 0–100 % or text
//! that is no number is kept as written ([`RateCell::Invalid`]).

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Borrow;

use super::{body, is_mark, text, Body, Found};
use crate::date;
use crate::item::Source;
use crate::system::{Designation, Progress, RateCell, SystemReport, Systems};
use crate::text::{fold, nfkc_trim};
use crate::workbook::{Row, Sheet, Value};

fn source(file: &str, sheet: &Sheet<'_>, row: u32) -> Source {
    Source { file: file.to_owned(), sheet: sheet.name.clone(), row: row + 1, columns: Default::default() }
}

/// A rate cell before the table's scale is known.
enum Raw {
    Blank,
    Number(f64),
    Percent(f64),
    Invalid(String),
}

fn raw(value: Option<&Value<'_>>, date1904: bool) -> Raw {
    match value {
        None => Raw::Blank,
        Some(Value::Number(n)) => Raw::Number(*n),
        Some(Value::Text(t)) => {
            let t = nfkc_trim(t);
            if t.is_empty() || date::is_empty_marker(&t) {
                return Raw::Blank;
            }
            let invalid = || Raw::Invalid(t.to_string());
            match t.strip_suffix('%') {
                Some(number) => number.trim().parse::<f64>().map_or_else(|_| invalid(), Raw::Percent),
                None => t.parse::<f64>().map_or_else(|_| invalid(), Raw::Number),
            }
        }
        Some(v) => Raw::Invalid(v.display(date1904)),
    }
}

/// The rate a raw cell gives on the table's scale.
fn rate(raw: Raw, hundred: bool) -> RateCell {
    let (value, shown) = match raw {
        Raw::Blank => return RateCell::Blank,
        Raw::Invalid(t) => return RateCell::Invalid(t),
        Raw::Percent(p) => (p / 100.0, format!("{p}%")),
        Raw::Number(n) if hundred => (n / 100.0, format!("{n}")),
        Raw::Number(n) => (n, format!("{n}")),
    };
    if value.is_finite() && (0.0..=1.0 + 1e-9).contains(&value) {
        RateCell::from_fraction(value)
    } else {
        RateCell::Invalid(shown)
    }
}

/// Reads a completion-rate table: one system per (body row, 業務 column).
pub(super) fn read_rates<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    found: &Found,
    rows: impl Iterator<Item = R>,
    file: &str,
    out: &mut Systems,
) -> usize {
    let mut bodies: Vec<(Body, u32, Vec<Raw>)> = Vec::new();
    let mut previous: Option<Body> = None;
    let (mut above_one, mut below_one) = (0usize, 0usize);
    for row in rows {
        let row = row.borrow();
        let Some(b) = body(row, &found.keys, sheet.date1904, previous.as_ref()) else { continue };
        let cells: Vec<Raw> = found.tasks.iter().map(|(c, _)| raw(row.get(*c), sheet.date1904)).collect();
        for cell in &cells {
            match cell {
                Raw::Number(n) if *n > 1.0 => above_one += 1,
                Raw::Number(n) if *n > 0.0 && *n < 1.0 => below_one += 1,
                _ => {}
            }
        }
        previous = Some(b.clone());
        bodies.push((b, row.index, cells));
    }
    let hundred = above_one > below_one;
    // A column headed with % holds numbers 0–100 whatever the others hold (SPEC §9.1).
    let percent: Vec<bool> = found.tasks.iter().map(|(_, h)| fold(h).contains('%')).collect();
    let mut n = 0;
    for (b, index, cells) in bodies {
        for (((_, task), cell), &percent) in found.tasks.iter().zip(cells).zip(&percent) {
            let hundred = hundred || percent;
            out.reports.push(SystemReport {
                prefecture: b.prefecture.clone(),
                organization: b.organization.clone(),
                code: b.code.clone(),
                organization_as_written: None,
                body_note: None,
                task: task.clone(),
                progress: Progress::Rate(rate(cell, hundred)),
                designated: false,
                source: source(file, sheet, index),
            });
            n += 1;
        }
    }
    n
}

/// Reads a 特定移行支援 list with one body per row and a mark under each designated 業務.
pub(super) fn read_marks<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    found: &Found,
    rows: impl Iterator<Item = R>,
    file: &str,
    out: &mut Systems,
) -> usize {
    let mut previous: Option<Body> = None;
    let mut n = 0;
    for row in rows {
        let row = row.borrow();
        let Some(b) = body(row, &found.keys, sheet.date1904, previous.as_ref()) else { continue };
        for (c, task) in &found.tasks {
            if is_mark(row.get(*c)) {
                out.designations.push(Designation {
                    prefecture: b.prefecture.clone(),
                    organization: b.organization.clone(),
                    code: b.code.clone(),
                    organization_as_written: None,
                    body_note: None,
                    task: task.clone(),
                    source: source(file, sheet, row.index),
                });
                n += 1;
            }
        }
        previous = Some(b);
    }
    n
}

/// Reads a 特定移行支援 list with one (body, 業務) per row.
pub(super) fn read_pairs<'a, R: Borrow<Row<'a>>>(
    sheet: &Sheet<'_>,
    found: &Found,
    rows: impl Iterator<Item = R>,
    file: &str,
    out: &mut Systems,
) -> usize {
    let mut previous: Option<Body> = None;
    let mut n = 0;
    for row in rows {
        let row = row.borrow();
        let Some(b) = body(row, &found.keys, sheet.date1904, previous.as_ref()) else { continue };
        let Some(task) = text(row, found.keys.task, sheet.date1904) else { continue };
        out.designations.push(Designation {
            prefecture: b.prefecture.clone(),
            organization: b.organization.clone(),
            code: b.code.clone(),
            organization_as_written: None,
            body_note: None,
            task,
            source: source(file, sheet, row.index),
        });
        previous = Some(b);
        n += 1;
    }
    n
}
