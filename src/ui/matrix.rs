//! The body × system matrix coloured by roll-up status, like the seed's progress chart.
//!
//! Virtualised like the results table: the scroll box holds spacer rows as tall as the rows
//! above and below the view, and only the rows in view (plus a margin) are in the DOM, so a
//! national file's 1,788 bodies cost what a prefecture's dozens do.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::body_detail::BodyRef;
use super::summary::badge;
use super::{Action, Shared};
use crate::classify::Status;
use crate::summary::Matrix;

/// Height of a body row in pixels; must equal `--matrix-row` in styles/app.css.
const ROW_HEIGHT: i32 = 30;
/// Rows drawn above and below the view.
const OVERSCAN: usize = 10;
/// The scroll box's height before it is first measured (its CSS max-height).
const DEFAULT_VIEWPORT: i32 = 420;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub matrix: Shared<Matrix>,
    pub dispatch: Callback<Action>,
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
    let scroller = use_node_ref();
    let top_spacer = use_node_ref();
    let bottom_spacer = use_node_ref();
    let scroll_top = use_state(|| 0i32);
    let viewport = use_state(|| DEFAULT_VIEWPORT);
    let len = m.rows.len();

    // A new matrix (reload, as-of, profile) starts at the top.
    {
        let scroller = scroller.clone();
        let scroll_top = scroll_top.clone();
        use_effect_with(props.matrix.clone(), move |_| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0);
        });
    }

    let first = usize::try_from(*scroll_top / ROW_HEIGHT).unwrap_or(0);
    let visible = usize::try_from(*viewport / ROW_HEIGHT + 1).unwrap_or(15);
    let start = first.saturating_sub(OVERSCAN).min(len);
    let end = (first + visible + OVERSCAN).min(len);

    // Spacer heights through the CSSOM (the CSP forbids inline style attributes).
    {
        let (top, bottom) = (top_spacer.clone(), bottom_spacer.clone());
        use_effect_with((start, end, len), move |&(start, end, len)| {
            super::table::set_height(&top, start as i64 * i64::from(ROW_HEIGHT));
            super::table::set_height(&bottom, (len - end) as i64 * i64::from(ROW_HEIGHT));
        });
    }

    let onscroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                scroll_top.set(el.scroll_top());
                viewport.set(el.client_height().max(ROW_HEIGHT));
            }
        })
    };

    html! {
        <section class="matrix" aria-labelledby="matrix-heading" data-hook="matrix" data-bodies={len.to_string()}>
            <h2 id="matrix-heading">{ "団体 × システムの進捗" }<span class="sub">{ format!("{len} 団体") }</span></h2>
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
                            { for m.systems.iter().map(|s| html! { <th scope="col">{ s.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        if start > 0 { <tr class="spacer" ref={top_spacer} aria-hidden="true"></tr> }
                        { for m.rows.iter().enumerate().take(end).skip(start).map(|(n, r)| html! {
                            <tr key={n} class="row" aria-rowindex={(n + 2).to_string()}
                                data-organization={r.organization.clone()} data-rollup={r.status.key()}>
                                <th scope="row">
                                    { open_body_button(&props.dispatch, r.prefecture.clone(), &r.organization) }
                                    if r.own_office { <span class="own">{ "自庁内" }</span> }
                                </th>
                                <td>{ badge(r.status) }</td>
                                { for r.cells.iter().zip(&m.systems).map(|(c, sys)| match c {
                                    Some(s) => html! { <td data-system={sys.clone()} data-rollup={s.key()}>{ badge(*s) }</td> },
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
