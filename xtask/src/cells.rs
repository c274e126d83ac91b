//! Fixtures of every kind of .xlsx cell, for the scanner's differential test (tests/scanner.rs):
//! `cell_types.xlsx` as a spreadsheet writer writes them (rust_xlsxwriter), and
//! `cell_shapes.xlsx` / `cell_types_1904.xlsx` built part by part for the shapes no writer here
//! produces: inline strings, rows and cells without `r`, `_xHHHH_` escapes, character
//! references, CDATA, phonetic runs, `t="d"`, a namespace prefix, the 1904 date system.

use std::error::Error;
use std::io::{Cursor, Write};
use std::path::Path;

use rust_xlsxwriter::{Color, Format, Formula, Workbook};
use zip::write::SimpleFileOptions;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Strings, numbers, booleans, formulas with cached values of each type, dates in built-in and
/// custom formats, rich text, merged ranges and a hidden sheet, as rust_xlsxwriter writes them.
fn cell_types(dir: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("型")?;
    let texts = [
        "計画",
        "a & b < c > d \"e\" 'f'",
        "  前後に空白  ",
        "改行\r\nと\rと\n",
        "tab\tx",
        "_x000D_ literal",
        "制御\u{1}文字",
    ];
    for (i, t) in texts.iter().enumerate() {
        ws.write_string(i as u32, 0, *t)?;
    }
    let numbers = [0.0, -1.5, 1e-300, 123456789.125, 1e21, 45000.0, -0.0, 3.0e-7];
    for (i, n) in numbers.iter().enumerate() {
        ws.write_number(i as u32, 1, *n)?;
    }
    ws.write_boolean(0, 2, true)?;
    ws.write_boolean(1, 2, false)?;
    ws.write_formula(2, 2, Formula::new("=A1&\"!\"").set_result("計画!"))?;
    ws.write_formula(3, 2, Formula::new("=1/0").set_result("#DIV/0!"))?;
    ws.write_formula(4, 2, Formula::new("=NA()").set_result("#N/A"))?;
    ws.write_formula(5, 2, Formula::new("=1=1").set_result("TRUE"))?;
    ws.write_formula(6, 2, Formula::new("=B2*2").set_result("-3"))?;
    ws.write_formula(7, 2, Formula::new("=\"\"").set_result(""))?;
    // Dates: built-in ids 14-22 and 45-47, East Asian ids, custom formats with and without
    // date tokens.
    let builtin: [u8; 14] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47, 31, 57];
    for (i, id) in builtin.iter().enumerate() {
        ws.write_number_with_format(i as u32, 3, 45292.25, &Format::new().set_num_format_index(*id))?;
    }
    let custom = [
        "yyyy/m/d",
        "[$-ja-JP]ggge\"年\"m\"月\"d\"日\"",
        "[h]:mm:ss",
        "0.00",
        "\"day\"0",
        "#,##0;[Red]yyyy",
        "h:mm AM/PM",
    ];
    for (i, code) in custom.iter().enumerate() {
        ws.write_number_with_format(i as u32, 4, 45383.5, &Format::new().set_num_format(*code))?;
    }
    let red = Format::new().set_font_color(Color::Red);
    let plain = Format::new();
    ws.write_rich_string(0, 5, &[(&plain, "令和"), (&red, "7年"), (&plain, " 3月")])?;
    ws.merge_range(10, 0, 11, 2, "結合", &Format::new())?;
    ws.merge_range(12, 3, 12, 5, "", &Format::new())?;
    let hidden = wb.add_worksheet().set_name("隠し")?;
    hidden.write_string(0, 0, "hidden")?;
    hidden.write_number(5, 3, 7.0)?;
    hidden.set_hidden(true);
    wb.save(dir.join("cell_types.xlsx"))?;
    Ok(())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
/// Cell styles: 0 general, 1 built-in date (14), 2 custom date, 3 custom number, 4 elapsed time.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="&quot;No.&quot;0"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="46"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.0"/></dxf></dxfs></styleSheet>"#;

fn workbook_xml(date1904: bool) -> String {
    let pr = if date1904 { r#"<workbookPr date1904="1"/>"# } else { r#"<workbookPr defaultThemeVersion="124226"/>"# };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets><sheet name="形 &amp; 姿" sheetId="1" r:id="rId1"/><sheet name="接頭辞" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#
    )
}

