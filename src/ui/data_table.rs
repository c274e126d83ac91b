//! One table of judged rows on the page, whatever the rows are: [`DataTable<R>`] draws a
//! section with its filter bar (the body search, the clear button and the "n / m 件" count;
//! the row type adds its own filters), its action bar (copy as a table, CSV, the .xlsx report,
//! the print view, and a mail list where the row type has one), the virtualised body with
//! sortable headings and its keyboard, and the current row's detail. The items' table
//! (`super::table::Items`) and the standardisation systems' table (`super::systems::Systems`)
//! are its two row types: each says what it is in a [`TableRow`] impl — its columns, how an
//! index becomes a visible row, its cells (the small per-row-type hooks: the sparkline, the
//! projected completion's colour, the step), its rows' `data-*` hooks, its exports and its
//! words — and the scrolling, headings, sorting, keyboard and export wiring exist once, here.
//!
//! Keyboard: focus the table, then ↑ ↓ PageUp PageDown Home End move the current row (its
//! detail shows below the table where the row type has one); Enter opens its body's view.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;
use yew::virtual_dom::AttrValue;

use super::body_detail::BodyRef;
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use super::{browser, report_module, Action};
use crate::column::Column;
use crate::export::xlsx::Request;
use crate::export::Delimiter;
use crate::query::{Direction, Judged, Query, Sort};
use crate::summary::thousands;

/// Height of one row in CSS pixels; `styles/app.css` gives `tr.row` the same height.
const ROW_HEIGHT: i32 = 34;
const GEOMETRY: Geometry = Geometry { row_height: ROW_HEIGHT, overscan: 8, default_viewport: 560 };
/// The sticky heading row's height (the keyboard keeps the current row below it).
const HEADER_HEIGHT: i32 = 40;

/// One column of a page's table: a column of the row type's list, or a chart the page alone
/// draws (it has a heading, no value and no sort).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageColumn<F> {
    List(Column<F>),
    Chart(&'static str),
}

/// One export button: its `data-action` hook, its label, and the notice after it ran (after
/// the count and the unit: `28 件を CSV でダウンロードしました。`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Export {
    pub action: &'static str,
    pub label: &'static str,
    pub done: &'static str,
}

/// A table's words and DOM hooks: what differs between the tables apart from their rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The section's heading, its id, the section's classes and its `data-hook`.
    pub title: &'static str,
    pub heading_id: &'static str,
    pub section_class: &'static str,
    pub section_hook: Option<&'static str>,
    /// The filter bar's label, its controls' id prefix (`filter` → `filter-body`) and their
    /// data attribute (`data-filter`).
    pub filters_label: &'static str,
    pub filter_prefix: &'static str,
    pub filter_attribute: &'static str,
    pub clear_action: &'static str,
    /// The count's `data-hook` and the unit it counts in (`件`, `システム`).
    pub count_hook: &'static str,
    pub unit: &'static str,
    pub actions_label: &'static str,
    pub copy: Export,
    /// The mail list, where the row type has one ([`TableRow::mail`]).
    pub mail: Option<Export>,
    pub csv: Export,
    pub xlsx: Export,
    /// The table's class and hook, its accessible name, the heading buttons' data attribute
    /// (`data-sort`) and its rows' id prefix (`result-row-`).
    pub table_class: &'static str,
    /// The table's own `data-hook`, where it has one.
    pub table_hook: Option<&'static str>,
    pub table_label: &'static str,
    pub sort_attribute: &'static str,
    pub row_id: &'static str,
    /// The hint where the detail goes before a row is chosen; `None`: the row type has no
    /// detail below the table (its body's view is its detail).
    pub detail_hint: Option<&'static str>,
}

