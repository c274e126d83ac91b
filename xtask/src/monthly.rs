//! The monthly rate tables of SPEC §11 (推移と見込み), written from the series kept here as code:
//! one 総務省-style completion-rate table per month for two bodies of Ａ県 and three 業務, and a
//! 特定移行支援 list, so that every boundary of the pace and the projected completion is a
//! fixture. `cargo xtask hyojunka-fixtures` (and `cargo xtask fixtures`) writes them.
//!
//! The months, and where each file's date (時点) comes from:
//!
//! | file                          | date        | dated by                                        |
//! |-------------------------------|-------------|-------------------------------------------------|
//! | `monthly_r7_07.xlsx`          | 2025-07-31  | sheet name `令和7年7月_進捗状況` (184 days before 2026-01-31) |
//! | `monthly_r7_10.csv`           | 2025-10-31  | title line `…（2025年10月末時点）` (CSV, UTF-8 with BOM) |
//! | `monthly_r7_12.xlsx`          | 2025-12-31  | title cell `…（令和７年１２月時点）` above a sheet named `完了率` |
//! | `monthly_r8_01.xlsx`          | 2026-01-31  | sheet name `令和8年1月_進捗状況`                  |
//! | `monthly_r8_02.xlsx`          | 2026-02-28  | sheet name `令和8年2月_進捗状況` (28 days after January) |
//! | `monthly_undated.xlsx`        | none        | sheet `完了率`, title without a date (the January rates) |
//! | `tokutei_monthly.xlsx`        | (a list)    | title `…（令和7年11月時点）`: never a snapshot       |
//!
//! The series ([`SERIES`], ten-thousandths per month above, blank as `None`), each for one
//! behaviour seen from January (latest 2026-01-31; 2025-10-31 is 92 days before it):
//!
//! - Ｌ市/住民記録 20 % → 50 % → 60 % → 70 % → 75 %: steady. From January the July rate is 184 days
//!   back and left out: 50 % → 70 % over 92 days, ⌈3000 × 92 / 2000⌉ = 138 days → 2026-06-18,
//!   after 2026-03-31 (`projected_late`). With July given as 2025-08-01 (183 days back) it counts:
//!   20 % → 70 % over 183 days, ⌈3000 × 183 / 5000⌉ = 110 days → 2026-05-21. January to
//!   February (28 days): 70 % → 75 %, ⌈2500 × 28 / 500⌉ = 140 days → 2026-07-18.
//! - Ｌ市/個人住民税 –, 40 %, blank, 60 %, 60 %: a blank rate in the middle; 40 % → 60 % over 92
//!   days, ⌈4000 × 92 / 2000⌉ = 184 days → 2026-08-03.
//! - Ｌ市/戸籍 –, 60 %, 65 %, 55 %, 55 %: falls (`stalled`).
//! - Ｍ町/住民記録 70 %, 80 %, 90 %, 100 %, 100 %: finishes in January (done: no pace).
//! - Ｍ町/個人住民税 10 %, 10 %, 10.5 %, 11 %, 11.2 %, designated: 10 % → 11 % over 92 days,
//!   ⌈8900 × 92 / 100⌉ = 8,188 days → 2048-07-02, after the extended deadline 2031-03-31
//!   (`projected_late`).
//! - Ｍ町/戸籍 10 %, 20 %, 25 %, 30 %, 32 %, designated: ⌈7000 × 92 / 1000⌉ = 644 days →
//!   2027-11-06, within the extended deadline (no warning).

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The 業務 the tables report.
const GYOMU: [&str; 3] = ["住民記録", "個人住民税", "戸籍"];

/// The bodies of Ａ県.
const BODIES: [&str; 2] = ["Ｌ市", "Ｍ町"];

/// Per (body, 業務), the rate in ten-thousandths at each month of [`MONTHS`] (`None`: blank).
pub const SERIES: [(&str, &str, [Option<u32>; 5]); 6] = [
    ("Ｌ市", "住民記録", [Some(2000), Some(5000), Some(6000), Some(7000), Some(7500)]),
    ("Ｌ市", "個人住民税", [None, Some(4000), None, Some(6000), Some(6000)]),
    ("Ｌ市", "戸籍", [None, Some(6000), Some(6500), Some(5500), Some(5500)]),
    ("Ｍ町", "住民記録", [Some(7000), Some(8000), Some(9000), Some(10000), Some(10000)]),
    ("Ｍ町", "個人住民税", [Some(1000), Some(1000), Some(1050), Some(1100), Some(1120)]),
    ("Ｍ町", "戸籍", [Some(1000), Some(2000), Some(2500), Some(3000), Some(3200)]),
];

