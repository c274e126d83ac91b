//! The body × system matrix coloured by roll-up status, like the seed's progress chart.

use yew::prelude::*;

use super::body_detail::BodyRef;
use super::summary::badge;
use super::{Action, Shared};
use crate::classify::Status;
use crate::summary::Matrix;

/// Most bodies drawn at once (a prefecture has a few dozen; a national file about 1,800).
const MAX_ROWS: usize = 2000;
/// Bodies drawn until the user asks for all: drawing a national file's 1,788 rows blocks the
/// page for about 0.7 s after the load (tests/browser/bench.mjs), a prefecture fits in this.
const FIRST_ROWS: usize = 300;

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
    let all = use_state(|| false);
    let limit = if *all { MAX_ROWS } else { FIRST_ROWS };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <section class="matrix" aria-labelledby="matrix-heading" data-hook="matrix">
            <h2 id="matrix-heading">{ "団体 × システムの進捗" }</h2>
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
            <div class="matrix-scroll" tabindex="0" role="region" aria-label="団体 × システムの表（横にスクロールできます）">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{ "団体" }</th>
                            <th scope="col">{ "全体" }</th>
                            { for m.systems.iter().map(|s| html! { <th scope="col">{ s.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for m.rows.iter().take(limit).map(|r| html! {
                            <tr data-organization={r.organization.clone()} data-rollup={r.status.key()}>
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
                    </tbody>
                </table>
            </div>
            if !*all && m.rows.len() > limit {
                <p class="hint" data-hook="matrix-more">
                    { format!("先頭の {limit} 団体を表示しています（全 {} 団体）。", m.rows.len()) }
                    <button type="button" class="button small" data-action="matrix-show-all" onclick={show_all}>
                        { format!("すべての団体を表示（{} 団体）", m.rows.len().min(MAX_ROWS)) }
                    </button>
                </p>
            }
            if *all && m.rows.len() > MAX_ROWS {
                <p class="hint" data-hook="matrix-truncated">
                    { format!("団体が多いため、先頭の {MAX_ROWS} 団体だけを表示しています（全 {} 団体）。個々の団体は下の一覧で絞り込んでください。", m.rows.len()) }
                </p>
            }
        </section>
    }
}
