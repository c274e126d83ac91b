//! The items' results table: the rows of [`super::data_table::DataTable`] for items with their
//! verdicts. What is the items' own lives here: their cells (the body's button, the status
//! badge, titles with the full text, unreadable dates marked), their `data-*` hooks, their
//! filters (status, priority, task, system, phase), their detail (every column of the item
//! list), and their exports (TSV and a mail list to the clipboard, CSV, and the .xlsx report
//! with the roll-ups of the selected items).

use yew::prelude::*;

use super::body_detail::BodyRef;
use super::browser::select_value;
use super::data_table::{body_filter, filter_id, Export, PageColumn, TableRow, Words};
use super::summary::badge;
use super::{Action, Data, Shared};
use crate::classify::{Classification, Priority, Status};
use crate::column::{self, Cell, ItemField, Kind, Row, Style};
use crate::export::xlsx::Request;
use crate::export::{self, Delimiter};
use crate::query::{JudgedItem, Query, Sort};
use crate::report::{item_row, ItemRow, RollupRow};

/// What the items' rows are made from.
#[derive(Clone, PartialEq)]
pub struct Source {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
}

impl Source {
    fn row(&self, i: usize) -> Option<ItemRow<'_>> {
        Some(item_row(self.data.analysis.items.get(i)?, self.classification.verdicts.get(i)?))
    }

    fn rows(&self, selection: &[usize]) -> Vec<ItemRow<'_>> {
        selection.iter().filter_map(|&i| self.row(i)).collect()
    }

    /// Roll-ups with at least one selected item.
    fn rollups(&self, selection: &[usize]) -> Vec<RollupRow<'_>> {
        let mut keep = vec![false; self.data.analysis.items.len()];
        for &i in selection {
            if let Some(k) = keep.get_mut(i) {
                *k = true;
            }
        }
        self.classification
            .rollups
            .iter()
            .filter(|r| r.items.iter().any(|&i| keep.get(i).copied().unwrap_or(false)))
            .map(crate::report::rollup_row)
            .collect()
    }

    fn as_of(&self) -> String {
        self.classification.as_of.format("%Y-%m-%d").to_string()
    }
}

/// The items' table.
pub struct Items;

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
    let id = filter_id(&Items::WORDS, key);
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

impl TableRow for Items {
    type Judged = JudgedItem<'static>;
    type Source = Source;
    type View<'a> = ItemRow<'a>;

    const WORDS: Words = Words {
        title: "一覧",
        heading_id: "results-heading",
        section_class: "results",
        section_hook: None,
        filters_label: "一覧の絞り込み",
        filter_prefix: "filter",
        filter_attribute: "data-filter",
        clear_action: "clear-filters",
        count_hook: "result-count",
        unit: "件",
        actions_label: "表示中の行をコピー・出力",
        copy: Export {
            action: "copy-tsv",
            label: "表をコピー（Excel に貼り付け）",
            done: "を表（TSV）としてコピーしました。",
        },
        mail: Some(Export {
            action: "copy-mail",
            label: "メール用の一覧をコピー",
            done: "をメール用の一覧としてコピーしました。",
        }),
        csv: Export {
            action: "download-csv", label: "CSV をダウンロード", done: "を CSV でダウンロードしました。"
        },
        xlsx: Export {
            action: "download-xlsx",
            label: "Excel 報告書（.xlsx）をダウンロード",
            done: "を Excel 報告書（.xlsx）でダウンロードしました。",
        },
        table_class: "results-table",
        table_hook: Some("results"),
        table_label: "判定結果の一覧（矢印キーで行を移動）",
        sort_attribute: "data-sort",
        row_id: "result-row-",
        detail_hint: Some("行をクリックするか、一覧にフォーカスして矢印キーで選ぶと、ここに全項目を表示します。"),
    };

    fn columns(_: &Source) -> Vec<PageColumn<ItemField>> {
        column::ITEMS_PAGE.iter().copied().map(PageColumn::List).collect()
    }

    fn sort(query: &Query) -> Option<Sort<ItemField>> {
        query.sort
    }

    fn sort_action(_: &Query, sort: Sort<ItemField>) -> Action {
        Action::SortBy(sort)
    }

    fn total(source: &Source) -> usize {
        source.data.analysis.items.len()
    }

