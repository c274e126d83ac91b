//! Request letters: for each body, a mail text listing its items that need action, grouped by
//! what is asked (SPEC §4's recommended actions, in polite business-mail Japanese).
//!
//! - plan overrun (計画超過): confirm whether the work has finished; if not, learn the new end
//!   date and have the action plan rewritten;
//! - deadline exceeded (規定超過): confirm the state and whether the end date can be brought
//!   forward to the deadline or earlier;
//! - unreported (未報告): ask for the expected end date, and the actual end date if finished.
//!
//! For the prefecture's own offices (自庁内) the prefecture rewrites the action plan itself, so
//! their letter asks for the facts and says the prefecture will enter them and keep checking.
//!
//! One builder for every programme: a row that a letter can list is [`Addressed`] (its body,
//! what it asks, its line), and the programme's [`Words`] fill the one text ([`letters`]).

use std::fmt::Write;

use chrono::NaiveDate;

use crate::classify::systems::SystemVerdict;
use crate::classify::{Status, Verdict, Warning};
use crate::history::SystemHistory;
use crate::item::{Item, Slot};
use crate::text::fold;
use crate::timeline::month_day;

/// What a group of items asks of the body, in the order the letter lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Request {
    /// 計画超過: confirm and rewrite the planned end.
    ConfirmAndRewrite,
    /// 規定超過: confirm and bring the end date forward.
    BringForward,
    /// 未報告: enter the dates.
    EnterDates,
    /// Standardisation, past the deadline: the expected migration date, the reason, and
    /// whether the system should be designated 特定移行支援 (SPEC §9.2).
    MigrationDate,
    /// Standardisation, behind the step plan: the revised schedule.
    RevisedSchedule,
    /// Standardisation, nothing reported: register the progress in the PMO tool.
    RegisterProgress,
    /// Standardisation over time, the rate not rising (SPEC §11 `stalled`): what blocks it.
    Unblock,
    /// Standardisation over time, a designated system projected after its extended deadline
    /// (SPEC §11 `projected_late`): the revised schedule, before the extended deadline.
    ScheduleBeforeExtended,
}

impl Request {
    /// The action plan's requests, in the order a letter lists them.
    pub const ALL: [Request; 3] = [Request::ConfirmAndRewrite, Request::BringForward, Request::EnterDates];
    /// The standardisation programme's requests, in the order a letter lists them.
    pub const SYSTEMS: [Request; 3] = [Request::MigrationDate, Request::RevisedSchedule, Request::RegisterProgress];

    /// The request for a standardisation system of this status, if it needs one.
    pub fn for_system(status: Status) -> Option<Request> {
        match status {
            Status::DeadlineExceeded => Some(Request::MigrationDate),
            Status::PlanOverrun => Some(Request::RevisedSchedule),
            Status::Unreported => Some(Request::RegisterProgress),
            Status::OnTrack | Status::Done | Status::NotApplicable => None,
        }
    }

    /// What a system's course over the snapshots asks (SPEC §11), if anything: stalled → what
    /// blocks it; projected late → for a designated system the revised schedule before the
    /// extended deadline, otherwise the expected migration date (and designation).
    pub fn for_trend(warning: Warning, extended: bool) -> Option<Request> {
        match (warning, extended) {
            (Warning::Stalled, _) => Some(Request::Unblock),
            (Warning::ProjectedLate, true) => Some(Request::ScheduleBeforeExtended),
            (Warning::ProjectedLate, false) => Some(Request::MigrationDate),
            _ => None,
        }
    }

    /// The request for an item of this status, if it needs one.
    pub fn for_status(status: Status) -> Option<Request> {
        match status {
            Status::PlanOverrun => Some(Request::ConfirmAndRewrite),
            Status::DeadlineExceeded => Some(Request::BringForward),
            Status::Unreported => Some(Request::EnterDates),
            Status::OnTrack | Status::Done | Status::NotApplicable => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Request::ConfirmAndRewrite => "confirm_and_rewrite",
            Request::BringForward => "bring_forward",
            Request::EnterDates => "enter_dates",
            Request::MigrationDate => "migration_date",
            Request::RevisedSchedule => "revised_schedule",
            Request::RegisterProgress => "register_progress",
            Request::Unblock => "unblock",
            Request::ScheduleBeforeExtended => "schedule_before_extended",
        }
    }

