//! Classifying the standardisation programme's systems (SPEC §9.2): a pure function of the
//! reported systems, the as-of date and the profile.
//!
//! Reports of the same (body, 業務) — a step table and a rate table of one workbook, or two
//! files — are joined into one system: by 団体コード where both sides have one, else by
//! prefecture and body, else by body alone where that is unambiguous (width- and
//! space-insensitively; 業務 through the profile's names and aliases). The steps decide where
//! both steps and a rate are reported; a rate that differs from the steps' by more than 0.001
//! adds `rate_mismatch`. 特定移行支援 lists (and marks in the tables) give a system the
//! profile's extended deadline; list rows that match no system are returned, never dropped.
//!
//! Rules, first match wins: every step not applicable → not applicable; ⑱-1 (the profile's
//! last step) done, every step done or not applicable, or a rate of 100 % → done; planned end
//! after the deadline → deadline exceeded; the deadline passed → deadline exceeded; nothing
//! reported → unreported; an open step past its planned end → plan overrun; else on track.
//! Steps do not imply one another.

use chrono::NaiveDate;
use foldhash::{HashMap, HashSet};
use serde::Serialize;

use super::{Status, Warning};
use crate::date::DateCell;
use crate::organization::is_own_office;
use crate::profile::{Profile, StepState, Vocabulary};
use crate::system::{Progress, RateCell, StepDates, StepReport, SystemReport, Systems};
use crate::text::fold;

/// A completion rate, kept to the 総務省's four decimals (0–10,000 ten-thousandths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rate(u16);

impl Rate {
    /// The rate nearest a fraction (clamped to 0–1).
    pub(crate) fn from_fraction(x: f64) -> Rate {
        Rate((x.clamp(0.0, 1.0) * 10_000.0).round() as u16)
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }

    /// As a percentage for people: `97.5%`.
    pub(crate) fn percent(self) -> String {
        let p = f64::from(self.0) / 100.0;
        format!("{}%", (p * 10.0).round() / 10.0)
    }

    pub(crate) fn is_complete(self) -> bool {
        self.0 == 10_000
    }

    /// The rate of `n` ten-thousandths; `None` above 10,000 (100 %).
    pub fn from_ten_thousandths(n: u16) -> Option<Rate> {
        (n <= 10_000).then_some(Rate(n))
    }

    /// The rate in ten-thousandths (0–10,000), for ordering.
    pub(crate) fn ten_thousandths(self) -> u16 {
        self.0
    }
}

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

/// Read back as written: a fraction (0–1), the nearest ten-thousandth.
impl<'de> serde::Deserialize<'de> for Rate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        f64::deserialize(d).map(Rate::from_fraction)
    }
}

/// The verdict on one step of a system, by the rules applied to that step alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepVerdict {
    pub state: StepState,
    pub status: Status,
    pub days_late: Option<i64>,
    pub warnings: Vec<Warning>,
}

/// The classifier's verdict on one system (body, 業務).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemVerdict {
    pub prefecture: Option<String>,
    pub organization: String,
    /// The body as the deciding report wrote it, where the register names it otherwise.
    pub organization_as_written: Option<String>,
    pub own_office: bool,
    pub code: Option<String>,
    /// The 業務: the profile's name where it knows it, else as written.
    pub task: String,
    /// The 業務's place in the profile's order (unknown 業務 after the known).
    pub task_order: usize,
    pub status: Status,
    pub deadline: NaiveDate,
    pub deadline_label: String,
    /// Designated 特定移行支援システム: the extended deadline applies.
    pub extended: bool,
    pub days_late: Option<i64>,
    pub completion_rate: Option<Rate>,
    /// The first step, in the procedure's order, neither done nor not applicable, as headed.
    pub current_step: Option<String>,
    /// The latest planned end of its steps, where the table has dates.
    pub planned_end: Option<NaiveDate>,
    pub warnings: Vec<Warning>,
    /// The step report that decided (index into [`Systems::reports`]).
    pub steps: Option<usize>,
    /// The rate report (index into [`Systems::reports`]).
    pub rate: Option<usize>,
    /// Every report of this system.
    pub reports: Vec<usize>,
    /// The table's steps in the procedure's order (indices into the step report's table).
    pub step_order: Vec<usize>,
    /// The day it reaches 100 % at its recent pace (SPEC §11): set from the history of several
    /// snapshots ([`crate::history::Overview::apply`]); `None` from one export.
    pub projected_completion: Option<NaiveDate>,
}

