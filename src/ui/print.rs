//! The print view: the summary, the body × system matrix and every filtered row (not the
//! virtualised window), headed by the as-of date, the filter and the source files, laid out for
//! A4 landscape (`styles/features.css`). Shown on screen as a preview by 「印刷用の表示」, and
//! switched on automatically while the browser prints (Ctrl+P).

//! The print view: the summary, the body × system matrix and every filtered row (not the
//! virtualised window), headed by the as-of date, the filter and the source files, laid out for
//! A4 landscape (`styles/features.css`).
//!
//! The report is one HTML string ([`Report::html`]) with two uses:
//! - the on-screen preview 「印刷用の表示」 shows it below its two buttons;
//! - whenever the browser prints (Ctrl+P, the menu, the preview's 印刷する), the `beforeprint`
//!   handler writes it into `#print-snapshot` **synchronously** and `@media print` shows only
//!   that element. Nothing the printout needs waits for a render scheduled after `beforeprint`:
//!   the browser lays the page out for print after the handler returns, so the report is there
//!   every time, whatever else the page is doing. `afterprint` empties it again.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use html_escape::encode_safe as esc;
use yew::prelude::*;

use super::{Data, Shared};
use crate::classify::{Classification, Status};
use crate::column::{self, Cell, Column, Kind, Row, Style};
use crate::report::{item_row, system_row};
use crate::summary::{thousands, Counts, Matrix};

/// What the printed report shows: the data, its classification and the filtered rows as the page
/// last rendered them (cheap to clone: shared pointers and two short texts).
#[derive(Clone, PartialEq)]
pub struct Report {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub selection: Shared<Vec<usize>>,
    pub counts: Counts,
    pub matrix: Shared<Matrix>,
    /// The filter in words.
    pub filter: String,
    pub deadlines: String,
    /// Standardisation: the selected systems (indices into the classification's systems),
    /// printed instead of items.
    pub systems: Option<Shared<Vec<usize>>>,
    /// With files of two dates or more (SPEC §11): the history, printed as tables.
    pub history: Shared<Option<crate::history::Overview>>,
}

