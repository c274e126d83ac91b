//! Errors per file, skipped sheets with their reason, the bodies no file reports (報告のない団体,
//! SPEC §10), and short notices after actions. The notes row by row (list rows that designated
//! nothing, register notes) are below the summary, collapsed ([`super::notes`]).

use yew::prelude::*;

use super::{Data, Shared};
use crate::classify::Classification;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub notice: Option<(u64, String)>,
    /// For the 特定移行支援 list rows that designated nothing, and the bodies no file reports.
    pub classification: Shared<Classification>,
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
                    if a.items.is_empty() {
                        { format!("読み込んだファイル：{}", a.files.join("、")) }
                    } else {
                        { format!("読み込んだファイル：{}（{} 件）", a.files.join("、"), crate::summary::thousands(a.items.len())) }
                    }
                </p>
            }
            if !a.systems.designations.is_empty() {
                <div class="designations" data-hook="designations"
                    data-designated={props.classification.systems.designated.to_string()}
                    data-unmatched={props.classification.systems.unmatched.len().to_string()}>
                    <p>{ format!("特定移行支援システムの一覧により {} システムの期日を延長後の期日にしました。",
                        props.classification.systems.designated) }</p>
                    if !props.classification.systems.unmatched.is_empty() {
                        <p class="hint">{ format!("一覧のうち {} 行は進捗のファイルのシステムに当てはまりませんでした（下の「注記」に理由別の件数と全行があります）。",
                            crate::summary::thousands(props.classification.systems.unmatched.len())) }</p>
                    }
                </div>
            }
            if !props.classification.missing_bodies.is_empty() {
                <details class="missing-bodies" data-hook="missing-bodies"
                    data-count={props.classification.missing_bodies.len().to_string()}>
                    <summary>{ format!("報告のない団体（{} 団体）", props.classification.missing_bodies.len()) }</summary>
                    <p>{ "ファイルが報告している都道府県の団体のうち、どのファイルにも載っていない団体です（団体コード一覧による）。" }</p>
                    <ul>
                        { for props.classification.missing_bodies.iter().map(|m| html! {
                            <li data-missing-code={m.code.clone()}>
                                { format!("{}{}（{}）", if m.prefecture == m.organization { "" } else { m.prefecture.as_str() },
                                    m.organization, m.code) }
                            </li>
                        }) }
                    </ul>
                </details>
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