/// Why a 特定移行支援 list row designated nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unmatched {
    /// No progress file reports this body.
    UnknownBody,
    /// The body is reported, but not for this 業務.
    UnknownSystem,
    /// The 業務 is none of the programme's.
    UnknownTask,
    /// A name the programme ignores (共通機能): noted, not applied.
    Ignored,
}

impl Unmatched {
    /// Every reason, in declaration order (the wire form numbers them by this).
    pub const ALL: [Unmatched; 4] =
        [Unmatched::UnknownBody, Unmatched::UnknownSystem, Unmatched::UnknownTask, Unmatched::Ignored];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Unmatched::UnknownBody => "unknown_body",
            Unmatched::UnknownSystem => "unknown_system",
            Unmatched::UnknownTask => "unknown_task",
            Unmatched::Ignored => "ignored",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Unmatched::UnknownBody => "進捗のファイルにない団体",
            Unmatched::UnknownSystem => "進捗のファイルにない業務",
            Unmatched::UnknownTask => "標準化対象の業務ではない",
            Unmatched::Ignored => "共通機能など（対象外として記録のみ）",
        }
    }
}

/// Everything the classifier says about the systems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemsClassification {
    pub systems: Vec<SystemVerdict>,
    /// Designations that matched no system: (index into [`Systems::designations`], why).
    pub unmatched: Vec<(usize, Unmatched)>,
    /// How many systems a list or a mark designated.
    pub designated: usize,
    /// Reports whose 業務 is none of the programme's (nor an alias), or one it ignores (共通機能):
    /// noted, never made into a system of their own (index into [`Systems::reports`], why:
    /// [`Unmatched::UnknownTask`] or [`Unmatched::Ignored`]).
    pub unknown_tasks: Vec<(usize, Unmatched)>,
}

/// The key of a 業務: the profile's index, or the folded name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TaskKey {
    Known(usize),
    Other(String),
}

/// A 業務 as the index keys it: the profile's index, or the number of its folded name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TaskId {
    Known(usize),
    Other(u32),
}

/// Finds the system a (body, 業務) belongs to. Its maps key on numbers: every text a key holds
/// (a five-digit code, a folded prefecture or name, a folded unknown 業務) is stored once in
/// `texts`, so a lookup allocates nothing — `history` joins every system of every snapshot, a
/// national year is 12 × 34,820 joins.
#[derive(Default)]
struct Index {
    texts: HashMap<String, u32>,
    by_code: HashMap<(u32, TaskId), usize>,
    by_name: HashMap<(u32, u32, TaskId), usize>,
    by_body: HashMap<(u32, TaskId), Vec<usize>>,
    /// Each system's body, to tell whether two namings can be the same body.
    body_of: Vec<BodyKey>,
    /// The names of the bodies named.
    bodies: HashSet<u32>,
}

#[derive(Debug, Clone)]
struct BodyKey {
    code: Option<String>,
    prefecture: String,
    organization: String,
}

impl BodyKey {
    /// Whether two namings of the same body name may be one body: codes, where both have one,
    /// agree, and so do prefectures.
    fn compatible(&self, other: &BodyKey) -> bool {
        let agree = |a: &str, b: &str| a.is_empty() || b.is_empty() || a == b;
        let codes = match (&self.code, &other.code) {
            (Some(a), Some(b)) => same_body_code(a, b),
            _ => true,
        };
        codes && agree(&self.prefecture, &other.prefecture)
    }
}

/// The five-digit key of a 団体コード: the first five digits of a six-digit code (the sixth is a
/// check digit some sources drop), a five-digit code itself, a shorter one zero-padded (a
/// number cell drops leading zeros: `1202` for `01202`).
fn code5(code: Option<&str>) -> Option<String> {
    let digits: String = fold(code?).chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        0 => None,
        1..=5 => Some(format!("{digits:0>5}")),
        _ => Some(digits.chars().take(5).collect()),
    }
}

/// Whether two five-digit keys may name the same body: equal, or one is a six-digit code whose
/// leading zero a number cell dropped (`12025` for `012025`, key `01202`).
fn same_body_code(a: &str, b: &str) -> bool {
    // Whether `other` is `five` read as a six-digit code that lost its leading zero.
    let dropped_zero = |five: &str, other: &str| {
        !five.starts_with('0') && other.strip_prefix('0') == Some(five.get(..4).unwrap_or(five))
    };
    a == b || dropped_zero(a, b) || dropped_zero(b, a)
}

