//! Exports of the report: the terminal table, CSV/TSV for Excel, and JSON (SPEC §8).
//!
//! CSV and TSV are opened in Excel, so every cell that Excel would read as a formula
//! (beginning with `=`, `+`, `-`, `@`, or a tab or carriage return) is neutralised with a
//! leading apostrophe.

pub mod colours;
pub mod mail;
pub mod table;
pub mod xlsx;

use crate::report::{ItemRow, Report};

/// The columns of the item list in CSV, TSV and copied text, with Japanese headings.
pub const COLUMNS: [&str; 21] = [
    "都道府県",
    "団体名",
    "自庁内",
    "団体コード",
    "タスク",
    "タスク名",
    "システム",
    "工程",
    "予定開始日",
    "予定終了日",
    "実績開始日",
    "実績終了日",
    "期日",
    "状況",
    "優先度",
    "遅延日数",
    "警告",
    "推奨対応",
    "ファイル",
    "シート",
    "行",
];

/// One item's cells, in [`COLUMNS`] order.
pub fn cells(row: &ItemRow<'_>) -> [String; 21] {
    let o = |s: Option<&str>| s.unwrap_or("").to_owned();
    let date = |d: &Option<String>, key: &str| match (d, row.invalid_dates.get(key)) {
        (Some(d), _) => d.clone(),
        (None, Some(raw)) => (*raw).to_owned(),
        (None, None) => String::new(),
    };
    [
        o(row.prefecture),
        row.organization.to_owned(),
        if row.own_office { "自庁内" } else { "" }.to_owned(),
        o(row.code),
        o(row.task),
        o(row.task_name),
        o(row.system),
        o(row.phase),
        date(&row.planned_start, "planned_start"),
        date(&row.planned_end, "planned_end"),
        date(&row.actual_start, "actual_start"),
        date(&row.actual_end, "actual_end"),
        row.deadline.clone(),
        row.status.label_ja().to_owned(),
        row.status.priority().map(|p| p.label_ja()).unwrap_or("").to_owned(),
        row.days_late.map(|d| d.to_string()).unwrap_or_default(),
        row.warnings.iter().map(|w| w.label_ja()).collect::<Vec<_>>().join("、"),
        row.recommended_action.clone(),
        row.source.file.to_owned(),
        row.source.sheet.to_owned(),
        row.source.row.to_string(),
    ]
}

/// Makes a cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR gets
/// an apostrophe in front so it is shown as text, never run as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// CSV or TSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
}

/// The item list as CSV or TSV text (CRLF line ends, as Excel writes them).
pub fn delimited<'r>(rows: impl IntoIterator<Item = &'r ItemRow<'r>>, delimiter: Delimiter) -> String {
    let head = COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    write_rows(std::iter::once(head).chain(rows.into_iter().map(|r| cells(r).to_vec())), delimiter)
}

/// The changes between two exports as CSV (Japanese headings, formula cells neutralised).
pub fn changes_csv(c: &crate::compare::Comparison) -> String {
    changes_delimited(&c.changes, Delimiter::Comma)
}

/// Headings of [`changes_delimited`].
pub const CHANGE_COLUMNS: [&str; 13] = [
    "変化",
    "都道府県",
    "団体名",
    "タスク",
    "システム",
    "工程",
    "前回の状況",
    "前回の終了予定日",
    "前回の終了実績日",
    "今回の状況",
    "今回の終了予定日",
    "今回の終了実績日",
    "移動日数",
];

/// Changes as CSV or TSV (Japanese headings, formula cells neutralised, CRLF line ends), e.g.
/// the page's filtered list of changes copied for Excel.
pub fn changes_delimited<'c>(
    changes: impl IntoIterator<Item = &'c crate::compare::Change>,
    delimiter: Delimiter,
) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let side = |s: &Option<crate::compare::Side>| match s {
        Some(s) => [s.status.label_ja().to_owned(), date(s.planned_end), date(s.actual_end)],
        None => Default::default(),
    };
    let mut rows: Vec<Vec<String>> = vec![CHANGE_COLUMNS.iter().map(|s| (*s).to_owned()).collect()];
    for ch in changes {
        let mut row = vec![
            ch.kind.label_ja().to_owned(),
            ch.prefecture.clone().unwrap_or_default(),
            ch.organization.clone(),
            ch.task.clone(),
            ch.system.clone().unwrap_or_default(),
            ch.phase.clone().unwrap_or_default(),
        ];
        row.extend(side(&ch.before));
        row.extend(side(&ch.after));
        row.push(ch.days_moved.map(|d| d.to_string()).unwrap_or_default());
        rows.push(row);
    }
    write_rows(rows, delimiter)
}

