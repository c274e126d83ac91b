//! The register of Japan's local public bodies (SPEC §10): the 47 prefectures and the 1,741
//! municipalities with their 全国地方公共団体コード, and the one resolution of a body as a file
//! writes it (a code, a name, a prefecture) to the body it means.
//!
//! The data is `register/data.csv` (provenance and how to refresh it in `register/README.md`),
//! embedded and indexed once on first use. [`Register::resolve`] is SPEC §10's resolution, first
//! match wins: a code in any form (6 digits whose check digit holds, 5 digits, a number that
//! lost its leading zero, full width); a name that begins with a prefecture (北海道札幌市, a 郡
//! between them dropped; 岩手県 alone); a name beside a prefecture column; a name unique in
//! Japan; a shared name (伊達市) in the sheet's prefecture when every other body of the sheet
//! lies in one ([`resolve_sheet`]). A code and a name naming different bodies: the code wins,
//! noted [`BodyNote::CodeNameMismatch`]. Under a prefecture the register does not know (the
//! seed's Ａ県) a body is taken as written with no note; so are a prefecture's own offices and
//! joint bodies, which are not in the register by nature.
//!
//! [`resolve_rows`] applies it to the rows one sheet gave (items, system reports,
//! designations), each distinct body once.

// No panic on input (ARCHITECTURE.md, Invariants): checked by clippy, not argued.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use crate::item::{BodyNote, Item};
use crate::organization::{is_joint_body, is_own_office};
use crate::profile::heading_core;
use crate::system::{Designation, SystemReport, Systems};
use crate::text::fold;

/// The register's data as shipped (`code,prefecture,city,prefecture_kana,city_kana`).
const DATA: &str = include_str!("register/data.csv");

/// One body of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The 6-digit 全国地方公共団体コード (check digit included).
    pub code: &'static str,
    pub prefecture: &'static str,
    /// The municipality's name; the prefecture's own name for a prefecture.
    pub name: &'static str,
    /// Half-width kana of the name (of the prefecture, for a prefecture).
    pub kana: &'static str,
    /// The prefecture's number, 1 (北海道) to 47 (沖縄県): the code's first two digits.
    pub prefecture_number: u8,
    /// A prefecture's own row.
    pub is_prefecture: bool,
}

/// The register, indexed.
#[derive(Debug, Default)]
pub struct Register {
    entries: Vec<Entry>,
    /// The code's first five digits as a number → entry.
    by_code5: HashMap<u32, u32>,
    /// Prefecture number → its own entry.
    prefecture_entry: HashMap<u8, u32>,
    /// Each prefecture's folded full name (北海道, 東京都, 岩手県) and number, for prefixes.
    prefecture_names: Vec<(String, u8)>,
    /// Folded full and short names (岩手県, 岩手) → prefecture number, for a prefecture column.
    prefecture_by_name: HashMap<String, u8>,
    /// (prefecture number, folded municipal name) → entry.
    by_prefecture_and_name: HashMap<(u8, String), u32>,
    /// Folded municipal name → entries (more than one for a shared name).
    by_name: HashMap<String, Vec<u32>>,
}

/// The comparison key of a name: [`fold`], with the small ヶ/ヵ read as ケ/カ (鎌ケ谷市 is also
/// written 鎌ヶ谷市).
fn key(s: &str) -> String {
    let folded = fold(s);
    if folded.contains(['ヶ', 'ヵ']) {
        folded.replace('ヶ', "ケ").replace('ヵ', "カ")
    } else {
        folded.into_owned()
    }
}

/// The JIS X 0402 check digit of a 5-digit code: 11 minus the weighted sum (6, 5, 4, 3, 2)
/// modulo 11, its last digit (a remainder of 0 gives 1, of 1 gives 0).
pub fn check_digit(five: &[u8; 5]) -> u8 {
    let sum: u32 = five.iter().zip([6u32, 5, 4, 3, 2]).map(|(d, w)| u32::from(*d) * w).sum();
    ((11 - sum % 11) % 10) as u8
}

