//! Counts per status (click one to filter) with the colour legend.

use std::collections::BTreeSet;

use yew::prelude::*;

use super::Action;
use crate::classify::Status;
use crate::summary::Counts;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub counts: Counts,
    pub selected: BTreeSet<Status>,
    pub dispatch: Callback<Action>,
    pub loaded: bool,
}

/// A status badge: colour and text together, never colour alone.
pub fn badge(status: Status) -> Html {
    html! {
        <span class={classes!("badge", format!("st-{}", status.key()))}>{ status.label_ja() }</span>
    }
}

#[function_component(Summary)]
pub fn summary(props: &Props) -> Html {
    html! {
        <section class="summary" aria-labelledby="summary-heading" data-hook="summary">
            <h2 id="summary-heading">{ "状況別の件数" }</h2>
            <div class="counts" role="group" aria-label="状況で絞り込む">
                { for Status::ALL.into_iter().map(|s| {
                    let n = props.counts.get(s);
                    let pressed = props.selected.contains(&s);
                    let dispatch = props.dispatch.clone();
                    let onclick = Callback::from(move |_: MouseEvent| dispatch.emit(Action::ToggleStatus(s)));
                    html! {
                        <button type="button" class={classes!("count", format!("st-{}", s.key()), pressed.then_some("pressed"))}
                            data-status={s.key()} data-count={n.to_string()} aria-pressed={pressed.to_string()}
                            disabled={!props.loaded} {onclick}>
                            <span class="count-label">{ s.label_ja() }</span>
                            if let Some(p) = s.priority() {
                                <span class="count-priority">{ p.label_ja() }</span>
                            }
                            <span class="count-number">{ format!("{n} 件") }</span>
                        </button>
                    }
                }) }
            </div>
            <p class="hint">{ "件数をクリックすると、その状況で一覧を絞り込みます（もう一度で解除）。" }</p>
        </section>
    }
}
