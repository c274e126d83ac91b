//! The .xlsx report: the item list with status colours, the roll-ups per body, and the
//! conditions it was made under. Every cell is written as text or a number, never a formula.
//!
//! Two steps: [`request`] gathers what the report shows into a [`Request`] (owned text, no
//! writer involved), and [`write`] turns a request into the workbook's bytes with
//! `rust_xlsxwriter`. The page keeps only the first step: it sends the request as JSON to the
//! report module (src/bin/report.rs, a second wasm fetched the first time a report is asked
//! for), so the writer is not part of the page's own wasm. The CLI and tests call [`report`].

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};

use crate::classify::Status;
use crate::column::{self, Cell, Column, Kind, Row, Style};
use crate::export::colours;
use crate::load::Skipped;
use crate::report::{ItemRow, RollupRow};

/// Writes a list of lines under `columns`: each cell formatted by its column's kind (status
/// cells coloured, numbers as numbers, everything else as text), the columns as wide as their
/// description says.
fn list_sheet<F>(sheet: &mut Worksheet, columns: &[Column<F>], lines: &[Line]) -> Result<(), XlsxError> {
    header(sheet, &column::headings(columns))?;
    for (i, line) in lines.iter().enumerate() {
        let r = (i + 1) as u32;
        for (c, (column, cell)) in columns.iter().zip(line).enumerate() {
            let c = c as u16;
            match (column.kind, cell) {
                (_, Cell::Empty) => {}
                (Kind::Status, Cell::Status(s)) => {
                    sheet.write_string_with_format(r, c, s.label_ja(), &status_format(*s))?;
                }
                (Kind::Number, Cell::Int(n)) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                (_, cell) => {
                    let text = cell.text(Style::Sheet);
                    if !text.is_empty() {
                        sheet.write_string(r, c, text)?;
                    }
                }
            }
        }
    }
    sheet.autofilter(0, 0, lines.len() as u32, columns.len().saturating_sub(1) as u16)?;
    for (c, column) in columns.iter().enumerate() {
        if let Some(width) = column.width {
            sheet.set_column_width(c as u16, width)?;
        }
    }
    Ok(())
}

fn status_format(status: Status) -> Format {
    let (bg, fg) = colours::of(status);
    Format::new()
        .set_background_color(Color::RGB(bg))
        .set_font_color(Color::RGB(fg))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBBBBBB))
}

