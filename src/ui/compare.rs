//! Compare two exports: choose or drop an earlier export (last month's) beside the current one
//! and see, per item, what changed ([`crate::compare::compare`]): newly done, worse, better,
//! planned end moved later or earlier (by how many days), still unreported, appeared, gone.
//! Both are classified at the current as-of date and profile. Filter by kind; copy as TSV.
//! Standardisation exports are compared per system ([`crate::compare::compare_systems`]). One
//! [`Changes`] table shows either; each kind of change brings its kinds, columns and cells
//! ([`PageChange`]).

use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

use super::data_table::with_attribute;
use super::summary::badge;
use super::{browser, Action, Data, Shared};
use crate::analyse::Analysis;
use crate::column::{self, Cell, ChangeField, Column, Kind, Row, Style, SystemChangeField};
use crate::compare::{self, Change, ChangeKind, Comparison, SystemChange, SystemChangeKind};
use crate::export::Delimiter;
use crate::profile::Profile;

/// Change rows drawn at once; the copy takes every filtered change.
const MAX_ROWS: usize = 1000;

/// A change the page lists: its programme's kinds (the filter buttons, in order), its page
/// columns, its rows' `data-*` hooks and its cells. One [`Changes`] table serves both
/// programmes' comparisons; what differs is here.
trait PageChange: column::Listed + PartialEq {
    type Kind: Copy + Ord + 'static;
    /// The kinds' buttons, in order.
    const KINDS: &'static [Self::Kind];
    const PAGE_COLUMNS: &'static [Column<Self::Field>];
    fn kind(&self) -> Self::Kind;
    fn kind_key(kind: Self::Kind) -> &'static str;
    fn kind_label(kind: Self::Kind) -> &'static str;
    /// Its `data-*` hooks besides its kind.
    fn hooks(&self) -> Vec<(&'static str, String)>;
    fn cell(&self, column: &Column<Self::Field>) -> Html;
}

impl PageChange for Change {
    type Kind = ChangeKind;
    const KINDS: &'static [ChangeKind] = &[
        ChangeKind::NewlyOverdue,
        ChangeKind::PlanEndLater,
        ChangeKind::StillUnreported,
        ChangeKind::NewlyDone,
        ChangeKind::Improved,
        ChangeKind::PlanEndEarlier,
        ChangeKind::Appeared,
        ChangeKind::Gone,
    ];
    const PAGE_COLUMNS: &'static [Column<ChangeField>] = &column::CHANGES_PAGE;

    fn kind(&self) -> ChangeKind {
        self.kind
    }

    fn kind_key(kind: ChangeKind) -> &'static str {
        kind.key()
    }

    fn kind_label(kind: ChangeKind) -> &'static str {
        kind.label_ja()
    }

    fn hooks(&self) -> Vec<(&'static str, String)> {
        vec![("data-organization", self.organization.clone()), ("data-phase", self.phase.clone().unwrap_or_default())]
    }

    /// A side's status as a badge (（なし） where the item is new or gone), its planned end (—
    /// where it has none).
    fn cell(&self, column: &Column<ChangeField>) -> Html {
        let side = match column.field {
            ChangeField::BeforeStatus | ChangeField::BeforePlannedEnd => Some(&self.before),
            ChangeField::AfterStatus | ChangeField::AfterPlannedEnd => Some(&self.after),
            _ => None,
        };
        let text = Row::cell(self, column.field).text(Style::Sheet).into_owned();
        match (column.field, side) {
            (ChangeField::Kind, _) => kind_html(self.kind.key(), self.kind.label_ja()),
            (ChangeField::BeforeStatus | ChangeField::AfterStatus, Some(side)) => match side {
                Some(s) => html! { <td>{ badge(s.status) }</td> },
                None => html! { <td><span class="hint">{ "（なし）" }</span></td> },
            },
            (_, Some(side)) => {
                html! { <td class="date">{ if side.is_some() && text.is_empty() { "—".to_owned() } else { text } }</td> }
            }
            (ChangeField::DaysMovedSigned, _) => html! { <td class="num">{ text }</td> },
            _ => html! { <td>{ text }</td> },
        }
    }
}