/// The digits of a code cell (full width folded, hyphens between digits dropped: `01100-2`);
/// `None` when it holds anything else.
fn digits(cell: &str) -> Option<Vec<u8>> {
    let folded = fold(cell);
    let t = folded.strip_suffix(".0").unwrap_or(&folded).replace('-', "");
    let t = t.as_str();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(t.bytes().map(|b| b - b'0').collect())
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |n, d| n.saturating_mul(10).saturating_add(u32::from(*d)))
}

/// What a code cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Codes {
    /// The bodies the code may mean (two where five digits read both as a code without its check
    /// digit and as a six-digit code that lost its leading zero).
    Found(Vec<u32>),
    /// A code the register lacks, or no code at all.
    Unknown,
}

/// What a name names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Named {
    Body(u32),
    /// A name several municipalities share, with no prefecture to tell them apart.
    Shared(Vec<u32>),
    /// Not in the register; `Some` prefecture where the row names a real one.
    NotFound(Option<u8>),
}

/// A body as a row writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written<'a> {
    pub prefecture: Option<&'a str>,
    pub organization: &'a str,
    pub code: Option<&'a str>,
}

/// What resolution says of a body as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resolved {
    /// The register's entry (index for [`Register::entry`]); `None`: keep the body as written.
    pub body: Option<u32>,
    pub note: Option<BodyNote>,
}

