//! The body × system matrix coloured by roll-up status, like the seed's progress chart.
//!
//! Virtualised like the results table: the scroll box holds spacer rows as tall as the rows
//! above and below the view, and only the rows in view (plus a margin) are in the DOM, so a
//! national file's 1,788 bodies cost what a prefecture's dozens do.

use yew::prelude::*;

use super::body_detail::BodyRef;
use super::summary::badge;
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use super::{Action, Shared};
use crate::classify::Status;
use crate::summary::{Matrix, RowOrder};

/// A body row is 30 px high (`--matrix-row` in styles/app.css); the box at most 420 px (its
/// CSS max-height).
const GEOMETRY: Geometry = Geometry { row_height: 30, overscan: 10, default_viewport: 420 };

#[derive(Properties, PartialEq)]
pub struct Props {
    pub matrix: Shared<Matrix>,
    pub dispatch: Callback<Action>,
    /// Standardisation systems: 業務 across, with each cell's completion rate as text.
    #[prop_or_default]
    pub systems: bool,
}

/// The body's name as a button that opens its detail (timeline).
pub fn open_body_button(dispatch: &Callback<Action>, prefecture: Option<String>, organization: &str) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        let body = BodyRef { prefecture, organization: organization.to_owned() };
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            dispatch.emit(Action::OpenBody(body.clone()))
        })
    };
    html! {
        <button type="button" class="link-button" data-open-body={organization.to_owned()}
            title="この団体の工程表（タイムライン）を開く" {onclick}>{ organization.to_owned() }</button>
    }
}

#[function_component(MatrixView)]
pub fn matrix_view(props: &Props) -> Html {
    let m = &props.matrix;
    let len = m.rows.len();
    let row_order = use_state(RowOrder::default);
    let order: std::rc::Rc<Vec<usize>> = {
        let m = props.matrix.clone();
        use_memo((props.matrix.clone(), *row_order), move |(_, o)| m.order(*o))
    };
    let VirtualRows { scroller, top_spacer, bottom_spacer, start, end, onscroll, .. } =
        use_virtual_rows(len, GEOMETRY, (props.matrix.clone(), *row_order));
    let on_order = {
        let row_order = row_order.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
                .map(|s| s.value());
            row_order.set(match value.as_deref() {
                Some("rate") => RowOrder::MeanRate,
                Some("status") => RowOrder::WorstStatus,
                _ => RowOrder::AsRead,
            });
        })
    };
    let rate_text = |r: Option<crate::classify::systems::Rate>| r.map(|r| r.percent()).unwrap_or_default();

    html! {
        <section class="matrix" aria-labelledby="matrix-heading" data-hook="matrix" data-bodies={len.to_string()}>
            <h2 id="matrix-heading">
                { if props.systems { "団体 × 業務の進捗（完了率）" } else { "団体 × システムの進捗" } }
                <span class="sub">{ format!("{len} 団体") }</span>
            </h2>
            <div class="filter matrix-order">
                <label for="matrix-order">{ "並べ順" }</label>
                <select id="matrix-order" data-hook="matrix-order" onchange={on_order}>
                    <option value="" selected={*row_order == RowOrder::AsRead}>{ "ファイルの順" }</option>
                    if props.systems {
                        <option value="rate" selected={*row_order == RowOrder::MeanRate}>{ "平均完了率の低い順" }</option>
                    }
                    <option value="status" selected={*row_order == RowOrder::WorstStatus}>{ "状況の悪い順" }</option>
                </select>
            </div>
            <ul class="legend" aria-label="凡例">
                { for [Status::DeadlineExceeded, Status::PlanOverrun, Status::Unreported, Status::OnTrack, Status::Done, Status::NotApplicable]
                    .into_iter().map(|s| html! {
                        <li>
                            { badge(s) }
                            { s.priority().map(|p| html! { <span class="legend-priority">{ p.label_ja() }</span> }).unwrap_or_default() }
                        </li>
                    }) }
                <li><span class="badge st-none">{ "—" }</span><span class="legend-priority">{ "報告なし" }</span></li>
            </ul>
            <div class="matrix-scroll" ref={scroller} tabindex="0" role="region" {onscroll}
                aria-label="団体 × システムの表（縦横にスクロールできます）">
                <table aria-rowcount={(len + 1).to_string()}>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col">{ "団体" }</th>
                            <th scope="col">{ "全体" }</th>
                            if props.systems { <th scope="col">{ "平均完了率" }</th> }
                            { for m.systems.iter().map(|s| html! { <th scope="col">{ s.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        if start > 0 { <tr class="spacer" ref={top_spacer} aria-hidden="true"></tr> }
                        { for order.iter().enumerate().take(end).skip(start).filter_map(|(n, &i)| m.rows.get(i).map(|r| (n, r))).map(|(n, r)| html! {
                            <tr key={n} class="row" aria-rowindex={(n + 2).to_string()}
                                data-organization={r.organization.clone()} data-rollup={r.status.key()}>
                                <th scope="row">
                                    { open_body_button(&props.dispatch, r.prefecture.clone(), &r.organization) }
                                    if r.own_office { <span class="own">{ "自庁内" }</span> }
                                </th>
                                <td>{ badge(r.status) }</td>
                                if props.systems { <td class="rate" data-mean-rate={rate_text(r.mean_rate)}>{ rate_text(r.mean_rate) }</td> }
                                { for r.cells.iter().zip(&r.rates).zip(&m.systems).map(|((c, rate), sys)| match c {
                                    Some(s) => html! {
                                        <td data-system={sys.clone()} data-rollup={s.key()} data-rate={rate_text(*rate)}
                                            class={classes!(rate.is_some().then_some("with-rate"))}>
                                            { badge(*s) }
                                            if rate.is_some() { <span class="cell-rate">{ rate_text(*rate) }</span> }
                                        </td>
                                    },
                                    None => html! { <td data-system={sys.clone()}><span class="badge st-none">{ "—" }</span></td> },
                                }) }
                            </tr>
                        }) }
                        if end < len { <tr class="spacer" ref={bottom_spacer} aria-hidden="true"></tr> }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
