//! Profiles: the deadlines and which items they govern, as data (SPEC §5).
//!
//! A profile is a list of rules matched in order by task ID, a keyword in the task name, or
//! the system; the first rule that matches gives an item its deadline, and the default
//! applies to everything else. The built-in default is the seed's 2016 schedule. Profiles are
//! saved and loaded as JSON files; a loaded profile is validated with errors that say what to
//! fix.
//!
//! A profile is also the *programme*: its phase or step order, whether a later phase implies
//! the earlier ones, its 業務 and their other names, and its step status words. Two profiles are
//! built in and selectable by name ([`Profile::builtin`]): `action-plan-2016` (the seed's) and
//! `hyojunka` (the standardisation programme, SPEC §9; its data in [`hyojunka`]).

pub mod hyojunka;
pub mod register;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::item::Item;
use crate::text::fold;

/// A deadline and the items it governs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Shown beside the deadline, e.g. `クール0開始`.
    pub label: String,
    pub deadline: NaiveDate,
    /// Task IDs, compared width-insensitively (`F-3` matches `Ｆ－３`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<String>,
    /// Words that, found in the task name, select the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Words that, found in the system, select the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<String>,
}

/// The deadline for items no rule matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub label: String,
    pub deadline: NaiveDate,
}

/// A date shown on timelines that is not a deadline (e.g. the default planned end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub label: String,
    pub date: NaiveDate,
}

/// One step of a programme's procedure (SPEC §9): its code (`⑨-2`) and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub code: String,
    pub name: String,
}

impl Step {
    /// The step as the 総務省's export heads its column: `⑨-2 RFP資料に関する…`.
    pub fn heading(&self) -> String {
        format!("{} {}", self.code, self.name)
    }
}

/// One 業務 of a programme, with the other names sources give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The words a step's status cell may hold (compared width- and space-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepWords {
    pub done: Vec<String>,
    pub not_applicable: Vec<String>,
    pub in_progress: Vec<String>,
    pub not_started: Vec<String>,
}

impl Default for StepWords {
    fn default() -> Self {
        let owned = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect();
        StepWords {
            done: owned(&hyojunka::DONE_WORDS),
            not_applicable: owned(&hyojunka::NOT_APPLICABLE_WORDS),
            in_progress: owned(&hyojunka::IN_PROGRESS_WORDS),
            not_started: owned(&hyojunka::NOT_STARTED_WORDS),
        }
    }
}

/// What a step's status cell says (SPEC §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    NotApplicable,
    InProgress,
    NotStarted,
    /// Blank: not reported.
    Blank,
    /// Text that is none of the words: kept as written, warning `invalid_status`.
    Unknown,
}

impl StepState {
    pub fn key(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::NotApplicable => "not_applicable",
            StepState::InProgress => "in_progress",
            StepState::NotStarted => "not_started",
            StepState::Blank => "blank",
            StepState::Unknown => "unknown",
        }
    }

    /// Done or not applicable: counts towards the completion rate.
    pub(crate) fn is_closed(self) -> bool {
        matches!(self, StepState::Done | StepState::NotApplicable)
    }
}

/// Deadlines and the programme's order and words, as data.
///
/// Read from a file, a profile is always validated: deserializing goes through
/// [`ProfileFile`] and [`Profile::validate`] (`TryFrom`), so no caller can skip the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProfileFile")]
pub struct Profile {
    pub name: String,
    pub rules: Vec<Rule>,
    pub default: Fallback,
    /// The deadline of systems designated for extended support (特定移行支援システム).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended: Option<Fallback>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// The phase order (SPEC §4); phases not named here follow in order of appearance.
    #[serde(default = "seed_phases")]
    pub phases: Vec<String>,
    /// Whether a later phase's being done implies the earlier ones are (rule 3 of SPEC §4).
    #[serde(default = "yes")]
    pub later_phase_implies_earlier: bool,
    /// The steps of the procedure, in order (SPEC §9); the last means "in operation".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// The 業務, in order, with their other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Names that are not 業務 of the programme (e.g. 共通機能): noted and ignored in lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_tasks: Vec<String>,
    #[serde(default)]
    pub step_words: StepWords,
}