impl Register {
    fn parse(data: &'static str) -> Register {
        let mut r = Register::default();
        for line in data.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(code), Some(prefecture), Some(city), Some(prefecture_kana), city_kana) =
                (f.next(), f.next(), f.next(), f.next(), f.next().unwrap_or(""))
            else {
                continue;
            };
            let Some(d) = digits(code).filter(|d| d.len() == 6) else { continue };
            let prefecture_number = u8::try_from(number(d.get(..2).unwrap_or(&[]))).unwrap_or(0);
            let is_prefecture = city.is_empty();
            let i = r.entries.len() as u32;
            r.entries.push(Entry {
                code,
                prefecture,
                name: if is_prefecture { prefecture } else { city },
                kana: if is_prefecture { prefecture_kana } else { city_kana },
                prefecture_number,
                is_prefecture,
            });
            r.by_code5.insert(number(d.get(..5).unwrap_or(&[])), i);
            if is_prefecture {
                let full = key(prefecture);
                r.prefecture_entry.insert(prefecture_number, i);
                r.prefecture_by_name.insert(full.clone(), prefecture_number);
                if let Some(short) = full.strip_suffix(['県', '府', '都']).filter(|s| s.chars().count() >= 2) {
                    r.prefecture_by_name.insert(short.to_owned(), prefecture_number);
                }
                r.prefecture_names.push((full, prefecture_number));
            } else {
                let name = key(city);
                r.by_prefecture_and_name.insert((prefecture_number, name.clone()), i);
                r.by_name.entry(name).or_default().push(i);
            }
        }
        r
    }

    /// Every body, prefectures and municipalities, in code order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, i: u32) -> Option<&Entry> {
        self.entries.get(i as usize)
    }

    /// The body of a 6-digit code as the register writes it (`011002`).
    pub fn by_code(&self, code: &str) -> Option<&Entry> {
        // Canonical codes only (six ASCII digits): no folding, no allocation.
        let five = code.as_bytes().get(..5).filter(|_| code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()))?;
        let e = self.entry(*self.by_code5.get(&five.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))?)?;
        (e.code == code).then_some(e)
    }

    /// The number of a prefecture as a prefecture column writes it (岩手県, or 岩手 without 県).
    pub fn prefecture_number(&self, name: &str) -> Option<u8> {
        self.prefecture_by_name.get(&key(name)).copied()
    }

    /// The prefecture's own entry.
    pub fn prefecture(&self, number: u8) -> Option<&Entry> {
        self.entry(*self.prefecture_entry.get(&number)?)
    }

    /// Names used by more than one municipality, with their entries.
    pub fn shared_names(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.by_name.iter().filter(|(_, v)| v.len() > 1).map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The bodies a code cell may name.
    fn codes(&self, cell: &str) -> Codes {
        let Some(d) = digits(cell) else { return Codes::Unknown };
        let mut found = Vec::new();
        let mut add = |five: u32| {
            if let Some(&i) = self.by_code5.get(&five) {
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        };
        match d.len() {
            6 => {
                if let (Some(five), Some(&check)) = (d.get(..5), d.get(5)) {
                    let five_arr: [u8; 5] = five.try_into().unwrap_or([0; 5]);
                    if check_digit(&five_arr) == check {
                        add(number(five));
                    }
                }
            }
            5 => {
                // Five digits as written (a code without its check digit) …
                add(number(&d));
                // … or a six-digit code whose leading zero a number cell dropped (11002 = 011002).
                let mut six = vec![0u8];
                six.extend_from_slice(&d);
                if let (Some(five), Some(&check)) = (six.get(..5), six.get(5)) {
                    let five_arr: [u8; 5] = five.try_into().unwrap_or([0; 5]);
                    if check_digit(&five_arr) == check {
                        add(number(five));
                    }
                }
            }
            // A five-digit code that lost its leading zero (1100 = 01100).
            4 => add(number(&d)),
            _ => {}
        }
        if found.is_empty() {
            Codes::Unknown
        } else {
            Codes::Found(found)
        }
    }

    /// The municipality of a folded name in prefecture `p`, also with a 郡 before it dropped
    /// (余市郡余市町 → 余市町).
    fn in_prefecture(&self, p: u8, name: &str) -> Option<u32> {
        self.by_prefecture_and_name.get(&(p, name.to_owned())).copied().or_else(|| {
            let (_, after) = name.split_once('郡')?;
            self.by_prefecture_and_name.get(&(p, after.to_owned())).copied()
        })
    }

    /// The prefecture a folded name begins with, and the rest of the name.
    fn split_prefecture<'n>(&self, name: &'n str) -> Option<(u8, &'n str)> {
        self.prefecture_names.iter().find_map(|(p, n)| name.strip_prefix(p.as_str()).map(|rest| (*n, rest)))
    }

    /// SPEC §10's rules 2–5 for a name: with its prefecture in it, beside a prefecture column
    /// (`prefecture`), alone; a shared name in `sheet`'s prefecture where that is given.
    fn named(&self, name: &str, prefecture: Option<u8>, sheet: Option<u8>) -> Named {
        if name.is_empty() {
            return Named::NotFound(prefecture);
        }
        let found = self.named_exactly(name, prefecture, sheet);
        // A note after the name (米子市※1, 鳥取市（注）) hides nothing.
        let core = heading_core(name);
        match found {
            Named::NotFound(_) if core.len() < name.len() && !core.is_empty() => {
                self.named_exactly(core, prefecture, sheet)
            }
            _ => found,
        }
    }

    fn named_exactly(&self, name: &str, prefecture: Option<u8>, sheet: Option<u8>) -> Named {
        if let Some((p, rest)) = self.split_prefecture(name) {
            if rest.is_empty() {
                return self.prefecture_entry.get(&p).map_or(Named::NotFound(Some(p)), |&i| Named::Body(i));
            }
            return self.in_prefecture(p, rest).map_or(Named::NotFound(Some(p)), Named::Body);
        }
        if let Some(p) = prefecture {
            return self.in_prefecture(p, name).map_or(Named::NotFound(Some(p)), Named::Body);
        }
        let all =
            self.by_name.get(name).or_else(|| name.split_once('郡').and_then(|(_, after)| self.by_name.get(after)));
        match all.map(Vec::as_slice) {
            Some([only]) => Named::Body(*only),
            Some(many @ [_, _, ..]) => {
                let in_sheet = sheet.and_then(|s| {
                    many.iter().copied().find(|&i| self.entry(i).is_some_and(|e| e.prefecture_number == s))
                });
                in_sheet.map_or_else(|| Named::Shared(many.to_vec()), Named::Body)
            }
            _ => Named::NotFound(None),
        }
    }

    /// SPEC §10's resolution of one body as written. `sheet` is the prefecture every other body
    /// of the sheet lies in, for a shared name ([`resolve_sheet`] finds it).
    pub fn resolve(&self, w: &Written<'_>, sheet: Option<u8>) -> Resolved {
        let as_written = |note| Resolved { body: None, note };
        let prefecture = match w.prefecture.map(key).filter(|p| !p.is_empty()) {
            Some(p) => match self.prefecture_by_name.get(&p) {
                Some(&n) => Some(n),
                // Under a prefecture the register does not know (the seed's Ａ県): as written.
                None => return as_written(None),
            },
            None => None,
        };
        let name = key(w.organization);
        let named = self.named(&name, prefecture, sheet);
        // A prefecture's own offices and joint bodies are not in the register by nature.
        let outside = || is_joint_body(w.organization) || is_own_office(w.prefecture, w.organization);
        if matches!(named, Named::NotFound(_)) && outside() {
            return as_written(None);
        }
        // A code cell without a digit (`-`, `なし`) is no code at all.
        let codes = w.code.filter(|c| fold(c).bytes().any(|b| b.is_ascii_digit())).map(|c| self.codes(c));
        let named_ones: &[u32] = match &named {
            Named::Body(i) => std::slice::from_ref(i),
            Named::Shared(all) => all,
            Named::NotFound(_) => &[],
        };
        if let Some(Codes::Found(found)) = &codes {
            let chosen = found.iter().copied().find(|i| named_ones.contains(i)).or(found.first().copied());
            let mismatch = !named_ones.is_empty() && chosen.is_some_and(|c| !named_ones.contains(&c));
            return Resolved { body: chosen, note: mismatch.then_some(BodyNote::CodeNameMismatch) };
        }
        let code_note = matches!(codes, Some(Codes::Unknown)).then_some(BodyNote::UnknownCode);
        match named {
            Named::Body(i) => Resolved { body: Some(i), note: code_note },
            Named::Shared(_) => as_written(code_note.or(Some(BodyNote::AmbiguousName))),
            Named::NotFound(p) => {
                let municipal = name.ends_with(['市', '町', '村', '区']);
                let known = p.is_some() || prefecture.is_some();
                as_written(code_note.or((known && municipal).then_some(BodyNote::NotInRegister)))
            }
        }
    }
}

