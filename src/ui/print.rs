//! The print view: the summary, the body × system matrix and every filtered row (not the
//! virtualised window), headed by the as-of date, the filter and the source files, laid out for
//! A4 landscape (`styles/features.css`). Shown on screen as a preview by 「印刷用の表示」, and
//! switched on automatically while the browser prints (Ctrl+P).

use yew::prelude::*;

use super::summary::badge;
use super::{Data, Shared};
use crate::classify::{Classification, Status};
use crate::column::{self, Cell, Column, Kind, Row, Style};
use crate::report::{item_row, system_row};
use crate::summary::{Counts, Matrix};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub selection: Shared<Vec<usize>>,
    pub counts: Counts,
    pub matrix: Shared<Matrix>,
    /// The filter in words.
    pub filter: String,
    pub deadlines: String,
    pub on_close: Callback<()>,
    /// Standardisation: the selected systems (indices into the classification's systems),
    /// printed instead of items.
    #[prop_or_default]
    pub systems: Option<Shared<Vec<usize>>>,
}

/// One printed cell: the column's value; the body with （自庁内）, the status with its priority.
fn cell_html<R: Row>(row: &R, column: &Column<R::Field>, own: bool) -> Html {
    let cell = row.cell(column.field);
    match (column.key, &cell) {
        ("organization", _) => {
            html! { <td>{ cell.text(Style::Sheet).into_owned() }{ if own { "（自庁内）" } else { "" } }</td> }
        }
        (_, Cell::Status(s)) => {
            let text = match s.priority() {
                Some(p) => format!("{}（{}）", s.label_ja(), p.label_ja()),
                None => s.label_ja().to_owned(),
            };
            html! { <td class={classes!(format!("st-{}", s.key()))}>{ text }</td> }
        }
        _ => {
            let class = match column.kind {
                Kind::Date => Some("date"),
                Kind::Number | Kind::Rate => Some("num"),
                _ if column.key == "recommended_action" => Some("action"),
                _ => None,
            };
            html! { <td class={class}>{ cell.text(Style::Sheet).into_owned() }</td> }
        }
    }
}

/// The printed rows under `columns`, each with its status and body as hooks.
fn rows_html<R: Row>(rows: &[R], columns: &[Column<R::Field>], about: impl Fn(&R) -> (Status, String, bool)) -> Html {
    html! {
        { for rows.iter().map(|r| {
            let (s, organization, own) = about(r);
            html! {
                <tr data-status={s.key()} data-organization={organization}>
                    { for columns.iter().map(|c| cell_html(r, c, own)) }
                </tr>
            }
        }) }
    }
}

