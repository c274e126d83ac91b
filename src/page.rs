//! The page's state and its reducer, as a pure function of the state, an action and today's
//! date (`AppState::next`), free of any browser dependency so that it is tested natively; the
//! page (`ui`) holds it in Yew's reducer and carries out what [`Effects`] asks (remembering the
//! settings in local storage).
//!
//! Also the analyser's decoded answers ([`Loaded`], [`Classified`]) and the other values the
//! actions carry.

use std::rc::Rc;

use chrono::NaiveDate;

use crate::analyse::Analysis;
use crate::classify::{classify_all_without_coverage, Classification, Status};
use crate::profile::Profile;
use crate::protocol::Scope;
use crate::query::{self, Query, SearchKeys};
use crate::summary::Early;

/// A classification with the settings it was made with (the analyser may have chosen the
/// profile by the files' shape, and a sample brings its own as-of date).
pub struct Classified {
    pub classification: Classification,
    /// With files of two dates or more (SPEC §11): the history's overview.
    pub history: Option<crate::history::Overview>,
    pub as_of: NaiveDate,
    pub profile: Profile,
}

/// A load's answer.
pub struct Loaded {
    pub analysis: Analysis,
    /// The analysis is this scope's.
    pub scope: Scope,
    /// `None` when the module failed (the analysis then holds the files' error messages).
    pub classified: Option<Classified>,
}

/// Which body: prefecture and name as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRef {
    pub prefecture: Option<String>,
    pub organization: String,
}

/// What the loaded files gave, with what the filters need precomputed.
#[derive(Default)]
pub struct Data {
    /// Changes on every load, so memos know the data changed.
    pub id: u64,
    pub analysis: Analysis,
    pub keys: SearchKeys,
    pub tasks: Vec<String>,
    pub systems: Vec<String>,
    pub phases: Vec<String>,
}

impl Data {
    pub fn new(id: u64, analysis: Analysis) -> Data {
        let items = &analysis.items;
        Data {
            id,
            // Built right after the load's first render (see `App`), or on first use.
            keys: SearchKeys::default(),
            tasks: query::distinct(items, |i| Some(i.task())),
            systems: query::distinct(items, |i| i.system.as_deref()),
            phases: query::distinct(items, |i| i.phase.as_deref()),
            analysis,
        }
    }
}

/// The settings: as-of date, profile and prefecture scope.
#[derive(Clone, PartialEq)]
pub struct Settings {
    pub as_of: NaiveDate,
    /// Whether the user chose the date (remembered) rather than today / the sample's.
    pub as_of_chosen: bool,
    pub profile: Profile,
    /// The prefecture scope (表示範囲) the user chose, by name; `None`: every prefecture. Applied
    /// wherever the files cover it and more than one prefecture.
    pub prefecture: Option<String>,
}

pub struct AppState {
    pub data: Rc<Data>,
    /// What the analyser said about `data`, with the settings it used.
    pub classification: Rc<Classification>,
    pub classified_for: (NaiveDate, Profile),
    /// Changes with every new classification, so memos know.
    pub class_id: u64,
    /// The history of files of two dates or more (SPEC §11), with the classification.
    pub history: Rc<Option<crate::history::Overview>>,
    /// The prefectures the files cover and the one `data` is narrowed to (the analyser narrows
    /// before classifying, so every view follows it).
    pub scope: Scope,
    /// The counts of the load under way, painted before its items arrive.
    pub early: Option<Early>,
    pub settings: Settings,
    pub query: Query,
    pub loading: bool,
    /// A short message after an action (copied, downloaded, …).
    pub notice: Option<(u64, String)>,
    pub settings_error: Option<String>,
    /// The body whose detail (timeline) is open.
    pub body: Option<BodyRef>,
    /// The print view (the on-screen preview of the printout) is shown.
    pub printing: bool,
    /// The files' dates as the user corrected them (SPEC §11), asked of the analyser and not
    /// yet answered: the date fields show these, not the loaded ones, until the answer comes,
    /// and a further correction builds on them (none is lost, none reverts on screen).
    pub dates_asked: Option<Vec<Option<NaiveDate>>>,
}