/// The register, read on first use.
pub fn register() -> &'static Register {
    static REGISTER: OnceLock<Register> = OnceLock::new();
    REGISTER.get_or_init(|| Register::parse(DATA))
}

/// Resolves the bodies of one sheet: each as [`Register::resolve`] does, then a shared name
/// left unresolved in the one prefecture every resolved body of the sheet lies in, if there is
/// one (a prefecture's own sheet without a prefecture column).
pub fn resolve_sheet(bodies: &[Written<'_>]) -> Vec<Resolved> {
    let r = register();
    let mut out: Vec<Resolved> = bodies.iter().map(|w| r.resolve(w, None)).collect();
    let mut prefectures = out.iter().filter_map(|x| x.body).filter_map(|i| r.entry(i)).map(|e| e.prefecture_number);
    let Some(first) = prefectures.next() else { return out };
    if !prefectures.all(|p| p == first) {
        return out;
    }
    for (w, x) in bodies.iter().zip(out.iter_mut()) {
        if x.note == Some(BodyNote::AmbiguousName) {
            *x = r.resolve(w, Some(first));
        }
    }
    out
}

/// The prefecture a user names as a scope (`--prefecture`, the page's 表示範囲): by name (鳥取県,
/// 鳥取), by its number (31) or by any code of it (310000, 31201); `None` when it names none.
pub fn prefecture_named(scope: &str) -> Option<u8> {
    let r = register();
    if let Some(n) = r.prefecture_number(scope) {
        return Some(n);
    }
    let folded = fold(scope.trim());
    if folded.is_empty() || !folded.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u8 = match folded.len() {
        1 | 2 => folded.parse().ok()?,
        5 | 6 => folded.get(..2)?.parse().ok()?,
        _ => return None,
    };
    r.prefecture(number).map(|e| e.prefecture_number)
}

/// The prefecture a row lies in, as the register resolved it or a prefecture column wrote it.
pub fn prefecture_number_of(prefecture: Option<&str>) -> Option<u8> {
    prefecture.and_then(|p| register().prefecture_number(p))
}

/// The prefectures the rows lie in (items, system reports and designations), in code order: the
/// scopes a user may choose among.
pub fn prefectures(items: &[Item], systems: &Systems) -> Vec<u8> {
    let mut seen = [false; 48];
    let all = items
        .iter()
        .map(|i| i.prefecture.as_deref())
        .chain(systems.reports.iter().map(|s| s.prefecture.as_deref()))
        .chain(systems.designations.iter().map(|d| d.prefecture.as_deref()));
    // Rows come in runs of one body: compare with the last before looking up.
    let mut last: Option<&str> = None;
    for p in all.flatten() {
        if last == Some(p) {
            continue;
        }
        last = Some(p);
        if let Some(flag) = prefecture_number_of(Some(p)).and_then(|n| seen.get_mut(usize::from(n))) {
            *flag = true;
        }
    }
    (1..=47u8).filter(|&n| seen.get(usize::from(n)) == Some(&true)).collect()
}

/// Keeps only the items, system reports and designations of prefecture `number`: the one scope
/// the CLI's `--prefecture` and the page's 表示範囲 apply before classifying, so counts,
/// roll-ups, coverage, notes, letters and exports all follow it.
pub fn keep_prefecture(number: u8, items: &mut Vec<Item>, systems: &mut Systems) {
    let within = |prefecture: Option<&str>| prefecture_number_of(prefecture) == Some(number);
    items.retain(|i| within(i.prefecture.as_deref()));
    systems.reports.retain(|s| within(s.prefecture.as_deref()));
    systems.designations.retain(|d| within(d.prefecture.as_deref()));
}

/// A row that names a body: an item, a system report, a designation.
pub trait BodyRow {
    fn written(&self) -> Written<'_>;
    /// Sets the canonical body (keeping the name as written where it differs) and the note.
    fn set(&mut self, entry: Option<&Entry>, note: Option<BodyNote>);
    /// Cuts each body cell longer than [`MAX_BODY_CHARS`] characters to that many, noting it.
    fn cut(&mut self);
}

/// Cuts `s` to its first `max` characters (on a character boundary), in O(`max`).
fn cut_to(s: &mut String, max: usize) {
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
    }
}

