//! The standardisation programme's results (SPEC §9): one row per system (body × 業務) with its
//! completion rate, current step, deadline (designated or not), days late, status, priority,
//! warnings, recommended action and source; filters by status (the counts above), 業務,
//! designation, rate and body text; sort by any column; copy as TSV, save as CSV or as an
//! .xlsx report with status colours (through the report module); the body
//! name opens its steps. Virtualised like the items' table, so 34,820 systems scroll smoothly.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::matrix::open_body_button;
use super::over_time::sparkline;
use super::summary::badge;
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use super::{browser, report_module, Action, Data, Shared};
use crate::classify::systems::Rate;
use crate::classify::systems::SystemVerdict;
use crate::classify::Classification;
use crate::column::{self, Column, Kind, RollupField, Row, Style};
use crate::export::{list, Delimiter};
use crate::query::{Direction, Judged, Query, Sort};
use crate::report::{system_row, RollupRow};
use crate::summary::thousands;

/// One row is 34 px high, like the items' table (`tr.row` in styles/app.css).
const GEOMETRY: Geometry = Geometry { row_height: 34, overscan: 8, default_viewport: 560 };

/// One cell of the systems table: the column's value, with the page's extras.
fn cell_html(r: &RollupRow<'_>, column: &Column<RollupField>, dispatch: &Callback<Action>) -> Html {
    let text = r.cell(column.field).text(Style::Sheet).into_owned();
    match column.field {
        RollupField::Organization => html! {
            <td>
                { open_body_button(dispatch, r.prefecture.map(str::to_owned), r.organization) }
                if r.own_office { <span class="own">{ "自庁内" }</span> }
            </td>
        },
        RollupField::CompletionRate => {
            html! { <td class="number rate">{ if text.is_empty() { "—".to_owned() } else { text } }</td> }
        }
        RollupField::CurrentStep => html! { <td class="step-name" title={text.clone()}>{ text }</td> },
        RollupField::Deadline => html! {
            <td class="date">
                { text }
                if r.extended { <span class="extended">{ "特定移行支援" }</span> }
            </td>
        },
        RollupField::Status => html! {
            <td>
                { badge(r.status) }
                if let Some(p) = r.status.priority() { <span class="priority">{ p.label_ja() }</span> }
            </td>
        },
        RollupField::Warnings => html! { <td class="warnings">{ text }</td> },
        RollupField::RecommendedAction => html! { <td class="action">{ text }</td> },
        RollupField::Source => {
            let title = r
                .source
                .as_ref()
                .map(|s| format!("{} のシート「{}」の {} 行目", s.file, s.sheet, s.row))
                .unwrap_or_default();
            html! { <td class="source" {title}>{ text }</td> }
        }
        _ => match column.kind {
            Kind::Date => html! { <td class="date">{ text }</td> },
            Kind::Number => html! { <td class="number">{ text }</td> },
            _ => html! { <td>{ text }</td> },
        },
    }
}

/// The projected completion (SPEC §11), coloured and worded ahead of or past the deadline.
fn projected_cell(v: &crate::classify::systems::SystemVerdict) -> Html {
    match v.projected_completion {
        Some(d) => {
            let late = d > v.deadline;
            html! {
                <td class={classes!("date", "projected", if late { "late" } else { "ahead" })}
                    data-projected={d.format("%Y-%m-%d").to_string()} data-late={late.to_string()}>
                    { d.format("%Y-%m-%d").to_string() }
                    <span class="projection-note">{ if late { "期限後" } else { "期限内" } }</span>
                </td>
            }
        }
        None => html! { <td class="date projected">{ "—" }</td> },
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    /// Indices into the classification's systems, filtered and sorted.
    pub selection: Shared<Vec<usize>>,
    pub query: Query,
    pub dispatch: Callback<Action>,
    /// With files of two dates or more (SPEC §11): each row's course (sparkline, projection).
    pub history: Shared<Option<crate::history::Overview>>,
}

fn select_value(e: &Event) -> Option<String> {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value())
}

/// The roll-up rows of the selected systems (for copying and saving).
fn rows<'a>(c: &'a Classification, data: &'a Data, selection: &[usize]) -> Vec<RollupRow<'a>> {
    selection
        .iter()
        .filter_map(|&i| c.rollup_of(crate::classify::SystemId(i)))
        .map(|r| system_row(r, c, &data.analysis.systems))
        .collect()
}

fn copy(text: String, done: String, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        match browser::copy_text(&text).await {
            Ok(()) => dispatch.emit(Action::Notice(done)),
            Err(e) => dispatch.emit(Action::Notice(e)),
        }
    });
}