/// A profile file as written, before it is validated into a [`Profile`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileFile {
    pub name: String,
    pub rules: Vec<Rule>,
    pub default: Fallback,
    /// The deadline of systems designated for extended support (特定移行支援システム).
    #[serde(default)]
    pub extended: Option<Fallback>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// The phase order (SPEC §4); phases not named here follow in order of appearance.
    #[serde(default = "seed_phases")]
    pub phases: Vec<String>,
    /// Whether a later phase's being done implies the earlier ones are (rule 3 of SPEC §4).
    #[serde(default = "yes")]
    pub later_phase_implies_earlier: bool,
    /// The steps of the procedure, in order (SPEC §9); the last means "in operation".
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The 業務, in order, with their other names.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Names that are not 業務 of the programme (e.g. 共通機能): noted and ignored in lists.
    #[serde(default)]
    pub ignored_tasks: Vec<String>,
    #[serde(default)]
    pub step_words: StepWords,
}

impl TryFrom<ProfileFile> for Profile {
    type Error = ProfileError;

    fn try_from(f: ProfileFile) -> Result<Profile, ProfileError> {
        let profile = Profile {
            name: f.name,
            rules: f.rules,
            default: f.default,
            extended: f.extended,
            milestones: f.milestones,
            phases: f.phases,
            later_phase_implies_earlier: f.later_phase_implies_earlier,
            steps: f.steps,
            tasks: f.tasks,
            ignored_tasks: f.ignored_tasks,
            step_words: f.step_words,
        };
        profile.validate()?;
        Ok(profile)
    }
}

/// The seed's four phases, in order (SPEC §4).
pub const SEED_PHASES: [&str; 4] = ["設計工程", "製造・導入・適用工程", "テスト工程", "団体内連携テスト工程"];

fn seed_phases() -> Vec<String> {
    SEED_PHASES.iter().map(|p| (*p).to_owned()).collect()
}

fn yes() -> bool {
    true
}

/// The names of the built-in profiles, for `--profile NAME` and the page's choice.
pub const BUILTIN: [&str; 2] = [ACTION_PLAN_2016, HYOJUNKA];
/// The seed's 2016 profile.
pub(crate) const ACTION_PLAN_2016: &str = "action-plan-2016";
/// The standardisation programme's profile (SPEC §9).
pub(crate) const HYOJUNKA: &str = "hyojunka";

/// A deadline assigned to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline<'p> {
    pub date: NaiveDate,
    pub label: &'p str,
}

/// Why a profile file was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProfileError {
    #[error("the profile is not valid JSON or has an unexpected field: {0}")]
    Syntax(String),
    #[error("the profile has no name")]
    NoName,
    #[error("rule {index} has no label")]
    NoLabel { index: usize },
    #[error("rule {index} ({label}) matches nothing: give it tasks, keywords or systems")]
    MatchesNothing { index: usize, label: String },
    #[error("rule {index} ({label}) has an empty task, keyword or system")]
    EmptyMatcher { index: usize, label: String },
    #[error("the default deadline has no label")]
    NoDefaultLabel,
    #[error("the extended deadline has no label")]
    NoExtendedLabel,
    #[error("step {index} has an empty code or name")]
    EmptyStep { index: usize },
    #[error("step {index} ({code}) repeats the code of an earlier step")]
    RepeatedStep { index: usize, code: String },
}

impl ProfileError {
    /// The reason in Japanese, for the page's profile import.
    pub fn message_ja(&self) -> String {
        match self {
            ProfileError::Syntax(detail) => {
                format!("プロファイルの JSON として読めないか、知らない項目があります（{detail}）。")
            }
            ProfileError::NoName => "プロファイルに名前（name）がありません。".to_owned(),
            ProfileError::NoLabel { index } => format!("{index} 番目の規則に名称（label）がありません。"),
            ProfileError::MatchesNothing { index, label } => format!(
                "{index} 番目の規則（{label}）に対象がありません。tasks・keywords・systems のいずれかを指定してください。"
            ),
            ProfileError::EmptyMatcher { index, label } => {
                format!("{index} 番目の規則（{label}）に空のタスク・キーワード・システムがあります。")
            }
            ProfileError::NoDefaultLabel => "既定の期日に名称（label）がありません。".to_owned(),
            ProfileError::NoExtendedLabel => "延長後の期日（extended）に名称（label）がありません。".to_owned(),
            ProfileError::EmptyStep { index } => format!("{index} 番目のステップに番号（code）か名称（name）がありません。"),
            ProfileError::RepeatedStep { index, code } => {
                format!("{index} 番目のステップの番号（{code}）が前のステップと重複しています。")
            }
        }
    }
}

