//! A deterministic generator of national-scale exports for the benchmarks (issue 5):
//! every body in Japan — 47 prefectures and 1,741 municipalities, 1,788 in all — in the
//! seed's wide F-3 shape (4 systems × 4 phases × 予定/実績 × 開始日/終了日 = 64 date columns)
//! and in the long layout (20 tasks per body, 35,760 rows).
//!
//! The data are made up but shaped like real answers: most phases done, some overrunning,
//! some past the deadline, some unreported; dates are real Excel date cells; each body has a
//! valid 6-digit local government code (JIS X 0402 check digit). A fixed linear congruential
//! generator makes every run byte-identical in content.

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

const MUNICIPALITIES: usize = 1_741;
const SYSTEMS: [&str; 4] =
    ["地方税関連システム", "社会保障関連システム", "公営住宅関連システム", "医療費援助等関連システム"];
const PHASES: [&str; 4] = ["設計工程", "製造・導入・適用工程", "テスト工程", "団体内連携テスト工程"];

/// A tiny deterministic random source (Knuth's MMIX LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A body: code, prefecture, name.
struct Body {
    code: String,
    prefecture: &'static str,
    name: String,
}

/// JIS X 0402 code with its check digit.
fn code(five: u32) -> String {
    let digits: Vec<u32> = format!("{five:05}").chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    let check = (11 - sum % 11) % 10;
    format!("{five:05}{check}")
}

fn bodies() -> Vec<Body> {
    let mut out = Vec::with_capacity(PREFECTURES.len() + MUNICIPALITIES);
    let per = MUNICIPALITIES / PREFECTURES.len();
    let extra = MUNICIPALITIES % PREFECTURES.len();
    let kinds = ["市", "町", "村", "市", "町"];
    for (p, pref) in PREFECTURES.iter().enumerate() {
        let pcode = (p as u32 + 1) * 1000;
        out.push(Body { code: code(pcode), prefecture: pref, name: (*pref).to_owned() });
        let n = per + usize::from(p < extra);
        for m in 0..n {
            let kind = kinds[(p + m) % kinds.len()];
            out.push(Body {
                code: code(pcode + 100 + m as u32),
                prefecture: pref,
                name: format!("第{}{}", m + 1, kind),
            });
        }
    }
    out
}

/// Dates of one phase: (PS, PE, AS, AE) as day offsets from 2015-04-01, or `None`.
type Dates = [Option<i64>; 4];

/// A phase's answer, shaped like the real ones.
fn phase_dates(rng: &mut Lcg, phase: usize) -> Dates {
    let start = 60 * phase as i64 + rng.below(60) as i64;
    let end = start + 30 + rng.below(90) as i64;
    match rng.below(100) {
        0..=64 => [Some(start), Some(end), Some(start), Some(end.min(470))], // done (by 2016-07-15)
        65..=79 => [Some(start), Some(end.min(450)), Some(start), None],     // overrun or on track
        80..=87 => [Some(start), Some(600 + rng.below(200) as i64), Some(start), None], // past 11/1
        88..=95 => [Some(start), None, None, None],                          // unreported
        _ => [None, None, None, None],                                       // wholly blank
    }
}

fn base() -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(2015, 4, 1)?)
}

fn write_date(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, offset: i64, f: &Format) -> Result<()> {
    // Excel serial of 2015-04-01 is 42095.
    ws.write_number_with_format(r, c, 42095.0 + offset as f64, f)?;
    Ok(())
}

/// The wide F-3 shape: 1,788 rows × (3 + 64) columns.
pub fn wide(path: &Path) -> Result<usize> {
    let _ = base()?;
    let mut rng = Lcg(0x005E_EDF3);
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let ws = wb.add_worksheet().set_name("回答結果")?;
    ws.write(0, 0, "F-3 既存業務システムの改修、新規システムの導入に係る作業管理")?;
    let h = Format::new().set_bold();
    ws.merge_range(2, 0, 5, 0, "団体コード", &h)?;
    ws.merge_range(2, 1, 5, 1, "都道府県", &h)?;
    ws.merge_range(2, 2, 5, 2, "団体名", &h)?;
    for (s, system) in SYSTEMS.iter().enumerate() {
        let c0 = 3 + 16 * s as u16;
        ws.merge_range(2, c0, 2, c0 + 15, system, &h)?;
        for (p, phase) in PHASES.iter().enumerate() {
            let c = c0 + 4 * p as u16;
            ws.merge_range(3, c, 3, c + 3, phase, &h)?;
            ws.merge_range(4, c, 4, c + 1, "予定", &h)?;
            ws.merge_range(4, c + 2, 4, c + 3, "実績", &h)?;
            for k in 0..4u16 {
                ws.write_with_format(5, c + k, if k % 2 == 0 { "開始日" } else { "終了日" }, &h)?;
            }
        }
    }
    let bodies = bodies();
    for (i, b) in bodies.iter().enumerate() {
        let r = 6 + i as u32;
        ws.write(r, 0, b.code.as_str())?;
        ws.write(r, 1, b.prefecture)?;
        ws.write(r, 2, b.name.as_str())?;
        for s in 0..4u16 {
            for p in 0..4usize {
                let dates = phase_dates(&mut rng, p);
                for (k, d) in dates.iter().enumerate() {
                    if let Some(d) = d {
                        write_date(ws, r, 3 + 16 * s + 4 * p as u16 + k as u16, *d, &date)?;
                    }
                }
            }
        }
    }
    wb.save(path)?;
    Ok(bodies.len() * 16)
}

/// The long layout: one row per (body, task), 20 tasks per body.
pub fn long(path: &Path) -> Result<usize> {
    let mut rng = Lcg(0x005E_ED10);
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let ws = wb.add_worksheet().set_name("回答一覧")?;
    let header = [
        "団体コード",
        "都道府県",
        "団体名",
        "タスクID",
        "タスク名",
        "開始予定日",
        "終了予定日",
        "開始実績日",
        "終了実績日",
        "担当者",
        "回答日",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(0, c as u16, *h)?;
    }
    let tasks: Vec<(String, String)> = (1..=20)
        .map(|t| {
            let (letter, name) = match t {
                1..=5 => ("D", "自治体中間サーバー・プラットフォームの利用に向けた庁内ネットワーク整備"),
                6..=10 => ("E", "団体内統合宛名システムの整備"),
                _ => ("F", "既存業務システムの改修、新規システムの導入に係る作業管理"),
            };
            (format!("{letter}-{t}"), format!("{name}（{t}）"))
        })
        .collect();
    let mut r = 1u32;
    for b in bodies() {
        for (t, (id, name)) in tasks.iter().enumerate() {
            let dates = phase_dates(&mut rng, t % 4);
            ws.write(r, 0, b.code.as_str())?;
            ws.write(r, 1, b.prefecture)?;
            ws.write(r, 2, b.name.as_str())?;
            ws.write(r, 3, id.as_str())?;
            ws.write(r, 4, name.as_str())?;
            for (k, d) in dates.iter().enumerate() {
                if let Some(d) = d {
                    write_date(ws, r, 5 + k as u16, *d, &date)?;
                }
            }
            ws.write(r, 9, "担当")?;
            r += 1;
        }
    }
    wb.save(path)?;
    Ok((r - 1) as usize)
}

/// Writes both files into `dir`.
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let w = wide(&dir.join("national_wide.xlsx"))?;
    let l = long(&dir.join("national_long.xlsx"))?;
    println!(
        "wrote {} ({w} items) and {} ({l} items)",
        dir.join("national_wide.xlsx").display(),
        dir.join("national_long.xlsx").display()
    );
    Ok(())
}
