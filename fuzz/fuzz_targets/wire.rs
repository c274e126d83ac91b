//! The page's worker → page binary formats: any bytes through `wire::decode` (an analysis) and
//! `wire::classification::decode` (a classification) and `wire::history::decode` (a history
//! overview, SPEC §11), which must return `None` on anything
//! malformed (bad magic, lengths and counts past the end, string indices out of the table,
//! unknown tags, invalid UTF-8 or dates, trailing bytes) and never panic, since a panic kills
//! the page's WebAssembly instance. Whatever they accept must encode again and decode to the
//! same value: `decode(&encode(&x))` is `Some(x)`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shinchoku::wire::{classification, decode, encode, history};

fuzz_target!(|data: &[u8]| {
    if let Some(analysis) = decode(data) {
        let again = decode(&encode(&analysis));
        assert!(again.is_some(), "a decoded analysis must decode again after encode");
        assert_eq!(again.as_ref(), Some(&analysis), "a decoded analysis must round-trip unchanged");
    }
    if let Some(c) = classification::decode(data) {
        let again = classification::decode(&classification::encode(&c));
        assert_eq!(again.as_ref(), Some(&c), "a decoded classification must round-trip unchanged");
    }
    if let Some(o) = history::decode(data) {
        let again = history::decode(&history::encode(&o));
        assert_eq!(again.as_ref(), Some(&o), "a decoded history must round-trip unchanged");
    }
});
