//! Progress over time (SPEC §11, 推移と見込み): monthly exports as snapshots, each system's series
//! of completion rates, its pace and its projected completion.
//!
//! A pure function of what the files reported, their dates, the as-of date and the profile — no
//! clock, no I/O, no browser — so the CLI (`shinchoku history`) and the page can both call it.
//!
//! - **Snapshots** ([`snapshots`]): files of one date (時点) form one snapshot; a file without a
//!   date joins the latest dated snapshot (every file forms one snapshot when none is dated); a
//!   特定移行支援 list is never a snapshot and applies to every one.
//! - **Series**: each snapshot is classified at the as-of date (SPEC §9.2) and its systems are
//!   joined across snapshots on the key the classifier joins reports on
//!   ([`Joiner`]); a system's series is its completion rate at each snapshot (blank where that
//!   snapshot has none). Status, deadline and designation come from the latest snapshot that
//!   reports the system.
//! - **Pace and projected completion** ([`trend`]), exactly as SPEC §11 words them, in whole
//!   ten-thousandths and whole days: of the snapshots within 183 days before the latest one
//!   that give the system a rate, the first (d0, R0) and the last (d1, R1); with fewer than two
//!   or d1 − d0 < 28 days nothing is projected, nor for systems done (or not applicable). If
//!   R1 > R0 the system completes on d1 + ⌈(10000 − R1) × (d1 − d0) / (R1 − R0)⌉ days at a pace
//!   of 40 × (r1 − r0) / (d1 − d0) × 30 steps a month, `projected_late` when that is after its
//!   deadline (the extended one if designated); if R1 ≤ R0 it is `stalled`.

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::classify::systems::{action_over_time, classify, Joiner, Rate, SystemVerdict};
use crate::classify::{Status, Warning};
use crate::profile::Profile;
use crate::system::{Progress, Systems};

/// How far back from the latest snapshot a snapshot counts for the pace (days, inclusive).
pub const WINDOW_DAYS: i64 = 183;
/// The shortest span, first to last counted snapshot, that gives a pace (days).
pub const MIN_SPAN_DAYS: i64 = 28;
/// Steps of the 総務省's procedure, and days in a month, for the pace in steps a month.
const STEPS: f64 = 40.0;
const DAYS_A_MONTH: f64 = 30.0;
/// A whole rate in ten-thousandths.
const WHOLE: i64 = 10_000;

/// One file as the history takes it: its name, its date and what it reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedFile {
    pub name: String,
    /// The date (時点): given by the user, else as its sheets name it
    /// ([`crate::load::Loaded::date`]); `None` when undated.
    pub date: Option<NaiveDate>,
    pub systems: Systems,
}

impl DatedFile {
    /// A 特定移行支援 list: it designates systems and reports no progress.
    pub fn is_list(&self) -> bool {
        self.systems.reports.is_empty() && !self.systems.designations.is_empty()
    }
}

/// A file as the grouping into snapshots sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDate<'a> {
    pub name: &'a str,
    pub date: Option<NaiveDate>,
    /// A 特定移行支援 list (never a snapshot).
    pub list: bool,
}

/// One snapshot: a date and the files of that date (undated files that joined it included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// `None` only when no file is dated (then every file is one snapshot).
    pub date: Option<NaiveDate>,
    pub files: Vec<String>,
    /// The files' indices in the order given.
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// The snapshots a set of files makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshots {
    /// Oldest first.
    pub snapshots: Vec<Snapshot>,
    /// The 特定移行支援 lists (indices of the files): they apply to every snapshot.
    pub lists: Vec<usize>,
    /// The files that named no date (indices), which joined the latest dated snapshot.
    pub undated: Vec<usize>,
}

impl Snapshots {
    /// How many distinct dates the files have.
    pub fn dates(&self) -> usize {
        self.snapshots.iter().filter(|s| s.date.is_some()).count()
    }

    /// The latest snapshot (the one `check` classifies).
    pub fn latest(&self) -> Option<&Snapshot> {
        self.snapshots.last()
    }
}

