//! A deterministic generator of national-scale exports for the benchmarks (issue 5):
//! every body in Japan — 47 prefectures and 1,741 municipalities, 1,788 in all — in the
//! seed's wide F-3 shape (4 systems × 4 phases × 予定/実績 × 開始日/終了日 = 64 date columns)
//! and in the long layout (20 tasks per body, 35,760 rows); and the standardisation programme's
//! step table (SPEC §9) in the 総務省's wide shape `業務別ステップ別進捗一覧`: the 1,741
//! municipalities × 20 業務 = 34,820 rows × 40 step columns; and twelve monthly rate tables
//! (SPEC §11: 令和7年3月 to 令和8年2月, 34,820 systems each) for progress over time.
//!
//! The bodies are the register's (`src/profile/register/data.csv`: real names and 6-digit codes,
//! so that resolution does the work a real national file asks of it); the answers are made up
//! but shaped like real ones: most phases done, some overrunning, some past the deadline, some
//! unreported; dates are real Excel date cells. A fixed linear congruential
//! generator makes every run byte-identical in content; each file has its own seed, so adding
//! one leaves the others unchanged.
//!
//! The step statuses are shaped like the 総務省's figures (see [`system_statuses`]): ~2 % of
//! systems wholly blank, ~2.5 % wholly 対象外, ~1.2 % with ⑱-1 完了済み (two thirds of them
//! with every step done, a third with a few steps still open), and the rest with `k` steps done
//! — mostly 30–39, some 16–24 (about half), some 0–15 — then up to three 作業中 and the rest
//! 未着手 (or 未); done written 完了済み (or 完了), the odd done step ⑤-3 written 対象外, and
//! one system in ten working out of order (a done step swapped with a later open one).

use std::error::Error;
use std::path::Path;
use std::time::Instant;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::hyojunka::{self, GYOMU, STEP_COUNT};

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

/// The register of bodies as the product ships it (SPEC §10): `code,prefecture,city,…`.
const REGISTER: &str = include_str!("../../src/profile/register/data.csv");

/// Every body in Japan, from the register: the 47 prefectures (written under their own name)
/// and the 1,741 municipalities, with their real codes and names, in code order.
fn bodies() -> Vec<Body> {
    let out: Vec<Body> = REGISTER
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let prefecture = PREFECTURES.iter().copied().find(|p| *p == f[1]).expect("a known prefecture");
            let name = if f[2].is_empty() { prefecture.to_owned() } else { f[2].to_owned() };
            Body { code: f[0].to_owned(), prefecture, name }
        })
        .collect();
    assert_eq!(out.len(), PREFECTURES.len() + MUNICIPALITIES);
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

