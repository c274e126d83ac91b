//! Exports of the report: the terminal table, CSV/TSV for Excel, and JSON (SPEC §8).
//!
//! CSV and TSV are opened in Excel, so every cell that Excel would read as a formula
//! (beginning with `=`, `+`, `-`, `@`, or a tab or carriage return) is neutralised with a
//! leading apostrophe.

pub mod colours;
pub mod mail;
pub mod table;
pub mod xlsx;

use crate::column::{self, Column, Listed, Row, Style};
use crate::report::{ItemRow, Report};

/// Rows under `columns` as CSV or TSV text: the headings, then one line per row.
pub(crate) fn list<'r, R: Row + 'r>(
    columns: &[Column<R::Field>],
    rows: impl IntoIterator<Item = &'r R>,
    delimiter: Delimiter,
) -> String {
    let head = column::headings(columns).into_iter().map(str::to_owned).collect();
    let lines = rows.into_iter().map(|r| column::texts(r, columns, Style::Sheet));
    write_rows(std::iter::once(head).chain(lines), delimiter)
}

/// Makes a cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR gets
/// an apostrophe in front so it is shown as text, never run as a formula.
pub(crate) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// CSV or TSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delimiter {
    Comma,
    Tab,
}

/// The item list as CSV or TSV text (CRLF line ends, as Excel writes them).
pub(crate) fn delimited<'r>(rows: impl IntoIterator<Item = &'r ItemRow<'r>>, delimiter: Delimiter) -> String {
    list(&column::ITEMS, rows, delimiter)
}

/// The changes between two exports, of either programme, as CSV (Japanese headings, formula
/// cells neutralised).
pub fn changes_csv<C: Listed>(c: &crate::compare::Comparison<C>) -> String {
    list(C::SHEET_COLUMNS, &c.changes, Delimiter::Comma)
}

/// Rows of cells as CSV or TSV — the one writer of every delimited export: each cell goes
/// through [`neutralise`], the `csv` crate quotes where needed (a delimiter, quote or line break
/// inside), lines end in CRLF as Excel writes them.
pub(crate) fn write_rows(rows: impl IntoIterator<Item = Vec<String>>, delimiter: Delimiter) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(match delimiter {
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
        })
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail; a failed record would only be left out.
        let _ = writer.write_record(row.iter().map(|c| neutralise(c).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default() // ok: every cell was a String
}

/// The headings and rows of the systems over the snapshots (SPEC §11) in an output of `style`:
/// the fixed columns `before`, one rate column per snapshot headed by its date, then `after`.
pub(crate) fn history_rows<'r>(
    history: &crate::history::History,
    rows: impl IntoIterator<Item = &'r crate::history::SystemHistory>,
    (before, after): (&[Column<column::HistoryField>], &[Column<column::HistoryField>]),
    style: Style,
) -> (Vec<String>, Vec<Vec<String>>) {
    let series: Vec<Column<column::HistoryField>> = (0..history.snapshots.len()).map(column::series_column).collect();
    let mut headings: Vec<String> = column::headings(before).into_iter().map(str::to_owned).collect();
    headings.extend(history.snapshots.iter().map(|s| column::series_heading(s.date)));
    headings.extend(column::headings(after).into_iter().map(str::to_owned));
    let rows = rows
        .into_iter()
        .map(|r| {
            let mut cells = column::texts(r, before, style);
            cells.extend(column::texts(r, &series, style));
            cells.extend(column::texts(r, after, style));
            cells
        })
        .collect();
    (headings, rows)
}

/// The systems over the snapshots (SPEC §11) as CSV or TSV: one row per system, one rate column
/// per snapshot.
pub(crate) fn history_delimited<'r>(
    history: &crate::history::History,
    rows: impl IntoIterator<Item = &'r crate::history::SystemHistory>,
    delimiter: Delimiter,
) -> String {
    let (head, rows) = history_rows(history, rows, (&column::HISTORY_BEFORE, &column::HISTORY_AFTER), Style::Sheet);
    write_rows(std::iter::once(head).chain(rows), delimiter)
}

/// The systems over the snapshots (SPEC §11) as CSV (Japanese headings, formula cells
/// neutralised), e.g. the page's history copied for Excel.
pub fn history_csv<'r>(
    history: &crate::history::History,
    rows: impl IntoIterator<Item = &'r crate::history::SystemHistory>,
) -> String {
    history_delimited(history, rows, Delimiter::Comma)
}

