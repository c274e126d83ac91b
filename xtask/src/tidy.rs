//! Tidy tests: rules about the source tree that a plain `cargo test` checks (as rust-analyzer's
//! `tidy.rs` does), so that the map in ARCHITECTURE.md cannot drift from the code.
//!
//! The rule here is the layering of the root package (ARCHITECTURE.md, "Layers"): every
//! `crate::…` path in `src/**/*.rs` (in `use` statements, grouped `use crate::{a, b::c}` ones
//! and inline paths in code; not in comments, doc comments or string literals) is an edge from
//! the file's top-level module to the module the path names, and an edge may only go to the
//! importer's own layer or a lower one. A few hard rules hold whatever the layers say, and a
//! module of `src/` that no layer lists is an error too, so a new module has to be placed.
//!
//! A second rule holds for the root package and for xtask alike: no import cycle between
//! modules ([`cycles`]), within a layer too (a layer is a set, not an order).
//!
//! A third rule counts the programme-specific pairs ([`twins`]): an item of `src/` named for the
//! standardisation programme (`SystemSort`, `system_letters`, `compare_systems`, …) beside its
//! action-plan twin in the same module, outside the programme's own modules
//! ([`PROGRAMME_MODULES`]). Today's pairs are listed in [`TWINS`], each with its reason, and
//! ARCHITECTURE.md states their number: a new pair fails the test until it is either folded into
//! the one abstraction or listed with a reason, and a pair removed must leave the list too.
//!
//! The checker is a plain function over `(path, text)` pairs ([`check`]), tested below on
//! sources held in memory. `cargo test -p xtask tidy::edge_list -- --ignored --nocapture`
//! prints today's edges.

use std::path::Path;

/// The layers of the root package, bottom-up. A module may import modules of its own layer and
/// of lower layers, never of a higher one. `main`, `lib` and `bin` stand for `src/main.rs`,
/// `src/lib.rs` and `src/bin/*` (which reach the library as `shinchoku::`, not `crate::`).
const LAYERS: &[&[&str]] = &[
    // 1. Text, the basic values and the resource caps (plain settings).
    &["text", "date", "item", "limits"],
    // 2. The programme as data and what it is about.
    &["profile", "organization", "system"],
    // 3. The classifier: pure, reads only what is below it.
    &["classify"],
    // 4. Reading files: bytes → sheets → items, with the caps checked before memory is spent.
    &["workbook", "layout", "load"],
    // 5. What is made of items and verdicts: rows, counts, queries, comparisons, exports.
    &[
        "field", "report", "column", "summary", "query", "compare", "history", "timeline", "letters", "notes",
        "export", "analyse", "wire", "protocol", "page",
    ],
    // 6. Front ends.
    &["cli", "ui", "js", "main", "lib", "bin"],
];

/// Edges forbidden whatever [`LAYERS`] says (ARCHITECTURE.md, "Invariants"): the classifier is
/// pure and knows neither how files are read nor the page.
const FORBIDDEN: &[(&str, &str)] = &[("classify", "layout"), ("classify", "workbook"), ("classify", "ui")];

/// Modules only the front ends may import: nothing below them imports `ui` or `cli`.
const FRONT_END_ONLY: &[&str] = &["ui", "cli"];

/// Edges of today's code that break the layer order on purpose: (importer, imported, why).
/// Empty: the order above holds as it stands.
const KNOWN: &[(&str, &str, &str)] = &[];

/// One `crate::` path: in `file` at `line`, module `from` names module `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub file: String,
    pub line: usize,
    pub from: String,
    pub to: String,
}

/// The top-level module a file of the root package belongs to: `src/layout/vocabulary.rs` →
/// `layout`, `src/date.rs` → `date`, `src/main.rs` → `main`, `src/bin/report.rs` → `bin`; of
/// xtask likewise (`xtask/src/xlsb.rs` → `xlsb`).
pub fn module_of(path: &str) -> String {
    let path = path.replace('\\', "/");
    let rel = path.strip_prefix("xtask/").unwrap_or(&path);
    let rel = rel.strip_prefix("src/").unwrap_or(rel);
    match rel.split_once('/') {
        Some(("bin", _)) => "bin".to_owned(),
        Some((dir, _)) => dir.to_owned(),
        None => rel.strip_suffix(".rs").unwrap_or(rel).to_owned(),
    }
}

/// 1-based layer of a module, if a layer lists it.
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module)).map(|i| i + 1)
}

