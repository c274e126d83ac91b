//! The fixtures of the register of bodies (SPEC §10), written from data kept here as code:
//! real bodies named the ways real files name them. `cargo xtask register-fixtures` writes only
//! these; `cargo xtask fixtures` writes them too. Workbooks carry a fixed creation date.
//!
//! - `register_tokutei_published.xlsx` — the Digital Agency's 特定移行支援 list as published
//!   (sheet 結果一覧): a merged title row, a blank row, the header on row 3 (団体コード /
//!   自治体名 / 自治体区分 / one column per 業務 in the Agency's order with its names 住民基本台帳
//!   and 戸籍の附票 / 共通機能), ● marks. 自治体名 writes the prefecture and the body in one cell
//!   (鳥取県鳥取市; 鳥取県日野郡日野町 with its 郡), or the prefecture alone for its own systems
//!   (鳥取県, 岩手県). Codes are text, except 岩手県's, a number that lost its leading zero
//!   (30007 for 030007). Marks: 鳥取市 住民基本台帳, 戸籍の附票 and 共通機能; 南部町 介護保険;
//!   日野町 戸籍; 江府町 介護保険 (a body no progress file reports); 鳥取県 生活保護; 岩手県
//!   児童扶養手当.
//! - `register_steps_tottori.xlsx` — a prefecture's own wide step sheet for 鳥取県 without a
//!   prefecture or code column: its municipalities by name alone, 江府町 left out (a missing
//!   municipality), 南部町 and 日野町 among them (names shared with 青森県/山梨県 and 滋賀県).
//!   業務 住民記録, 戸籍, 戸籍附票, 介護保険; every system 30 steps 完了済み, 10 作業中.
//! - `register_prefectures.xlsx` — the prefectures' own 2 業務 (児童扶養手当, 生活保護) as the
//!   総務省's file has them: a prefecture column, no body column; every prefecture but 沖縄県 (a
//!   missing prefecture); 20 steps 完了済み, 20 作業中.
//! - `register_codes.csv` — a rate table (UTF-8) whose 団体コード column writes codes in every
//!   form, no prefecture column: 011002 札幌市 (six digits), 01202 函館市 (five), 12033 小樽市
//!   (a six-digit code that lost its leading zero), 1204 旭川市 (a five-digit one that lost it),
//!   ０１２０５０ 室蘭市 (full width), and 012068 beside the name 函館市 (釧路市's code: the code
//!   wins, `code_name_mismatch`). Rates 50 % everywhere.
//! - `register_shared_names.csv` — shared names beside a prefecture column: 伊達市 of 北海道 and
//!   福島県, 府中市 of 東京都 and 広島県; four bodies.
//! - `register_shared_names_alone.csv` — the same names without a prefecture column, with 札幌市
//!   and 郡山市 (so the sheet spans two prefectures): 伊達市 and 府中市 stay as written with
//!   `ambiguous_name`.
//! - `register_rates_headings.xlsx` — a rate table for two 鳥取県 bodies whose headings are
//!   written as real files write them: 完了率（％）, 住民記録(%), 戸籍 ※1, 戸籍 + line break +
//!   附票, 印鑑登録（％） in full width brackets; numbers 0–100 under the % headings (印鑑登録（％）:
//!   1 and 0.5, which are per cent, not fractions).
//! - `register_two_prefectures.xlsx` — a wide step sheet covering two prefectures (for the page's
//!   prefecture scope, 表示範囲): 鳥取県's 鳥取市 and 米子市, 島根県's 松江市, 浜田市 and 出雲市,
//!   each with 住民記録 and 戸籍 (a prefecture column, a body column); 30 steps 完了済み, 10 作業中.

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::Format;

use crate::hyojunka::{header_format, steps, workbook, STEP_COUNT};
use crate::national::PREFECTURES;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The 業務 columns of the Digital Agency's list, in its order, with its names.
pub const AGENCY_GYOMU: [&str; 21] = [
    "住民基本台帳",
    "印鑑登録",
    "戸籍",
    "戸籍の附票",
    "選挙人名簿管理",
    "固定資産税",
    "個人住民税",
    "法人住民税",
    "軽自動車税",
    "国民健康保険",
    "国民年金",
    "障害者福祉",
    "後期高齢者医療",
    "介護保険",
    "児童手当",
    "子ども・子育て支援",
    "就学",
    "健康管理",
    "生活保護",
    "児童扶養手当",
    "共通機能",
];