/// A constant date, checked when the program is compiled.
const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("not a date"),
    }
}

const COOL_0: NaiveDate = ymd(2016, 9, 1);
const COOL_1: NaiveDate = ymd(2016, 11, 1);
const SEED_MILESTONE: NaiveDate = ymd(2016, 6, 30);

impl Default for Profile {
    /// The seed's schedule (2016): Cool 0 on 9/1 for the integrated addressing system, the
    /// intermediate server and the office network (D-5); Cool 1 on 11/1 for everything else.
    fn default() -> Self {
        Profile {
            name: "2016 情報連携（推奨アクションプラン）".to_owned(),
            rules: vec![
                Rule {
                    label: "クール0開始".to_owned(),
                    deadline: COOL_0,
                    tasks: vec!["D-5".to_owned()],
                    keywords: vec!["統合宛名".to_owned(), "中間サーバー".to_owned(), "庁内ネットワーク".to_owned()],
                    systems: vec![],
                },
                Rule {
                    label: "クール1開始".to_owned(),
                    deadline: COOL_1,
                    tasks: vec!["F-3".to_owned()],
                    keywords: vec!["既存業務システム".to_owned()],
                    systems: vec![],
                },
            ],
            default: Fallback { label: "クール1開始".to_owned(), deadline: COOL_1 },
            extended: None,
            milestones: vec![Milestone {
                label: "団体内連携テスト完了（従前）".to_owned(), date: SEED_MILESTONE
            }],
            phases: seed_phases(),
            later_phase_implies_earlier: true,
            steps: Vec::new(),
            tasks: Vec::new(),
            ignored_tasks: Vec::new(),
            step_words: StepWords::default(),
        }
    }
}

impl Profile {
    /// The standardisation programme (SPEC §9): the deadline 2026-03-31 for every 業務, the
    /// extended deadline 2031-03-31 for designated systems, the 40 steps in order, steps not
    /// implying one another.
    pub fn hyojunka() -> Profile {
        Profile {
            name: "標準化（地方公共団体情報システムの標準化）".to_owned(),
            rules: Vec::new(),
            default: Fallback { label: hyojunka::DEADLINE_LABEL.to_owned(), deadline: hyojunka::DEADLINE },
            extended: Some(Fallback {
                label: hyojunka::EXTENDED_LABEL.to_owned(),
                deadline: hyojunka::EXTENDED_DEADLINE,
            }),
            milestones: Vec::new(),
            phases: Vec::new(),
            later_phase_implies_earlier: false,
            steps: hyojunka::STEPS
                .iter()
                .map(|(code, name)| Step { code: (*code).to_owned(), name: (*name).to_owned() })
                .collect(),
            tasks: hyojunka::TASKS
                .iter()
                .map(|(name, aliases)| Task {
                    name: (*name).to_owned(),
                    aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                })
                .collect(),
            ignored_tasks: hyojunka::IGNORED_TASKS.iter().map(|t| (*t).to_owned()).collect(),
            step_words: StepWords::default(),
        }
    }

    /// A built-in profile by name ([`BUILTIN`]): `action-plan-2016` or `hyojunka`.
    pub fn builtin(name: &str) -> Option<Profile> {
        match name.trim() {
            ACTION_PLAN_2016 => Some(Profile::default()),
            HYOJUNKA => Some(Profile::hyojunka()),
            _ => None,
        }
    }

