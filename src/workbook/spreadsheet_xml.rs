//! XML Spreadsheet 2003 (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`),
//! which older systems still export with an .xls name: each `<Worksheet>` becomes a sheet;
//! `ss:Index` skips rows and cells, `ss:MergeAcross` / `ss:MergeDown` become merged cells,
//! and `ss:Type="DateTime"` data become dates.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use super::{Cell, Merge, ReadError, Row, Sheet, Value};
use crate::limits::Limits;

/// Columns beyond Excel's last (XFD) are dropped.
const MAX_COLUMNS: u32 = 16_384;
/// Rows beyond Excel's last are dropped.
const MAX_ROWS: u32 = 1_048_576;

/// The value of an attribute by its local name (`ss:Index` → `Index`).
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        let name = key.rsplit(':').next().unwrap_or(key);
        (name == local).then(|| a.value.to_string())
    })
}

fn number(e: &BytesStart<'_>, local: &str) -> Option<u32> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

fn local(e: &BytesStart<'_>) -> String {
    let qname = e.name();
    let name: &str = qname.as_ref();
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

/// Reads every worksheet.
pub(crate) fn sheets(text: &str, limits: &Limits) -> Result<Vec<Sheet<'static>>, ReadError> {
    let corrupt = |detail: String| ReadError::Corrupt { format: super::Format::SpreadsheetXml, detail };
    let mut reader = quick_xml::Reader::from_str(text);
    let mut sheets: Vec<Sheet<'static>> = Vec::new();
    let mut sheet: Option<Sheet<'static>> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<(u32, String, String)> = None; // column, type, text
    let mut in_data = false;
    let mut count: u64 = 0;
    loop {
        let event = reader.read_event().map_err(|e| corrupt(e.to_string()))?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match local(e).as_str() {
                    "Worksheet" => {
                        let name = attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                        sheet =
                            Some(Sheet { name, hidden: false, date1904: false, rows: Vec::new(), merges: Vec::new() });
                        row = 0;
                    }
                    "Row" => {
                        if let Some(i) = number(e, "Index") {
                            row = i.saturating_sub(1).min(MAX_ROWS);
                        }
                        col = 0;
                        if empty {
                            row = row.saturating_add(1);
                        }
                    }
                    "Cell" => {
                        if let Some(i) = number(e, "Index") {
                            col = i.saturating_sub(1).min(MAX_COLUMNS);
                        }
                        let across = number(e, "MergeAcross").unwrap_or(0).min(MAX_COLUMNS);
                        let down = number(e, "MergeDown").unwrap_or(0).min(MAX_ROWS);
                        if let Some(s) = sheet.as_mut() {
                            if across > 0 || down > 0 {
                                s.merges.push(Merge {
                                    first_row: row,
                                    first_col: col,
                                    last_row: row.saturating_add(down),
                                    last_col: col.saturating_add(across),
                                });
                            }
                        }
                        if !empty {
                            cell = Some((col, String::new(), String::new()));
                        }
                        col = col.saturating_add(across + 1);
                    }
                    "Data" => {
                        if let Some((_, kind, _)) = cell.as_mut() {
                            *kind = attr(e, "Type").unwrap_or_default();
                        }
                        in_data = !empty;
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_data => {
                if let Some((_, _, text)) = cell.as_mut() {
                    text.push_str(t.as_ref());
                }
            }
            Event::GeneralRef(r) if in_data => {
                if let Some((_, _, text)) = cell.as_mut() {
                    let name: &str = r.as_ref();
                    super::html::unescape(&format!("&{name};"), text);
                }
            }
            Event::End(ref e) => {
                let qname = e.name();
                let name: &str = qname.as_ref();
                match name.rsplit(':').next().unwrap_or(name) {
                    "Data" => in_data = false,
                    "Cell" => {
                        if let (Some((c, kind, text)), Some(s)) = (cell.take(), sheet.as_mut()) {
                            if text.trim().is_empty() || c >= MAX_COLUMNS {
                                continue;
                            }
                            count += 1;
                            if count > limits.max_cells {
                                return Err(ReadError::TooManyCells { limit: limits.max_cells });
                            }
                            let value = match kind.as_str() {
                                "Number" => {
                                    text.trim().parse().map(Value::Number).unwrap_or(Value::Text(Cow::Owned(text)))
                                }
                                // 2016-06-30T00:00:00.000: the date parser reads it.
                                _ => Value::Text(Cow::Owned(text)),
                            };
                            match s.rows.last_mut() {
                                Some(last) if last.index == row => last.cells.push(Cell { col: c, value }),
                                _ => s.rows.push(Row { index: row, cells: vec![Cell { col: c, value }] }),
                            }
                        }
                    }
                    "Row" => row = row.saturating_add(1),
                    "Worksheet" => {
                        if let Some(mut s) = sheet.take() {
                            s.rows.sort_by_key(|r| r.index);
                            for r in &mut s.rows {
                                r.cells.sort_by_key(|c| c.col);
                            }
                            sheets.push(s);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="F-3">
  <Table>
   <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">地方自治体名</Data></Cell><Cell><Data ss:Type="String">A&amp;B</Data></Cell></Row>
   <Row ss:Index="3"><Cell ss:Index="2"><Data ss:Type="Number">42</Data></Cell><Cell><Data ss:Type="DateTime">2016-06-30T00:00:00.000</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"#;

    #[test]
    fn worksheets_rows_and_cells_are_read_with_their_indices() {
        let s = &sheets(XML, &Limits::default()).unwrap()[0];
        assert_eq!(s.name, "F-3");
        assert_eq!(s.rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(s.rows[0].get(2), Some(&Value::Text("A&B".into())), "a merge across moves the next cell");
        assert_eq!(s.rows[1].get(1), Some(&Value::Number(42.0)));
        // A DateTime cell keeps its ISO text; the date parser reads it (tested in `date`).
        assert_eq!(s.rows[1].get(2), Some(&Value::Text("2016-06-30T00:00:00.000".into())));
    }

    #[test]
    fn merge_across_becomes_a_merge() {
        let s = &sheets(XML, &Limits::default()).unwrap()[0];
        assert_eq!(s.merges, vec![Merge { first_row: 0, first_col: 0, last_row: 0, last_col: 1 }]);
    }

    #[test]
    fn broken_xml_is_reported_as_damaged() {
        assert!(matches!(
            sheets("<Workbook><Worksheet><Table><Row></Cell>", &Limits::default()),
            Err(ReadError::Corrupt { .. })
        ));
    }
}
