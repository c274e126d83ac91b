//! One body's detail: its tasks, systems and phases as an SVG timeline (planned bars against
//! actual bars, the as-of line, the profile's deadlines and milestones), with each row's status
//! and recommended action beside it. A modal dialog: focus moves to its close button, Tab and
//! Shift+Tab cycle inside it, Escape or the button closes it, and focus returns to what opened it.

use yew::prelude::*;

use super::modal::{use_modal, Modal};
use super::summary::badge;
use super::{Data, Shared};
use crate::classify::Classification;
use crate::profile::Profile;
use crate::timeline::{self, Bar, MarkerKind, Timeline};

pub use crate::page::BodyRef;

/// Width of the chart column in SVG units (= CSS pixels).
const WIDTH: f64 = 560.0;
const ROW_HEIGHT: f64 = 28.0;
const TICK_HEIGHT: f64 = 18.0;
const LANE_HEIGHT: f64 = 16.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub profile: Profile,
    pub body: BodyRef,
    pub on_close: Callback<()>,
}

fn n(x: f64) -> String {
    format!("{:.1}", x)
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Vertical lines shared by the axis and every row: month grid, milestones, deadlines, as-of.
fn guides(t: &Timeline, height: f64) -> Html {
    let h = n(height);
    html! {
        <>
        { for t.ticks.iter().map(|tick| html! {
            <line class="tl-grid" x1={n(tick.x)} x2={n(tick.x)} y1="0" y2={h.clone()} />
        }) }
        { for t.markers.iter().map(|m| {
            let class = match m.kind { MarkerKind::Deadline => "tl-deadline", MarkerKind::Milestone => "tl-milestone" };
            html! { <line class={class} x1={n(m.x)} x2={n(m.x)} y1="0" y2={h.clone()} /> }
        }) }
        <line class="tl-as-of" x1={n(t.as_of_x)} x2={n(t.as_of_x)} y1="0" y2={h.clone()} />
        </>
    }
}

fn axis(t: &Timeline) -> Html {
    let height = TICK_HEIGHT + LANE_HEIGHT * (t.lanes as f64 + 1.0);
    let label_y = |lane: usize| height - TICK_HEIGHT - 4.0 - LANE_HEIGHT * lane as f64;
    let anchor = |x: f64, chars: usize| {
        if x + chars as f64 * 11.0 > WIDTH {
            "end"
        } else {
            "start"
        }
    };
    let as_of_label = format!("基準日 {}", timeline::month_day(t.as_of));
    html! {
        <svg class="tl-axis" width={n(WIDTH)} height={n(height)} viewBox={format!("0 0 {} {}", n(WIDTH), n(height))}
            role="img" aria-label={format!("時間軸：{} から {}", iso(t.scale.start), iso(t.scale.end))}>
            { guides(t, height) }
            { for t.ticks.iter().map(|tick| html! {
                <text class="tl-tick" x={n(tick.x + 2.0)} y={n(height - 5.0)}>{ tick.label.clone() }</text>
            }) }
            { for t.markers.iter().map(|m| {
                let class = match m.kind { MarkerKind::Deadline => "tl-deadline-label", MarkerKind::Milestone => "tl-milestone-label" };
                html! {
                    <text class={class} x={n(m.x)} y={n(label_y(m.lane))} text-anchor={anchor(m.x, m.label.chars().count())}
                        data-marker={iso(m.date)}>{ m.label.clone() }</text>
                }
            }) }
            <text class="tl-as-of-label" x={n(t.as_of_x)} y={n(label_y(t.lanes))}
                text-anchor={anchor(t.as_of_x, as_of_label.chars().count())}>{ as_of_label.clone() }</text>
        </svg>
    }
}

fn bar(b: &Bar, y: f64, h: f64, class: String) -> Html {
    let width = if b.is_point() { 3.0 } else { b.width.max(1.5) };
    let x = if b.is_point() { b.x - 1.5 } else { b.x };
    html! { <rect class={class} x={n(x)} y={n(y)} width={n(width)} height={n(h)} rx="2" /> }
}

fn describe(row: &timeline::Row) -> String {
    let span = |b: &Option<Bar>, open_text: &str| match b {
        None => "なし".to_owned(),
        Some(b) if b.open => format!("{}〜（{open_text}）", iso(b.start)),
        Some(b) if b.is_point() => iso(b.start),
        Some(b) => format!("{}〜{}", iso(b.start), iso(b.end)),
    };
    format!("予定 {}、実績 {}", span(&row.planned, ""), span(&row.actual, "未完了"))
}

fn row_chart(t: &Timeline, row: &timeline::Row) -> Html {
    let actual_class = |open: bool| {
        let mut c = format!("tl-actual fill-{}", row.status.key());
        if open {
            c.push_str(" tl-open");
        }
        c
    };
    html! {
        <svg class="tl-row" width={n(WIDTH)} height={n(ROW_HEIGHT)} viewBox={format!("0 0 {} {}", n(WIDTH), n(ROW_HEIGHT))}
            role="img" aria-label={describe(row)}>
            { guides(t, ROW_HEIGHT) }
            { row.planned.as_ref().map(|b| bar(b, 4.0, 9.0, "tl-planned".to_owned())).unwrap_or_default() }
            { row.actual.as_ref().map(|b| bar(b, 15.0, 9.0, actual_class(b.open))).unwrap_or_default() }
        </svg>
    }
}

#[function_component(BodyDetail)]
pub fn body_detail(props: &Props) -> Html {
    let Modal { dialog, close_button, onkeydown, on_backdrop, oncancel, close } =
        use_modal(props.body.clone(), props.on_close.clone());

    let t: std::rc::Rc<Timeline> = {
        let data = props.data.clone();
        let c = props.classification.clone();
        use_memo(
            (props.data.clone(), props.classification.clone(), props.profile.clone(), props.body.clone()),
            move |(_, _, profile, body)| {
                let items = &data.analysis.items;
                let idx = timeline::body_items(items, body.prefecture.as_deref(), &body.organization);
                timeline::timeline(items, &c.verdicts, &idx, c.as_of, profile, WIDTH)
            },
        )
    };

    let own_office =
        t.rows.first().and_then(|r| props.classification.verdicts.get(r.item)).is_some_and(|v| v.own_office);

    let name = props.body.organization.clone();
    html! {
        <dialog class="body-detail-backdrop" aria-labelledby="body-detail-heading" ref={dialog} onclick={on_backdrop}
            {oncancel} {onkeydown}>
            <section class="body-detail" data-hook="body-detail" data-organization={name.clone()}>
                <div class="body-detail-head">
                    <h2 id="body-detail-heading">
                        { format!("{name} の進捗") }
                        if own_office { <span class="own">{ "自庁内" }</span> }
                        <span class="sub">{ format!("（基準日 {}）", iso(t.as_of)) }</span>
                    </h2>
                    <button type="button" class="button small" ref={close_button} data-action="close-body-detail"
                        onclick={close}>{ "閉じる（Esc）" }</button>
                </div>
                <ul class="tl-legend" aria-label="凡例">
                    <li><span class="tl-key tl-key-planned"></span>{ "予定（開始日〜終了日）" }</li>
                    <li><span class="tl-key tl-key-actual"></span>{ "実績（未完了は基準日まで）" }</li>
                    <li><span class="tl-key tl-key-as-of"></span>{ "基準日" }</li>
                    <li><span class="tl-key tl-key-deadline"></span>{ "▼ 完了期日" }</li>
                    <li><span class="tl-key tl-key-milestone"></span>{ "▼ 目安（期日ではない）" }</li>
                </ul>
                <div class="tl-scroll" tabindex="0" role="region" aria-label="タスク・システム・工程ごとの予定と実績">
                    <table class="timeline" data-hook="timeline">
                        <thead>
                            <tr>
                                <th scope="col">{ "タスク・システム・工程" }</th>
                                <th scope="col" class="tl-chart-cell">{ axis(&t) }</th>
                                <th scope="col">{ "状況" }</th>
                                <th scope="col">{ "推奨対応" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for t.rows.iter().map(|row| html! {
                                <tr data-status={row.status.key()} data-phase={row.phase.clone().unwrap_or_default()}
                                    data-system={row.system.clone().unwrap_or_default()} data-task={row.task.clone()}>
                                    <th scope="row" class="tl-label">
                                        <span class="tl-task">{ format!("{} {}", row.task, row.system.clone().unwrap_or_default()) }</span>
                                        <span class="tl-phase">{ row.phase.clone().unwrap_or_default() }</span>
                                    </th>
                                    <td class="tl-chart-cell">{ row_chart(&t, row) }</td>
                                    <td class="tl-status">
                                        { badge(row.status) }
                                        if let Some(p) = row.status.priority() {
                                            <span class="tl-priority">{ p.label_ja() }</span>
                                        }
                                        if let Some(d) = row.days_late {
                                            <span class="tl-days">{ format!("{d} 日") }</span>
                                        }
                                    </td>
                                    <td class="tl-action">{ row.recommended_action.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if t.rows.is_empty() {
                    <p class="empty">{ "この団体の項目は見つかりませんでした。" }</p>
                }
            </section>
        </dialog>
    }
}
