//! A compact binary form of an [`Analysis`], so that the parsing Web Worker can hand its result
//! to the page as one transferable buffer (no structured clone of 100,000 objects, no JSON).
//!
//! Every distinct string is written once into a table and referred to by number: a national
//! file names each body, task, system and phase thousands of times. [`decode`] checks every
//! length and index and returns `None` on anything malformed; it never panics.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod classification;
pub mod history;

use chrono::NaiveDate;

use crate::analyse::{Analysis, FileError};
use crate::date::DateCell;
use crate::item::{BodyNote, Item, PerSlot, Source};
use crate::load::Skipped;
use crate::system::{Designation, Progress, RateCell, StepDates, StepReport, StepTable, SystemReport, Systems, WordId};

/// Format tag, so that a page and a worker of different builds never misread each other.
const MAGIC: &[u8; 4] = b"SNK3";
/// The index that stands for `None` in an optional string.
const NONE: u32 = u32::MAX;

#[derive(Default)]
struct Writer<'a> {
    out: Vec<u8>,
    strings: foldhash::HashMap<&'a str, u32>,
    table: Vec<&'a str>,
}

impl<'a> Writer<'a> {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn str(&mut self, s: &'a str) {
        let next = u32::try_from(self.table.len()).unwrap_or(NONE);
        let id = *self.strings.entry(s).or_insert_with(|| next);
        if id == next {
            self.table.push(s);
        }
        self.u32(id);
    }
    fn opt(&mut self, s: Option<&'a str>) {
        match s {
            Some(s) => self.str(s),
            None => self.u32(NONE),
        }
    }
    fn date(&mut self, d: &'a DateCell) {
        match d {
            DateCell::Empty => self.u8(0),
            DateCell::Date(d) => {
                self.u8(1);
                self.u32(d.to_epoch_days() as u32);
            }
            DateCell::NotApplicable => self.u8(2),
            DateCell::Invalid(s) => {
                self.u8(3);
                self.str(s);
            }
        }
    }
}

impl<'a> Writer<'a> {
    /// A body's name as written and its register note (SPEC §10).
    fn body(&mut self, as_written: Option<&'a str>, note: Option<BodyNote>) {
        self.opt(as_written);
        self.u8(note.and_then(|n| BodyNote::ALL.iter().position(|&x| x == n)).map_or(0, |i| i as u8 + 1));
    }

    fn source(&mut self, s: &'a Source) {
        self.str(&s.file);
        self.str(&s.sheet);
        self.u32(s.row);
    }

    fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        for &v in values {
            self.u32(v);
        }
    }

    fn systems(&mut self, s: &'a Systems) {
        self.len(s.tables.len());
        for t in &s.tables {
            self.str(&t.file);
            self.str(&t.sheet);
            self.len(t.steps.len());
            for step in &t.steps {
                self.str(step);
            }
            self.len(t.columns.len());
            for c in &t.columns {
                self.u32(c.unwrap_or(NONE));
            }
            self.len(t.words.len());
            for word in &t.words {
                self.str(word);
            }
        }
        self.len(s.reports.len());
        for r in &s.reports {
            self.opt(r.prefecture.as_deref());
            self.str(&r.organization);
            self.opt(r.code.as_deref());
            self.body(r.organization_as_written.as_deref(), r.body_note);
            self.str(&r.task);
            match &r.progress {
                Progress::Steps(steps) => {
                    self.u8(0);
                    self.len(steps.table);
                    self.len(steps.statuses.len());
                    for &word in &steps.statuses {
                        self.u32(WordId::to_raw(word));
                    }
                    match &steps.dates {
                        Some(dates) => {
                            self.u8(1);
                            self.len(dates.len());
                            for d in dates {
                                self.date(&d.planned_start);
                                self.date(&d.planned_end);
                                self.date(&d.actual_end);
                            }
                        }
                        None => self.u8(0),
                    }
                    match &steps.rows {
                        Some(rows) => {
                            self.u8(1);
                            self.u32s(rows);
                        }
                        None => self.u8(0),
                    }
                }
                Progress::Rate(RateCell::Blank) => self.u8(1),
                Progress::Rate(RateCell::Rate(m)) => {
                    self.u8(2);
                    self.u32(*m);
                }
                Progress::Rate(RateCell::Invalid(t)) => {
                    self.u8(3);
                    self.str(t);
                }
            }
            self.u8(u8::from(r.designated));
            self.source(&r.source);
        }
        self.len(s.designations.len());
        for d in &s.designations {
            self.opt(d.prefecture.as_deref());
            self.str(&d.organization);
            self.opt(d.code.as_deref());
            self.body(d.organization_as_written.as_deref(), d.body_note);
            self.str(&d.task);
            self.source(&d.source);
        }
    }
}

