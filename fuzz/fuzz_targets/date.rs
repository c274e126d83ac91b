//! Date cell text: any UTF-8 through `date::parse_text`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = shinchoku::date::parse_text(text);
    }
});