fn header(sheet: &mut Worksheet, headings: &[&'static str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color(Color::RGB(0xEEF1F4)).set_border(FormatBorder::Thin);
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Everything a report shows, as typed cells (the writer formats them by column kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// One line per item: the cells of [`column::ITEMS`].
    pub rows: Vec<Line>,
    /// One line per roll-up: the cells of [`column::ROLLUPS`].
    pub rollups: Vec<Line>,
    /// Skipped sheets: file, sheet, reason.
    pub skipped: Vec<[String; 3]>,
    pub as_of: String,
    /// The filter the rows were chosen by, in Japanese.
    pub conditions: String,
    /// Standardisation systems: one line per system, the cells of [`column::systems`]`(projected)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<Line>,
    /// Whether the systems carry their projected completion (they have a history, SPEC §11).
    #[serde(default)]
    pub projected: bool,
}

/// A report line: its cells, in the order of its list's columns.
pub type Line = Vec<Cell<'static>>;

fn lines<'r, R: Row + 'r>(columns: &[Column<R::Field>], rows: impl IntoIterator<Item = &'r R>) -> Vec<Line> {
    rows.into_iter().map(|r| column::cells(r, columns).into_iter().map(Cell::into_owned).collect()).collect()
}

/// Gathers what the report of `rows` and `rollups` shows, and of `systems` (the
/// standardisation systems: roll-up rows with their source) on a sheet of their own where
/// there are any, with `projected` (they have a history, SPEC §11) their projected completion
/// too: one report for either programme.
pub fn request(
    rows: &[ItemRow<'_>],
    rollups: &[RollupRow<'_>],
    (systems, projected): (&[RollupRow<'_>], bool),
    skipped: &[Skipped],
    as_of: &str,
    conditions: &str,
) -> Request {
    Request {
        rows: lines(&column::ITEMS, rows),
        rollups: lines(&column::ROLLUPS, rollups),
        skipped: skipped
            .iter()
            .map(|s| {
                let reason = if s.reason_ja.is_empty() { &s.reason } else { &s.reason_ja };
                [s.file.clone(), s.sheet.clone(), reason.clone()]
            })
            .collect(),
        as_of: as_of.to_owned(),
        conditions: conditions.to_owned(),
        systems: lines(&column::systems(projected), systems),
        projected,
    }
}

/// Builds the report's bytes ([`request`] then [`write`]).
pub fn report(
    rows: &[ItemRow<'_>],
    rollups: &[RollupRow<'_>],
    skipped: &[Skipped],
    as_of: &str,
    conditions: &str,
) -> Result<Vec<u8>, XlsxError> {
    write(&request(rows, rollups, (&[], false), skipped, as_of, conditions))
}

/// Writes the workbook of a request.
pub fn write(request: &Request) -> Result<Vec<u8>, XlsxError> {
    let Request { rows, rollups, skipped, as_of, conditions, systems, projected } = request;
    let mut book = Workbook::new();

    if !systems.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name("システム別")?;
        list_sheet(sheet, &column::systems(*projected), systems)?;
    }

    let list = book.add_worksheet();
    list.set_name("一覧")?;
    list_sheet(list, &column::ITEMS, rows)?;

    let bodies = book.add_worksheet();
    bodies.set_name("団体別")?;
    list_sheet(bodies, &column::ROLLUPS, rollups)?;

    let about = book.add_worksheet();
    about.set_name("条件")?;
    about.write_string(0, 0, "基準日")?;
    about.write_string(0, 1, as_of)?;
    about.write_string(1, 0, "件数")?;
    about.write_number(1, 1, if systems.is_empty() { rows.len() } else { systems.len() } as f64)?;
    about.write_string(2, 0, "絞り込み")?;
    about.write_string(2, 1, conditions)?;
    about.write_string(4, 0, "凡例")?;
    for (i, s) in Status::ALL.into_iter().enumerate() {
        about.write_string_with_format(5 + i as u32, 0, s.label_ja(), &status_format(s))?;
    }
    if !skipped.is_empty() {
        let top = 5 + Status::ALL.len() as u32 + 1;
        about.write_string(top, 0, "読み飛ばしたシート")?;
        for (i, s) in skipped.iter().enumerate() {
            for (c, text) in s.iter().enumerate() {
                about.write_string(top + 1 + i as u32, c as u16, text)?;
            }
        }
    }
    about.set_column_width(0, 24.0)?;
    about.set_column_width(1, 30.0)?;

    book.save_to_buffer()
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
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn standardisation_systems_get_a_sheet_of_their_own_with_the_status_coloured_by_heading() {
        let path = format!("{}/tests/fixtures/hyojunka_soumu.xlsx", env!("CARGO_MANIFEST_DIR"));
        let input = crate::analyse::Input { name: "soumu.xlsx".into(), bytes: std::fs::read(path).unwrap_or_default() };
        let a = analyse(&[input], &Limits::default());
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        let c = crate::classify::classify_all(&a.items, &a.systems, as_of, &Profile::hyojunka());
        let systems: Vec<RollupRow<'_>> = c
            .rollups
            .iter()
            .filter(|r| r.kind.is_system())
            .map(|r| crate::report::system_row(r, &c, &a.systems))
            .collect();
        let request = request(&[], &[], (&systems, false), &[], "2026-01-31", "なし");
        let json = serde_json::to_string(&request).unwrap_or_default();
        let back: Request = serde_json::from_str(&json).expect("the request crosses to the report module as JSON");
        let bytes = write(&back).expect("report builds");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx");
        let sheet = book.worksheet_range("システム別").expect("the systems sheet");
        assert_eq!(sheet.height(), 1 + 60);
        let row = (1..sheet.height())
            .find(|&r| {
                sheet.get((r, 1)) == Some(&Data::String("Ｂ市".into()))
                    && sheet.get((r, 4)) == Some(&Data::String("個人住民税".into()))
            })
            .expect("Ｂ市 個人住民税");
        assert_eq!(sheet.get((row, 5)), Some(&Data::String("75%".into())));
        assert_eq!(sheet.get((row, 10)), Some(&Data::String("予定どおり".into())));
    }

    #[test]
    fn systems_with_a_history_carry_their_projected_completion_in_the_systems_sheet() {
        crate::export::tests::with_monthly_systems(|rows| {
            let request = request(&[], &[], (rows, true), &[], "2026-02-01", "なし");
            let json = serde_json::to_string(&request).unwrap_or_default();
            let back: Request = serde_json::from_str(&json).expect("the request crosses to the report module as JSON");
            let sheet = sheet(&write(&back).expect("report builds"), "システム別");
            let head: Vec<String> =
                (0..sheet.width()).map(|c| sheet.get((0, c)).map(ToString::to_string).unwrap_or_default()).collect();
            let at = head.iter().position(|h| h == "完了見込み").expect("a 完了見込み column");
            assert_eq!(head[at - 1], "遅延日数");
            let row = (1..sheet.height())
                .find(|&r| {
                    sheet.get((r, 1)) == Some(&Data::String("Ｌ市".into()))
                        && sheet.get((r, 4)) == Some(&Data::String("住民記録".into()))
                })
                .expect("Ｌ市 住民記録");
            assert_eq!(sheet.get((row, at)), Some(&Data::String("2026-05-04".into())));
        });
    }

    fn seed_report() -> Vec<u8> {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let r = build(&a.items, &c, &a.skipped, &Query::default());
        report(&r.items, &r.rollups, &a.skipped, &r.as_of.to_string(), "なし").expect("report builds")
    }

    fn sheet(bytes: &[u8], name: &str) -> calamine::Range<Data> {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("opens");
        book.worksheet_range(name).expect("sheet exists")
    }

    #[test]
    fn the_list_sheet_has_the_export_columns_and_one_row_per_item() {
        let list = sheet(&seed_report(), "一覧");
        assert_eq!(list.height(), 29);
        assert_eq!(list.get((0, 1)), Some(&Data::String("団体名".to_owned())));
        assert_eq!(list.get((4, 13)), Some(&Data::String("未完了（計画超過）".to_owned())));
    }

    #[test]
    fn days_late_and_row_numbers_are_numbers() {
        let list = sheet(&seed_report(), "一覧");
        assert_eq!(list.get((4, 15)), Some(&Data::Float(15.0)));
        assert_eq!(list.get((4, 20)), Some(&Data::Float(7.0)));
    }

    #[test]
    fn the_bodies_sheet_lists_each_roll_up() {
        let bodies = sheet(&seed_report(), "団体別");
        assert_eq!(bodies.height(), 8);
        assert_eq!(bodies.get((7, 1)), Some(&Data::String("Ｈ村".to_owned())));
        assert_eq!(bodies.get((7, 5)), Some(&Data::String("未完了（規定超過）".to_owned())));
    }

    #[test]
    fn the_conditions_sheet_names_the_as_of_date() {
        let about = sheet(&seed_report(), "条件");
        assert_eq!(about.get((0, 1)), Some(&Data::String("2016-07-15".to_owned())));
    }

    #[test]
    fn a_request_sent_as_json_writes_the_same_report() {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let r = build(&a.items, &c, &a.skipped, &Query::default());
        let direct = request(&r.items, &r.rollups, (&[], false), &a.skipped, &r.as_of.to_string(), "なし");
        let json = serde_json::to_vec(&direct).expect("serialises");
        let sent: Request = serde_json::from_slice(&json).expect("deserialises");
        assert_eq!(sent, direct);
        let bytes = write(&sent).expect("report builds");
        for name in ["一覧", "団体別", "条件"] {
            assert_eq!(sheet(&bytes, name), sheet(&seed_report(), name), "{name}");
        }
    }

    #[test]
    fn a_formula_like_cell_is_stored_as_text() {
        let bytes = seed_report();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
        let formulas = book.worksheet_formula("一覧").expect("sheet exists");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }
}