#[function_component(PrintReport)]
pub fn print_report(props: &Props) -> Html {
    let data = &props.data;
    let c = &props.classification;
    let as_of = c.as_of.format("%Y-%m-%d").to_string();
    let files = data.analysis.files.join("、");
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
    // button. Opened by the browser's print (Ctrl+P): leave the page where it is.
    let print_button = use_node_ref();
    {
        let print_button = print_button.clone();
        use_effect_with((), move |_| {
            let opened_by_button = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.get_attribute("data-action"))
                .is_some_and(|a| a == "print-view");
            if let (true, Some(b)) = (opened_by_button, print_button.cast::<web_sys::HtmlElement>()) {
                // Align its bottom with the view's: aligning the top can leave it a fraction of a
                // pixel above the view when the layout has fractional heights.
                b.scroll_into_view_with_bool(false);
                let _ = b.focus();
            }
        });
    }
    let running_head = format!("基準日 {as_of} ／ 絞り込み条件：{} ／ {files}", props.filter);

    let rows = match &props.systems {
        Some(sel) => {
            let rows: Vec<_> = sel
                .iter()
                .filter_map(|&i| c.system_rollup(i))
                .map(|r| system_row(r, c, &data.analysis.systems))
                .collect();
            rows_html(&rows, &column::SYSTEMS_PRINT, |r| (r.status, r.organization.to_owned(), r.own_office))
        }
        None => {
            let rows: Vec<_> = props
                .selection
                .iter()
                .filter_map(|&i| Some(item_row(data.analysis.items.get(i)?, c.verdicts.get(i)?)))
                .collect();
            rows_html(&rows, &column::ITEMS_PRINT, |r| (r.status, r.organization.to_owned(), r.own_office))
        }
    };
    let headings: Vec<&str> = match &props.systems {
        Some(_) => column::headings(&column::SYSTEMS_PRINT),
        None => column::headings(&column::ITEMS_PRINT),
    };

    html! {
        <section class="print-report" data-hook="print-report" aria-labelledby="print-heading">
            <div class="print-controls no-print">
                <button type="button" class="button primary" data-action="print" ref={print_button} onclick={print}>{ "印刷する" }</button>
                <button type="button" class="button" data-action="close-print-view" onclick={close}>{ "印刷用の表示を閉じる" }</button>
                <span class="hint">{ "A4 横で印刷されます。ブラウザーの印刷画面で「PDF に保存」を選ぶと PDF にできます。" }</span>
            </div>
            <h1 id="print-heading">{ if props.systems.is_some() { "地方公共団体情報システムの標準化に係る移行の進捗の確認" } else { "既存業務システムの改修状況等の確認" } }</h1>
            <dl class="print-meta" data-hook="print-meta">
                <dt>{ "基準日" }</dt><dd>{ as_of.clone() }</dd>
                <dt>{ "絞り込み条件" }</dt><dd>{ props.filter.clone() }</dd>
                <dt>{ "読み込んだファイル" }</dt><dd>{ files.clone() }</dd>
                <dt>{ "期日" }</dt><dd>{ props.deadlines.clone() }</dd>
                <dt>{ "件数" }</dt>
                <dd>{ match &props.systems {
                    Some(sel) => format!("{} システム（全 {} システム中）", sel.len(), c.systems.systems.len()),
                    None => format!("{} 件（全 {} 件中）", props.selection.len(), data.analysis.items.len()),
                } }</dd>
            </dl>

            <h2>{ if props.systems.is_some() { "状況別のシステム数（全件）" } else { "状況別の件数（全件）" } }</h2>
            <table class="print-counts">
                <thead><tr>{ for Status::ALL.iter().map(|s| html! { <th scope="col">{ s.label_ja() }</th> }) }<th scope="col">{ "計" }</th></tr></thead>
                <tbody><tr>
                    { for Status::ALL.iter().map(|s| html! { <td class="num">{ props.counts.get(*s) }</td> }) }
                    <td class="num">{ props.counts.total() }</td>
                </tr></tbody>
            </table>

            <h2>{ "団体 × システムの進捗" }</h2>
            <table class="print-matrix">
                <thead>
                    <tr>
                        <th scope="col">{ "団体" }</th><th scope="col">{ "全体" }</th>
                        { for props.matrix.systems.iter().map(|s| html! { <th scope="col">{ s.clone() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.matrix.rows.iter().map(|r| html! {
                        <tr>
                            <th scope="row">{ r.organization.clone() }{ if r.own_office { "（自庁内）" } else { "" } }</th>
                            <td>{ badge(r.status) }</td>
                            { for r.cells.iter().zip(&r.rates).map(|(c, rate)| match c {
                                Some(s) => html! { <>{ badge(*s) }{ rate.map(|r| format!(" {}", r.percent())).unwrap_or_default() }</> },
                                None => html! { <span class="badge st-none">{ "—" }</span> },
                            }).map(|b| html! { <td>{ b }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>

            if let Some(sel) = &props.systems {
                <h2 class="print-list-heading">{ format!("システムの一覧（{} システム）", sel.len()) }</h2>
                <table class="print-list" data-hook="print-list">
                    <thead>
                        <tr class="print-running-head"><th colspan={headings.len().to_string()}>{ running_head.clone() }</th></tr>
                        <tr>{ for headings.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
                    </thead>
                    <tbody>{ rows.clone() }</tbody>
                </table>
            } else {
                <h2 class="print-list-heading">{ format!("一覧（{} 件）", props.selection.len()) }</h2>
                <table class="print-list" data-hook="print-list">
                    <thead>
                        <tr class="print-running-head"><th colspan={headings.len().to_string()}>{ running_head }</th></tr>
                        <tr>{ for headings.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
                    </thead>
                    <tbody>{ rows }</tbody>
                </table>
            }
        </section>
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

/// Shows the print view while the browser prints (Ctrl+P, the menu), so that every filtered
/// row is printed rather than the table's visible window; the render runs in the microtask
/// after `beforeprint`, before the page is laid out for print.
#[hook]
pub fn use_print_events(dispatch: Callback<super::Action>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use_effect_with((), move |_| {
        let window = web_sys::window();
        let before = {
            let d = dispatch.clone();
            Closure::<dyn Fn()>::new(move || d.emit(super::Action::BeforePrint))
        };
        let after = {
            let d = dispatch.clone();
            Closure::<dyn Fn()>::new(move || d.emit(super::Action::AfterPrint))
        };
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
