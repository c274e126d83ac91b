//! The notes on what the files gave (issue 17): 特定移行支援 list rows that designated nothing,
//! bodies the register of bodies noted (SPEC §10: a code and a name of different bodies, an
//! unknown code, a name not in the register, a shared name, a cell cut), and rows of a progress
//! table whose 業務 is none of the programme's and so made no system. One list, row by row with
//! its reason, for the CLI's summary on stderr and the page's 注記 panel (counts by reason, the
//! first rows, the whole list on request and as TSV).

use std::collections::HashSet;

use crate::classify::systems::Unmatched;
use crate::classify::{Classification, Warning};
use crate::item::{Item, Source};
use crate::system::Systems;

/// Why a row is noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// A 特定移行支援 list row that designated nothing.
    List(Unmatched),
    /// A body the register noted (each body once per sheet).
    Body(Warning),
    /// A progress row whose 業務 is none of the programme's (or one it ignores): no system.
    Task(Unmatched),
}

/// What kind of row a note is about, for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    List,
    Body,
    Task,
}

impl Reason {
    pub fn kind(self) -> Kind {
        match self {
            Reason::List(_) => Kind::List,
            Reason::Body(_) => Kind::Body,
            Reason::Task(_) => Kind::Task,
        }
    }

    /// The reason's key, as JSON writes it (`unknown_body`, `ambiguous_name`, `unknown_task`).
    pub fn key(self) -> &'static str {
        match self {
            Reason::List(u) | Reason::Task(u) => u.key(),
            Reason::Body(w) => w.key(),
        }
    }

    /// For people: what the row is and why (`特定移行支援の一覧：進捗のファイルにない団体`).
    pub fn label_ja(self) -> String {
        match self {
            Reason::List(u) => format!("特定移行支援の一覧：{}", u.label_ja()),
            Reason::Body(w) => format!("団体名：{}", w.label_ja()),
            Reason::Task(u) => format!("進捗の行：{}（システムとして数えない）", u.label_ja()),
        }
    }
}

/// One noted row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note<'a> {
    pub file: &'a str,
    pub sheet: &'a str,
    /// 1-based, as Excel shows it.
    pub row: u32,
    pub prefecture: &'a str,
    /// The body as the file wrote it.
    pub written: &'a str,
    /// The body as resolved (the register's name), or as written.
    pub organization: &'a str,
    /// The 業務 of a list or progress row; empty for a body note.
    pub task: &'a str,
    pub reason: Reason,
}

/// The row a note is about, by index (cheap to keep for a list of 200,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Item(usize),
    Report(usize),
    Designation(usize),
}

/// A note by reference: the row and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteRef {
    pub row: Row,
    pub reason: Reason,
}

/// Every note, in order: list rows that designated nothing, bodies the register noted (each
/// body once per sheet), progress rows of no 業務 of the programme.
pub fn note_refs(items: &[Item], systems: &Systems, c: &Classification) -> Vec<NoteRef> {
    let mut out: Vec<NoteRef> = c
        .systems
        .unmatched
        .iter()
        .map(|&(i, why)| NoteRef { row: Row::Designation(i), reason: Reason::List(why) })
        .collect();
    // Each body once per sheet: a national table names it on 20 rows.
    type Key<'a> = (&'a str, &'a str, &'a str, &'a str, Warning);
    let mut seen: HashSet<Key<'_>> = HashSet::new();
    let mut last: Option<Key<'_>> = None;
    let bodies = items
        .iter()
        .enumerate()
        .map(|(i, x)| (Row::Item(i), &x.source, &x.organization_as_written, x.organization.as_str(), x.body_note))
        .chain(systems.reports.iter().enumerate().map(|(i, r)| {
            (Row::Report(i), &r.source, &r.organization_as_written, r.organization.as_str(), r.body_note)
        }))
        .chain(systems.designations.iter().enumerate().map(|(i, d)| {
            (Row::Designation(i), &d.source, &d.organization_as_written, d.organization.as_str(), d.body_note)
        }));
    for (row, source, written, organization, body_note) in bodies {
        let Some(body_note) = body_note else { continue };
        let w = Warning::of_body_note(body_note);
        let key =
            (source.file.as_str(), source.sheet.as_str(), written.as_deref().unwrap_or(organization), organization, w);
        if last == Some(key) || !seen.insert(key) {
            continue;
        }
        last = Some(key);
        out.push(NoteRef { row, reason: Reason::Body(w) });
    }
    out.extend(
        c.systems.unknown_tasks.iter().map(|&(i, why)| NoteRef { row: Row::Report(i), reason: Reason::Task(why) }),
    );
    out
}

