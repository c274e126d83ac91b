//! HTML tables saved with a spreadsheet name (`回答結果.xls` that is really a web page), as
//! many government systems export them: each top-level `<table>` becomes a sheet, `colspan` and
//! `rowspan` become merged cells, so the layout detector reads them like a workbook.
//!
//! The tokenizer is deliberately small: tags, attributes, comments, character references,
//! `<br>`; `<script>` and `<style>` content is skipped. The encoding comes from a BOM, a
//! `<meta charset>` or, failing both, the bytes (UTF-8 if valid, else Shift_JIS).

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Cow;

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};

use super::{Cell, Merge, ReadError, Row, Sheet, Value};
use crate::limits::Limits;

/// Largest `colspan` / `rowspan` honoured (HTML's own limits are 1000 and 65534).
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65_534;
/// Columns beyond Excel's last (XFD) are dropped.
const MAX_COLUMNS: u32 = 16_384;

/// Decodes an HTML file's bytes, honouring a BOM or a declared charset.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default()).0;
    }
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes)).to_ascii_lowercase();
    let declared = head.split_once("charset=").and_then(|(_, after)| {
        let label: String = after
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        Encoding::for_label(label.as_bytes())
    });
    let encoding = match declared {
        Some(enc) => enc,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => SHIFT_JIS,
    };
    encoding.decode_without_bom_handling(bytes).0
}

/// `text[range]`, or "" where the range is no slice of `text` (the offsets here come from `find`
/// and so always are).
fn part<R: std::slice::SliceIndex<str, Output = str>>(text: &str, range: R) -> &str {
    text.get(range).unwrap_or_default()
}

/// One tag as the tokenizer sees it.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
}