#[function_component(SystemsSection)]
pub fn systems_section(props: &Props) -> Html {
    let c = &props.classification;
    let q = &props.query;
    let dispatch = &props.dispatch;
    let history = Option::as_ref(&*props.history.0);
    let len = props.selection.len();
    let total = c.systems.systems.len();
    let VirtualRows { scroller, top_spacer, bottom_spacer, start, end, onscroll, .. } =
        use_virtual_rows(len, GEOMETRY, props.selection.clone());

    let set = |f: fn(&mut Query, Option<String>)| {
        let dispatch = dispatch.clone();
        let query = q.clone();
        Callback::from(move |e: Event| {
            let mut next = query.clone();
            f(&mut next, select_value(&e).filter(|v| !v.is_empty()));
            dispatch.emit(Action::SetQuery(next));
        })
    };
    let on_task = set(|q, v| q.task = v);
    let on_extended = set(|q, v| q.extended = v.map(|v| v == "yes"));
    let on_rate = {
        let dispatch = dispatch.clone();
        let query = q.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let rate_below = input
                .value()
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|p| (0.0..=100.0).contains(p))
                .map(|p| Rate::from_fraction(p.floor() / 100.0));
            dispatch.emit(Action::SetQuery(Query { rate_below, ..query.clone() }));
        })
    };
    let on_body = {
        let dispatch = dispatch.clone();
        let query = q.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            dispatch.emit(Action::SetQuery(Query { body: input.value(), ..query.clone() }));
        })
    };
    let on_clear = {
        let dispatch = dispatch.clone();
        let system_sort = q.system_sort;
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetQuery(Query { system_sort, ..Query::default() })))
    };
    // With a history (SPEC §11) the exports carry each system's projected completion.
    let projected = history.is_some();
    let on_copy = {
        let (c, data, selection, dispatch) =
            (props.classification.clone(), props.data.clone(), props.selection.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let r = rows(&c, &data, &selection);
            copy(
                list(&column::systems(projected), &r, Delimiter::Tab),
                format!("{} システムを表としてコピーしました。", thousands(r.len())),
                dispatch.clone(),
            );
        })
    };
    let on_csv = {
        let (c, data, selection, dispatch) =
            (props.classification.clone(), props.data.clone(), props.selection.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let r = rows(&c, &data, &selection);
            let text = format!("\u{feff}{}", list(&column::systems(projected), &r, Delimiter::Comma));
            let name = format!("標準化_システム別_{}.csv", c.as_of.format("%Y%m%d"));
            match browser::download(&name, "text/csv;charset=utf-8", text.as_bytes()) {
                Ok(()) => {
                    dispatch.emit(Action::Notice(format!("{} システムを CSV に保存しました。", thousands(r.len()))))
                }
                Err(e) => dispatch.emit(Action::Notice(e)),
            }
        })
    };
    let on_print = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetPrinting(true)))
    };
    let on_xlsx = {
        let (c, data, selection, dispatch, conditions) = (
            props.classification.clone(),
            props.data.clone(),
            props.selection.clone(),
            dispatch.clone(),
            q.describe_ja(),
        );
        Callback::from(move |_: MouseEvent| {
            let r = rows(&c, &data, &selection);
            let n = r.len();
            let as_of = c.as_of.format("%Y-%m-%d").to_string();
            let request =
                crate::export::xlsx::request(&[], &[], (&r, projected), &data.analysis.skipped, &as_of, &conditions);
            let name = format!("標準化_システム別_{}.xlsx", c.as_of.format("%Y%m%d"));
            let dispatch = dispatch.clone();
            dispatch.emit(Action::Notice("Excel 報告書を作成しています…".to_owned()));
            wasm_bindgen_futures::spawn_local(async move {
                let result = match report_module::xlsx(&request).await {
                    Ok(bytes) => browser::download(
                        &name,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        &bytes,
                    )
                    .map(|()| format!("{} システムを Excel 報告書（.xlsx）でダウンロードしました。", thousands(n))),
                    Err(e) => Err(e.message_ja()),
                };
                dispatch.emit(Action::Notice(result.unwrap_or_else(|e| e)));
            });
        })
    };
    let heading = |column: &Column<RollupField>| -> Html {
        if !SystemVerdict::sorts_by(column.field) {
            return html! { <th scope="col">{ column.heading }</th> };
        }
        let field = column.field;
        let current = q.system_sort.filter(|s| s.column == field).map(|s| s.direction);
        let onclick = {
            let dispatch = dispatch.clone();
            let query = q.clone();
            Callback::from(move |_: MouseEvent| {
                let system_sort = Some(Sort::toggled(query.system_sort, field));
                dispatch.emit(Action::SetQuery(Query { system_sort, ..query.clone() }));
            })
        };
        let aria = match current {
            Some(Direction::Ascending) => "ascending",
            Some(Direction::Descending) => "descending",
            None => "none",
        };
        let arrow = match current {
            Some(Direction::Ascending) => " ▲",
            Some(Direction::Descending) => " ▼",
            None => "",
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="sort" data-sort-system={column.key} {onclick}>{ column.heading }{ arrow }</button>
            </th>
        }
    };
    let tasks: Vec<String> = {
        let mut t: Vec<(usize, String)> = c.systems.systems.iter().map(|v| (v.task_order, v.task.clone())).collect();
        t.sort();
        t.dedup();
        t.into_iter().map(|(_, n)| n).collect()
    };

    html! {
        <section class="results systems" aria-labelledby="systems-heading" data-hook="systems">
            <h2 id="systems-heading">{ "システム（団体 × 業務）の一覧" }</h2>
            <div class="filters" role="search" aria-label="システムの絞り込み">
                <div class="filter">
                    <label for="system-filter-body">{ "団体名" }</label>
                    <input id="system-filter-body" type="search" data-system-filter="body" placeholder="例：B市（全角・半角どちらでも）"
                        value={q.body.clone()} oninput={on_body} />
                </div>
                <div class="filter">
                    <label for="system-filter-task">{ "業務" }</label>
                    <select id="system-filter-task" data-system-filter="task" onchange={on_task}>
                        <option value="" selected={q.task.is_none()}>{ "すべて" }</option>
                        { for tasks.iter().map(|t| html! {
                            <option value={t.clone()} selected={q.task.as_deref() == Some(t.as_str())}>{ t.clone() }</option>
                        }) }
                    </select>
                </div>
                <div class="filter">
                    <label for="system-filter-extended">{ "特定移行支援" }</label>
                    <select id="system-filter-extended" data-system-filter="extended" onchange={on_extended}>
                        <option value="" selected={q.extended.is_none()}>{ "すべて" }</option>
                        <option value="yes" selected={q.extended == Some(true)}>{ "該当" }</option>
                        <option value="no" selected={q.extended == Some(false)}>{ "該当しない" }</option>
                    </select>
                </div>
                <div class="filter">
                    <label for="system-filter-rate">{ "完了率（%）未満" }</label>
                    <input id="system-filter-rate" type="number" min="0" max="100" step="1" data-system-filter="rate-below"
                        value={q.rate_below.map(|r| (f64::from(r.ten_thousandths()) / 100.0).to_string()).unwrap_or_default()} onchange={on_rate} />
                </div>
                <div class="filter">
                    <button type="button" class="button small" data-action="clear-system-filters" onclick={on_clear}
                        disabled={!q.is_filtered()}>{ "絞り込みを解除" }</button>
                </div>
                <p class="result-count" data-hook="system-count" data-shown={len.to_string()} data-total={total.to_string()}
                    aria-live="polite">{ format!("{} / {} システム", thousands(len), thousands(total)) }</p>
            </div>
            <div class="actions">
                <button type="button" class="button" data-action="copy-systems" onclick={on_copy}>{ "表をコピー（Excel 貼り付け用）" }</button>
                <button type="button" class="button" data-action="download-systems-csv" onclick={on_csv}>{ "CSV で保存" }</button>
                <button type="button" class="button" data-action="download-systems-xlsx" onclick={on_xlsx}>{ "Excel 報告書（色付き）" }</button>
                <button type="button" class="button" data-action="print-view" onclick={on_print}>{ "印刷用の表示（A4 横）" }</button>
            </div>
            <div class="table-scroll" ref={scroller} tabindex="0" role="region" aria-label="システムの一覧（スクロールできます）" {onscroll}>
                <table class="systems-table" aria-rowcount={(len + 1).to_string()}>
                    <thead>
                        <tr>
                            { for column::SYSTEMS_PAGE.iter().map(|col| html! {
                                <>
                                { heading(col) }
                                if col.field == RollupField::Deadline && history.is_some() {
                                    { heading(&column::SYSTEMS_PAGE_PROJECTED) }
                                    <th scope="col">{ "推移" }</th>
                                }
                                </>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        if start > 0 { <tr class="spacer" ref={top_spacer} aria-hidden="true"></tr> }
                        { for props.selection.iter().enumerate().take(end).skip(start).filter_map(|(pos, &i)| {
                            let v = c.systems.systems.get(i)?;
                            let r = system_row(c.rollup_of(crate::classify::SystemId(i))?, c, &props.data.analysis.systems);
                            Some(html! {
                                <tr key={i} class="row" aria-rowindex={(pos + 2).to_string()} data-status={v.status.key()}
                                    data-organization={v.organization.clone()} data-task={v.task.clone()}
                                    data-extended={v.extended.to_string()}
                                    data-rate={v.completion_rate.map(|r| r.as_f64().to_string()).unwrap_or_default()}>
                                    { for column::SYSTEMS_PAGE.iter().map(|col| html! {
                                        <>
                                        { cell_html(&r, col, dispatch) }
                                        if let (RollupField::Deadline, Some(h)) = (col.field, history) {
                                            { projected_cell(v) }
                                            <td class="trend">
                                                if let Some(course) = h.rows.get(i).copied().flatten().and_then(|k| h.courses.get(k)) {
                                                    { sparkline(&course.rates) }
                                                }
                                            </td>
                                        }
                                        </>
                                    }) }
                                </tr>
                            })
                        }) }
                        if end < len { <tr class="spacer" ref={bottom_spacer} aria-hidden="true"></tr> }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
