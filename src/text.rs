//! Text folding shared by every module that compares what people typed.
//!
//! Names are shown as written, but matching and filtering ignore full/half width and spaces
//! (SPEC §6): `Ａ県　教育委員会` and `A県教育委員会` are the same body. [`fold`] is that
//! comparison key: NFKC, spaces removed, ASCII letters upper-cased.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// The comparison key of `s`: NFKC-normalised, without any white space, ASCII upper-cased.
///
/// ASCII input takes a fast path without allocation when it has nothing to change.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_lowercase()) {
            return Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect());
        }
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.nfkc().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect())
}

/// NFKC of `s` with surrounding white space trimmed, keeping inner spaces (used before
/// parsing dates, where a space separates the date from a time).
pub(crate) fn nfkc_trim(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    if t.is_ascii() {
        Cow::Borrowed(t)
    } else {
        let n: String = t.nfkc().collect();
        Cow::Owned(n.trim().to_owned())
    }
}

/// Folds each distinct string once and numbers the distinct folded keys, so that many items
/// naming the same body, task or system cost one NFKC pass, and keys compare as integers.
#[derive(Debug, Default)]
pub(crate) struct FoldCache<'a> {
    by_raw: foldhash::HashMap<&'a str, u32>,
    by_folded: foldhash::HashMap<String, u32>,
    folded: Vec<String>,
}

impl<'a> FoldCache<'a> {
    /// The number of `s`'s folded key (equal for strings that fold alike).
    pub(crate) fn id(&mut self, s: &'a str) -> u32 {
        if let Some(&id) = self.by_raw.get(s) {
            return id;
        }
        let key = fold(s).into_owned();
        let next = self.folded.len() as u32;
        let id = *self.by_folded.entry(key.clone()).or_insert_with(|| next);
        if id == next {
            self.folded.push(key);
        }
        self.by_raw.insert(s, id);
        id
    }

    /// The folded key of an id given by [`FoldCache::id`].
    pub(crate) fn folded(&self, id: u32) -> &str {
        self.folded.get(id as usize).map(String::as_str).unwrap_or("")
    }
}

/// Whether `haystack` contains `needle` once both are folded.
pub(crate) fn folded_contains(haystack: &str, needle: &str) -> bool {
    let needle = fold(needle);
    needle.is_empty() || fold(haystack).contains(needle.as_ref())
}

/// Whether text is a dash alone, in any of the forms people type for "none" (`-`, `－`, `―`,
/// `ー`, `‐`, `—`, `−`, `ｰ`): an empty date cell, or a body cell meaning the prefecture itself.
/// The one list of dashes.
pub(crate) fn is_dash(t: &str) -> bool {
    matches!(t.trim(), "-" | "－" | "―" | "ー" | "‐" | "—" | "−" | "ｰ" | "–")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_half_width_fold_to_the_same_key() {
        assert_eq!(fold("Ａ県　教育委員会"), fold("A県 教育委員会"));
    }

    #[test]
    fn lower_case_ascii_folds_to_upper_case() {
        assert_eq!(fold("f-3"), "F-3");
    }

    #[test]
    fn half_width_katakana_folds_to_full_width() {
        assert_eq!(fold("ｼｽﾃﾑ"), "システム");
    }

    #[test]
    fn the_fold_cache_gives_one_id_to_strings_that_fold_alike() {
        let mut cache = FoldCache::default();
        let a = cache.id("Ｂ市");
        assert_eq!(cache.id("B 市"), a);
        assert_ne!(cache.id("Ｃ市"), a);
        assert_eq!(cache.folded(a), "B市");
    }

    #[test]
    fn contains_ignores_width_and_spaces() {
        assert!(folded_contains("Ａ県 Ｂ市", "b市"));
        assert!(!folded_contains("Ａ県 Ｂ市", "C市"));
    }
}
