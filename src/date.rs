//! Parsing the date cells of an action plan (SPEC §6).
//!
//! A date column may hold an Excel date, a bare serial number, or text written in any of the
//! ways people write dates in Japan: `2016/6/30`, `2016-06-30`, `2016.6.30`, `2016年6月30日`,
//! era dates (`平成28年6月30日`, `H28.6.30`, `R8/3/31`, `令和元年5月1日`), full-width digits, with
//! or without a time part or a weekday. Blank cells and the empty markers (`-`, `未定`, …) mean
//! "not reported"; `対象外` / `該当なし` mark the item not applicable. Anything else is kept as
//! written and flagged, never a panic.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use chrono::{Datelike, NaiveDate};

use crate::text::nfkc_trim;

/// What a date cell says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DateCell {
    /// Blank or an empty marker: nothing reported.
    #[default]
    Empty,
    /// A calendar date.
    Date(NaiveDate),
    /// `対象外` or `該当なし`: the item does not apply to this body.
    NotApplicable,
    /// Text that is neither a date nor an empty marker, kept as written.
    Invalid(String),
}

impl DateCell {
    /// The date, if the cell holds one.
    pub(crate) fn date(&self) -> Option<NaiveDate> {
        match self {
            DateCell::Date(d) => Some(*d),
            _ => None,
        }
    }
}

/// Words that mean "nothing reported" besides a dash ([`crate::text::is_dash`]), compared after
/// NFKC and trimming.
const EMPTY_WORDS: &[&str] = &["未定", "未入力"];
/// The one list of not-applicable words (SPEC §3), for date cells and applicability columns alike.
const NOT_APPLICABLE_MARKERS: &[&str] = &["対象外", "対象外です", "該当なし", "該当無し", "非該当"];

/// Whether text marks something not applicable: 対象外, 該当なし and the like (compared
/// width- and space-insensitively).
pub(crate) fn is_not_applicable(text: &str) -> bool {
    let squeezed: String = nfkc_trim(text).chars().filter(|c| !c.is_whitespace()).collect();
    NOT_APPLICABLE_MARKERS.contains(&squeezed.as_str())
}

/// Whether text (already NFKC and trimmed) is an empty marker: `-`, `未定`, `未入力`, ….
pub(crate) fn is_empty_marker(t: &str) -> bool {
    crate::text::is_dash(t) || EMPTY_WORDS.contains(&t)
}

/// The largest serial Excel can show as a date (9999-12-31).
const MAX_SERIAL: f64 = 2_958_465.0;

/// Converts an Excel serial day number to a date.
///
/// The 1900 system counts from 1899-12-31 as day 0 and keeps Lotus's phantom 1900-02-29
/// (serial 60, which has no date); the 1904 system counts from 1904-01-01. A time of day
/// (the fraction) is dropped. Serials outside Excel's range give `None`.
pub(crate) fn from_serial(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..=MAX_SERIAL).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if date1904 {
        let epoch = NaiveDate::from_ymd_opt(1904, 1, 1)?;
        return epoch.checked_add_signed(chrono::Duration::days(days));
    }
    let (epoch, days) = match days {
        0 => return None,
        60 => return None,
        1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, days),
    };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

/// The Excel serial (1900 system) of a date, as Excel would store it.
pub fn to_serial(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default(); // ok: constant date
    let days = (date - epoch).num_days();
    if days < 61 {
        (days - 1) as f64
    } else {
        days as f64
    }
}

/// Parses the text of a date cell.
pub fn parse_text(raw: &str) -> DateCell {
    let s = nfkc_trim(raw);
    if s.is_empty() || is_empty_marker(&s) {
        return DateCell::Empty;
    }
    let squeezed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if NOT_APPLICABLE_MARKERS.contains(&squeezed.as_str()) {
        return DateCell::NotApplicable;
    }
    // A bare serial day number written as text (CSV exports of date columns): five digits,
    // 1927-05-18 to 2173-10-14, so that a year or a code is never taken for a date.
    if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(d) = s.parse::<f64>().ok().and_then(|n| from_serial(n, false)) {
            return DateCell::Date(d);
        }
    }
    match parse_date(&s) {
        Some(d) => DateCell::Date(d),
        None => DateCell::Invalid(raw.trim().to_owned()),
    }
}