/// A kind of row a [`DataTable`] shows.
pub trait TableRow: 'static {
    /// The row the query filters and sorts (`query::select` over it, or for items
    /// `query::select_items` as fast, made the selection).
    type Judged: Judged;
    /// Everything a row is made from; compares by pointer (`super::Shared`).
    type Source: Clone + PartialEq + 'static;
    /// A visible row, made for the rows in view only.
    type View<'a>;
    const WORDS: Words;

    /// The columns, in order.
    fn columns(source: &Self::Source) -> Vec<PageColumn<<Self::Judged as Judged>::Field>>;
    /// The table's sort in `query`.
    fn sort(query: &Query) -> Option<Sort<<Self::Judged as Judged>::Field>>;
    /// The action that sorts the table by `sort`.
    fn sort_action(query: &Query, sort: Sort<<Self::Judged as Judged>::Field>) -> Action;
    /// How many rows there are before filtering.
    fn total(source: &Self::Source) -> usize;
    /// Row `index` (an index of the selection) as shown.
    fn view(source: &Self::Source, index: usize) -> Option<Self::View<'_>>;
    /// Its `data-*` hooks on its `<tr>`.
    fn hooks(view: &Self::View<'_>) -> Vec<(&'static str, String)>;
    /// Its cell in `column`.
    fn cell(
        view: &Self::View<'_>,
        column: &PageColumn<<Self::Judged as Judged>::Field>,
        dispatch: &Callback<Action>,
    ) -> Html;
    /// Its body, whose view Enter opens.
    fn body(view: &Self::View<'_>) -> BodyRef;
    /// Its detail below the table (where [`Words::detail_hint`] is given).
    fn detail(_view: &Self::View<'_>) -> Option<Html> {
        None
    }
    /// The row type's own filters (the body search is [`body_filter`], placed by the row type).
    fn filters(source: &Self::Source, query: &Query, dispatch: &Callback<Action>) -> Html;
    /// The selected rows as a table (TSV or CSV), and how many.
    fn sheet(source: &Self::Source, selection: &[usize], delimiter: Delimiter) -> (String, usize);
    /// The selected rows as a mail list (where [`Words::mail`] is given).
    fn mail(_source: &Self::Source, _selection: &[usize]) -> Option<String> {
        None
    }
    /// The .xlsx report of the selected rows under `conditions` (the filters in words), and
    /// how many rows it holds.
    fn xlsx(source: &Self::Source, selection: &[usize], conditions: &str) -> (Request, usize);
    /// The downloads' file name without its extension.
    fn file_stem(source: &Self::Source) -> String;
}

type Field<R> = <<R as TableRow>::Judged as Judged>::Field;

/// `node` (an element) with one more attribute: for the hooks whose name is the table's
/// (`data-filter` or `data-system-filter`, …).
pub fn with_attribute(mut node: Html, name: &'static str, value: impl Into<AttrValue>) -> Html {
    if let Html::VTag(tag) = &mut node {
        Rc::make_mut(tag).add_attribute(name, value);
    }
    node
}

/// A filter control's id in the table of `words` (`filter-task`, `system-filter-task`).
pub fn filter_id(words: &Words, key: &str) -> String {
    format!("{}-{key}", words.filter_prefix)
}

/// The body search, the same in every table (one query: both tables follow it).
pub fn body_filter(words: &Words, query: &Query, dispatch: &Callback<Action>) -> Html {
    let oninput = {
        let dispatch = dispatch.clone();
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = browser::input_of(&e) else { return };
            dispatch.emit(Action::SetQuery(Query { body: input.value(), ..query.clone() }));
        })
    };
    let id = filter_id(words, "body");
    let input = html! {
        <input id={id.clone()} type="search" placeholder="例：B市（全角・半角どちらでも）" value={query.body.clone()} {oninput} />
    };
    html! {
        <div class="filter">
            <label for={id}>{ "団体名" }</label>
            { with_attribute(input, words.filter_attribute, "body") }
        </div>
    }
}

