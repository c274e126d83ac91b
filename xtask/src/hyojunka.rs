//! The fixtures of the standardisation programme (標準化, SPEC §9), written from data kept here
//! as code. `cargo xtask hyojunka-fixtures` writes only these files; `cargo xtask fixtures`
//! writes them too, after the others. Every workbook carries a fixed creation date, so a rerun
//! writes the same bytes.
//!
//! The 40 steps come from `xtask/data/hyojunka_steps.tsv` (a copy of the 総務省's step list kept
//! beside the spec), embedded at build time. A step is headed `CODE NAME` (`①-1 推進体制案の作成`)
//! where a file gives one heading per step, or by its code and its name in two header rows where
//! the 総務省's export does so. The 20 業務 are [`GYOMU`], in the 総務省's order.
//!
//! - `hyojunka_soumu.xlsx` — the 総務省's published workbook: a rate sheet `令和8年1月_進捗状況`
//!   and a wide step sheet `業務別ステップ別進捗一覧` for the same three bodies of Ａ県 (Ｂ市
//!   012025, Ｃ町 013030, Ｄ村 014036; codes as text). It tests that one workbook holding two
//!   shapes yields one system per (body, 業務), that the steps decide over the rates, and the
//!   synonyms: the rate sheet writes Ｂ市 as `Ｂ 市`, the step sheet writes Ｄ村's 住民記録 as
//!   住民基本台帳 and its 戸籍附票 as 戸籍の附票. The step sheet heads each step by its code (row
//!   3) and its name (row 4), the two header rows merged over the four left columns. Statuses
//!   are in [`soumu_status`]: every system all 完了済み except Ｂ市/個人住民税 (30 done, 31–35
//!   作業中, 36–40 未着手), Ｂ市/戸籍 (only ⑰-1 作業中, so ⑱-1 done with an open step),
//!   Ｂ市/印鑑登録 (1–10 対象外, 11–40 in the short form 完了), Ｃ町/就学 (all 対象外),
//!   Ｃ町/国民年金 (all blank), Ｃ町/健康管理 (20 done, step 21 the unknown word 済, 22–40 未),
//!   Ｃ町/児童手当 (only ⑱-1 未着手) and every Ｄ村 system (20 done, the rest 作業中). Each rate
//!   cell is the 総務省's rate of those steps, (done + 対象外) / 40, as a number formatted
//!   `0.0%`, blank where the 40 steps are blank; 完了率 is the mean of the row's non-blank rates,
//!   computed as one division of integer counts so it is the nearest double (Ｃ町: 19 systems).
//!   So the rate sheet agrees with the step sheet everywhere: no `rate_mismatch` is expected.
//! - `hyojunka_long_sjis.csv` — a prefecture's own long step sheet (one row per body, 業務 and
//!   step) in Shift_JIS with CRLF ends, dates as text, a 特定移行支援システム column marked `○`
//!   on every row of Ｅ市/個人住民税. Ｅ市/住民記録 is open with its last planned end exactly on
//!   the deadline 2026-03-31; Ｅ市/個人住民税 is designated with planned ends up to 2027-12-28
//!   (within the extended deadline); Ｅ市/固定資産税 has its last planned end in era text
//!   `R8.4.30` (past the deadline); the prefecture itself (市区町村名 `-`) reports 生活保護 done
//!   (actual ends only) and 児童扶養手当 not at all. Left open by the brief and chosen here: the
//!   done steps of 個人住民税 and 固定資産税 start (planned) on 2024/4/1 like 住民記録's; 固定資産税's
//!   steps 39–40 start on 2025/12/1; the prefecture's 生活保護 rows carry only 終了実績日.
//! - `hyojunka_rates.xlsx` — a rate table only (sheet `完了率`) under a merged two-row header:
//!   Ｆ市 0.65 everywhere (`0%`), Ｇ町 1 everywhere (`0%`) except 住民記録 as the text `80%` and
//!   戸籍 as the text `100%`, Ｈ村 blank except 住民記録 0.4 (`0.0%`). 完了率 is the mean of the
//!   row's rates, the texts counted at their value (Ｇ町 0.99). A 共通機能 column (0.5, `0.0%`)
//!   stands right of the 20 業務 outside the merged heading; it is not a 業務 and must be ignored.
//! - `hyojunka_rates_bad.csv` — UTF-8 with BOM, CRLF ends, rates as numbers 0–100, and the bad
//!   cells `120%` (out of range) and `abc` (not a rate) for the `invalid` warnings.
//! - `tokutei_pairs.xlsx` — a 特定移行支援 list, one (body, 業務) per row under a title and a
//!   blank row: Ｃ町/健康管理, Ｄ村/住民基本台帳 (= 住民記録), Ｄ村/戸籍の附票 (= 戸籍附票),
//!   Ｄ村/共通機能 (not a 業務: noted and ignored) and Ｚ市/介護保険 (a body not in the progress
//!   files, which must be reported).
//! - `tokutei_marks.csv` — the same kind of list, one body per row with a mark under each 業務
//!   column (`○`, `●`, `1`, `はい`), Shift_JIS with CRLF ends. The title line holds the title in
//!   its first cell followed by empty cells up to the table's width (22 columns), as Excel
//!   writes a sheet to CSV.
//! - `hyojunka_prefectures.xlsx` — the 総務省's file of the prefectures' own 2 業務: a prefecture
//!   column and no body column, one header row with each step headed `CODE NAME`. Ａ県 has
//!   児童扶養手当 done and 生活保護 open at ⑱-1 only; Ｋ県 has 児童扶養手当 wholly blank and
//!   生活保護 at 10 of 40.
//!
//! `cargo xtask national` writes `national_steps.xlsx` from [`crate::national`], with the steps
//! and 業務 defined here.

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The 総務省's 40 steps: `number<TAB>code<TAB>name` under a header line.
const STEPS_TSV: &str = include_str!("../data/hyojunka_steps.tsv");

