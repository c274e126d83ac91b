//! SPEC §7: the seed's F-3 local-tax table, rebuilt as a real .xlsx with merged header cells,
//! classified at 2016-07-15 with the default profile.

mod common;

use common::*;
use shinchoku::classify::{Status, Warning};
use shinchoku::date::DateCell;
use shinchoku::item::Slot;
use shinchoku::layout::{detect, Shape};

const LAST_PHASE: &str = "団体内連携テスト工程";

/// SPEC §7's table: body, last phase, roll-up.
const EXPECTED: [(&str, Status, Status); 7] = [
    ("Ｂ市", Status::PlanOverrun, Status::PlanOverrun),
    ("Ｃ市", Status::Done, Status::Done),
    ("Ｄ市", Status::Done, Status::Done),
    ("Ｅ町", Status::DeadlineExceeded, Status::DeadlineExceeded),
    ("Ｆ町", Status::Done, Status::Done),
    ("Ｇ町", Status::Unreported, Status::Unreported),
    ("Ｈ村", Status::DeadlineExceeded, Status::DeadlineExceeded),
];

fn check_spec_7(file: &str) {
    let loaded = load_fixture(file);
    let c = classify_at(&loaded.items, "2016-07-15");
    assert_eq!(loaded.items.len(), 7 * 4, "seven bodies, four phases each");
    for (body, last, rollup) in EXPECTED {
        let (item, verdict) = loaded
            .items
            .iter()
            .zip(&c.verdicts)
            .find(|(i, _)| i.organization == body && i.phase.as_deref() == Some(LAST_PHASE))
            .unwrap_or_else(|| panic!("{body}: no last-phase item"));
        assert_eq!(verdict.status, last, "{body} last phase");
        assert_eq!(item.prefecture.as_deref(), Some("Ａ県"));
        assert_eq!(item.task_id.as_deref(), Some("F-3"));
        assert_eq!(item.system.as_deref(), Some("地方税関連システム"));
        let r = c.rollups.iter().find(|r| r.organization == body).unwrap();
        assert_eq!(r.status, rollup, "{body} roll-up");
    }
    assert_eq!(c.rollups.len(), 7);
}

#[test]
fn the_merged_seed_workbook_gives_spec_7_exactly() {
    check_spec_7("seed_f3.xlsx");
}

#[test]
fn the_seed_saved_as_legacy_xls_gives_spec_7_exactly() {
    check_spec_7("seed_f3.xls");
}

#[test]
fn the_seed_saved_as_ods_gives_spec_7_exactly() {
    check_spec_7("seed_f3.ods");
}

#[test]
fn the_seed_saved_as_an_html_page_named_xls_gives_spec_7_exactly() {
    check_spec_7("seed_f3_html.xls");
}

#[test]
fn the_seed_saved_as_xml_spreadsheet_2003_gives_spec_7_exactly() {
    check_spec_7("seed_f3_2003.xml.xls");
}

#[test]
fn the_seed_saved_as_xlsb_gives_spec_7_exactly() {
    check_spec_7("seed_f3.xlsb");
}

#[test]
fn the_seed_saved_as_xlsx_by_libreoffice_gives_spec_7_exactly() {
    // seed_f3.ods converted by `soffice --headless --convert-to xlsx` (LibreOffice 7.4): another
    // writer's XML (inline styles, extension lists) and its own merged header ranges.
    check_spec_7("seed_f3_libreoffice.xlsx");
}

#[test]
fn the_seed_with_namespace_prefixed_sheet_xml_gives_spec_7_exactly() {
    check_spec_7("seed_f3_prefixed.xlsx");
}

#[test]
fn labels_written_once_with_text_dates_give_the_same_result() {
    check_spec_7("seed_f3_written_once.xlsx");
}