    /// Which built-in profile this is a (possibly edited) copy of, judged by its programme:
    /// a profile with steps is the standardisation programme's.
    pub fn programme(&self) -> &'static str {
        if self.steps.is_empty() {
            ACTION_PLAN_2016
        } else {
            HYOJUNKA
        }
    }

    /// Parses and validates a profile file's text.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let file: ProfileFile = serde_json::from_str(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        Profile::try_from(file)
    }

    /// The profile as a pretty-printed file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() // ok: plain data always serialises
    }

    /// Checks what the type system cannot.
    pub(crate) fn validate(&self) -> Result<(), ProfileError> {
        if self.name.trim().is_empty() {
            return Err(ProfileError::NoName);
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let index = i + 1;
            if rule.label.trim().is_empty() {
                return Err(ProfileError::NoLabel { index });
            }
            let label = rule.label.clone();
            if rule.tasks.is_empty() && rule.keywords.is_empty() && rule.systems.is_empty() {
                return Err(ProfileError::MatchesNothing { index, label });
            }
            if rule.tasks.iter().chain(&rule.keywords).chain(&rule.systems).any(|m| fold(m).is_empty()) {
                return Err(ProfileError::EmptyMatcher { index, label });
            }
        }
        if self.default.label.trim().is_empty() {
            return Err(ProfileError::NoDefaultLabel);
        }
        if self.extended.as_ref().is_some_and(|e| e.label.trim().is_empty()) {
            return Err(ProfileError::NoExtendedLabel);
        }
        let mut codes: Vec<String> = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let code = fold(&step.code).into_owned();
            if code.is_empty() || fold(&step.name).is_empty() {
                return Err(ProfileError::EmptyStep { index: i + 1 });
            }
            if codes.contains(&code) {
                return Err(ProfileError::RepeatedStep { index: i + 1, code: step.code.clone() });
            }
            codes.push(code);
        }
        Ok(())
    }

    /// The deadline that governs `item`: the first matching rule's, else the default.
    pub fn deadline_for(&self, item: &Item) -> Deadline<'_> {
        self.matcher().deadline_for(item)
    }

    /// A matcher with every word folded once, for classifying many items.
    pub(crate) fn matcher(&self) -> Matcher<'_> {
        Matcher {
            profile: self,
            rules: self
                .rules
                .iter()
                .map(|r| FoldedRule {
                    tasks: r.tasks.iter().map(|t| fold(t).into_owned()).collect(),
                    keywords: r.keywords.iter().map(|t| fold(t).into_owned()).collect(),
                    systems: r.systems.iter().map(|t| fold(t).into_owned()).collect(),
                })
                .collect(),
        }
    }
}

/// The programme's words prepared for matching: steps by code or name, 業務 by name or alias,
/// status words (all folded once).
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    step_codes: Vec<String>,
    step_names: Vec<String>,
    tasks: foldhash::HashMap<String, usize>,
    ignored: Vec<String>,
    words: Vec<(String, StepState)>,
}

impl Vocabulary {
    /// The vocabulary of a profile.
    pub(crate) fn of(profile: &Profile) -> Vocabulary {
        let mut tasks = foldhash::HashMap::default();
        for (i, t) in profile.tasks.iter().enumerate() {
            for name in std::iter::once(&t.name).chain(&t.aliases) {
                tasks.entry(fold(name).into_owned()).or_insert(i);
            }
        }
        let w = &profile.step_words;
        let words = [
            (&w.done, StepState::Done),
            (&w.not_applicable, StepState::NotApplicable),
            (&w.in_progress, StepState::InProgress),
            (&w.not_started, StepState::NotStarted),
        ]
        .into_iter()
        .flat_map(|(list, state)| list.iter().map(move |word| (fold(word).into_owned(), state)))
        .collect();
        Vocabulary {
            step_codes: profile.steps.iter().map(|s| step_code(&fold(&s.code)).unwrap_or_default()).collect(),
            step_names: profile.steps.iter().map(|s| without_trailing_parenthesis(&fold(&s.name)).to_owned()).collect(),
            tasks,
            ignored: profile.ignored_tasks.iter().map(|t| fold(t).into_owned()).collect(),
            words,
        }
    }