/// The value of a numeric attribute such as `colspan="3"`.
fn span(attrs: &str, name: &str, max: u32) -> u32 {
    let lower = attrs.to_ascii_lowercase();
    let Some((_, rest)) = lower.split_once(name) else { return 1 };
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix('=') else { return 1 };
    let digits: String =
        rest.trim_start().trim_start_matches(['"', '\'']).chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u32>().unwrap_or(1).clamp(1, max)
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, `&#NN;` and `&#xNN;`.
pub(crate) fn unescape(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('&') {
        out.push_str(before);
        // A name of up to nine bytes between `&` and `;`.
        let decoded = after.split_once(';').filter(|(name, _)| name.len() <= 9).and_then(|(name, tail)| {
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, tail))
        });
        match decoded {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Reads every top-level table of the page as a sheet. A sheet is named after the text just
/// before its table (a title such as `F-3 既存業務システムの改修…`), else `Table1`, `Table2`, ….
pub(crate) fn sheets(html: &str, limits: &Limits) -> Result<Vec<Sheet<'static>>, ReadError> {
    let mut sheets = Vec::new();
    let mut builder: Option<TableBuilder> = None;
    // Text outside tables since the last table: the next table's title.
    let mut outside = String::new();
    let mut depth = 0usize; // nesting of <table>
    let mut pos = 0usize;
    let mut cells: u64 = 0;
    while pos < html.len() {
        let Some(lt) = part(html, pos..).find('<').map(|i| pos + i) else {
            if let Some(b) = builder.as_mut() {
                b.text(part(html, pos..));
            }
            break;
        };
        match builder.as_mut() {
            Some(b) => b.text(part(html, pos..lt)),
            None => {
                if outside.len() < 4096 {
                    unescape(part(html, pos..lt), &mut outside);
                }
            }
        }
        if part(html, lt..).starts_with("<!--") {
            pos = part(html, lt..).find("-->").map(|i| lt + i + 3).unwrap_or(html.len());
            continue;
        }
        let Some(gt) = part(html, lt..).find('>').map(|i| lt + i) else { break };
        let tag = parse_tag(part(html, lt + 1..gt));
        pos = gt + 1;
        let Some(tag) = tag else {
            if let Some(b) = builder.as_mut() {
                b.text("<");
            }
            pos = lt + 1;
            continue;
        };
        match (tag.name.as_str(), tag.closing) {
            ("script" | "style", false) => {
                let close = format!("</{}", tag.name);
                pos = part(html, pos..).to_ascii_lowercase().find(&close).map(|i| pos + i).unwrap_or(html.len());
            }
            ("table", false) => {
                depth += 1;
                if depth == 1 {
                    let title = outside.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or("");
                    let title: String = title.chars().take(100).collect();
                    builder = Some(TableBuilder { title, ..TableBuilder::default() });
                    outside.clear();
                }
            }
            ("table", true) => {
                if depth == 1 {
                    if let Some(b) = builder.take() {
                        let index = sheets.len() + 1;
                        sheets.push(b.finish(index));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            ("tr", false) if depth == 1 => {
                if let Some(b) = builder.as_mut() {
                    b.end_cell();
                    b.row += u32::from(b.row_started);
                    b.row_started = true;
                    b.col = 0;
                }
            }
            ("td" | "th", false) if depth == 1 => {
                if let Some(b) = builder.as_mut() {
                    cells += 1;
                    if cells > limits.max_cells {
                        return Err(ReadError::TooManyCells { limit: limits.max_cells });
                    }
                    b.start_cell(span(tag.attrs, "colspan", MAX_COLSPAN), span(tag.attrs, "rowspan", MAX_ROWSPAN));
                }
            }
            ("td" | "th", true) if depth == 1 => {
                if let Some(b) = builder.as_mut() {
                    b.end_cell();
                }
            }
            ("br", _) | ("p", _) | ("div", _) | ("h1" | "h2" | "h3" | "h4", _) => match builder.as_mut() {
                Some(b) => b.text("\n"),
                None => outside.push('\n'),
            },
            _ => {}
        }
    }
    if let Some(b) = builder.take() {
        let index = sheets.len() + 1;
        sheets.push(b.finish(index));
    }
    Ok(sheets)
}

fn parse_tag(inner: &str) -> Option<Tag<'_>> {
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    if name_len == 0 {
        // `<!doctype>`, `<?xml?>` and stray `<` are not tags we read.
        return (rest.starts_with('!') || rest.starts_with('?')).then(|| Tag {
            name: String::new(),
            closing,
            attrs: "",
        });
    }
    let (name, attrs) = rest.split_at_checked(name_len)?;
    Some(Tag { name: name.to_ascii_lowercase(), closing, attrs })
}

/// Places cells on a grid, honouring rowspans from rows above.
#[derive(Default)]
struct TableBuilder {
    /// The text just before the table.
    title: String,
    row: u32,
    row_started: bool,
    col: u32,
    /// Per column, the first row not taken by a rowspan from above.
    busy_until: Vec<u32>,
    open: Option<(u32, u32, String)>,
    rows: Vec<Row<'static>>,
    merges: Vec<Merge>,
}

impl TableBuilder {
    fn text(&mut self, s: &str) {
        if let Some((_, _, text)) = self.open.as_mut() {
            unescape(s, text);
        }
    }

    fn start_cell(&mut self, colspan: u32, rowspan: u32) {
        self.end_cell();
        self.row_started = true;
        while self.busy_until.get(self.col as usize).is_some_and(|&until| until > self.row) {
            self.col += 1;
        }
        let (r, c) = (self.row, self.col);
        if c >= MAX_COLUMNS {
            return;
        }
        let colspan = colspan.min(MAX_COLUMNS - c);
        if colspan > 1 || rowspan > 1 {
            self.merges.push(Merge {
                first_row: r,
                first_col: c,
                last_row: r.saturating_add(rowspan - 1),
                last_col: c + colspan - 1,
            });
        }
        if rowspan > 1 {
            let end = (c + colspan) as usize;
            if self.busy_until.len() < end {
                self.busy_until.resize(end, 0);
            }
            for until in self.busy_until.get_mut(c as usize..end).into_iter().flatten() {
                *until = r.saturating_add(rowspan);
            }
        }
        self.open = Some((r, c, String::new()));
        self.col = c + colspan;
    }

    fn end_cell(&mut self) {
        let Some((r, c, text)) = self.open.take() else { return };
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return;
        }
        let cell = Cell { col: c, value: Value::Text(Cow::Owned(text)) };
        match self.rows.last_mut() {
            Some(last) if last.index == r => last.cells.push(cell),
            _ => self.rows.push(Row { index: r, cells: vec![cell] }),
        }
    }

    fn finish(mut self, index: usize) -> Sheet<'static> {
        self.end_cell();
        let name = if self.title.is_empty() { format!("Table{index}") } else { self.title };
        for row in &mut self.rows {
            row.cells.sort_by_key(|c| c.col);
        }
        Sheet { name, hidden: false, date1904: false, rows: self.rows, merges: self.merges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &Sheet<'_>) -> Vec<(u32, u32, String)> {
        sheet.rows.iter().flat_map(|r| r.cells.iter().map(move |c| (r.index, c.col, c.value.display(false)))).collect()
    }

    #[test]
    fn a_table_becomes_a_sheet_of_text_cells() {
        let s = sheets("<table><tr><td>団体名</td><td>Ｂ市</td></tr><tr><td>x</td></tr></table>", &Limits::default())
            .unwrap();
        assert_eq!(texts(&s[0]), vec![(0, 0, "団体名".into()), (0, 1, "Ｂ市".into()), (1, 0, "x".into())]);
    }

    #[test]
    fn colspan_and_rowspan_become_merges_and_shift_later_cells() {
        let html = "<table><tr><th rowspan=2>団体</th><th colspan='2'>予定</th></tr><tr><th>開始日</th><th>終了日</th></tr></table>";
        let s = &sheets(html, &Limits::default()).unwrap()[0];
        assert_eq!(
            s.merges,
            vec![
                Merge { first_row: 0, first_col: 0, last_row: 1, last_col: 0 },
                Merge { first_row: 0, first_col: 1, last_row: 0, last_col: 2 },
            ]
        );
        assert_eq!(texts(s)[2..], [(1, 1, "開始日".into()), (1, 2, "終了日".into())]);
    }

    #[test]
    fn character_references_are_decoded_and_markup_is_not_text() {
        let s = &sheets(
            "<table><tr><td>A&amp;B &#x3042;&lt;<b>x</b><script>bad()</script></td></tr></table>",
            &Limits::default(),
        )
        .unwrap()[0];
        assert_eq!(texts(s), vec![(0, 0, "A&B あ<x".into())]);
    }

    #[test]
    fn a_declared_shift_jis_charset_is_honoured() {
        let (bytes, _, _) = SHIFT_JIS.encode("<meta charset=\"Shift_JIS\"><table><tr><td>団体</td></tr></table>");
        assert!(decode(&bytes).contains("団体"));
    }

    #[test]
    fn every_top_level_table_is_a_sheet_and_nested_tables_stay_inside() {
        let html =
            "<table><tr><td>a<table><tr><td>in</td></tr></table></td></tr></table><table><tr><td>b</td></tr></table>";
        let s = sheets(html, &Limits::default()).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].name, "Table2");
    }

    #[test]
    fn a_table_is_named_after_the_title_before_it() {
        let s = sheets("<h2>F-3 既存業務システムの改修</h2><table><tr><td>x</td></tr></table>", &Limits::default())
            .unwrap();
        assert_eq!(s[0].name, "F-3 既存業務システムの改修");
    }

    #[test]
    fn a_huge_rowspan_is_bounded() {
        let s =
            sheets("<table><tr><td rowspan=99999999 colspan=99999>x</td></tr></table>", &Limits::default()).unwrap();
        assert_eq!(s[0].merges[0].last_col, MAX_COLSPAN - 1);
    }
}
