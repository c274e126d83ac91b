//! Organizations: telling the prefecture's own offices from the municipalities and joint
//! bodies in its area (SPEC §4).
//!
//! An organization is an *own office* when its name is the prefecture's name, or the
//! prefecture's name followed by one of its own organs (`Ａ県教育委員会`). Joint bodies
//! (`…広域連合`, `…一部事務組合`, `…組合`) never are, even when named after the prefecture.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use crate::text::fold;

/// Organs of a prefecture that report as part of its own offices.
const ORGANS: &[&str] = &[
    "教育委員会",
    "警察本部",
    "選挙管理委員会",
    "人事委員会",
    "監査委員",
    "監査委員事務局",
    "議会",
    "議会事務局",
    "企業局",
    "病院局",
    "知事部局",
    "公営企業",
    "水道局",
    "交通局",
    "労働委員会",
    "収用委員会",
    "公安委員会",
    "海区漁業調整委員会",
    "内水面漁場管理委員会",
    "会計管理者",
    "教育庁",
    "警察",
    "本庁",
    "庁",
];

/// Words that make a body a joint body, never an own office.
const JOINT: &[&str] = &["組合", "広域連合", "連合", "協議会", "事務組合"];

/// Whether `organization` is a joint body (一部事務組合, 広域連合, …), never an own office.
pub(crate) fn is_joint_body(organization: &str) -> bool {
    let org = fold(organization);
    JOINT.iter().any(|j| org.contains(j))
}

/// Whether `organization` is one of the prefecture's own offices.
///
/// `prefecture` is the prefecture column's value where the export has one; without it the
/// prefecture is read from the start of the organization's own name.
pub(crate) fn is_own_office(prefecture: Option<&str>, organization: &str) -> bool {
    let org = fold(organization);
    if JOINT.iter().any(|j| org.contains(j)) {
        return false;
    }
    let pref = match prefecture.map(fold).filter(|p| !p.is_empty()) {
        Some(p) => p.into_owned(),
        None => match prefecture_prefix(&org) {
            Some(p) => p.to_owned(),
            None => return false,
        },
    };
    let Some(rest) = org.strip_prefix(pref.as_str()) else { return false };
    rest.is_empty()
        || ORGANS.contains(&rest)
        || ((rest.ends_with("委員会") || rest.ends_with('局') || rest.ends_with("本部"))
            && !rest.contains(['市', '町', '村', '区']))
}

/// Whether a folded name reads as a prefecture (`Ａ県`, `東京都`, `北海道`, `大阪府`).
pub fn looks_like_prefecture(folded: &str) -> bool {
    let n = folded.chars().count();
    (2..=5).contains(&n)
        && folded.ends_with(['県', '府', '都', '道'])
        && !folded.contains(['市', '町', '村', '区'])
        && !folded.contains("組合")
}

/// The prefecture at the start of a folded organization name: up to the first 県 or 府,
/// or 東京都 / 北海道.
pub(crate) fn prefecture_prefix(folded: &str) -> Option<&str> {
    for special in ["東京都", "北海道"] {
        if folded.starts_with(special) {
            return folded.get(..special.len());
        }
    }
    let end = folded.char_indices().take(5).find(|(_, c)| matches!(c, '県' | '府')).map(|(i, c)| i + c.len_utf8())?;
    let prefix = folded.get(..end)?;
    looks_like_prefecture(prefix).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefecture_itself_is_an_own_office() {
        assert!(is_own_office(Some("Ａ県"), "Ａ県"));
    }

    #[test]
    fn the_board_of_education_is_an_own_office() {
        assert!(is_own_office(Some("Ａ県"), "Ａ県教育委員会"));
        assert!(is_own_office(None, "Ａ県 教育委員会"));
        assert!(is_own_office(None, "東京都交通局"));
    }

    #[test]
    fn municipalities_are_not_own_offices() {
        assert!(!is_own_office(Some("Ａ県"), "Ｂ市"));
        assert!(!is_own_office(None, "Ｂ市"));
        assert!(!is_own_office(Some("Ａ県"), "Ａ県Ｂ市"));
    }

    #[test]
    fn joint_bodies_named_after_the_prefecture_are_not_own_offices() {
        assert!(!is_own_office(Some("Ａ県"), "Ａ県後期高齢者医療広域連合"));
        assert!(!is_own_office(Some("Ａ県"), "Ａ県市町村総合事務組合"));
        assert!(!is_own_office(None, "Ａ県競馬組合"));
    }

    #[test]
    fn kyoto_is_read_up_to_its_fu() {
        assert_eq!(prefecture_prefix("京都府教育委員会"), Some("京都府"));
        assert!(is_own_office(None, "京都府教育委員会"));
    }
}
