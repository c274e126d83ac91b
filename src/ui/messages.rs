//! Errors per file, skipped sheets with their reason, and short notices after actions.

use yew::prelude::*;

use super::{Data, Shared};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub notice: Option<(u64, String)>,
}

#[function_component(Messages)]
pub fn messages(props: &Props) -> Html {
    let a = &props.data.analysis;
    html! {
        <div class="messages">
            if !a.errors.is_empty() {
                <div class="errors" role="alert" data-hook="errors">
                    <h2>{ "読み込めなかったファイル" }</h2>
                    <ul>
                        { for a.errors.iter().map(|e| html! {
                            <li data-error-file={e.file.clone()}>{ e.message.clone() }</li>
                        }) }
                    </ul>
                    if !a.files.is_empty() {
                        <p>{ "ほかのファイルは読み込みました。" }</p>
                    }
                </div>
            }
            if !a.files.is_empty() {
                <p class="loaded-files" data-hook="loaded-files">
                    { format!("読み込んだファイル：{}（{} 件）", a.files.join("、"), a.items.len()) }
                </p>
            }
            if !a.skipped.is_empty() {
                <details class="skipped" data-hook="skipped">
                    <summary>{ format!("読み飛ばしたシート（{} 枚）", a.skipped.len()) }</summary>
                    <ul>
                        { for a.skipped.iter().map(|s| html! {
                            <li data-skipped-sheet={s.sheet.clone()}>
                                { format!("{} のシート「{}」：{}", s.file, s.sheet,
                                    if s.reason_ja.is_empty() { &s.reason } else { &s.reason_ja }) }
                            </li>
                        }) }
                    </ul>
                </details>
            }
            <p class="notice" role="status" aria-live="polite" data-hook="notice">
                { props.notice.as_ref().map(|(_, t)| t.clone()).unwrap_or_default() }
            </p>
        </div>
    }
}
