//! The meaning of header text: which words name an organization column, a date column, a
//! system, a phase, a task (SPEC §6).
//!
//! Every function here takes text already folded with [`crate::text::fold`] (NFKC, no
//! spaces, ASCII upper-case), so `開始日（予定）`, `開始日(予定)` and `開始日 (予定)` are one word.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use crate::item::Slot;

/// Planned or actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Planned,
    Actual,
}

/// Start or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Edge {
    Start,
    End,
}

/// Joins a kind and an edge into a date slot.
pub(crate) fn slot(kind: Kind, edge: Edge) -> Slot {
    match (kind, edge) {
        (Kind::Planned, Edge::Start) => Slot::PlannedStart,
        (Kind::Planned, Edge::End) => Slot::PlannedEnd,
        (Kind::Actual, Edge::Start) => Slot::ActualStart,
        (Kind::Actual, Edge::End) => Slot::ActualEnd,
    }
}

/// A date column's own header: its edge, and its kind when the header says it
/// (`終了予定日`, `開始日（実績）`); `完了日` alone is the actual end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateField {
    pub kind: Option<Kind>,
    pub edge: Edge,
}

/// Reads a header as a date column heading, if it is one.
pub(crate) fn date_field(folded: &str) -> Option<DateField> {
    if folded.chars().count() > 16 {
        return None;
    }
    let mut rest = folded.to_owned();
    let mut kind = None;
    for (word, k) in [("予定", Kind::Planned), ("計画", Kind::Planned), ("実績", Kind::Actual)] {
        if rest.contains(word) {
            if kind.is_some_and(|old| old != k) {
                return None;
            }
            kind = Some(k);
            rest = rest.replace(word, "");
        }
    }
    for noise in ["(", ")", "[", "]", "【", "】", "「", "」", "<", ">", "・", "年月日", "日付", "日", "の"]
    {
        rest = rest.replace(noise, "");
    }
    let (edge, implied) = match rest.as_str() {
        "開始" | "着手" | "作業開始" => (Edge::Start, None),
        "終了" | "作業終了" => (Edge::End, None),
        "完了" | "作業完了" => (Edge::End, Some(Kind::Actual)),
        _ => return None,
    };
    Some(DateField { kind: kind.or(implied), edge })
}

/// Reads a header as 予定 / 実績 alone.
pub(crate) fn kind_label(folded: &str) -> Option<Kind> {
    let t = folded.trim_end_matches('日');
    match t {
        "予定" | "計画" | "予定日" | "計画日" => Some(Kind::Planned),
        "実績" | "実績日" => Some(Kind::Actual),
        _ => None,
    }
}

/// What a non-date column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum KeyField {
    Prefecture,
    Organization,
    Code,
    TaskId,
    TaskName,
    System,
    Phase,
    Applicability,
}

/// Reads a header as the heading of a key column.
pub(crate) fn key_field(folded: &str) -> Option<KeyField> {
    let t = folded.trim_end_matches(['*', '※']);
    let exact = |words: &[&str]| words.contains(&t);
    if exact(&["都道府県", "都道府県名", "県名", "道府県", "都道府県名称"]) {
        return Some(KeyField::Prefecture);
    }
    if t.contains("コード") || exact(&["団体CD", "CD"]) {
        return Some(KeyField::Code);
    }
    if exact(&[
        "地方自治体名",
        "自治体名",
        "団体名",
        "地方公共団体名",
        "市区町村名",
        "市町村名",
        "機関名",
        "団体",
        "市区町村",
        "市町村",
        "自治体",
        "地方自治体",
        "組織名",
        "回答団体",
        "回答団体名",
        "団体・機関名",
        "機関",
        "団体名称",
        "自治体名称",
        "市区町村名称",
        "市町村名称",
        "市区町村等",
        "市町村等",
        "市区町村名等",
    ]) {
        return Some(KeyField::Organization);
    }
    if exact(&["タスクID", "タスク番号", "タスクNO", "タスクNO.", "ID", "NO.", "タスクコード", "番号"])
    {
        return Some(if t == "ID" || t.starts_with("タスク") { KeyField::TaskId } else { return None });
    }
    if exact(&["タスク", "タスク名", "作業名", "作業項目", "タスク名称", "作業", "推奨アクション", "アクション"])
    {
        return Some(KeyField::TaskName);
    }
    if exact(&[
        "システム",
        "システム名",
        "業務",
        "業務名",
        "業務システム",
        "業務システム名",
        "対象システム",
        "分野",
        "システム区分",
        "対象業務",
        "系統",
    ]) {
        return Some(KeyField::System);
    }
    if exact(&["工程", "工程名", "フェーズ", "作業工程", "段階", "フェーズ名"]) {
        return Some(KeyField::Phase);
    }
    if exact(&["対象外", "対象", "該当", "該当有無", "対象有無", "対象区分"]) {
        return Some(KeyField::Applicability);
    }
    None
}

