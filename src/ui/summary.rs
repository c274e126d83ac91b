//! Counts per status (click one to filter) with the colour legend.

use std::collections::BTreeSet;

use yew::prelude::*;

use super::Action;
use crate::classify::Status;
use crate::summary::{thousands, Counts, SystemSummary};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub counts: Counts,
    pub selected: BTreeSet<Status>,
    pub dispatch: Callback<Action>,
    pub loaded: bool,
    /// For step and rate tables: the counts are of systems, with their mean rate and designations.
    #[prop_or_default]
    pub systems: Option<SystemSummary>,
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
            <h2 id="summary-heading">{ if props.systems.is_some() { "状況別のシステム数" } else { "状況別の件数" } }</h2>
            if let Some(sys) = props.systems {
                <p class="system-summary" data-hook="system-summary" data-systems={sys.systems.to_string()}
                    data-mean-rate={sys.mean_rate.map(|r| r.as_f64().to_string()).unwrap_or_default()}
                    data-designated={sys.designated.to_string()}>
                    { format!("システム（団体 × 業務）{} 件　平均完了率 {}　特定移行支援システム {} 件",
                        thousands(sys.systems), sys.mean_rate.map(|r| r.percent()).unwrap_or_else(|| "—".to_owned()), thousands(sys.designated)) }
                </p>
            }
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
                            <span class="count-number">{ format!("{} 件", thousands(n)) }</span>
                        </button>
                    }
                }) }
            </div>
            <p class="hint">{ "件数をクリックすると、その状況で一覧を絞り込みます（もう一度で解除）。" }</p>
        </section>
    }
}
