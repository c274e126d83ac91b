//! The web app (WASM only): one page that reads dropped exports in the browser and shows
//! every body's status. State lives in [`App`]'s reducer (a pure function, [`crate::page`]); the
//! components are in one file each.
//!
//! Data flow: files → the analyser module ([`worker`]: reading and classifying in a Web Worker,
//! a wasm of its own) → the counts first ([`Early`]), then [`Data`] and the classification →
//! selection (indices, memoised on the query) → summary, matrix, table and exports. A settings
//! change asks the analyser to reclassify; the page never reads a file itself.

mod body_detail;
mod browser;
mod compare;
mod data_table;
mod drop_zone;
mod letters;
mod matrix;
mod messages;
mod modal;
mod notes;
mod over_time;
mod print;
mod report_module;
mod settings;
mod steps;
mod summary;
mod systems;
mod table;
mod virtual_rows;
mod worker;

use std::rc::Rc;

use yew::prelude::*;

use crate::analyse;
use crate::classify::Classification;
use crate::profile::Profile;
use crate::query;
use crate::summary::{Counts, Early, Matrix, SystemSummary};
use data_table::DataTable;

/// Starts the app in `#app`.
pub fn start() {
    browser::install_panic_hook();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
            worker::warm_up();
        }
        None => browser::show_fatal("ページの構成が壊れています（#app がありません）。"),
    }
}

/// Shares a value between components; equal when it is the same value (pointer equality),
/// so props compare in O(1).
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

pub use crate::page::{Action, AppState, Data, Origin, Settings};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (next, effects) = self.next(action, browser::today());
        if effects.remember {
            browser::save_settings(&browser::Stored {
                as_of: next.settings.as_of_chosen.then_some(next.settings.as_of),
                profile: (next.settings.profile != Profile::default()).then(|| next.settings.profile.clone()),
                prefecture: next.settings.prefecture.clone(),
            });
        }
        Rc::new(next)
    }
}

fn initial_state() -> AppState {
    let stored = browser::load_settings();
    AppState::initial(stored.as_of, stored.profile, stored.prefecture, browser::today())
}

