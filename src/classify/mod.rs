//! The classifier: a pure function of items, the as-of date and the profile (SPEC §4).
//!
//! Rules, first match wins: not applicable; done (actual end on or before the as-of date);
//! done because a later phase of the same (organization, task, system) is done; and for
//! unfinished items deadline exceeded, unreported, plan overrun or on track. Warnings never
//! change a status. Roll-ups give each (organization, task, system) and each organization
//! the worst status of its phases, or done when the last phase is done.
//!
//! The standardisation programme's systems (SPEC §9.2) are judged by [`systems`]; their
//! roll-ups join the items' in [`classify_all`]. Nothing here reads files or knows layouts:
//! the phase order and the programme's words come from the profile.

pub mod coverage;
pub mod systems;

use foldhash::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::DateCell;
use crate::item::{BodyNote, Item, Slot};
use crate::organization::is_own_office;
use crate::profile::Profile;
use crate::text::{fold, FoldCache};

/// An item's status, declared from worst to best (the roll-up order of SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    DeadlineExceeded,
    Unreported,
    PlanOverrun,
    OnTrack,
    Done,
    NotApplicable,
}

impl Status {
    /// Every status, worst first.
    pub(crate) const ALL: [Status; 6] = [
        Status::DeadlineExceeded,
        Status::Unreported,
        Status::PlanOverrun,
        Status::OnTrack,
        Status::Done,
        Status::NotApplicable,
    ];

    /// The key used in JSON, CSV and the page's `data-status`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Status::DeadlineExceeded => "deadline_exceeded",
            Status::Unreported => "unreported",
            Status::PlanOverrun => "plan_overrun",
            Status::OnTrack => "on_track",
            Status::Done => "done",
            Status::NotApplicable => "not_applicable",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// The Japanese label, as the seed words it.
    pub(crate) fn label_ja(self) -> &'static str {
        match self {
            Status::DeadlineExceeded => "未完了（規定超過）",
            Status::Unreported => "未報告",
            Status::PlanOverrun => "未完了（計画超過）",
            Status::OnTrack => "予定どおり",
            Status::Done => "完了",
            Status::NotApplicable => "対象外",
        }
    }

    /// The follow-up priority the seed gives the status.
    pub(crate) fn priority(self) -> Option<Priority> {
        match self {
            Status::DeadlineExceeded => Some(Priority::High),
            Status::PlanOverrun => Some(Priority::FollowUp),
            _ => None,
        }
    }
}

/// 優先度高 or 継続確認.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    FollowUp,
}

impl Priority {
    pub fn key(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::FollowUp => "follow_up",
        }
    }

    pub(crate) fn label_ja(self) -> &'static str {
        match self {
            Priority::High => "優先度高",
            Priority::FollowUp => "継続確認",
        }
    }
}

/// Something odd about an item that does not change its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// A date cell that is neither a date nor an empty marker.
    InvalidDate,
    /// PE before PS, or AE before AS.
    EndBeforeStart,
    ActualEndWithoutStart,
    /// AS after the as-of date.
    ActualStartInFuture,
    /// AE after the as-of date: not an actual, ignored.
    ActualInFuture,
    /// Done because a later phase is done.
    ImpliedByLaterPhase,
    /// The deadline has passed and no planned end was reported.
    NoPlan,
    /// A step status that is none of the programme's words (kept as written).
    InvalidStatus,
    /// A completion rate that is no rate (`abc`, `120%`), kept as written.
    InvalidRate,
    /// The rate table's rate differs from the steps' by more than 0.001.
    RateMismatch,
    /// ⑱-1 (in operation) is done while another step is neither done nor not applicable.
    OpenStepsAfterStart,
    /// At its pace over the recent snapshots the system completes after its deadline (SPEC §11).
    ProjectedLate,
    /// The completion rate has not risen over the recent snapshots, or has fallen (SPEC §11).
    Stalled,
    /// The 団体コード names another body than the name: the code won (SPEC §10).
    CodeNameMismatch,
    /// A 団体コード the register lacks: the name decided.
    UnknownCode,
    /// A municipal name under a real prefecture that the register lacks: kept as written.
    NotInRegister,
    /// A name several municipalities share, with nothing to tell which: kept as written.
    AmbiguousName,
    /// A body of a covered prefecture that no file reports (SPEC §10, coverage).
    NotInFile,
    /// A body cell far longer than any name, cut (issue 17).
    BodyCut,
}