/// How a month's file is written.
enum Shape {
    /// An .xlsx whose sheet has this name, with this title in A1.
    Xlsx { sheet: &'static str, title: &'static str },
    /// A CSV (UTF-8 with BOM) whose first line is this title.
    Csv { title: &'static str },
}

/// The months, oldest first: the file and its shape.
const MONTHS: [(&str, Shape); 5] = [
    (
        "monthly_r7_07.xlsx",
        Shape::Xlsx {
            sheet: "令和7年7月_進捗状況", title: "自治体情報システムの標準化・共通化に係る進捗状況"
        },
    ),
    ("monthly_r7_10.csv", Shape::Csv { title: "業務別完了率一覧（2025年10月末時点）" }),
    ("monthly_r7_12.xlsx", Shape::Xlsx { sheet: "完了率", title: "標準化 業務別完了率（令和７年１２月時点）" }),
    (
        "monthly_r8_01.xlsx",
        Shape::Xlsx {
            sheet: "令和8年1月_進捗状況", title: "自治体情報システムの標準化・共通化に係る進捗状況"
        },
    ),
    (
        "monthly_r8_02.xlsx",
        Shape::Xlsx {
            sheet: "令和8年2月_進捗状況", title: "自治体情報システムの標準化・共通化に係る進捗状況"
        },
    ),
];

/// The January rates again, in a file that names no date.
const UNDATED: (&str, usize) = ("monthly_undated.xlsx", 3);

/// The designated systems (both of Ｍ町's open ones but 住民記録).
const DESIGNATED: [(&str, &str); 2] = [("Ｍ町", "個人住民税"), ("Ｍ町", "戸籍")];

fn workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 3, 2)?.and_hms(9, 0, 0)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(wb)
}

fn rate(body: &str, gyomu: &str, month: usize) -> Option<u32> {
    SERIES.iter().find(|(b, g, _)| *b == body && *g == gyomu).and_then(|(_, _, s)| s.get(month).copied().flatten())
}

/// One body's row: the mean of its rates (the 完了率 column) and each 業務's rate, as fractions.
fn row(body: &str, month: usize) -> (Option<f64>, Vec<Option<f64>>) {
    let rates: Vec<Option<u32>> = GYOMU.iter().map(|g| rate(body, g, month)).collect();
    let given: Vec<u32> = rates.iter().flatten().copied().collect();
    let mean = (!given.is_empty()).then(|| f64::from(given.iter().sum::<u32>()) / (given.len() as f64 * 10_000.0));
    (mean, rates.iter().map(|r| r.map(|t| f64::from(t) / 10_000.0)).collect())
}

fn header() -> Vec<&'static str> {
    let mut h = vec!["都道府県名", "市区町村名", "完了率"];
    h.extend(GYOMU);
    h
}

fn xlsx(dir: &Path, file: &str, sheet: &str, title: &str, month: usize) -> Result<()> {
    let pct = Format::new().set_num_format("0.0%");
    let bold = Format::new().set_bold();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name(sheet)?;
    ws.write(0, 0, title)?;
    for (c, h) in header().iter().enumerate() {
        ws.write_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, body) in BODIES.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write(r, 0, "Ａ県")?;
        ws.write(r, 1, *body)?;
        let (mean, rates) = row(body, month);
        if let Some(m) = mean {
            ws.write_number_with_format(r, 2, m, &pct)?;
        }
        for (g, x) in rates.iter().enumerate() {
            if let Some(x) = x {
                ws.write_number_with_format(r, 3 + g as u16, *x, &pct)?;
            }
        }
    }
    ws.set_column_width(0, 11)?;
    wb.save(dir.join(file))?;
    Ok(())
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn csv(dir: &Path, file: &str, title: &str, month: usize) -> Result<()> {
    let header = header();
    let mut title_line = vec![title];
    title_line.resize(header.len(), "");
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for body in BODIES {
        let (mean, rates) = row(body, month);
        let mut cells = vec!["Ａ県".to_owned(), body.to_owned(), mean.map(percent).unwrap_or_default()];
        cells.extend(rates.iter().map(|x| x.map(percent).unwrap_or_default()));
        rows.push(cells);
    }
    let text = crate::fixtures::csv_text(&title_line, &rows);
    std::fs::write(dir.join(file), format!("\u{feff}{text}"))?;
    Ok(())
}

fn tokutei(dir: &Path) -> Result<()> {
    let bold = Format::new().set_bold();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name("特定移行支援システム")?;
    ws.write(0, 0, "特定移行支援システムの該当見込み一覧（令和7年11月時点）")?;
    for (c, label) in ["都道府県名", "市区町村名", "業務名"].iter().enumerate() {
        ws.write_with_format(2, c as u16, *label, &bold)?;
    }
    for (i, (body, gyomu)) in DESIGNATED.iter().enumerate() {
        ws.write(3 + i as u32, 0, "Ａ県")?;
        ws.write(3 + i as u32, 1, *body)?;
        ws.write(3 + i as u32, 2, *gyomu)?;
    }
    wb.save(dir.join("tokutei_monthly.xlsx"))?;
    Ok(())
}

/// Writes the monthly fixtures into `dir`.
pub fn write_all(dir: &Path) -> Result<()> {
    for (month, (file, shape)) in MONTHS.iter().enumerate() {
        match shape {
            Shape::Xlsx { sheet, title } => xlsx(dir, file, sheet, title, month)?,
            Shape::Csv { title } => csv(dir, file, title, month)?,
        }
    }
    xlsx(dir, UNDATED.0, "完了率", "標準化 業務別完了率一覧", UNDATED.1)?;
    tokutei(dir)?;
    Ok(())
}