    /// The group's heading in the letter.
    pub fn heading_ja(self) -> &'static str {
        match self {
            Request::ConfirmAndRewrite => "終了予定日を過ぎても終了実績の報告がない作業",
            Request::BringForward => "終了予定日が完了期日より後になっている作業",
            Request::EnterDates => "終了予定日・終了実績日の報告がない作業",
            Request::MigrationDate => "移行期限までに標準準拠システムへの移行が完了していないシステム",
            Request::RevisedSchedule => "作業ステップの予定を過ぎているシステム",
            Request::RegisterProgress => "進捗の報告がないシステム",
            Request::Unblock => "完了率が伸びていない（停滞している）システム",
            Request::ScheduleBeforeExtended => {
                "現在のペースでは特定移行支援システムの移行期限までに移行が完了しない見込みのシステム"
            }
        }
    }

    /// What is asked, after the list.
    fn ask_ja(self, own_office: bool) -> &'static str {
        match (self, own_office) {
            (Request::ConfirmAndRewrite, false) => {
                "作業が終了しているかをご確認ください。終了している場合は終了実績日を、終了していない場合は\
                 新たな終了予定日を、推奨アクションプラン（実行編）に書き換えていただきますようお願いいたします。\
                 今後も継続して確認させていただきます。"
            }
            (Request::ConfirmAndRewrite, true) => {
                "作業が終了しているかをお知らせください。終了している場合は終了実績日を、終了していない場合は\
                 新たな終了予定日をお知らせいただければ、推奨アクションプラン（実行編）への書き換えはこちらで行います。\
                 今後も継続して確認させていただきます。"
            }
            (Request::BringForward, _) => {
                "作業の状況をお知らせいただくとともに、終了予定日を上記の完了期日以前にできないか、\
                 ご検討いただきますようお願いいたします。"
            }
            (Request::EnterDates, false) => {
                "作業の状況をお知らせいただくとともに、推奨アクションプラン（実行編）に終了予定日を\
                 （作業が終了している場合は終了実績日も）ご記入いただきますようお願いいたします。"
            }
            (Request::EnterDates, true) => {
                "作業の状況とあわせて、終了予定日（作業が終了している場合は終了実績日も）をお知らせください。\
                 推奨アクションプラン（実行編）への記入はこちらで行います。"
            }
            (Request::MigrationDate, false) => {
                "移行作業の状況、移行完了の見込み時期とその理由をお知らせください。あわせて、\
                 特定移行支援システムに該当する見込みかどうかをご確認いただきますようお願いいたします。"
            }
            (Request::MigrationDate, true) => {
                "移行作業の状況、移行完了の見込み時期とその理由を整理し、特定移行支援システムに該当するかを確認します。\
                 所管課におかれましては、状況をお知らせください。"
            }
            (Request::RevisedSchedule, false) => {
                "作業の状況と、見直し後のスケジュール（各作業ステップの完了予定日）をお知らせください。\
                 今後も継続して確認させていただきます。"
            }
            (Request::RevisedSchedule, true) => {
                "作業の状況と見直し後のスケジュールをお知らせください。進捗の登録はこちらで行い、\
                 今後も継続して確認します。"
            }
            (Request::RegisterProgress, false) => {
                "作業の状況をご確認のうえ、PMOツールに各作業ステップの進捗をご登録いただきますようお願いいたします。"
            }
            (Request::RegisterProgress, true) => {
                "作業の状況をお知らせください。PMOツールへの進捗の登録はこちらで行います。"
            }
            (Request::Unblock, false) => {
                "移行作業の妨げとなっている事情（課題）と、今後の見通しをお知らせください。\
                 今後も継続して確認させていただきます。"
            }
            (Request::Unblock, true) => {
                "移行作業の妨げとなっている事情を整理し、今後の見通しを確認します。\
                 所管課におかれましては、状況をお知らせください。"
            }
            (Request::ScheduleBeforeExtended, false) => {
                "特定移行支援システムの移行期限より前に移行を完了できるよう、見直し後のスケジュール\
                 （各作業ステップの完了予定日）をお知らせください。今後も継続して確認させていただきます。"
            }
            (Request::ScheduleBeforeExtended, true) => {
                "特定移行支援システムの移行期限より前に移行を完了できるよう、スケジュールを見直します。\
                 所管課におかれましては、状況をお知らせください。"
            }
        }
    }
}