/// The list's rows: code (as text, or a number), 自治体名, 自治体区分, the marked 業務.
const AGENCY_ROWS: [(&str, bool, &str, &str, &[&str]); 6] = [
    ("312011", false, "鳥取県鳥取市", "市区町村", &["住民基本台帳", "戸籍の附票", "共通機能"]),
    ("313891", false, "鳥取県南部町", "市区町村", &["介護保険"]),
    ("314021", false, "鳥取県日野郡日野町", "市区町村", &["戸籍"]),
    ("314030", false, "鳥取県日野郡江府町", "市区町村", &["介護保険"]),
    ("310000", false, "鳥取県", "都道府県", &["生活保護"]),
    ("30007", true, "岩手県", "都道府県", &["児童扶養手当"]),
];

fn tokutei_published(dir: &Path) -> Result<()> {
    let h = header_format();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name("結果一覧")?;
    let width = 3 + AGENCY_GYOMU.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        width - 1,
        "特定移行支援システムの該当見込み一覧（令和7年12月時点）",
        &Format::new().set_bold(),
    )?;
    for (c, label) in ["団体コード", "自治体名", "自治体区分"].iter().chain(AGENCY_GYOMU.iter()).enumerate()
    {
        ws.write_with_format(2, c as u16, *label, &h)?;
    }
    for (i, (code, number, name, kind, marks)) in AGENCY_ROWS.iter().enumerate() {
        let r = 3 + i as u32;
        if *number {
            ws.write_number(r, 0, code.parse::<f64>()?)?;
        } else {
            ws.write_string(r, 0, *code)?;
        }
        ws.write_string(r, 1, *name)?;
        ws.write_string(r, 2, *kind)?;
        for (g, gyomu) in AGENCY_GYOMU.iter().enumerate() {
            if marks.contains(gyomu) {
                ws.write_string(r, 3 + g as u16, "●")?;
            }
        }
    }
    ws.set_column_width(1, 20)?;
    wb.save(dir.join("register_tokutei_published.xlsx"))?;
    Ok(())
}

/// 鳥取県's municipalities as its own sheet names them: all but 江府町.
pub const TOTTORI: [&str; 18] = [
    "鳥取市",
    "米子市",
    "倉吉市",
    "境港市",
    "岩美町",
    "若桜町",
    "智頭町",
    "八頭町",
    "三朝町",
    "湯梨浜町",
    "琴浦町",
    "北栄町",
    "日吉津村",
    "大山町",
    "南部町",
    "伯耆町",
    "日南町",
    "日野町",
];

pub const TOTTORI_GYOMU: [&str; 4] = ["住民記録", "戸籍", "戸籍附票", "介護保険"];