/// The 20 業務, in the 総務省's order.
pub const GYOMU: [&str; 20] = [
    "住民記録",
    "選挙人名簿管理",
    "固定資産税",
    "個人住民税",
    "法人住民税",
    "軽自動車税",
    "就学",
    "国民年金",
    "国民健康保険",
    "後期高齢者医療",
    "介護保険",
    "障害者福祉",
    "生活保護",
    "健康管理",
    "児童手当",
    "児童扶養手当",
    "子ども・子育て支援",
    "戸籍",
    "戸籍附票",
    "印鑑登録",
];

pub const STEP_COUNT: usize = 40;

/// One of the 40 steps.
#[derive(Clone, Copy)]
pub struct Step {
    pub code: &'static str,
    pub name: &'static str,
}

impl Step {
    /// The heading `CODE NAME`, as the 総務省's export heads a step column.
    pub fn heading(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
}

/// The 40 steps in order, from the embedded table (checked: numbered 1..=40, code and name set).
pub fn steps() -> Vec<Step> {
    let steps: Vec<Step> = STEPS_TSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let fields: Vec<&'static str> = line.split('\t').collect();
            match fields[..] {
                [n, code, name] if n.parse() == Ok(i + 1) && !code.is_empty() && !name.is_empty() => {
                    Step { code, name }
                }
                _ => panic!("hyojunka_steps.tsv line {}: {line:?}", i + 2),
            }
        })
        .collect();
    assert_eq!(steps.len(), STEP_COUNT, "hyojunka_steps.tsv must list 40 steps");
    steps
}

const DONE: &str = "完了済み";
const DONE_SHORT: &str = "完了";
const NA: &str = "対象外";
const WIP: &str = "作業中";
const NOT_STARTED: &str = "未着手";
const NOT_STARTED_SHORT: &str = "未";

/// The 総務省's completion rate of a system's statuses, as (done + n/a) counted over the steps;
/// `None` when every status is blank (nothing reported).
fn done_count(statuses: &[&str]) -> Option<u32> {
    if statuses.iter().all(|s| s.is_empty()) {
        return None;
    }
    Some(statuses.iter().filter(|s| matches!(**s, DONE | DONE_SHORT | NA)).count() as u32)
}

/// A workbook whose creation date is fixed, so that a rerun writes the same bytes.
pub(crate) fn workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 2, 2)?.and_hms(9, 0, 0)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(wb)
}

pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
}

/// Merges `first_row..=last_row` in each of the columns `0..labels.len()` (a left header block).
fn left_header(ws: &mut Worksheet, first_row: u32, last_row: u32, labels: &[&str], f: &Format) -> Result<()> {
    for (c, label) in labels.iter().enumerate() {
        ws.merge_range(first_row, c as u16, last_row, c as u16, label, f)?;
    }
    Ok(())
}

fn encode_sjis(text: &str) -> Result<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    if unmappable {
        return Err("fixture text does not fit Shift_JIS".into());
    }
    Ok(bytes.into_owned())
}

