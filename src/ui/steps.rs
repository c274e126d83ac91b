//! A body's standardisation systems step by step (SPEC §9): a modal dialog over the page
//! (`super::modal`; its grid scrolls in a region that takes focus, so a keyboard scrolls it) with one row per 業務 and
//! one column per step of the procedure, each cell coloured by the step's own status and
//! carrying its status word (never colour alone, and legible when printed), the current step
//! marked, planned and actual end dates where the file has them, and the as-of date and the
//! deadline (extended or not) per system.

use chrono::NaiveDate;
use yew::prelude::*;

use super::body_detail::BodyRef;
use super::modal::{use_modal, Modal};
use super::summary::badge;
use super::{Data, Shared};
use crate::classify::systems::{recommended_action, step_verdicts, SystemVerdict, WordStates};
use crate::classify::Classification;
use crate::profile::{Profile, StepState, Vocabulary};
use crate::system::Progress;
use crate::text::fold;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub profile: Profile,
    pub body: BodyRef,
    pub on_close: Callback<()>,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn short(d: NaiveDate) -> String {
    d.format("%y/%-m/%-d").to_string()
}

/// The word shown in a step's cell.
fn word(state: StepState, written: &str) -> String {
    match state {
        StepState::Done => "完了".to_owned(),
        StepState::NotApplicable => "対象外".to_owned(),
        StepState::InProgress => "作業中".to_owned(),
        StepState::NotStarted => "未着手".to_owned(),
        StepState::Blank => "空欄".to_owned(),
        StepState::Unknown => written.to_owned(),
    }
}

/// The code of a step heading (`⑨-2`), or the heading itself.
fn code(heading: &str) -> String {
    heading.split_once([' ', '　']).map_or(heading, |(c, _)| c).to_owned()
}

/// One system's row of the grid.
fn system_row(data: &Data, c: &Classification, v: &SystemVerdict, words: &WordStates) -> Html {
    let systems = &data.analysis.systems;
    let steps = v.steps.and_then(|i| systems.reports.get(i)).and_then(|r| match &r.progress {
        Progress::Steps(s) => Some(s),
        Progress::Rate(_) => None,
    });
    let table = steps.and_then(|s| systems.tables.get(s.table));
    let verdicts = step_verdicts(systems, v, words, c.as_of);
    let current = v.current_step.as_deref();
    html! {
        <tr data-task={v.task.clone()} data-status={v.status.key()}>
            <th scope="row" class="steps-system">
                <span class="steps-task">{ v.task.clone() }</span>
                <span class="steps-rate" data-rate={v.completion_rate.map(|r| r.as_f64().to_string()).unwrap_or_default()}>
                    { v.completion_rate.map(|r| format!("完了率 {}", r.percent())).unwrap_or_else(|| "完了率 —".to_owned()) }
                </span>
                { badge(v.status) }
                if let Some(d) = v.days_late {
                    <span class="tl-days">{ format!("{d} 日") }</span>
                }
                <span class="steps-deadline">
                    { format!("期日 {}{}", iso(v.deadline), if v.extended { "（特定移行支援）" } else { "" }) }
                </span>
                <span class="steps-action">{ recommended_action(v.status, v.extended, v.own_office) }</span>
            </th>
            { for verdicts.iter().map(|(k, sv)| {
                let heading = table.and_then(|t| t.steps.get(*k)).cloned().unwrap_or_default();
                let written = steps.map(|s| systems.word(s, *k)).unwrap_or("");
                let dates = steps.and_then(|s| s.dates.as_ref()).and_then(|d| d.get(*k));
                let is_current = current == Some(heading.as_str());
                let pe = dates.and_then(|d| d.planned_end.date());
                let ae = dates.and_then(|d| d.actual_end.date());
                let late = pe.is_some_and(|pe| pe > v.deadline);
                html! {
                    <td class={classes!("step", format!("step-{}", sv.state.key()), format!("st-{}", sv.status.key()),
                            is_current.then_some("current"), late.then_some("past-deadline"))}
                        data-step={code(&heading)} data-step-state={sv.state.key()} data-step-status={sv.status.key()}
                        title={format!("{heading}：{}{}", if written.is_empty() { "（空欄）" } else { written },
                            if is_current { "（現在のステップ）" } else { "" })}>
                        if is_current { <span class="current-mark" aria-label="現在のステップ">{ "▶" }</span> }
                        <span class="step-word">{ word(sv.state, written) }</span>
                        if let Some(pe) = pe { <span class="step-date">{ format!("予{}", short(pe)) }</span> }
                        if let Some(ae) = ae { <span class="step-date">{ format!("実{}", short(ae)) }</span> }
                    </td>
                }
            }) }
        </tr>
    }
}