fn body_key(prefecture: Option<&str>, organization: &str, code: Option<&str>) -> BodyKey {
    BodyKey {
        code: code5(code),
        prefecture: fold(prefecture.unwrap_or("")).into_owned(),
        organization: fold(organization).into_owned(),
    }
}

impl Index {
    /// The number of a text already stored.
    fn id(&self, text: &str) -> Option<u32> {
        self.texts.get(text).copied()
    }

    /// The number of a text, stored if new.
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(i) = self.id(text) {
            return i;
        }
        let i = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.insert(text.to_owned(), i);
        i
    }

    fn task_id(&self, task: &TaskKey) -> Option<TaskId> {
        match task {
            TaskKey::Known(i) => Some(TaskId::Known(*i)),
            TaskKey::Other(name) => self.id(name).map(TaskId::Other),
        }
    }

    /// The system of a body and 業務: by code, else by prefecture and name, else by the name
    /// alone where exactly one known body of that name may be this one.
    fn find(&self, b: &BodyKey, task: &TaskKey) -> Option<usize> {
        let t = self.task_id(task)?;
        if let Some(code) = b.code.as_deref().and_then(|c| self.id(c)) {
            if let Some(&s) = self.by_code.get(&(code, t)) {
                return Some(s);
            }
        }
        let compatible = |s: usize| self.body_of.get(s).is_some_and(|k| k.compatible(b));
        let organization = self.id(&b.organization)?;
        if let Some(prefecture) = self.id(&b.prefecture) {
            if let Some(&s) = self.by_name.get(&(prefecture, organization, t)) {
                if compatible(s) {
                    return Some(s);
                }
            }
        }
        let mut only = None;
        for s in self.by_body.get(&(organization, t))?.iter().copied().filter(|&s| compatible(s)) {
            if only.is_some() {
                return None;
            }
            only = Some(s);
        }
        only
    }

    fn insert(&mut self, b: &BodyKey, task: &TaskKey, s: usize) {
        let t = match task {
            TaskKey::Known(i) => TaskId::Known(*i),
            TaskKey::Other(name) => TaskId::Other(self.intern(name)),
        };
        if let Some(code) = &b.code {
            let code = self.intern(code);
            self.by_code.entry((code, t)).or_insert(s);
        }
        let prefecture = self.intern(&b.prefecture);
        let organization = self.intern(&b.organization);
        self.by_name.entry((prefecture, organization, t)).or_insert(s);
        let same = self.by_body.entry((organization, t)).or_default();
        if !same.contains(&s) {
            same.push(s);
        }
        if s == self.body_of.len() {
            self.body_of.push(b.clone());
        } else if let Some(known) = self.body_of.get_mut(s) {
            // Learn what the first naming lacked (a code, a prefecture).
            if known.code.is_none() {
                known.code = b.code.clone();
            }
            if known.prefecture.is_empty() {
                known.prefecture = b.prefecture.clone();
            }
        }
        self.bodies.insert(organization);
    }

    /// Whether a body of this folded name has been named.
    fn knows_body(&self, organization: &str) -> bool {
        self.id(organization).is_some_and(|o| self.bodies.contains(&o))
    }
}

/// A body as written: prefecture, name, code.
type OwnedBody = (Option<String>, String, Option<String>);

/// Tells which namings of a (body, 業務) are the same system, in order of first appearance — the
/// one key every join of systems uses: [`classify`] joins the reports of one set of files with
/// it, and `history` joins the systems of several snapshots. By 団体コード where both namings
/// have one, else by prefecture and body, else by body alone where that is unambiguous (width-
/// and space-insensitively); the 業務 through the profile's names and aliases.
pub struct Joiner {
    vocabulary: Vocabulary,
    index: Index,
    /// Each system's 業務.
    keys: Vec<TaskKey>,
    task_keys: HashMap<String, TaskKey>,
    /// The last body named and its key: a national table names each body once per 業務, row
    /// after row, so its key is folded once per run of rows.
    last: Option<(OwnedBody, BodyKey)>,
}

impl Joiner {
    /// A joiner that knows no system yet, reading 業務 names as `profile` does.
    pub fn new(profile: &Profile) -> Joiner {
        Joiner {
            vocabulary: Vocabulary::of(profile),
            index: Index::default(),
            keys: Vec::new(),
            task_keys: HashMap::default(),
            last: None,
        }
    }