/// The level a label above a date column names in the wide layout's hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Level {
    Task,
    System,
    Phase,
}

/// The seed's system categories (SPEC §2), folded.
const SEED_SYSTEMS: [&str; 4] = ["地方税", "社会保障", "公営住宅", "医療費援助"];

/// Guesses the level of a hierarchy label from its words alone.
pub(crate) fn level_of(folded: &str) -> Option<Level> {
    if task_id_prefix(folded).is_some() || folded.contains("タスク") {
        return Some(Level::Task);
    }
    if folded.contains("工程") || folded.contains("フェーズ") || folded.ends_with("段階") {
        return Some(Level::Phase);
    }
    if folded.contains("システム")
        || folded.contains("業務")
        || folded.contains("関連")
        || SEED_SYSTEMS.iter().any(|s| folded.contains(s))
    {
        return Some(Level::System);
    }
    if ["設計", "製造", "導入", "適用", "テスト", "試験", "移行", "稼働", "要件定義"].iter().any(|w| folded.contains(w))
    {
        return Some(Level::Phase);
    }
    None
}

/// The length in bytes of a task ID at the start of `folded` (`F-3`, `D-5`, `F3`, `AB-12-1`).
pub(crate) fn task_id_prefix(folded: &str) -> Option<usize> {
    let b = folded.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let mut i = letters;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = b.iter().skip(i).take_while(|c| c.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    i += digits;
    // Sub-numbers such as F-3-1.
    while b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
        i += b.iter().skip(i).take_while(|c| c.is_ascii_digit()).count();
    }
    match b.get(i) {
        None => Some(i),
        Some(c) if !c.is_ascii_alphanumeric() => Some(i),
        Some(_) => None,
    }
}

/// Splits task text such as `F-3 既存業務システムの改修…` (as written, not folded) into its
/// ID (folded: `F-3`) and name.
pub(crate) fn split_task(written: &str) -> (Option<String>, Option<String>) {
    let folded_prefix: String = crate::text::fold(written).into_owned();
    let Some(id) = task_id_prefix(&folded_prefix).and_then(|len| folded_prefix.get(..len)) else {
        let name = written.trim();
        return (None, (!name.is_empty()).then(|| name.to_owned()));
    };
    let id = id.to_owned();
    // Find where the ID ends in the written text: skip as many non-space characters as the
    // folded ID has characters (folding maps each of them one to one).
    let id_chars = id.chars().count();
    let mut taken = 0;
    let mut cut = written.len();
    for (i, c) in written.trim_start().char_indices() {
        if taken == id_chars {
            cut = i + (written.len() - written.trim_start().len());
            break;
        }
        if !c.is_whitespace() {
            taken += 1;
        }
    }
    let name = written.get(cut..).unwrap_or("").trim_start_matches([' ', '　', ':', '：', '.', '．']).trim();
    (Some(id), (!name.is_empty()).then(|| name.to_owned()))
}

/// Whether a row starting with this (folded) text is a note, not data: `※…`, `注…`.
pub(crate) fn is_note(folded: &str) -> bool {
    folded.starts_with(['※', '*', '＊', '注', '(', '【'])
        || folded.starts_with("備考")
        || folded.starts_with("出典")
        || folded.starts_with("凡例")
}