#[derive(Properties)]
pub struct Props<R: TableRow> {
    pub source: R::Source,
    /// Indices of the rows shown, filtered and sorted.
    pub selection: super::Shared<Vec<usize>>,
    pub query: Query,
    pub dispatch: Callback<Action>,
}

impl<R: TableRow> PartialEq for Props<R> {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.selection == other.selection
            && self.query == other.query
            && self.dispatch == other.dispatch
    }
}

/// Copies `text` to the clipboard and says so (or why not).
fn copy(text: String, done: String, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        match browser::copy_text(&text).await {
            Ok(()) => dispatch.emit(Action::Notice(done)),
            Err(e) => dispatch.emit(Action::Notice(e)),
        }
    });
}

/// Builds the .xlsx report in the report module and downloads it.
fn download_xlsx(request: Request, name: String, done: String, dispatch: Callback<Action>) {
    dispatch.emit(Action::Notice("Excel 報告書を作成しています…".to_owned()));
    wasm_bindgen_futures::spawn_local(async move {
        let result = match report_module::xlsx(&request).await {
            Ok(bytes) => {
                browser::download(&name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &bytes)
                    .map(|()| done)
            }
            Err(e) => {
                web_sys::console::error_1(&JsValue::from_str(&e.to_string()));
                Err(e.message_ja())
            }
        };
        dispatch.emit(Action::Notice(result.unwrap_or_else(|e| e)));
    });
}

/// What an export button does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Copy,
    Mail,
    Csv,
    Xlsx,
}

fn run<R: TableRow>(what: Run, props: &Props<R>) {
    let w = &R::WORDS;
    let done = |n: usize, export: &Export| format!("{} {}{}", thousands(n), w.unit, export.done);
    let dispatch = props.dispatch.clone();
    match what {
        Run::Copy => {
            let (text, n) = R::sheet(&props.source, &props.selection, Delimiter::Tab);
            copy(text, done(n, &w.copy), dispatch);
        }
        Run::Mail => {
            let (Some(export), Some(text)) = (w.mail, R::mail(&props.source, &props.selection)) else { return };
            copy(text, done(props.selection.len(), &export), dispatch);
        }
        Run::Csv => {
            let (text, n) = R::sheet(&props.source, &props.selection, Delimiter::Comma);
            let name = format!("{}.csv", R::file_stem(&props.source));
            let bytes = format!("\u{feff}{text}");
            let result = browser::download(&name, "text/csv;charset=utf-8", bytes.as_bytes()).map(|()| done(n, &w.csv));
            dispatch.emit(Action::Notice(result.unwrap_or_else(|e| e)));
        }
        Run::Xlsx => {
            let (request, n) = R::xlsx(&props.source, &props.selection, &props.query.describe_ja());
            let name = format!("{}.xlsx", R::file_stem(&props.source));
            download_xlsx(request, name, done(n, &w.xlsx), dispatch);
        }
    }
}

/// The filter bar: the row type's filters, then the clear button and the count.
fn filter_bar<R: TableRow>(props: &Props<R>, shown: usize) -> Html {
    let w = &R::WORDS;
    let q = &props.query;
    let on_clear = {
        let dispatch = props.dispatch.clone();
        let (sort, system_sort) = (q.sort, q.system_sort);
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SetQuery(Query { sort, system_sort, ..Query::default() }))
        })
    };
    let total = R::total(&props.source);
    html! {
        <div class="filters" role="search" aria-label={w.filters_label}>
            { R::filters(&props.source, q, &props.dispatch) }
            <div class="filter">
                <button type="button" class="button small" data-action={w.clear_action} onclick={on_clear}
                    disabled={!q.is_filtered()}>{ "絞り込みを解除" }</button>
            </div>
            <p class="result-count" data-hook={w.count_hook} data-shown={shown.to_string()} data-total={total.to_string()}
                aria-live="polite">
                { format!("{} / {} {}", thousands(shown), thousands(total), w.unit) }
            </p>
        </div>
    }
}