const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>共有</t></si><si><r><rPr><b/></rPr><t>太字</t></r><r><t xml:space="preserve"> と 普通 </t></r></si><si><t>東京都</t><rPh sb="0" eb="3"><t>トウキョウト</t></rPh><phoneticPr fontId="1"/></si><si><t>  trimmed  </t></si><si><t>_x0041__x005F_x0042_&#x3042;&#12354;&amp;</t></si><si><t/></si></sst>"#;

/// The shapes of the format that writers here do not produce, one row each.
const SHEET1: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H30"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>インライン</t></is></c><c r="B2" t="inlineStr"><is><r><t>リッチ</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 文字 </t></r></is></c><c r="C2" t="inlineStr"><is><t><![CDATA[<CDATA> & ]]></t></is></c><c r="D2" t="inlineStr"><is><t>a&#10;b&#x9;c &lt;&gt;&quot;&apos;</t></is></c><c r="E2" t="inlineStr"><v>無視</v><is><t>値</t></is></c><c r="F2" t="inlineStr"><is><t xml:space="preserve">  空白  </t></is></c><c r="G2" t="inlineStr"><is/></c></row>
<row><c><v>1</v></c><c><v>2.5</v></c><c t="n"><v>-3e2</v></c><c r="F3"><v>4</v></c><c><v>5</v></c></row>
<row><c t="b"><v>1</v></c><c t="b"><v>false</v></c><c t="b"><v>TRUE</v></c></row>
<row r="7"><c r="A7" t="e"><v>#REF!</v></c><c r="B7" t="e"><v>#NAME?</v></c><c r="C7" t="e"><v>#NUM!</v></c><c r="D7" t="e"><v>#NULL!</v></c><c r="E7" t="e"><v>#VALUE!</v></c></row>
<row r="8"><c r="A8" t="str"><f>A1&amp;"x"</f><v>共有x</v></c><c r="B8" t="str"><f>B1</f><v>a &amp; b_x000D_c</v></c><c r="C8" t="str"><v></v></c><c r="D8"><f>1+1</f><v>2</v></c><c r="E8" t="str"><f>"&lt;"</f><v>&lt;tag&gt;</v></c></row>
<row r="9"><c r="A9" t="d"><v>2025-04-01T00:00:00</v></c><c r="B9" t="d"><v>2025-04-01</v></c><c r="C9" s="1"><v>45383</v></c><c r="D9" s="2"><v>45383.5</v></c><c r="E9" s="3"><v>45383</v></c><c r="F9" s="4"><v>1.25</v></c><c r="G9" s="9"><v>45383</v></c></row>
<row r="10" spans="1:3"><c r="A10"><v>text without type</v></c><c r="B10"><v/></c><c r="C10" s="1"/><c r="D10" t="s"></c></row>
<row r="11"><c r="A11" t="inlineStr"><is><t>line1
line2</t></is></c><c r="B11" t="inlineStr"><is><t>_xD83D__xDE00_ _xD800_ _x005f_</t></is></c></row>
<row r="12"/>
<row><c r="C13"><v>13</v></c></row>
<row r="20"><c r="A20" t="s"><v>0</v></c><c r="XFD20"><v>1</v></c></row>
</sheetData><mergeCells count="2"><mergeCell ref="A2:B2"/><mergeCell ref="C9:E10"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#;

/// The same elements under a namespace prefix, cells without `r` after one with it.
const SHEET2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>接頭辞</x:t></x:is></x:c><x:c s="1"><x:v>45000</x:v></x:c></x:row><x:row><x:c><x:v>9</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B2:C2"/></x:mergeCells></x:worksheet>"#;

fn zip_parts(parts: &[(&str, &str)]) -> Result<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        out.start_file(*name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))?;
        out.write_all(data.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

fn built(dir: &Path, file: &str, date1904: bool) -> Result<()> {
    let workbook = workbook_xml(date1904);
    let bytes = zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", &workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", SHARED_STRINGS),
        ("xl/worksheets/sheet1.xml", SHEET1),
        ("xl/worksheets/sheet2.xml", SHEET2),
    ])?;
    std::fs::write(dir.join(file), bytes)?;
    Ok(())
}

pub fn write_all(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    cell_types(dir)?;
    built(dir, "cell_shapes.xlsx", false)?;
    built(dir, "cell_types_1904.xlsx", true)?;
    println!("cell fixtures written to {}", dir.display());
    Ok(())
}