/// Groups files into snapshots by date (SPEC §11): one snapshot per date, oldest first; undated
/// files join the latest dated snapshot; with no dated file, every file but the lists is one
/// undated snapshot (so a single drop behaves as one export); lists are no snapshot.
pub fn snapshots(files: &[FileDate<'_>]) -> Snapshots {
    let mut out = Snapshots::default();
    let mut dates: Vec<NaiveDate> = files.iter().filter(|f| !f.list).filter_map(|f| f.date).collect();
    dates.sort_unstable();
    dates.dedup();
    out.snapshots = dates.iter().map(|&d| Snapshot { date: Some(d), files: Vec::new(), members: Vec::new() }).collect();
    for (i, f) in files.iter().enumerate() {
        if f.list {
            out.lists.push(i);
            continue;
        }
        if f.date.is_none() {
            out.undated.push(i);
        }
        let at = match f.date.and_then(|d| dates.binary_search(&d).ok()) {
            Some(at) => at,
            None => match out.snapshots.len().checked_sub(1) {
                Some(last) => last,
                None => {
                    out.snapshots.push(Snapshot { date: None, files: Vec::new(), members: Vec::new() });
                    0
                }
            },
        };
        if let Some(s) = out.snapshots.get_mut(at) {
            s.files.push(f.name.to_owned());
            s.members.push(i);
        }
    }
    out
}

/// A system's completion rate at one snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    pub date: Option<NaiveDate>,
    /// 0–1, four decimals; `null` where the snapshot gives no rate (or lacks the system).
    pub completion_rate: Option<Rate>,
}

/// What a system's recent course says (SPEC §11).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trend {
    /// The rate rose: the pace in steps a month and the day it reaches 100 % at that pace.
    Rising { pace: f64, projected_completion: NaiveDate },
    /// The rate did not rise, or fell.
    Stalled,
}

/// The trend of a series of (date, rate) oldest first, as seen from the latest snapshot
/// `latest`: from the first and the last rate of the snapshots within [`WINDOW_DAYS`] before
/// it; `None` with fewer than two such rates or less than [`MIN_SPAN_DAYS`] between them.
pub fn trend(series: &[(NaiveDate, Option<Rate>)], latest: NaiveDate) -> Option<Trend> {
    let mut recent = series
        .iter()
        .filter(|(d, _)| *d <= latest && (latest - *d).num_days() <= WINDOW_DAYS)
        .filter_map(|&(d, r)| Some((d, i64::from(r?.ten_thousandths()))));
    let (d0, r0) = recent.next()?;
    let (d1, r1) = recent.next_back()?;
    let span = (d1 - d0).num_days();
    if span < MIN_SPAN_DAYS {
        return None;
    }
    if r1 <= r0 {
        return Some(Trend::Stalled);
    }
    let gained = r1 - r0;
    // ⌈(10000 − R1) × (d1 − d0) / (R1 − R0)⌉ in integers: no float rounding at the boundary.
    let days = ((WHOLE - r1) * span + gained - 1) / gained;
    let projected_completion = d1.checked_add_signed(chrono::Duration::days(days))?;
    let pace = STEPS * (gained as f64 / WHOLE as f64) / span as f64 * DAYS_A_MONTH;
    Some(Trend::Rising { pace: (pace * 10_000.0).round() / 10_000.0, projected_completion })
}

/// One system over the snapshots (SPEC §11's JSON object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemHistory {
    pub code: Option<String>,
    pub prefecture: Option<String>,
    pub organization: String,
    pub task: String,
    pub deadline: NaiveDate,
    pub extended: bool,
    pub status: Status,
    /// One point per snapshot, oldest first.
    pub series: Vec<Point>,
    /// Steps a month (four decimals), where the rate rose.
    pub pace: Option<f64>,
    pub projected_completion: Option<NaiveDate>,
    /// The latest snapshot's warnings, and `projected_late` or `stalled`.
    pub warnings: Vec<Warning>,
    /// What to ask, in the programme's words (status and trend together).
    #[serde(skip)]
    pub recommended_action: String,
    /// The verdict of the latest snapshot that reports the system, its warnings those above:
    /// what the filters ([`crate::query::Query::keeps_system`]) look at.
    #[serde(skip)]
    pub latest: SystemVerdict,
}

/// A body the register expects and no file reports (SPEC §10); none until the register exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingBody {
    pub code: String,
    pub prefecture: String,
    pub organization: String,
}

/// The history of a set of files (SPEC §11's JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    pub as_of: NaiveDate,
    pub snapshots: Vec<Snapshot>,
    pub systems: Vec<SystemHistory>,
    pub missing_bodies: Vec<MissingBody>,
}