    /// How many distinct systems have been named.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn task_key(&mut self, name: &str) -> TaskKey {
        if let Some(k) = self.task_keys.get(name) {
            return k.clone();
        }
        let k = match self.vocabulary.task(name) {
            Some(i) => TaskKey::Known(i),
            None => TaskKey::Other(fold(name).into_owned()),
        };
        self.task_keys.insert(name.to_owned(), k.clone());
        k
    }

    /// The number of the system this (body, 業務) names: one already named, or the next number.
    pub fn join(&mut self, prefecture: Option<&str>, organization: &str, code: Option<&str>, task: &str) -> usize {
        let same = self
            .last
            .as_ref()
            .is_some_and(|((p, o, c), _)| p.as_deref() == prefecture && o == organization && c.as_deref() == code);
        if !same {
            let key = body_key(prefecture, organization, code);
            self.last = Some(((prefecture.map(str::to_owned), organization.to_owned(), code.map(str::to_owned)), key));
        }
        let t = self.task_key(task);
        let Some((_, b)) = &self.last else { return self.keys.len() };
        let s = match self.index.find(b, &t) {
            Some(s) => s,
            None => {
                self.keys.push(t.clone());
                self.keys.len() - 1
            }
        };
        self.index.insert(b, &t, s);
        s
    }
}

/// Classifies the systems at `as_of` under `profile`.
pub fn classify(systems: &Systems, as_of: NaiveDate, profile: &Profile) -> SystemsClassification {
    let vocabulary = Vocabulary::of(profile);
    let task_key = |name: &str| match vocabulary.task(name) {
        Some(i) => TaskKey::Known(i),
        None => TaskKey::Other(fold(name).into_owned()),
    };

    // Join the reports of the same system, in order of first appearance; a report of no 業務 of
    // the programme is noted instead (a profile without 業務 knows none and keeps every one).
    let mut joiner = Joiner::new(profile);
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut unknown_tasks = Vec::new();
    let mut task_known: HashMap<&str, Option<Unmatched>> = HashMap::default();
    for (i, r) in systems.reports.iter().enumerate() {
        if !profile.tasks.is_empty() {
            let why = *task_known.entry(r.task.as_str()).or_insert_with(|| {
                if vocabulary.is_ignored_task(&r.task) {
                    Some(Unmatched::Ignored)
                } else {
                    vocabulary.task(&r.task).is_none().then_some(Unmatched::UnknownTask)
                }
            });
            if let Some(why) = why {
                unknown_tasks.push((i, why));
                continue;
            }
        }
        let s = joiner.join(r.prefecture.as_deref(), &r.organization, r.code.as_deref(), &r.task);
        if s == members.len() {
            members.push(Vec::new());
        }
        if let Some(m) = members.get_mut(s) {
            m.push(i);
        }
    }
    let Joiner { index, keys, .. } = joiner;

    // Designations: from the lists, and from marks in the tables themselves.
    let mut designated = vec![false; members.len()];
    for (s, m) in members.iter().enumerate() {
        if m.iter().any(|&i| systems.reports.get(i).is_some_and(|r| r.designated)) {
            if let Some(d) = designated.get_mut(s) {
                *d = true;
            }
        }
    }
    let mut unmatched = Vec::new();
    for (i, d) in systems.designations.iter().enumerate() {
        if vocabulary.is_ignored_task(&d.task) {
            unmatched.push((i, Unmatched::Ignored));
            continue;
        }
        let t = task_key(&d.task);
        if matches!(t, TaskKey::Other(_)) {
            unmatched.push((i, Unmatched::UnknownTask));
            continue;
        }
        let b = body_key(d.prefecture.as_deref(), &d.organization, d.code.as_deref());
        match index.find(&b, &t) {
            Some(s) => {
                if let Some(flag) = designated.get_mut(s) {
                    *flag = true;
                }
            }
            None if index.knows_body(&b.organization) => unmatched.push((i, Unmatched::UnknownSystem)),
            None => unmatched.push((i, Unmatched::UnknownBody)),
        }
    }

    let matcher = profile.matcher();
    let words = WordStates::of(systems, &vocabulary);
    // Folding names is the dearest part of judging a national table's 34,820 systems (and
    // `history` judges every snapshot): each 業務's deadline is found once, and whether a body is
    // its own office once per run of its systems (a table lists a body's 業務 together).
    let mut deadlines: HashMap<String, crate::profile::Deadline<'_>> = HashMap::default();
    let mut own_office: Option<(Option<&str>, &str, bool)> = None;
    let verdicts: Vec<SystemVerdict> = members
        .iter()
        .zip(&keys)
        .zip(&designated)
        .filter_map(|((m, key), &extended)| {
            // Named as the deciding report writes it: the steps where there are steps.
            let lead = m
                .iter()
                .copied()
                .find(|&i| systems.reports.get(i).is_some_and(|r| matches!(r.progress, Progress::Steps(_))))
                .or(m.first().copied())?;
            let first = systems.reports.get(lead)?;
            let (task, task_order) = match key {
                TaskKey::Known(i) => (profile.tasks.get(*i).map_or(first.task.clone(), |t| t.name.clone()), *i),
                TaskKey::Other(_) => (first.task.clone(), profile.tasks.len()),
            };
            let normal = match deadlines.get(&task) {
                Some(d) => *d,
                None => {
                    let d = matcher.deadline_for_task(None, Some(&task), None);
                    deadlines.insert(task.clone(), d);
                    d
                }
            };
            let (deadline, deadline_label) = match (&profile.extended, extended) {
                (Some(e), true) => (e.deadline, e.label.clone()),
                _ => (normal.date, normal.label.to_owned()),
            };
            let mut j = judge(systems, m, &vocabulary, &words, as_of, deadline);
            let notes = m.iter().filter_map(|&i| systems.reports.get(i)?.body_note);
            let before = j.warnings.len();
            j.warnings.extend(notes.map(Warning::of_body_note));
            if j.warnings.len() > before {
                j.warnings.sort();
                j.warnings.dedup();
            }
            Some(SystemVerdict {
                prefecture: first.prefecture.clone(),
                organization: first.organization.clone(),
                organization_as_written: first.organization_as_written.clone(),
                own_office: match own_office {
                    Some((p, o, own)) if p == first.prefecture.as_deref() && o == first.organization => own,
                    _ => {
                        let own = is_own_office(first.prefecture.as_deref(), &first.organization);
                        own_office = Some((first.prefecture.as_deref(), &first.organization, own));
                        own
                    }
                },
                code: m.iter().find_map(|&i| systems.reports.get(i).and_then(|r| r.code.clone())),
                task,
                task_order,
                status: j.status,
                deadline,
                deadline_label,
                extended,
                days_late: j.days_late,
                completion_rate: j.rate,
                current_step: j.current_step,
                planned_end: j.planned_end,
                warnings: j.warnings,
                steps: j.steps,
                rate: j.rate_report,
                reports: m.clone(),
                step_order: j.order,
                projected_completion: None,
            })
        })
        .collect();
    let designated = verdicts.iter().filter(|v| v.extended).count();
    SystemsClassification { systems: verdicts, unmatched, designated, unknown_tasks }
}

