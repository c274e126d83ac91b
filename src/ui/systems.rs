//! The standardisation programme's results (SPEC §9): the rows of
//! [`super::data_table::DataTable`] for systems, one per system (body × 業務), with its
//! completion rate, current step, deadline (designated or not), days late, status, priority,
//! warnings, recommended action and source, and with a history (SPEC §11) its projected
//! completion (coloured ahead of or past the deadline) and its course as a sparkline. What is
//! the systems' own lives here: those cells, the rows' `data-*` hooks, the filters (業務,
//! designation, rate; the statuses are the counts above), the exports (the systems' list as
//! TSV, CSV and an .xlsx sheet of its own) and the words; the body name (or Enter) opens its
//! steps. The table itself — virtualised, sortable, keyboard — is the items' table's too.

use yew::prelude::*;

use super::body_detail::BodyRef;
use super::browser::{input_of, select_value};
use super::data_table::{body_filter, Export, PageColumn, TableRow, Words};
use super::matrix::open_body_button;
use super::over_time::sparkline;
use super::summary::badge;
use super::{Action, Data, Shared};
use crate::classify::systems::{Rate, SystemVerdict};
use crate::classify::{Classification, SystemId};
use crate::column::{self, Kind, RollupField, Row, Style};
use crate::export::xlsx::Request;
use crate::export::{list, Delimiter};
use crate::history::{Course, Overview};
use crate::query::{Query, Sort};
use crate::report::{system_row, RollupRow};

/// One cell of the systems table: the column's value, with the page's extras.
fn list_cell(r: &RollupRow<'_>, column: &column::Column<RollupField>, dispatch: &Callback<Action>) -> Html {
    let text = r.cell(column.field).text(Style::Sheet).into_owned();
    match column.field {
        RollupField::Organization => html! {
            <td>
                { open_body_button(dispatch, r.prefecture.map(str::to_owned), r.organization) }
                if r.own_office { <span class="own">{ "自庁内" }</span> }
            </td>
        },
        RollupField::CompletionRate => {
            html! { <td class="number rate">{ if text.is_empty() { "—".to_owned() } else { text } }</td> }
        }
        RollupField::CurrentStep => html! { <td class="step-name" title={text.clone()}>{ text }</td> },
        RollupField::Deadline => html! {
            <td class="date">
                { text }
                if r.extended { <span class="extended">{ "特定移行支援" }</span> }
            </td>
        },
        RollupField::Status => html! {
            <td>
                { badge(r.status) }
                if let Some(p) = r.status.priority() { <span class="priority">{ p.label_ja() }</span> }
            </td>
        },
        RollupField::Warnings => html! { <td class="warnings">{ text }</td> },
        RollupField::RecommendedAction => html! { <td class="action">{ text }</td> },
        RollupField::Source => {
            let title = r
                .source
                .as_ref()
                .map(|s| format!("{} のシート「{}」の {} 行目", s.file, s.sheet, s.row))
                .unwrap_or_default();
            html! { <td class="source" {title}>{ text }</td> }
        }
        _ => match column.kind {
            Kind::Date => html! { <td class="date">{ text }</td> },
            Kind::Number => html! { <td class="number">{ text }</td> },
            _ => html! { <td>{ text }</td> },
        },
    }
}

/// The projected completion (SPEC §11), coloured and worded ahead of or past the deadline.
fn projected_cell(v: &SystemVerdict) -> Html {
    match v.projected_completion {
        Some(d) => {
            let late = d > v.deadline;
            html! {
                <td class={classes!("date", "projected", if late { "late" } else { "ahead" })}
                    data-projected={d.format("%Y-%m-%d").to_string()} data-late={late.to_string()}>
                    { d.format("%Y-%m-%d").to_string() }
                    <span class="projection-note">{ if late { "期限後" } else { "期限内" } }</span>
                </td>
            }
        }
        None => html! { <td class="date projected">{ "—" }</td> },
    }
}

/// What the systems' rows are made from.
#[derive(Clone, PartialEq)]
pub struct Source {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    /// With files of two dates or more (SPEC §11): each row's course (sparkline, projection).
    pub history: Shared<Option<Overview>>,
}