#[function_component(StepsDetail)]
pub fn steps_detail(props: &Props) -> Html {
    let Modal { dialog, close_button, onkeydown, on_backdrop, oncancel, close } =
        use_modal(props.body.clone(), props.on_close.clone());
    let c = &props.classification;
    let body_key = (
        fold(props.body.prefecture.as_deref().unwrap_or("")).into_owned(),
        fold(&props.body.organization).into_owned(),
    );
    let mut mine: Vec<&SystemVerdict> = c
        .systems
        .systems
        .iter()
        .filter(|v| {
            fold(&v.organization) == body_key.1
                && (body_key.0.is_empty() || fold(v.prefecture.as_deref().unwrap_or("")) == body_key.0)
        })
        .collect();
    mine.sort_by_key(|v| v.task_order);
    let words = WordStates::of(&props.data.analysis.systems, &Vocabulary::of(&props.profile));
    // The columns: the steps of the first system with steps, as headed.
    let headings: Vec<String> = mine
        .iter()
        .find_map(|v| {
            let r = v.steps.and_then(|i| props.data.analysis.systems.reports.get(i))?;
            let Progress::Steps(s) = &r.progress else { return None };
            let t = props.data.analysis.systems.tables.get(s.table)?;
            Some(v.step_order.iter().filter_map(|&k| t.steps.get(k).cloned()).collect())
        })
        .unwrap_or_default();
    let own_office = mine.first().is_some_and(|v| v.own_office);

    let name = props.body.organization.clone();
    let deadline = props.profile.default.deadline;
    let extended = props.profile.extended.as_ref().map(|e| e.deadline);
    html! {
        <dialog class="body-detail-backdrop" aria-labelledby="steps-heading" ref={dialog} onclick={on_backdrop}
            {oncancel} {onkeydown}>
            <section class="body-detail steps-detail" data-hook="steps-detail" data-organization={name.clone()}>
                <div class="body-detail-head">
                    <h2 id="steps-heading">
                        { format!("{name} の業務別・ステップ別の進捗") }
                        if own_office { <span class="own">{ "自庁内" }</span> }
                    </h2>
                    <button type="button" class="button small" ref={close_button} data-action="close-body-detail"
                        onclick={close}>{ "閉じる（Esc）" }</button>
                </div>
                <p class="steps-markers" data-hook="steps-markers">
                    <span class="tl-key tl-key-as-of"></span>{ format!("基準日 {}", iso(c.as_of)) }
                    <span class="tl-key tl-key-deadline"></span>{ format!("▼ 移行期限 {}", iso(deadline)) }
                    if let Some(e) = extended {
                        { format!("（特定移行支援システムは {}）", iso(e)) }
                    }
                    <span class="hint">{ "　▶ は現在のステップ（完了・対象外でない最初のステップ）。予＝終了予定日、実＝終了実績日。期限より後の予定は太枠で示します。" }</span>
                </p>
                <div class="tl-scroll" tabindex="0" role="region" aria-label="業務別・ステップ別の進捗の表">
                    <table class="steps-grid" data-hook="steps-grid">
                        <thead>
                            <tr>
                                <th scope="col">{ "業務" }</th>
                                { for headings.iter().map(|h| html! {
                                    <th scope="col" title={h.clone()} data-step={code(h)}>{ code(h) }</th>
                                }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for mine.iter().map(|v| system_row(&props.data, c, v, &words)) }
                        </tbody>
                    </table>
                </div>
                if mine.is_empty() {
                    <p class="empty">{ "この団体のシステムは見つかりませんでした。" }</p>
                }
            </section>
        </dialog>
    }
}