    /// The index of the step a heading names: by its code first, else by its name
    /// (width- and space-insensitively, ignoring a trailing parenthesis).
    pub(crate) fn step(&self, heading: &str) -> Option<usize> {
        let folded = fold(heading);
        if let Some(code) = step_code(&folded) {
            if let Some(i) = self.step_codes.iter().position(|c| *c == code) {
                return Some(i);
            }
        }
        let name = without_trailing_parenthesis(&folded);
        let name = step_code_len(name).map_or(name, |n| name.get(n..).unwrap_or(name));
        self.step_names.iter().position(|n| n == name)
    }

    /// The index of the procedure's last step (⑱-1: in operation), if it has steps.
    pub(crate) fn last_step(&self) -> Option<usize> {
        self.step_codes.len().checked_sub(1)
    }

    /// The index of the 業務 a name (or alias) names.
    pub(crate) fn task(&self, name: &str) -> Option<usize> {
        let folded = fold(name);
        self.tasks.get(folded.as_ref()).or_else(|| self.tasks.get(heading_core(&folded))).copied()
    }

    /// Whether the name is one the programme ignores (共通機能).
    pub(crate) fn is_ignored_task(&self, name: &str) -> bool {
        let folded = fold(name);
        let core = heading_core(&folded);
        self.ignored.iter().any(|i| *i == folded || i == core)
    }

    /// What a status cell says.
    pub(crate) fn state(&self, word: &str) -> StepState {
        let folded = fold(word);
        if folded.is_empty() {
            return StepState::Blank;
        }
        self.words.iter().find(|(w, _)| *w == folded).map_or(StepState::Unknown, |(_, s)| *s)
    }
}

/// The length in bytes of a step code (`9-2` as `⑨-2` folds) at the start of folded text,
/// when the text starts with one: one or two digits, a hyphen, one or two digits, and then no
/// further digit.
pub(crate) fn step_code_len(folded: &str) -> Option<usize> {
    let mut chars = folded.char_indices().peekable();
    let digits = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
        let mut n = 0;
        while chars.peek().is_some_and(|(_, c)| c.is_ascii_digit()) {
            chars.next();
            n += 1;
        }
        n
    };
    if !(1..=2).contains(&digits(&mut chars)) {
        return None;
    }
    match chars.next() {
        Some((_, '-' | '‐' | '‑' | '−' | '–' | 'ー')) => {}
        _ => return None,
    }
    if !(1..=2).contains(&digits(&mut chars)) {
        return None;
    }
    Some(chars.peek().map_or(folded.len(), |(i, _)| *i))
}

/// The step code at the start of folded text, written with an ASCII hyphen (`9-2`).
pub(crate) fn step_code(folded: &str) -> Option<String> {
    let len = step_code_len(folded)?;
    let code = folded.get(..len)?;
    Some(code.chars().map(|c| if c.is_ascii_digit() { c } else { '-' }).collect())
}

/// Folded text without a trailing parenthesised remark: `運用開始ステータス(完了日)` →
/// `運用開始ステータス`.
/// A folded heading without what real files write after it (SPEC §9.1): a note mark and its
/// number (`戸籍※1`), a unit or note in brackets (`住民記録(%)`, `完了率(%)`, `戸籍附票【参考】`),
/// as often as they are stacked. Line breaks and width are already gone with [`fold`].
pub(crate) fn heading_core(folded: &str) -> &str {
    let mut t = folded;
    loop {
        let before = t;
        if let Some(i) = t.rfind(['※', '*']) {
            if i > 0 && t.get(i..).is_some_and(|note| note.chars().skip(1).all(|c| c.is_ascii_alphanumeric())) {
                t = t.get(..i).unwrap_or(t);
            }
        }
        for (open, close) in [('(', ')'), ('[', ']'), ('【', '】'), ('〔', '〕'), ('<', '>'), ('《', '》')] {
            if let Some(stripped) = t.strip_suffix(close) {
                if let Some(i) = stripped.rfind(open).filter(|&i| i > 0) {
                    t = t.get(..i).unwrap_or(t);
                }
            }
        }
        if t == before {
            return t;
        }
    }
}