impl Warning {
    /// The warning a register note gives (SPEC §10).
    pub(crate) fn of_body_note(note: BodyNote) -> Warning {
        match note {
            BodyNote::CodeNameMismatch => Warning::CodeNameMismatch,
            BodyNote::UnknownCode => Warning::UnknownCode,
            BodyNote::NotInRegister => Warning::NotInRegister,
            BodyNote::AmbiguousName => Warning::AmbiguousName,
            BodyNote::CellCut => Warning::BodyCut,
        }
    }

    /// Every warning, in declaration order (the wire form numbers them by this).
    pub const ALL: [Warning; 19] = [
        Warning::InvalidDate,
        Warning::EndBeforeStart,
        Warning::ActualEndWithoutStart,
        Warning::ActualStartInFuture,
        Warning::ActualInFuture,
        Warning::ImpliedByLaterPhase,
        Warning::NoPlan,
        Warning::InvalidStatus,
        Warning::InvalidRate,
        Warning::RateMismatch,
        Warning::OpenStepsAfterStart,
        Warning::ProjectedLate,
        Warning::Stalled,
        Warning::CodeNameMismatch,
        Warning::UnknownCode,
        Warning::NotInRegister,
        Warning::AmbiguousName,
        Warning::NotInFile,
        Warning::BodyCut,
    ];

    /// The warning of a key (`projected_late`), as JSON writes it.
    pub fn from_key(key: &str) -> Option<Warning> {
        Warning::ALL.into_iter().find(|w| w.key() == key.trim())
    }

    pub fn key(self) -> &'static str {
        match self {
            Warning::InvalidDate => "invalid_date",
            Warning::EndBeforeStart => "end_before_start",
            Warning::ActualEndWithoutStart => "actual_end_without_start",
            Warning::ActualStartInFuture => "actual_start_in_future",
            Warning::ActualInFuture => "actual_in_future",
            Warning::ImpliedByLaterPhase => "implied_by_later_phase",
            Warning::NoPlan => "no_plan",
            Warning::InvalidStatus => "invalid_status",
            Warning::InvalidRate => "invalid_rate",
            Warning::RateMismatch => "rate_mismatch",
            Warning::OpenStepsAfterStart => "open_steps_after_start",
            Warning::ProjectedLate => "projected_late",
            Warning::Stalled => "stalled",
            Warning::CodeNameMismatch => "code_name_mismatch",
            Warning::UnknownCode => "unknown_code",
            Warning::NotInRegister => "not_in_register",
            Warning::AmbiguousName => "ambiguous_name",
            Warning::NotInFile => "not_in_file",
            Warning::BodyCut => "body_cut",
        }
    }

    pub(crate) fn label_ja(self) -> &'static str {
        match self {
            Warning::InvalidDate => "日付として読めないセル",
            Warning::EndBeforeStart => "終了日が開始日より前",
            Warning::ActualEndWithoutStart => "開始実績なしの終了実績",
            Warning::ActualStartInFuture => "開始実績が基準日より後",
            Warning::ActualInFuture => "終了実績が基準日より後（実績とみなさない）",
            Warning::ImpliedByLaterPhase => "後工程の完了により完了とみなす",
            Warning::NoPlan => "終了予定日の報告なし",
            Warning::InvalidStatus => "進捗状況として読めないセル",
            Warning::InvalidRate => "完了率として読めないセル",
            Warning::RateMismatch => "完了率がステップの進捗と一致しない",
            Warning::OpenStepsAfterStart => "運用開始済みだが未完了のステップあり",
            Warning::ProjectedLate => "現在のペースでは期限までに移行が完了しない見込み",
            Warning::Stalled => "完了率が伸びていない（停滞）",
            Warning::CodeNameMismatch => "団体コードと団体名が別の団体を指す（コードを採用）",
            Warning::UnknownCode => "団体コード一覧にないコード",
            Warning::NotInRegister => "団体コード一覧にない団体名",
            Warning::AmbiguousName => "同名の団体があり特定できない",
            Warning::NotInFile => "ファイルに報告がない団体",
            Warning::BodyCut => "団体名のセルが長すぎるため切り詰めた",
        }
    }
}