    fn view(source: &Source, i: usize) -> Option<ItemRow<'_>> {
        source.row(i)
    }

    fn hooks(row: &ItemRow<'_>) -> Vec<(&'static str, String)> {
        vec![
            ("data-status", row.status.key().to_owned()),
            ("data-organization", row.organization.to_owned()),
            ("data-prefecture", row.prefecture.unwrap_or("").to_owned()),
            ("data-task", row.task.unwrap_or("").to_owned()),
            ("data-system", row.system.unwrap_or("").to_owned()),
            ("data-phase", row.phase.unwrap_or("").to_owned()),
        ]
    }

    /// The column's value, with the page's extras (the body's button, the status badge,
    /// titles with the full text).
    fn cell(row: &ItemRow<'_>, column: &PageColumn<ItemField>, dispatch: &Callback<Action>) -> Html {
        let PageColumn::List(column) = column else { return html! { <td></td> } };
        let cell = row.cell(column.field);
        let text = cell.text(Style::Sheet).into_owned();
        match column.field {
            ItemField::Organization => html! {
                <td class="org" title={format!("{}{}", row.prefecture.unwrap_or(""), row.organization)}>
                    { super::matrix::open_body_button(dispatch, row.prefecture.map(str::to_owned), row.organization) }
                    if row.own_office { <span class="own">{ "自庁内" }</span> }
                </td>
            },
            ItemField::Task => html! { <td title={row.task_name.unwrap_or("").to_owned()}>{ text }</td> },
            ItemField::Deadline => html! { <td class="date" title={row.deadline_label.to_owned()}>{ text }</td> },
            ItemField::Status => html! { <td>{ badge(row.status) }</td> },
            ItemField::Warnings => html! { <td class="warn" title={text.clone()}>{ text }</td> },
            ItemField::RecommendedAction => html! { <td class="action" title={text.clone()}>{ text }</td> },
            ItemField::Source => {
                let title = format!("{} のシート「{}」の {} 行目", row.source.file, row.source.sheet, row.source.row);
                html! { <td class="source" {title}>{ text }</td> }
            }
            _ => match column.kind {
                Kind::Date => {
                    let invalid = matches!(cell, Cell::Unread(_));
                    html! {
                        <td class={classes!("date", invalid.then_some("invalid"))}
                            title={invalid.then(|| "日付として読めないセル".to_owned())}>{ text }</td>
                    }
                }
                Kind::Number => html! { <td class="num">{ text }</td> },
                _ => html! { <td>{ text }</td> },
            },
        }
    }

    fn body(row: &ItemRow<'_>) -> BodyRef {
        BodyRef { prefecture: row.prefecture.map(str::to_owned), organization: row.organization.to_owned() }
    }

    /// Every column of the item list (as CSV has them) that has a value.
    fn detail(row: &ItemRow<'_>) -> Option<Html> {
        let cells = column::texts(row, &column::ITEMS, Style::Sheet);
        Some(html! {
            <dl class="row-detail-list">
                { for column::ITEMS.iter().zip(cells).filter(|(_, v)| !v.is_empty()).map(|(c, v)| html! {
                    <><dt>{ c.heading }</dt><dd>{ v }</dd></>
                }) }
            </dl>
        })
    }

    fn filters(source: &Source, q: &Query, dispatch: &Callback<Action>) -> Html {
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
        let data = &source.data;
        html! {
            <>
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
            { body_filter(&Self::WORDS, q, dispatch) }
            { choice("タスク", "task", &data.tasks, &q.task, q, dispatch, |q, v| q.task = v) }
            { choice("システム", "system", &data.systems, &q.system, q, dispatch, |q, v| q.system = v) }
            { choice("工程", "phase", &data.phases, &q.phase, q, dispatch, |q, v| q.phase = v) }
            </>
        }
    }

    fn sheet(source: &Source, selection: &[usize], delimiter: Delimiter) -> (String, usize) {
        let rows = source.rows(selection);
        (export::delimited(&rows, delimiter), rows.len())
    }

    fn mail(source: &Source, selection: &[usize]) -> Option<String> {
        Some(export::mail::list(&source.rows(selection), &source.as_of()))
    }

    fn xlsx(source: &Source, selection: &[usize], conditions: &str) -> (Request, usize) {
        let rows = source.rows(selection);
        let request = export::xlsx::request(
            &rows,
            &source.rollups(selection),
            (&[], false),
            &source.data.analysis.skipped,
            &source.as_of(),
            conditions,
        );
        (request, rows.len())
    }

    fn file_stem(source: &Source) -> String {
        format!("shinchoku_{}", source.as_of())
    }
}