/// Every edge of the given files (paths relative to the package root, `src/…`), in order.
pub fn edges(files: &[(String, String)]) -> Vec<Edge> {
    let mut out = Vec::new();
    for (path, text) in files {
        let from = module_of(path);
        let code = code_only(text);
        for (offset, to) in crate_paths(&code) {
            let line = code[..offset].matches('\n').count() + 1;
            out.push(Edge { file: path.clone(), line, from: from.clone(), to });
        }
    }
    out
}

/// The layer rule over the given files: one message per forbidden edge (`file:line: …`), and
/// one per module no layer lists. Empty when everything holds.
pub fn check(files: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, _) in files {
        let module = module_of(path);
        if layer(&module).is_none() {
            problems.push(format!("{path}: module `{module}` is in no layer: add it to LAYERS in xtask/src/tidy.rs"));
        }
    }
    for e in edges(files) {
        if e.from == e.to {
            continue;
        }
        let at = format!("{}:{}", e.file, e.line);
        let (Some(from), Some(to)) = (layer(&e.from), layer(&e.to)) else {
            if layer(&e.to).is_none() {
                problems.push(format!(
                    "{at}: `crate::{}` names a module in no layer: add it to LAYERS in xtask/src/tidy.rs",
                    e.to
                ));
            }
            continue;
        };
        let edge = format!("{at}: {} (layer {from}) imports {} (layer {to})", e.from, e.to);
        if FORBIDDEN.contains(&(e.from.as_str(), e.to.as_str())) {
            problems.push(format!("{edge}; hard rule: {} never imports {}", e.from, e.to));
        } else if FRONT_END_ONLY.contains(&e.to.as_str()) && from < LAYERS.len() {
            problems.push(format!("{edge}; hard rule: only the front ends import {}", e.to));
        } else if to > from && !KNOWN.iter().any(|&(a, b, _)| a == e.from && b == e.to) {
            problems.push(edge);
        }
    }
    problems
}

