//! The terminal table: Japanese columns aligned by display width (a full-width character
//! takes two cells).

use unicode_width::UnicodeWidthStr;

use crate::column::{self, Column, Row, Style};
use crate::report::Report;

/// Lays out rows under headings, padding each column to its widest cell.
pub fn render(headings: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headings.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut parts = Vec::new();
        for (cell, w) in cells.zip(&widths) {
            let pad = w.saturating_sub(cell.width());
            parts.push(format!("{cell}{}", " ".repeat(pad)));
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut headings.iter().copied());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut rule.iter().map(String::as_str));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// Rows under `columns` as a table (blanks as `-`, warnings by key).
pub fn list<'r, R: Row + 'r>(columns: &[Column<R::Field>], rows: impl IntoIterator<Item = &'r R>) -> String {
    let rows: Vec<Vec<String>> = rows.into_iter().map(|r| column::texts(r, columns, Style::Terminal)).collect();
    render(&column::headings(columns), &rows)
}

/// The report as two tables: the items, then the roll-ups per body, task and system.
pub fn report(report: &Report<'_>) -> String {
    let mut out = format!("as of {}: {} items\n\n", report.as_of, report.items.len());
    out.push_str(&list(&column::ITEMS_TERMINAL, &report.items));
    out.push_str(&format!("\nroll-ups: {}\n\n", report.rollups.len()));
    out.push_str(&list(&column::ROLLUPS_TERMINAL, &report.rollups));
    skipped(&mut out, report);
    out
}

fn skipped(out: &mut String, report: &Report<'_>) {
    for s in report.skipped {
        out.push_str(&format!("\nskipped {} / {}: {}", s.file, s.sheet, s.reason));
    }
    if !report.skipped.is_empty() {
        out.push('\n');
    }
}

/// List rows that designated nothing shown in the terminal table; JSON keeps every row.
const UNMATCHED_ROWS: usize = 5;

/// The standardisation systems of a report, one row per system, then the list rows that
/// designated nothing (their count and the first few).
pub fn systems(report: &Report<'_>) -> String {
    let systems: Vec<_> = report.rollups.iter().filter(|r| r.source.is_some()).collect();
    let mut out = format!("as of {}: {} systems\n\n", report.as_of, systems.len());
    out.push_str(&list(&column::SYSTEMS_TERMINAL, systems));
    if !report.unmatched_designations.is_empty() {
        out.push_str(&format!(
            "\n特定移行支援 list rows that designated nothing: {}\n",
            report.unmatched_designations.len()
        ));
        // The first rows only: a list of every municipality can leave hundreds of thousands.
        for u in report.unmatched_designations.iter().take(UNMATCHED_ROWS) {
            out.push_str(&format!(
                "  {} / {} row {}: {} {} ({})\n",
                u.source.file,
                u.source.sheet,
                u.source.row,
                u.organization,
                u.task,
                u.reason.key()
            ));
        }
        if let Some(more) = report.unmatched_designations.len().checked_sub(UNMATCHED_ROWS).filter(|&n| n > 0) {
            out.push_str(&format!("  … and {more} more (--format json lists every row)\n"));
        }
    }
    skipped(&mut out, report);
    out
}

/// The systems over the snapshots (SPEC §11) as a table: the snapshots, then one row per system
/// with its rate at each snapshot, its pace, projected completion, deadline, status and warnings.
pub fn history<'r>(
    history: &crate::history::History,
    rows: impl IntoIterator<Item = &'r crate::history::SystemHistory>,
) -> String {
    let (head, rows) = crate::export::history_rows(
        history,
        rows,
        (&column::HISTORY_TERMINAL_BEFORE, &column::HISTORY_TERMINAL_AFTER),
        Style::Terminal,
    );
    let mut out = format!("as of {}: {} systems\n", history.as_of.format("%Y-%m-%d"), rows.len());
    for s in &history.snapshots {
        let date = s.date.map_or_else(|| "undated".to_owned(), |d| d.format("%Y-%m-%d").to_string());
        out.push_str(&format!("snapshot {date}: {}\n", s.files.join(", ")));
    }
    out.push('\n');
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    out.push_str(&render(&head, &rows));
    out
}

/// The changes between two exports, of either programme, as a table.
pub fn changes<C: column::Listed>(c: &crate::compare::Comparison<C>) -> String {
    let mut out = format!("as of {}: {} changes\n\n", c.as_of.format("%Y-%m-%d"), c.changes.len());
    out.push_str(&list(C::TERMINAL_COLUMNS, &c.changes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_text_is_padded_by_display_width() {
        let t = render(&["団体", "x"], &[vec!["Ｂ市".into(), "1".into()], vec!["ab".into(), "2".into()]]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[2], "Ｂ市  1");
        assert_eq!(lines[3], "ab    2");
    }
}