/// Fills one system's 40 statuses (see the module doc for the mix).
fn system_statuses(rng: &mut Lcg, out: &mut [&'static str; STEP_COUNT]) {
    const LAST: usize = STEP_COUNT - 1; // ⑱-1 運用開始ステータス
    let roll = rng.below(1000);
    if roll < 20 {
        out.fill(""); // nothing reported
        return;
    }
    if roll < 45 {
        out.fill("対象外"); // the body has no such system
        return;
    }
    let done = if rng.below(20) == 0 { "完了" } else { "完了済み" };
    let open = if rng.below(8) == 0 { "未" } else { "未着手" };
    let k = match roll {
        45..=52 => STEP_COUNT,                   // in operation, every step done
        53..=56 => 36 + rng.below(4) as usize,   // in operation with steps still open
        57..=699 => 30 + rng.below(10) as usize, // mostly near the end
        700..=879 => 16 + rng.below(9) as usize, // about half way
        _ => rng.below(16) as usize,             // early
    };
    let working = (rng.below(4) as usize).min(LAST - k.min(LAST));
    for (s, status) in out.iter_mut().enumerate() {
        *status = if s < k {
            done
        } else if s < k + working {
            "作業中"
        } else {
            open
        };
    }
    if (53..=56).contains(&roll) {
        out[LAST] = "完了済み";
    }
    if k > 0 && k < LAST - 1 && rng.below(10) == 0 {
        // Out of order: a later step done before an earlier one.
        let later = k + rng.below((LAST - k) as u64) as usize;
        out.swap(k - 1, later);
    }
    if out[15] == done && rng.below(7) == 0 {
        out[15] = "対象外"; // ⑤-3: no system other than the standard ones
    }
}

/// The standardisation step table: the 総務省's wide step sheet for every municipality × 業務.
pub fn steps(path: &Path) -> Result<usize> {
    let steps = hyojunka::steps();
    let mut rng = Lcg(0x005E_ED40);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("業務別ステップ別進捗一覧")?;
    ws.write(0, 0, "業務別ステップ別進捗一覧（令和8年1月末時点）")?;
    let h = Format::new().set_bold();
    for (c, label) in ["団体コード", "都道府県名", "市区町村名", "業務名"].iter().enumerate() {
        ws.write_with_format(2, c as u16, *label, &h)?;
    }
    for (s, step) in steps.iter().enumerate() {
        ws.write_with_format(2, 4 + s as u16, step.heading(), &h)?;
    }
    let mut statuses = [""; STEP_COUNT];
    let mut r = 3u32;
    // The municipalities: every body but the prefectures (written under their own name).
    for b in bodies().iter().filter(|b| b.name != b.prefecture) {
        for gyomu in GYOMU {
            system_statuses(&mut rng, &mut statuses);
            ws.write(r, 0, b.code.as_str())?;
            ws.write(r, 1, b.prefecture)?;
            ws.write(r, 2, b.name.as_str())?;
            ws.write(r, 3, gyomu)?;
            for (s, status) in statuses.iter().enumerate() {
                if !status.is_empty() {
                    ws.write(r, 4 + s as u16, *status)?;
                }
            }
            r += 1;
        }
    }
    wb.save(path)?;
    Ok((r - 3) as usize)
}

/// The months of the national monthly rate tables (SPEC §11): 令和7年3月 to 令和8年2月, each
/// dated by its sheet's name (the last day of the month).
pub const MONTHS: [&str; 12] = [
    "令和7年3月",
    "令和7年4月",
    "令和7年5月",
    "令和7年6月",
    "令和7年7月",
    "令和7年8月",
    "令和7年9月",
    "令和7年10月",
    "令和7年11月",
    "令和7年12月",
    "令和8年1月",
    "令和8年2月",
];

/// The file name of month `m` (0–11) of [`MONTHS`].
pub fn monthly_name(m: usize) -> String {
    format!("national_monthly_{:02}.xlsx", m + 1)
}

/// Each system's done steps (of 40) in each of the twelve months, or `None` where the month has
/// no rate: every municipality × 20 業務, in the order the tables write them. A system starts
/// with 0–39 steps done and gains 0–3 a month (none for about one in seven: stalled); one month
/// in fifty it loses a step (a status corrected), ~2 % of systems have no rate at all and one
/// cell in a hundred is blank.
fn monthly_done() -> Vec<[Option<u32>; 12]> {
    let mut rng = Lcg(0x005E_ED12);
    let systems = MUNICIPALITIES * GYOMU.len();
    (0..systems)
        .map(|_| {
            let mut out = [None; 12];
            if rng.below(50) == 0 {
                return out;
            }
            let mut done = rng.below(40) as i64;
            let gain = match rng.below(100) {
                0..=13 => 0,
                14..=54 => 1,
                55..=84 => 2,
                _ => 3,
            };
            for slot in &mut out {
                *slot = (rng.below(100) != 0).then_some(done as u32);
                done = if rng.below(50) == 0 { done - 1 } else { done + gain }.clamp(0, STEP_COUNT as i64);
            }
            out
        })
        .collect()
}

/// The twelve national monthly rate tables (SPEC §9.1 shape 3, as the 総務省 publishes them):
/// 1,741 municipalities × 20 業務 = 34,820 systems each, the sheet named for its month.
pub fn monthly(dir: &Path) -> Result<usize> {
    let done = monthly_done();
    let municipalities: Vec<Body> = bodies().into_iter().filter(|b| b.name != b.prefecture).collect();
    let pct = Format::new().set_num_format("0.0%");
    let h = Format::new().set_bold();
    for (m, month) in MONTHS.iter().enumerate() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name(format!("{month}_進捗状況"))?;
        ws.write(0, 0, format!("自治体情報システムの標準化・共通化に係る進捗状況（{month}末時点）"))?;
        for (c, label) in ["団体コード", "都道府県名", "市区町村名", "完了率"].iter().enumerate() {
            ws.write_with_format(2, c as u16, *label, &h)?;
        }
        for (g, gyomu) in GYOMU.iter().enumerate() {
            ws.write_with_format(2, 4 + g as u16, *gyomu, &h)?;
        }
        for (i, b) in municipalities.iter().enumerate() {
            let r = 3 + i as u32;
            ws.write(r, 0, b.code.as_str())?;
            ws.write(r, 1, b.prefecture)?;
            ws.write(r, 2, b.name.as_str())?;
            let (mut sum, mut n) = (0u32, 0u32);
            for g in 0..GYOMU.len() {
                if let Some(d) = done[i * GYOMU.len() + g][m] {
                    ws.write_number_with_format(r, 4 + g as u16, f64::from(d) / STEP_COUNT as f64, &pct)?;
                    sum += d;
                    n += 1;
                }
            }
            if n > 0 {
                ws.write_number_with_format(r, 3, f64::from(sum) / f64::from(n * STEP_COUNT as u32), &pct)?;
            }
        }
        wb.save(dir.join(monthly_name(m)))?;
    }
    Ok(municipalities.len() * GYOMU.len())
}

/// Writes the national files into `dir`: the three single exports and the twelve monthly ones.
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let started = Instant::now();
    let systems = monthly(dir)?;
    println!(
        "wrote {} … {} ({systems} systems each) in {:.2} s",
        dir.join(monthly_name(0)).display(),
        dir.join(monthly_name(MONTHS.len() - 1)).display(),
        started.elapsed().as_secs_f64()
    );
    let w = wide(&dir.join("national_wide.xlsx"))?;
    let l = long(&dir.join("national_long.xlsx"))?;
    println!(
        "wrote {} ({w} items) and {} ({l} items)",
        dir.join("national_wide.xlsx").display(),
        dir.join("national_long.xlsx").display()
    );
    let path = dir.join("national_steps.xlsx");
    let started = Instant::now();
    let systems = steps(&path)?;
    let took = started.elapsed();
    let size = std::fs::metadata(&path)?.len();
    println!(
        "wrote {} ({systems} systems × {STEP_COUNT} steps) in {:.2} s, {size} bytes ({:.1} MiB)",
        path.display(),
        took.as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}
