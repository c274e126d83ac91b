//! Settings: the as-of date, the prefecture scope (表示範囲, where the files cover more than one
//! prefecture) and the profile's deadlines (edit, reset, export, import). Remembered in
//! localStorage by the reducer; changing one reclassifies at once.

use chrono::NaiveDate;
use yew::prelude::*;

use super::browser::{self, input_of, select_value};
use super::{Action, Settings};
use crate::profile::{Profile, ACTION_PLAN_2016, HYOJUNKA};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub settings: Settings,
    /// The prefectures the loaded files cover and the one shown.
    pub scope: crate::protocol::Scope,
    pub error: Option<String>,
    pub dispatch: Callback<Action>,
}

fn date_of(e: &Event) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&input_of(e)?.value(), "%Y-%m-%d").ok()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[function_component(SettingsPanel)]
pub fn settings_panel(props: &Props) -> Html {
    let s = &props.settings;
    let dispatch = props.dispatch.clone();

    let on_as_of = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = date_of(&e) {
                dispatch.emit(Action::SetAsOf(d));
            }
        })
    };
    let on_prefecture = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e).unwrap_or_default();
            dispatch.emit(Action::SetPrefecture(Some(value).filter(|v| !v.is_empty())));
        })
    };
    let on_today = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::AsOfToday))
    };

    // One callback per deadline: rule i (or the default when i == rules.len()).
    let on_deadline = |i: usize| {
        let dispatch = dispatch.clone();
        let profile = s.profile.clone();
        Callback::from(move |e: Event| {
            let Some(d) = date_of(&e) else { return };
            let mut p = profile.clone();
            match p.rules.get_mut(i) {
                Some(rule) => rule.deadline = d,
                None => p.default.deadline = d,
            }
            dispatch.emit(Action::SetProfile(p));
        })
    };
    let on_extended = {
        let dispatch = dispatch.clone();
        let profile = s.profile.clone();
        Callback::from(move |e: Event| {
            let Some(d) = date_of(&e) else { return };
            let mut p = profile.clone();
            if let Some(ext) = p.extended.as_mut() {
                ext.deadline = d;
            }
            dispatch.emit(Action::SetProfile(p));
        })
    };
    let on_reset = {
        let dispatch = dispatch.clone();
        let programme = s.profile.programme();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SetProfile(Profile::builtin(programme).unwrap_or_default()))
        })
    };
    let on_programme = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e).unwrap_or_default();
            if let Some(p) = Profile::builtin(&value) {
                dispatch.emit(Action::SetProfile(p));
            }
        })
    };
    let programme = s.profile.programme();
    let on_export = {
        let dispatch = dispatch.clone();
        let profile = s.profile.clone();
        Callback::from(move |_: MouseEvent| {
            let text = profile.to_json();
            match browser::download("shinchoku_profile.json", "application/json", text.as_bytes()) {
                Ok(()) => dispatch.emit(Action::Notice("プロファイルを書き出しました。".to_owned())),
                Err(e) => dispatch.emit(Action::SettingsError(e)),
            }
        })
    };
    let on_import = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = input_of(&e) else { return };
            let Some(file) = input.files().and_then(|f| f.item(0)) else { return };
            input.set_value("");
            let name = file.name();
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_text(file).await {
                    None => dispatch.emit(Action::SettingsError(format!("「{name}」を読み込めませんでした。"))),
                    Some(text) => match Profile::from_json(&text) {
                        Ok(p) => {
                            dispatch.emit(Action::SetProfile(p));
                            dispatch.emit(Action::Notice(format!("プロファイル「{name}」を読み込みました。")));
                        }
                        Err(err) => dispatch.emit(Action::SettingsError(format!(
                            "プロファイル「{name}」を読み込めませんでした：{}",
                            err.message_ja()
                        ))),
                    },
                }
            });
        })
    };

    let matchers = |tasks: &[String], keywords: &[String], systems: &[String]| {
        let mut parts = Vec::new();
        if !tasks.is_empty() {
            parts.push(format!("タスク {}", tasks.join("・")));
        }
        if !keywords.is_empty() {
            parts.push(format!("名称に「{}」", keywords.join("」「")));
        }
        if !systems.is_empty() {
            parts.push(format!("システム {}", systems.join("・")));
        }
        parts.join("、")
    };

    html! {
        <section class="settings" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{ "設定" }</h2>
            <div class="setting-row">
                <label for="as-of">{ "基準日" }</label>
                <input id="as-of" type="date" data-setting="as-of" value={iso(s.as_of)} onchange={on_as_of} />
                <button type="button" class="button small" data-setting="as-of-today" onclick={on_today}>{ "今日にする" }</button>
                <span class="hint">{ if s.as_of_chosen { "（指定した日付を記憶しています）" } else { "" } }</span>
            </div>
            if props.scope.offered() {
                <div class="setting-row">
                    <label for="prefecture-scope">{ "表示範囲（都道府県）" }</label>
                    <select id="prefecture-scope" data-setting="prefecture" onchange={on_prefecture}>
                        <option value="" selected={props.scope.shown.is_none()}>
                            { format!("全国（{} 都道府県すべて）", props.scope.prefectures.len()) }
                        </option>
                        { for props.scope.prefectures.iter().map(|p| html! {
                            <option value={p.clone()} selected={props.scope.shown.as_deref() == Some(p.as_str())}>{ p.clone() }</option>
                        }) }
                    </select>
                    <span class="hint">{ "件数・完了率・一覧・文例・比較・報告のない団体・書き出しがこの範囲になります（選んだ範囲を記憶します）" }</span>
                </div>
            }
            <div class="setting-row">
                <label for="programme">{ "確認の種類（プロファイル）" }</label>
                <select id="programme" data-setting="programme" onchange={on_programme}>
                    <option value={ACTION_PLAN_2016} selected={programme == ACTION_PLAN_2016}>{ "2016 推奨アクションプラン（情報連携）" }</option>
                    <option value={HYOJUNKA} selected={programme == HYOJUNKA}>{ "標準化（地方公共団体情報システムの標準化）" }</option>
                </select>
                <span class="hint" data-hook="profile-name" data-programme={programme}>
                    { format!("使用中：{}（ファイルの形から自動で選びます）", s.profile.name) }
                </span>
            </div>
            <details class="profile" data-hook="profile">
                <summary>{ format!("期日（プロファイル：{}）", s.profile.name) }</summary>
                <table class="deadlines">
                    <thead><tr><th scope="col">{ "名称" }</th><th scope="col">{ "対象" }</th><th scope="col">{ "期日" }</th></tr></thead>
                    <tbody>
                        { for s.profile.rules.iter().enumerate().map(|(i, r)| html! {
                            <tr>
                                <th scope="row">{ r.label.clone() }</th>
                                <td>{ matchers(&r.tasks, &r.keywords, &r.systems) }</td>
                                <td><input type="date" aria-label={format!("{} の期日", r.label)}
                                    data-setting={format!("deadline-{}", i + 1)}
                                    value={iso(r.deadline)} onchange={on_deadline(i)} /></td>
                            </tr>
                        }) }
                        <tr>
                            <th scope="row">{ s.profile.default.label.clone() }</th>
                            <td>{ "上記以外すべて" }</td>
                            <td><input type="date" aria-label="上記以外の期日" data-setting="deadline-default"
                                value={iso(s.profile.default.deadline)} onchange={on_deadline(s.profile.rules.len())} /></td>
                        </tr>
                        if let Some(ext) = &s.profile.extended {
                            <tr>
                                <th scope="row">{ ext.label.clone() }</th>
                                <td>{ "特定移行支援システムに該当するシステム" }</td>
                                <td><input type="date" aria-label="特定移行支援システムの期日" data-setting="deadline-extended"
                                    value={iso(ext.deadline)} onchange={on_extended} /></td>
                            </tr>
                        }
                    </tbody>
                </table>
                <div class="profile-buttons">
                    <button type="button" class="button small" data-setting="profile-reset" onclick={on_reset}>{ "既定に戻す" }</button>
                    <button type="button" class="button small" data-setting="profile-export" onclick={on_export}>{ "ファイルに書き出す" }</button>
                    <label class="button small">
                        { "ファイルから読み込む…" }
                        <input type="file" accept=".json,application/json" class="visually-hidden"
                            data-setting="profile-import" onchange={on_import} />
                    </label>
                </div>
                <p class="hint">{ "対象（タスク・キーワード・システム）を変えるには、書き出したファイルを編集して読み込んでください。" }</p>
            </details>
            if let Some(e) = &props.error {
                <p class="error" role="alert" data-hook="settings-error">{ e.clone() }</p>
            }
        </section>
    }
}