impl PageChange for SystemChange {
    type Kind = SystemChangeKind;
    const KINDS: &'static [SystemChangeKind] = &[
        SystemChangeKind::NewlyDone,
        SystemChangeKind::RateUp,
        SystemChangeKind::RateDown,
        SystemChangeKind::NewlyDesignated,
        SystemChangeKind::StillUnreported,
        SystemChangeKind::Appeared,
        SystemChangeKind::Gone,
    ];
    const PAGE_COLUMNS: &'static [Column<SystemChangeField>] = &column::SYSTEM_CHANGES_PAGE;

    fn kind(&self) -> SystemChangeKind {
        self.kind
    }

    fn kind_key(kind: SystemChangeKind) -> &'static str {
        kind.key()
    }

    fn kind_label(kind: SystemChangeKind) -> &'static str {
        kind.label_ja()
    }

    fn hooks(&self) -> Vec<(&'static str, String)> {
        vec![("data-organization", self.organization.clone()), ("data-task", self.task.clone())]
    }

    /// Statuses as badges, rates (— where there is none), the steps that changed.
    fn cell(&self, column: &Column<SystemChangeField>) -> Html {
        let cell = Row::cell(self, column.field);
        match (column.field, &cell) {
            (SystemChangeField::Kind, _) => kind_html(self.kind.key(), self.kind.label_ja()),
            (_, Cell::Status(s)) => html! { <td>{ badge(*s) }</td> },
            (_, _) if column.kind == Kind::Rate => {
                html! { <td class="num">{ if cell == Cell::Empty { "—".to_owned() } else { cell.text(Style::Sheet).into_owned() } }</td> }
            }
            (SystemChangeField::Steps, _) => {
                html! { <td class="steps-changed">{ cell.text(Style::Sheet).into_owned() }</td> }
            }
            _ => html! { <td>{ cell.text(Style::Sheet).into_owned() }</td> },
        }
    }
}

/// The button that copies the shown changes, and how many are shown of all.
fn copy_bar(shown: usize, total: usize, copy: Callback<MouseEvent>) -> Html {
    html! {
        <div class="actions">
            <button type="button" class="button" data-action="copy-changes-tsv" disabled={shown == 0} onclick={copy}>
                { "変化の一覧をコピー（Excel に貼り付け）" }
            </button>
            <p class="result-count" data-hook="change-count" data-shown={shown.to_string()} data-total={total.to_string()}>
                { format!("{} / {} 件", crate::summary::thousands(shown), crate::summary::thousands(total)) }
            </p>
        </div>
    }
}