// ---------------------------------------------------------------------------------------------
// 1. hyojunka_soumu.xlsx

/// The 総務省 workbook's bodies: code, name in the step sheet, name in the rate sheet.
const SOUMU_BODIES: [(&str, &str, &str); 3] =
    [("012025", "Ｂ市", "Ｂ 市"), ("013030", "Ｃ町", "Ｃ町"), ("014036", "Ｄ村", "Ｄ村")];

/// The status of step `k` (1-based) of `body`'s `gyomu` in the 総務省 workbook.
pub fn soumu_status(body: &str, gyomu: &str, k: usize) -> &'static str {
    match (body, gyomu) {
        ("Ｂ市", "個人住民税") => match k {
            1..=30 => DONE,
            31..=35 => WIP,
            _ => NOT_STARTED,
        },
        ("Ｂ市", "戸籍") => {
            if k == 39 {
                WIP
            } else {
                DONE
            }
        }
        ("Ｂ市", "印鑑登録") => {
            if k <= 10 {
                NA
            } else {
                DONE_SHORT
            }
        }
        ("Ｃ町", "就学") => NA,
        ("Ｃ町", "国民年金") => "",
        ("Ｃ町", "健康管理") => match k {
            1..=20 => DONE,
            21 => "済",
            _ => NOT_STARTED_SHORT,
        },
        ("Ｃ町", "児童手当") => {
            if k == 40 {
                NOT_STARTED
            } else {
                DONE
            }
        }
        ("Ｄ村", _) => {
            if k <= 20 {
                DONE
            } else {
                WIP
            }
        }
        _ => DONE,
    }
}

/// The same workbook a month earlier (令和7年12月末): Ｂ市/住民記録 had ⑱-1 still 作業中,
/// Ｂ市/個人住民税 had two steps fewer done (⑪-2 and ⑫-1 still 作業中) and Ｃ町/児童手当 had ⑰-1
/// still 未着手; everything else as in January. Comparing the two gives one system newly done,
/// three rates up with the steps that changed, and Ｃ町/国民年金 still unreported.
pub fn soumu_status_last_month(body: &str, gyomu: &str, k: usize) -> &'static str {
    match (body, gyomu, k) {
        ("Ｂ市", "住民記録", 40) => WIP,
        ("Ｂ市", "個人住民税", 29..=30) => WIP,
        ("Ｃ町", "児童手当", 39) => NOT_STARTED,
        _ => soumu_status(body, gyomu, k),
    }
}

