//! The test fixtures, written from data kept here as code.
//!
//! `seed_f3.xlsx` rebuilds the seed's F-3 local-tax table (SPEC §7): a title row, a header
//! block of four rows with merged cells (地方自治体名 over two columns and four rows; the
//! system over all sixteen date columns; each phase over four; 予定/実績 over two), then one
//! row per body with real date cells. The seed lists each row's dates positionally with the
//! missing ones at the end, and that is how they are placed here.

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

pub const SEED_TITLE: &str = "F-3 既存業務システムの改修、新規システムの導入に係る作業管理";
pub const PHASES: [&str; 4] = ["設計工程", "製造・導入・適用工程", "テスト工程", "団体内連携テスト工程"];

/// The seed's rows: prefecture, body, then up to sixteen dates (missing ones at the end).
pub const SEED_ROWS: [(&str, &str, &[&str]); 7] = [
    (
        "Ａ県",
        "Ｂ市",
        &[
            "2015/11/2",
            "2015/11/30",
            "2015/11/16",
            "2015/11/30",
            "2015/12/1",
            "2016/2/29",
            "2015/12/1",
            "2016/2/29",
            "2016/3/1",
            "2016/3/31",
            "2016/3/1",
            "2016/3/31",
            "2016/4/1",
            "2016/6/30",
            "2016/6/1",
        ],
    ),
    (
        "Ａ県",
        "Ｃ市",
        &[
            "2015/1/14",
            "2016/2/29",
            "2015/1/14",
            "2016/2/29",
            "2015/2/1",
            "2016/4/28",
            "2015/1/14",
            "2016/4/28",
            "2015/3/28",
            "2016/5/31",
            "2015/3/28",
            "2016/5/31",
            "2015/3/28",
            "2016/6/30",
            "2015/3/28",
            "2016/6/30",
        ],
    ),
    (
        "Ａ県",
        "Ｄ市",
        &[
            "2014/11/5",
            "2015/8/25",
            "2014/11/5",
            "2015/8/25",
            "2015/9/15",
            "2016/3/31",
            "2015/9/15",
            "2016/3/31",
            "2015/9/15",
            "2016/5/31",
            "2015/9/15",
            "2016/3/31",
            "2015/9/15",
            "2016/6/30",
            "2015/9/15",
            "2016/6/30",
        ],
    ),
    (
        "Ａ県",
        "Ｅ町",
        &[
            "2014/4/1",
            "2015/6/30",
            "2014/4/1",
            "2015/8/31",
            "2015/4/1",
            "2015/9/30",
            "2015/9/18",
            "2015/11/30",
            "2015/8/1",
            "2015/12/31",
            "2015/11/1",
            "2015/11/30",
            "2016/1/1",
            "2016/12/31",
            "2016/1/6",
        ],
    ),
    (
        "Ａ県",
        "Ｆ町",
        &[
            "2014/4/1",
            "2015/9/30",
            "2014/4/1",
            "2015/9/30",
            "2015/4/1",
            "2015/12/31",
            "2015/4/1",
            "2015/12/31",
            "2015/10/1",
            "2015/12/31",
            "2015/10/1",
            "2015/12/31",
            "2016/1/1",
            "2016/6/30",
            "2016/2/1",
            "2016/6/30",
        ],
    ),
    (
        "Ａ県",
        "Ｇ町",
        &[
            "2015/6/10",
            "2015/7/31",
            "2015/6/10",
            "2015/7/31",
            "2015/8/1",
            "2015/10/31",
            "2015/8/1",
            "2015/10/31",
            "2015/11/1",
            "2015/12/31",
            "2015/11/1",
            "2016/1/1",
        ],
    ),
    (
        "Ａ県",
        "Ｈ村",
        &[
            "2015/10/1",
            "2015/10/30",
            "2015/11/1",
            "2015/12/15",
            "2015/11/1",
            "2015/11/30",
            "2015/12/15",
            "2015/12/31",
            "2015/12/1",
            "2015/12/31",
            "2015/12/1",
            "2016/1/31",
            "2016/7/1",
            "2017/3/24",
            "2016/7/1",
            "2017/3/24",
        ],
    ),
];

