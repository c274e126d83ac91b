//! CSV/TSV bytes: encoding detection and decoding, then parsing into rows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku::limits::Limits;
use shinchoku::workbook::delimited;

fuzz_target!(|data: &[u8]| {
    let _ = delimited::looks_like_text(data);
    let decoded = delimited::decode(data);
    let _ = delimited::parse(&decoded.text, &Limits::default());
});
