//! Progress over time (SPEC §11, 推移と見込み) and the latest snapshot's spread of rates.
//!
//! - The files' dates (時点), one date field per file, pre-filled with the date the analyser
//!   read from the file; a correction asks the analyser to make the snapshots again.
//! - The snapshots it made (date, files), the counts of `projected_late` and `stalled` systems
//!   (`[data-warning][data-count]`, click to filter the systems table as the status counts do),
//!   and the trend chart of the mean completion rate per snapshot (`[data-chart=trend]`, one
//!   `[data-point]` per snapshot with `data-date` and `data-value`), for all systems, one 業務 or
//!   one body.
//! - The distribution of systems by completion rate and each 業務's mean rate, of the latest
//!   snapshot (also with one export).
//!
//! Charts are SVG drawn here (no script from elsewhere), with the values written on the marks
//! and a table of the same figures for screen readers.

use chrono::NaiveDate;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Action, Data, Shared};
use crate::classify::systems::SystemVerdict;
use crate::classify::{Classification, Warning};
use crate::history::{Course, Overview, TrendPoint};
use crate::query::Query;
use crate::summary::{rate_bands, task_means, thousands, RATE_BANDS};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub history: Shared<Option<Overview>>,
    pub query: Query,
    pub dispatch: Callback<Action>,
    /// The files' dates as shown: as loaded, or as corrected while the analyser answers
    /// ([`crate::page::AppState::file_dates`]).
    pub dates: Vec<Option<NaiveDate>>,
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

fn percent(x: f64) -> String {
    let p = (x * 1000.0).round() / 10.0;
    format!("{p}%")
}

/// What the trend chart follows.
#[derive(Clone, PartialEq)]
enum Scope {
    All,
    Task(String),
    Body(Option<String>, String),
}

impl Scope {
    fn value(&self) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Task(t) => format!("task:{t}"),
            Scope::Body(p, o) => format!("body:{}\u{1f}{o}", p.as_deref().unwrap_or("")),
        }
    }

    fn parse(v: &str) -> Scope {
        if let Some(t) = v.strip_prefix("task:") {
            return Scope::Task(t.to_owned());
        }
        if let Some((p, o)) = v.strip_prefix("body:").and_then(|b| b.split_once('\u{1f}')) {
            return Scope::Body((!p.is_empty()).then(|| p.to_owned()), o.to_owned());
        }
        Scope::All
    }

    fn keeps(&self, c: &Course) -> bool {
        match self {
            Scope::All => true,
            Scope::Task(t) => &c.task == t,
            Scope::Body(p, o) => &c.prefecture == p && &c.organization == o,
        }
    }

    fn label(&self) -> String {
        match self {
            Scope::All => "すべてのシステム".to_owned(),
            Scope::Task(t) => format!("業務「{t}」"),
            Scope::Body(p, o) => format!("{}{o}", p.as_deref().unwrap_or("")),
        }
    }
}