fn excel_date(text: &str) -> Result<ExcelDateTime> {
    let parts: Vec<u16> = text.split('/').map(str::parse).collect::<std::result::Result<_, _>>()?;
    let [y, m, d] = parts[..] else { return Err(format!("bad date {text}").into()) };
    Ok(ExcelDateTime::from_ymd(y, m as u8, d as u8)?)
}

struct Formats {
    header: Format,
    date: Format,
}

fn formats() -> Formats {
    Formats {
        header: Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color("#DDEBF7"),
        date: Format::new().set_num_format("yyyy/m/d").set_border(FormatBorder::Thin),
    }
}

/// Writes the seed's header block (rows `top..top+4`) starting at column `left`, with merges
/// when `merged`, else with each label written once and blanks to its right.
fn seed_header(ws: &mut Worksheet, f: &Formats, top: u32, left: u16, system: &str, merged: bool) -> Result<()> {
    let d0 = left + 2;
    if merged {
        ws.merge_range(top, left, top + 3, left + 1, "地方自治体名", &f.header)?;
        ws.merge_range(top, d0, top, d0 + 15, system, &f.header)?;
    } else {
        ws.write_with_format(top, left, "地方自治体名", &f.header)?;
        ws.write_with_format(top, d0, system, &f.header)?;
    }
    for (p, phase) in PHASES.iter().enumerate() {
        let c = d0 + 4 * p as u16;
        if merged {
            ws.merge_range(top + 1, c, top + 1, c + 3, phase, &f.header)?;
            ws.merge_range(top + 2, c, top + 2, c + 1, "予定", &f.header)?;
            ws.merge_range(top + 2, c + 2, top + 2, c + 3, "実績", &f.header)?;
        } else {
            ws.write_with_format(top + 1, c, *phase, &f.header)?;
            ws.write_with_format(top + 2, c, "予定", &f.header)?;
            ws.write_with_format(top + 2, c + 2, "実績", &f.header)?;
        }
        for k in 0..4u16 {
            let label = if k % 2 == 0 { "開始日" } else { "終了日" };
            ws.write_with_format(top + 3, c + k, label, &f.header)?;
        }
    }
    Ok(())
}

fn seed_body(ws: &mut Worksheet, f: &Formats, first: u32, left: u16) -> Result<()> {
    write_rows(ws, f, first, left, &SEED_ROWS)
}

fn write_rows(ws: &mut Worksheet, f: &Formats, first: u32, left: u16, rows: &[(&str, &str, &[&str])]) -> Result<()> {
    for (i, (pref, body, dates)) in rows.iter().enumerate() {
        let r = first + i as u32;
        ws.write(r, left, *pref)?;
        ws.write(r, left + 1, *body)?;
        for (k, d) in dates.iter().enumerate() {
            ws.write_datetime_with_format(r, left + 2 + k as u16, &excel_date(d)?, &f.date)?;
        }
    }
    Ok(())
}

/// The seed's F-3 table as the prefecture's export: merged header cells, real date cells.
fn seed_f3(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet().set_name("回答結果")?;
    ws.write(0, 0, SEED_TITLE)?;
    seed_header(ws, &f, 2, 0, "地方税関連システム", true)?;
    seed_body(ws, &f, 6, 0)?;
    ws.write(14, 0, "※ 推奨アクションプラン（実行編）の回答結果から作成。")?;
    ws.set_column_width(1, 10)?;
    wb.save(dir.join("seed_f3.xlsx"))?;
    Ok(())
}