/// SPEC §8's JSON object, pretty-printed.
pub fn json(report: &Report<'_>) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() // ok: plain data always serialises
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Warning;
    use crate::report::RollupRow;

    /// The systems of December's and January's monthly rate tables (and the 特定移行支援 list) as
    /// the page has them: the latest snapshot classified at 2026-02-01 with the trend applied.
    /// `f` gets the system rows (the .xlsx report's tests use them too).
    pub(super) fn with_monthly_systems(f: impl FnOnce(&[RollupRow<'_>])) {
        use crate::analyse::{latest_snapshot, read_with_progress, Input};
        let inputs = Input::fixtures(&["monthly_r7_12.xlsx", "monthly_r8_01.xlsx", "tokutei_monthly.xlsx"]);
        let (_, dated) = read_with_progress(&inputs, &crate::limits::Limits::default(), &mut |_| {});
        let (as_of, profile) =
            (chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap_or_default(), crate::profile::Profile::hyojunka());
        let latest = latest_snapshot(&dated);
        let mut c = crate::classify::classify_all(&[], &latest, as_of, &profile);
        let h = crate::history::history(dated, as_of, &profile).expect("two dates");
        crate::history::Overview::apply(&h, &mut c);
        let rows: Vec<RollupRow<'_>> = c
            .rollups
            .iter()
            .filter(|r| r.kind.is_system())
            .map(|r| crate::report::system_row(r, &c, &latest))
            .collect();
        f(&rows);
    }

    /// The CSV line of Ｌ市's 住民記録, split at the commas (no cell of it holds one).
    fn l_city_juki(csv: &str) -> Vec<String> {
        let line = csv.lines().find(|l| l.contains("Ｌ市") && l.contains(",住民記録,")).expect("Ｌ市 住民記録");
        line.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn systems_with_a_history_carry_their_projected_completion_after_the_days_late() {
        with_monthly_systems(|rows| {
            let csv = list(&column::systems(true), rows, Delimiter::Comma);
            let head: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
            let at = head.iter().position(|h| *h == "完了見込み").expect("a 完了見込み column");
            assert_eq!(head.get(at - 1), Some(&"遅延日数"));
            // 60 % on 2025-12-31, 70 % on 2026-01-31: ⌈3000 × 31 / 1000⌉ = 93 days on.
            let cells = l_city_juki(&csv);
            assert_eq!(cells[at], "2026-05-04");
            let warnings = head.iter().position(|h| *h == "警告").expect("warnings");
            assert!(cells[warnings].contains(Warning::ProjectedLate.label_ja()), "{}", cells[warnings]);
        });
    }

    #[test]
    fn a_stalled_system_is_marked_in_the_warnings_column_and_has_no_projected_completion() {
        with_monthly_systems(|rows| {
            let csv = list(&column::systems(true), rows, Delimiter::Comma);
            let head: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
            let at = head.iter().position(|h| *h == "完了見込み").expect("a 完了見込み column");
            let warnings = head.iter().position(|h| *h == "警告").expect("warnings");
            let line = csv.lines().find(|l| l.contains("Ｌ市") && l.contains(",戸籍,")).expect("Ｌ市 戸籍");
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells[at], "");
            assert!(cells[warnings].contains(Warning::Stalled.label_ja()), "{}", cells[warnings]);
        });
    }

    #[test]
    fn systems_without_a_history_have_no_projected_completion_column() {
        with_monthly_systems(|rows| {
            let csv = list(&column::systems(false), rows, Delimiter::Comma);
            assert_eq!(csv.lines().next(), Some(column::headings(&column::SYSTEMS).join(",").as_str()));
        });
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for s in ["=1+1", "+81", "-2", "@SUM(A1)", "\tx", "＝HYPERLINK()"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        assert_eq!(neutralise("Ｂ市"), "Ｂ市");
        assert_eq!(neutralise("2016-06-30"), "2016-06-30");
    }

    #[test]
    fn changes_as_tsv_have_japanese_headings_and_one_tab_separated_line_per_change() {
        use crate::classify::Status;
        use crate::compare::{Change, ChangeKind, Side};
        let d = |s: &str| s.parse::<chrono::NaiveDate>().ok();
        let change = Change {
            kind: ChangeKind::PlanEndLater,
            prefecture: Some("Ａ県".to_owned()),
            organization: "Ｈ村".to_owned(),
            task: "F-3".to_owned(),
            system: Some("地方税".to_owned()),
            phase: Some("テスト工程".to_owned()),
            before: Some(Side { status: Status::DeadlineExceeded, planned_end: d("2017-03-24"), actual_end: None }),
            after: Some(Side { status: Status::DeadlineExceeded, planned_end: d("2017-04-28"), actual_end: None }),
            days_moved: Some(35),
        };
        let tsv = list(&column::CHANGES, [&change], Delimiter::Tab);
        let lines: Vec<&str> = tsv.split("\r\n").collect();
        assert_eq!(lines[0], column::headings(&column::CHANGES).join("\t"));
        assert_eq!(
            lines[1],
            "終了予定日が後ろ倒し\tＡ県\tＨ村\tF-3\t地方税\tテスト工程\t未完了（規定超過）\t2017-03-24\t\t未完了（規定超過）\t2017-04-28\t\t35"
        );
        assert_eq!(lines[2], "");
    }
}