pub enum Action {
    Loading,
    Early(Early),
    /// A load's answer, and what it answers.
    Loaded {
        loaded: Box<Loaded>,
        origin: Origin,
    },
    /// A reclassification of the data with this id, or why it failed (for the user).
    Classified {
        data_id: u64,
        classified: Result<Box<Classified>, String>,
    },
    SetAsOf(NaiveDate),
    AsOfToday,
    SetProfile(Profile),
    SetPrefecture(Option<String>),
    SettingsError(String),
    SetQuery(Query),
    SortBy(crate::query::Sort<crate::field::ItemField>),
    ToggleStatus(Status),
    Notice(String),
    OpenBody(BodyRef),
    CloseBody,
    SetPrinting(bool),
    /// The user corrected the date of the loaded file at this index (`None`: undated).
    CorrectDate {
        file: usize,
        date: Option<NaiveDate>,
    },
}

/// What a load's answer answers, which decides what of the page's state it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// New files: the filters start over (the sort stays).
    Files,
    /// A built-in sample: as new files, and the as-of date is the sample's.
    Sample,
    /// The same files in another prefecture scope: the filters stay.
    Rescoped,
    /// The same files with dates corrected (SPEC §11): the filters that still apply stay.
    Redated,
}

/// What the page does after an action, besides showing the new state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effects {
    /// The settings changed: remember them (local storage).
    pub remember: bool,
}

impl AppState {
    /// The state before anything is loaded, with the remembered settings (`as_of`: the date
    /// the user chose, if any; else `today`; `prefecture`: the scope the user chose, if any).
    pub fn initial(
        as_of: Option<NaiveDate>,
        profile: Option<Profile>,
        prefecture: Option<String>,
        today: NaiveDate,
    ) -> AppState {
        let settings = Settings {
            as_of: as_of.unwrap_or(today),
            as_of_chosen: as_of.is_some(),
            profile: profile.unwrap_or_default(),
            prefecture,
        };
        AppState {
            data: Rc::new(Data::default()),
            classification: Rc::new(classify_all_without_coverage(
                &[],
                &Default::default(),
                settings.as_of,
                &settings.profile,
            )),
            classified_for: (settings.as_of, settings.profile.clone()),
            class_id: 0,
            history: Rc::new(None),
            scope: Scope::default(),
            early: None,
            settings,
            query: Query::default(),
            loading: false,
            notice: None,
            settings_error: None,
            body: None,
            printing: false,
            dates_asked: None,
        }
    }

    /// The loaded files' dates as the page shows them: as corrected, while the analyser has
    /// not answered the correction yet; else as the analysis has them (one per file).
    pub fn file_dates(&self) -> &[Option<NaiveDate>] {
        self.dates_asked.as_deref().unwrap_or(&self.data.analysis.dates)
    }

