//! SPEC §6's layouts and encodings, read from fixtures the project writes (`cargo xtask fixtures`).

mod common;

use common::*;
use shinchoku::classify::Status;
use shinchoku::date::DateCell;
use shinchoku::item::{Item, Slot};

fn find<'a>(items: &'a [Item], org: &str, task: &str, system: Option<&str>) -> &'a Item {
    items
        .iter()
        .find(|i| i.organization == org && i.task() == task && i.system.as_deref() == system)
        .unwrap_or_else(|| panic!("no item {org} {task} {system:?}"))
}

#[test]
fn four_systems_side_by_side_give_sixteen_items_per_body() {
    let loaded = load_fixture("wide_multi_system.xlsx");
    assert_eq!(loaded.items.len(), 5 * 4 * 4);
    let systems: std::collections::BTreeSet<_> = loaded.items.iter().filter_map(|i| i.system.clone()).collect();
    assert_eq!(systems.len(), 4);
}

#[test]
fn the_task_is_taken_from_the_sheet_name_when_no_title_names_it() {
    let loaded = load_fixture("wide_multi_system.xlsx");
    assert!(loaded.items.iter().all(|i| i.task_id.as_deref() == Some("F-3")));
}

#[test]
fn a_code_column_and_a_prefecture_column_are_read_by_their_headings() {
    let loaded = load_fixture("wide_multi_system.xlsx");
    let i = &loaded.items[0];
    assert_eq!(
        (i.code.as_deref(), i.prefecture.as_deref(), i.organization.as_str()),
        (Some("010006"), Some("Ａ県"), "Ａ県")
    );
}