/// One body's letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub prefecture: Option<String>,
    pub organization: String,
    pub own_office: bool,
    /// Items needing action, per request, in [`Request::ALL`] order (empty groups left out).
    pub groups: Vec<(Request, Vec<usize>)>,
    /// The text to paste into a mail.
    pub text: String,
}

impl Letter {
    /// How many items the letter lists.
    pub fn len(&self) -> usize {
        self.groups.iter().map(|(_, g)| g.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn japanese_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// `F-3 既存業務システムの改修… 地方税関連システム 団体内連携テスト工程`.
fn what(item: &Item) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(id) = item.task_id.as_deref() {
        parts.push(id);
    }
    if let Some(name) = item.task_name.as_deref() {
        parts.push(name);
    }
    parts.extend([item.system.as_deref(), item.phase.as_deref()].into_iter().flatten());
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect();
    if parts.is_empty() {
        "（タスク名なし）".to_owned()
    } else {
        parts.join(" ")
    }
}

fn detail(item: &Item, v: &Verdict) -> String {
    let pe = item.date(Slot::PlannedEnd).date();
    let deadline = format!("{} {}", month_day(v.deadline), v.deadline_label);
    match v.status {
        Status::PlanOverrun => {
            let pe = pe.map(iso).unwrap_or_default();
            match v.days_late {
                Some(days) => format!("終了予定日 {pe}（{days} 日経過）"),
                None => format!("終了予定日 {pe}"),
            }
        }
        Status::DeadlineExceeded => match (pe, v.days_late) {
            (Some(pe), Some(days)) if pe > v.deadline => {
                format!("終了予定日 {}、完了期日 {deadline} より {days} 日後", iso(pe))
            }
            _ => format!("完了期日 {deadline} を過ぎても終了実績の報告なし"),
        },
        Status::Unreported => format!("完了期日 {deadline}"),
        _ => String::new(),
    }
}

/// A row a letter can list: its body, what it asks of the body, and its line in the letter.
/// Items (with their verdicts), systems and systems over time are; each brings its
/// programme's [`Words`].
pub trait Addressed {
    /// The programme's words.
    const WORDS: Words;
    /// Prefecture, body, and whether it is one of the prefecture's own offices.
    fn addressee(&self) -> (Option<&str>, &str, bool);
    /// What it asks of the body, each once, in [`Request`] order (nothing: no letter line).
    fn requests(&self) -> Vec<Request>;
    /// Its line in the letter (after `・`).
    fn line(&self) -> String;
}

impl Addressed for crate::query::JudgedItem<'_> {
    const WORDS: Words = ACTION_PLAN;

    fn addressee(&self) -> (Option<&str>, &str, bool) {
        (self.item.prefecture.as_deref(), &self.item.organization, self.verdict.own_office)
    }

    fn requests(&self) -> Vec<Request> {
        Request::for_status(self.verdict.status).into_iter().collect()
    }

    fn line(&self) -> String {
        format!("{}　{}", what(self.item), detail(self.item, self.verdict))
    }
}

/// Builds one letter per body for the rows at `selection` (the page's current filter; indices
/// outside `rows` are ignored) that need action, bodies in order of first appearance, each
/// request's group in [`Request`] order, in the rows' programme's words. Bodies with nothing
/// to ask are left out; a row asked two things is listed under both.
pub fn letters<R: Addressed>(rows: &[R], selection: &[usize], as_of: NaiveDate) -> Vec<Letter> {
    // One entry per (row, request).
    let entries: Vec<(usize, Request)> = selection
        .iter()
        .filter_map(|&i| Some((i, rows.get(i)?)))
        .flat_map(|(i, r)| r.requests().into_iter().map(move |q| (i, q)))
        .collect();
    let all: Vec<usize> = (0..entries.len()).collect();
    let mut out = group(&all, |k| {
        let &(i, request) = entries.get(k)?;
        let (prefecture, organization, own_office) = rows.get(i)?.addressee();
        Some((prefecture, organization, own_office, request))
    });
    for letter in &mut out {
        for (_, g) in &mut letter.groups {
            *g = g.iter().filter_map(|&k| entries.get(k).map(|&(i, _)| i)).collect();
        }
        letter.text = text(letter, as_of, R::WORDS, |i| rows.get(i).map(Addressed::line));
    }
    out
}

/// One letter per body for the entries at `selection` that need something asked, bodies in
/// order of first appearance, each group in [`Request`] order. `what(i)` gives an entry's
/// prefecture, body, own-office flag and request (`None`: nothing to ask). The texts are left
/// empty for the caller to write.
fn group<'a>(
    selection: &[usize],
    what: impl Fn(usize) -> Option<(Option<&'a str>, &'a str, bool, Request)>,
) -> Vec<Letter> {
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut out: Vec<Letter> = Vec::new();
    for &i in selection {
        let Some((prefecture, organization, own_office, request)) = what(i) else { continue };
        let key = (fold(prefecture.unwrap_or("")).into_owned(), fold(organization).into_owned());
        let n = match keys.iter().position(|k| *k == key) {
            Some(n) => n,
            None => {
                keys.push(key);
                out.push(Letter {
                    prefecture: prefecture.map(str::to_owned),
                    organization: organization.to_owned(),
                    own_office,
                    groups: Vec::new(),
                    text: String::new(),
                });
                out.len() - 1
            }
        };
        let Some(letter) = out.get_mut(n) else { continue };
        match letter.groups.iter_mut().find(|(r, _)| *r == request) {
            Some((_, g)) => g.push(i),
            None => letter.groups.push((request, vec![i])),
        }
    }
    for letter in &mut out {
        letter.groups.sort_by_key(|(r, _)| *r);
    }
    out
}