    /// The state after `action`, on `today`, and what the page must do besides.
    pub fn next(&self, action: Action, today: NaiveDate) -> (AppState, Effects) {
        let mut remember = false;
        let mut next = AppState {
            data: self.data.clone(),
            classification: self.classification.clone(),
            classified_for: self.classified_for.clone(),
            class_id: self.class_id,
            history: self.history.clone(),
            scope: self.scope.clone(),
            early: self.early,
            settings: self.settings.clone(),
            query: self.query.clone(),
            loading: self.loading,
            notice: self.notice.clone(),
            settings_error: self.settings_error.clone(),
            body: self.body.clone(),
            printing: self.printing,
            dates_asked: self.dates_asked.clone(),
        };
        let notice_id = self.notice.as_ref().map_or(0, |(id, _)| id + 1);
        match action {
            Action::Loading => {
                next.loading = true;
                next.notice = None;
                next.early = None;
            }
            Action::Early(early) => next.early = Some(early),
            Action::Loaded { loaded, origin } => {
                next.loading = false;
                next.early = None;
                next.dates_asked = None;
                let Loaded { analysis, scope, classified } = *loaded;
                next.scope = scope;
                // The profile follows the shape of the files (SPEC §9.3) unless the one in use,
                // perhaps edited, is already of the files' programme (the analyser applied the
                // same rule to classify).
                if let Some(p) = analysis.profile_for(&next.settings.profile) {
                    next.settings.profile = p;
                }
                match classified {
                    Some(c) => {
                        if origin == Origin::Sample {
                            next.settings.as_of = c.as_of;
                            next.settings.as_of_chosen = false;
                        }
                        next.classified_for = (c.as_of, c.profile);
                        next.classification = Rc::new(c.classification);
                        next.history = Rc::new(c.history);
                    }
                    None => {
                        next.history = Rc::new(None);
                        let (as_of, profile) = (next.settings.as_of, next.settings.profile.clone());
                        next.classification =
                            Rc::new(classify_all_without_coverage(&[], &analysis.systems, as_of, &profile));
                        next.classified_for = (as_of, profile);
                    }
                }
                next.class_id += 1;
                next.data = Rc::new(Data::new(self.data.id + 1, analysis));
                next.body = None;
                // New files start unfiltered; corrected dates make the snapshots again, and a
                // filter of the old ones (a warning, a 業務, the order by projected completion)
                // that no longer applies would leave the table empty for no visible reason.
                next.query = match origin {
                    Origin::Files | Origin::Sample => Query { sort: self.query.sort, ..Query::default() },
                    Origin::Rescoped => self.query.clone(),
                    Origin::Redated => {
                        self.query.clone().applicable_to(&next.classification.systems.systems, next.history.is_some())
                    }
                };
            }
            Action::Classified { data_id, classified } => match classified {
                Ok(c) if data_id == self.data.id => {
                    next.classified_for = (c.as_of, c.profile);
                    next.classification = Rc::new(c.classification);
                    next.history = Rc::new(c.history);
                    next.class_id += 1;
                }
                Ok(_) => {}
                Err(reason) => {
                    next.notice = Some((
                        notice_id,
                        format!("設定の変更を反映できませんでした（{reason}）。ファイルを読み込み直してください。"),
                    ));
                }
            },
            Action::SetAsOf(d) => {
                next.settings.as_of = d;
                next.settings.as_of_chosen = true;
                remember = true;
            }
            Action::AsOfToday => {
                next.settings.as_of = today;
                next.settings.as_of_chosen = false;
                remember = true;
            }
            Action::SetProfile(p) => {
                next.settings.profile = p;
                next.settings_error = None;
                remember = true;
            }
            Action::SetPrefecture(p) => {
                next.settings.prefecture = p;
                remember = true;
            }
            Action::SettingsError(e) => next.settings_error = Some(e),
            Action::SetQuery(q) => next.query = q,
            Action::SortBy(s) => next.query.sort = Some(s),
            Action::ToggleStatus(s) => {
                if !next.query.statuses.remove(&s) {
                    next.query.statuses.insert(s);
                }
            }
            Action::Notice(text) => next.notice = Some((notice_id, text)),
            Action::OpenBody(b) => next.body = Some(b),
            Action::CloseBody => next.body = None,
            Action::SetPrinting(p) => next.printing = p,
            Action::CorrectDate { file, date } => {
                let mut dates = self.file_dates().to_vec();
                dates.resize(dates.len().max(self.data.analysis.files.len()), None);
                // A date as it already is asks nothing (the field's change event after a
                // correction already sent, or the same date typed again).
                if let Some(d) = dates.get_mut(file).filter(|d| **d != date) {
                    *d = date;
                    next.loading = true;
                    next.notice = None;
                    next.early = None;
                    next.dates_asked = Some(dates);
                }
            }
        }
        (next, Effects { remember })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample};
    use crate::classify::classify_all;
    use crate::field::ItemField;
    use crate::limits::Limits;
    use crate::query::{Direction, Sort};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        day(2026, 3, 1)
    }

    fn start() -> AppState {
        AppState::initial(None, None, None, today())
    }

    /// The seed sample as the analyser answers a load of it.
    fn seed_loaded() -> Loaded {
        let analysis = analyse(&[sample::input()], &Limits::default());
        let c = classify_all(&analysis.items, &analysis.systems, sample::as_of(), &Profile::default());
        let classified =
            Classified { classification: c, history: None, as_of: sample::as_of(), profile: Profile::default() };
        Loaded { analysis, scope: Scope::default(), classified: Some(classified) }
    }

    fn after(state: &AppState, actions: impl IntoIterator<Item = Action>) -> AppState {
        let mut state = state.next(Action::Loading, today()).0;
        for action in actions {
            state = state.next(action, today()).0;
        }
        state
    }

    #[test]
    fn without_remembered_settings_the_as_of_date_is_today_and_not_chosen() {
        let s = start();
        assert_eq!((s.settings.as_of, s.settings.as_of_chosen), (today(), false));
        let remembered = AppState::initial(Some(day(2016, 7, 15)), None, None, today());
        assert_eq!((remembered.settings.as_of, remembered.settings.as_of_chosen), (day(2016, 7, 15), true));
    }

    #[test]
    fn loading_clears_the_notice_and_the_early_counts() {
        let s = start().next(Action::Notice("コピーしました".into()), today()).0;
        let s = s.next(Action::Early(Early::default()), today()).0;
        let (s, effects) = s.next(Action::Loading, today());
        assert!(s.loading && s.notice.is_none() && s.early.is_none());
        assert_eq!(effects, Effects::default());
    }

    #[test]
    fn a_sample_brings_its_own_as_of_date_without_remembering_it() {
        let s = after(&start(), [Action::Loaded { loaded: Box::new(seed_loaded()), origin: Origin::Sample }]);
        assert!(!s.loading);
        assert_eq!((s.settings.as_of, s.settings.as_of_chosen), (sample::as_of(), false));
        assert_eq!(s.data.analysis.items.len(), 28);
        assert_eq!(s.classification.verdicts.len(), 28);
        assert_eq!((s.data.id, s.class_id), (1, 1));
    }

    #[test]
    fn files_keep_the_users_as_of_date() {
        let chosen = start().next(Action::SetAsOf(day(2016, 9, 1)), today()).0;
        let s = after(&chosen, [Action::Loaded { loaded: Box::new(seed_loaded()), origin: Origin::Files }]);
        assert_eq!(s.settings.as_of, day(2016, 9, 1));
    }

    #[test]
    fn a_new_load_clears_the_filters_and_the_open_body_but_keeps_the_sort() {
        let sort = Sort { column: ItemField::DaysLate, direction: Direction::Descending };
        let s = after(
            &start(),
            [
                Action::SetQuery(Query { body: "Ｂ市".into(), ..Query::default() }),
                Action::SortBy(sort),
                Action::OpenBody(BodyRef { prefecture: None, organization: "Ｂ市".into() }),
                Action::Loaded { loaded: Box::new(seed_loaded()), origin: Origin::Sample },
            ],
        );
        assert_eq!(s.query, Query { sort: Some(sort), ..Query::default() });
        assert!(s.body.is_none());
    }

    #[test]
    fn a_failed_load_is_classified_with_the_pages_settings_and_shows_its_errors() {
        let failed = Loaded {
            analysis: Analysis {
                errors: vec![crate::analyse::FileError { file: "a.xlsx".into(), message: "読めません".into() }],
                ..Analysis::default()
            },
            scope: Scope::default(),
            classified: None,
        };
        let s = after(&start(), [Action::Loaded { loaded: Box::new(failed), origin: Origin::Files }]);
        assert_eq!(s.classified_for.0, today());
        assert_eq!(s.data.analysis.errors.len(), 1);
        assert!(s.classification.verdicts.is_empty());
    }

    #[test]
    fn a_reclassification_of_other_data_is_ignored_and_a_failed_one_says_so() {
        let loaded = after(&start(), [Action::Loaded { loaded: Box::new(seed_loaded()), origin: Origin::Sample }]);
        let stale = Classified {
            classification: classify_all(&[], &Default::default(), today(), &Profile::default()),
            history: None,
            as_of: today(),
            profile: Profile::default(),
        };
        let (s, _) =
            loaded.next(Action::Classified { data_id: loaded.data.id + 1, classified: Ok(Box::new(stale)) }, today());
        assert_eq!((s.class_id, s.classification.verdicts.len()), (loaded.class_id, 28));
        let failed =
            Action::Classified { data_id: loaded.data.id, classified: Err("日付「」を読めません".into()) };
        let (s, _) = s.next(failed, today());
        let notice = s.notice.as_ref().map(|(_, text)| text.as_str()).unwrap_or_default();
        assert!(notice.contains("反映できませんでした") && notice.contains("日付「」を読めません"), "{notice}");
        assert_eq!(s.class_id, loaded.class_id);
    }

    #[test]
    fn settings_changes_are_remembered_and_today_follows_the_clock() {
        let (s, effects) = start().next(Action::SetAsOf(day(2016, 7, 15)), today());
        assert!(effects.remember && s.settings.as_of_chosen);
        let (s, effects) = s.next(Action::AsOfToday, day(2026, 4, 2));
        assert!(effects.remember);
        assert_eq!((s.settings.as_of, s.settings.as_of_chosen), (day(2026, 4, 2), false));
        let (_, effects) = s.next(Action::SetProfile(Profile::hyojunka()), today());
        assert!(effects.remember);
        let (_, effects) = s.next(Action::SetQuery(Query::default()), today());
        assert!(!effects.remember, "a filter is not a setting");
    }

    #[test]
    fn toggling_a_status_twice_removes_it_again() {
        let s = start().next(Action::ToggleStatus(Status::Unreported), today()).0;
        assert!(s.query.statuses.contains(&Status::Unreported));
        let s = s.next(Action::ToggleStatus(Status::Unreported), today()).0;
        assert!(s.query.statuses.is_empty());
    }

    #[test]
    fn each_notice_gets_a_new_id_so_the_same_text_shows_again() {
        let s = start().next(Action::Notice("コピーしました".into()), today()).0;
        let t = s.next(Action::Notice("コピーしました".into()), today()).0;
        assert_ne!(s.notice.as_ref().map(|n| n.0), t.notice.as_ref().map(|n| n.0));
    }

    #[test]
    fn choosing_a_prefecture_scope_is_remembered() {
        let (s, effects) = start().next(Action::SetPrefecture(Some("鳥取県".into())), today());
        assert!(effects.remember);
        assert_eq!(s.settings.prefecture.as_deref(), Some("鳥取県"));
    }

    #[test]
    fn the_same_files_in_another_scope_keep_the_filters_and_a_new_load_clears_them() {
        let loaded = after(&start(), [Action::Loaded { loaded: Box::new(seed_loaded()), origin: Origin::Sample }]);
        let filtered = loaded.next(Action::ToggleStatus(Status::Unreported), today()).0;
        let scope =
            Scope { prefectures: vec!["鳥取県".into(), "島根県".into()], shown: Some("鳥取県".into()) };
        let rescoped = Loaded { scope: scope.clone(), ..seed_loaded() };
        let s = after(&filtered, [Action::Loaded { loaded: Box::new(rescoped), origin: Origin::Rescoped }]);
        assert!(s.query.statuses.contains(&Status::Unreported), "the filter stays");
        assert_eq!(s.scope, scope);
        let s = after(&filtered, [Action::Loaded { loaded: Box::new(seed_loaded()), origin: Origin::Files }]);
        assert!(s.query.statuses.is_empty(), "a new load starts unfiltered");
        assert!(!s.scope.offered());
    }

    /// Two monthly files as loaded: December dated (by its title), the other undated.
    fn two_months() -> AppState {
        let analysis = Analysis {
            files: vec!["r7_12.xlsx".into(), "undated.xlsx".into()],
            dates: vec![Some(day(2025, 12, 31)), None],
            ..Analysis::default()
        };
        let loaded = Loaded { analysis, scope: Scope::default(), classified: None };
        after(&start(), [Action::Loaded { loaded: Box::new(loaded), origin: Origin::Files }])
    }

    #[test]
    fn a_corrected_date_is_shown_and_asked_until_the_analyser_answers() {
        let s = two_months().next(Action::CorrectDate { file: 1, date: Some(day(2026, 1, 31)) }, today()).0;
        assert!(s.loading);
        assert_eq!(s.file_dates(), [Some(day(2025, 12, 31)), Some(day(2026, 1, 31))]);
        assert_eq!(s.dates_asked.as_deref(), Some(s.file_dates()));
        // The answer: the analysis carries the dates now.
        let analysis = Analysis { dates: s.file_dates().to_vec(), ..Analysis::default() };
        let loaded = Loaded { analysis, scope: Scope::default(), classified: None };
        let s = s.next(Action::Loaded { loaded: Box::new(loaded), origin: Origin::Redated }, today()).0;
        assert!(!s.loading && s.dates_asked.is_none());
        assert_eq!(s.file_dates(), [Some(day(2025, 12, 31)), Some(day(2026, 1, 31))]);
    }

    #[test]
    fn a_second_correction_before_the_answer_keeps_the_first() {
        let s = after(
            &two_months(),
            [
                Action::CorrectDate { file: 1, date: Some(day(2026, 1, 31)) },
                Action::CorrectDate { file: 0, date: Some(day(2025, 11, 30)) },
            ],
        );
        assert_eq!(s.dates_asked, Some(vec![Some(day(2025, 11, 30)), Some(day(2026, 1, 31))]));
    }

    #[test]
    fn a_date_as_it_already_is_asks_nothing() {
        let s = two_months();
        let unchanged = s.next(Action::CorrectDate { file: 0, date: Some(day(2025, 12, 31)) }, today()).0;
        assert!(!unchanged.loading && unchanged.dates_asked.is_none());
        // The field's change event again after a correction already asked.
        let asked = s.next(Action::CorrectDate { file: 1, date: Some(day(2026, 1, 31)) }, today()).0;
        let again = asked.next(Action::CorrectDate { file: 1, date: Some(day(2026, 1, 31)) }, today()).0;
        assert_eq!(again.dates_asked, asked.dates_asked);
    }

    #[test]
    fn a_date_past_the_loaded_files_asks_nothing() {
        let s = two_months().next(Action::CorrectDate { file: 5, date: Some(day(2026, 1, 31)) }, today()).0;
        assert!(!s.loading && s.dates_asked.is_none());
    }
}