/// The Japanese eras: their names, one-letter abbreviations, and first years.
const ERAS: &[(&str, char, i32)] =
    &[("令和", 'R', 2019), ("平成", 'H', 1989), ("昭和", 'S', 1926), ("大正", 'T', 1912), ("明治", 'M', 1868)];

/// Parses NFKC-normalised date text; `None` when it is not a date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let (era_start, rest) = split_era(s);
    let mut nums: Vec<u32> = Vec::with_capacity(3);
    let mut chars = rest.char_indices().peekable();
    let mut tail = "";
    // Up to three numbers separated by one separator each; 元 stands for year 1 in an era.
    while let Some(&(i, c)) = chars.peek() {
        if nums.len() == 3 {
            tail = rest.get(i..).unwrap_or_default();
            break;
        }
        if c.is_ascii_digit() {
            let mut v: u32 = 0;
            let mut len = 0;
            while let Some(&(_, d)) = chars.peek() {
                let Some(digit) = d.to_digit(10) else { break };
                if len >= 8 {
                    return None;
                }
                v = v * 10 + digit;
                len += 1;
                chars.next();
            }
            if nums.is_empty() && len == 8 && era_start.is_none() {
                // 20160630
                nums.extend([v / 10000, v / 100 % 100, v % 100]);
                continue;
            }
            nums.push(v);
        } else if c == '元' && nums.is_empty() && era_start.is_some() {
            nums.push(1);
            chars.next();
        } else {
            return None;
        }
        // One separator after each number but the last.
        match chars.peek() {
            Some(&(_, '/' | '-' | '.' | '年' | '月')) if nums.len() < 3 => {
                chars.next();
            }
            Some(&(i, _)) if nums.len() == 3 => {
                tail = rest.get(i..).unwrap_or_default();
                break;
            }
            Some(_) => return None,
            None => {}
        }
    }
    let &[first, month, day] = nums.as_slice() else { return None };
    if !is_acceptable_tail(tail) {
        return None;
    }
    let year = match era_start {
        Some(start) => {
            if first == 0 || first > 99 {
                return None;
            }
            start + first as i32 - 1
        }
        None if (1000..=9999).contains(&first) => first as i32,
        None => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    debug_assert_eq!(date.year(), year);
    Some(date)
}

/// Splits a leading era name or letter off `s`, giving the era's first year.
fn split_era(s: &str) -> (Option<i32>, &str) {
    for &(name, letter, start) in ERAS {
        if let Some(rest) = s.strip_prefix(name) {
            return (Some(start), rest.trim_start());
        }
        let mut cs = s.chars();
        if let Some(c) = cs.next() {
            if c.to_ascii_uppercase() == letter {
                let rest = cs.as_str();
                if rest.starts_with(|c: char| c.is_ascii_digit() || c == '元') {
                    return (Some(start), rest);
                }
            }
        }
    }
    (None, s)
}

/// What may follow a complete date: nothing, `日`, a time part, a weekday, or `T` + time.
fn is_acceptable_tail(tail: &str) -> bool {
    let mut t = tail.strip_prefix('日').unwrap_or(tail).trim();
    // A weekday such as (木) or （木） (NFKC turns the latter into the former).
    if let Some(rest) = t.strip_prefix('(') {
        match rest.split_once(')') {
            Some((weekday, after)) if weekday.chars().count() <= 3 => t = after.trim(),
            _ => return false,
        }
    }
    let t = t.strip_prefix('T').unwrap_or(t);
    t.is_empty() || is_time(t)
}

/// `9:00`, `09:00:00`, `09:00:00.000`, optionally with a zone suffix, as exports write times.
fn is_time(t: &str) -> bool {
    let core = t.trim_end_matches(['Z', 'z']);
    let core = core.split_once('+').map_or(core, |(before, _)| before);
    let mut parts = core.split(':');
    let Some(h) = parts.next() else { return false };
    let Some(m) = parts.next() else { return false };
    let ok_num =
        |p: &str, max: u32| !p.is_empty() && p.len() <= 2 && p.parse::<u32>().map(|v| v <= max).unwrap_or(false);
    if !ok_num(h, 24) || !ok_num(m, 59) {
        return false;
    }
    match parts.next() {
        None => true,
        Some(s) => {
            let sec = s.split('.').next().unwrap_or("");
            ok_num(sec, 60) && parts.next().is_none()
        }
    }
}