/// The classifier's verdict on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    pub deadline: NaiveDate,
    /// The profile's label for the deadline, e.g. `クール1開始`.
    pub deadline_label: String,
    pub days_late: Option<i64>,
    pub warnings: Vec<Warning>,
    pub own_office: bool,
}

/// The status of one (organization, task, system): a group of items, or a standardisation
/// system (SPEC §9.3's extra fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    pub prefecture: Option<String>,
    pub organization: String,
    /// 団体コード: the register's where the body resolved (SPEC §10), else as written.
    pub code: Option<String>,
    /// The body as the file wrote it, where that differs.
    pub organization_as_written: Option<String>,
    pub own_office: bool,
    pub task: String,
    pub system: Option<String>,
    pub status: Status,
    /// Indices of the items (phases) rolled up, in item order (empty for a system).
    pub items: Vec<usize>,
    pub deadline: NaiveDate,
    pub deadline_label: String,
    /// The deciding item's days late (items), or the system's.
    pub days_late: Option<i64>,
    /// Designated 特定移行支援システム.
    pub extended: bool,
    /// A system's completion rate (null for date tables).
    pub completion_rate: Option<systems::Rate>,
    /// A system's current step, as headed in the file.
    pub current_step: Option<String>,
    pub warnings: Vec<Warning>,
    /// What it rolls up: items (phases) of an (organization, task, system), or one system.
    pub kind: RollupKind,
}

/// A standardisation system of a classification: its place in
/// [`systems::SystemsClassification::systems`], the id by which roll-ups, history rows and the
/// page refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SystemId(pub usize);

/// What a roll-up rolls up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollupKind {
    /// The items (phases) of one (organization, task, system) of the action plan.
    Items,
    /// One standardisation system.
    System(SystemId),
}

impl RollupKind {
    /// The system, for a system's roll-up.
    pub fn system(self) -> Option<SystemId> {
        match self {
            RollupKind::System(id) => Some(id),
            RollupKind::Items => None,
        }
    }

    pub fn is_system(self) -> bool {
        self.system().is_some()
    }
}

impl systems::SystemsClassification {
    /// The system `id`.
    pub fn get(&self, id: SystemId) -> Option<&systems::SystemVerdict> {
        self.systems.get(id.0)
    }
}

/// The status of one organization over all its tasks and systems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRollup {
    pub prefecture: Option<String>,
    pub organization: String,
    pub own_office: bool,
    pub status: Status,
}

/// Everything the classifier says about a set of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub as_of: NaiveDate,
    /// One verdict per item, in item order.
    pub verdicts: Vec<Verdict>,
    pub rollups: Vec<Rollup>,
    pub organizations: Vec<OrganizationRollup>,
    /// The standardisation systems (empty for action-plan items alone).
    pub systems: systems::SystemsClassification,
    /// The bodies of covered prefectures that no file reports (SPEC §10, [`coverage`]).
    pub missing_bodies: Vec<coverage::MissingBody>,
}

/// Where a phase falls in the order of its group: the profile's phases first, in the profile's
/// order (the seed's four); other phases after them, in order of first appearance.
fn phase_ranks<'a>(items: &'a [Item], phases: &[String], folds: &mut FoldCache<'a>) -> Vec<Option<usize>> {
    let seed: Vec<String> = phases.iter().map(|p| fold(p).into_owned()).collect();
    let mut ranks: HashMap<u32, usize> = HashMap::default();
    let mut others = 0;
    items
        .iter()
        .map(|item| {
            let id = folds.id(item.phase.as_deref()?);
            let rank = *ranks.entry(id).or_insert_with(|| match seed.iter().position(|s| s == folds.folded(id)) {
                Some(i) => i,
                None => {
                    others += 1;
                    seed.len() + others - 1
                }
            });
            Some(rank)
        })
        .collect()
}

/// An item's (prefecture, organization, task, system), width- and space-insensitive.
type GroupKey = (u32, u32, u32, u32);