impl Source {
    /// The roll-up rows of the selected systems (for copying and saving).
    fn rows(&self, selection: &[usize]) -> Vec<RollupRow<'_>> {
        let c = &self.classification;
        selection
            .iter()
            .filter_map(|&i| c.rollup_of(SystemId(i)))
            .map(|r| system_row(r, c, &self.data.analysis.systems))
            .collect()
    }

    /// With a history the list and the exports carry each system's projected completion.
    fn projected(&self) -> bool {
        self.history.is_some()
    }
}

/// A system as its row shows it.
pub struct View<'a> {
    row: RollupRow<'a>,
    verdict: &'a SystemVerdict,
    /// Its course over the snapshots, with a history.
    course: Option<&'a Course>,
}

/// The systems' table.
pub struct Systems;

/// The `<select>` of one filter; `on` sets the query from its value ("" = all).
fn select(key: &str, label: &str, options: Html, on: Callback<Event>) -> Html {
    let id = format!("system-filter-{key}");
    html! {
        <div class="filter">
            <label for={id.clone()}>{ label.to_owned() }</label>
            <select id={id} data-system-filter={key.to_owned()} onchange={on}>{ options }</select>
        </div>
    }
}

impl TableRow for Systems {
    type Judged = SystemVerdict;
    type Source = Source;
    type View<'a> = View<'a>;

    const WORDS: Words = Words {
        title: "システム（団体 × 業務）の一覧",
        heading_id: "systems-heading",
        section_class: "results systems",
        section_hook: Some("systems"),
        filters_label: "システムの絞り込み",
        filter_prefix: "system-filter",
        filter_attribute: "data-system-filter",
        clear_action: "clear-system-filters",
        count_hook: "system-count",
        unit: "システム",
        actions_label: "表示中のシステムをコピー・出力",
        copy: Export {
            action: "copy-systems",
            label: "表をコピー（Excel 貼り付け用）",
            done: "を表としてコピーしました。",
        },
        mail: None,
        csv: Export {
            action: "download-systems-csv", label: "CSV で保存", done: "を CSV に保存しました。"
        },
        xlsx: Export {
            action: "download-systems-xlsx",
            label: "Excel 報告書（色付き）",
            done: "を Excel 報告書（.xlsx）でダウンロードしました。",
        },
        table_class: "systems-table",
        table_hook: None,
        table_label: "システムの一覧（矢印キーで行を移動）",
        sort_attribute: "data-sort-system",
        row_id: "system-row-",
        detail_hint: None,
    };

    /// The page's list; with a history the projected completion and the course follow the deadline.
    fn columns(source: &Source) -> Vec<PageColumn<RollupField>> {
        let mut columns = Vec::with_capacity(column::SYSTEMS_PAGE.len() + 2);
        for c in column::SYSTEMS_PAGE {
            columns.push(PageColumn::List(c));
            if c.field == RollupField::Deadline && source.projected() {
                columns.push(PageColumn::List(column::SYSTEMS_PAGE_PROJECTED));
                columns.push(PageColumn::Chart("推移"));
            }
        }
        columns
    }

    fn sort(query: &Query) -> Option<Sort<RollupField>> {
        query.system_sort
    }

    fn sort_action(query: &Query, sort: Sort<RollupField>) -> Action {
        Action::SetQuery(Query { system_sort: Some(sort), ..query.clone() })
    }

    fn total(source: &Source) -> usize {
        source.classification.systems.systems.len()
    }

