//! The plain list for a mail: rows grouped by status, worst first, one line per item.

use std::fmt::Write;

use crate::classify::Status;
use crate::report::ItemRow;

fn line(row: &ItemRow<'_>) -> String {
    let mut who = String::new();
    if let Some(p) = row.prefecture {
        if !row.organization.starts_with(p) {
            who.push_str(p);
            who.push(' ');
        }
    }
    who.push_str(row.organization);
    if row.own_office {
        who.push_str("（自庁内）");
    }
    let what: Vec<&str> = [row.task, row.system, row.phase].into_iter().flatten().filter(|s| !s.is_empty()).collect();
    let detail = match row.status {
        Status::PlanOverrun => {
            format!("終了予定日 {} を過ぎて未完了（{} 日超過）", iso(row.planned_end), row.days_late.unwrap_or(0))
        }
        Status::DeadlineExceeded => match (row.planned_end, row.days_late) {
            (Some(pe), Some(days)) => {
                format!("終了予定日 {pe} が期日 {}（{}）より {days} 日遅い", row.deadline, row.deadline_label)
            }
            _ => format!("期日 {}（{}）を過ぎて未完了", row.deadline, row.deadline_label),
        },
        Status::Unreported => "終了予定日・終了実績日の報告なし".to_owned(),
        Status::OnTrack => format!("終了予定日 {}", iso(row.planned_end)),
        Status::Done => format!("終了実績日 {}", iso(row.actual_end)),
        Status::NotApplicable => "対象外".to_owned(),
    };
    format!("・{who}　{}　{detail}", what.join(" "))
}

fn iso(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.format("%Y-%m-%d").to_string())
}

/// The rows as text for a mail: a heading with the as-of date and count, then one block per
/// status (worst first) with one line per item, in the rows' order within a block.
pub fn list<'r>(rows: impl IntoIterator<Item = &'r ItemRow<'r>>, as_of: &str) -> String {
    let rows: Vec<&ItemRow<'_>> = rows.into_iter().collect();
    let mut out = String::new();
    let _ = writeln!(out, "基準日 {as_of} 時点の進捗状況（{} 件）", rows.len());
    for status in Status::ALL {
        let group: Vec<&&ItemRow<'_>> = rows.iter().filter(|r| r.status == status).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out);
        let priority = status.priority().map(|p| format!("・{}", p.label_ja())).unwrap_or_default();
        let _ = writeln!(out, "■ {}{priority}（{} 件）", status.label_ja(), group.len());
        for r in group {
            let _ = writeln!(out, "{}", line(r));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample};
    use crate::classify::classify;
    use crate::limits::Limits;
    use crate::profile::Profile;
    use crate::query::Query;
    use crate::report::build;

    fn seed_list(statuses: Vec<Status>) -> String {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let r =
            build(&a.items, &c, &a.skipped, &Query { statuses: statuses.into_iter().collect(), ..Query::default() });
        list(&r.items, &r.as_of.to_string())
    }

    #[test]
    fn the_list_opens_with_the_as_of_date_and_the_count() {
        let text = seed_list(vec![Status::DeadlineExceeded]);
        assert!(text.starts_with("基準日 2016-07-15 時点の進捗状況（2 件）\n"), "{text}");
    }

    #[test]
    fn a_deadline_exceeded_line_names_the_body_the_planned_end_and_the_days() {
        let text = seed_list(vec![Status::DeadlineExceeded]);
        assert!(text.contains("■ 未完了（規定超過）・優先度高（2 件）"), "{text}");
        assert!(
            text.contains("・Ａ県 Ｅ町　F-3 地方税関連システム 団体内連携テスト工程　終了予定日 2016-12-31 が期日 2016-11-01（クール1開始）より 60 日遅い"),
            "{text}"
        );
    }

    #[test]
    fn blocks_come_worst_first_and_empty_statuses_are_left_out() {
        let text = seed_list(vec![]);
        let de = text.find("■ 未完了（規定超過）").unwrap();
        let un = text.find("■ 未報告").unwrap();
        let po = text.find("■ 未完了（計画超過）").unwrap();
        let done = text.find("■ 完了").unwrap();
        assert!(de < un && un < po && po < done, "{text}");
        assert!(!text.contains("■ 予定どおり"), "{text}");
    }
}