/// Why there is no history.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HistoryError {
    /// Fewer than two dates: the files that could not be dated are named.
    #[error(
        "history needs exports of at least two dates, and these are of {dates}{}",
        undated_names(.undated)
    )]
    TooFewDates { dates: usize, undated: Vec<String> },
}

fn undated_names(undated: &[String]) -> String {
    if undated.is_empty() {
        String::new()
    } else {
        format!("; no date found for {} (give one as FILE@YYYY-MM-DD)", undated.join(", "))
    }
}

/// A system's rate in the series: its completion rate, except that a step table whose every
/// step is blank reports no rate (as the 総務省's rate sheet leaves such a system blank), where
/// the classifier counts 0 of 40 done.
fn reported_rate(systems: &Systems, v: &SystemVerdict) -> Option<Rate> {
    let blank_steps = v
        .steps
        .and_then(|i| systems.reports.get(i))
        .is_some_and(|r| matches!(&r.progress, Progress::Steps(steps) if steps.statuses.iter().all(Option::is_none)));
    if blank_steps {
        None
    } else {
        v.completion_rate
    }
}

/// The history of `files` at `as_of` under `profile`: snapshots, and per system its series,
/// status, pace, projected completion and warnings. Needs files of at least two dates.
pub fn history(files: Vec<DatedFile>, as_of: NaiveDate, profile: &Profile) -> Result<History, HistoryError> {
    let grouping = snapshots(
        &files.iter().map(|f| FileDate { name: &f.name, date: f.date, list: f.is_list() }).collect::<Vec<_>>(),
    );
    if grouping.dates() < 2 {
        return Err(HistoryError::TooFewDates {
            dates: grouping.dates(),
            undated: grouping.undated.iter().filter_map(|&i| files.get(i)).map(|f| f.name.clone()).collect(),
        });
    }
    // Designations, from the lists and from any other file, apply to every snapshot.
    let designations: Vec<_> = files.iter().flat_map(|f| f.systems.designations.iter().cloned()).collect();
    let mut reported: Vec<Option<Systems>> = files.into_iter().map(|f| Some(f.systems)).collect();

    let n = grouping.snapshots.len();
    let mut joiner = Joiner::new(profile);
    let mut rates: Vec<Vec<Option<Rate>>> = Vec::new();
    let mut latest: Vec<Option<SystemVerdict>> = Vec::new();
    for (s, snapshot) in grouping.snapshots.iter().enumerate() {
        let mut systems = Systems::default();
        for &i in &snapshot.members {
            if let Some(mut file) = reported.get_mut(i).and_then(Option::take) {
                file.designations.clear();
                systems.extend(file);
            }
        }
        systems.designations.clone_from(&designations);
        for v in classify(&systems, as_of, profile).systems {
            let id = joiner.join(v.prefecture.as_deref(), &v.organization, v.code.as_deref(), &v.task);
            if id >= rates.len() {
                rates.resize(id + 1, vec![None; n]);
                latest.resize(id + 1, None);
            }
            if let Some(r) = rates.get_mut(id).and_then(|r| r.get_mut(s)) {
                *r = reported_rate(&systems, &v);
            }
            if let Some(l) = latest.get_mut(id) {
                *l = Some(v);
            }
        }
    }

    let last_date = grouping.snapshots.iter().filter_map(|s| s.date).max();
    let systems = rates
        .into_iter()
        .zip(latest)
        .filter_map(|(rates, v)| {
            let mut v = v?;
            let series: Vec<Point> = grouping
                .snapshots
                .iter()
                .zip(&rates)
                .map(|(s, &r)| Point { date: s.date, completion_rate: r })
                .collect();
            let dated: Vec<(NaiveDate, Option<Rate>)> =
                series.iter().filter_map(|p| Some((p.date?, p.completion_rate))).collect();
            let finished = matches!(v.status, Status::Done | Status::NotApplicable);
            let (pace, projected_completion) = match last_date.filter(|_| !finished).and_then(|l| trend(&dated, l)) {
                Some(Trend::Rising { pace, projected_completion }) => {
                    if projected_completion > v.deadline {
                        v.warnings.push(Warning::ProjectedLate);
                    }
                    (Some(pace), Some(projected_completion))
                }
                Some(Trend::Stalled) => {
                    v.warnings.push(Warning::Stalled);
                    (None, None)
                }
                None => (None, None),
            };
            v.warnings.sort();
            v.warnings.dedup();
            Some(SystemHistory {
                code: v.code.clone(),
                prefecture: v.prefecture.clone(),
                organization: v.organization.clone(),
                task: v.task.clone(),
                deadline: v.deadline,
                extended: v.extended,
                status: v.status,
                series,
                pace,
                projected_completion,
                warnings: v.warnings.clone(),
                recommended_action: action_over_time(v.status, v.extended, v.own_office, &v.warnings),
                latest: v,
            })
        })
        .collect();
    Ok(History { as_of, snapshots: grouping.snapshots, systems, missing_bodies: Vec::new() })
}

