//! Date text: any UTF-8 through `date::parse_text` (a date cell) and through the readers of a
//! file's date (時点) in a sheet name or a title cell.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = shinchoku::date::parse_text(text);
        let _ = shinchoku::date::date_in_sheet_name(text);
        let _ = shinchoku::date::date_in_title(text);
    }
});
