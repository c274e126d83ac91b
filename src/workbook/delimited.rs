//! CSV and TSV exports: encoding detection and parsing into a sheet.
//!
//! Government systems export CSV in Shift_JIS (CP932) as often as in UTF-8, and Excel's
//! "Unicode text" is UTF-16 with tabs. The encoding is detected from the bytes: a BOM wins;
//! otherwise valid UTF-8 is UTF-8 and anything else is decoded as Shift_JIS (WHATWG's
//! Shift_JIS, which is CP932). The delimiter is a tab when the first line has more tabs than
//! commas.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Cow;

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};

use super::{Cell, ReadError, Row, Value};
use crate::limits::Limits;

/// Decoded text and what it was decoded from.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    /// Whether some bytes were not valid in that encoding (replaced with U+FFFD).
    pub had_errors: bool,
}

/// Whether `bytes` plausibly hold text rather than binary data.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = bytes.get(..8192).unwrap_or(bytes);
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    controls == 0
}

/// Decodes `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => (enc, bytes.get(bom_len..).unwrap_or_default()),
        None if std::str::from_utf8(bytes).is_ok() => (UTF_8, bytes),
        None => (SHIFT_JIS, bytes),
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    Decoded { text, encoding, had_errors }
}

/// The delimiter of the text: tab when the first non-empty line has more tabs than commas.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let tabs = line.matches('\t').count();
    let commas = line.matches(',').count();
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// The blank lines at byte `start` of `text`, a CRLF counting once (and an LF left over
/// from the CRLF that ended the previous record not counting).
fn leading_blank_lines(text: &str, start: usize) -> u64 {
    let bytes = text.as_bytes();
    let mut i = start;
    if i > 0 && bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut n = 0;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'\r'), Some(b'\n')) => i += 2,
            (Some(b'\r' | b'\n'), _) => i += 1,
            _ => return n,
        }
        n += 1;
    }
}

/// Parses decoded CSV/TSV text into rows of text cells, dropping empty cells.
pub fn parse(text: &str, limits: &Limits) -> Result<Vec<Row<'static>>, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut count: u64 = 0;
    let mut record = csv::StringRecord::new();
    // csv skips blank lines; Excel counts them as rows. A record's position is where the
    // previous one ended, so the line breaks at its start are the blank lines before it.
    let mut next_index: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // A record that is not valid UTF-8 cannot happen on a &str; any other error ends
            // the data (e.g. an unterminated quote at the end of a truncated file).
            Err(_) => break,
        }
        let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        next_index += leading_blank_lines(text, start);
        let index = u32::try_from(next_index).unwrap_or(u32::MAX);
        next_index += 1;
        let mut cells = Vec::new();
        for (col, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            count += 1;
            if count > limits.max_cells {
                return Err(ReadError::TooManyCells { limit: limits.max_cells });
            }
            cells.push(Cell { col: col as u32, value: Value::Text(Cow::Owned(field.to_owned())) });
        }
        if !cells.is_empty() {
            rows.push(Row { index, cells });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row<'_>]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.cells.iter().map(|c| c.value.display(false)).collect()).collect()
    }

    #[test]
    fn utf8_with_bom_decodes_and_drops_the_bom() {
        let d = decode("\u{feff}団体,日付".as_bytes());
        assert_eq!(d.text, "団体,日付");
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn shift_jis_is_detected_when_the_bytes_are_not_utf8() {
        let (bytes, _, _) = SHIFT_JIS.encode("Ａ県,Ｂ市,髙橋");
        let d = decode(&bytes);
        assert_eq!(d.encoding, SHIFT_JIS);
        assert_eq!(d.text, "Ａ県,Ｂ市,髙橋");
        assert!(!d.had_errors);
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("団体\t日付".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&bytes).text, "団体\t日付");
    }

    #[test]
    fn tabs_are_the_delimiter_when_they_outnumber_commas() {
        let rows = parse("a\tb,c\td\n1\t2\t3\n", &Limits::default()).unwrap();
        assert_eq!(texts(&rows), vec![vec!["a", "b,c", "d"], vec!["1", "2", "3"]]);
    }

    #[test]
    fn mixed_line_endings_and_quoted_newlines_read() {
        let rows = parse("a,b\r\nc,\"d\ne\"\rf,g\n", &Limits::default()).unwrap();
        assert_eq!(texts(&rows), vec![vec!["a", "b"], vec!["c", "d\ne"], vec!["f", "g"]]);
    }

    #[test]
    fn blank_lines_keep_row_numbers_as_excel_shows_them() {
        let rows = parse("a\n\n,\nb\n", &Limits::default()).unwrap();
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 3]);
    }

    #[test]
    fn crlf_rows_are_numbered_consecutively() {
        let rows = parse("h1,h2\r\na,b\r\n\r\nc,d\r\n", &Limits::default()).unwrap();
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 1, 3]);
    }

    #[test]
    fn the_cell_limit_stops_parsing() {
        let limits = Limits { max_cells: 3, ..Limits::default() };
        assert!(matches!(parse("a,b\nc,d\n", &limits), Err(ReadError::TooManyCells { .. })));
    }
}