/// Rows of cells as CSV or TSV — the one writer of every delimited export: each cell goes
/// through [`neutralise`], the `csv` crate quotes where needed (a delimiter, quote or line break
/// inside), lines end in CRLF as Excel writes them.
pub fn write_rows(rows: impl IntoIterator<Item = Vec<String>>, delimiter: Delimiter) -> String {
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

/// The columns of the per-system list (standardisation, SPEC §9), with Japanese headings.
pub const SYSTEM_COLUMNS: [&str; 17] = [
    "都道府県",
    "団体名",
    "自庁内",
    "団体コード",
    "業務",
    "完了率",
    "現在のステップ",
    "期日",
    "特定移行支援",
    "遅延日数",
    "状況",
    "優先度",
    "警告",
    "推奨対応",
    "ファイル",
    "シート",
    "行",
];

/// One system's cells, in [`SYSTEM_COLUMNS`] order.
pub fn system_cells(row: &crate::report::RollupRow<'_>) -> Vec<String> {
    let o = |s: Option<&str>| s.unwrap_or("").to_owned();
    vec![
        o(row.prefecture),
        row.organization.to_owned(),
        if row.own_office { "自庁内" } else { "" }.to_owned(),
        o(row.code),
        row.task.to_owned(),
        row.completion_rate.map(|r| r.percent()).unwrap_or_default(),
        o(row.current_step),
        row.deadline.clone(),
        if row.extended { "該当" } else { "" }.to_owned(),
        row.days_late.map(|d| d.to_string()).unwrap_or_default(),
        row.status.label_ja().to_owned(),
        row.status.priority().map(|p| p.label_ja()).unwrap_or("").to_owned(),
        row.warnings.iter().map(|w| w.label_ja()).collect::<Vec<_>>().join("、"),
        row.recommended_action.clone(),
        row.source.as_ref().map(|s| s.file.to_owned()).unwrap_or_default(),
        row.source.as_ref().map(|s| s.sheet.to_owned()).unwrap_or_default(),
        row.source.as_ref().map(|s| s.row.to_string()).unwrap_or_default(),
    ]
}

/// The systems of a report (roll-ups that are systems) as CSV or TSV.
pub fn systems_delimited<'r>(
    rows: impl IntoIterator<Item = &'r crate::report::RollupRow<'r>>,
    delimiter: Delimiter,
) -> String {
    let head = SYSTEM_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    write_rows(std::iter::once(head).chain(rows.into_iter().map(system_cells)), delimiter)
}

/// Headings of [`system_changes_csv`].
pub const SYSTEM_CHANGE_COLUMNS: [&str; 11] = [
    "変化",
    "都道府県",
    "団体名",
    "業務",
    "前回の状況",
    "前回の完了率",
    "前回の現在のステップ",
    "今回の状況",
    "今回の完了率",
    "今回の現在のステップ",
    "変化したステップ",
];

/// Per-system changes between two standardisation exports as CSV.
pub fn system_changes_csv(c: &crate::compare::SystemComparison) -> String {
    system_changes_delimited(&c.changes, Delimiter::Comma)
}

/// Per-system changes as CSV or TSV (e.g. the page's filtered changes copied for Excel).
pub fn system_changes_delimited<'c>(
    changes: impl IntoIterator<Item = &'c crate::compare::SystemChange>,
    delimiter: Delimiter,
) -> String {
    let side = |s: &Option<crate::compare::SystemSide>| match s {
        Some(s) => [
            s.status.label_ja().to_owned(),
            s.completion_rate.map(|r| r.percent()).unwrap_or_default(),
            s.current_step.clone().unwrap_or_default(),
        ],
        None => Default::default(),
    };
    let head = SYSTEM_CHANGE_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    let rows = changes.into_iter().map(|ch| {
        let mut row = vec![
            ch.kind.label_ja().to_owned(),
            ch.prefecture.clone().unwrap_or_default(),
            ch.organization.clone(),
            ch.task.clone(),
        ];
        row.extend(side(&ch.before));
        row.extend(side(&ch.after));
        row.push(
            ch.steps
                .iter()
                .map(|s| format!("{}：{}→{}", s.step, or_blank(&s.before), or_blank(&s.after)))
                .collect::<Vec<_>>()
                .join("、"),
        );
        row
    });
    write_rows(std::iter::once(head).chain(rows), delimiter)
}

fn or_blank(word: &str) -> &str {
    if word.is_empty() {
        "（空欄）"
    } else {
        word
    }
}

/// SPEC §8's JSON object, pretty-printed.
pub fn json(report: &Report<'_>) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() // ok: plain data always serialises
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let tsv = changes_delimited([&change], Delimiter::Tab);
        let lines: Vec<&str> = tsv.split("\r\n").collect();
        assert_eq!(lines[0], CHANGE_COLUMNS.join("\t"));
        assert_eq!(
            lines[1],
            "終了予定日が後ろ倒し\tＡ県\tＨ村\tF-3\t地方税\tテスト工程\t未完了（規定超過）\t2017-03-24\t\t未完了（規定超過）\t2017-04-28\t\t35"
        );
        assert_eq!(lines[2], "");
    }
}