/// A wide step sheet: `left` headings, then the 40 steps headed `CODE NAME`; each row's left
/// cells, then `done` steps 完了済み and the rest 作業中.
fn step_sheet(path: &Path, sheet: &str, left: &[&str], rows: &[Vec<String>], done: usize) -> Result<()> {
    let h = header_format();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name(sheet)?;
    for (c, label) in left.iter().enumerate() {
        ws.write_with_format(0, c as u16, *label, &h)?;
    }
    let first = left.len() as u16;
    for (s, step) in steps().iter().enumerate() {
        ws.write_with_format(0, first + s as u16, step.heading(), &h)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r, c as u16, cell)?;
        }
        for k in 0..STEP_COUNT {
            ws.write_string(r, first + k as u16, if k < done { "完了済み" } else { "作業中" })?;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn steps_tottori(dir: &Path) -> Result<()> {
    let rows: Vec<Vec<String>> = TOTTORI
        .iter()
        .flat_map(|body| TOTTORI_GYOMU.iter().map(move |g| vec![(*body).to_owned(), (*g).to_owned()]))
        .collect();
    step_sheet(
        &dir.join("register_steps_tottori.xlsx"),
        "業務別ステップ別進捗一覧",
        &["市区町村名", "業務名"],
        &rows,
        30,
    )
}

fn prefectures(dir: &Path) -> Result<()> {
    let rows: Vec<Vec<String>> = PREFECTURES
        .iter()
        .filter(|p| **p != "沖縄県")
        .flat_map(|p| ["児童扶養手当", "生活保護"].map(|g| vec![(*p).to_owned(), g.to_owned()]))
        .collect();
    step_sheet(
        &dir.join("register_prefectures.xlsx"),
        "都道府県_業務別ステップ別進捗一覧",
        &["都道府県名", "業務名"],
        &rows,
        20,
    )
}

/// A CSV rate table: the left columns, then 住民記録, 戸籍, 印鑑登録 at 50 each.
fn rates_csv(path: &Path, left: &[&str], bodies: &[&[&str]]) -> Result<()> {
    let mut header: Vec<&str> = left.to_vec();
    header.extend(["住民記録", "戸籍", "印鑑登録"]);
    let rows: Vec<Vec<String>> = bodies
        .iter()
        .map(|b| b.iter().map(|s| (*s).to_owned()).chain(["50", "50", "50"].map(str::to_owned)).collect())
        .collect();
    std::fs::write(path, crate::fixtures::csv_text(&header, &rows))?;
    Ok(())
}

fn codes(dir: &Path) -> Result<()> {
    rates_csv(
        &dir.join("register_codes.csv"),
        &["団体コード", "市区町村名"],
        &[
            &["011002", "札幌市"],
            &["01202", "函館市"],
            &["12033", "小樽市"],
            &["1204", "旭川市"],
            &["０１２０５０", "室蘭市"],
            &["012068", "函館市"],
        ],
    )
}

fn shared_names(dir: &Path) -> Result<()> {
    rates_csv(
        &dir.join("register_shared_names.csv"),
        &["都道府県名", "市区町村名"],
        &[&["北海道", "伊達市"], &["福島県", "伊達市"], &["東京都", "府中市"], &["広島県", "府中市"]],
    )?;
    rates_csv(
        &dir.join("register_shared_names_alone.csv"),
        &["市区町村名"],
        &[&["札幌市"], &["伊達市"], &["郡山市"], &["府中市"]],
    )
}

fn rates_headings(dir: &Path) -> Result<()> {
    let h = header_format();
    let mut wb = workbook()?;
    let ws = wb.add_worksheet().set_name("進捗状況")?;
    let headings =
        ["都道府県名", "市区町村名", "完了率（％）", "住民記録(%)", "戸籍 ※1", "戸籍\n附票", "印鑑登録（％）"];
    for (c, label) in headings.iter().enumerate() {
        ws.write_with_format(0, c as u16, *label, &h)?;
    }
    let rows: [(&str, [f64; 5]); 2] =
        [("鳥取市", [62.5, 100.0, 50.0, 75.0, 1.0]), ("米子市", [40.0, 80.0, 20.0, 40.0, 0.5])];
    for (i, (body, rates)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, "鳥取県")?;
        ws.write_string(r, 1, *body)?;
        for (c, x) in rates.iter().enumerate() {
            ws.write_number(r, 2 + c as u16, *x)?;
        }
    }
    wb.save(dir.join("register_rates_headings.xlsx"))?;
    Ok(())
}

/// The bodies of `register_two_prefectures.xlsx`, by prefecture.
pub const TWO_PREFECTURES: [(&str, &[&str]); 2] =
    [("鳥取県", &["鳥取市", "米子市"]), ("島根県", &["松江市", "浜田市", "出雲市"])];

fn two_prefectures(dir: &Path) -> Result<()> {
    let rows: Vec<Vec<String>> = TWO_PREFECTURES
        .iter()
        .flat_map(|(p, bodies)| bodies.iter().map(move |b| (*p, *b)))
        .flat_map(|(p, b)| ["住民記録", "戸籍"].map(|g| vec![p.to_owned(), b.to_owned(), g.to_owned()]))
        .collect();
    step_sheet(
        &dir.join("register_two_prefectures.xlsx"),
        "業務別ステップ別進捗一覧",
        &["都道府県名", "市区町村名", "業務名"],
        &rows,
        30,
    )
}

/// Writes the register's fixtures into `dir` (and nothing else).
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    tokutei_published(dir)?;
    steps_tottori(dir)?;
    prefectures(dir)?;
    codes(dir)?;
    shared_names(dir)?;
    rates_headings(dir)?;
    two_prefectures(dir)?;
    println!("register fixtures written to {}", dir.display());
    Ok(())
}