/// The 業務 as the step sheet writes it: Ｄ村 uses two other names.
fn soumu_gyomu_written(body: &str, gyomu: &'static str) -> &'static str {
    match (body, gyomu) {
        ("Ｄ村", "住民記録") => "住民基本台帳",
        ("Ｄ村", "戸籍附票") => "戸籍の附票",
        _ => gyomu,
    }
}

type StatusOf = fn(&str, &str, usize) -> &'static str;

/// One month of the 総務省's workbook: the file name, the month as its titles write it, and
/// each step's status.
struct Month {
    file: &'static str,
    month: &'static str,
    status: StatusOf,
}

const JANUARY: Month = Month { file: "hyojunka_soumu.xlsx", month: "令和8年1月", status: soumu_status };
const DECEMBER: Month =
    Month { file: "hyojunka_soumu_last_month.xlsx", month: "令和7年12月", status: soumu_status_last_month };

fn hyojunka_soumu(dir: &Path, m: &Month) -> Result<()> {
    let soumu_statuses = |body: &str, gyomu: &str| -> Vec<&'static str> {
        (1..=STEP_COUNT).map(|k| (m.status)(body, gyomu, k)).collect()
    };
    let steps = steps();
    let h = header_format();
    let pct = Format::new().set_num_format("0.0%");
    let mut wb = workbook()?;

    // Sheet 1: the rate sheet.
    let ws = wb.add_worksheet().set_name(format!("{}_進捗状況", m.month))?;
    ws.write(0, 0, format!("自治体情報システムの標準化・共通化に係る進捗状況（{}末時点）", m.month))?;
    left_header(ws, 2, 3, &["団体コード", "都道府県名", "市区町村名", "完了率"], &h)?;
    ws.merge_range(2, 4, 2, 4 + GYOMU.len() as u16 - 1, "業務別完了率", &h)?;
    for (g, gyomu) in GYOMU.iter().enumerate() {
        ws.write_with_format(3, 4 + g as u16, *gyomu, &h)?;
    }
    for (i, (code, body, rate_name)) in SOUMU_BODIES.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, *code)?;
        ws.write(r, 1, "Ａ県")?;
        ws.write(r, 2, *rate_name)?;
        let (mut done_sum, mut systems) = (0u32, 0u32);
        for (g, gyomu) in GYOMU.iter().enumerate() {
            if let Some(done) = done_count(&soumu_statuses(body, gyomu)) {
                ws.write_number_with_format(r, 4 + g as u16, f64::from(done) / STEP_COUNT as f64, &pct)?;
                done_sum += done;
                systems += 1;
            }
        }
        ws.write_number_with_format(r, 3, f64::from(done_sum) / f64::from(systems * STEP_COUNT as u32), &pct)?;
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(2, 11)?;

    // Sheet 2: the wide step sheet.
    let ws = wb.add_worksheet().set_name("業務別ステップ別進捗一覧")?;
    ws.write(0, 0, format!("業務別ステップ別進捗一覧（{}末時点）", m.month))?;
    left_header(ws, 2, 3, &["団体コード", "都道府県名", "市区町村名", "業務名"], &h)?;
    for (s, step) in steps.iter().enumerate() {
        ws.write_with_format(2, 4 + s as u16, step.code, &h)?;
        ws.write_with_format(3, 4 + s as u16, step.name, &h)?;
    }
    let mut r = 4u32;
    for (code, body, _) in SOUMU_BODIES {
        for gyomu in GYOMU {
            ws.write(r, 0, code)?;
            ws.write(r, 1, "Ａ県")?;
            ws.write(r, 2, body)?;
            ws.write(r, 3, soumu_gyomu_written(body, gyomu))?;
            for (s, status) in soumu_statuses(body, gyomu).iter().enumerate() {
                if !status.is_empty() {
                    ws.write(r, 4 + s as u16, *status)?;
                }
            }
            r += 1;
        }
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(3, 16)?;
    wb.save(dir.join(m.file))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. hyojunka_long_sjis.csv

const LONG_HEADER: [&str; 9] = [
    "都道府県名",
    "市区町村名",
    "業務名",
    "作業ステップ",
    "進捗状況",
    "開始予定日",
    "終了予定日",
    "終了実績日",
    "特定移行支援システム",
];

/// One step's row: status, planned start, planned end, actual end.
type LongStep = (&'static str, &'static str, &'static str, &'static str);

type LongSystem = (&'static str, &'static str, bool, fn(usize) -> LongStep);

/// The long sheet's systems: body, 業務, designated, and each step's row (k is 1-based).
const LONG_SYSTEMS: [LongSystem; 5] = [
    ("Ｅ市", "住民記録", false, |k| match k {
        1..=35 => (DONE, "2024/4/1", "2025/9/30", "2025/9/30"),
        36..=39 => (WIP, "2025/10/1", "2026/2/27", ""),
        _ => (NOT_STARTED, "2026/3/1", "2026/3/31", ""),
    }),
    ("Ｅ市", "個人住民税", true, |k| match k {
        1..=30 => (DONE, "2024/4/1", "2025/12/26", "2025/12/26"),
        31 => (WIP, "2026/4/1", "2026/6/30", ""),
        32..=39 => (NOT_STARTED, "2026/4/1", "2027/9/30", ""),
        _ => (NOT_STARTED, "2026/4/1", "2027/12/28", ""),
    }),
    ("Ｅ市", "固定資産税", false, |k| match k {
        1..=38 => (DONE, "2024/4/1", "2025/11/28", "2025/11/28"),
        39 => (WIP, "2025/12/1", "2026/3/31", ""),
        _ => (NOT_STARTED, "2025/12/1", "R8.4.30", ""),
    }),
    ("-", "生活保護", false, |_| (DONE, "", "", "2025/12/1")),
    ("-", "児童扶養手当", false, |_| ("", "", "", "")),
];

fn hyojunka_long_sjis(dir: &Path) -> Result<()> {
    let steps = steps();
    let mut rows = Vec::new();
    for (body, gyomu, designated, step_row) in LONG_SYSTEMS {
        for (s, step) in steps.iter().enumerate() {
            let (status, start, end, actual) = step_row(s + 1);
            let mark = if designated { "○" } else { "" };
            let heading = step.heading();
            rows.push(
                ["Ａ県", body, gyomu, heading.as_str(), status, start, end, actual, mark]
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    let text = crate::fixtures::csv_text(&LONG_HEADER, &rows);
    std::fs::write(dir.join("hyojunka_long_sjis.csv"), encode_sjis(&text)?)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. hyojunka_rates.xlsx

/// A rate cell of the rate table, in thousandths (so means are one exact division).
#[derive(Clone, Copy)]
enum RateCell {
    /// A number formatted `0%`.
    Percent(u32),
    /// A number formatted `0.0%`.
    Percent1(u32),
    /// Text such as `80%`.
    Text(&'static str, u32),
    Blank,
}

impl RateCell {
    fn thousandths(self) -> Option<u32> {
        match self {
            RateCell::Percent(t) | RateCell::Percent1(t) | RateCell::Text(_, t) => Some(t),
            RateCell::Blank => None,
        }
    }
}

fn rates_row(body: &str, gyomu: &str) -> RateCell {
    match (body, gyomu) {
        ("Ｆ市", _) => RateCell::Percent(650),
        ("Ｇ町", "住民記録") => RateCell::Text("80%", 800),
        ("Ｇ町", "戸籍") => RateCell::Text("100%", 1000),
        ("Ｇ町", _) => RateCell::Percent(1000),
        ("Ｈ村", "住民記録") => RateCell::Percent1(400),
        _ => RateCell::Blank,
    }
}

fn hyojunka_rates(dir: &Path) -> Result<()> {
    let h = header_format();
    let pct0 = Format::new().set_num_format("0%");
    let pct1 = Format::new().set_num_format("0.0%");
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name("完了率")?;
    ws.write(0, 0, "標準化 業務別完了率一覧")?;
    left_header(ws, 1, 2, &["都道府県名", "市区町村名", "完了率"], &h)?;
    ws.merge_range(1, 3, 1, 3 + GYOMU.len() as u16 - 1, "業務別完了率", &h)?;
    for (g, gyomu) in GYOMU.iter().enumerate() {
        ws.write_with_format(2, 3 + g as u16, *gyomu, &h)?;
    }
    let extra = 3 + GYOMU.len() as u16;
    ws.write_with_format(2, extra, "共通機能", &h)?;
    for (i, body) in ["Ｆ市", "Ｇ町", "Ｈ村"].iter().enumerate() {
        let r = 3 + i as u32;
        ws.write(r, 0, "Ａ県")?;
        ws.write(r, 1, *body)?;
        let (mut sum, mut n) = (0u32, 0u32);
        for (g, gyomu) in GYOMU.iter().enumerate() {
            let c = 3 + g as u16;
            let cell = rates_row(body, gyomu);
            match cell {
                RateCell::Percent(t) => {
                    ws.write_number_with_format(r, c, f64::from(t) / 1000.0, &pct0)?;
                }
                RateCell::Percent1(t) => {
                    ws.write_number_with_format(r, c, f64::from(t) / 1000.0, &pct1)?;
                }
                RateCell::Text(text, _) => {
                    ws.write_string(r, c, text)?;
                }
                RateCell::Blank => {}
            }
            if let Some(t) = cell.thousandths() {
                sum += t;
                n += 1;
            }
        }
        ws.write_number_with_format(r, 2, f64::from(sum) / f64::from(n * 1000), &pct1)?;
        ws.write_number_with_format(r, extra, 0.5, &pct1)?;
    }
    wb.save(dir.join("hyojunka_rates.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. hyojunka_rates_bad.csv

fn hyojunka_rates_bad(dir: &Path) -> Result<()> {
    let header = ["都道府県名", "市区町村名", "完了率", "住民記録", "選挙人名簿管理", "固定資産税"];
    let rows: Vec<Vec<String>> = [["Ａ県", "Ｉ市", "50", "40", "60", "50"], ["Ａ県", "Ｊ町", "", "120%", "abc", "100"]]
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect();
    let text = crate::fixtures::csv_text(&header, &rows);
    std::fs::write(dir.join("hyojunka_rates_bad.csv"), format!("\u{feff}{text}"))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. tokutei_pairs.xlsx

const TOKUTEI_PAIRS: [[&str; 5]; 5] = [
    ["013030", "Ａ県", "Ｃ町", "健康管理", "健康管理システム"],
    ["014036", "Ａ県", "Ｄ村", "住民基本台帳", "住記システム"],
    ["014036", "Ａ県", "Ｄ村", "戸籍の附票", "附票システム"],
    ["014036", "Ａ県", "Ｄ村", "共通機能", "共通基盤"],
    ["019999", "Ａ県", "Ｚ市", "介護保険", "介護システム"],
];

fn tokutei_pairs(dir: &Path) -> Result<()> {
    let h = header_format();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name("特定移行支援システム")?;
    ws.write(0, 0, "特定移行支援システムの該当見込み一覧（令和7年12月時点）")?;
    for (c, label) in ["団体コード", "都道府県名", "市区町村名", "業務名", "システム名"].iter().enumerate()
    {
        ws.write_with_format(2, c as u16, *label, &h)?;
    }
    for (i, row) in TOKUTEI_PAIRS.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(3 + i as u32, c as u16, *cell)?;
        }
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 18)?;
    wb.save(dir.join("tokutei_pairs.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. tokutei_marks.csv

fn tokutei_marks(dir: &Path) -> Result<()> {
    let mut header = vec!["都道府県名", "市区町村名"];
    header.extend(GYOMU);
    let width = header.len();
    let marks: [(&str, &[(&str, &str)]); 2] =
        [("Ｂ市", &[("個人住民税", "○"), ("戸籍", "●")]), ("Ｄ村", &[("介護保険", "1"), ("障害者福祉", "はい")])];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| (*s).to_owned()).collect()];
    for (body, body_marks) in marks {
        let mut row = vec!["Ａ県".to_owned(), body.to_owned()];
        for gyomu in GYOMU {
            let mark = body_marks.iter().find(|(g, _)| *g == gyomu).map_or("", |(_, m)| m);
            row.push(mark.to_owned());
        }
        rows.push(row);
    }
    // The title line is the "header" of csv_text: the title then empty cells to the full width.
    let mut title = vec!["特定移行支援システム該当状況"];
    title.resize(width, "");
    let text = crate::fixtures::csv_text(&title, &rows);
    std::fs::write(dir.join("tokutei_marks.csv"), encode_sjis(&text)?)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. hyojunka_prefectures.xlsx

fn prefecture_status(prefecture: &str, gyomu: &str, k: usize) -> &'static str {
    match (prefecture, gyomu) {
        ("Ａ県", "児童扶養手当") => DONE,
        ("Ａ県", _) => {
            if k == 40 {
                WIP
            } else {
                DONE
            }
        }
        ("Ｋ県", "児童扶養手当") => "",
        _ => {
            if k <= 10 {
                DONE
            } else {
                NOT_STARTED
            }
        }
    }
}

fn hyojunka_prefectures(dir: &Path) -> Result<()> {
    let steps = steps();
    let h = header_format();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name("都道府県_業務別ステップ別進捗一覧")?;
    ws.write_with_format(0, 0, "都道府県名", &h)?;
    ws.write_with_format(0, 1, "業務名", &h)?;
    for (s, step) in steps.iter().enumerate() {
        ws.write_with_format(0, 2 + s as u16, step.heading(), &h)?;
    }
    let mut r = 1u32;
    for prefecture in ["Ａ県", "Ｋ県"] {
        for gyomu in ["児童扶養手当", "生活保護"] {
            ws.write(r, 0, prefecture)?;
            ws.write(r, 1, gyomu)?;
            for k in 1..=STEP_COUNT {
                let status = prefecture_status(prefecture, gyomu, k);
                if !status.is_empty() {
                    ws.write(r, 1 + k as u16, status)?;
                }
            }
            r += 1;
        }
    }
    ws.set_column_width(1, 14)?;
    wb.save(dir.join("hyojunka_prefectures.xlsx"))?;
    Ok(())
}

/// Writes the standardisation fixtures into `dir` (and nothing else).
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    hyojunka_soumu(dir, &JANUARY)?;
    hyojunka_soumu(dir, &DECEMBER)?;
    hyojunka_long_sjis(dir)?;
    hyojunka_rates(dir)?;
    hyojunka_rates_bad(dir)?;
    tokutei_pairs(dir)?;
    tokutei_marks(dir)?;
    hyojunka_prefectures(dir)?;
    crate::monthly::write_all(dir)?;
    // The 総務省's workbook as .xls and .ods too (SPEC §6's formats), converted by LibreOffice
    // where it is installed; otherwise the committed conversions are kept.
    crate::fixtures::convert_with_libreoffice(dir, "hyojunka_soumu.xlsx", &["xls", "ods"]);
    println!("standardisation fixtures written to {}", dir.display());
    Ok(())
}