/// Sets a row's body fields to the register's entry; the name as written goes to `as_written`
/// where it differs.
fn set_fields(
    prefecture: &mut Option<String>,
    organization: &mut String,
    code: &mut Option<String>,
    as_written: &mut Option<String>,
    entry: &Entry,
) {
    if organization != entry.name {
        *as_written = Some(std::mem::replace(organization, entry.name.to_owned()));
    }
    if prefecture.as_deref() != Some(entry.prefecture) {
        *prefecture = Some(entry.prefecture.to_owned());
    }
    if code.as_deref() != Some(entry.code) {
        *code = Some(entry.code.to_owned());
    }
}

macro_rules! body_row {
    ($t:ty) => {
        impl BodyRow for $t {
            fn written(&self) -> Written<'_> {
                Written {
                    prefecture: self.prefecture.as_deref(),
                    organization: &self.organization,
                    code: self.code.as_deref(),
                }
            }
            fn set(&mut self, entry: Option<&Entry>, note: Option<BodyNote>) {
                if let Some(e) = entry {
                    set_fields(
                        &mut self.prefecture,
                        &mut self.organization,
                        &mut self.code,
                        &mut self.organization_as_written,
                        e,
                    );
                }
                self.body_note = note;
            }
            fn cut(&mut self) {
                cut_to(&mut self.organization, MAX_BODY_CHARS);
                for s in [&mut self.prefecture, &mut self.code].into_iter().flatten() {
                    cut_to(s, MAX_BODY_CHARS);
                }
                self.body_note = Some(BodyNote::CellCut);
            }
        }
    };
}
body_row!(Item);
body_row!(SystemReport);
body_row!(Designation);

/// The longest body, prefecture or code cell resolution reads, in bytes (a name with its
/// prefecture and 郡 is under 30 characters, 90 bytes).
const MAX_CELL_BYTES: usize = 256;