fn group_key<'a>(item: &'a Item, folds: &mut FoldCache<'a>) -> GroupKey {
    (
        folds.id(item.prefecture.as_deref().unwrap_or("")),
        folds.id(&item.organization),
        folds.id(item.task()),
        folds.id(item.system.as_deref().unwrap_or("")),
    )
}

/// Classifies `items` at `as_of` under `profile`.
pub fn classify(items: &[Item], as_of: NaiveDate, profile: &Profile) -> Classification {
    let matcher = profile.matcher();
    let mut folds = FoldCache::default();
    let ranks = phase_ranks(items, &profile.phases, &mut folds);

    // Groups in order of first appearance.
    let mut keys: Vec<GroupKey> = Vec::with_capacity(items.len());
    let mut group_of: Vec<usize> = Vec::with_capacity(items.len());
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        let key = group_key(item, &mut folds);
        let g = *index.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
        group_of.push(g);
        keys.push(key);
    }

    let actual_end = |item: &Item| item.date(Slot::ActualEnd).date();
    let done_by_actual = |item: &Item| !item.not_applicable && actual_end(item).is_some_and(|ae| ae <= as_of);

    // The latest phase of each group that is done by its own actual end.
    let latest_done: Vec<Option<usize>> = groups
        .iter()
        .map(|members| members.iter().filter(|&&i| done_by_actual(&items[i])).filter_map(|&i| ranks[i]).max())
        .collect();

    let mut own_cache: HashMap<(u32, u32), bool> = HashMap::default();
    // Items sharing (task ID, task name, system) share a deadline.
    type DeadlineKey<'i> = (Option<&'i str>, Option<&'i str>, Option<&'i str>);
    let mut deadline_cache: HashMap<DeadlineKey<'_>, crate::profile::Deadline<'_>> = HashMap::default();
    let verdicts: Vec<Verdict> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let deadline = *deadline_cache
                .entry((item.task_id.as_deref(), item.task_name.as_deref(), item.system.as_deref()))
                .or_insert_with(|| matcher.deadline_for(item));
            let (k0, k1, _, _) = keys[i];
            let own_office = *own_cache
                .entry((k0, k1))
                .or_insert_with(|| is_own_office(item.prefecture.as_deref(), &item.organization));
            let implied = profile.later_phase_implies_earlier
                && matches!((ranks[i], latest_done[group_of[i]]), (Some(r), Some(l)) if r < l);
            let (status, days_late, mut warnings) = rule(item, as_of, deadline.date, implied);
            if let Some(note) = item.body_note {
                warnings.push(Warning::of_body_note(note));
            }
            Verdict {
                status,
                deadline: deadline.date,
                deadline_label: deadline.label.to_owned(),
                days_late,
                warnings,
                own_office,
            }
        })
        .collect();

    let rollups: Vec<Rollup> = groups
        .into_iter()
        .map(|members| {
            let first = &items[members[0]];
            // The last phase; rows repeating it must all be done, whatever their order.
            let last_rank = members.iter().map(|&i| ranks[i]).max();
            let last_done =
                members.iter().filter(|&&i| Some(ranks[i]) == last_rank).all(|&i| verdicts[i].status == Status::Done);
            let worst = members.iter().map(|&i| verdicts[i].status).min().unwrap_or(Status::NotApplicable);
            let status = if last_done { Status::Done } else { worst };
            let lead = &verdicts[members[0]];
            let days_late =
                members.iter().filter(|&&i| verdicts[i].status == status).filter_map(|&i| verdicts[i].days_late).max();
            let mut warnings: Vec<Warning> =
                members.iter().flat_map(|&i| verdicts[i].warnings.iter().copied()).collect();
            warnings.sort();
            warnings.dedup();
            Rollup {
                prefecture: first.prefecture.clone(),
                organization: first.organization.clone(),
                code: members.iter().find_map(|&i| items[i].code.clone()),
                organization_as_written: first.organization_as_written.clone(),
                own_office: lead.own_office,
                task: first.task().to_owned(),
                system: first.system.clone(),
                status,
                deadline: lead.deadline,
                deadline_label: lead.deadline_label.clone(),
                days_late,
                extended: false,
                completion_rate: None,
                current_step: None,
                warnings,
                kind: RollupKind::Items,
                items: members,
            }
        })
        .collect();

    let mut organizations: Vec<OrganizationRollup> = Vec::new();
    let mut org_index: HashMap<(u32, u32), usize> = HashMap::default();
    for r in &rollups {
        let (k0, k1, _, _) = keys[r.items[0]];
        match org_index.get(&(k0, k1)) {
            Some(&o) => organizations[o].status = organizations[o].status.min(r.status),
            None => {
                org_index.insert((k0, k1), organizations.len());
                organizations.push(OrganizationRollup {
                    prefecture: r.prefecture.clone(),
                    organization: r.organization.clone(),
                    own_office: r.own_office,
                    status: r.status,
                });
            }
        }
    }

    Classification {
        as_of,
        verdicts,
        rollups,
        organizations,
        systems: systems::SystemsClassification::default(),
        missing_bodies: Vec::new(),
    }
}