/// The state of each step of a step report, in the table's order.
pub(crate) fn step_states(steps: &StepReport, words: &WordStates) -> Vec<StepState> {
    let table = words.states.get(steps.table).map_or(&[][..], Vec::as_slice);
    steps
        .statuses
        .iter()
        .map(|&word| match word {
            None => StepState::Blank,
            Some(w) => table.get(w.index()).copied().unwrap_or(StepState::Unknown),
        })
        .collect()
}

/// What each step table's headings and distinct status words mean under a profile, read once
/// per table (a national table has 1.4 million status cells but a handful of distinct words
/// and 40 headings).
#[derive(Debug, Clone, Default)]
pub(crate) struct WordStates {
    states: Vec<Vec<StepState>>,
    /// Per table, each step's place in the procedure (`None` where the profile lacks it).
    steps: Vec<Vec<Option<usize>>>,
}

impl WordStates {
    pub(crate) fn of(systems: &Systems, vocabulary: &Vocabulary) -> WordStates {
        WordStates {
            states: systems.tables.iter().map(|t| t.words.iter().map(|w| vocabulary.state(w)).collect()).collect(),
            steps: systems.tables.iter().map(|t| t.steps.iter().map(|h| vocabulary.step(h)).collect()).collect(),
        }
    }
}

/// The table's steps in the procedure's order: steps the profile knows by their place in it,
/// the others after them in the table's order.
fn procedure_order(steps: &StepReport, words: &WordStates, vocabulary: &Vocabulary) -> (Vec<usize>, Option<usize>) {
    let Some(known) = words.steps.get(steps.table) else { return (Vec::new(), None) };
    let mut order: Vec<usize> = (0..known.len()).collect();
    order.sort_by_key(|&k| (known.get(k).copied().flatten().unwrap_or(usize::MAX), k));
    let last = vocabulary.last_step().and_then(|last| known.iter().position(|&s| s == Some(last)));
    (order, last)
}