/// Whether an organization cell is a totals row rather than a body.
pub(crate) fn is_total(folded: &str) -> bool {
    matches!(folded, "合計" | "計" | "小計" | "総計" | "合計数" | "全体" | "全国")
        // 県計, 市町村計, 全国平均, 県内平均: no body's name ends so.
        || ((folded.ends_with('計') || folded.ends_with("平均")) && folded.chars().count() <= 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn df(s: &str) -> Option<DateField> {
        date_field(&fold(s))
    }

    #[test]
    fn totals_and_averages_of_a_prefecture_or_the_nation_are_no_body() {
        assert!(is_total("県計"));
        assert!(is_total("全国平均"));
        assert!(is_total("市町村計"));
        assert!(!is_total("計根別町"));
    }

    #[test]
    fn a_body_column_headed_with_a_name_suffix_is_the_body() {
        assert_eq!(key_field("団体名称"), Some(KeyField::Organization));
        assert_eq!(key_field("市区町村名等"), Some(KeyField::Organization));
        assert_eq!(key_field("都道府県名称"), Some(KeyField::Prefecture));
    }

    #[test]
    fn long_layout_date_headings_read_in_all_their_spellings() {
        let ps = Some(DateField { kind: Some(Kind::Planned), edge: Edge::Start });
        let pe = Some(DateField { kind: Some(Kind::Planned), edge: Edge::End });
        let as_ = Some(DateField { kind: Some(Kind::Actual), edge: Edge::Start });
        let ae = Some(DateField { kind: Some(Kind::Actual), edge: Edge::End });
        for s in ["開始予定日", "予定開始日", "開始日（予定）", "開始日(予定)", "計画開始日"]
        {
            assert_eq!(df(s), ps, "{s}");
        }
        for s in ["終了予定日", "予定終了日", "終了日（予定）", "完了予定日"] {
            assert_eq!(df(s), pe, "{s}");
        }
        for s in ["開始実績日", "実績開始日", "開始日（実績）"] {
            assert_eq!(df(s), as_, "{s}");
        }
        for s in ["終了実績日", "実績終了日", "完了日", "終了日(実績)"] {
            assert_eq!(df(s), ae, "{s}");
        }
    }

    #[test]
    fn bare_start_and_end_headings_take_their_kind_from_above() {
        assert_eq!(df("開始日"), Some(DateField { kind: None, edge: Edge::Start }));
        assert_eq!(df("終了日"), Some(DateField { kind: None, edge: Edge::End }));
    }

    #[test]
    fn sentences_that_mention_start_are_not_date_headings() {
        assert_eq!(df("クール1開始"), None);
        assert_eq!(df("F-3 既存業務システムの改修、新規システムの導入に係る作業管理"), None);
        assert_eq!(df("予定実績終了日"), None);
    }

    #[test]
    fn task_ids_are_recognised_at_the_start_of_text() {
        assert_eq!(task_id_prefix("F-3"), Some(3));
        assert_eq!(task_id_prefix("D-5自治体中間サーバー"), Some(3));
        assert_eq!(task_id_prefix("F-3-1"), Some(5));
        assert_eq!(task_id_prefix("ID"), None);
        assert_eq!(task_id_prefix("FOO"), None);
    }

    #[test]
    fn task_text_splits_into_id_and_name() {
        assert_eq!(
            split_task("Ｆ－３ 既存業務システムの改修"),
            (Some("F-3".into()), Some("既存業務システムの改修".into()))
        );
        assert_eq!(split_task("F-3"), (Some("F-3".into()), None));
        assert_eq!(split_task("庁内ネットワーク整備"), (None, Some("庁内ネットワーク整備".into())));
    }

    #[test]
    fn hierarchy_labels_are_sorted_into_levels() {
        assert_eq!(level_of(&fold("地方税関連システム")), Some(Level::System));
        assert_eq!(level_of(&fold("社会保障")), Some(Level::System));
        assert_eq!(level_of(&fold("製造・導入・適用工程")), Some(Level::Phase));
        assert_eq!(level_of(&fold("F-3 既存業務システムの改修")), Some(Level::Task));
    }

    #[test]
    fn organization_headings_are_recognised() {
        assert_eq!(key_field(&fold("地方自治体名")), Some(KeyField::Organization));
        assert_eq!(key_field(&fold("団体コード")), Some(KeyField::Code));
        assert_eq!(key_field(&fold("都道府県")), Some(KeyField::Prefecture));
        assert_eq!(key_field(&fold("備考")), None);
    }
}
