//! The terminal table: Japanese columns aligned by display width (a full-width character
//! takes two cells).

use unicode_width::UnicodeWidthStr;

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

/// The report as two tables: the items, then the roll-ups per body, task and system.
pub fn report(report: &Report<'_>) -> String {
    let dash = |s: Option<&str>| s.unwrap_or("-").to_owned();
    let items: Vec<Vec<String>> = report
        .items
        .iter()
        .map(|r| {
            let date = |d: &Option<String>, key: &str| match (d, r.invalid_dates.get(key)) {
                (Some(d), _) => d.clone(),
                (None, Some(raw)) => format!("?{raw}"),
                (None, None) => "-".to_owned(),
            };
            vec![
                r.organization.to_owned(),
                dash(r.task),
                dash(r.system),
                dash(r.phase),
                date(&r.planned_end, "planned_end"),
                date(&r.actual_end, "actual_end"),
                r.deadline.clone(),
                r.status.key().to_owned(),
                r.status.label_ja().to_owned(),
                r.days_late.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                r.warnings.iter().map(|w| w.key()).collect::<Vec<_>>().join(","),
                format!("{}!{}", r.source.sheet, r.source.row),
            ]
        })
        .collect();
    let rollups: Vec<Vec<String>> = report
        .rollups
        .iter()
        .map(|r| {
            vec![
                r.organization.to_owned(),
                r.task.to_owned(),
                dash(r.system),
                r.status.key().to_owned(),
                r.status.label_ja().to_owned(),
            ]
        })
        .collect();
    let mut out = format!("as of {}: {} items\n\n", report.as_of, report.items.len());
    out.push_str(&render(
        &[
            "団体",
            "タスク",
            "システム",
            "工程",
            "予定終了日",
            "実績終了日",
            "期日",
            "status",
            "状況",
            "遅延日数",
            "警告",
            "行",
        ],
        &items,
    ));
    out.push_str(&format!("\nroll-ups: {}\n\n", report.rollups.len()));
    out.push_str(&render(&["団体", "タスク", "システム", "status", "状況"], &rollups));
    for s in report.skipped {
        out.push_str(&format!("\nskipped {} / {}: {}", s.file, s.sheet, s.reason));
    }
    if !report.skipped.is_empty() {
        out.push('\n');
    }
    out
}

/// The standardisation systems of a report, one row per system, then the list rows that
/// designated nothing.
pub fn systems(report: &Report<'_>) -> String {
    let dash = |s: Option<&str>| s.unwrap_or("-").to_owned();
    let rows: Vec<Vec<String>> = report
        .rollups
        .iter()
        .filter(|r| r.source.is_some())
        .map(|r| {
            vec![
                r.organization.to_owned(),
                r.task.to_owned(),
                r.completion_rate.map(|x| x.percent()).unwrap_or_else(|| "-".into()),
                dash(r.current_step.map(short_step)),
                r.deadline.clone(),
                if r.extended { "特定移行支援" } else { "-" }.to_owned(),
                r.days_late.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                r.status.key().to_owned(),
                r.status.label_ja().to_owned(),
                r.warnings.iter().map(|w| w.key()).collect::<Vec<_>>().join(","),
            ]
        })
        .collect();
    let mut out = format!("as of {}: {} systems\n\n", report.as_of, rows.len());
    out.push_str(&render(
        &["団体", "業務", "完了率", "現在のステップ", "期日", "延長", "遅延日数", "status", "状況", "警告"],
        &rows,
    ));
    if !report.unmatched_designations.is_empty() {
        out.push_str(&format!(
            "\n特定移行支援 list rows that designated nothing: {}\n",
            report.unmatched_designations.len()
        ));
        for u in &report.unmatched_designations {
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
    }
    for s in report.skipped {
        out.push_str(&format!("\nskipped {} / {}: {}", s.file, s.sheet, s.reason));
    }
    if !report.skipped.is_empty() {
        out.push('\n');
    }
    out
}

/// A step heading shortened for the terminal: its code, else its first twelve characters.
fn short_step(heading: &str) -> &str {
    let folded = crate::text::fold(heading);
    if crate::profile::step_code_len(&folded).is_some() {
        if let Some((code, _)) = heading.split_once([' ', '　']) {
            return code;
        }
    }
    heading.char_indices().nth(12).map_or(heading, |(i, _)| heading.get(..i).unwrap_or(heading))
}

/// Per-system changes between two standardisation exports as a table.
pub fn system_changes(c: &crate::compare::SystemComparison) -> String {
    let rate = |s: Option<&crate::compare::SystemSide>| {
        s.and_then(|s| s.completion_rate).map(|r| r.percent()).unwrap_or_else(|| "-".into())
    };
    let rows: Vec<Vec<String>> = c
        .changes
        .iter()
        .map(|ch| {
            let (b, a) = (ch.before.as_ref(), ch.after.as_ref());
            vec![
                ch.kind.key().to_owned(),
                ch.organization.clone(),
                ch.task.clone(),
                b.map(|s| s.status.key().to_owned()).unwrap_or_else(|| "-".into()),
                a.map(|s| s.status.key().to_owned()).unwrap_or_else(|| "-".into()),
                rate(b),
                rate(a),
                ch.steps.iter().map(|s| short_step(&s.step).to_owned()).collect::<Vec<_>>().join(","),
            ]
        })
        .collect();
    let mut out = format!("as of {}: {} changes\n\n", c.as_of.format("%Y-%m-%d"), c.changes.len());
    out.push_str(&render(
        &["kind", "団体", "業務", "前回", "今回", "前回完了率", "今回完了率", "変化したステップ"],
        &rows,
    ));
    out
}

/// The changes between two exports as a table.
pub fn changes(c: &crate::compare::Comparison) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into());
    let rows: Vec<Vec<String>> = c
        .changes
        .iter()
        .map(|ch| {
            let b = ch.before.as_ref();
            let a = ch.after.as_ref();
            vec![
                ch.kind.key().to_owned(),
                ch.organization.clone(),
                ch.task.clone(),
                ch.system.clone().unwrap_or_else(|| "-".into()),
                ch.phase.clone().unwrap_or_else(|| "-".into()),
                b.map(|s| s.status.key().to_owned()).unwrap_or_else(|| "-".into()),
                a.map(|s| s.status.key().to_owned()).unwrap_or_else(|| "-".into()),
                date(b.and_then(|s| s.planned_end)),
                date(a.and_then(|s| s.planned_end)),
                ch.days_moved.map(|d| format!("{d:+}")).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let mut out = format!("as of {}: {} changes\n\n", c.as_of.format("%Y-%m-%d"), c.changes.len());
    out.push_str(&render(
        &["kind", "団体", "タスク", "システム", "工程", "前回", "今回", "前回予定終了", "今回予定終了", "移動日数"],
        &rows,
    ));
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