/// One system's course as the page draws it (SPEC §11): who, its rate at each snapshot, and
/// what the trend says.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub prefecture: Option<String>,
    pub organization: String,
    pub task: String,
    /// The 業務's place in the profile's order.
    pub task_order: usize,
    /// The rate at each snapshot, oldest first (`None`: blank).
    pub rates: Vec<Option<Rate>>,
    pub pace: Option<f64>,
    pub projected_completion: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub warnings: Vec<Warning>,
}

/// What the page shows of a [`History`]: the snapshots, each system's course, and which course
/// each system of the latest snapshot's classification is (the systems table's rows).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    /// Oldest first (their members are not kept).
    pub snapshots: Vec<Snapshot>,
    pub courses: Vec<Course>,
    /// Per system of the latest snapshot's classification (`SystemsClassification::systems`),
    /// its course (an index into `courses`).
    pub rows: Vec<Option<usize>>,
}

/// The mean rate at one snapshot of the courses kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub date: Option<NaiveDate>,
    /// 0–1, of the systems with a rate at this snapshot; `None` when none has one.
    pub mean: Option<f64>,
    /// How many systems had a rate.
    pub systems: usize,
}

/// The key the page's classification and the history's latest verdicts share.
type Key<'a> = (Option<&'a str>, &'a str, Option<&'a str>, &'a str);

fn key(v: &SystemVerdict) -> Key<'_> {
    (v.prefecture.as_deref(), &v.organization, v.code.as_deref(), &v.task)
}

impl Overview {
    /// The overview of `h` for the page, whose systems table shows `c`, the latest snapshot
    /// classified at the same date with the same profile; `c`'s systems (and their roll-ups)
    /// take the trend's warnings and projected completion, so that its filters, counts, sort
    /// and actions see them.
    pub fn apply(h: &History, c: &mut crate::classify::Classification) -> Overview {
        let courses: Vec<Course> = h
            .systems
            .iter()
            .map(|s| Course {
                prefecture: s.prefecture.clone(),
                organization: s.organization.clone(),
                task: s.task.clone(),
                task_order: s.latest.task_order,
                rates: s.series.iter().map(|p| p.completion_rate).collect(),
                pace: s.pace,
                projected_completion: s.projected_completion,
                deadline: s.deadline,
                warnings: s.warnings.clone(),
            })
            .collect();
        // The latest verdict of a system the latest snapshot reports is that snapshot's, as `c`'s.
        let mut by_key: foldhash::HashMap<Key<'_>, usize> = foldhash::HashMap::default();
        for (i, s) in h.systems.iter().enumerate() {
            by_key.entry(key(&s.latest)).or_insert(i);
        }
        let rows: Vec<Option<usize>> = c.systems.systems.iter().map(|v| by_key.get(&key(v)).copied()).collect();
        let trend_warnings = |ws: &[Warning]| -> Vec<Warning> {
            ws.iter().copied().filter(|w| matches!(w, Warning::ProjectedLate | Warning::Stalled)).collect()
        };
        for (v, course) in c.systems.systems.iter_mut().zip(&rows) {
            let Some(course) = course.and_then(|i| courses.get(i)) else { continue };
            v.projected_completion = course.projected_completion;
            v.warnings.extend(trend_warnings(&course.warnings));
            v.warnings.sort();
            v.warnings.dedup();
        }
        let systems = &c.systems.systems;
        for r in &mut c.rollups {
            if let Some(v) = r.kind.system().and_then(|id| systems.get(id.0)) {
                r.warnings.clone_from(&v.warnings);
            }
        }
        let snapshots = h
            .snapshots
            .iter()
            .map(|s| Snapshot { date: s.date, files: s.files.clone(), members: Vec::new() })
            .collect();
        Overview { snapshots, courses, rows }
    }