/// The date (時点) a sheet's name gives its data (SPEC §11): `令和8年1月_進捗状況` → the last day
/// of that month (2026-01-31), `2026年1月15日` → that date; era or Western years, full width or
/// not. `None` when the name names no month.
pub fn date_in_sheet_name(name: &str) -> Option<NaiveDate> {
    let s = nfkc_trim(name);
    named_dates(&s).first().map(|n| n.date)
}

/// The date (時点) a title cell gives its sheet (SPEC §11): a month or a full date marked 時点 or
/// 現在 (`（令和8年1月時点）`, `2026年1月末時点`, `令和8年1月15日現在`) → the month's last day or that
/// date; a cell holding nothing but a date (`令和8年1月15日`, in brackets or not) → that date.
/// A date in running text without the mark (`令和8年3月31日までに移行`) names no 時点: `None`.
pub fn date_in_title(text: &str) -> Option<NaiveDate> {
    let s = nfkc_trim(text);
    named_dates(&s)
        .into_iter()
        .find(|n| {
            let after = n.after.trim_start();
            let after = after.strip_prefix("末日").or_else(|| after.strip_prefix('末')).unwrap_or(after).trim_start();
            let marked = after.starts_with("時点") || after.starts_with("現在");
            let bare = |t: &str| t.chars().all(|c| c.is_whitespace() || "()[]【】「」<>〈〉《》".contains(c));
            marked || (bare(n.before) && bare(after))
        })
        .map(|n| n.date)
}

/// A year and month (and perhaps a day) written in Japanese within some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Named<'a> {
    /// The day, or the last day of the month where no day is written.
    date: NaiveDate,
    before: &'a str,
    after: &'a str,
}

/// Every `[era]Y年M月[D日]` (or `Y/M/D`, `Y-M-D`, `Y.M.D`) in NFKC text, left to right (a Western year has four digits; an era
/// year 1–99 or 元).
fn named_dates(s: &str) -> Vec<Named<'_>> {
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in s.char_indices() {
        let starts_word = !previous.is_some_and(|p| p.is_ascii_alphanumeric());
        previous = Some(c);
        if !starts_word {
            continue;
        }
        let (Some(before), Some(rest)) = (s.get(..i), s.get(i..)) else { continue };
        if let Some((date, len)) = named_at(rest) {
            out.push(Named { date, before, after: rest.get(len..).unwrap_or_default() });
        }
    }
    out
}

/// The leading ASCII digits of `s` (at most `max`) as a number, and the rest.
fn leading_number(s: &str, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > max {
        return None;
    }
    Some((s.get(..n)?.parse().ok()?, s.get(n..)?))
}

/// A `[era]Y年M月[D日]` at the start of `s`: its date and its length in bytes.
fn named_at(s: &str) -> Option<(NaiveDate, usize)> {
    let (era, body) = split_era(s);
    let (year, rest) = match era {
        Some(start) => {
            let (n, rest) = match body.strip_prefix('元') {
                Some(rest) => (1, rest),
                None => leading_number(body, 2)?,
            };
            if n == 0 {
                return None;
            }
            (start + n as i32 - 1, rest)
        }
        None => {
            let (n, rest) = leading_number(body, 4)?;
            if !(1000..=9999).contains(&n) {
                return None;
            }
            (n as i32, rest)
        }
    };
    // `2026/1/31`, `2026-01-31`, `R8.1.31`: a full date with one separator throughout.
    if let Some(sep) = rest.chars().next().filter(|c| matches!(c, '/' | '-' | '.')) {
        let (month, after) = leading_number(rest.get(sep.len_utf8()..)?, 2)?;
        let (day, after) = leading_number(after.strip_prefix(sep)?, 2)?;
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, s.len() - after.len()));
    }
    let rest = rest.trim_start().strip_prefix('年')?.trim_start();
    let (month, rest) = leading_number(rest, 2)?;
    let rest = rest.trim_start().strip_prefix('月')?;
    let day = leading_number(rest.trim_start(), 2)
        .and_then(|(d, after)| after.trim_start().strip_prefix('日').map(|after| (d, after)));
    let (date, rest) = match day {
        Some((d, after)) => (NaiveDate::from_ymd_opt(year, month, d)?, after),
        None => (last_day_of_month(year, month)?, rest),
    };
    Some((date, s.len() - rest.len()))
}