/// The import cycles among the modules of `edges`: one message per strongly connected set of
/// two or more modules, naming them and each edge between them with its `file:line`. Empty when
/// the modules form no cycle.
pub fn cycles(edges: &[Edge]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges.iter().filter(|e| e.from != e.to) {
        graph.entry(&e.from).or_default().insert(&e.to);
        graph.entry(&e.to).or_default();
    }
    // Kosaraju: the order in which a depth-first search finishes the modules, then the search
    // over the reversed edges in reverse finishing order gives one component per start.
    fn finish<'a>(
        m: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        seen: &mut BTreeSet<&'a str>,
        order: &mut Vec<&'a str>,
    ) {
        if seen.insert(m) {
            for &n in graph.get(m).into_iter().flatten() {
                finish(n, graph, seen, order);
            }
            order.push(m);
        }
    }
    let (mut seen, mut order) = (BTreeSet::new(), Vec::new());
    for &m in graph.keys() {
        finish(m, &graph, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (&from, tos) in &graph {
        for &to in tos {
            reversed.entry(to).or_default().insert(from);
        }
    }
    let mut assigned = BTreeSet::new();
    let mut problems = Vec::new();
    for &m in order.iter().rev() {
        let mut component = Vec::new();
        finish(m, &reversed, &mut assigned, &mut component);
        if component.len() < 2 {
            continue;
        }
        component.sort_unstable();
        let inside: Vec<String> = edges
            .iter()
            .filter(|e| e.from != e.to && component.contains(&e.from.as_str()) && component.contains(&e.to.as_str()))
            .map(|e| format!("{} → {} ({}:{})", e.from, e.to, e.file, e.line))
            .collect();
        problems.push(format!("import cycle among {}: {}", component.join(", "), inside.join("; ")));
    }
    problems
}

/// The standardisation programme's own modules (ARCHITECTURE.md, "One way for both
/// programmes"): what is programme-specific by nature, whose names are not counted as pairs.
pub const PROGRAMME_MODULES: &[&str] = &[
    "src/profile/hyojunka.rs",
    "src/layout/standardisation/",
    "src/classify/systems.rs",
    "src/system.rs",
    "src/history.rs",
    "src/ui/systems.rs",
    "src/ui/steps.rs",
    "src/ui/over_time.rs",
];

/// Today's programme-specific pairs outside [`PROGRAMME_MODULES`]: (file, action-plan name,
/// standardisation name, why it stays). ARCHITECTURE.md states how many there are.
pub const TWINS: &[(&str, &str, &str, &str)] = &[
    ("src/column.rs", "CHANGES", "SYSTEM_CHANGES", "data: each programme's change columns"),
    ("src/column.rs", "CHANGES_PAGE", "SYSTEM_CHANGES_PAGE", "data: each programme's change columns"),
    ("src/column.rs", "CHANGES_TERMINAL", "SYSTEM_CHANGES_TERMINAL", "data: each programme's change columns"),
    ("src/column.rs", "ChangeField", "SystemChangeField", "data: what each programme's change shows"),
    ("src/column.rs", "ITEMS_PAGE", "SYSTEMS_PAGE", "data: each programme's columns"),
    ("src/column.rs", "ITEMS_PRINT", "SYSTEMS_PRINT", "data: each programme's columns"),
    ("src/column.rs", "ITEMS_TERMINAL", "SYSTEMS_TERMINAL", "data: each programme's columns"),
    ("src/compare.rs", "Change", "SystemChange", "data: what changed, in each programme's terms"),
    ("src/compare.rs", "ChangeKind", "SystemChangeKind", "data: each programme's kinds of change"),
    ("src/compare.rs", "Side", "SystemSide", "data: a row's state in one export, per programme"),
    ("src/compare.rs", "compare", "compare_systems", "each programme's rules of change, over one pairing"),
    ("src/letters.rs", "detail", "system_detail", "each programme's letter line, behind Addressed"),
    ("src/report.rs", "item_row", "system_row", "rows of two shapes: an item, a system's roll-up"),
    ("src/wire/classification.rs", "verdict", "system_verdict", "the wire form of two types"),
];

/// The names an item of `code` defines (`fn`, `struct`, `enum`, `type`, `const`, `trait`,
/// at any indentation), test modules left out.
fn defined_names(code: &str) -> std::collections::BTreeSet<String> {
    let code = code.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    let mut names = std::collections::BTreeSet::new();
    for line in code.lines() {
        let mut rest = line.trim_start();
        for visibility in ["pub(crate) ", "pub(super) ", "pub "] {
            rest = rest.strip_prefix(visibility).unwrap_or(rest);
        }
        // `const fn x` is the function `x`.
        if let Some(function) = rest.strip_prefix("const fn ") {
            rest = &rest[rest.len() - function.len() - 3..];
        }
        for keyword in ["fn ", "struct ", "enum ", "type ", "const ", "trait "] {
            if let Some(after) = rest.strip_prefix(keyword) {
                let name: String = after.bytes().take_while(|&b| is_ident(b)).map(char::from).collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

/// The action-plan twin in `names` of a name made for the standardisation programme
/// (`system_x`/`systems_x`/`SystemX`/`SYSTEM_X` beside `x`/`X`/`item_x`/`ITEMS_X`…, or `x_systems`
/// beside `x`), if any.
fn twin_of<'a>(name: &str, names: &'a std::collections::BTreeSet<String>) -> Option<&'a str> {
    for prefix in ["system_", "systems_", "System", "Systems", "SYSTEM_", "SYSTEMS_"] {
        let Some(rest) = name.strip_prefix(prefix).filter(|r| !r.is_empty()) else { continue };
        let mut chars = rest.chars();
        let capital: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        let candidates =
            [rest.to_owned(), capital.clone(), format!("item_{rest}"), format!("items_{rest}"), format!("Item{rest}")]
                .into_iter()
                .chain([format!("ITEM_{rest}"), format!("ITEMS_{rest}")]);
        for c in candidates {
            if let Some(found) = names.get(&c).filter(|c| c.as_str() != name) {
                return Some(found);
            }
        }
    }
    for suffix in ["_with_systems", "_systems"] {
        if let Some(found) = name.strip_suffix(suffix).and_then(|plain| names.get(plain)) {
            return Some(found);
        }
    }
    None
}

/// The programme-specific pairs of `files` outside [`PROGRAMME_MODULES`]: (file, action-plan
/// name, standardisation name), sorted. A module's `systems.rs` submodule counts as the module
/// (`query.rs` and `query/systems.rs` defining `select` are a pair too).
pub fn twins(files: &[(String, String)]) -> Vec<(String, String, String)> {
    use std::collections::BTreeMap;
    let mut modules: BTreeMap<String, Vec<(String, std::collections::BTreeSet<String>)>> = BTreeMap::new();
    for (path, text) in files {
        if PROGRAMME_MODULES.iter().any(|m| path.starts_with(m)) {
            continue;
        }
        let module =
            path.strip_suffix("/systems.rs").map_or_else(|| path.trim_end_matches(".rs").to_owned(), str::to_owned);
        let module = module.strip_suffix("/mod").unwrap_or(&module).to_owned();
        modules.entry(module).or_default().push((path.clone(), defined_names(&code_only(text))));
    }
    let mut out = Vec::new();
    for files in modules.values() {
        let all: std::collections::BTreeSet<String> = files.iter().flat_map(|(_, n)| n.iter().cloned()).collect();
        for (path, names) in files {
            for name in names {
                if let Some(plain) = twin_of(name, &all) {
                    out.push((path.clone(), plain.to_owned(), name.clone()));
                }
            }
        }
        // The same name in a module and its `systems.rs`.
        if let [(a, first), (b, second)] = files.as_slice() {
            let (sub, _) = if b.ends_with("/systems.rs") { (b, a) } else { (a, b) };
            if sub.ends_with("/systems.rs") {
                for name in first.intersection(second) {
                    out.push((sub.clone(), name.clone(), format!("systems::{name}")));
                }
            }
        }
    }
    out.sort();
    out
}

/// The root package's `src/**/*.rs`, as `(src/…, text)` pairs sorted by path.
fn sources(root: &Path) -> Vec<(String, String)> {
    sources_under(root, "src")
}

/// The `.rs` files under `root/dir`, as `(dir/…, text)` pairs sorted by path.
fn sources_under(root: &Path, dir: &str) -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())).path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
                let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                out.push((rel, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join(dir), root, &mut out);
    out.sort();
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The text with comments (line, block, doc), string literals (plain, byte, raw) and character
/// literals blanked to spaces, newlines and byte offsets kept.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident_before = |i: usize| i > 0 && is_ident(b[i - 1]);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let (mut j, mut depth) = (i + 2, 1);
                while j < b.len() && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            // Raw strings: r"…", r#"…"#, br#"…"#.
            b'r' if !ident_before(i) || (i >= 1 && b[i - 1] == b'b' && !ident_before(i - 1)) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let end = b[start..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |n| start + n + close.len());
                blank(&mut out, start, end.saturating_sub(close.len()).max(start));
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j);
                i = j + 1;
            }
            b'\'' => {
                // A character literal ('x', '\n', '\u{3000}', 'あ') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    let end = b[i + 3..].iter().position(|&c| c == b'\'').map_or(b.len(), |n| i + 3 + n);
                    blank(&mut out, i + 1, end);
                    i = end + 1;
                } else {
                    let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    if b.get(i + 1 + len) == Some(&b'\'') {
                        blank(&mut out, i + 1, i + 1 + len);
                        i += 2 + len;
                    } else {
                        i += 1;
                    }
                }
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were written over whole literals and comments: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The top-level modules the `crate::` paths of `code` (comments and literals blanked) name,
/// with the byte offset of each name: `crate::layout::x` → `layout`, `crate::{a, b::c}` → `a`
/// and `b`.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let skip_space = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let ident_at = |i: usize| {
        let end = b[i..].iter().position(|&c| !is_ident(c)).map_or(b.len(), |n| i + n);
        &code[i..end]
    };
    let mut from = 0;
    while let Some(n) = code[from..].find("crate") {
        let at = from + n;
        from = at + "crate".len();
        if (at > 0 && (is_ident(b[at - 1]) || b[at - 1] == b':')) || b.get(from).is_some_and(|&c| is_ident(c)) {
            continue;
        }
        let i = skip_space(from);
        if !code[i..].starts_with("::") {
            continue; // pub(crate), a macro fragment specifier, …
        }
        let i = skip_space(i + 2);
        if b.get(i) == Some(&b'{') {
            // Grouped: split the group at its top-level commas.
            let mut depth = 0;
            let mut entry = i + 1;
            for (j, &c) in b.iter().enumerate().skip(i) {
                match c {
                    b'{' => depth += 1,
                    b'}' | b',' if depth == 1 => {
                        let k = skip_space(entry);
                        let name = ident_at(k);
                        if !name.is_empty() && name != "self" {
                            out.push((k, name.to_owned()));
                        }
                        entry = j + 1;
                        if c == b'}' {
                            break;
                        }
                    }
                    b'}' => depth -= 1,
                    _ => {}
                }
            }
        } else {
            let name = ident_at(i);
            if !name.is_empty() {
                out.push((i, name.to_owned()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect()
    }

    #[test]
    fn the_modules_of_the_root_package_keep_their_layers() {
        let sources = sources(&root());
        assert!(sources.iter().any(|(p, _)| p == "src/lib.rs"), "no src/lib.rs under {}", root().display());
        let problems = check(&sources);
        assert!(problems.is_empty(), "layering broken (see ARCHITECTURE.md, Layers):\n{}", problems.join("\n"));
    }

    #[test]
    fn the_modules_of_the_root_package_form_no_import_cycle() {
        let problems = cycles(&edges(&sources(&root())));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_modules_of_xtask_form_no_import_cycle() {
        let sources = sources_under(&root(), "xtask/src");
        assert!(sources.iter().any(|(p, _)| p == "xtask/src/tidy.rs"), "no xtask sources under {}", root().display());
        let problems = cycles(&edges(&sources));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_cycle_between_modules_of_one_layer_is_reported_with_its_edges() {
        let src = files(&[
            ("src/column.rs", "//! Doc.\nuse crate::report::Row;\n"),
            ("src/report.rs", "//! Doc.\nuse crate::query::select;\n"),
            ("src/query/mod.rs", "//! Doc.\nuse crate::column::Field;\nuse crate::text::fold;\n"),
            ("src/text.rs", "//! Doc.\n"),
        ]);
        assert!(check(&src).is_empty(), "the layers allow each edge");
        assert_eq!(
            cycles(&edges(&src)),
            ["import cycle among column, query, report: column → report (src/column.rs:2); \
              report → query (src/report.rs:2); query → column (src/query/mod.rs:2)"]
        );
    }

    #[test]
    fn a_cycle_of_two_xtask_modules_is_reported() {
        let src = files(&[
            ("xtask/src/fixtures.rs", "fn f() { crate::xlsb::seed_f3(); }\n"),
            ("xtask/src/xlsb.rs", "use crate::fixtures::PHASES;\n"),
        ]);
        assert_eq!(cycles(&edges(&src)).len(), 1);
    }

    #[test]
    fn every_layer_names_a_module_once_and_the_exceptions_name_modules() {
        let all: Vec<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
        for m in &all {
            assert_eq!(all.iter().filter(|x| *x == m).count(), 1, "{m} is in more than one layer");
        }
        for (a, b, why) in KNOWN {
            assert!(all.contains(a) && all.contains(b) && !why.is_empty(), "bad exception {a} → {b}");
        }
    }

    #[test]
    fn an_import_of_a_higher_layer_is_reported_with_file_line_and_edge() {
        let src = files(&[("src/classify/mod.rs", "//! Doc.\n\nuse crate::item::Item;\nuse crate::report::Row;\n")]);
        assert_eq!(check(&src), ["src/classify/mod.rs:4: classify (layer 3) imports report (layer 5)"]);
    }

    #[test]
    fn the_hard_rules_are_reported_as_such() {
        let src = files(&[
            ("src/classify/systems.rs", "fn f() { crate::layout::vocabulary::words(); }\n"),
            ("src/limits.rs", "use crate::cli::Args;\n"),
        ]);
        assert_eq!(
            check(&src),
            [
                "src/classify/systems.rs:1: classify (layer 3) imports layout (layer 4); hard rule: classify never imports layout",
                "src/limits.rs:1: limits (layer 1) imports cli (layer 6); hard rule: only the front ends import cli",
            ]
        );
    }

    #[test]
    fn grouped_and_inline_paths_are_found_and_comments_and_strings_are_not() {
        let text = r##"//! See `crate::ui` and [`crate::cli::main`].
/// Calls crate::ui::start.
use crate::{
    date::DateCell,
    workbook::{self, Sheet},
    self as root,
};
use crate ::item::Item;
/* crate::ui /* nested crate::ui */ crate::ui */
fn f<'a>(s: &'a str) -> char {
    let _ = "crate::ui::x";
    let _ = r#"crate::ui "quoted" crate::cli"#;
    let _ = b"crate::ui";
    let q = '"';
    let _ = crate::layout::detect(s); // crate::ui
    pub(crate) fn g() {}
    let _ = mycrate::ui::x;
    q
}
"##;
        let found: Vec<(usize, String)> =
            edges(&files(&[("src/summary.rs", text)])).into_iter().map(|e| (e.line, e.to)).collect();
        let want = [(4, "date"), (5, "workbook"), (8, "item"), (15, "layout")];
        assert_eq!(found, want.map(|(l, m)| (l, m.to_owned())));
    }

    #[test]
    fn files_map_to_their_top_level_module() {
        assert_eq!(module_of("src/layout/standardisation/steps.rs"), "layout");
        assert_eq!(module_of("src/classify/systems.rs"), "classify");
        assert_eq!(module_of("src/ui/table.rs"), "ui");
        assert_eq!(module_of("src/profile/hyojunka.rs"), "profile");
        assert_eq!(module_of("src/wire.rs"), "wire");
        assert_eq!(module_of("src/main.rs"), "main");
        assert_eq!(module_of("src/bin/report.rs"), "bin");
    }

    #[test]
    fn a_module_in_no_layer_is_reported() {
        let src =
            files(&[("src/newthing.rs", "use crate::date::DateCell;\n"), ("src/date.rs", "use crate::gone::X;\n")]);
        let problems = check(&src);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with("src/newthing.rs: module `newthing` is in no layer"));
        assert!(problems[1].starts_with("src/date.rs:1: `crate::gone` names a module in no layer"));
    }

    #[test]
    fn the_programme_specific_pairs_are_the_listed_ones() {
        let found = twins(&sources(&root()));
        let listed: Vec<(String, String, String)> =
            TWINS.iter().map(|(f, a, b, _)| ((*f).to_owned(), (*a).to_owned(), (*b).to_owned())).collect();
        let new: Vec<_> = found.iter().filter(|t| !listed.contains(t)).collect();
        let gone: Vec<_> = listed.iter().filter(|t| !found.contains(t)).collect();
        assert!(
            new.is_empty() && gone.is_empty(),
            "programme-specific pairs changed (fold a new one into the one abstraction, or list it in \
             TWINS with its reason; remove a pair that is gone):\n new: {new:?}\n gone: {gone:?}"
        );
    }

    #[test]
    fn architecture_md_states_the_number_of_programme_specific_pairs() {
        let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
        let claim = format!("**{} programme-specific pairs**", TWINS.len());
        assert!(text.contains(&claim), "ARCHITECTURE.md should say {claim}");
    }

    #[test]
    fn a_standardisation_twin_beside_its_action_plan_item_is_a_pair() {
        let src = files(&[
            ("src/letters.rs", "//! Doc.\npub fn letters() {}\npub fn system_letters() {}\nfn text() {}\n"),
            ("src/query.rs", "//! Doc.\npub struct Sort;\npub fn select() {}\n"),
            ("src/query/systems.rs", "//! Doc.\npub struct SystemSort;\npub fn select() {}\n"),
            ("src/export/xlsx.rs", "//! Doc.\npub fn request() {}\npub fn request_with_systems() {}\n"),
            ("src/classify/systems.rs", "//! Doc.\npub fn classify() {}\npub fn system_classify() {}\n"),
            ("src/report.rs", "//! Doc.\nfn item_row() {}\nfn system_row() {}\n#[cfg(test)]\nmod tests {\n    fn of() {}\n    fn of_systems() {}\n}\n"),
        ]);
        let found: Vec<(String, String)> = twins(&src).into_iter().map(|(_, a, b)| (a, b)).collect();
        let want = [
            ("request", "request_with_systems"),
            ("letters", "system_letters"),
            ("Sort", "SystemSort"),
            ("select", "systems::select"),
            ("item_row", "system_row"),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
        let mut sorted = want.clone();
        sorted.sort();
        let mut got = found.clone();
        got.sort();
        assert_eq!(got, sorted, "the programme's own modules and test modules are not counted");
    }

    /// Prints the programme-specific pairs of a tree (`TIDY_ROOT`, else this one):
    /// `TIDY_ROOT=/tmp/old cargo test -p xtask tidy::tests::twin_list -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints the pairs; run by hand"]
    fn twin_list() {
        let root = std::env::var_os("TIDY_ROOT").map_or_else(root, std::path::PathBuf::from);
        let found = twins(&sources(&root));
        for (file, plain, twin) in &found {
            println!("{file}: {plain} / {twin}");
        }
        println!("{} pairs", found.len());
    }

    /// Prints today's module graph: `cargo test -p xtask tidy::tests::edge_list -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints the module graph; run by hand"]
    fn edge_list() {
        let mut graph: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for e in edges(&sources(&root())) {
            if e.from != e.to {
                graph.entry((e.from, e.to)).or_default().push(format!("{}:{}", e.file, e.line));
            }
        }
        for ((from, to), at) in &graph {
            let (lf, lt) = (layer(from).unwrap_or(0), layer(to).unwrap_or(0));
            let mark = if lt > lf { "  UP" } else { "" };
            println!("{from} ({lf}) -> {to} ({lt}){mark}  [{}× e.g. {}]", at.len(), at[0]);
        }
    }
}
