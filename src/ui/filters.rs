//! The results table's filters and the "n / m 件" count.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{Action, Data, Shared};
use crate::classify::{Priority, Status};
use crate::query::Query;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub query: Query,
    pub dispatch: Callback<Action>,
    pub shown: usize,
    pub total: usize,
}

fn select_value(e: &Event) -> Option<String> {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value())
}

/// A select over distinct values: "" = all, "v:<value>" = that value (so an empty value can be chosen).
fn choice(
    label: &str,
    key: &'static str,
    values: &[String],
    current: &Option<String>,
    query: &Query,
    dispatch: &Callback<Action>,
    set: fn(&mut Query, Option<String>),
) -> Html {
    let onchange = {
        let dispatch = dispatch.clone();
        let query = query.clone();
        Callback::from(move |e: Event| {
            let Some(v) = select_value(&e) else { return };
            let mut q = query.clone();
            set(&mut q, v.strip_prefix("v:").map(str::to_owned));
            dispatch.emit(Action::SetQuery(q));
        })
    };
    let id = format!("filter-{key}");
    html! {
        <div class="filter">
            <label for={id.clone()}>{ label }</label>
            <select id={id} data-filter={key} {onchange}>
                <option value="" selected={current.is_none()}>{ "すべて" }</option>
                { for values.iter().map(|v| {
                    let shown = if v.is_empty() { "（なし）".to_owned() } else { v.clone() };
                    html! { <option value={format!("v:{v}")} selected={current.as_deref() == Some(v.as_str())}>{ shown }</option> }
                }) }
            </select>
        </div>
    }
}

#[function_component(Filters)]
pub fn filters(props: &Props) -> Html {
    let q = &props.query;
    let dispatch = &props.dispatch;

    let on_body = {
        let dispatch = dispatch.clone();
        let query = q.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            dispatch.emit(Action::SetQuery(Query { body: input.value(), ..query.clone() }));
        })
    };
    let on_priority = {
        let dispatch = dispatch.clone();
        let query = q.clone();
        Callback::from(move |e: Event| {
            let priority = match select_value(&e).as_deref() {
                Some("high") => Some(Priority::High),
                Some("follow_up") => Some(Priority::FollowUp),
                _ => None,
            };
            dispatch.emit(Action::SetQuery(Query { priority, ..query.clone() }));
        })
    };
    let on_clear = {
        let dispatch = dispatch.clone();
        let sort = q.sort;
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetQuery(Query { sort, ..Query::default() })))
    };

    html! {
        <div class="filters" role="search" aria-label="一覧の絞り込み">
            <fieldset class="filter statuses">
                <legend>{ "状況" }</legend>
                { for Status::ALL.into_iter().map(|s| {
                    let dispatch = dispatch.clone();
                    let onchange = Callback::from(move |_: Event| dispatch.emit(Action::ToggleStatus(s)));
                    html! {
                        <label class={classes!("check", format!("st-{}", s.key()))}>
                            <input type="checkbox" data-filter-status={s.key()} checked={q.statuses.contains(&s)} {onchange} />
                            { s.label_ja() }
                        </label>
                    }
                }) }
            </fieldset>
            <div class="filter">
                <label for="filter-priority">{ "優先度" }</label>
                <select id="filter-priority" data-filter="priority" onchange={on_priority}>
                    <option value="" selected={q.priority.is_none()}>{ "すべて" }</option>
                    <option value="high" selected={q.priority == Some(Priority::High)}>{ Priority::High.label_ja() }</option>
                    <option value="follow_up" selected={q.priority == Some(Priority::FollowUp)}>{ Priority::FollowUp.label_ja() }</option>
                </select>
            </div>
            <div class="filter">
                <label for="filter-body">{ "団体名" }</label>
                <input id="filter-body" type="search" data-filter="body" placeholder="例：B市（全角・半角どちらでも）"
                    value={q.body.clone()} oninput={on_body} />
            </div>
            { choice("タスク", "task", &props.data.tasks, &q.task, q, dispatch, |q, v| q.task = v) }
            { choice("システム", "system", &props.data.systems, &q.system, q, dispatch, |q, v| q.system = v) }
            { choice("工程", "phase", &props.data.phases, &q.phase, q, dispatch, |q, v| q.phase = v) }
            <div class="filter">
                <button type="button" class="button small" data-action="clear-filters" onclick={on_clear}
                    disabled={!q.is_filtered()}>{ "絞り込みを解除" }</button>
            </div>
            <p class="result-count" data-hook="result-count" data-shown={props.shown.to_string()}
                data-total={props.total.to_string()} aria-live="polite">
                { format!("{} / {} 件", crate::summary::thousands(props.shown), crate::summary::thousands(props.total)) }
            </p>
        </div>
    }
}