/// The words a programme's letters differ by: what was checked and what is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// What was checked, in a body's letter.
    pub subject: &'static str,
    /// What was checked, in a letter to the prefecture's own offices (which the prefecture
    /// enters itself).
    pub own_subject: &'static str,
    /// What the letter lists: 作業, システム.
    pub noun: &'static str,
}

/// The action plan's words.
pub const ACTION_PLAN: Words = Words {
    subject: "デジタルPMOの推奨アクションプラン（実行編）でご回答いただいている既存業務システムの改修状況等",
    own_subject: "推奨アクションプラン（実行編）における既存業務システムの改修状況等",
    noun: "作業",
};

/// The standardisation programme's words.
pub const STANDARDISATION: Words = Words {
    subject: "地方公共団体情報システムの標準化に係る移行の進捗状況",
    own_subject: "地方公共団体情報システムの標準化に係る移行の進捗状況",
    noun: "システム",
};

/// A letter's text in a programme's `words`: the greeting, each group with one line per entry
/// (`line(i)`), what is asked, the closing. One builder for every programme's letters.
fn text(letter: &Letter, as_of: NaiveDate, words: Words, line: impl Fn(usize) -> Option<String>) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{} ご担当者様", letter.organization.trim());
    let _ = writeln!(text);
    let _ = writeln!(text, "いつもお世話になっております。");
    let _ = writeln!(
        text,
        "{}について、{}時点で確認したところ、下記の{}について{}ご連絡いたします。",
        if letter.own_office { words.own_subject } else { words.subject },
        japanese_date(as_of),
        words.noun,
        if letter.own_office {
            "状況を確認させていただきたく、"
        } else {
            "対応をお願いしたく、"
        }
    );
    for (request, group) in &letter.groups {
        let _ = writeln!(text);
        let _ = writeln!(text, "■ {}（{} 件）", request.heading_ja(), group.len());
        for &i in group {
            if let Some(l) = line(i) {
                let _ = writeln!(text, "・{l}");
            }
        }
        let _ = writeln!(text, "→ {}", request.ask_ja(letter.own_office));
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "お忙しいところ恐れ入りますが、ご確認のほどよろしくお願いいたします。");
    text
}

/// `住民記録（完了率 50%、現在のステップ ⑧-1 予算根拠資料の作成）`: one system in a letter.
fn system_detail(v: &SystemVerdict) -> String {
    let mut parts = Vec::new();
    if let Some(r) = v.completion_rate {
        parts.push(format!("完了率 {}", r.percent()));
    }
    if let Some(step) = &v.current_step {
        parts.push(format!("現在のステップ {step}"));
    }
    match (v.status, v.days_late) {
        (Status::DeadlineExceeded, Some(days)) => {
            parts.push(format!("期日 {}（{}）から {days} 日超過", iso(v.deadline), v.deadline_label))
        }
        (Status::PlanOverrun, Some(days)) => parts.push(format!("予定から {days} 日経過")),
        _ => {}
    }
    if v.extended {
        parts.push("特定移行支援システム".to_owned());
    }
    if parts.is_empty() {
        v.task.clone()
    } else {
        format!("{}（{}）", v.task, parts.join("、"))
    }
}