/// The trend (all systems), the warnings of the trend and the distribution of rates as tables:
/// the print's form of the page's charts.
fn over_time_html(out: &mut String, c: &Classification, history: Option<&crate::history::Overview>) {
    use crate::classify::Warning;
    use crate::summary::{rate_bands, task_means, thousands, RATE_BANDS};
    let percent = |x: f64| format!("{}%", (x * 1000.0).round() / 10.0);
    let systems = &c.systems.systems;
    if let Some(h) = history {
        out.push_str(r#"<h2>平均完了率の推移（すべてのシステム）</h2><table class="print-trend" data-hook="print-trend"><thead><tr><th scope="col">時点</th><th scope="col">ファイル</th><th scope="col">平均完了率</th><th scope="col">完了率のあるシステム数</th></tr></thead><tbody>"#);
        for (p, s) in h.trend(|_| true).iter().zip(&h.snapshots) {
            let _ = write!(
                out,
                r#"<tr><th scope="row" class="date">{}</th><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
                p.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                esc(&s.files.join("、")),
                p.mean.map_or_else(|| "—".to_owned(), percent),
                thousands(p.systems)
            );
        }
        out.push_str("</tbody></table><p>");
        for w in [Warning::ProjectedLate, Warning::Stalled] {
            let n = systems.iter().filter(|v| v.warnings.contains(&w)).count();
            let _ = write!(out, "{}：{} 件　", w.label_ja(), thousands(n));
        }
        out.push_str("</p>");
    }
    let bands = rate_bands(systems);
    out.push_str(r#"<h2>完了率の分布（最新の時点）</h2><table class="print-distribution" data-hook="print-distribution"><thead><tr>"#);
    for b in RATE_BANDS {
        let _ = write!(out, r#"<th scope="col">{}</th>"#, b.label);
    }
    out.push_str("</tr></thead><tbody><tr>");
    for n in bands {
        let _ = write!(out, r#"<td class="num">{} 件</td>"#, thousands(n));
    }
    out.push_str(r#"</tr></tbody></table><table class="print-gyomu"><thead><tr><th scope="col">業務</th><th scope="col">平均完了率</th><th scope="col">システム数</th></tr></thead><tbody>"#);
    for (task, mean, n) in task_means(systems) {
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{} 件</td></tr>"#,
            esc(&task),
            percent(mean),
            thousands(n)
        );
    }
    out.push_str("</tbody></table>");
}

/// A status badge, as the page's summary draws it.
fn badge(out: &mut String, status: Status) {
    let _ = write!(out, r#"<span class="badge st-{}">{}</span>"#, status.key(), status.label_ja());
}

/// One printed cell: the column's value; the body with （自庁内）, the status with its priority.
fn cell_html<R: Row>(out: &mut String, row: &R, column: &Column<R::Field>, own: bool) {
    let cell = row.cell(column.field);
    match (column.key, &cell) {
        ("organization", _) => {
            let _ = write!(out, "<td>{}{}</td>", esc(&cell.text(Style::Sheet)), if own { "（自庁内）" } else { "" });
        }
        (_, Cell::Status(s)) => {
            let _ = match s.priority() {
                Some(p) => write!(out, r#"<td class="st-{}">{}（{}）</td>"#, s.key(), s.label_ja(), p.label_ja()),
                None => write!(out, r#"<td class="st-{}">{}</td>"#, s.key(), s.label_ja()),
            };
        }
        _ => {
            let class = match column.kind {
                Kind::Date => r#" class="date""#,
                Kind::Number | Kind::Rate => r#" class="num""#,
                _ if column.key == "recommended_action" => r#" class="action""#,
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(&cell.text(Style::Sheet)));
        }
    }
}

/// The list's table: a running head (repeated on every page), the headings and one row per
/// printed row, each with its status and body as hooks.
fn list_html<R: Row>(
    out: &mut String,
    rows: impl Iterator<Item = R>,
    columns: &[Column<R::Field>],
    running_head: &str,
    about: impl Fn(&R) -> (Status, String, bool),
) {
    let _ = write!(
        out,
        r#"<table class="print-list" data-hook="print-list"><thead><tr class="print-running-head"><th colspan="{}">{}</th></tr><tr>"#,
        columns.len(),
        esc(running_head)
    );
    for h in column::headings(columns) {
        let _ = write!(out, r#"<th scope="col">{}</th>"#, esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        let (s, organization, own) = about(&r);
        let _ = write!(out, r#"<tr data-status="{}" data-organization="{}">"#, s.key(), esc(&organization));
        for c in columns {
            cell_html(out, &r, c, own);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

impl Report {
    /// The whole printed report as HTML (every text escaped).
    pub fn html(&self) -> String {
        let data = &self.data;
        let c = &self.classification;
        let as_of = c.as_of.format("%Y-%m-%d").to_string();
        let files = data.analysis.files.join("、");
        let running_head = format!("基準日 {as_of} ／ 絞り込み条件：{} ／ {files}", self.filter);
        let rows = self.systems.as_ref().map_or(self.selection.len(), |s| s.len());
        let mut out = String::with_capacity(4096 + rows * 400);

        let (title, count, counts_heading, list_heading) = match &self.systems {
            Some(sel) => (
                "地方公共団体情報システムの標準化に係る移行の進捗の確認",
                format!("{} システム（全 {} システム中）", sel.len(), c.systems.systems.len()),
                "状況別のシステム数（全件）",
                format!("システムの一覧（{} システム）", sel.len()),
            ),
            None => (
                "既存業務システムの改修状況等の確認",
                format!("{} 件（全 {} 件中）", thousands(self.selection.len()), thousands(data.analysis.items.len())),
                "状況別の件数（全件）",
                format!("一覧（{} 件）", thousands(self.selection.len())),
            ),
        };
        let _ = write!(
            out,
            r#"<section class="print-report" data-hook="print-report" aria-labelledby="print-heading"><h1 id="print-heading">{title}</h1><dl class="print-meta" data-hook="print-meta"><dt>基準日</dt><dd>{as_of}</dd><dt>絞り込み条件</dt><dd>{}</dd><dt>読み込んだファイル</dt><dd>{}</dd><dt>期日</dt><dd>{}</dd><dt>件数</dt><dd>{count}</dd></dl>"#,
            esc(&self.filter),
            esc(&files),
            esc(&self.deadlines),
        );

        // The status counts.
        let _ = write!(out, r#"<h2>{counts_heading}</h2><table class="print-counts"><thead><tr>"#);
        for s in Status::ALL {
            let _ = write!(out, r#"<th scope="col">{}</th>"#, s.label_ja());
        }
        out.push_str(r#"<th scope="col">計</th></tr></thead><tbody><tr>"#);
        for s in Status::ALL {
            let _ = write!(out, r#"<td class="num">{}</td>"#, self.counts.get(s));
        }
        let _ = write!(out, r#"<td class="num">{}</td></tr></tbody></table>"#, self.counts.total());

        if self.systems.is_some() {
            over_time_html(&mut out, c, Option::as_ref(&*self.history.0));
        }

        // The body × system matrix.
        out.push_str(r#"<h2>団体 × システムの進捗</h2><table class="print-matrix"><thead><tr><th scope="col">団体</th><th scope="col">全体</th>"#);
        for s in &self.matrix.systems {
            let _ = write!(out, r#"<th scope="col">{}</th>"#, esc(s));
        }
        out.push_str("</tr></thead><tbody>");
        for r in &self.matrix.rows {
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}{}</th><td>"#,
                esc(&r.organization),
                if r.own_office { "（自庁内）" } else { "" }
            );
            badge(&mut out, r.status);
            out.push_str("</td>");
            for (cell, rate) in r.cells.iter().zip(&r.rates) {
                out.push_str("<td>");
                match cell {
                    Some(s) => {
                        badge(&mut out, *s);
                        if let Some(rate) = rate {
                            let _ = write!(out, " {}", rate.percent());
                        }
                    }
                    None => out.push_str(r#"<span class="badge st-none">—</span>"#),
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");

        // Every filtered row.
        let _ = write!(out, r#"<h2 class="print-list-heading">{list_heading}</h2>"#);
        match &self.systems {
            Some(sel) => list_html(
                &mut out,
                sel.iter()
                    .filter_map(|&i| c.rollup_of(crate::classify::SystemId(i)))
                    .map(|r| system_row(r, c, &data.analysis.systems)),
                &column::SYSTEMS_PRINT,
                &running_head,
                |r| (r.status, r.organization.to_owned(), r.own_office),
            ),
            None => list_html(
                &mut out,
                self.selection.iter().filter_map(|&i| Some(item_row(data.analysis.items.get(i)?, c.verdicts.get(i)?))),
                &column::ITEMS_PRINT,
                &running_head,
                |r| (r.status, r.organization.to_owned(), r.own_office),
            ),
        }
        out.push_str("</section>");
        out
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Report,
    pub on_close: Callback<()>,
}

/// The on-screen preview: the report under its print and close buttons.
#[function_component(PrintReport)]
pub fn print_report(props: &Props) -> Html {
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // Opened with the 「印刷用の表示」 button: bring the preview into view and focus its print
    // button.
    let print_button = use_node_ref();
    {
        let print_button = print_button.clone();
        use_effect_with((), move |_| {
            if let Some(b) = print_button.cast::<web_sys::HtmlElement>() {
                // Align its bottom with the view's: aligning the top can leave it a fraction of a
                // pixel above the view when the layout has fractional heights.
                b.scroll_into_view_with_bool(false);
                let _ = b.focus();
            }
        });
    }
    let report = use_memo(props.report.clone(), |r| Html::from_html_unchecked(AttrValue::from(r.html())));

    html! {
        <div class="print-preview" data-hook="print-preview">
            <div class="print-controls no-print">
                <button type="button" class="button primary" data-action="print" ref={print_button} onclick={print}>{ "印刷する" }</button>
                <button type="button" class="button" data-action="close-print-view" onclick={close}>{ "印刷用の表示を閉じる" }</button>
                <span class="hint">{ "A4 横で印刷されます。ブラウザーの印刷画面で「PDF に保存」を選ぶと PDF にできます。" }</span>
            </div>
            { (*report).clone() }
        </div>
    }
}

/// The profile's deadlines in words, for the printout's heading.
pub fn deadlines(profile: &crate::profile::Profile) -> String {
    let mut parts: Vec<String> = profile
        .rules
        .iter()
        .map(|r| format!("{} {}", r.deadline.format("%Y-%m-%d"), r.label))
        .chain(std::iter::once(format!(
            "その他 {} {}",
            profile.default.deadline.format("%Y-%m-%d"),
            profile.default.label
        )))
        .chain(profile.extended.iter().map(|e| format!("{} {}", e.deadline.format("%Y-%m-%d"), e.label)))
        .collect();
    parts.dedup();
    parts.join("、")
}

/// The element the report is written into while the browser prints (in `index.html`, outside
/// the app's root so that no render of the app touches it).
const SNAPSHOT_ID: &str = "print-snapshot";
/// The attribute on `<body>` while the snapshot holds a report: `@media print` then prints it alone.
const SNAPSHOT_ON: &str = "data-print-snapshot";

/// Writes `report` into the snapshot element (or empties it) and marks the body accordingly.
fn set_snapshot(report: Option<&Report>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Some(snapshot), Some(body)) = (document.get_element_by_id(SNAPSHOT_ID), document.body()) else { return };
    match report {
        Some(r) => {
            snapshot.set_inner_html(&r.html());
            let _ = body.set_attribute(SNAPSHOT_ON, "");
        }
        None => {
            snapshot.set_inner_html("");
            let _ = body.remove_attribute(SNAPSHOT_ON);
        }
    }
}

/// Prints the report whenever the browser prints (Ctrl+P, the menu, the preview's button):
/// `beforeprint` writes the report as last rendered into the snapshot, synchronously, so the
/// browser's print layout (which follows the handler) always holds it; `afterprint` empties it.
/// `report` is `None` while nothing is loaded (the page then prints as it is).
#[hook]
pub fn use_print_events(report: Option<Report>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let latest = use_mut_ref(|| None::<Report>);
    *latest.borrow_mut() = report;
    let latest: Rc<RefCell<Option<Report>>> = latest;
    use_effect_with((), move |_| {
        let window = web_sys::window();
        let before = Closure::<dyn Fn()>::new(move || set_snapshot(latest.borrow().as_ref()));
        let after = Closure::<dyn Fn()>::new(|| set_snapshot(None));
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
                let _ = w.remove_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
            }
        }
    });
}