/// The dates of step `k`, where the table has them.
fn dates(steps: &StepReport, k: usize) -> Option<&StepDates> {
    steps.dates.as_ref()?.get(k)
}

/// The rules for one step alone (SPEC §9.2: "each step remains an item … by the same rules").
pub(crate) fn step_verdict(
    state: StepState,
    dates: Option<&StepDates>,
    as_of: NaiveDate,
    deadline: NaiveDate,
) -> StepVerdict {
    let mut warnings = Vec::new();
    if state == StepState::Unknown {
        warnings.push(Warning::InvalidStatus);
    }
    if dates.is_some_and(|d| {
        [&d.planned_start, &d.planned_end, &d.actual_end].iter().any(|c| matches!(c, DateCell::Invalid(_)))
    }) {
        warnings.push(Warning::InvalidDate);
    }
    let pe = dates.and_then(|d| d.planned_end.date());
    let any_date = dates.is_some_and(|d| {
        d.planned_start.date().is_some() || d.planned_end.date().is_some() || d.actual_end.date().is_some()
    });
    let (status, days_late) = match state {
        StepState::NotApplicable => (Status::NotApplicable, None),
        StepState::Done => (Status::Done, None),
        _ => match pe {
            Some(pe) if pe > deadline => (Status::DeadlineExceeded, Some((pe - deadline).num_days())),
            _ if as_of > deadline => (Status::DeadlineExceeded, Some((as_of - deadline).num_days())),
            _ if matches!(state, StepState::Blank | StepState::Unknown) && !any_date => (Status::Unreported, None),
            Some(pe) if pe < as_of => (Status::PlanOverrun, Some((as_of - pe).num_days())),
            _ => (Status::OnTrack, None),
        },
    };
    StepVerdict { state, status, days_late, warnings }
}

/// What the rules say about one system, before it is named.
struct Judgement {
    status: Status,
    days_late: Option<i64>,
    rate: Option<Rate>,
    current_step: Option<String>,
    planned_end: Option<NaiveDate>,
    warnings: Vec<Warning>,
    steps: Option<usize>,
    rate_report: Option<usize>,
    order: Vec<usize>,
}