    fn view(source: &Source, i: usize) -> Option<View<'_>> {
        let c = &source.classification;
        let verdict = c.systems.systems.get(i)?;
        let row = system_row(c.rollup_of(SystemId(i))?, c, &source.data.analysis.systems);
        let course = Option::as_ref(&*source.history.0)
            .and_then(|h| h.rows.get(i).copied().flatten().and_then(|k| h.courses.get(k)));
        Some(View { row, verdict, course })
    }

    fn hooks(view: &View<'_>) -> Vec<(&'static str, String)> {
        let v = view.verdict;
        vec![
            ("data-status", v.status.key().to_owned()),
            ("data-organization", v.organization.clone()),
            ("data-task", v.task.clone()),
            ("data-extended", v.extended.to_string()),
            ("data-rate", v.completion_rate.map(|r| r.as_f64().to_string()).unwrap_or_default()),
        ]
    }

    fn cell(view: &View<'_>, column: &PageColumn<RollupField>, dispatch: &Callback<Action>) -> Html {
        match column {
            PageColumn::List(c) if c.field == RollupField::ProjectedCompletion => projected_cell(view.verdict),
            PageColumn::List(c) => list_cell(&view.row, c, dispatch),
            PageColumn::Chart(_) => html! {
                <td class="trend">
                    if let Some(course) = view.course { { sparkline(&course.rates) } }
                </td>
            },
        }
    }

    fn body(view: &View<'_>) -> BodyRef {
        BodyRef { prefecture: view.verdict.prefecture.clone(), organization: view.verdict.organization.clone() }
    }

    fn filters(source: &Source, q: &Query, dispatch: &Callback<Action>) -> Html {
        let set = |f: fn(&mut Query, Option<String>)| {
            let dispatch = dispatch.clone();
            let query = q.clone();
            Callback::from(move |e: Event| {
                let mut next = query.clone();
                f(&mut next, select_value(&e).filter(|v| !v.is_empty()));
                dispatch.emit(Action::SetQuery(next));
            })
        };
        let on_rate = {
            let dispatch = dispatch.clone();
            let query = q.clone();
            Callback::from(move |e: Event| {
                let Some(input) = input_of(&e) else { return };
                let rate_below = input
                    .value()
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|p| (0.0..=100.0).contains(p))
                    .map(|p| Rate::from_fraction(p.floor() / 100.0));
                dispatch.emit(Action::SetQuery(Query { rate_below, ..query.clone() }));
            })
        };
        let tasks: Vec<String> = {
            let systems = &source.classification.systems.systems;
            let mut t: Vec<(usize, String)> = systems.iter().map(|v| (v.task_order, v.task.clone())).collect();
            t.sort();
            t.dedup();
            t.into_iter().map(|(_, n)| n).collect()
        };
        let task_options = html! {
            <>
            <option value="" selected={q.task.is_none()}>{ "すべて" }</option>
            { for tasks.iter().map(|t| html! {
                <option value={t.clone()} selected={q.task.as_deref() == Some(t.as_str())}>{ t.clone() }</option>
            }) }
            </>
        };
        let extended_options = html! {
            <>
            <option value="" selected={q.extended.is_none()}>{ "すべて" }</option>
            <option value="yes" selected={q.extended == Some(true)}>{ "該当" }</option>
            <option value="no" selected={q.extended == Some(false)}>{ "該当しない" }</option>
            </>
        };
        html! {
            <>
            { body_filter(&Self::WORDS, q, dispatch) }
            { select("task", "業務", task_options, set(|q, v| q.task = v)) }
            { select("extended", "特定移行支援", extended_options, set(|q, v| q.extended = v.map(|v| v == "yes"))) }
            <div class="filter">
                <label for="system-filter-rate">{ "完了率（%）未満" }</label>
                <input id="system-filter-rate" type="number" min="0" max="100" step="1" data-system-filter="rate-below"
                    value={q.rate_below.map(|r| (f64::from(r.ten_thousandths()) / 100.0).to_string()).unwrap_or_default()} onchange={on_rate} />
            </div>
            </>
        }
    }

    fn sheet(source: &Source, selection: &[usize], delimiter: Delimiter) -> (String, usize) {
        let rows = source.rows(selection);
        (list(&column::systems(source.projected()), &rows, delimiter), rows.len())
    }

    fn xlsx(source: &Source, selection: &[usize], conditions: &str) -> (Request, usize) {
        let rows = source.rows(selection);
        let as_of = source.classification.as_of.format("%Y-%m-%d").to_string();
        let skipped = &source.data.analysis.skipped;
        let request = crate::export::xlsx::request(&[], &[], (&rows, source.projected()), skipped, &as_of, conditions);
        (request, rows.len())
    }

    fn file_stem(source: &Source) -> String {
        format!("標準化_システム別_{}", source.classification.as_of.format("%Y%m%d"))
    }
}