/// The count buttons that filter the changes by kind (click to toggle).
fn kind_buttons<C: PageChange>(changes: &[C], selected: &UseStateHandle<BTreeSet<C::Kind>>) -> Html {
    html! {
        <div class="counts change-counts" role="group" aria-label="変化の種類で絞り込む">
            { for C::KINDS.iter().copied().map(|k| {
                let n = changes.iter().filter(|ch| ch.kind() == k).count();
                let pressed = selected.contains(&k);
                let onclick = {
                    let selected = selected.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*selected).clone();
                        if !next.remove(&k) {
                            next.insert(k);
                        }
                        selected.set(next);
                    })
                };
                let key = C::kind_key(k);
                html! {
                    <button type="button" class={classes!("count", "change", format!("ch-{key}"), pressed.then_some("pressed"))}
                        data-change-kind-filter={key} data-count={n.to_string()} aria-pressed={pressed.to_string()} {onclick}>
                        <span class="count-label">{ C::kind_label(k) }</span>
                        <span class="count-number">{ format!("{} 件", crate::summary::thousands(n)) }</span>
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties)]
struct ChangesProps<C: PageChange> {
    comparison: Shared<Comparison<C>>,
    dispatch: Callback<Action>,
}

impl<C: PageChange> PartialEq for ChangesProps<C> {
    fn eq(&self, other: &Self) -> bool {
        self.comparison == other.comparison && self.dispatch == other.dispatch
    }
}

/// The changes of one comparison, of either programme: kinds to filter by, the changes, and a
/// copy for Excel.
#[function_component(Changes)]
fn changes<C: PageChange>(props: &ChangesProps<C>) -> Html {
    let kinds = use_state(BTreeSet::<C::Kind>::new);
    let all = &props.comparison.changes;
    let shown: Vec<&C> = all.iter().filter(|ch| kinds.is_empty() || kinds.contains(&ch.kind())).collect();
    let copy = {
        let comparison = props.comparison.clone();
        let selected = (*kinds).clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let list: Vec<&C> =
                comparison.changes.iter().filter(|ch| selected.is_empty() || selected.contains(&ch.kind())).collect();
            let n = list.len();
            let text = crate::export::list(C::SHEET_COLUMNS, list, Delimiter::Tab);
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => dispatch.emit(Action::Notice(format!(
                        "変化 {} 件を表（TSV）としてコピーしました。",
                        crate::summary::thousands(n)
                    ))),
                    Err(e) => dispatch.emit(Action::Notice(e)),
                }
            });
        })
    };
    html! {
        <>
        { kind_buttons(all, &kinds) }
        { copy_bar(shown.len(), all.len(), copy) }
        <div class="changes-scroll" tabindex="0" role="region" aria-label="変化の一覧">
            <table class="changes-table" data-hook="changes">
                <thead>
                    <tr>{ for C::PAGE_COLUMNS.iter().map(|c| html! { <th scope="col">{ c.heading }</th> }) }</tr>
                </thead>
                <tbody>
                    { for shown.iter().take(MAX_ROWS).map(|ch| {
                        let tr = html! {
                            <tr data-change-kind={C::kind_key(ch.kind())}>
                                { for C::PAGE_COLUMNS.iter().map(|c| PageChange::cell(*ch, c)) }
                            </tr>
                        };
                        ch.hooks().into_iter().fold(tr, |tr, (name, value)| with_attribute(tr, name, value))
                    }) }
                </tbody>
            </table>
            if shown.is_empty() {
                <p class="empty">{ "変化はありません。" }</p>
            }
        </div>
        if shown.len() > MAX_ROWS {
            <p class="hint">{ format!("先頭の {} 件を表示しています。コピーは {} 件すべてです。", crate::summary::thousands(MAX_ROWS), crate::summary::thousands(shown.len())) }</p>
        }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub as_of: chrono::NaiveDate,
    pub profile: Profile,
    /// The prefecture scope (表示範囲) shown: the earlier export is read within it too.
    pub scope: Option<String>,
    pub dispatch: Callback<Action>,
}