impl Classification {
    /// The roll-up of system `id`: [`classify_all`] puts the systems' roll-ups after the
    /// items', in the systems' order.
    pub fn rollup_of(&self, id: SystemId) -> Option<&Rollup> {
        let base = self.rollups.len().checked_sub(self.systems.systems.len())?;
        self.rollups.get(base.checked_add(id.0)?).filter(|r| r.kind == RollupKind::System(id))
    }
}

/// Classifies action-plan items and standardisation systems together: the items as
/// [`classify`] does, the systems as [`systems::classify`] does, and the systems' roll-ups
/// after the items' (the organizations take the worst of both). The bodies no file reports are
/// listed ([`coverage`]); under a profile with 業務 each gets its `unreported` systems.
pub fn classify_all(
    items: &[Item],
    reported: &crate::system::Systems,
    as_of: NaiveDate,
    profile: &Profile,
) -> Classification {
    let missing_bodies = coverage::missing_bodies(items, reported);
    let mut c = classify_joined(items, reported, as_of, profile, |judged| {
        let mut missing = coverage::missing_systems(&missing_bodies, &judged.systems, profile);
        judged.designated += coverage::designate_missing(&mut missing, judged, reported, profile);
        judged.systems.extend(missing);
    });
    c.missing_bodies = missing_bodies;
    c
}

/// [`classify_all`] without coverage (no missing bodies, no systems for them): for the page's
/// own fallback classification of a failed load, so that the page's wasm does not link the
/// register of bodies (the analyser classifies every real load).
pub fn classify_all_without_coverage(
    items: &[Item],
    reported: &crate::system::Systems,
    as_of: NaiveDate,
    profile: &Profile,
) -> Classification {
    classify_joined(items, reported, as_of, profile, |_| {})
}

/// Items and systems classified and joined; `cover` adds to the judged systems before their
/// roll-ups are made.
fn classify_joined(
    items: &[Item],
    reported: &crate::system::Systems,
    as_of: NaiveDate,
    profile: &Profile,
    cover: impl FnOnce(&mut systems::SystemsClassification),
) -> Classification {
    let mut c = classify(items, as_of, profile);
    if reported.is_empty() {
        return c;
    }
    let mut judged = systems::classify(reported, as_of, profile);
    cover(&mut judged);
    let mut org_index: HashMap<(String, String), usize> = c
        .organizations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            ((fold(o.prefecture.as_deref().unwrap_or("")).into_owned(), fold(&o.organization).into_owned()), i)
        })
        .collect();
    for (i, v) in judged.systems.iter().enumerate() {
        c.rollups.push(Rollup {
            prefecture: v.prefecture.clone(),
            organization: v.organization.clone(),
            code: v.code.clone(),
            organization_as_written: v.organization_as_written.clone(),
            own_office: v.own_office,
            task: v.task.clone(),
            system: None,
            status: v.status,
            items: Vec::new(),
            deadline: v.deadline,
            deadline_label: v.deadline_label.clone(),
            days_late: v.days_late,
            extended: v.extended,
            completion_rate: v.completion_rate,
            current_step: v.current_step.clone(),
            warnings: v.warnings.clone(),
            kind: RollupKind::System(SystemId(i)),
        });
        let key = (fold(v.prefecture.as_deref().unwrap_or("")).into_owned(), fold(&v.organization).into_owned());
        match org_index.get(&key) {
            Some(&o) => {
                if let Some(org) = c.organizations.get_mut(o) {
                    org.status = org.status.min(v.status);
                }
            }
            None => {
                org_index.insert(key, c.organizations.len());
                c.organizations.push(OrganizationRollup {
                    prefecture: v.prefecture.clone(),
                    organization: v.organization.clone(),
                    own_office: v.own_office,
                    status: v.status,
                });
            }
        }
    }
    c.systems = judged;
    c
}

