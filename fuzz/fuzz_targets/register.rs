//! Body cells: any UTF-8, split at NUL into prefecture, name and code, through the register's
//! resolution (SPEC §10), alone and as one sheet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku::profile::register::{register, resolve_sheet, Written};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut parts = text.split('\0');
        let (prefecture, organization, code) = (parts.next(), parts.next().unwrap_or(""), parts.next());
        let w = Written { prefecture, organization, code };
        let _ = register().resolve(&w, None);
        let _ = resolve_sheet(&[w, Written { prefecture: None, organization: "伊達市", code: None }]);
    }
});