/// The action bar: copy, mail list, CSV, .xlsx, print view; nothing to do without rows.
fn action_bar<R: TableRow>(props: &Props<R>) -> Html {
    let w = &R::WORDS;
    let empty = props.selection.is_empty();
    let button = |what: Run, export: &Export| {
        let onclick = {
            let props = Props::<R> {
                source: props.source.clone(),
                selection: props.selection.clone(),
                query: props.query.clone(),
                dispatch: props.dispatch.clone(),
            };
            Callback::from(move |_: MouseEvent| run(what, &props))
        };
        html! { <button type="button" class="button" data-action={export.action} disabled={empty} {onclick}>{ export.label }</button> }
    };
    html! {
        <div class="actions" role="group" aria-label={w.actions_label}>
            { button(Run::Copy, &w.copy) }
            if let Some(mail) = w.mail { { button(Run::Mail, &mail) } }
            { button(Run::Csv, &w.csv) }
            { button(Run::Xlsx, &w.xlsx) }
            <button type="button" class="button" data-action="print-view" disabled={empty}
                onclick={props.dispatch.reform(|_: MouseEvent| Action::SetPrinting(true))}>{ "印刷用の表示（A4 横）" }</button>
        </div>
    }
}

/// A column's heading: a sort button with `aria-sort` where the rows sort by it.
fn heading<R: TableRow>(column: &PageColumn<Field<R>>, props: &Props<R>) -> Html {
    let c = match column {
        PageColumn::List(c) if R::Judged::sorts_by(c.field) => c,
        PageColumn::List(Column { heading, .. }) | PageColumn::Chart(heading) => {
            return html! { <th scope="col" role="columnheader">{ *heading }</th> };
        }
    };
    let field = c.field;
    let sort = R::sort(&props.query);
    let (aria, mark) = match sort.filter(|s| s.column == field).map(|s| s.direction) {
        Some(Direction::Ascending) => ("ascending", " ▲"),
        Some(Direction::Descending) => ("descending", " ▼"),
        None => ("none", ""),
    };
    let onclick = {
        let dispatch = props.dispatch.clone();
        let query = props.query.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(R::sort_action(&query, Sort::toggled(sort, field))))
    };
    let button = html! { <button type="button" class="sort" {onclick}>{ c.heading }{ mark }</button> };
    html! {
        <th scope="col" role="columnheader" aria-sort={aria}>
            { with_attribute(button, R::WORDS.sort_attribute, c.key) }
        </th>
    }
}

/// Scrolls `scroller` so that row `pos` is in view below the sticky headings.
fn scroll_into_view(scroller: &NodeRef, pos: usize) {
    let Some(el) = scroller.cast::<HtmlElement>() else { return };
    let row_top = i32::try_from(pos).unwrap_or(i32::MAX / 2).saturating_mul(ROW_HEIGHT);
    let view = el.client_height() - HEADER_HEIGHT;
    let top = el.scroll_top();
    if row_top < top {
        el.set_scroll_top(row_top);
    } else if row_top + ROW_HEIGHT > top + view {
        el.set_scroll_top(row_top + ROW_HEIGHT - view);
    }
}

/// Whether a key event came from a control inside the table (which handles its own Enter).
fn on_control(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "A" | "INPUT" | "SELECT" | "TEXTAREA"))
}