/// The seed a month later (for comparing two exports): Ｂ市 has finished, Ｅ町 brought its
/// end forward to the deadline, Ｈ村 pushed it later, Ｇ町 is still silent, Ｃ市's row is gone
/// and Ｉ村 appears.
fn seed_f3_next_month(dir: &Path) -> Result<()> {
    let mut rows: Vec<(&str, &str, Vec<&str>)> =
        SEED_ROWS.iter().map(|(p, b, d)| (*p, *b, d.to_vec())).filter(|(_, b, _)| *b != "Ｃ市").collect();
    for (_, body, dates) in rows.iter_mut() {
        match *body {
            "Ｂ市" => dates.push("2016/7/10"),
            "Ｅ町" => dates[13] = "2016/11/1",
            "Ｈ村" => {
                dates[13] = "2017/4/28";
                dates.truncate(15);
            }
            _ => {}
        }
    }
    rows.push(("Ａ県", "Ｉ村", vec!["2016/4/1", "2016/5/31", "2016/4/1", "2016/5/31", "2016/6/1", "2016/7/31"]));
    let rows: Vec<(&str, &str, &[&str])> = rows.iter().map(|(p, b, d)| (*p, *b, d.as_slice())).collect();
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet().set_name("回答結果")?;
    ws.write(0, 0, SEED_TITLE)?;
    seed_header(ws, &f, 2, 0, "地方税関連システム", true)?;
    write_rows(ws, &f, 6, 0, &rows)?;
    wb.save(dir.join("seed_f3_next_month.xlsx"))?;
    Ok(())
}