#[test]
fn own_offices_and_joint_bodies_are_told_apart() {
    let loaded = load_fixture("wide_multi_system.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let own = |org: &str| c.organizations.iter().find(|o| o.organization == org).unwrap().own_office;
    assert!(own("Ａ県"));
    assert!(own("Ａ県教育委員会"));
    assert!(!own("Ｂ市"));
    assert!(!own("Ａ県後期高齢者医療広域連合"));
}

#[test]
fn a_cell_reading_taishogai_marks_its_item_not_applicable() {
    let loaded = load_fixture("wide_multi_system.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let (i, _) = loaded
        .items
        .iter()
        .enumerate()
        .find(|(_, i)| {
            i.organization == "Ａ県教育委員会"
                && i.system.as_deref() == Some("公営住宅関連システム")
                && i.phase.as_deref() == Some("設計工程")
        })
        .unwrap();
    assert_eq!(c.verdicts[i].status, Status::NotApplicable);
}

#[test]
fn a_remarks_column_to_the_right_is_ignored() {
    let loaded = load_fixture("wide_multi_system.xlsx");
    assert!(loaded.items.iter().all(|i| i.organization != "ベンダー調整中" && i.system.as_deref() != Some("備考")));
}

#[test]
fn the_long_layout_reads_columns_in_any_order_with_extra_columns() {
    let loaded = load_fixture("long_layout.xlsx");
    assert_eq!(loaded.items.len(), 6);
    let b = find(&loaded.items, "Ｂ市", "F-3", Some("地方税関連システム"));
    assert_eq!(b.phase.as_deref(), Some("団体内連携テスト工程"));
    assert_eq!(b.task_name.as_deref(), Some("既存業務システムの改修"));
    assert_eq!(b.date(Slot::PlannedStart), &DateCell::Date(date("2016-04-01")));
    assert_eq!(b.date(Slot::PlannedEnd), &DateCell::Date(date("2016-06-30")));
    assert_eq!(b.date(Slot::ActualStart), &DateCell::Date(date("2016-06-01")));
}

#[test]
fn kanryoubi_alone_is_the_actual_end() {
    let loaded = load_fixture("long_layout.xlsx");
    let d5 = find(&loaded.items, "Ｂ市", "D-5", None);
    assert_eq!(d5.date(Slot::ActualEnd), &DateCell::Date(date("2016-06-30")));
}

#[test]
fn title_blank_and_note_rows_never_become_items() {
    let loaded = load_fixture("long_layout.xlsx");
    assert!(loaded.items.iter().all(|i| ["Ｂ市", "Ｃ市", "Ｄ町", "Ａ県"].contains(&i.organization.as_str())));
}

#[test]
fn the_long_layout_classifies_each_task_against_its_own_deadline() {
    let loaded = load_fixture("long_layout.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let status = |org: &str, task: &str| {
        let i = loaded.items.iter().position(|i| i.organization == org && i.task() == task).unwrap();
        c.verdicts[i].status
    };
    assert_eq!(status("Ｃ市", "D-5"), Status::DeadlineExceeded, "9/30 is after the 9/1 Cool 0 deadline");
    assert_eq!(status("Ｄ町", "F-3"), Status::OnTrack);
}

#[test]
fn utf8_utf8_with_bom_and_shift_jis_csv_read_alike() {
    let a = load_fixture("long_utf8.csv");
    let b = load_fixture("long_utf8_bom.csv");
    let c = load_fixture("long_sjis.csv");
    assert_eq!(a.items.len(), 6);
    let strip = |items: Vec<Item>| -> Vec<Item> {
        items
            .into_iter()
            .map(|mut i| {
                i.source.file.clear();
                i.source.sheet.clear();
                i
            })
            .collect()
    };
    let (a, b, c) = (strip(a.items), strip(b.items), strip(c.items));
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn a_csv_task_column_holding_id_and_name_is_split() {
    let loaded = load_fixture("long_sjis.csv");
    let i = find(&loaded.items, "Ｃ市", "D-5", None);
    assert_eq!(i.task_name.as_deref(), Some("自治体中間サーバー・プラットフォームの利用に向けた庁内ネットワーク整備"));
}

#[test]
fn csv_and_xlsx_of_the_same_long_table_give_the_same_dates() {
    let x = load_fixture("long_layout.xlsx");
    let c = load_fixture("long_utf8.csv");
    for (a, b) in x.items.iter().zip(&c.items) {
        assert_eq!(a.dates, b.dates, "{}", a.organization);
    }
}

#[test]
fn a_sheet_without_a_layout_is_listed_as_skipped_with_its_reason() {
    let loaded = load_fixture("seed_f3_written_once.xlsx");
    assert_eq!(loaded.skipped.len(), 1);
    assert_eq!(loaded.skipped[0].sheet, "説明");
    assert!(loaded.skipped[0].reason.contains("no header row"), "{}", loaded.skipped[0].reason);
}

fn load_text(name: &str, text: &str) -> shinchoku::load::Loaded {
    shinchoku::load::load(name, text.as_bytes(), &Default::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_long_layout_with_planned_and_actual_above_start_and_end_reads() {
    let text = "団体名,タスク,予定,,実績,\n,,開始日,終了日,開始日,終了日\nＢ市,F-3,2016/4/1,2016/6/30,2016/4/1,\nＣ市,D-5,2016/4/1,2016/8/31,2016/4/1,2016/8/1\n";
    let loaded = load_text("two_rows.csv", text);
    assert_eq!(loaded.items.len(), 2);
    let c = &loaded.items[1];
    assert_eq!((c.organization.as_str(), c.task()), ("Ｃ市", "D-5"));
    assert_eq!(c.date(Slot::ActualEnd), &DateCell::Date(date("2016-08-01")));
}

#[test]
fn a_wide_layout_with_combined_date_headings_under_phases_reads() {
    let text = "団体名,設計工程,,,,テスト工程,,,\n,予定開始日,予定終了日,実績開始日,実績終了日,予定開始日,予定終了日,実績開始日,実績終了日\nＢ市,2016/1/4,2016/2/29,2016/1/4,2016/2/29,2016/3/1,2016/6/30,2016/3/1,\n";
    let loaded = load_text("F-3.csv", text);
    assert_eq!(loaded.items.len(), 2);
    assert_eq!(loaded.items[1].phase.as_deref(), Some("テスト工程"));
    assert_eq!(loaded.items[1].task_id.as_deref(), Some("F-3"), "the task from the file's name");
    assert_eq!(loaded.items[1].date(Slot::PlannedEnd), &DateCell::Date(date("2016-06-30")));
}

#[test]
fn a_body_written_once_above_its_rows_applies_to_the_rows_below() {
    let text = "団体名,タスク,開始予定日,終了予定日\nＢ市,D-5,2016/4/1,2016/8/31\n,F-3,2016/4/1,2016/6/30\n";
    let loaded = load_text("filled.csv", text);
    assert_eq!(loaded.items.len(), 2);
    assert_eq!(loaded.items[1].organization, "Ｂ市");
    assert_eq!(loaded.items[1].task(), "F-3");
}

#[test]
fn a_totals_row_and_a_repeated_header_row_never_become_items() {
    let text = "団体名,開始予定日,終了予定日\nＢ市,2016/4/1,2016/6/30\n団体名,開始予定日,終了予定日\nＣ市,2016/4/1,2016/6/30\n合計,,\n";
    let loaded = load_text("totals.csv", text);
    let names: Vec<&str> = loaded.items.iter().map(|i| i.organization.as_str()).collect();
    assert_eq!(names, ["Ｂ市", "Ｃ市"]);
}