/// What a system asks of its body, each once: its status's request (SPEC §9.2) and its
/// course's (SPEC §11: stalled, projected late).
fn requests(status: Status, warnings: &[Warning], extended: bool) -> Vec<Request> {
    let mut asks: Vec<Request> = Request::for_system(status).into_iter().collect();
    asks.extend(warnings.iter().filter_map(|&w| Request::for_trend(w, extended)));
    asks.sort();
    asks.dedup();
    asks
}

/// A standardisation system asks what its status asks (SPEC §9.2: past the deadline → the
/// expected migration date, the reason and whether designation applies; behind the step plan →
/// the revised schedule; unreported → register the progress in the PMO tool) and, where the page
/// has a history, what its course asks (SPEC §11: the trend's warnings are in the latest
/// classification). Own offices get the wording for what the prefecture does itself.
impl Addressed for SystemVerdict {
    const WORDS: Words = STANDARDISATION;

    fn addressee(&self) -> (Option<&str>, &str, bool) {
        (self.prefecture.as_deref(), &self.organization, self.own_office)
    }

    fn requests(&self) -> Vec<Request> {
        requests(self.status, &self.warnings, self.extended)
    }

    fn line(&self) -> String {
        let mut line = system_detail(self);
        if let Some(p) = self.projected_completion {
            let _ = write!(line, "、完了見込み {}", iso(p));
        }
        line
    }
}

/// One system over the snapshots in a letter: as [`system_detail`] at the latest snapshot, then
/// its rates over the snapshots and its projected completion.
fn history_detail(s: &SystemHistory) -> String {
    let rates: Vec<String> = s.series.iter().filter_map(|p| p.completion_rate).map(|r| r.percent()).collect();
    let mut line = system_detail(&s.latest);
    if rates.len() > 1 {
        let _ = write!(line, "　完了率の推移 {}", rates.join(" → "));
    }
    if let Some(p) = s.projected_completion {
        let _ = write!(line, "、完了見込み {}", iso(p));
    }
    line
}

/// A system over the snapshots asks what its status asks and what its course asks
/// ([`Request::for_trend`]: stalled → what blocks it; a designated system projected past its
/// extended deadline → the revised schedule before it); its line adds its rates over the
/// snapshots.
impl Addressed for SystemHistory {
    const WORDS: Words = STANDARDISATION;

    fn addressee(&self) -> (Option<&str>, &str, bool) {
        (self.prefecture.as_deref(), &self.organization, self.latest.own_office)
    }

    fn requests(&self) -> Vec<Request> {
        requests(self.status, &self.warnings, self.extended)
    }

    fn line(&self) -> String {
        history_detail(self)
    }
}

/// The line between letters when several are copied at once.
pub const SEPARATOR: &str = "\n――――――――――――――――――――\n\n";

