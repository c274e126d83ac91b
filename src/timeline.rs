//! The geometry of one body's timeline (the page's body detail), like the seed's
//! completion-deadline chart: one row per task, system and phase with its planned bar against
//! its actual bar, the as-of line, and the profile's deadlines (▼ 9/1 クール0開始,
//! ▼ 11/1 クール1開始) and milestones (▼ 6/30 団体内連携テスト完了（従前）) as markers.
//!
//! Plain data, no browser: the page draws these numbers as SVG, and the tests check them here.

use chrono::{Datelike, Months, NaiveDate};

use crate::classify::{recommended_action, Status, Verdict};
use crate::item::{Item, Slot};
use crate::profile::Profile;
use crate::text::fold;

/// The chart's width in SVG units when the caller has no preference.
pub const DEFAULT_WIDTH: f64 = 640.0;
/// The widest span drawn, either side of the as-of date, so that one absurd date (a year 1900
/// or 2100 typed by mistake) cannot squash every bar into a line. Bars beyond are clipped.
const MAX_YEARS_AROUND_AS_OF: u32 = 5;
/// Estimated width of one character of a marker label (Japanese text at the chart's font size).
const LABEL_CHAR_WIDTH: f64 = 11.0;

/// Maps dates to x positions from 0 to `width`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub width: f64,
}

impl Scale {
    /// The x of a date; dates outside the range are clamped to its edges.
    pub fn x(&self, date: NaiveDate) -> f64 {
        let span = (self.end - self.start).num_days().max(1) as f64;
        let days = (date - self.start).num_days() as f64;
        (days / span * self.width).clamp(0.0, self.width)
    }
}

/// A bar from one date to another (a point when both are the same day).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub x: f64,
    pub width: f64,
    /// Work started but not finished by the as-of date: the bar runs to the as-of line.
    pub open: bool,
}

impl Bar {
    fn new(scale: &Scale, a: NaiveDate, b: NaiveDate, open: bool) -> Bar {
        let (start, end) = if b < a { (b, a) } else { (a, b) };
        let x = scale.x(start);
        Bar { start, end, x, width: scale.x(end) - x, open }
    }

    /// A single day rather than a span.
    pub fn is_point(&self) -> bool {
        self.start == self.end
    }
}

/// Deadline (期日) or milestone (an earlier planned date, not a deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Deadline,
    Milestone,
}

/// A vertical marker with its label, e.g. `▼ 9/1 クール0開始`.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub date: NaiveDate,
    pub x: f64,
    pub label: String,
    pub kind: MarkerKind,
    /// The label's line above the chart (0 = nearest the chart), so that close markers'
    /// labels do not overlap.
    pub lane: usize,
}

/// A month boundary on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub date: NaiveDate,
    pub x: f64,
    /// `2016/1` for a January or the first tick, else `4月`.
    pub label: String,
}

/// One item (a phase of a task and system) of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The item's index in the loaded items.
    pub item: usize,
    pub task: String,
    pub system: Option<String>,
    pub phase: Option<String>,
    pub planned: Option<Bar>,
    pub actual: Option<Bar>,
    pub status: Status,
    pub deadline: NaiveDate,
    pub deadline_label: String,
    pub days_late: Option<i64>,
    pub recommended_action: String,
}

/// Everything the page draws for one body.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub scale: Scale,
    pub as_of: NaiveDate,
    pub as_of_x: f64,
    pub markers: Vec<Marker>,
    pub ticks: Vec<Tick>,
    pub rows: Vec<Row>,
    /// How many label lanes the markers need.
    pub lanes: usize,
}

/// The indices of the items of one body (prefecture and name compared ignoring width and spaces).
pub fn body_items(items: &[Item], prefecture: Option<&str>, organization: &str) -> Vec<usize> {
    let (p, o) = (fold(prefecture.unwrap_or("")), fold(organization));
    items
        .iter()
        .enumerate()
        .filter(|(_, i)| fold(&i.organization) == o && fold(i.prefecture.as_deref().unwrap_or("")) == p)
        .map(|(n, _)| n)
        .collect()
}