#[test]
fn the_seed_sheet_is_read_as_the_wide_layout_with_four_phases() {
    let bytes = fixture("seed_f3.xlsx");
    let mut layouts = Vec::new();
    shinchoku::workbook::read(
        "seed_f3.xlsx",
        &bytes,
        &Default::default(),
        &mut |s| layouts.push(detect(&s)),
        &mut |_, e| panic!("{e}"),
    )
    .unwrap();
    let layout = layouts.remove(0).unwrap();
    assert_eq!(layout.shape, Shape::Wide);
    let phases: Vec<_> = layout.groups.iter().map(|g| g.phase.as_deref().unwrap()).collect();
    assert_eq!(phases, ["設計工程", "製造・導入・適用工程", "テスト工程", "団体内連携テスト工程"]);
    assert!(layout.groups.iter().all(|g| g.slots.iter().all(Option::is_some)));
}

#[test]
fn b_city_is_fifteen_days_past_its_planned_end() {
    let loaded = load_fixture("seed_f3.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let i =
        loaded.items.iter().position(|i| i.organization == "Ｂ市" && i.phase.as_deref() == Some(LAST_PHASE)).unwrap();
    assert_eq!(c.verdicts[i].days_late, Some(15));
    assert_eq!(loaded.items[i].source.row, 7, "row as Excel shows it");
    assert_eq!(loaded.items[i].source.cell(Slot::PlannedEnd).as_deref(), Some("P7"));
}

#[test]
fn h_village_actual_end_in_the_future_is_ignored_with_a_warning() {
    let loaded = load_fixture("seed_f3.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let i =
        loaded.items.iter().position(|i| i.organization == "Ｈ村" && i.phase.as_deref() == Some(LAST_PHASE)).unwrap();
    assert_eq!(c.verdicts[i].status, Status::DeadlineExceeded);
    assert!(c.verdicts[i].warnings.contains(&Warning::ActualInFuture));
    assert_eq!(c.verdicts[i].days_late, Some(143), "2017-03-24 − 2016-11-01");
}

#[test]
fn g_town_last_phase_is_wholly_blank() {
    let loaded = load_fixture("seed_f3.xlsx");
    let g = loaded.items.iter().find(|i| i.organization == "Ｇ町" && i.phase.as_deref() == Some(LAST_PHASE)).unwrap();
    assert!(g.dates.iter().all(|d| *d == DateCell::Empty));
}

#[test]
fn the_title_row_and_the_note_row_never_become_items() {
    let loaded = load_fixture("seed_f3.xlsx");
    assert!(loaded.items.iter().all(|i| !i.organization.starts_with('※') && !i.organization.starts_with("F-3")));
    let rows: std::collections::BTreeSet<u32> = loaded.items.iter().map(|i| i.source.row).collect();
    assert_eq!(rows.into_iter().collect::<Vec<_>>(), vec![7, 8, 9, 10, 11, 12, 13]);
}

#[test]
fn the_json_report_has_the_shape_of_spec_8() {
    let loaded = load_fixture("seed_f3.xlsx");
    let c = classify_at(&loaded.items, "2016-07-15");
    let report = shinchoku::report::build(&loaded.items, &c, &loaded.skipped, &Default::default());
    let v: serde_json::Value = serde_json::from_str(&shinchoku::export::json(&report)).unwrap();
    assert_eq!(v["as_of"], "2016-07-15");
    let b = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["organization"] == "Ｂ市" && i["phase"] == LAST_PHASE)
        .unwrap();
    let expected = serde_json::json!({
        "prefecture": "Ａ県", "organization": "Ｂ市", "own_office": false, "task": "F-3",
        "system": "地方税関連システム", "phase": "団体内連携テスト工程",
        "planned_start": "2016-04-01", "planned_end": "2016-06-30",
        "actual_start": "2016-06-01", "actual_end": null,
        "deadline": "2016-11-01", "status": "plan_overrun", "days_late": 15, "warnings": [],
    });
    for (k, want) in expected.as_object().unwrap() {
        assert_eq!(&b[k], want, "field {k}");
    }
    assert_eq!(b["source"]["row"], 7);
    assert_eq!(b["source"]["sheet"], "回答結果");
    assert_eq!(b["source"]["file"], "seed_f3.xlsx");
    let r = &v["rollups"][0];
    for k in ["prefecture", "organization", "task", "system", "status"] {
        assert!(r.get(k).is_some(), "roll-up field {k}");
    }
    assert!(v["skipped"].as_array().unwrap().is_empty());
}