/// SPEC §9.2's rules for one system made of the reports `members`.
fn judge(
    systems: &Systems,
    members: &[usize],
    vocabulary: &Vocabulary,
    words: &WordStates,
    as_of: NaiveDate,
    deadline: NaiveDate,
) -> Judgement {
    let report = |i: usize| systems.reports.get(i);
    let step_report =
        members.iter().copied().find(|&i| matches!(report(i).map(|r| &r.progress), Some(Progress::Steps(_))));
    let rate_report = members
        .iter()
        .copied()
        .find(|&i| matches!(report(i).map(|r| &r.progress), Some(Progress::Rate(RateCell::Rate(_)))))
        .or_else(|| {
            members.iter().copied().find(|&i| matches!(report(i).map(|r| &r.progress), Some(Progress::Rate(_))))
        });
    let given: Option<&RateCell> = rate_report.and_then(|i| match report(i).map(|r| &r.progress) {
        Some(Progress::Rate(cell)) => Some(cell),
        _ => None,
    });

    let mut warnings = Vec::new();
    if matches!(given, Some(RateCell::Invalid(_))) {
        warnings.push(Warning::InvalidRate);
    }
    let given_rate = given.and_then(RateCell::fraction);

    let Some(steps) = step_report.and_then(|i| match report(i).map(|r| &r.progress) {
        Some(Progress::Steps(s)) => Some(s),
        _ => None,
    }) else {
        // A rate alone.
        let rate = given_rate.map(Rate::from_fraction);
        let (status, days) = if rate.is_some_and(Rate::is_complete) {
            (Status::Done, None)
        } else if as_of > deadline {
            (Status::DeadlineExceeded, Some((as_of - deadline).num_days()))
        } else if rate.is_none() {
            (Status::Unreported, None)
        } else {
            (Status::OnTrack, None)
        };
        return Judgement {
            status,
            days_late: days,
            rate,
            current_step: None,
            planned_end: None,
            warnings,
            steps: None,
            rate_report,
            order: Vec::new(),
        };
    };

    let states = step_states(steps, words);
    let (order, last) = procedure_order(steps, words, vocabulary);
    let n = states.len();
    let closed = states.iter().filter(|s| s.is_closed()).count();
    let steps_rate = (n > 0).then(|| closed as f64 / n as f64);
    if states.contains(&StepState::Unknown) {
        warnings.push(Warning::InvalidStatus);
    }
    if let (Some(s), Some(g)) = (steps_rate, given_rate) {
        if (s - g).abs() > 0.001 {
            warnings.push(Warning::RateMismatch);
        }
    }
    let step_dates = |k: usize| dates(steps, k);
    if (0..n).any(|k| {
        step_dates(k).is_some_and(|d| {
            [&d.planned_start, &d.planned_end, &d.actual_end].iter().any(|c| matches!(c, DateCell::Invalid(_)))
        })
    }) {
        warnings.push(Warning::InvalidDate);
    }
    let table = systems.tables.get(steps.table);
    let heading = |k: usize| table.and_then(|t| t.steps.get(k)).cloned();
    let current = order.iter().copied().find(|&k| states.get(k).is_some_and(|s| !s.is_closed()));
    let current_step = current.and_then(heading);
    let planned_end = (0..n).filter_map(|k| step_dates(k).and_then(|d| d.planned_end.date())).max();
    let rate = steps_rate.map(Rate::from_fraction);
    let in_operation = last.and_then(|k| states.get(k)) == Some(&StepState::Done);

    let (status, days) = if n > 0 && states.iter().all(|s| *s == StepState::NotApplicable) {
        (Status::NotApplicable, None)
    } else if in_operation || (n > 0 && closed == n) {
        if in_operation && closed < n {
            warnings.push(Warning::OpenStepsAfterStart);
        }
        (Status::Done, None)
    } else if let Some(pe) = planned_end.filter(|&pe| pe > deadline) {
        (Status::DeadlineExceeded, Some((pe - deadline).num_days()))
    } else if as_of > deadline {
        (Status::DeadlineExceeded, Some((as_of - deadline).num_days()))
    } else if states.iter().all(|s| matches!(s, StepState::Blank | StepState::Unknown))
        && given_rate.is_none()
        && (0..n).all(|k| {
            step_dates(k).is_none_or(|d| {
                d.planned_start.date().is_none() && d.planned_end.date().is_none() && d.actual_end.date().is_none()
            })
        })
    {
        (Status::Unreported, None)
    } else if let Some(earliest) = (0..n)
        .filter(|&k| states.get(k).is_some_and(|s| !s.is_closed()))
        .filter_map(|k| step_dates(k).and_then(|d| d.planned_end.date()))
        .filter(|&pe| pe < as_of)
        .min()
    {
        (Status::PlanOverrun, Some((as_of - earliest).num_days()))
    } else {
        (Status::OnTrack, None)
    };
    warnings.sort();
    warnings.dedup();
    Judgement {
        status,
        days_late: days,
        rate,
        current_step,
        planned_end,
        warnings,
        steps: step_report,
        rate_report,
        order,
    }
}

/// The verdict on each step of a system, in the procedure's order: (table step index, verdict).
/// `words` are the tables' words read by the profile ([`WordStates::of`]), once for many systems.
pub(crate) fn step_verdicts(
    systems: &Systems,
    v: &SystemVerdict,
    words: &WordStates,
    as_of: NaiveDate,
) -> Vec<(usize, StepVerdict)> {
    let Some(Progress::Steps(steps)) = v.steps.and_then(|i| systems.reports.get(i)).map(|r: &SystemReport| &r.progress)
    else {
        return Vec::new();
    };
    let states = step_states(steps, words);
    v.step_order
        .iter()
        .filter_map(|&k| {
            let state = *states.get(k)?;
            Some((k, step_verdict(state, dates(steps, k), as_of, v.deadline)))
        })
        .collect()
}

/// The recommended action for a system (or step) of the standardisation programme (SPEC §9.2),
/// in Japanese. Own offices (the prefecture's own 2 業務) get what the prefecture does itself.
pub(crate) fn recommended_action(status: Status, extended: bool, own_office: bool) -> String {
    let text = match (status, extended, own_office) {
        (Status::DeadlineExceeded, false, false) => {
            "移行の状況、移行完了の見込み時期とその理由を確認し、特定移行支援システムに該当するかを確認する。"
        }
        (Status::DeadlineExceeded, false, true) => {
            "移行の状況、移行完了の見込み時期とその理由を整理し、特定移行支援システムに該当するかを確認する。"
        }
        (Status::DeadlineExceeded, true, false) => {
            "特定移行支援システムの移行期限を超える計画となっている。移行の状況と、期限内に移行できる見直し後のスケジュールを確認する。"
        }
        (Status::DeadlineExceeded, true, true) => {
            "特定移行支援システムの移行期限を超える計画となっている。期限内に移行できるようスケジュールを見直す。"
        }
        (Status::PlanOverrun, _, false) => {
            "作業ステップの予定を過ぎている。作業の状況と見直し後のスケジュールを確認し、継続して確認する。"
        }
        (Status::PlanOverrun, _, true) => "作業ステップの予定を過ぎている。スケジュールを見直し、継続して確認する。",
        (Status::Unreported, _, false) => "進捗が報告されていない。作業の状況を確認し、PMOツールへの進捗の登録を依頼する。",
        (Status::Unreported, _, true) => "進捗が報告されていない。作業の状況を確認し、PMOツールに進捗を登録する。",
        (Status::OnTrack, _, _) => "予定どおり。移行完了まで引き続き確認する。",
        (Status::Done, _, _) | (Status::NotApplicable, _, _) => "",
    };
    text.to_owned()
}