fn files_of(list: Option<FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The kind of a change as its coloured label.
fn kind_html(key: &str, label: &str) -> Html {
    html! { <td><span class={classes!("change-kind", format!("ch-{key}"))}>{ label.to_owned() }</span></td> }
}

#[function_component(ComparePanel)]
pub fn compare_panel(props: &Props) -> Html {
    let earlier = use_state(|| None::<Rc<Analysis>>);
    let loading = use_state(|| false);
    let over = use_state(|| false);

    // The earlier files, read again within a new prefecture scope.
    let earlier_files = use_mut_ref(Vec::<web_sys::File>::new);
    let load = {
        let earlier = earlier.clone();
        let loading = loading.clone();
        let scope = props.scope.clone();
        let earlier_files = earlier_files.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            *earlier_files.borrow_mut() = files.clone();
            loading.set(true);
            let (earlier, loading) = (earlier.clone(), loading.clone());
            // Read by the analyser module, like the files compared against.
            super::worker::read(
                files,
                scope.as_deref(),
                Rc::new(move |a| {
                    earlier.set(Some(Rc::new(a)));
                    loading.set(false);
                }),
            );
        })
    };
    // The scope changed: the earlier export is read again within it (the comparison is then of
    // the same bodies on both sides).
    {
        let (load, earlier_files) = (load.clone(), earlier_files.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(props.scope.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                let files = earlier_files.borrow().clone();
                load.emit(files);
            }
        });
    }
    let onchange = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let files = files_of(input.files());
            input.set_value("");
            load.emit(files);
        })
    };
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let (over, load) = (over.clone(), load.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            load.emit(files_of(e.data_transfer().and_then(|dt| dt.files())));
        })
    };
    let on_clear = {
        let earlier = earlier.clone();
        Callback::from(move |_: MouseEvent| earlier.set(None))
    };

    let comparison: Rc<Option<Rc<Comparison>>> = {
        let data = props.data.clone();
        use_memo(((*earlier).as_ref().map(|a| Rc::as_ptr(a) as usize), data.id, props.as_of, props.profile.clone()), {
            let earlier = (*earlier).clone();
            move |(_, _, as_of, profile)| {
                let old = earlier?;
                // Nothing read from the earlier files: no comparison (not "everything appeared").
                (!old.items.is_empty())
                    .then(|| Rc::new(compare::compare(&old.items, &data.analysis.items, *as_of, profile)))
            }
        })
    };

    let system_comparison: Rc<Option<Rc<Comparison<SystemChange>>>> = {
        let data = props.data.clone();
        use_memo(((*earlier).as_ref().map(|a| Rc::as_ptr(a) as usize), data.id, props.as_of, props.profile.clone()), {
            let earlier = (*earlier).clone();
            move |(_, _, as_of, profile)| {
                let old = earlier?;
                (!old.systems.reports.is_empty() && !data.analysis.systems.reports.is_empty())
                    .then(|| Rc::new(compare::compare_systems(&old.systems, &data.analysis.systems, *as_of, profile)))
            }
        })
    };

    // A new earlier export: new tables, with no kind chosen.
    let key = (*earlier).as_ref().map(|a| Rc::as_ptr(a) as usize).unwrap_or_default().to_string();
    let body = match (&*earlier, comparison.as_ref(), system_comparison.as_ref()) {
        (Some(old), _, Some(sc)) => html! {
            <>
            <p class="loaded-files" data-hook="compare-files">
                { format!("前回：{}　今回：{}　基準日 {} で判定（システムごと）",
                    old.files.join("、"), props.data.analysis.files.join("、"), props.as_of.format("%Y-%m-%d")) }
            </p>
            <Changes<SystemChange> key={key} comparison={Shared(sc.clone())} dispatch={props.dispatch.clone()} />
            </>
        },
        (Some(old), Some(c), None) => html! {
            <>
            <p class="loaded-files" data-hook="compare-files">
                { format!("前回：{}（{} 件）　今回：{}（{} 件）　基準日 {} で判定",
                    old.files.join("、"), crate::summary::thousands(old.items.len()),
                    props.data.analysis.files.join("、"), crate::summary::thousands(props.data.analysis.items.len()),
                    props.as_of.format("%Y-%m-%d")) }
            </p>
            <Changes<Change> key={key} comparison={Shared(c.clone())} dispatch={props.dispatch.clone()} />
            </>
        },
        (Some(old), None, None) if !old.files.is_empty() || old.errors.is_empty() => html! {
            <p class="hint" data-hook="compare-nothing">
                { format!("前回のファイル（{}）から、比べられる項目を読み取れませんでした。", old.files.join("、")) }
            </p>
        },
        _ => Html::default(),
    };

    let errors = (*earlier).as_ref().map(|a| a.errors.clone()).unwrap_or_default();
    html! {
        <section class={classes!("compare", "no-print", (*over).then_some("over"))} aria-labelledby="compare-heading"
            data-hook="compare" {ondragover} {ondragleave} {ondrop}>
            <h2 id="compare-heading">{ "前回のファイルと比べる" }</h2>
            <p class="hint">{ "前回（先月など）に出力したファイルを選ぶかここにドロップすると、いま読み込んでいるファイルと比べて、作業ごとの変化を表示します。どちらも同じ基準日と期日で判定します。" }</p>
            <div class="drop-buttons">
                <label class="button">
                    { "前回のファイルを選ぶ…" }
                    <input type="file" multiple=true accept={super::drop_zone::ACCEPT} class="visually-hidden"
                        data-hook="compare-input" {onchange} />
                </label>
                if earlier.is_some() {
                    <button type="button" class="button small" data-action="clear-compare" onclick={on_clear}>{ "比較をやめる" }</button>
                }
            </div>
            if *loading {
                <p class="loading" role="status">{ "前回のファイルを読み込み中…" }</p>
            }
            if !errors.is_empty() {
                <ul class="errors" role="alert">
                    { for errors.iter().map(|e| html! { <li data-error-file={e.file.clone()}>{ e.message.clone() }</li> }) }
                </ul>
            }
            { body }
        </section>
    }
}
