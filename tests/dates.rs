//! Every date rendering of SPEC §6 read through a real file (`dates.csv`: one body per
//! rendering, with that rendering as its planned end).

mod common;

use common::*;
use shinchoku::classify::Warning;
use shinchoku::date::DateCell;
use shinchoku::item::Slot;

fn planned_end_of(body: &str) -> DateCell {
    let loaded = load_fixture("dates.csv");
    loaded
        .items
        .iter()
        .find(|i| i.organization == body)
        .unwrap_or_else(|| panic!("{body}"))
        .date(Slot::PlannedEnd)
        .clone()
}

#[test]
fn western_renderings_read_as_the_same_date() {
    for body in ["slash", "dash", "dot", "kanji", "time", "weekday", "full_width"] {
        assert_eq!(planned_end_of(body), DateCell::Date(date("2016-06-30")), "{body}");
    }
}

#[test]
fn era_renderings_read() {
    assert_eq!(planned_end_of("heisei"), DateCell::Date(date("2016-06-30")));
    assert_eq!(planned_end_of("h_dot"), DateCell::Date(date("2016-06-30")));
    assert_eq!(planned_end_of("reiwa_gannen"), DateCell::Date(date("2019-06-30")));
    assert_eq!(planned_end_of("r_slash"), DateCell::Date(date("2019-06-30")));
}

#[test]
fn a_bare_serial_in_a_date_column_reads() {
    assert_eq!(planned_end_of("serial"), DateCell::Date(date("2016-06-30")));
}

#[test]
fn empty_markers_read_as_blank() {
    for body in ["blank", "dash_marker", "mitei"] {
        assert_eq!(planned_end_of(body), DateCell::Empty, "{body}");
    }
}

#[test]
fn anything_else_is_kept_as_written_and_flagged() {
    assert_eq!(planned_end_of("invalid"), DateCell::Invalid("6月末".into()));
    let loaded = load_fixture("dates.csv");
    let c = classify_at(&loaded.items, "2016-07-15");
    let i = loaded.items.iter().position(|i| i.organization == "invalid").unwrap();
    assert!(c.verdicts[i].warnings.contains(&Warning::InvalidDate));
}

#[test]
fn excel_date_cells_read_from_the_workbook() {
    let loaded = load_fixture("seed_f3.xlsx");
    assert_eq!(loaded.items[0].date(Slot::PlannedStart), &DateCell::Date(date("2015-11-02")));
}