#[function_component(DataTable)]
pub fn data_table<R: TableRow>(props: &Props<R>) -> Html {
    let w = &R::WORDS;
    let len = props.selection.len();
    let VirtualRows { scroller, top_spacer, bottom_spacer, start, end, viewport, onscroll } =
        use_virtual_rows(len, GEOMETRY, props.selection.clone());
    let active = use_state(|| None::<usize>);

    // A new selection (filter, sort, reload) has no current row.
    {
        let active = active.clone();
        use_effect_with(props.selection.clone(), move |_| active.set(None));
    }

    let onkeydown = {
        let (active, scroller) = (active.clone(), scroller.clone());
        let (source, selection, dispatch) = (props.source.clone(), props.selection.clone(), props.dispatch.clone());
        Callback::from(move |e: KeyboardEvent| {
            if len == 0 {
                return;
            }
            let page = usize::try_from(viewport / ROW_HEIGHT - 2).unwrap_or(1).max(1);
            let current = *active;
            // Enter on the table itself (not on a button inside it) opens the current row's
            // body, as the row's name button does.
            if e.key() == "Enter" && !on_control(&e) {
                let view = current.and_then(|p| selection.get(p)).and_then(|&i| R::view(&source, i));
                if let Some(view) = view {
                    e.prevent_default();
                    dispatch.emit(Action::OpenBody(R::body(&view)));
                }
                return;
            }
            let next = match e.key().as_str() {
                "ArrowDown" => current.map_or(0, |p| (p + 1).min(len - 1)),
                "ArrowUp" => current.map_or(0, |p| p.saturating_sub(1)),
                "PageDown" => current.map_or(0, |p| (p + page).min(len - 1)),
                "PageUp" => current.map_or(0, |p| p.saturating_sub(page)),
                "Home" => 0,
                "End" => len - 1,
                _ => return,
            };
            e.prevent_default();
            active.set(Some(next));
            scroll_into_view(&scroller, next);
        })
    };

    let columns = R::columns(&props.source);
    let rows = (start..end).filter_map(|pos| {
        let i = *props.selection.get(pos)?;
        let view = R::view(&props.source, i)?;
        let onclick = {
            let active = active.clone();
            Callback::from(move |_: MouseEvent| active.set(Some(pos)))
        };
        let is_active = *active == Some(pos);
        let tr = html! {
            <tr key={i} id={format!("{}{pos}", w.row_id)} class={classes!("row", is_active.then_some("active"))}
                role="row" aria-rowindex={(pos + 2).to_string()} aria-selected={is_active.to_string()}
                data-index={i.to_string()} {onclick}>
                { for columns.iter().map(|c| R::cell(&view, c, &props.dispatch)) }
            </tr>
        };
        Some(R::hooks(&view).into_iter().fold(tr, |tr, (name, value)| with_attribute(tr, name, value)))
    });
    let detail = w.detail_hint.map(|hint| {
        let detail = active
            .and_then(|pos| props.selection.get(pos).copied())
            .and_then(|i| R::view(&props.source, i))
            .and_then(|view| R::detail(&view));
        html! {
            <div class="row-detail" aria-live="polite" data-hook="row-detail">
                { detail.unwrap_or_else(|| html! { <p class="hint">{ hint }</p> }) }
            </div>
        }
    });

    html! {
        <section class={w.section_class} aria-labelledby={w.heading_id} data-hook={w.section_hook}>
            <h2 id={w.heading_id}>{ w.title }</h2>
            { filter_bar(props, len) }
            { action_bar(props) }
            // The grid is the table itself (its rows are its own, as ARIA requires of a grid), and
            // it takes the focus and the keys; the box around it only scrolls.
            <div class="table-scroll" ref={scroller} {onscroll}>
                <table class={w.table_class} tabindex="0" role="grid" aria-label={w.table_label}
                    aria-rowcount={(len + 1).to_string()} aria-activedescendant={active.map(|p| format!("{}{p}", w.row_id))}
                    data-hook={w.table_hook} {onkeydown}>
                    <thead><tr role="row">{ for columns.iter().map(|c| heading(c, props)) }</tr></thead>
                    <tbody>
                        <tr class="spacer" ref={top_spacer} aria-hidden="true"></tr>
                        { for rows }
                        <tr class="spacer" ref={bottom_spacer} aria-hidden="true"></tr>
                    </tbody>
                </table>
                if len == 0 {
                    <p class="empty">{ "条件に合う行がありません。" }</p>
                }
            </div>
            { for detail }
        </section>
    }
}