/// The seed's table as the HTML "web page" some systems save with an .xls name: Shift_JIS,
/// the header's merged cells as rowspan/colspan, dates as text.
fn seed_f3_html(dir: &Path) -> Result<()> {
    let mut html = String::from(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\
         <style>td { mso-number-format: \"yyyy/m/d\"; }</style></head><body>\n",
    );
    html.push_str(&format!("<p>{SEED_TITLE}</p>\n<table border=1>\n"));
    html.push_str("<tr><th rowspan=4 colspan=2>地方自治体名</th><th colspan=16>地方税関連システム</th></tr>\n<tr>");
    for phase in PHASES {
        html.push_str(&format!("<th colspan=4>{phase}</th>"));
    }
    html.push_str("</tr>\n<tr>");
    for _ in PHASES {
        html.push_str("<th colspan=2>予定</th><th colspan=2>実績</th>");
    }
    html.push_str("</tr>\n<tr>");
    for _ in 0..8 {
        html.push_str("<th>開始日</th><th>終了日</th>");
    }
    html.push_str("</tr>\n");
    for (pref, body, dates) in SEED_ROWS {
        html.push_str(&format!("<tr><td>{pref}</td><td>{body}</td>"));
        for k in 0..16 {
            html.push_str(&format!("<td>{}</td>", dates.get(k).copied().unwrap_or("&nbsp;")));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n<p>※ 推奨アクションプラン（実行編）の回答結果</p></body></html>\n");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&html);
    if unmappable {
        return Err("the HTML fixture does not fit Shift_JIS".into());
    }
    std::fs::write(dir.join("seed_f3_html.xls"), &bytes)?;
    Ok(())
}

/// The seed's table as XML Spreadsheet 2003 (Excel's "XML Spreadsheet" save): merges as
/// ss:MergeAcross / ss:MergeDown, dates as ss:Type="DateTime".
fn seed_f3_spreadsheet_xml(dir: &Path) -> Result<()> {
    let cell =
        |attrs: &str, kind: &str, text: &str| format!("<Cell{attrs}><Data ss:Type=\"{kind}\">{text}</Data></Cell>");
    let mut x = String::from(
        "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
         <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n\
         <Worksheet ss:Name=\"回答結果\"><Table>\n",
    );
    x.push_str(&format!("<Row>{}</Row>\n", cell("", "String", SEED_TITLE)));
    x.push_str(&format!(
        "<Row ss:Index=\"3\">{}{}</Row>\n",
        cell(" ss:MergeAcross=\"1\" ss:MergeDown=\"3\"", "String", "地方自治体名"),
        cell(" ss:MergeAcross=\"15\"", "String", "地方税関連システム")
    ));
    x.push_str("<Row>");
    for (p, phase) in PHASES.iter().enumerate() {
        let index = if p == 0 { " ss:Index=\"3\"" } else { "" };
        x.push_str(&cell(&format!("{index} ss:MergeAcross=\"3\""), "String", phase));
    }
    x.push_str("</Row>\n<Row>");
    for p in 0..4 {
        let index = if p == 0 { " ss:Index=\"3\"" } else { "" };
        x.push_str(&cell(&format!("{index} ss:MergeAcross=\"1\""), "String", "予定"));
        x.push_str(&cell(" ss:MergeAcross=\"1\"", "String", "実績"));
    }
    x.push_str("</Row>\n<Row>");
    for k in 0..16 {
        let index = if k == 0 { " ss:Index=\"3\"" } else { "" };
        x.push_str(&cell(index, "String", if k % 2 == 0 { "開始日" } else { "終了日" }));
    }
    x.push_str("</Row>\n");
    for (pref, body, dates) in SEED_ROWS {
        x.push_str(&format!("<Row>{}{}", cell("", "String", pref), cell("", "String", body)));
        for d in dates.iter() {
            let p: Vec<u32> = d.split('/').filter_map(|n| n.parse().ok()).collect();
            if let [y, m, day] = p[..] {
                x.push_str(&cell("", "DateTime", &format!("{y:04}-{m:02}-{day:02}T00:00:00.000")));
            }
        }
        x.push_str("</Row>\n");
    }
    x.push_str("</Table></Worksheet>\n</Workbook>\n");
    std::fs::write(dir.join("seed_f3_2003.xml.xls"), x)?;
    Ok(())
}

/// The same table with every label written once and blanks to its right (no merges), a
/// second sheet that is not an action plan, and dates as text in mixed renderings.
fn seed_f3_written_once(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let f = formats();
    let notes = wb.add_worksheet().set_name("説明")?;
    notes.write(0, 0, "この回答結果は、デジタルPMOの画面から出力したものです。")?;
    let ws = wb.add_worksheet().set_name("F-3")?;
    seed_header(ws, &f, 0, 0, "地方税関連システム", false)?;
    let renderings: [fn(&str) -> String; 4] = [
        |d| d.to_owned(),
        |d| d.replace('/', "-"),
        |d| {
            let p: Vec<&str> = d.split('/').collect();
            format!("{}年{}月{}日", p[0], p[1], p[2])
        },
        |d| {
            let p: Vec<u32> = d.split('/').map(|x| x.parse().unwrap_or(0)).collect();
            format!("H{}.{}.{}", p[0] - 1988, p[1], p[2])
        },
    ];
    for (i, (pref, body, dates)) in SEED_ROWS.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, *pref)?;
        ws.write(r, 1, *body)?;
        for (k, d) in dates.iter().enumerate() {
            ws.write(r, 2 + k as u16, renderings[(i + k) % 4](d))?;
        }
    }
    wb.save(dir.join("seed_f3_written_once.xlsx"))?;
    Ok(())
}

/// A wide sheet with four systems side by side, a code column, own offices and a joint body,
/// an extra remarks column; the task is named only by the sheet name.
fn wide_multi_system(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet().set_name("F-3 既存業務システム")?;
    let systems = ["地方税関連システム", "社会保障関連システム", "公営住宅関連システム", "医療費援助等関連システム"];
    ws.merge_range(0, 0, 3, 0, "団体コード", &f.header)?;
    ws.merge_range(0, 1, 3, 1, "都道府県", &f.header)?;
    ws.merge_range(0, 2, 3, 2, "団体名", &f.header)?;
    for (s, system) in systems.iter().enumerate() {
        let c0 = 3 + 16 * s as u16;
        ws.merge_range(0, c0, 0, c0 + 15, system, &f.header)?;
        for (p, phase) in PHASES.iter().enumerate() {
            let c = c0 + 4 * p as u16;
            ws.merge_range(1, c, 1, c + 3, phase, &f.header)?;
            ws.merge_range(2, c, 2, c + 1, "予定", &f.header)?;
            ws.merge_range(2, c + 2, 2, c + 3, "実績", &f.header)?;
            for k in 0..4u16 {
                ws.write_with_format(3, c + k, if k % 2 == 0 { "開始日" } else { "終了日" }, &f.header)?;
            }
        }
    }
    let remarks = 3 + 64;
    ws.merge_range(0, remarks, 3, remarks, "備考", &f.header)?;
    // Bodies: (code, prefecture, name, last-phase actual end or None, last-phase planned end).
    let bodies: [(&str, &str, &str, Option<&str>, &str); 5] = [
        ("010006", "Ａ県", "Ａ県", Some("2016/6/30"), "2016/6/30"),
        ("010007", "Ａ県", "Ａ県教育委員会", None, "2016/6/30"),
        ("011002", "Ａ県", "Ｂ市", None, "2016/10/31"),
        ("011003", "Ａ県", "Ｃ市", None, "2016/11/30"),
        ("019001", "Ａ県", "Ａ県後期高齢者医療広域連合", Some("2016/7/1"), "2016/7/1"),
    ];
    for (i, (code, pref, name, ae, pe)) in bodies.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, *code)?;
        ws.write(r, 1, *pref)?;
        ws.write(r, 2, *name)?;
        for s in 0..4u16 {
            let c0 = 3 + 16 * s;
            for p in 0..3u16 {
                let c = c0 + 4 * p;
                for (k, d) in ["2015/4/1", "2015/6/30", "2015/4/1", "2015/6/30"].iter().enumerate() {
                    ws.write_datetime_with_format(r, c + k as u16, &excel_date(d)?, &f.date)?;
                }
            }
            let c = c0 + 12;
            ws.write_datetime_with_format(r, c, &excel_date("2016/4/1")?, &f.date)?;
            ws.write_datetime_with_format(r, c + 1, &excel_date(pe)?, &f.date)?;
            ws.write_datetime_with_format(r, c + 2, &excel_date("2016/4/1")?, &f.date)?;
            if let Some(ae) = ae {
                ws.write_datetime_with_format(r, c + 3, &excel_date(ae)?, &f.date)?;
            }
        }
        ws.write(r, remarks, if i == 3 { "ベンダー調整中" } else { "" })?;
    }
    // Public housing does not apply to the board of education.
    ws.write(5, 3 + 32, "対象外")?;
    wb.save(dir.join("wide_multi_system.xlsx"))?;
    Ok(())
}