/// Encodes an analysis.
pub fn encode(a: &Analysis) -> Vec<u8> {
    let mut w = Writer::default();
    w.len(a.items.len());
    for i in &a.items {
        w.opt(i.prefecture.as_deref());
        w.str(&i.organization);
        w.opt(i.code.as_deref());
        w.body(i.organization_as_written.as_deref(), i.body_note);
        w.opt(i.task_id.as_deref());
        w.opt(i.task_name.as_deref());
        w.opt(i.system.as_deref());
        w.opt(i.phase.as_deref());
        for d in i.dates.iter() {
            w.date(d);
        }
        w.u8(u8::from(i.not_applicable));
        w.str(&i.source.file);
        w.str(&i.source.sheet);
        w.u32(i.source.row);
        for c in i.source.columns.iter() {
            w.u32(c.unwrap_or(NONE));
        }
    }
    w.len(a.files.len());
    for f in &a.files {
        w.str(f);
    }
    w.len(a.skipped.len());
    for s in &a.skipped {
        w.str(&s.file);
        w.str(&s.sheet);
        w.str(&s.reason);
        w.str(&s.reason_ja);
    }
    w.len(a.errors.len());
    for e in &a.errors {
        w.str(&e.file);
        w.str(&e.message);
    }
    w.systems(&a.systems);
    w.len(a.dates.len());
    for d in &a.dates {
        match d {
            Some(d) => {
                w.u8(1);
                w.u32(d.to_epoch_days() as u32);
            }
            None => w.u8(0),
        }
    }
    w.finish(MAGIC)
}

impl Writer<'_> {
    /// The encoding: `magic`, the string table, then the body written so far.
    fn finish(self, magic: &[u8; 4]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.out.len() + self.table.iter().map(|s| s.len() + 4).sum::<usize>() + 8);
        out.extend_from_slice(magic);
        out.extend_from_slice(&u32::try_from(self.table.len()).unwrap_or(0).to_le_bytes());
        for s in &self.table {
            out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(0).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.out);
        out
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    table: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    /// A reader of the body, after checking `magic` and reading the string table.
    fn open(bytes: &'a [u8], magic: &[u8; 4]) -> Option<Reader<'a>> {
        let mut r = Reader { bytes, table: Vec::new() };
        if r.take(4)? != magic {
            return None;
        }
        let strings = r.count()?;
        let mut table = Vec::with_capacity(strings);
        for _ in 0..strings {
            let n = r.count()?;
            table.push(std::str::from_utf8(r.take(n)?).ok()?);
        }
        r.table = table;
        Some(r)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    /// A count, bounded by the bytes left so that a bad count cannot reserve huge memory.
    fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len()).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let id = self.u32()?;
        self.table.get(id as usize).map(|s| (*s).to_owned())
    }
    fn opt(&mut self) -> Option<Option<String>> {
        let id = self.u32()?;
        if id == NONE {
            return Some(None);
        }
        self.table.get(id as usize).map(|s| Some((*s).to_owned()))
    }
    fn date(&mut self) -> Option<DateCell> {
        Some(match self.u8()? {
            0 => DateCell::Empty,
            1 => DateCell::Date(NaiveDate::from_epoch_days(self.u32()? as i32)?),
            2 => DateCell::NotApplicable,
            3 => DateCell::Invalid(self.str()?),
            _ => return None,
        })
    }
}