/// Loads files or a sample through the analyser, handing the counts and then everything to
/// the reducer.
fn load(
    state: UseReducerHandle<AppState>,
    progress: UseStateHandle<Option<analyse::Progress>>,
    source: worker::Source,
) {
    state.dispatch(Action::Loading);
    progress.set(None);
    let origin = if matches!(source, worker::Source::Sample(_)) { Origin::Sample } else { Origin::Files };
    let on_progress = {
        let progress = progress.clone();
        Rc::new(move |p| progress.set(Some(p)))
    };
    let on_early = {
        let state = state.clone();
        Rc::new(move |early| state.dispatch(Action::Early(early)))
    };
    let settings = state.settings.clone();
    let on_done = Rc::new(move |loaded| {
        progress.set(None);
        state.dispatch(Action::Loaded { loaded: Box::new(loaded), origin });
    });
    worker::load(
        source,
        settings.as_of,
        &settings.profile,
        on_progress,
        on_early,
        settings.prefecture.as_deref(),
        on_done,
    );
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let progress = use_state(|| None::<analyse::Progress>);

    let data = state.data.clone();
    let settings = state.settings.clone();

    let classification: Rc<Classification> = state.classification.clone();
    let class_id = (data.id, state.class_id);
    // Step and rate tables: the counts are of systems (SPEC §9.3).
    let systems_mode = !data.analysis.systems.reports.is_empty();
    let counts: Rc<Counts> = {
        let c = classification.clone();
        use_memo(class_id, move |_| Early::of(&c).counts)
    };
    let system_summary: Rc<SystemSummary> = {
        let c = classification.clone();
        use_memo(class_id, move |_| SystemSummary::of(&c.systems.systems))
    };
    let system_selection: Rc<Vec<usize>> = {
        let c = classification.clone();
        use_memo((class_id, state.query.clone()), move |(_, q)| query::select(&c.systems.systems, q, q.system_sort))
    };
    let matrix: Rc<Matrix> = {
        let c = classification.clone();
        use_memo(class_id, move |_| crate::summary::matrix(&c))
    };
    let selection: Rc<Vec<usize>> = {
        let data = data.clone();
        let c = classification.clone();
        use_memo((class_id, state.query.clone()), move |(_, q)| {
            query::select_items(&data.analysis.items, &c.verdicts, &data.keys, q)
        })
    };
    // A settings change: the analyser reclassifies where the items are.
    {
        let state = state.clone();
        let deps = (class_id, settings.as_of, settings.profile.clone());
        use_effect_with(deps, move |(_, as_of, profile)| {
            let stale = state.classified_for != (*as_of, profile.clone());
            if stale && !state.data.analysis.is_empty() {
                let data_id = state.data.id;
                let dispatch = state.dispatcher();
                worker::classify(
                    *as_of,
                    profile,
                    Rc::new(move |classified| {
                        dispatch.dispatch(Action::Classified { data_id, classified: classified.map(Box::new) })
                    }),
                );
            }
        });
    }

    // A prefecture scope chosen: the analyser narrows the files it kept (every view follows).
    {
        let state = state.clone();
        let deps = (data.id, settings.prefecture.clone());
        use_effect_with(deps, move |(_, wanted)| {
            let scope = &state.scope;
            let covered = wanted.as_ref().is_none_or(|w| scope.prefectures.contains(w));
            if scope.offered() && covered && scope.shown != *wanted && !state.loading {
                let names = state.data.analysis.files.clone();
                let (as_of, profile) = (state.settings.as_of, state.settings.profile.clone());
                let dispatch = state.dispatcher();
                dispatch.dispatch(Action::Loading);
                worker::rescope(
                    wanted.as_deref(),
                    names,
                    as_of,
                    &profile,
                    Rc::new(move |loaded| {
                        dispatch.dispatch(Action::Loaded { loaded: Box::new(loaded), origin: Origin::Rescoped })
                    }),
                );
            }
        });
    }

    // The search keys, once the load's counts and first rows are on screen: a body filter or
    // a sort then finds them ready, and showing the load did not wait for them.
    {
        let data = data.clone();
        use_effect_with(data.id, move |_| {
            if !data.analysis.items.is_empty() && !data.keys.is_built() {
                wasm_bindgen_futures::spawn_local(async move {
                    browser::after_paint().await;
                    data.keys.prepare(&data.analysis.items);
                });
            }
        });
    }
    let on_files = {
        let state = state.clone();
        let progress = progress.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            load(state.clone(), progress.clone(), worker::Source::Files(files))
        })
    };
    // Dates corrected (the reducer keeps them as asked): the analyser makes the snapshots again
    // from the files it kept. A newer correction supersedes an unanswered one, and carries it.
    {
        let state = state.clone();
        use_effect_with(state.dates_asked.clone(), move |asked| {
            if let Some(dates) = asked {
                let names = state.data.analysis.files.clone();
                let (as_of, profile) = (state.settings.as_of, state.settings.profile.clone());
                let dispatch = state.dispatcher();
                worker::redate(
                    dates,
                    names,
                    as_of,
                    &profile,
                    state.scope.shown.as_deref(),
                    Rc::new(move |loaded| {
                        dispatch.dispatch(Action::Loaded { loaded: Box::new(loaded), origin: Origin::Redated })
                    }),
                );
            }
        });
    }
    let on_sample = {
        let state = state.clone();
        let progress = progress.clone();
        Callback::from(move |_| {
            load(state.clone(), progress.clone(), worker::Source::Sample(worker::Sample::ActionPlan))
        })
    };
    let on_sample_hyojunka = {
        let state = state.clone();
        let progress = progress.clone();
        Callback::from(move |_| load(state.clone(), progress.clone(), worker::Source::Sample(worker::Sample::Hyojunka)))
    };
    // One callback for the page's lifetime: components compare props by it, so a new one on
    // every render would re-render all of them (the 2,000-row matrix too) on each keystroke.
    let dispatch: Callback<Action> = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: Action| dispatcher.dispatch(a)))).clone()
    };

    let loaded = !data.analysis.is_empty();
    let has_items = !data.analysis.items.is_empty();
    let shared_data = Shared(data.clone());
    let shared_class = Shared(classification.clone());
    let shared_selection = Shared(selection.clone());
    let shared_systems = Shared(system_selection.clone());
    // What the printout holds whenever the browser prints: the loaded data as rendered now (during
    // a new load, the data still on the page).
    let report = loaded.then(|| print::Report {
        data: shared_data.clone(),
        classification: shared_class.clone(),
        selection: shared_selection.clone(),
        counts: *counts,
        matrix: Shared(matrix.clone()),
        // The printout says which prefecture it holds, as the page does.
        filter: match &state.scope.shown {
            Some(p) => format!("表示範囲：{p}、{}", state.query.describe_ja()),
            None => state.query.describe_ja(),
        },
        deadlines: print::deadlines(&settings.profile),
        systems: systems_mode.then(|| shared_systems.clone()),
        history: Shared(state.history.clone()),
    });
    print::use_print_events(report.clone());

    html! {
        <>
        <header class="masthead">
            <h1>{ "進捗確認" }<span class="sub">{ "デジタルPMO 推奨アクションプラン・標準化の進捗の確認" }</span></h1>
            <p class="privacy" data-hook="privacy">
                { "読み込んだファイルはこのPCのブラウザーの中だけで処理されます。どこにも送信・保存されません（保存されるのは基準日と期日の設定だけです）。" }
            </p>
        </header>
        <main>
            <drop_zone::DropZone on_files={on_files} on_sample={on_sample} on_sample_hyojunka={on_sample_hyojunka} loading={state.loading}
                progress={(*progress).clone()} />
            <messages::Messages data={shared_data.clone()} notice={state.notice.clone()} classification={shared_class.clone()} />
            <settings::SettingsPanel settings={settings.clone()} scope={state.scope.clone()} error={state.settings_error.clone()}
                dispatch={dispatch.clone()} />
            if loaded && state.scope.offered() {
                <p class="scope" data-hook="scope" data-scope={state.scope.shown.clone().unwrap_or_default()}>
                    { format!("表示範囲：{}", state.scope.shown.clone().unwrap_or_else(||
                        format!("全国（読み込んだファイルの {} 都道府県すべて）", state.scope.prefectures.len()))) }
                </p>
            }
            if let Some(early) = state.early.filter(|_| state.loading) {
                // The load under way: its counts, before its items have arrived.
                <summary::Summary counts={early.counts} selected={state.query.statuses.clone()} dispatch={dispatch.clone()} loaded={true}
                    systems={early.systems} />
            } else {
                <summary::Summary counts={if state.loading { Counts::default() } else { *counts }} selected={state.query.statuses.clone()}
                    dispatch={dispatch.clone()} loaded={loaded && !state.loading} systems={systems_mode.then_some(*system_summary)} />
            }
            if loaded && !state.loading {
                <notes::NotesPanel data={shared_data.clone()} classification={shared_class.clone()} dispatch={dispatch.clone()} />
            }
            if loaded && systems_mode {
                <over_time::OverTime data={shared_data.clone()} classification={shared_class.clone()}
                    history={Shared(state.history.clone())} query={state.query.clone()} dispatch={dispatch.clone()}
                    dates={state.file_dates().to_vec()} />
            }
            if loaded {
                <matrix::MatrixView matrix={Shared(matrix.clone())} dispatch={dispatch.clone()} systems={systems_mode} />
                if systems_mode {
                    <DataTable<systems::Systems> source={systems::Source { data: shared_data.clone(),
                        classification: shared_class.clone(), history: Shared(state.history.clone()) }}
                        selection={shared_systems.clone()} query={state.query.clone()} dispatch={dispatch.clone()} />
                }
                if has_items {
                    <DataTable<table::Items> source={table::Source { data: shared_data.clone(), classification: shared_class.clone() }}
                        selection={shared_selection.clone()} query={state.query.clone()} dispatch={dispatch.clone()} />
                }
                <letters::LettersPanel data={shared_data.clone()} classification={shared_class.clone()}
                    selection={shared_selection.clone()} systems={shared_systems.clone()} systems_mode={systems_mode}
                    filter={state.query.describe_ja()} dispatch={dispatch.clone()} />
                <compare::ComparePanel data={shared_data.clone()} as_of={settings.as_of} profile={settings.profile.clone()}
                    scope={state.scope.shown.clone()} dispatch={dispatch.clone()} />
                if let Some(report) = report.filter(|_| state.printing) {
                    <print::PrintReport {report} on_close={dispatch.reform(|()| Action::SetPrinting(false))} />
                }
                if let Some(body) = state.body.clone() {
                    if systems_mode {
                        <steps::StepsDetail data={shared_data.clone()} classification={shared_class.clone()}
                            profile={settings.profile.clone()} {body} on_close={dispatch.reform(|()| Action::CloseBody)} />
                    } else {
                        <body_detail::BodyDetail data={shared_data.clone()} classification={shared_class.clone()}
                            profile={settings.profile.clone()} {body} on_close={dispatch.reform(|()| Action::CloseBody)} />
                    }
                }
            }
        </main>
        <footer class="footer">
            <p>{ "shinchoku — ファイルはブラウザーの中で読み込まれ、外部に送信されません。" }</p>
        </footer>
        </>
    }
}
