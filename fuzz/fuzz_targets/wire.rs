//! The page's worker → page binary format: any bytes through `wire::decode`, which must return
//! `None` on anything malformed (bad magic, lengths and counts past the end, string indices out
//! of the table, unknown tags, invalid UTF-8 or dates, trailing bytes) and never panic, since a
//! panic kills the page's WebAssembly instance. Whatever it accepts must encode again and
//! decode to the same analysis: `decode(&encode(&a))` is `Some(a)`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku::wire::{decode, encode};

fuzz_target!(|data: &[u8]| {
    if let Some(analysis) = decode(data) {
        let again = decode(&encode(&analysis));
        assert!(again.is_some(), "a decoded analysis must decode again after encode");
        assert_eq!(again.as_ref(), Some(&analysis), "a decoded analysis must round-trip unchanged");
    }
});