impl Reader<'_> {
    fn body(&mut self) -> Option<(Option<String>, Option<BodyNote>)> {
        let as_written = self.opt()?;
        let note = match self.u8()? {
            0 => None,
            n => Some(*BodyNote::ALL.get(usize::from(n) - 1)?),
        };
        Some((as_written, note))
    }

    fn source(&mut self) -> Option<Source> {
        Some(Source { file: self.str()?, sheet: self.str()?, row: self.u32()?, columns: Default::default() })
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.u32()?);
        }
        Some(out)
    }

    fn systems(&mut self) -> Option<Systems> {
        let n = self.count()?;
        let mut tables = Vec::with_capacity(n);
        for _ in 0..n {
            let file = self.str()?;
            let sheet = self.str()?;
            let steps = (0..self.count()?).map(|_| self.str()).collect::<Option<Vec<_>>>()?;
            let columns =
                (0..self.count()?).map(|_| self.u32().map(|c| (c != NONE).then_some(c))).collect::<Option<Vec<_>>>()?;
            let words = (0..self.count()?).map(|_| self.str()).collect::<Option<Vec<_>>>()?;
            tables.push(StepTable { file, sheet, steps, columns, words });
        }
        let n = self.count()?;
        let mut reports = Vec::with_capacity(n);
        for _ in 0..n {
            let prefecture = self.opt()?;
            let organization = self.str()?;
            let code = self.opt()?;
            let (organization_as_written, body_note) = self.body()?;
            let task = self.str()?;
            let progress = match self.u8()? {
                0 => {
                    let table = self.u32()? as usize;
                    if table >= tables.len() {
                        return None;
                    }
                    let statuses = self.u32s()?.into_iter().map(WordId::from_raw).collect();
                    let dates = match self.u8()? {
                        0 => None,
                        1 => Some(
                            (0..self.count()?)
                                .map(|_| {
                                    Some(StepDates {
                                        planned_start: self.date()?,
                                        planned_end: self.date()?,
                                        actual_end: self.date()?,
                                    })
                                })
                                .collect::<Option<Vec<_>>>()?,
                        ),
                        _ => return None,
                    };
                    let rows = match self.u8()? {
                        0 => None,
                        1 => Some(self.u32s()?),
                        _ => return None,
                    };
                    Progress::Steps(StepReport { table, statuses, dates, rows })
                }
                1 => Progress::Rate(RateCell::Blank),
                2 => Progress::Rate(RateCell::Rate(self.u32()?)),
                3 => Progress::Rate(RateCell::Invalid(self.str()?)),
                _ => return None,
            };
            let designated = self.u8()? != 0;
            let source = self.source()?;
            reports.push(SystemReport {
                prefecture,
                organization,
                code,
                organization_as_written,
                body_note,
                task,
                progress,
                designated,
                source,
            });
        }
        let n = self.count()?;
        let mut designations = Vec::with_capacity(n);
        for _ in 0..n {
            let prefecture = self.opt()?;
            let organization = self.str()?;
            let code = self.opt()?;
            let (organization_as_written, body_note) = self.body()?;
            designations.push(Designation {
                prefecture,
                organization,
                code,
                organization_as_written,
                body_note,
                task: self.str()?,
                source: self.source()?,
            });
        }
        Some(Systems { tables, reports, designations })
    }
}