/// What a longer cell is cut to, in characters: it is kept (noted [`BodyNote::CellCut`]) so the
/// row can be found in the file, but a 400,000-character cell never reaches a table, a key or
/// a letter whole.
pub const MAX_BODY_CHARS: usize = 256;

/// Resolves the body of every row one sheet gave, each distinct body (prefecture, name, code as
/// written) once, with the sheet's prefecture for shared names ([`resolve_sheet`]).
pub fn resolve_rows<T: BodyRow>(rows: &mut [T]) {
    type Key = (Option<String>, String, Option<String>);
    let mut distinct: Vec<Key> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut of_row: Vec<usize> = Vec::with_capacity(rows.len());
    for row in rows.iter() {
        let w = row.written();
        // No body's name is longer than a few dozen characters: a longer cell is cut and noted
        // below, unresolved (a hostile sheet of huge distinct cells costs nothing here).
        if w.organization.len() > MAX_CELL_BYTES
            || w.prefecture.is_some_and(|p| p.len() > MAX_CELL_BYTES)
            || w.code.is_some_and(|c| c.len() > MAX_CELL_BYTES)
        {
            of_row.push(usize::MAX);
            continue;
        }
        // A table names each body on consecutive rows: compare with the last before hashing.
        let same_as_last = distinct
            .last()
            .is_some_and(|(p, o, c)| p.as_deref() == w.prefecture && o == w.organization && c.as_deref() == w.code);
        if same_as_last {
            of_row.push(distinct.len() - 1);
            continue;
        }
        let k: Key = (w.prefecture.map(str::to_owned), w.organization.to_owned(), w.code.map(str::to_owned));
        let next = distinct.len();
        let i = *index.entry(k.clone()).or_insert(next);
        if i == next {
            distinct.push(k);
        }
        of_row.push(i);
    }
    let written: Vec<Written<'_>> = distinct
        .iter()
        .map(|(p, o, c)| Written { prefecture: p.as_deref(), organization: o, code: c.as_deref() })
        .collect();
    let resolved = resolve_sheet(&written);
    let r = register();
    for (row, i) in rows.iter_mut().zip(of_row) {
        // Rows past MAX_CELL_BYTES (index usize::MAX) are cut, unresolved.
        let Some(x) = resolved.get(i) else {
            row.cut();
            continue;
        };
        row.set(x.body.and_then(|b| r.entry(b)), x.note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w<'a>(prefecture: Option<&'a str>, organization: &'a str, code: Option<&'a str>) -> Written<'a> {
        Written { prefecture, organization, code }
    }

    /// The code of what a body as written resolves to, alone on its sheet.
    fn code_of(prefecture: Option<&str>, organization: &str, code: Option<&str>) -> Option<&'static str> {
        let r = register();
        r.resolve(&w(prefecture, organization, code), None).body.and_then(|i| r.entry(i)).map(|e| e.code)
    }

    #[test]
    fn the_register_holds_1788_bodies_47_prefectures_and_unique_codes() {
        let r = register();
        assert_eq!(r.entries().len(), 1788);
        assert_eq!(DATA.lines().count(), 1789, "every data line parsed");
        assert_eq!(r.entries().iter().filter(|e| e.is_prefecture).count(), 47);
        assert_eq!(r.entries().iter().filter(|e| !e.is_prefecture).count(), 1741);
        let codes: std::collections::BTreeSet<&str> = r.entries().iter().map(|e| e.code).collect();
        assert_eq!(codes.len(), 1788);
        let numbers: std::collections::BTreeSet<u8> = r.entries().iter().map(|e| e.prefecture_number).collect();
        assert_eq!(numbers, (1..=47).collect());
    }

    #[test]
    fn every_code_of_the_register_has_its_check_digit() {
        for e in register().entries() {
            let d = digits(e.code).unwrap_or_default();
            let five: [u8; 5] = d.get(..5).and_then(|f| f.try_into().ok()).unwrap_or([0; 5]);
            assert_eq!(d.get(5), Some(&check_digit(&five)), "{} {}", e.code, e.name);
        }
    }

    #[test]
    fn exactly_25_names_are_shared_by_more_than_one_municipality() {
        let mut shared: Vec<&str> = register().shared_names().map(|(n, _)| n).collect();
        shared.sort_unstable();
        let mut expected = vec![
            "伊達市",
            "南牧村",
            "南部町",
            "太子町",
            "小国町",
            "川上村",
            "川崎町",
            "川西町",
            "広川町",
            "府中市",
            "日野町",
            "日高町",
            "明和町",
            "昭和村",
            "朝日町",
            "松前町",
            "森町",
            "池田町",
            "清水町",
            "美浜町",
            "美郷町",
            "美里町",
            "金山町",
            "高山村",
            "高森町",
        ];
        expected.sort_unstable();
        assert_eq!(shared, expected);
    }

    #[test]
    fn a_six_digit_code_names_its_body() {
        assert_eq!(code_of(None, "", Some("011002")), Some("011002"));
    }

    #[test]
    fn a_six_digit_code_with_a_wrong_check_digit_names_nothing() {
        assert_eq!(code_of(None, "", Some("011003")), None);
    }

    #[test]
    fn a_five_digit_code_without_its_check_digit_names_its_body() {
        assert_eq!(code_of(None, "", Some("13101")), Some("131016"));
        assert_eq!(code_of(None, "", Some("01100")), Some("011002"));
    }

    #[test]
    fn a_code_that_lost_its_leading_zero_names_its_body() {
        assert_eq!(code_of(None, "", Some("11002")), Some("011002"));
        assert_eq!(code_of(None, "", Some("1100")), Some("011002"));
    }

    #[test]
    fn a_full_width_code_names_its_body() {
        assert_eq!(code_of(None, "", Some("０１１００２")), Some("011002"));
    }

    #[test]
    fn a_code_cell_without_a_digit_is_no_code_and_no_note() {
        let x = register().resolve(&w(Some("岩手県"), "岩手県", Some("-")), None);
        assert_eq!(x.note, None);
        assert_eq!(code_of(Some("岩手県"), "岩手県", Some("-")), Some("030007"));
    }

    #[test]
    fn a_code_written_with_a_hyphen_before_its_check_digit_names_its_body() {
        assert_eq!(code_of(None, "", Some("01100-2")), Some("011002"));
    }

    #[test]
    fn a_name_with_its_prefecture_in_one_cell_names_the_body() {
        assert_eq!(code_of(None, "北海道札幌市", None), Some("011002"));
        assert_eq!(code_of(None, "東京都千代田区", None), Some("131016"));
    }

    #[test]
    fn a_gun_between_prefecture_and_name_is_dropped() {
        assert_eq!(code_of(None, "北海道余市郡余市町", None), Some("014087"));
    }

    #[test]
    fn a_prefecture_alone_names_the_prefecture() {
        assert_eq!(code_of(None, "岩手県", None), Some("030007"));
    }

    #[test]
    fn a_name_beside_a_prefecture_column_names_that_prefectures_body() {
        assert_eq!(code_of(Some("福島県"), "伊達市", None), Some("072133"));
        assert_eq!(code_of(Some("北海道"), "伊達市", None), Some("012335"));
    }

    #[test]
    fn a_note_after_a_name_hides_nothing() {
        assert_eq!(code_of(Some("鳥取県"), "米子市※1", None), Some("312029"));
        assert_eq!(code_of(None, "鳥取県米子市（注）", None), Some("312029"));
    }

    #[test]
    fn a_unique_name_alone_names_its_body() {
        assert_eq!(code_of(None, "札幌市", None), Some("011002"));
    }

    #[test]
    fn a_shared_name_alone_is_kept_as_written_with_a_note() {
        let x = register().resolve(&w(None, "伊達市", None), None);
        assert_eq!(x, Resolved { body: None, note: Some(BodyNote::AmbiguousName) });
    }

    #[test]
    fn a_shared_name_takes_the_prefecture_every_other_body_of_the_sheet_lies_in() {
        let r = register();
        let sheet = [w(None, "福島市", None), w(None, "伊達市", None), w(None, "会津若松市", None)];
        let x = resolve_sheet(&sheet);
        assert_eq!(x.get(1).and_then(|x| x.body).and_then(|i| r.entry(i)).map(|e| e.code), Some("072133"));
    }

    #[test]
    fn a_shared_name_stays_unresolved_when_the_sheet_spans_prefectures() {
        let sheet = [w(None, "福島市", None), w(None, "伊達市", None), w(None, "札幌市", None)];
        assert_eq!(resolve_sheet(&sheet).get(1).map(|x| x.body), Some(None));
    }

    #[test]
    fn a_code_and_a_name_of_different_bodies_resolve_to_the_code_with_a_note() {
        let r = register();
        let x = r.resolve(&w(Some("北海道"), "函館市", Some("011002")), None);
        assert_eq!(x.body.and_then(|i| r.entry(i)).map(|e| e.name), Some("札幌市"));
        assert_eq!(x.note, Some(BodyNote::CodeNameMismatch));
    }

    #[test]
    fn an_unknown_code_is_noted_and_the_name_decides() {
        let r = register();
        let x = r.resolve(&w(None, "札幌市", Some("999999")), None);
        assert_eq!(x.body.and_then(|i| r.entry(i)).map(|e| e.code), Some("011002"));
        assert_eq!(x.note, Some(BodyNote::UnknownCode));
    }

    #[test]
    fn bodies_under_a_prefecture_the_register_does_not_know_are_kept_as_written_without_a_note() {
        assert_eq!(register().resolve(&w(Some("Ａ県"), "Ｂ市", None), None), Resolved::default());
        assert_eq!(register().resolve(&w(Some("Ａ県"), "札幌市", Some("011002")), None), Resolved::default());
    }

    #[test]
    fn own_offices_and_joint_bodies_are_kept_as_written_without_a_note() {
        let r = register();
        assert_eq!(r.resolve(&w(Some("鳥取県"), "鳥取県教育委員会", Some("310000")), None), Resolved::default());
        assert_eq!(r.resolve(&w(Some("鳥取県"), "総務部", None), None), Resolved::default());
        assert_eq!(r.resolve(&w(Some("鳥取県"), "鳥取県後期高齢者医療広域連合", None), None), Resolved::default());
    }

    #[test]
    fn a_municipal_name_under_a_real_prefecture_that_the_register_lacks_is_noted() {
        let x = register().resolve(&w(Some("鳥取県"), "架空市", None), None);
        assert_eq!(x, Resolved { body: None, note: Some(BodyNote::NotInRegister) });
    }

    #[test]
    fn small_ke_and_full_width_spaces_do_not_hide_a_name() {
        assert_eq!(code_of(Some("千葉県"), "鎌ヶ谷市", None), code_of(Some("千葉県"), "鎌ケ谷市", None));
        assert_eq!(code_of(None, "北海道　札幌市", None), Some("011002"));
    }

    #[test]
    fn a_cell_far_longer_than_any_name_is_cut_to_256_characters_with_a_note_and_not_resolved() {
        let long = format!("北海道札幌市{}", "あ".repeat(400_000));
        let mut rows = vec![designation(&long)];
        resolve_rows(&mut rows);
        let d = rows.first().cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(d.organization.chars().count(), MAX_BODY_CHARS);
        assert!(long.starts_with(&d.organization));
        assert_eq!((d.code, d.body_note), (None, Some(BodyNote::CellCut)));
    }

    fn designation(organization: &str) -> Designation {
        Designation {
            prefecture: None,
            organization: organization.into(),
            code: None,
            organization_as_written: None,
            body_note: None,
            task: "住民記録".into(),
            source: crate::item::Source {
                file: String::new(),
                sheet: String::new(),
                row: 1,
                columns: Default::default(),
            },
        }
    }

    #[test]
    fn resolving_rows_sets_the_canonical_body_and_keeps_the_name_as_written() {
        let mut rows = vec![designation("北海道札幌市")];
        resolve_rows(&mut rows);
        let d = rows.first().cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(
            (d.prefecture.as_deref(), d.organization.as_str(), d.code.as_deref(), d.organization_as_written.as_deref()),
            (Some("北海道"), "札幌市", Some("011002"), Some("北海道札幌市"))
        );
    }
}