/// The long layout's header and rows, shared by the .xlsx and CSV fixtures: columns in an
/// unusual order with extra columns, a title row, a blank row, a note row.
pub const LONG_HEADER: [&str; 13] = [
    "備考",
    "団体名",
    "都道府県",
    "タスクID",
    "タスク名",
    "システム",
    "工程",
    "終了予定日",
    "開始予定日",
    "実績開始日",
    "完了日",
    "担当者",
    "回答日",
];

pub fn long_rows() -> Vec<[&'static str; 13]> {
    vec![
        [
            "",
            "Ｂ市",
            "Ａ県",
            "D-5",
            "自治体中間サーバー・プラットフォームの利用に向けた庁内ネットワーク整備",
            "",
            "",
            "2016/8/31",
            "2016/4/1",
            "2016/4/1",
            "2016/6/30",
            "山田",
            "2016/7/1",
        ],
        [
            "",
            "Ｂ市",
            "Ａ県",
            "F-3",
            "既存業務システムの改修",
            "地方税関連システム",
            "団体内連携テスト工程",
            "2016/6/30",
            "2016/4/1",
            "2016/6/1",
            "",
            "山田",
            "2016/7/1",
        ],
        [
            "",
            "Ｃ市",
            "Ａ県",
            "D-5",
            "自治体中間サーバー・プラットフォームの利用に向けた庁内ネットワーク整備",
            "",
            "",
            "2016/9/30",
            "2016/4/1",
            "2016/4/1",
            "",
            "佐藤",
            "2016/7/2",
        ],
        [
            "=1+1",
            "Ｃ市",
            "Ａ県",
            "F-3",
            "既存業務システムの改修",
            "社会保障関連システム",
            "団体内連携テスト工程",
            "",
            "",
            "",
            "",
            "佐藤",
            "2016/7/2",
        ],
        [
            "",
            "Ｄ町",
            "Ａ県",
            "F-3",
            "既存業務システムの改修",
            "地方税関連システム",
            "団体内連携テスト工程",
            "2016/10/31",
            "2016/8/1",
            "",
            "",
            "",
            "",
        ],
        [
            "",
            "Ａ県",
            "Ａ県",
            "F-3",
            "既存業務システムの改修",
            "地方税関連システム",
            "団体内連携テスト工程",
            "2016/7/10",
            "2016/5/1",
            "2016/5/1",
            "",
            "",
            "",
        ],
    ]
}

