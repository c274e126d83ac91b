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
use crate::column::{self, Cell, Column, ItemField, Kind, Row, Style};
use crate::query::{Direction, Judged, JudgedItem, Sort};
use crate::report::{item_row, ItemRow};

/// Height of one row in CSS pixels; `styles/app.css` gives `tr.row` the same height.
const ROW_HEIGHT: i32 = 34;
const GEOMETRY: Geometry = Geometry { row_height: ROW_HEIGHT, overscan: 8, default_viewport: 560 };

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub selection: Shared<Vec<usize>>,
    pub sort: Option<Sort<ItemField>>,
    pub dispatch: Callback<Action>,
}

/// One cell of the table: the column's value, with the page's extras (the body's button, the
/// status badge, titles with the full text).
fn cell_html(row: &ItemRow<'_>, column: &Column<ItemField>, dispatch: &Callback<Action>) -> Html {
    let cell = row.cell(column.field);
    let text = cell.text(Style::Sheet).into_owned();
    match column.field {
        ItemField::Organization => html! {
            <td class="org" title={format!("{}{}", row.prefecture.unwrap_or(""), row.organization)}>
                { super::matrix::open_body_button(dispatch, row.prefecture.map(str::to_owned), row.organization) }
                if row.own_office { <span class="own">{ "自庁内" }</span> }
            </td>
        },
        ItemField::Task => html! { <td title={row.task_name.unwrap_or("").to_owned()}>{ text }</td> },
        ItemField::Deadline => html! { <td class="date" title={row.deadline_label.to_owned()}>{ text }</td> },
        ItemField::Status => html! { <td>{ badge(row.status) }</td> },
        ItemField::Warnings => html! { <td class="warn" title={text.clone()}>{ text }</td> },
        ItemField::RecommendedAction => html! { <td class="action" title={text.clone()}>{ text }</td> },
        ItemField::Source => {
            let title = format!("{} のシート「{}」の {} 行目", row.source.file, row.source.sheet, row.source.row);
            html! { <td class="source" {title}>{ text }</td> }
        }
        _ => match column.kind {
            Kind::Date => {
                let invalid = matches!(cell, Cell::Unread(_));
                html! {
                    <td class={classes!("date", invalid.then_some("invalid"))}
                        title={invalid.then(|| "日付として読めないセル".to_owned())}>{ text }</td>
                }
            }
            Kind::Number => html! { <td class="num">{ text }</td> },
            _ => html! { <td>{ text }</td> },
        },
    }
}

fn row_html(
    i: usize,
    row: &ItemRow<'_>,
    pos: usize,
    active: bool,
    onclick: Callback<MouseEvent>,
    dispatch: &Callback<Action>,
) -> Html {
    html! {
        <tr id={format!("result-row-{pos}")} class={classes!("row", active.then_some("active"))}
            role="row" aria-rowindex={(pos + 2).to_string()} aria-selected={active.to_string()}
            data-status={row.status.key()} data-organization={row.organization.to_owned()}
            data-prefecture={row.prefecture.unwrap_or("").to_owned()}
            data-task={row.task.unwrap_or("").to_owned()} data-system={row.system.unwrap_or("").to_owned()}
            data-phase={row.phase.unwrap_or("").to_owned()} data-index={i.to_string()} {onclick}>
            { for column::ITEMS_PAGE.iter().map(|c| cell_html(row, c, dispatch)) }
        </tr>
    }
}

/// Every column of the item list (as CSV has them) that has a value.
fn detail_html(row: &ItemRow<'_>) -> Html {
    let cells = column::texts(row, &column::ITEMS, Style::Sheet);
    html! {
        <dl class="row-detail-list">
            { for column::ITEMS.iter().zip(cells).filter(|(_, v)| !v.is_empty()).map(|(c, v)| html! {
                <><dt>{ c.heading }</dt><dd>{ v }</dd></>
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
            Some(row_html(i, &row, pos, *active == Some(pos), onclick, &props.dispatch))
        })
        .collect();

    let detail = active
        .and_then(|pos| props.selection.get(pos).copied())
        .and_then(|i| Some(item_row(data.analysis.items.get(i)?, c.verdicts.get(i)?)))
        .map(|row| detail_html(&row));

    let headings = column::ITEMS_PAGE.iter().map(|c| {
        if !JudgedItem::sorts_by(c.field) {
            return html! { <th scope="col" role="columnheader">{ c.heading }</th> };
        }
        let field = c.field;
        let state = props.sort.filter(|s| s.column == field).map(|s| s.direction);
        let (aria, mark) = match state {
            Some(Direction::Ascending) => ("ascending", " ▲"),
            Some(Direction::Descending) => ("descending", " ▼"),
            None => ("none", ""),
        };
        let onclick = {
            let dispatch = props.dispatch.clone();
            let sort = props.sort;
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::SortBy(Sort::toggled(sort, field))))
        };
        html! {
            <th scope="col" role="columnheader" aria-sort={aria}>
                <button type="button" class="sort" data-sort={c.key} {onclick}>{ c.heading }{ mark }</button>
            </th>
        }
    });

    html! {
        <>
        // The grid is the table itself (its rows are its own, as ARIA requires of a grid), and it
        // takes the focus and the keys; the box around it only scrolls.
        <div class="table-scroll" ref={scroller} {onscroll}>
            <table class="results-table" tabindex="0" role="grid" aria-label="判定結果の一覧（矢印キーで行を移動）"
                aria-rowcount={(len + 1).to_string()} aria-activedescendant={active.map(|p| format!("result-row-{p}"))}
                data-hook="results" {onkeydown}>
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