    /// The trend of the courses `keep` keeps: per snapshot, the mean rate of those with a rate
    /// there (SPEC §11's trend chart).
    pub fn trend(&self, keep: impl Fn(&Course) -> bool) -> Vec<TrendPoint> {
        let mut sums = vec![(0u64, 0usize); self.snapshots.len()];
        for c in self.courses.iter().filter(|c| keep(c)) {
            for (sum, r) in sums.iter_mut().zip(&c.rates) {
                if let Some(r) = r {
                    sum.0 += u64::from(r.ten_thousandths());
                    sum.1 += 1;
                }
            }
        }
        self.snapshots
            .iter()
            .zip(sums)
            .map(|(s, (sum, n))| TrendPoint {
                date: s.date,
                mean: (n > 0).then(|| (sum as f64 / n as f64 / WHOLE as f64 * 10_000.0).round() / 10_000.0),
                systems: n,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn r(x: u16) -> Option<Rate> {
        Rate::from_ten_thousandths(x)
    }

    fn file<'a>(name: &'a str, date: Option<&str>, list: bool) -> FileDate<'a> {
        FileDate { name, date: date.map(d), list }
    }

    #[test]
    fn files_of_one_date_form_one_snapshot_and_snapshots_go_oldest_first() {
        let s = snapshots(&[
            file("jan_rates.xlsx", Some("2026-01-31"), false),
            file("dec.xlsx", Some("2025-12-31"), false),
            file("jan_steps.xlsx", Some("2026-01-31"), false),
        ]);
        let got: Vec<_> = s.snapshots.iter().map(|s| (s.date, s.files.clone())).collect();
        assert_eq!(
            got,
            [
                (Some(d("2025-12-31")), vec!["dec.xlsx".to_owned()]),
                (Some(d("2026-01-31")), vec!["jan_rates.xlsx".to_owned(), "jan_steps.xlsx".to_owned()])
            ]
        );
    }

    #[test]
    fn an_undated_file_joins_the_latest_dated_snapshot() {
        let s = snapshots(&[
            file("undated.csv", None, false),
            file("dec.xlsx", Some("2025-12-31"), false),
            file("jan.xlsx", Some("2026-01-31"), false),
        ]);
        assert_eq!(s.latest().unwrap().files, ["undated.csv", "jan.xlsx"]);
        assert_eq!(s.undated, [0]);
    }

    #[test]
    fn with_no_file_dated_every_file_is_one_undated_snapshot() {
        let s = snapshots(&[file("a.xlsx", None, false), file("b.csv", None, false)]);
        assert_eq!(s.snapshots.len(), 1);
        assert_eq!(s.snapshots[0].date, None);
        assert_eq!(s.dates(), 0);
    }

    #[test]
    fn a_designation_list_is_never_a_snapshot_whatever_its_date() {
        let s = snapshots(&[
            file("tokutei.xlsx", Some("2025-11-30"), true),
            file("dec.xlsx", Some("2025-12-31"), false),
            file("jan.xlsx", Some("2026-01-31"), false),
        ]);
        assert_eq!(s.dates(), 2);
        assert!(s.snapshots.iter().all(|s| !s.files.contains(&"tokutei.xlsx".to_owned())));
        assert_eq!(s.lists, [0]);
    }

    fn series(points: &[(&str, Option<Rate>)]) -> Vec<(NaiveDate, Option<Rate>)> {
        points.iter().map(|&(s, r)| (d(s), r)).collect()
    }

    #[test]
    fn two_rates_27_days_apart_give_no_trend() {
        let s = series(&[("2026-01-04", r(5000)), ("2026-01-31", r(6000))]);
        assert_eq!(trend(&s, d("2026-01-31")), None);
    }

    #[test]
    fn two_rates_28_days_apart_give_a_trend() {
        let s = series(&[("2026-01-03", r(5000)), ("2026-01-31", r(6000))]);
        assert!(matches!(trend(&s, d("2026-01-31")), Some(Trend::Rising { .. })));
    }

    #[test]
    fn the_projection_is_the_last_date_plus_the_days_to_100_percent_rounded_up() {
        // 5000 → 6000 over 28 days: 4000 more need ⌈4000 × 28 / 1000⌉ = 112 days.
        let s = series(&[("2026-01-03", r(5000)), ("2026-01-31", r(6000))]);
        let Some(Trend::Rising { projected_completion, .. }) = trend(&s, d("2026-01-31")) else { panic!() };
        assert_eq!(projected_completion, d("2026-01-31") + chrono::Duration::days(112));
        // 5000 → 5003 over 30 days: ⌈4997 × 30 / 3⌉ = 49,970 days exactly; 5000 → 5007: ⌈4993 × 30 / 7⌉
        // = ⌈21398.57…⌉ = 21,399.
        let s = series(&[("2026-01-01", r(5000)), ("2026-01-31", r(5003))]);
        let Some(Trend::Rising { projected_completion, .. }) = trend(&s, d("2026-01-31")) else { panic!() };
        assert_eq!((projected_completion - d("2026-01-31")).num_days(), 49_970);
        let s = series(&[("2026-01-01", r(5000)), ("2026-01-31", r(5007))]);
        let Some(Trend::Rising { projected_completion, .. }) = trend(&s, d("2026-01-31")) else { panic!() };
        assert_eq!((projected_completion - d("2026-01-31")).num_days(), 21_399);
    }

    #[test]
    fn the_pace_is_steps_a_month() {
        // 0.5 → 0.6 over 30 days: 40 × 0.1 / 30 × 30 = 4 steps a month.
        let s = series(&[("2026-01-01", r(5000)), ("2026-01-31", r(6000))]);
        let Some(Trend::Rising { pace, .. }) = trend(&s, d("2026-01-31")) else { panic!() };
        assert!((pace - 4.0).abs() < 1e-9, "{pace}");
    }

    #[test]
    fn a_snapshot_184_days_back_is_left_out_and_183_days_back_counts() {
        let latest = d("2026-01-31");
        let back = |days: i64| (latest - chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
        // 184 days back: only the latest rate is left, so no trend.
        let s = series(&[(&back(184), r(1000)), ("2026-01-31", r(2000))]);
        assert_eq!(trend(&s, latest), None);
        let s = series(&[(&back(183), r(1000)), ("2026-01-31", r(2000))]);
        let Some(Trend::Rising { projected_completion, .. }) = trend(&s, latest) else { panic!() };
        // ⌈8000 × 183 / 1000⌉ = 1464 days.
        assert_eq!((projected_completion - latest).num_days(), 1464);
    }

    #[test]
    fn a_blank_rate_in_the_middle_is_skipped() {
        let s = series(&[("2025-11-30", r(4000)), ("2025-12-31", None), ("2026-01-31", r(6000))]);
        let Some(Trend::Rising { projected_completion, .. }) = trend(&s, d("2026-01-31")) else { panic!() };
        // 62 days for 2000: ⌈4000 × 62 / 2000⌉ = 124.
        assert_eq!((projected_completion - d("2026-01-31")).num_days(), 124);
    }

    #[test]
    fn a_rate_that_falls_or_stays_is_stalled() {
        let fell = series(&[("2025-12-31", r(6000)), ("2026-01-31", r(5500))]);
        assert_eq!(trend(&fell, d("2026-01-31")), Some(Trend::Stalled));
        let same = series(&[("2025-12-31", r(6000)), ("2026-01-31", r(6000))]);
        assert_eq!(trend(&same, d("2026-01-31")), Some(Trend::Stalled));
    }

    #[test]
    fn the_first_and_last_rates_decide_whatever_lies_between() {
        let s = series(&[("2025-11-30", r(5000)), ("2025-12-31", r(9000)), ("2026-01-31", r(5000))]);
        assert_eq!(trend(&s, d("2026-01-31")), Some(Trend::Stalled));
    }

    /// A file of one rate report: (prefecture, body, code, 業務, rate in ten-thousandths).
    fn rate_file(name: &str, date: &str, reports: &[(&str, &str, Option<&str>, &str, u32)]) -> DatedFile {
        use crate::item::Source;
        use crate::system::{RateCell, SystemReport};
        let reports = reports
            .iter()
            .enumerate()
            .map(|(i, &(prefecture, organization, code, task, rate))| SystemReport {
                prefecture: Some(prefecture.to_owned()),
                organization: organization.to_owned(),
                code: code.map(str::to_owned),
                organization_as_written: None,
                body_note: None,
                task: task.to_owned(),
                progress: Progress::Rate(RateCell::Rate(rate * 100)),
                designated: false,
                source: Source {
                    file: name.to_owned(),
                    sheet: "完了率".to_owned(),
                    row: i as u32 + 2,
                    columns: Default::default(),
                },
            })
            .collect();
        DatedFile { name: name.to_owned(), date: Some(d(date)), systems: Systems { reports, ..Systems::default() } }
    }

    #[test]
    fn a_system_named_differently_in_two_snapshots_is_one_system() {
        // December writes the code and 住民基本台帳; January a space in the name, no code, 住民記録.
        let dec = rate_file("dec.xlsx", "2025-12-31", &[("Ａ県", "Ｌ市", Some("015016"), "住民基本台帳", 5000)]);
        let jan = rate_file("jan.xlsx", "2026-01-31", &[("Ａ県", "Ｌ 市", None, "住民記録", 6000)]);
        let h = history(vec![dec, jan], d("2026-02-01"), &Profile::hyojunka()).unwrap();
        assert_eq!(h.systems.len(), 1);
        let rates: Vec<_> = h.systems[0].series.iter().map(|p| p.completion_rate).collect();
        assert_eq!(rates, [r(5000), r(6000)]);
    }

    #[test]
    fn a_system_only_in_an_earlier_snapshot_keeps_its_series_with_a_blank_at_the_latest() {
        let dec = rate_file("dec.xlsx", "2025-12-31", &[("Ａ県", "Ｌ市", None, "住民記録", 5000)]);
        let jan = rate_file("jan.xlsx", "2026-01-31", &[("Ａ県", "Ｍ町", None, "住民記録", 6000)]);
        let h = history(vec![dec, jan], d("2026-02-01"), &Profile::hyojunka()).unwrap();
        let l = h.systems.iter().find(|s| s.organization == "Ｌ市").unwrap();
        let rates: Vec<_> = l.series.iter().map(|p| p.completion_rate).collect();
        assert_eq!(rates, [r(5000), None]);
    }

    #[test]
    fn too_few_dates_name_the_files_that_could_not_be_dated() {
        let f = |name: &str, date: Option<&str>| DatedFile {
            name: name.to_owned(),
            date: date.map(d),
            systems: Systems::default(),
        };
        let e =
            history(vec![f("a.xlsx", Some("2026-01-31")), f("b.xlsx", None)], d("2026-02-01"), &Profile::hyojunka())
                .unwrap_err();
        assert_eq!(e, HistoryError::TooFewDates { dates: 1, undated: vec!["b.xlsx".to_owned()] });
        assert!(e.to_string().contains("b.xlsx"), "{e}");
    }

    #[test]
    fn the_overview_gives_the_latest_classification_the_trend_and_means_per_snapshot() {
        let dec = rate_file(
            "dec.xlsx",
            "2025-12-31",
            &[("Ａ県", "Ｌ市", None, "住民記録", 5000), ("Ａ県", "Ｌ市", None, "戸籍", 6000)],
        );
        let jan = rate_file(
            "jan.xlsx",
            "2026-01-31",
            &[("Ａ県", "Ｌ市", None, "住民記録", 7000), ("Ａ県", "Ｌ市", None, "戸籍", 5000)],
        );
        let (as_of, profile) = (d("2026-02-01"), Profile::hyojunka());
        let mut c = crate::classify::classify_all(&[], &jan.systems, as_of, &profile);
        let h = history(vec![dec, jan], as_of, &profile).unwrap();
        let o = Overview::apply(&h, &mut c);
        assert_eq!(o.rows.len(), c.systems.systems.len());
        let by_task = |t: &str| c.systems.systems.iter().position(|v| v.task == t).unwrap();
        let juki = &c.systems.systems[by_task("住民記録")];
        // 50 % → 70 % over 31 days: ⌈3000 × 31 / 2000⌉ = 47 days.
        assert_eq!(juki.projected_completion, Some(d("2026-03-19")));
        assert!(c.systems.systems[by_task("戸籍")].warnings.contains(&Warning::Stalled));
        let rollup = c.rollup_of(crate::classify::SystemId(by_task("戸籍"))).unwrap();
        assert!(rollup.warnings.contains(&Warning::Stalled));
        let means: Vec<_> = o.trend(|_| true).iter().map(|p| (p.mean, p.systems)).collect();
        assert_eq!(means, [(Some(0.55), 2), (Some(0.6), 2)]);
        let koseki: Vec<_> = o.trend(|c| c.task == "戸籍").iter().map(|p| p.mean).collect();
        assert_eq!(koseki, [Some(0.6), Some(0.5)]);
    }
}