fn long_layout_xlsx(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet().set_name("回答一覧")?;
    ws.write(0, 0, "推奨アクションプラン（実行編）回答一覧")?;
    for (c, h) in LONG_HEADER.iter().enumerate() {
        ws.write_with_format(2, c as u16, *h, &f.header)?;
    }
    let mut r = 3;
    for (i, row) in long_rows().iter().enumerate() {
        if i == 2 {
            r += 1; // a blank row between bodies
        }
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            if (7..=10).contains(&c) {
                ws.write_datetime_with_format(r, c as u16, &excel_date(v)?, &f.date)?;
            } else {
                ws.write(r, c as u16, *v)?;
            }
        }
        r += 1;
    }
    ws.write(r + 1, 0, "※ 完了日は実績終了日を記入")?;
    wb.save(dir.join("long_layout.xlsx"))?;
    Ok(())
}

pub(crate) fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let quote =
        |s: &str| if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() };
    out.push_str(&header.iter().map(|h| quote(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The long layout as CSV in three encodings, with the headings' other spellings.
fn long_csvs(dir: &Path) -> Result<()> {
    let header = [
        "都道府県",
        "地方自治体名",
        "タスク",
        "システム",
        "工程",
        "予定開始日",
        "予定終了日",
        "開始日（実績）",
        "終了日（実績）",
    ];
    let rows: Vec<Vec<String>> = long_rows()
        .into_iter()
        .map(|r| {
            let task = format!("{} {}", r[3], r[4]);
            vec![r[2], r[1], &task, r[5], r[6], r[8], r[7], r[9], r[10]].into_iter().map(str::to_owned).collect()
        })
        .collect();
    let text = csv_text(&header, &rows);
    std::fs::write(dir.join("long_utf8.csv"), &text)?;
    std::fs::write(dir.join("long_utf8_bom.csv"), format!("\u{feff}{text}"))?;
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    if unmappable {
        return Err("fixture text does not fit Shift_JIS".into());
    }
    std::fs::write(dir.join("long_sjis.csv"), &sjis)?;
    Ok(())
}

/// One body per date rendering of SPEC §6, each with that rendering as its planned end.
pub const DATE_RENDERINGS: [(&str, &str); 16] = [
    ("slash", "2016/6/30"),
    ("dash", "2016-06-30"),
    ("dot", "2016.6.30"),
    ("kanji", "2016年6月30日"),
    ("time", "2016/6/30 0:00:00"),
    ("heisei", "平成28年6月30日"),
    ("h_dot", "H28.6.30"),
    ("reiwa_gannen", "令和元年6月30日"),
    ("r_slash", "R1/6/30"),
    ("full_width", "２０１６／６／３０"),
    ("serial", "42551"),
    ("weekday", "2016/6/30(木)"),
    ("blank", ""),
    ("dash_marker", "－"),
    ("mitei", "未定"),
    ("invalid", "6月末"),
];

fn dates_csv(dir: &Path) -> Result<()> {
    let header = ["団体名", "タスク", "開始予定日", "終了予定日", "開始実績日", "終了実績日"];
    let rows: Vec<Vec<String>> = DATE_RENDERINGS
        .iter()
        .map(|(name, text)| {
            vec![name.to_string(), "F-3".into(), "2016/4/1".into(), text.to_string(), String::new(), String::new()]
        })
        .collect();
    std::fs::write(dir.join("dates.csv"), csv_text(&header, &rows))?;
    Ok(())
}

/// Cells that try to run as formulas in a spreadsheet or as markup in the page.
fn hostile_cells(dir: &Path) -> Result<()> {
    let header = ["団体名", "タスク", "システム", "開始予定日", "終了予定日", "開始実績日", "終了実績日"];
    let rows: Vec<Vec<String>> = [
        ("=HYPERLINK(\"http://example.com\",\"x\")", "F-3", "+SUM(A1)"),
        ("<script>alert(1)</script>", "F-3", "-1"),
        ("<img src=x onerror=alert(1)>", "@cmd", "地方税"),
    ]
    .iter()
    .map(|(org, task, system)| {
        vec![
            org.to_string(),
            task.to_string(),
            system.to_string(),
            "2016/4/1".into(),
            "2016/6/30".into(),
            String::new(),
            String::new(),
        ]
    })
    .collect();
    std::fs::write(dir.join("hostile_cells.csv"), csv_text(&header, &rows))?;
    Ok(())
}

/// Files that must be refused with a clear message.
fn bad_files(dir: &Path) -> Result<()> {
    std::fs::write(dir.join("empty.csv"), b"")?;
    std::fs::write(dir.join("garbage.xlsx"), (0u8..=255).cycle().take(4096).collect::<Vec<_>>())?;
    let seed = std::fs::read(dir.join("seed_f3.xlsx"))?;
    std::fs::write(dir.join("truncated.xlsx"), &seed[..seed.len() / 2])?;
    std::fs::write(
        dir.join("html_saved_as.xls"),
        "<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>団体名</td></tr></table></body></html>",
    )?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("集計")?;
    ws.write(0, 0, "売上")?;
    ws.write(0, 1, "数量")?;
    ws.write(1, 0, 100)?;
    ws.write(1, 1, 3)?;
    wb.save(dir.join("no_header.xlsx"))?;
    Ok(())
}

/// Converts a fixture to the legacy and OpenDocument formats with LibreOffice, when it is
/// installed (`apt-get install libreoffice-calc-nogui`); otherwise the committed copies stay.
pub(crate) fn convert_with_libreoffice(dir: &Path, name: &str, formats: &[&str]) {
    let profile = std::env::temp_dir().join("shinchoku-xtask-lo");
    for format in formats {
        let status = std::process::Command::new("soffice")
            .arg("--headless")
            .arg("--norestore")
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--convert-to", format, "--outdir"])
            .arg(dir)
            .arg(dir.join(name))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("note: soffice not available; kept the committed {name} → .{format}");
        }
    }
}

/// Writes every fixture into `dir`.
pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    seed_f3(dir)?;
    seed_f3_written_once(dir)?;
    seed_f3_next_month(dir)?;
    seed_f3_html(dir)?;
    seed_f3_spreadsheet_xml(dir)?;
    wide_multi_system(dir)?;
    long_layout_xlsx(dir)?;
    long_csvs(dir)?;
    dates_csv(dir)?;
    hostile_cells(dir)?;
    bad_files(dir)?;
    convert_with_libreoffice(dir, "seed_f3.xlsx", &["xls", "ods"]);
    println!("fixtures written to {}", dir.display());
    Ok(())
}