/// The trend chart: the mean rate per snapshot on a time axis, each point labelled.
fn trend_chart(points: &[TrendPoint], label: &str) -> Html {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const LEFT: f64 = 52.0;
    const RIGHT: f64 = 40.0;
    const TOP: f64 = 28.0;
    const BOTTOM: f64 = 44.0;
    let days: Vec<i64> =
        points.iter().map(|p| p.date.map_or(0, |d| i64::from(chrono::Datelike::num_days_from_ce(&d)))).collect();
    let (first, last) = (days.iter().copied().min().unwrap_or(0), days.iter().copied().max().unwrap_or(0));
    let span = (last - first).max(1) as f64;
    // The points stand clear of the axis' labels.
    const PAD: f64 = 32.0;
    let x = |i: usize| -> f64 {
        if points.len() < 2 || last == first {
            LEFT + (W - LEFT - RIGHT) * (i as f64 + 0.5) / points.len().max(1) as f64
        } else {
            LEFT + PAD + (W - LEFT - RIGHT - 2.0 * PAD) * (days.get(i).copied().unwrap_or(first) - first) as f64 / span
        }
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v.clamp(0.0, 1.0));
    let line: Vec<String> =
        points.iter().enumerate().filter_map(|(i, p)| Some(format!("{:.1},{:.1}", x(i), y(p.mean?)))).collect();
    html! {
        <svg class="chart trend" data-chart="trend" viewBox={format!("0 0 {W} {H}")} role="img" aria-label={format!("{label}の平均完了率の推移")}
            preserveAspectRatio="xMidYMid meet">
            { for [0.0, 0.25, 0.5, 0.75, 1.0].into_iter().map(|v| html! {
                <g class="grid">
                    <line x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y(v).to_string()} y2={y(v).to_string()} />
                    <text x={(LEFT - 6.0).to_string()} y={(y(v) + 4.0).to_string()} text-anchor="end">{ percent(v) }</text>
                </g>
            }) }
            <polyline class="trend-line" points={line.join(" ")} fill="none" />
            { for points.iter().enumerate().map(|(i, p)| {
                let (px, date) = (x(i), day(p.date));
                html! {
                    <g class="point" data-point="" data-date={date.clone()} data-value={p.mean.map(|m| m.to_string()).unwrap_or_default()}
                        data-systems={p.systems.to_string()}>
                        if let Some(m) = p.mean {
                            <circle cx={px.to_string()} cy={y(m).to_string()} r="5" />
                            <text class="value" x={px.to_string()} y={(y(m) - 10.0).to_string()} text-anchor="middle">{ percent(m) }</text>
                        }
                        <text class="date" x={px.to_string()} y={(H - BOTTOM + 18.0).to_string()} text-anchor="middle">{ date }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// The distribution of the latest snapshot's systems by rate, as horizontal bars.
fn distribution_chart(bands: &[usize; 4]) -> Html {
    let total: usize = bands.iter().sum();
    let max = bands.iter().copied().max().unwrap_or(0).max(1) as f64;
    const W: f64 = 640.0;
    const ROW: f64 = 30.0;
    const LEFT: f64 = 110.0;
    const RIGHT: f64 = 150.0;
    html! {
        <svg class="chart distribution" data-chart="distribution" viewBox={format!("0 0 {W} {}", ROW * 4.0 + 8.0)} aria-hidden="true">
            { for RATE_BANDS.iter().zip(bands).enumerate().map(|(i, (band, &n))| {
                let top = 4.0 + ROW * i as f64;
                let width = (W - LEFT - RIGHT) * n as f64 / max;
                let share = if total > 0 { format!("（{}）", percent(n as f64 / total as f64)) } else { String::new() };
                html! {
                    <g data-band={band.key} data-count={n.to_string()}>
                        <text x={(LEFT - 8.0).to_string()} y={(top + 19.0).to_string()} text-anchor="end">{ band.label }</text>
                        <rect class={format!("band-{}", band.key)} x={LEFT.to_string()} y={(top + 4.0).to_string()}
                            width={width.max(if n > 0 { 2.0 } else { 0.0 }).to_string()} height={(ROW - 8.0).to_string()} />
                        <text x={(LEFT + width + 6.0).to_string()} y={(top + 19.0).to_string()}>{ format!("{} 件{share}", thousands(n)) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// Each 業務's mean rate, one bar each.
fn gyomu_chart(means: &[(String, f64, usize)]) -> Html {
    const W: f64 = 640.0;
    const ROW: f64 = 24.0;
    const LEFT: f64 = 190.0;
    const RIGHT: f64 = 130.0;
    html! {
        <svg class="chart gyomu" data-chart="gyomu" viewBox={format!("0 0 {W} {}", ROW * means.len() as f64 + 8.0)} aria-hidden="true">
            { for means.iter().enumerate().map(|(i, (task, mean, n))| {
                let top = 4.0 + ROW * i as f64;
                let width = (W - LEFT - RIGHT) * mean.clamp(0.0, 1.0);
                html! {
                    <g data-task={task.clone()} data-value={mean.to_string()} data-count={n.to_string()}>
                        <text x={(LEFT - 8.0).to_string()} y={(top + 16.0).to_string()} text-anchor="end">{ task.clone() }</text>
                        <rect class="bar" x={LEFT.to_string()} y={(top + 3.0).to_string()} width={width.to_string()} height={(ROW - 6.0).to_string()} />
                        <text x={(LEFT + width + 6.0).to_string()} y={(top + 16.0).to_string()}>{ format!("{}（{} 件）", percent(*mean), thousands(*n)) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// The counts of systems with a warning of the trend, each a filter of the systems table.
fn warning_counts(systems: &[SystemVerdict], query: &Query, dispatch: &Callback<Action>) -> Html {
    html! {
        <div class="counts warning-counts" role="group" aria-label="推移の警告で絞り込む">
            { for [Warning::ProjectedLate, Warning::Stalled].into_iter().map(|w| {
                let n = systems.iter().filter(|v| v.warnings.contains(&w)).count();
                let pressed = query.warnings.contains(&w);
                let onclick = {
                    let (dispatch, query) = (dispatch.clone(), query.clone());
                    Callback::from(move |_: MouseEvent| {
                        let mut next = query.clone();
                        if !next.warnings.remove(&w) {
                            next.warnings.insert(w);
                        }
                        dispatch.emit(Action::SetQuery(next));
                    })
                };
                html! {
                    <button type="button" class={classes!("count", "warning", format!("w-{}", w.key()), pressed.then_some("pressed"))}
                        data-warning={w.key()} data-count={n.to_string()} aria-pressed={pressed.to_string()} {onclick}>
                        <span class="count-label">{ w.label_ja() }</span>
                        <span class="count-number">{ format!("{} 件", thousands(n)) }</span>
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FileDateProps {
    /// The file's index among the loaded files.
    index: usize,
    name: String,
    /// The date shown: as loaded, or as corrected and asked.
    date: Option<NaiveDate>,
    /// A 特定移行支援 list (in no snapshot).
    list: bool,
    dispatch: Callback<Action>,
}

/// One loaded file's row of the dates table, with its date field. The field is not bound to a
/// `value` (Yew writes a bound value back into the field on every render, which would undo a
/// date being entered whenever anything else re-renders the page): the date is written into
/// it when the date shown changes, and a change of the field asks for the correction.
#[function_component(FileDate)]
fn file_date(props: &FileDateProps) -> Html {
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with(props.date, move |date| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.set_value(&day(*date));
            }
        });
    }
    let onchange = {
        let (dispatch, file) = (props.dispatch.clone(), props.index);
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let date = NaiveDate::parse_from_str(&input.value(), "%Y-%m-%d").ok();
            dispatch.emit(Action::CorrectDate { file, date });
        })
    };
    let id = format!("file-date-{}", props.index);
    html! {
        <tr>
            <td class="file-name"><label for={id.clone()}>{ props.name.clone() }</label></td>
            <td class="date"><input ref={field} {id} type="date" data-file-date={props.name.clone()} {onchange} /></td>
            <td class="hint">{ if props.list { "特定移行支援の一覧（すべての時点に適用）" } else { "" } }</td>
        </tr>
    }
}

#[function_component(OverTime)]
pub fn over_time(props: &Props) -> Html {
    let scope = use_state(|| Scope::All);
    let a = &props.data.analysis;
    let systems = &props.classification.systems.systems;
    let history = Option::as_ref(&*props.history.0);

    let file_dates = a.files.iter().enumerate().map(|(i, name)| {
        // A file in no snapshot is a 特定移行支援 list: it applies to every date.
        let list = history.is_some_and(|h| !h.snapshots.iter().any(|s| s.files.contains(name)));
        html! {
            <FileDate index={i} name={name.clone()} date={props.dates.get(i).copied().flatten()} {list}
                dispatch={props.dispatch.clone()} />
        }
    });

    let bands = rate_bands(systems);
    let means = task_means(systems);
    let rated: usize = bands.iter().sum();
    let several_files = a.files.len() > 1;

    html! {
        <>
        if history.is_some() || several_files {
            <section class="over-time" aria-labelledby="history-heading" data-hook="history">
                <h2 id="history-heading">{ "推移と見込み" }</h2>
                <div class="file-dates">
                    <table class="plain">
                        <caption>{ "ファイルの時点（読み取った日付。違っていれば直してください）" }</caption>
                        <thead><tr><th scope="col">{ "ファイル" }</th><th scope="col">{ "時点" }</th><th scope="col">{ "備考" }</th></tr></thead>
                        <tbody>{ for file_dates }</tbody>
                    </table>
                </div>
                if let Some(h) = history {
                    <div class="snapshots">
                        <h3>{ format!("時点ごとのスナップショット（{} 時点）", h.snapshots.len()) }</h3>
                        <ul data-hook="snapshots">
                            { for h.snapshots.iter().map(|s| html! {
                                <li data-snapshot="" data-date={day(s.date)}>
                                    <span class="date">{ s.date.map_or_else(|| "時点不明".to_owned(), |d| d.format("%Y-%m-%d").to_string()) }</span>
                                    { format!("：{}", s.files.join("、")) }
                                </li>
                            }) }
                        </ul>
                    </div>
                    <h3>{ "推移の警告（最新の時点のシステム）" }</h3>
                    { warning_counts(systems, &props.query, &props.dispatch) }
                    <p class="hint">{ "件数をクリックすると、下のシステムの一覧をその警告で絞り込みます（もう一度で解除）。" }</p>
                    { trend_section(h, &scope) }
                } else {
                    <p class="hint" data-hook="history-hint">
                        { "時点の異なる 2 つ以上のファイルを読み込むと、推移と完了見込みを表示します。時点が読み取れなかったファイルは、日付を入力してください。" }
                    </p>
                }
            </section>
        }
        if !systems.is_empty() {
            <section class="distribution" aria-labelledby="distribution-heading" data-hook="distribution">
                <h2 id="distribution-heading">{ "完了率の分布（最新の時点）" }</h2>
                <div class="charts">
                    <figure>
                        <figcaption>{ format!("完了率別のシステム数（完了率のある {} 件）", thousands(rated)) }</figcaption>
                        { distribution_chart(&bands) }
                        <table class="visually-hidden">
                            <caption>{ "完了率別のシステム数" }</caption>
                            <thead><tr><th scope="col">{ "完了率" }</th><th scope="col">{ "システム数" }</th></tr></thead>
                            <tbody>
                                { for RATE_BANDS.iter().zip(bands).map(|(b, n)| html! {
                                    <tr><th scope="row">{ b.label }</th><td>{ format!("{} 件", thousands(n)) }</td></tr>
                                }) }
                            </tbody>
                        </table>
                    </figure>
                    <figure>
                        <figcaption>{ "業務別の平均完了率" }</figcaption>
                        { gyomu_chart(&means) }
                        <table class="visually-hidden">
                            <caption>{ "業務別の平均完了率" }</caption>
                            <thead><tr><th scope="col">{ "業務" }</th><th scope="col">{ "平均完了率" }</th><th scope="col">{ "システム数" }</th></tr></thead>
                            <tbody>
                                { for means.iter().map(|(t, m, n)| html! {
                                    <tr><th scope="row">{ t.clone() }</th><td>{ percent(*m) }</td><td>{ format!("{} 件", thousands(*n)) }</td></tr>
                                }) }
                            </tbody>
                        </table>
                    </figure>
                </div>
            </section>
        }
        </>
    }
}

/// The trend chart with its scope select and its table.
fn trend_section(h: &Overview, scope: &UseStateHandle<Scope>) -> Html {
    let mut tasks: Vec<(usize, &str)> = h.courses.iter().map(|c| (c.task_order, c.task.as_str())).collect();
    tasks.sort_unstable();
    tasks.dedup();
    let mut bodies: Vec<(Option<&str>, &str)> =
        h.courses.iter().map(|c| (c.prefecture.as_deref(), c.organization.as_str())).collect();
    bodies.sort_unstable();
    bodies.dedup();
    // A 業務 or body the snapshots no longer have (a date corrected) falls back to all systems.
    let current = match (**scope).clone() {
        Scope::Task(t) if !tasks.iter().any(|(_, x)| *x == t) => Scope::All,
        Scope::Body(p, o) if !bodies.iter().any(|(bp, bo)| *bp == p.as_deref() && *bo == o) => Scope::All,
        s => s,
    };
    let points = h.trend(|c| current.keeps(c));
    let onchange = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            if let Some(value) = super::browser::select_value(&e) {
                scope.set(Scope::parse(&value));
            }
        })
    };
    let selected = current.value();
    let option = |s: Scope, text: String| {
        let v = s.value();
        html! { <option value={v.clone()} selected={v == selected}>{ text }</option> }
    };
    let label = current.label();
    html! {
        <figure class="trend-figure">
            <figcaption>
                <label for="trend-scope">{ "平均完了率の推移：" }</label>
                <select id="trend-scope" data-hook="trend-scope" {onchange}>
                    { option(Scope::All, "すべてのシステム".to_owned()) }
                    <optgroup label="業務別">
                        { for tasks.iter().map(|(_, t)| option(Scope::Task((*t).to_owned()), (*t).to_owned())) }
                    </optgroup>
                    <optgroup label="団体別">
                        { for bodies.iter().map(|(p, o)| option(Scope::Body(p.map(str::to_owned), (*o).to_owned()), format!("{}{o}", p.unwrap_or("")))) }
                    </optgroup>
                </select>
            </figcaption>
            { trend_chart(&points, &label) }
            <table class="visually-hidden" data-hook="trend-table">
                <caption>{ format!("{label}の平均完了率の推移") }</caption>
                <thead><tr><th scope="col">{ "時点" }</th><th scope="col">{ "平均完了率" }</th><th scope="col">{ "完了率のあるシステム数" }</th></tr></thead>
                <tbody>
                    { for points.iter().map(|p| html! {
                        <tr>
                            <th scope="row" class="date">{ day(p.date) }</th>
                            <td>{ p.mean.map(percent).unwrap_or_else(|| "—".to_owned()) }</td>
                            <td>{ format!("{} 件", thousands(p.systems)) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </figure>
    }
}

/// A system's rates as a small line (its values in the cell's label for screen readers).
pub fn sparkline(rates: &[Option<crate::classify::systems::Rate>]) -> Html {
    const W: f64 = 72.0;
    const H: f64 = 18.0;
    let n = rates.len().max(2) - 1;
    let points: Vec<String> = rates
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            Some(format!(
                "{:.1},{:.1}",
                2.0 + (W - 4.0) * i as f64 / n as f64,
                2.0 + (H - 4.0) * (1.0 - (*r)?.as_f64())
            ))
        })
        .collect();
    let label: Vec<String> = rates.iter().map(|r| r.map_or_else(|| "—".to_owned(), |r| percent(r.as_f64()))).collect();
    let last = points.last().cloned();
    html! {
        <span class="sparkline" data-sparkline={label.join(" ")} role="img" aria-label={format!("推移 {}", label.join(" → "))}>
            <svg viewBox={format!("0 0 {W} {H}")} width={W.to_string()} height={H.to_string()} aria-hidden="true">
                <polyline points={points.join(" ")} fill="none" />
                if let Some((x, y)) = last.as_deref().and_then(|p| p.split_once(',')) {
                    <circle cx={x.to_owned()} cy={y.to_owned()} r="2" />
                }
            </svg>
        </span>
    }
}