/// `9/1`, as the seed writes dates on its chart.
pub fn month_day(d: NaiveDate) -> String {
    format!("{}/{}", d.month(), d.day())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn planned_bar(item: &Item, scale: &Scale) -> Option<Bar> {
    match (item.date(Slot::PlannedStart).date(), item.date(Slot::PlannedEnd).date()) {
        (Some(s), Some(e)) => Some(Bar::new(scale, s, e, false)),
        (Some(d), None) | (None, Some(d)) => Some(Bar::new(scale, d, d, false)),
        (None, None) => None,
    }
}

/// The actual bar: start to end when finished by the as-of date; start to the as-of date while
/// running (an actual end after the as-of date is not an actual, SPEC §4); nothing when the
/// work has not started by then.
fn actual_bar(item: &Item, as_of: NaiveDate, scale: &Scale) -> Option<Bar> {
    let start = item.date(Slot::ActualStart).date().filter(|&s| s <= as_of);
    let end = item.date(Slot::ActualEnd).date().filter(|&e| e <= as_of);
    match (start, end) {
        (Some(s), Some(e)) => Some(Bar::new(scale, s, e, false)),
        (None, Some(e)) => Some(Bar::new(scale, e, e, false)),
        (Some(s), None) => Some(Bar::new(scale, s, as_of, true)),
        (None, None) => None,
    }
}

/// The profile's deadlines and milestones, each date and label once, in date order.
fn profile_markers(profile: &Profile) -> Vec<(NaiveDate, String, MarkerKind)> {
    let mut out: Vec<(NaiveDate, String, MarkerKind)> = Vec::new();
    let deadlines = profile
        .rules
        .iter()
        .map(|r| (r.deadline, r.label.as_str()))
        .chain(std::iter::once((profile.default.deadline, profile.default.label.as_str())));
    for (date, label) in deadlines {
        if !out.iter().any(|(d, l, _)| *d == date && l == label) {
            out.push((date, label.to_owned(), MarkerKind::Deadline));
        }
    }
    for m in &profile.milestones {
        if !out.iter().any(|(d, l, _)| *d == m.date && *l == m.label) {
            out.push((m.date, m.label.clone(), MarkerKind::Milestone));
        }
    }
    out.sort_by_key(|(d, _, _)| *d);
    out
}

/// Gives each label the lowest lane where it does not overlap the label before it.
fn assign_lanes(markers: &mut [Marker]) -> usize {
    let mut lane_ends: Vec<f64> = Vec::new();
    for m in markers.iter_mut() {
        let width = m.label.chars().count() as f64 * LABEL_CHAR_WIDTH;
        let lane = lane_ends.iter().position(|&end| m.x >= end + 4.0).unwrap_or(lane_ends.len());
        if lane == lane_ends.len() {
            lane_ends.push(0.0);
        }
        if let Some(end) = lane_ends.get_mut(lane) {
            *end = m.x + width;
        }
        m.lane = lane;
    }
    lane_ends.len()
}

fn ticks(scale: &Scale) -> Vec<Tick> {
    let months = (scale.end.year() - scale.start.year()) * 12 + scale.end.month() as i32 - scale.start.month() as i32;
    let step: u32 = match months {
        ..=24 => 1,
        25..=60 => 3,
        _ => 12,
    };
    let mut out = Vec::new();
    let mut d = first_of_month(scale.start);
    while d <= scale.end {
        if (d.month() - 1) % step == 0 {
            let label = if d.month() == 1 || out.is_empty() {
                format!("{}/{}", d.year(), d.month())
            } else {
                format!("{}月", d.month())
            };
            out.push(Tick { date: d, x: scale.x(d), label });
        }
        match d.checked_add_months(Months::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// Lays out the timeline of the items `indices` (one body's) at `as_of` under `profile`.
///
/// `items` and `verdicts` are parallel; indices outside them are ignored.
pub fn timeline(
    items: &[Item],
    verdicts: &[Verdict],
    indices: &[usize],
    as_of: NaiveDate,
    profile: &Profile,
    width: f64,
) -> Timeline {
    let width = if width.is_finite() && width > 0.0 { width } else { DEFAULT_WIDTH };
    let marks = profile_markers(profile);
    let lo = as_of.checked_sub_months(Months::new(12 * MAX_YEARS_AROUND_AS_OF)).unwrap_or(as_of);
    let hi = as_of.checked_add_months(Months::new(12 * MAX_YEARS_AROUND_AS_OF)).unwrap_or(as_of);

    let mut dates: Vec<NaiveDate> = vec![as_of];
    dates.extend(marks.iter().map(|(d, _, _)| *d));
    for &i in indices {
        if let Some(item) = items.get(i) {
            dates.extend(Slot::ALL.iter().filter_map(|&s| item.date(s).date()));
        }
    }
    let min = dates.iter().copied().min().unwrap_or(as_of).clamp(lo, hi);
    let max = dates.iter().copied().max().unwrap_or(as_of).clamp(lo, hi);
    let start = first_of_month(min);
    let end = first_of_month(max).checked_add_months(Months::new(1)).unwrap_or(max);
    let scale = Scale { start, end, width };

    let rows = indices
        .iter()
        .filter_map(|&i| {
            let (item, v) = (items.get(i)?, verdicts.get(i)?);
            Some(Row {
                item: i,
                task: item.task().to_owned(),
                system: item.system.clone(),
                phase: item.phase.clone(),
                planned: planned_bar(item, &scale),
                actual: actual_bar(item, as_of, &scale),
                status: v.status,
                deadline: v.deadline,
                deadline_label: v.deadline_label.clone(),
                days_late: v.days_late,
                recommended_action: recommended_action(v.status, v.own_office, &v.deadline_label, v.deadline),
            })
        })
        .collect();

    let mut markers: Vec<Marker> = marks
        .into_iter()
        .map(|(date, label, kind)| Marker {
            date,
            x: scale.x(date),
            label: format!("▼ {} {label}", month_day(date)),
            kind,
            lane: 0,
        })
        .collect();
    let lanes = assign_lanes(&mut markers);

    Timeline { scale, as_of, as_of_x: scale.x(as_of), markers, ticks: ticks(&scale), rows, lanes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample};
    use crate::classify::classify;
    use crate::limits::Limits;
    use crate::profile::Milestone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn seed_body(name: &str) -> Timeline {
        let a = analyse(&[sample::input()], &Limits::default());
        let c = classify(&a.items, sample::as_of(), &Profile::default());
        let idx = body_items(&a.items, Some("Ａ県"), name);
        timeline(&a.items, &c.verdicts, &idx, sample::as_of(), &Profile::default(), 600.0)
    }

    #[test]
    fn a_body_has_one_row_per_phase_in_file_order() {
        let t = seed_body("Ｂ市");
        let phases: Vec<&str> = t.rows.iter().map(|r| r.phase.as_deref().unwrap_or("")).collect();
        assert_eq!(phases, ["設計工程", "製造・導入・適用工程", "テスト工程", "団体内連携テスト工程"]);
    }

    #[test]
    fn the_body_is_found_ignoring_width() {
        let a = analyse(&[sample::input()], &Limits::default());
        assert_eq!(body_items(&a.items, Some("A県"), "B市").len(), 4);
    }

    #[test]
    fn the_range_runs_from_the_month_of_the_earliest_date_to_after_the_latest() {
        let t = seed_body("Ｂ市");
        // Ｂ市's first planned start is 2015-11-02; the last marker is 11/1 (クール1開始).
        assert_eq!(t.scale.start, d(2015, 11, 1));
        assert_eq!(t.scale.end, d(2016, 12, 1));
    }

    #[test]
    fn dates_map_linearly_from_zero_to_the_width() {
        let s = Scale { start: d(2016, 1, 1), end: d(2016, 1, 11), width: 100.0 };
        assert_eq!(s.x(d(2016, 1, 1)), 0.0);
        assert_eq!(s.x(d(2016, 1, 6)), 50.0);
        assert_eq!(s.x(d(2016, 1, 11)), 100.0);
    }

    #[test]
    fn dates_outside_the_range_are_clamped_to_its_edges() {
        let s = Scale { start: d(2016, 1, 1), end: d(2016, 1, 11), width: 100.0 };
        assert_eq!(s.x(d(2015, 1, 1)), 0.0);
        assert_eq!(s.x(d(2030, 1, 1)), 100.0);
    }

    #[test]
    fn the_as_of_line_sits_at_the_as_of_date() {
        let t = seed_body("Ｂ市");
        assert_eq!(t.as_of_x, t.scale.x(d(2016, 7, 15)));
        assert!(t.as_of_x > 0.0 && t.as_of_x < 600.0);
    }

    #[test]
    fn an_unfinished_actual_runs_open_to_the_as_of_line() {
        let t = seed_body("Ｂ市");
        let last = t.rows.last().unwrap();
        assert_eq!(last.status, Status::PlanOverrun);
        let actual = last.actual.unwrap();
        assert!(actual.open);
        assert_eq!(actual.start, d(2016, 6, 1));
        assert_eq!(actual.end, d(2016, 7, 15));
        assert!((actual.x + actual.width - t.as_of_x).abs() < 1e-9);
    }

    #[test]
    fn the_planned_bar_spans_planned_start_to_planned_end() {
        let t = seed_body("Ｂ市");
        let planned = t.rows.last().unwrap().planned.unwrap();
        assert_eq!((planned.start, planned.end), (d(2016, 4, 1), d(2016, 6, 30)));
        assert_eq!(planned.x, t.scale.x(d(2016, 4, 1)));
        assert_eq!(planned.x + planned.width, t.scale.x(d(2016, 6, 30)));
    }

    #[test]
    fn an_actual_end_after_the_as_of_date_is_not_drawn_as_finished() {
        // Ｈ村 reports 2017-03-24 as its actual end; at 2016-07-15 that is not an actual.
        let t = seed_body("Ｈ村");
        let actual = t.rows.last().unwrap().actual.unwrap();
        assert!(actual.open);
        assert_eq!(actual.end, d(2016, 7, 15));
    }

    #[test]
    fn a_phase_without_dates_has_no_bars() {
        let t = seed_body("Ｇ町");
        let last = t.rows.last().unwrap();
        assert_eq!(last.status, Status::Unreported);
        assert_eq!((last.planned, last.actual), (None, None));
    }

    #[test]
    fn rows_carry_status_and_recommended_action() {
        let t = seed_body("Ｅ町");
        let last = t.rows.last().unwrap();
        assert_eq!(last.status, Status::DeadlineExceeded);
        assert!(last.recommended_action.contains("11/1 クール1開始"), "{}", last.recommended_action);
    }

    #[test]
    fn the_profile_gives_deadline_and_milestone_markers_labelled_like_the_seed() {
        let t = seed_body("Ｂ市");
        let labels: Vec<(&str, MarkerKind)> = t.markers.iter().map(|m| (m.label.as_str(), m.kind)).collect();
        assert_eq!(
            labels,
            [
                ("▼ 6/30 団体内連携テスト完了（従前）", MarkerKind::Milestone),
                ("▼ 9/1 クール0開始", MarkerKind::Deadline),
                ("▼ 11/1 クール1開始", MarkerKind::Deadline),
            ]
        );
    }

    #[test]
    fn close_markers_get_separate_label_lanes() {
        let t = seed_body("Ｂ市");
        let lanes: Vec<usize> = t.markers.iter().map(|m| m.lane).collect();
        assert_eq!(lanes[0], 0);
        assert_ne!(lanes[0], lanes[1], "6/30 and 9/1 are too close to share a line");
        assert_eq!(t.lanes, 1 + *lanes.iter().max().unwrap());
    }

    #[test]
    fn an_absurd_date_does_not_stretch_the_range_beyond_five_years_around_the_as_of_date() {
        let profile = Profile {
            milestones: vec![Milestone { label: "誤入力".to_owned(), date: d(1900, 1, 1) }],
            ..Profile::default()
        };
        let t = timeline(&[], &[], &[], d(2016, 7, 15), &profile, 600.0);
        assert_eq!(t.scale.start, d(2011, 7, 1));
        assert_eq!(t.markers[0].x, 0.0);
    }

    #[test]
    fn ticks_mark_month_starts_and_name_the_year_in_january() {
        let t = seed_body("Ｂ市");
        let labels: Vec<&str> = t.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels.first(), Some(&"2015/11"));
        assert!(labels.contains(&"2016/1"));
        assert!(labels.contains(&"7月"));
        assert!(t.ticks.windows(2).all(|w| w[0].x < w[1].x));
    }

    #[test]
    fn no_items_and_a_zero_width_still_give_a_drawable_timeline() {
        let t = timeline(&[], &[], &[3, 99], d(2016, 7, 15), &Profile::default(), 0.0);
        assert!(t.rows.is_empty());
        assert_eq!(t.scale.width, DEFAULT_WIDTH);
        assert!(t.scale.end > t.scale.start);
    }
}
