//! The results table, virtualised: only the rows in view (plus a margin) are in the DOM, so
//! a national file of 100,000+ items scrolls smoothly. Keyboard: focus the table, then
//! ↑ ↓ PageUp PageDown Home End move the current row; its full text shows below the table.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::summary::badge;
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use super::{Action, Data, Shared};
use crate::classify::Classification;
use crate::item::Slot;
use crate::query::{Column, Direction, Sort};
use crate::report::{item_row, shown, ItemRow};

/// Height of one row in CSS pixels; `styles/app.css` gives `tr.row` the same height.
const ROW_HEIGHT: i32 = 34;
const GEOMETRY: Geometry = Geometry { row_height: ROW_HEIGHT, overscan: 8, default_viewport: 560 };

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub selection: Shared<Vec<usize>>,
    pub sort: Option<Sort>,
    pub dispatch: Callback<Action>,
}

/// The table's headings: a sortable column, or a plain heading.
enum Heading {
    Sortable(Column),
    Plain(&'static str),
}

const HEADINGS: [Heading; 15] = [
    Heading::Sortable(Column::Organization),
    Heading::Sortable(Column::Task),
    Heading::Sortable(Column::System),
    Heading::Sortable(Column::Phase),
    Heading::Sortable(Column::PlannedStart),
    Heading::Sortable(Column::PlannedEnd),
    Heading::Sortable(Column::ActualStart),
    Heading::Sortable(Column::ActualEnd),
    Heading::Sortable(Column::Deadline),
    Heading::Sortable(Column::Status),
    Heading::Plain("優先度"),
    Heading::Sortable(Column::DaysLate),
    Heading::Plain("警告"),
    Heading::Plain("推奨対応"),
    Heading::Sortable(Column::Source),
];

fn date_cell(data: &Data, i: usize, slot: Slot) -> Html {
    let Some(item) = data.analysis.items.get(i) else { return Html::default() };
    let cell = item.date(slot);
    let text = shown(cell);
    let invalid = matches!(cell, crate::date::DateCell::Invalid(_));
    html! { <td class={classes!("date", invalid.then_some("invalid"))} title={invalid.then(|| "日付として読めないセル".to_owned())}>{ text }</td> }
}

#[allow(clippy::too_many_arguments)]
fn row_html(
    data: &Data,
    i: usize,
    row: &ItemRow<'_>,
    pos: usize,
    active: bool,
    onclick: Callback<MouseEvent>,
    dispatch: &Callback<Action>,
) -> Html {
    let warnings = row.warnings.iter().map(|w| w.label_ja()).collect::<Vec<_>>().join("、");
    let source = format!("{} {}行", row.source.sheet, row.source.row);
    let source_title = format!("{} のシート「{}」の {} 行目", row.source.file, row.source.sheet, row.source.row);
    html! {
        <tr id={format!("result-row-{pos}")} class={classes!("row", active.then_some("active"))}
            role="row" aria-rowindex={(pos + 2).to_string()} aria-selected={active.to_string()}
            data-status={row.status.key()} data-organization={row.organization.to_owned()}
            data-prefecture={row.prefecture.unwrap_or("").to_owned()}
            data-task={row.task.unwrap_or("").to_owned()} data-system={row.system.unwrap_or("").to_owned()}
            data-phase={row.phase.unwrap_or("").to_owned()} data-index={i.to_string()} {onclick}>
            <td class="org" title={format!("{}{}", row.prefecture.unwrap_or(""), row.organization)}>
                { super::matrix::open_body_button(dispatch, row.prefecture.map(str::to_owned), row.organization) }
                if row.own_office { <span class="own">{ "自庁内" }</span> }
            </td>
            <td title={row.task_name.unwrap_or("").to_owned()}>{ row.task.unwrap_or("").to_owned() }</td>
            <td>{ row.system.unwrap_or("").to_owned() }</td>
            <td>{ row.phase.unwrap_or("").to_owned() }</td>
            { date_cell(data, i, Slot::PlannedStart) }
            { date_cell(data, i, Slot::PlannedEnd) }
            { date_cell(data, i, Slot::ActualStart) }
            { date_cell(data, i, Slot::ActualEnd) }
            <td class="date" title={row.deadline_label.to_owned()}>{ row.deadline.clone() }</td>
            <td>{ badge(row.status) }</td>
            <td>{ row.status.priority().map(|p| p.label_ja()).unwrap_or("") }</td>
            <td class="num">{ row.days_late.map(|d| d.to_string()).unwrap_or_default() }</td>
            <td class="warn" title={warnings.clone()}>{ warnings.clone() }</td>
            <td class="action" title={row.recommended_action.clone()}>{ row.recommended_action.clone() }</td>
            <td class="source" title={source_title}>{ source }</td>
        </tr>
    }
}

fn detail_html(row: &ItemRow<'_>) -> Html {
    let cells = crate::export::cells(row);
    html! {
        <dl class="row-detail-list">
            { for crate::export::COLUMNS.iter().zip(cells.iter()).filter(|(_, v)| !v.is_empty()).map(|(k, v)| html! {
                <><dt>{ *k }</dt><dd>{ v.clone() }</dd></>
            }) }
        </dl>
    }
}

#[function_component(ResultsTable)]
pub fn results_table(props: &Props) -> Html {
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
        let active = active.clone();
        let scroller = scroller.clone();
        let data = props.data.clone();
        let selection = props.selection.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if len == 0 {
                return;
            }
            let page = usize::try_from(viewport / ROW_HEIGHT - 2).unwrap_or(1).max(1);
            let current = *active;
            // Enter on the table itself (not on a button inside it, which handles its own Enter)
            // opens the highlighted row's body timeline, as the row's name button does.
            let on_control = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "A" | "INPUT" | "SELECT" | "TEXTAREA"));
            if e.key() == "Enter" && !on_control {
                let item = current.and_then(|p| selection.0.get(p)).and_then(|&i| data.0.analysis.items.get(i));
                if let Some(item) = item {
                    e.prevent_default();
                    dispatch.emit(Action::OpenBody(super::body_detail::BodyRef {
                        prefecture: item.prefecture.clone(),
                        organization: item.organization.clone(),
                    }));
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
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let header = 40;
                let row_top = next as i32 * ROW_HEIGHT;
                let view = el.client_height() - header;
                let top = el.scroll_top();
                if row_top < top {
                    el.set_scroll_top(row_top);
                } else if row_top + ROW_HEIGHT > top + view {
                    el.set_scroll_top(row_top + ROW_HEIGHT - view);
                }
            }
        })
    };

    let data = &props.data;
    let c = &props.classification;
    let rows: Vec<Html> = (start..end)
        .filter_map(|pos| {
            let i = *props.selection.get(pos)?;
            let row = item_row(data.analysis.items.get(i)?, c.verdicts.get(i)?);
            let onclick = {
                let active = active.clone();
                Callback::from(move |_: MouseEvent| active.set(Some(pos)))
            };
            Some(row_html(data, i, &row, pos, *active == Some(pos), onclick, &props.dispatch))
        })
        .collect();

    let detail = active
        .and_then(|pos| props.selection.get(pos).copied())
        .and_then(|i| Some(item_row(data.analysis.items.get(i)?, c.verdicts.get(i)?)))
        .map(|row| detail_html(&row));

    let headings = HEADINGS.iter().map(|h| match h {
        Heading::Plain(label) => html! { <th scope="col" role="columnheader">{ *label }</th> },
        Heading::Sortable(column) => {
            let column = *column;
            let state = props.sort.filter(|s| s.column == column).map(|s| s.direction);
            let (aria, mark) = match state {
                Some(Direction::Ascending) => ("ascending", " ▲"),
                Some(Direction::Descending) => ("descending", " ▼"),
                None => ("none", ""),
            };
            let onclick = {
                let dispatch = props.dispatch.clone();
                let sort = props.sort;
                Callback::from(move |_: MouseEvent| dispatch.emit(Action::SortBy(Sort::toggled(sort, column))))
            };
            html! {
                <th scope="col" role="columnheader" aria-sort={aria}>
                    <button type="button" class="sort" data-sort={column.key()} {onclick}>{ column.label_ja() }{ mark }</button>
                </th>
            }
        }
    });

    html! {
        <>
        <div class="table-scroll" ref={scroller} tabindex="0" role="grid" aria-label="判定結果の一覧（矢印キーで行を移動）"
            aria-rowcount={(len + 1).to_string()} aria-activedescendant={active.map(|p| format!("result-row-{p}"))}
            data-hook="results" {onscroll} {onkeydown}>
            <table class="results-table">
                <thead><tr role="row">{ for headings }</tr></thead>
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
        <div class="row-detail" aria-live="polite" data-hook="row-detail">
            { detail.unwrap_or_else(|| html! { <p class="hint">{ "行をクリックするか、一覧にフォーカスして矢印キーで選ぶと、ここに全項目を表示します。" }</p> }) }
        </div>
        </>
    }
}