/// The note a reference names, with the row's fields.
pub fn resolve<'a>(n: &NoteRef, items: &'a [Item], systems: &'a Systems) -> Option<Note<'a>> {
    let note = |source: &'a Source,
                prefecture: &'a Option<String>,
                written: &'a Option<String>,
                organization: &'a str,
                task: &'a str| Note {
        file: &source.file,
        sheet: &source.sheet,
        row: source.row,
        prefecture: prefecture.as_deref().unwrap_or(""),
        written: written.as_deref().unwrap_or(organization),
        organization,
        task: if matches!(n.reason, Reason::Body(_)) { "" } else { task },
        reason: n.reason,
    };
    Some(match n.row {
        Row::Item(i) => {
            let x = items.get(i)?;
            note(&x.source, &x.prefecture, &x.organization_as_written, &x.organization, "")
        }
        Row::Report(i) => {
            let r = systems.reports.get(i)?;
            note(&r.source, &r.prefecture, &r.organization_as_written, &r.organization, &r.task)
        }
        Row::Designation(i) => {
            let d = systems.designations.get(i)?;
            note(&d.source, &d.prefecture, &d.organization_as_written, &d.organization, &d.task)
        }
    })
}

/// Every note with its row's fields ([`note_refs`], resolved).
pub fn notes<'a>(items: &'a [Item], systems: &'a Systems, c: &Classification) -> Vec<Note<'a>> {
    note_refs(items, systems, c).iter().filter_map(|n| resolve(n, items, systems)).collect()
}

/// How many notes there are of each reason, in the order of [`Reason`].
pub fn by_reason(notes: &[NoteRef]) -> Vec<(Reason, usize)> {
    let mut counts: std::collections::BTreeMap<Reason, usize> = std::collections::BTreeMap::new();
    for n in notes {
        *counts.entry(n.reason).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// The columns of [`tsv`].
pub const TSV_HEADINGS: [&str; 8] =
    ["ファイル", "シート", "行", "都道府県", "団体（ファイルの表記）", "団体", "業務", "理由"];

/// Every note as tab-separated text with a heading row (tabs and line breaks in a cell become
/// spaces), for the clipboard.
pub fn tsv<'a>(notes: impl IntoIterator<Item = Note<'a>>) -> String {
    let clean = |s: &str| s.replace(['\t', '\r', '\n'], " ");
    let mut out = TSV_HEADINGS.join("\t");
    out.push('\n');
    for n in notes {
        let cells = [
            clean(n.file),
            clean(n.sheet),
            n.row.to_string(),
            clean(n.prefecture),
            clean(n.written),
            clean(n.organization),
            clean(n.task),
            n.reason.label_ja(),
        ];
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, Input};
    use crate::classify::classify_all;
    use crate::limits::Limits;
    use crate::profile::Profile;

    fn date(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn list_rows_that_designate_nothing_are_notes_with_their_reason() {
        let a = analyse(&Input::fixtures(&["register_tokutei_published.xlsx"]), &Limits::default());
        let c = classify_all(&a.items, &a.systems, date("2026-01-31"), &Profile::hyojunka());
        let n = notes(&a.items, &a.systems, &c);
        assert!(n.iter().any(|n| n.reason == Reason::List(Unmatched::UnknownBody) && n.organization == "鳥取市"));
        assert_eq!(n.len(), c.systems.unmatched.len());
    }

    #[test]
    fn the_tsv_has_a_heading_row_and_one_line_per_note() {
        let a = analyse(&Input::fixtures(&["register_shared_names_alone.csv"]), &Limits::default());
        let c = classify_all(&a.items, &a.systems, date("2026-01-31"), &Profile::hyojunka());
        let n = notes(&a.items, &a.systems, &c);
        assert_eq!(by_reason(&note_refs(&a.items, &a.systems, &c)), vec![(Reason::Body(Warning::AmbiguousName), 2)]);
        let text = tsv(n);
        assert_eq!(text.lines().count(), 3);
        assert!(text.lines().nth(1).is_some_and(|l| l.contains("伊達市") && l.contains("同名の団体")), "{text}");
    }
}