pub(crate) fn without_trailing_parenthesis(folded: &str) -> &str {
    if let Some(stripped) = folded.strip_suffix(')') {
        if let Some(open) = stripped.rfind('(') {
            if open > 0 {
                return folded.get(..open).unwrap_or(folded);
            }
        }
    }
    folded
}

struct FoldedRule {
    tasks: Vec<String>,
    keywords: Vec<String>,
    systems: Vec<String>,
}

/// A profile prepared for matching.
pub(crate) struct Matcher<'p> {
    profile: &'p Profile,
    rules: Vec<FoldedRule>,
}

impl<'p> Matcher<'p> {
    pub(crate) fn deadline_for(&self, item: &Item) -> Deadline<'p> {
        self.deadline_for_task(item.task_id.as_deref(), item.task_name.as_deref(), item.system.as_deref())
    }

    /// The deadline for a task ID, task name (or 業務) and system.
    pub(crate) fn deadline_for_task(&self, id: Option<&str>, name: Option<&str>, system: Option<&str>) -> Deadline<'p> {
        let id = id.map(fold);
        let name = name.map(fold);
        let system = system.map(fold);
        for (rule, folded) in self.profile.rules.iter().zip(&self.rules) {
            let by_id = id.as_deref().is_some_and(|id| folded.tasks.iter().any(|t| t == id));
            let by_name = name.as_deref().is_some_and(|n| folded.keywords.iter().any(|k| n.contains(k.as_str())));
            let by_system = system.as_deref().is_some_and(|s| folded.systems.iter().any(|k| s.contains(k.as_str())));
            if by_id || by_name || by_system {
                return Deadline { date: rule.deadline, label: &rule.label };
            }
        }
        Deadline { date: self.profile.default.deadline, label: &self.profile.default.label }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_heading_core_drops_units_notes_and_brackets() {
        assert_eq!(heading_core(&fold("住民記録(%)")), "住民記録");
        assert_eq!(heading_core(&fold("完了率（％）")), "完了率");
        assert_eq!(heading_core(&fold("戸籍 ※1")), "戸籍");
        assert_eq!(heading_core(&fold("戸籍附票【参考】※")), "戸籍附票");
        assert_eq!(heading_core(&fold("(%)")), "(%)");
    }

    use super::*;

    #[test]
    fn the_default_profile_round_trips_through_its_file_form() {
        let p = Profile::default();
        assert_eq!(Profile::from_json(&p.to_json()), Ok(p));
    }

    #[test]
    fn a_refused_profile_explains_itself_in_japanese() {
        let err = Profile::from_json("{ not json").unwrap_err();
        assert!(err.message_ja().starts_with("プロファイルの JSON として読めない"), "{}", err.message_ja());
    }

    #[test]
    fn a_rule_that_matches_nothing_is_refused() {
        let mut p = Profile::default();
        p.rules[0].tasks.clear();
        p.rules[0].keywords.clear();
        assert_eq!(
            Profile::from_json(&p.to_json()),
            Err(ProfileError::MatchesNothing { index: 1, label: "クール0開始".into() })
        );
    }

    #[test]
    fn an_invalid_date_is_refused_with_its_position() {
        let text = Profile::default().to_json().replace("2016-09-01", "2016-09-31");
        assert!(matches!(Profile::from_json(&text), Err(ProfileError::Syntax(m)) if m.contains("line")));
    }

    #[test]
    fn a_profile_that_fails_validation_cannot_be_deserialized_at_all() {
        let text = Profile::default().to_json().replacen("\"name\": \"2016", "\"name\": \"", 1);
        let text = text.replacen("\"name\": \" 情報連携（推奨アクションプラン）\"", "\"name\": \" \"", 1);
        assert!(serde_json::from_str::<Profile>(&text).is_err(), "{text}");
        assert_eq!(Profile::from_json(&text), Err(ProfileError::NoName));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = Profile::default().to_json().replacen("\"name\"", "\"nmae\": 1, \"name\"", 1);
        assert!(matches!(Profile::from_json(&text), Err(ProfileError::Syntax(_))));
    }
}