/// The last day of a month.
pub(crate) fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year.checked_add(1)?, 1) } else { (year, month.checked_add(1)?) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt().filter(|d| d.month() == month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> DateCell {
        DateCell::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    fn ymd(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn a_sheet_named_for_a_month_is_dated_the_last_day_of_that_month() {
        assert_eq!(date_in_sheet_name("令和8年1月_進捗状況"), ymd(2026, 1, 31));
        assert_eq!(date_in_sheet_name("令和7年12月_進捗状況"), ymd(2025, 12, 31));
        assert_eq!(date_in_sheet_name("令和8年2月_進捗状況"), ymd(2026, 2, 28));
    }

    #[test]
    fn reiwa_n_is_2018_plus_n_and_gannen_is_2019() {
        assert_eq!(date_in_sheet_name("令和12年3月"), ymd(2030, 3, 31));
        assert_eq!(date_in_sheet_name("令和元年5月"), ymd(2019, 5, 31));
    }

    #[test]
    fn a_sheet_name_in_full_width_digits_is_dated_alike() {
        assert_eq!(date_in_sheet_name("令和８年１月_進捗状況"), ymd(2026, 1, 31));
        assert_eq!(date_in_sheet_name("２０２６年１月"), ymd(2026, 1, 31));
    }

    #[test]
    fn a_sheet_name_without_a_month_names_no_date() {
        for name in ["業務別ステップ別進捗一覧", "完了率", "令和7年度末", "Sheet1", "2026", "R8", "2026-1", "2026/13/1"]
        {
            assert_eq!(date_in_sheet_name(name), None, "{name}");
        }
    }

    #[test]
    fn a_title_marked_jiten_names_the_month_end() {
        assert_eq!(date_in_title("（令和8年1月時点）"), ymd(2026, 1, 31));
        assert_eq!(date_in_title("進捗状況（令和８年１月末時点）"), ymd(2026, 1, 31));
        assert_eq!(date_in_title("2026年1月末時点"), ymd(2026, 1, 31));
        assert_eq!(date_in_title("２０２６年１月末時点"), ymd(2026, 1, 31));
    }

    #[test]
    fn a_title_with_a_full_date_names_that_date() {
        assert_eq!(date_in_title("2026年1月15日時点"), ymd(2026, 1, 15));
        assert_eq!(date_in_title("令和8年1月15日"), ymd(2026, 1, 15));
        assert_eq!(date_in_title("（令和８年１月１５日現在）"), ymd(2026, 1, 15));
    }

    #[test]
    fn a_title_with_a_date_written_with_slashes_or_as_month_end_day_names_it() {
        assert_eq!(date_in_title("（2026/1/31時点）"), ymd(2026, 1, 31));
        assert_eq!(date_in_title("２０２６－０１－１５ 現在"), ymd(2026, 1, 15));
        assert_eq!(date_in_title("R8.1.31時点"), ymd(2026, 1, 31));
        assert_eq!(date_in_title("令和8年1月末日時点"), ymd(2026, 1, 31));
    }

    #[test]
    fn a_date_in_running_text_without_jiten_is_no_title_date() {
        for text in [
            "令和8年3月31日までに移行を完了する",
            "令和7年度末",
            "標準化 業務別完了率一覧",
            "2026年1月分の報告について",
        ] {
            assert_eq!(date_in_title(text), None, "{text}");
        }
    }

    #[test]
    fn an_impossible_date_names_nothing() {
        assert_eq!(date_in_title("令和8年2月30日時点"), None);
        assert_eq!(date_in_sheet_name("令和8年13月"), None);
        assert_eq!(date_in_sheet_name("令和0年1月"), None);
    }

    #[test]
    fn a_longer_number_is_not_read_as_a_year() {
        assert_eq!(date_in_sheet_name("120261年1月"), None);
        assert_eq!(date_in_sheet_name("No12026年1月"), None);
    }

    #[test]
    fn slash_dash_dot_and_kanji_separators_all_read() {
        for s in ["2016/6/30", "2016-06-30", "2016.6.30", "2016年6月30日", "2016/06/30"] {
            assert_eq!(parse_text(s), d(2016, 6, 30), "{s}");
        }
    }

    #[test]
    fn a_time_part_is_dropped() {
        assert_eq!(parse_text("2016/6/30 0:00"), d(2016, 6, 30));
        assert_eq!(parse_text("2016-06-30T00:00:00"), d(2016, 6, 30));
        assert_eq!(parse_text("2016-06-30 12:34:56.789"), d(2016, 6, 30));
    }

    #[test]
    fn era_dates_read_in_all_spellings() {
        assert_eq!(parse_text("平成28年6月30日"), d(2016, 6, 30));
        assert_eq!(parse_text("H28.6.30"), d(2016, 6, 30));
        assert_eq!(parse_text("h28/6/30"), d(2016, 6, 30));
        assert_eq!(parse_text("R8/3/31"), d(2026, 3, 31));
        assert_eq!(parse_text("令和元年5月1日"), d(2019, 5, 1));
        assert_eq!(parse_text("昭和64年1月7日"), d(1989, 1, 7));
        assert_eq!(parse_text("大正1年7月30日"), d(1912, 7, 30));
        assert_eq!(parse_text("明治45年7月29日"), d(1912, 7, 29));
    }

    #[test]
    fn full_width_digits_and_separators_read() {
        assert_eq!(parse_text("２０１６／６／３０"), d(2016, 6, 30));
        assert_eq!(parse_text("Ｈ２８．６．３０"), d(2016, 6, 30));
    }

    #[test]
    fn a_weekday_after_the_date_is_allowed() {
        assert_eq!(parse_text("2016/6/30(木)"), d(2016, 6, 30));
        assert_eq!(parse_text("2016年6月30日（木）"), d(2016, 6, 30));
    }

    #[test]
    fn a_five_digit_serial_written_as_text_reads() {
        assert_eq!(parse_text("42551"), d(2016, 6, 30));
        assert_eq!(parse_text("2016"), DateCell::Invalid("2016".into()));
    }

    #[test]
    fn compact_yyyymmdd_reads() {
        assert_eq!(parse_text("20160630"), d(2016, 6, 30));
    }

    #[test]
    fn empty_markers_mean_nothing_reported() {
        for s in ["", "  ", "-", "－", "―", "ー", "未定", "未入力"] {
            assert_eq!(parse_text(s), DateCell::Empty, "{s:?}");
        }
    }

    #[test]
    fn not_applicable_markers_are_recognised() {
        assert_eq!(parse_text("対象外"), DateCell::NotApplicable);
        assert_eq!(parse_text("該当なし"), DateCell::NotApplicable);
    }

    #[test]
    fn anything_else_is_invalid_and_kept_as_written() {
        for s in ["6月末", "2016/13/1", "2016/2/30", "調整中", "H28", "2016/6", "99999/1/1", "H0.1.1"] {
            assert_eq!(parse_text(s), DateCell::Invalid(s.to_owned()), "{s}");
        }
    }

    #[test]
    fn serials_follow_excel_1900_and_1904_systems() {
        assert_eq!(from_serial(42551.0, false), NaiveDate::from_ymd_opt(2016, 6, 30));
        assert_eq!(from_serial(42551.75, false), NaiveDate::from_ymd_opt(2016, 6, 30));
        assert_eq!(from_serial(1.0, false), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(from_serial(61.0, false), NaiveDate::from_ymd_opt(1900, 3, 1));
        assert_eq!(from_serial(60.0, false), None);
        assert_eq!(from_serial(41089.0, true), NaiveDate::from_ymd_opt(2016, 6, 30));
        assert_eq!(from_serial(-1.0, false), None);
        assert_eq!(from_serial(f64::NAN, false), None);
        assert_eq!(from_serial(1e12, false), None);
    }

    #[test]
    fn to_serial_inverts_from_serial() {
        for s in [1.0, 59.0, 61.0, 42551.0] {
            assert_eq!(to_serial(from_serial(s, false).unwrap()), s);
        }
    }
}