/// Every letter, separated by a rule line, for pasting several at once.
pub fn all_text(letters: &[Letter]) -> String {
    letters.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample};
    use crate::classify::classify;
    use crate::date::DateCell;
    use crate::item::Source;
    use crate::limits::Limits;
    use crate::profile::Profile;
    use crate::query::judged;

    fn soumu_letters(as_of: NaiveDate, list: bool) -> Vec<Letter> {
        let mut names = vec!["hyojunka_soumu.xlsx", "hyojunka_long_sjis.csv"];
        if list {
            names.push("tokutei_marks.csv");
        }
        let inputs = crate::analyse::Input::fixtures(&names);
        let a = analyse(&inputs, &Limits::default());
        let c = crate::classify::classify_all(&a.items, &a.systems, as_of, &Profile::hyojunka());
        let all: Vec<usize> = (0..c.systems.systems.len()).collect();
        letters(&c.systems.systems, &all, as_of)
    }

    /// The monthly fixtures from October to January and the 特定移行支援 list (SPEC §11), at
    /// 2026-02-01, as letters.
    fn monthly_letters() -> Vec<Letter> {
        let files = ["monthly_r7_10.csv", "monthly_r7_12.xlsx", "monthly_r8_01.xlsx", "tokutei_monthly.xlsx"]
            .iter()
            .map(|n| {
                let path = format!("{}/tests/fixtures/{n}", env!("CARGO_MANIFEST_DIR"));
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
                let loaded = crate::load::load(n, &bytes, &Limits::default()).unwrap();
                crate::history::DatedFile { name: (*n).to_owned(), date: loaded.date, systems: loaded.systems }
            })
            .collect();
        let as_of = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let h = crate::history::history(files, as_of, &Profile::hyojunka()).unwrap();
        let all: Vec<usize> = (0..h.systems.len()).collect();
        letters(&h.systems, &all, as_of)
    }

    #[test]
    fn a_stalled_system_s_body_is_asked_what_blocks_it() {
        let ls = monthly_letters();
        let l = letter(&ls, "Ｌ市");
        let stalled = l.groups.iter().find(|(r, _)| *r == Request::Unblock).map(|(_, g)| g.len());
        assert_eq!(stalled, Some(1), "{:?}", l.groups);
        assert!(l.text.contains("・戸籍（完了率 55%）　完了率の推移 60% → 65% → 55%"), "{}", l.text);
        assert!(l.text.contains("移行作業の妨げとなっている事情（課題）"), "{}", l.text);
    }

    #[test]
    fn a_designated_system_projected_late_is_asked_for_the_schedule_before_the_extended_deadline() {
        let ls = monthly_letters();
        let l = letter(&ls, "Ｍ町");
        assert_eq!(l.groups.iter().map(|(r, _)| *r).collect::<Vec<_>>(), [Request::ScheduleBeforeExtended]);
        assert!(l.text.contains("完了見込み 2048-07-02"), "{}", l.text);
        assert!(l.text.contains("移行期限より前に移行を完了できるよう、見直し後のスケジュール"), "{}", l.text);
    }

    #[test]
    fn a_body_past_the_deadline_is_asked_for_the_migration_date_the_reason_and_designation() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        let ls = soumu_letters(d, false);
        let l = letter(&ls, "Ｄ村");
        assert_eq!(l.groups.iter().map(|(r, _)| *r).collect::<Vec<_>>(), [Request::MigrationDate]);
        assert!(l.text.contains("移行完了の見込み時期とその理由"), "{}", l.text);
        assert!(l.text.contains("特定移行支援システムに該当する見込み"), "{}", l.text);
        assert!(
            l.text.contains("・住民記録（完了率 50%、現在のステップ ⑧-1 予算根拠資料の作成、期日 2026-03-31"),
            "{}",
            l.text
        );
    }

    #[test]
    fn a_designated_body_behind_its_step_plan_is_asked_for_the_revised_schedule() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        let ls = soumu_letters(d, false);
        let l = letter(&ls, "Ｅ市");
        let revised = l.groups.iter().find(|(r, _)| *r == Request::RevisedSchedule).map(|(_, g)| g.len());
        assert_eq!(revised, Some(1), "個人住民税 (designated, step ⑬-1 planned 2026-06-30)");
        assert!(l.text.contains("見直し後のスケジュール"), "{}", l.text);
    }

    #[test]
    fn an_unreported_own_office_is_told_the_prefecture_registers_the_progress_itself() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        let ls = soumu_letters(d, false);
        let l = letter(&ls, "Ａ県");
        assert!(l.own_office);
        assert!(l.text.contains("PMOツールへの進捗の登録はこちらで行います"), "{}", l.text);
        let m = letter(&ls, "Ｃ町");
        assert!(m.text.contains("PMOツールに各作業ステップの進捗をご登録いただきますよう"), "{}", m.text);
    }

    /// Where a letter's text has a run of spaces or a line that starts with one (what a
    /// continued string literal leaves behind), if anywhere.
    fn stray_spacing(text: &str) -> Option<&str> {
        text.lines().find(|l| {
            l.starts_with([' ', '\t', '　'])
                || l.contains("  ")
                || l.contains(" 　")
                || l.contains("　 ")
                || l.contains("　　")
        })
    }

    #[test]
    fn no_letter_of_either_programme_has_runs_of_spaces_or_stray_indentation() {
        let mut texts: Vec<String> = seed_letters().into_iter().map(|l| l.text).collect();
        for (month, day) in [(1, 31), (12, 2)] {
            let d = NaiveDate::from_ymd_opt(2026, month, day).unwrap();
            for list in [false, true] {
                texts.extend(soumu_letters(d, list).into_iter().map(|l| l.text));
            }
        }
        assert!(texts.len() > 8, "letters of both programmes, own offices and municipalities");
        for text in &texts {
            assert_eq!(stray_spacing(text), None, "in:\n{text}");
        }
    }

    fn seed_letters() -> Vec<Letter> {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let all: Vec<usize> = (0..a.items.len()).collect();
        letters(&judged(&a.items, &c.verdicts), &all, sample::as_of())
    }

    fn letter<'a>(ls: &'a [Letter], name: &str) -> &'a Letter {
        ls.iter().find(|l| l.organization == name).unwrap()
    }

    fn item(org: &str, phase: &str, pe: Option<&str>) -> Item {
        let date = |s: Option<&str>| s.map_or(DateCell::Empty, |s| DateCell::Date(s.parse().unwrap()));
        Item {
            prefecture: Some("Ａ県".to_owned()),
            organization: org.to_owned(),
            code: None,
            organization_as_written: None,
            body_note: None,
            task_id: Some("F-3".to_owned()),
            task_name: None,
            system: Some("地方税関連システム".to_owned()),
            phase: Some(phase.to_owned()),
            dates: crate::item::PerSlot::new(DateCell::Empty, date(pe), DateCell::Empty, DateCell::Empty),
            not_applicable: false,
            source: Source { file: "t.csv".to_owned(), sheet: "t".to_owned(), row: 2, columns: Default::default() },
        }
    }

    #[test]
    fn only_bodies_with_items_needing_action_get_a_letter() {
        let names: Vec<String> = seed_letters().into_iter().map(|l| l.organization).collect();
        assert_eq!(names, ["Ｂ市", "Ｅ町", "Ｇ町", "Ｈ村"]);
    }

    #[test]
    fn a_letter_is_addressed_politely_to_the_body() {
        let ls = seed_letters();
        let text = &letter(&ls, "Ｂ市").text;
        assert!(text.starts_with("Ｂ市 ご担当者様\n\nいつもお世話になっております。\n"), "{text}");
        assert!(text.contains("2016年7月15日時点で確認したところ"), "{text}");
        assert!(text.trim_end().ends_with("ご確認のほどよろしくお願いいたします。"), "{text}");
    }

    #[test]
    fn a_plan_overrun_asks_to_confirm_and_rewrite_the_end_date() {
        let ls = seed_letters();
        let text = &letter(&ls, "Ｂ市").text;
        assert!(text.contains("■ 終了予定日を過ぎても終了実績の報告がない作業（1 件）"), "{text}");
        assert!(text.contains("・F-3 既存業務システムの改修"), "{text}");
        assert!(text.contains("地方税関連システム 団体内連携テスト工程　終了予定日 2016-06-30（15 日経過）"), "{text}");
        assert!(
            text.contains("新たな終了予定日を、推奨アクションプラン（実行編）に書き換えていただきますよう"),
            "{text}"
        );
    }

    #[test]
    fn a_deadline_exceeded_asks_to_bring_the_end_date_forward_to_the_deadline() {
        let ls = seed_letters();
        let text = &letter(&ls, "Ｅ町").text;
        assert!(text.contains("■ 終了予定日が完了期日より後になっている作業（1 件）"), "{text}");
        assert!(text.contains("終了予定日 2016-12-31、完了期日 11/1 クール1開始 より 60 日後"), "{text}");
        assert!(text.contains("終了予定日を上記の完了期日以前にできないか"), "{text}");
    }

    #[test]
    fn an_unreported_item_asks_for_the_expected_and_actual_end_dates() {
        let ls = seed_letters();
        let text = &letter(&ls, "Ｇ町").text;
        assert!(text.contains("■ 終了予定日・終了実績日の報告がない作業（1 件）"), "{text}");
        assert!(text.contains("終了予定日を（作業が終了している場合は終了実績日も）ご記入"), "{text}");
    }

    #[test]
    fn groups_come_in_the_order_overrun_exceeded_unreported() {
        let items = vec![
            item("Ｘ市", "設計工程", None),
            item("Ｘ市", "テスト工程", Some("2016-12-31")),
            item("Ｘ市", "製造・導入・適用工程", Some("2016-06-30")),
        ];
        let as_of: NaiveDate = "2016-07-15".parse().unwrap();
        let c = classify(&items, as_of, &Profile::default());
        let ls = letters(&judged(&items, &c.verdicts), &[0, 1, 2], as_of);
        let order: Vec<Request> = ls[0].groups.iter().map(|(r, _)| *r).collect();
        assert_eq!(order, Request::ALL);
        assert_eq!(ls[0].len(), 3);
    }

    #[test]
    fn only_the_selected_items_are_listed() {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let e_town: Vec<usize> = (0..a.items.len()).filter(|&i| a.items[i].organization == "Ｅ町").collect();
        let ls = letters(&judged(&a.items, &c.verdicts), &e_town, sample::as_of());
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].organization, "Ｅ町");
    }

    #[test]
    fn an_own_office_is_told_the_prefecture_rewrites_the_plan_itself() {
        let items = vec![item("Ａ県教育委員会", "団体内連携テスト工程", Some("2016-06-30"))];
        let as_of: NaiveDate = "2016-07-15".parse().unwrap();
        let c = classify(&items, as_of, &Profile::default());
        let ls = letters(&judged(&items, &c.verdicts), &[0], as_of);
        assert!(ls[0].own_office);
        let text = &ls[0].text;
        assert!(text.starts_with("Ａ県教育委員会 ご担当者様"), "{text}");
        assert!(text.contains("書き換えはこちらで行います"), "{text}");
        assert!(!text.contains("書き換えていただきますよう"), "{text}");
    }

    #[test]
    fn an_unreported_own_office_item_is_entered_by_the_prefecture() {
        let items = vec![item("Ａ県", "団体内連携テスト工程", None)];
        let as_of: NaiveDate = "2016-07-15".parse().unwrap();
        let c = classify(&items, as_of, &Profile::default());
        let text = &letters(&judged(&items, &c.verdicts), &[0], as_of)[0].text;
        assert!(text.contains("記入はこちらで行います"), "{text}");
    }

    #[test]
    fn all_letters_are_joined_with_a_rule_between_them() {
        let ls = seed_letters();
        let all = all_text(&ls);
        assert_eq!(all.matches("ご担当者様").count(), 4);
        assert_eq!(all.matches(SEPARATOR).count(), 3);
    }

    #[test]
    fn indices_outside_the_items_are_ignored() {
        let ls = letters(&judged(&[], &[]), &[0, 5], "2016-07-15".parse().unwrap());
        assert!(ls.is_empty());
    }

    #[test]
    fn the_pages_system_letters_ask_what_the_trend_asks_when_a_history_applied_its_warnings() {
        use crate::analyse::{latest_snapshot, read_with_progress, Input};
        let inputs =
            Input::fixtures(&["monthly_r7_10.csv", "monthly_r7_12.xlsx", "monthly_r8_01.xlsx", "tokutei_monthly.xlsx"]);
        let (a, files) = read_with_progress(&inputs, &Limits::default(), &mut |_| {});
        let (as_of, profile) = (NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(), Profile::hyojunka());
        let mut c = crate::classify::classify_all(&a.items, &latest_snapshot(&files), as_of, &profile);
        let h = crate::history::history(files, as_of, &profile).unwrap();
        crate::history::Overview::apply(&h, &mut c);
        let all: Vec<usize> = (0..c.systems.systems.len()).collect();
        let letters = letters(&c.systems.systems, &all, as_of);
        let asked = |body: &str| -> Vec<Request> {
            letters.iter().filter(|l| l.organization == body).flat_map(|l| l.groups.iter().map(|(r, _)| *r)).collect()
        };
        assert!(asked("Ｌ市").contains(&Request::Unblock), "{letters:?}");
        assert!(asked("Ｍ町").contains(&Request::ScheduleBeforeExtended), "{letters:?}");
        let m = letters.iter().find(|l| l.organization == "Ｍ町").unwrap();
        assert!(m.text.contains("完了見込み 2048-07-02"), "{}", m.text);
    }
}