/// What a system's course over the snapshots asks (SPEC §11), in the programme's words: stalled
/// → ask what blocks the migration; projected late → for a designated system the revised
/// schedule before the extended deadline, otherwise the expected migration date and whether the
/// system should be designated 特定移行支援. `None` for any other warning.
pub(crate) fn trend_action(warning: Warning, extended: bool, own_office: bool) -> Option<&'static str> {
    Some(match (warning, extended, own_office) {
        (Warning::Stalled, _, false) => "完了率が直近の報告から伸びていない。移行作業の妨げとなっている事情を確認する。",
        (Warning::Stalled, _, true) => "完了率が直近の報告から伸びていない。移行作業の妨げとなっている事情を整理する。",
        (Warning::ProjectedLate, true, false) => {
            "現在のペースでは特定移行支援システムの移行期限までに移行が完了しない見込み。移行期限より前に、見直し後のスケジュールを確認する。"
        }
        (Warning::ProjectedLate, true, true) => {
            "現在のペースでは特定移行支援システムの移行期限までに移行が完了しない見込み。移行期限より前に、スケジュールを見直す。"
        }
        (Warning::ProjectedLate, false, false) => {
            "現在のペースでは移行期限までに移行が完了しない見込み。移行完了の見込み時期を確認し、特定移行支援システムに該当するかを確認する。"
        }
        (Warning::ProjectedLate, false, true) => {
            "現在のペースでは移行期限までに移行が完了しない見込み。移行完了の見込み時期を整理し、特定移行支援システムに該当するかを確認する。"
        }
        _ => return None,
    })
}

/// The recommended action for a system seen over several snapshots: its status's action
/// ([`recommended_action`]), then what its course asks ([`trend_action`]) unless the status's
/// action asks the same already (past the deadline, the expected date and designation for an
/// undesignated system, the revised schedule for a designated one).
pub(crate) fn action_over_time(status: Status, extended: bool, own_office: bool, warnings: &[Warning]) -> String {
    let trends: Vec<&str> = warnings
        .iter()
        .filter(|&&w| !(w == Warning::ProjectedLate && status == Status::DeadlineExceeded))
        .filter_map(|&w| trend_action(w, extended, own_office))
        .collect();
    // "On track" no longer holds for a system that is not moving, or moving too slowly.
    let base = if status == Status::OnTrack && !trends.is_empty() {
        String::new()
    } else {
        recommended_action(status, extended, own_office)
    };
    base + &trends.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stalled_system_on_track_is_asked_what_blocks_it_instead_of_being_called_on_track() {
        let text = action_over_time(Status::OnTrack, false, false, &[Warning::Stalled]);
        assert!(text.contains("妨げとなっている事情を確認する"), "{text}");
        assert!(!text.contains("予定どおり"), "{text}");
    }

    #[test]
    fn a_system_past_its_deadline_and_projected_late_is_asked_once_for_the_migration_date() {
        let text = action_over_time(Status::DeadlineExceeded, false, false, &[Warning::ProjectedLate]);
        assert_eq!(text, recommended_action(Status::DeadlineExceeded, false, false));
    }

    #[test]
    fn a_designated_system_projected_late_is_asked_for_the_schedule_before_the_extended_deadline() {
        let text = action_over_time(Status::OnTrack, true, false, &[Warning::ProjectedLate]);
        assert!(text.contains("移行期限より前に、見直し後のスケジュールを確認する"), "{text}");
    }

    #[test]
    fn warnings_without_a_trend_add_nothing_to_the_action() {
        let text = action_over_time(Status::PlanOverrun, false, false, &[Warning::InvalidStatus]);
        assert_eq!(text, recommended_action(Status::PlanOverrun, false, false));
    }
}
