//! Request letters for the bodies in the current filter: one mail text per body listing its
//! items that need action, grouped by what is asked ([`crate::letters`]); copy one or all.
//! Built only while the panel is open, so a national file costs nothing until asked.

use yew::prelude::*;

use super::{browser, Action, Data, Shared};
use crate::classify::Classification;
use crate::letters::{self, Letter};

/// Letters shown at once; "copy all" still copies every one.
const MAX_SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub selection: Shared<Vec<usize>>,
    /// The selected standardisation systems (indices into the classification's systems).
    pub systems: Shared<Vec<usize>>,
    /// Letters about systems rather than items.
    pub systems_mode: bool,
    /// The current filter in words.
    pub filter: String,
    pub dispatch: Callback<Action>,
}

fn copy(text: String, done: String, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        match browser::copy_text(&text).await {
            Ok(()) => dispatch.emit(Action::Notice(done)),
            Err(e) => dispatch.emit(Action::Notice(e)),
        }
    });
}

#[derive(Properties, PartialEq)]
struct ListProps {
    data: Shared<Data>,
    classification: Shared<Classification>,
    selection: Shared<Vec<usize>>,
    systems: Shared<Vec<usize>>,
    systems_mode: bool,
    dispatch: Callback<Action>,
}

#[function_component(LetterList)]
fn letter_list(props: &ListProps) -> Html {
    let list: std::rc::Rc<Vec<Letter>> = {
        let (data, c) = (props.data.clone(), props.classification.clone());
        use_memo(
            (props.selection.clone(), props.systems.clone(), props.systems_mode, props.classification.clone()),
            move |(selection, systems, systems_mode, _)| {
                if *systems_mode {
                    letters::letters(&c.systems.systems, systems, c.as_of)
                } else {
                    letters::letters(&crate::query::judged(&data.analysis.items, &c.verdicts), selection, c.as_of)
                }
            },
        )
    };
    if list.is_empty() {
        return html! {
            <p class="empty" data-hook="letters-empty">{ "表示中の一覧には、団体への確認・依頼が必要な作業（計画超過・規定超過・未報告）がありません。" }</p>
        };
    }
    let copy_all = {
        let list = list.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let done = format!("{} 団体分の依頼文をコピーしました。", list.len());
            copy(letters::all_text(&list), done, dispatch.clone());
        })
    };
    html! {
        <>
        <div class="actions">
            <button type="button" class="button" data-action="copy-all-letters" onclick={copy_all}>
                { format!("すべての依頼文をコピー（{} 団体）", list.len()) }
            </button>
        </div>
        if list.len() > MAX_SHOWN {
            <p class="hint">{ format!("先頭の {MAX_SHOWN} 団体を表示しています。「すべての依頼文をコピー」は全 {} 団体分をコピーします。", list.len()) }</p>
        }
        { for list.iter().take(MAX_SHOWN).map(|l| {
            let onclick = {
                let (text, name, dispatch) = (l.text.clone(), l.organization.clone(), props.dispatch.clone());
                Callback::from(move |_: MouseEvent| copy(text.clone(), format!("{name} への依頼文をコピーしました。"), dispatch.clone()))
            };
            let heading_id = format!("letter-{}", l.organization);
            html! {
                <article class="letter" data-letter-organization={l.organization.clone()} aria-label={format!("{} への依頼文", l.organization)}>
                    <div class="letter-head">
                        <h3 id={heading_id}>
                            { l.organization.clone() }
                            if l.own_office { <span class="own">{ "自庁内" }</span> }
                            <span class="sub">{ format!("（{} 件）", crate::summary::thousands(l.len())) }</span>
                        </h3>
                        <button type="button" class="button small" data-action="copy-letter" {onclick}>{ "この依頼文をコピー" }</button>
                    </div>
                    <pre class="letter-text">{ l.text.clone() }</pre>
                </article>
            }
        }) }
        </>
    }
}

#[function_component(LettersPanel)]
pub fn letters_panel(props: &Props) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <section class="letters no-print" aria-labelledby="letters-heading" data-hook="letters">
            <h2 id="letters-heading">{ "団体への依頼文（メール用）" }</h2>
            if props.systems_mode {
                <p class="hint">
                    { "表示中のシステム（絞り込み条件：" }{ props.filter.clone() }{ "）のうち、確認・依頼が必要なものを団体ごとの文面にします。\
                       移行期限を過ぎたものは移行完了の見込み時期・理由と特定移行支援システムへの該当、ステップの予定を過ぎたものは\
                       見直し後のスケジュール、未報告のものは PMO ツールへの進捗の登録をお願いする文面です。\
                       自庁内（県の 2 業務）は、県が自ら確認・登録する前提の文面になります。" }
                </p>
            } else {
                <p class="hint">
                    { "表示中の一覧（絞り込み条件：" }{ props.filter.clone() }{ "）のうち、確認・依頼が必要な作業を団体ごとの文面にします。\
                       計画超過は終了の確認と終了予定日の書き換え、規定超過は期日以前への前倒しの検討、未報告は日付の記入をお願いする文面です。\
                       自庁内は、県が自ら書き換える前提の文面になります。" }
                </p>
            }
            <button type="button" class="button" data-action="toggle-letters" aria-expanded={open.to_string()} onclick={toggle}>
                { if *open { "依頼文を閉じる" } else { "依頼文を作成" } }
            </button>
            if *open {
                <LetterList data={props.data.clone()} classification={props.classification.clone()}
                    selection={props.selection.clone()} systems={props.systems.clone()} systems_mode={props.systems_mode}
                    dispatch={props.dispatch.clone()} />
            }
        </section>
    }
}