/// Decodes what [`encode`] wrote; `None` if the bytes are not such an encoding.
pub fn decode(bytes: &[u8]) -> Option<Analysis> {
    let mut r = Reader::open(bytes, MAGIC)?;
    let n = r.count()?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        let prefecture = r.opt()?;
        let organization = r.str()?;
        let code = r.opt()?;
        let (organization_as_written, body_note) = r.body()?;
        let task_id = r.opt()?;
        let task_name = r.opt()?;
        let system = r.opt()?;
        let phase = r.opt()?;
        let dates = PerSlot::new(r.date()?, r.date()?, r.date()?, r.date()?);
        let not_applicable = r.u8()? != 0;
        let file = r.str()?;
        let sheet = r.str()?;
        let row = r.u32()?;
        let mut column = || r.u32().map(|v| (v != NONE).then_some(v));
        let columns = PerSlot::new(column()?, column()?, column()?, column()?);
        items.push(Item {
            prefecture,
            organization,
            code,
            organization_as_written,
            body_note,
            task_id,
            task_name,
            system,
            phase,
            dates,
            not_applicable,
            source: Source { file, sheet, row, columns },
        });
    }
    let n = r.count()?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        files.push(r.str()?);
    }
    let n = r.count()?;
    let mut skipped = Vec::with_capacity(n);
    for _ in 0..n {
        skipped.push(Skipped { file: r.str()?, sheet: r.str()?, reason: r.str()?, reason_ja: r.str()? });
    }
    let n = r.count()?;
    let mut errors = Vec::with_capacity(n);
    for _ in 0..n {
        errors.push(FileError { file: r.str()?, message: r.str()? });
    }
    let systems = r.systems()?;
    let n = r.count()?;
    let mut dates = Vec::with_capacity(n);
    for _ in 0..n {
        dates.push(match r.u8()? {
            0 => None,
            1 => Some(NaiveDate::from_epoch_days(r.u32()? as i32)?),
            _ => return None,
        });
    }
    r.bytes.is_empty().then_some(Analysis { items, systems, files, skipped, errors, dates })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample, Input};
    use crate::item::Slot;
    use crate::limits::Limits;

    fn mixed() -> Analysis {
        let bad = Input { name: "壊れた.xlsx".to_owned(), bytes: b"PK\x03\x04 broken".to_vec() };
        let mut a = analyse(&[sample::input(), bad], &Limits::default());
        a.skipped.push(Skipped {
            file: "f".into(),
            sheet: "表紙".into(),
            reason: "r".into(),
            reason_ja: "理由".into(),
        });
        if let Some(i) = a.items.first_mut() {
            i.dates[Slot::PlannedStart] = DateCell::Invalid("来年度".into());
            i.dates[Slot::PlannedEnd] = DateCell::NotApplicable;
            i.source.columns[Slot::ActualStart] = None;
        }
        a
    }

    #[test]
    fn an_analysis_survives_the_round_trip_unchanged() {
        let a = mixed();
        assert_eq!(decode(&encode(&a)), Some(a));
    }

    #[test]
    fn standardisation_systems_survive_the_round_trip_unchanged() {
        let bytes = |name: &str| std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR")));
        let inputs: Vec<Input> =
            ["hyojunka_soumu.xlsx", "hyojunka_long_sjis.csv", "hyojunka_rates_bad.csv", "tokutei_pairs.xlsx"]
                .iter()
                .filter_map(|n| Some(Input { name: (*n).to_owned(), bytes: bytes(n).ok()? }))
                .collect();
        assert_eq!(inputs.len(), 4);
        let a = analyse(&inputs, &Limits::default());
        assert!(!a.systems.reports.is_empty() && !a.systems.designations.is_empty());
        assert_eq!(decode(&encode(&a)), Some(a));
    }

    #[test]
    fn repeated_strings_are_written_once() {
        let a = analyse(&[sample::input()], &Limits::default());
        let bytes = encode(&a);
        let name = "地方税関連システム".as_bytes();
        assert_eq!(bytes.windows(name.len()).filter(|w| *w == name).count(), 1);
    }

    #[test]
    fn truncated_or_foreign_bytes_decode_to_none_without_panicking() {
        let bytes = encode(&mixed());
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        assert_eq!(decode(b"PK\x03\x04"), None);
        let mut flipped = bytes.clone();
        flipped[9] ^= 0xff;
        let _ = decode(&flipped);
    }
}