/// SPEC §4's rules for one item. `implied` says a later phase of its group is done.
fn rule(item: &Item, t: NaiveDate, d: NaiveDate, implied: bool) -> (Status, Option<i64>, Vec<Warning>) {
    let ps = item.date(Slot::PlannedStart).date();
    let pe = item.date(Slot::PlannedEnd).date();
    let as_ = item.date(Slot::ActualStart).date();
    let ae = item.date(Slot::ActualEnd).date();

    let mut warnings = Vec::new();
    if item.dates.iter().any(|c| matches!(c, DateCell::Invalid(_))) {
        warnings.push(Warning::InvalidDate);
    }
    if matches!((ps, pe), (Some(s), Some(e)) if e < s) || matches!((as_, ae), (Some(s), Some(e)) if e < s) {
        warnings.push(Warning::EndBeforeStart);
    }
    if ae.is_some() && as_.is_none() {
        warnings.push(Warning::ActualEndWithoutStart);
    }
    if as_.is_some_and(|s| s > t) {
        warnings.push(Warning::ActualStartInFuture);
    }
    if ae.is_some_and(|e| e > t) {
        warnings.push(Warning::ActualInFuture);
    }

    if item.not_applicable {
        return (Status::NotApplicable, None, warnings);
    }
    if ae.is_some_and(|e| e <= t) {
        return (Status::Done, None, warnings);
    }
    if implied {
        warnings.push(Warning::ImpliedByLaterPhase);
        return (Status::Done, None, warnings);
    }
    let days = |a: NaiveDate, b: NaiveDate| Some((a - b).num_days());
    match pe {
        Some(pe) if pe > d => (Status::DeadlineExceeded, days(pe, d), warnings),
        _ if t > d => {
            if pe.is_none() {
                warnings.push(Warning::NoPlan);
            }
            (Status::DeadlineExceeded, days(t, d), warnings)
        }
        None => (Status::Unreported, None, warnings),
        Some(pe) if pe < t => (Status::PlanOverrun, days(t, pe), warnings),
        Some(_) => (Status::OnTrack, None, warnings),
    }
}

/// The recommended action for a status, in Japanese, faithful to the seed's wording.
/// Own offices get the wording for what the prefecture does itself.
pub fn recommended_action(status: Status, own_office: bool, deadline_label: &str, deadline: NaiveDate) -> String {
    let date = format!("{}/{}", deadline.format("%-m"), deadline.format("%-d"));
    match (status, own_office) {
        (Status::PlanOverrun, false) => "作業が終了したかを確認し、終了していない場合は終了予定日を把握して、\
             アクションプランの書き換えを当該団体に要請する。継続して確認する。"
            .to_owned(),
        (Status::PlanOverrun, true) => "作業が終了したかを確認し、終了していない場合は終了予定日を把握して、\
             自らアクションプランを書き換えるとともに、継続して確認する。"
            .to_owned(),
        (Status::DeadlineExceeded, _) => format!(
            "作業の状況を確認するとともに、終了予定日を期日（{date} {deadline_label}）以前にできないか確認する。"
        ),
        (Status::Unreported, false) => "作業の状況を確認するとともに、終了予定日を（タスクが終了していれば\
             終了実績日も）記入するよう当該団体に要請する。"
            .to_owned(),
        (Status::Unreported, true) => "作業の状況を確認し、終了予定日を（タスクが終了していれば終了実績日も）\
             アクションプランに記入する。"
            .to_owned(),
        (Status::OnTrack, _) => "予定どおり。期日まで引き続き確認する。".to_owned(),
        (Status::Done, _) | (Status::NotApplicable, _) => String::new(),
    }
}
