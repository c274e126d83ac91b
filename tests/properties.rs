//! Properties of the classifier's pure rules (SPEC §4) and of the date parser (SPEC §6),
//! checked on generated items with proptest: one property per test.
//!
//! Items are drawn from a few bodies, tasks, systems and the seed's four phases, with dates
//! around the as-of date so that every rule is reached. Phases outside the seed's are ordered
//! by first appearance (SPEC §4), so the properties about order use the seed's phases only.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;

use shinchoku::classify::{classify, Classification, Status};
use shinchoku::date::{parse_text, DateCell};
use shinchoku::item::{Item, PerSlot, Slot, Source};
use shinchoku::profile::Profile;
use shinchoku::profile::SEED_PHASES;

const AS_OF: (i32, u32, u32) = (2016, 7, 15);

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

/// A date cell: mostly dates within a year and a half of the as-of date and the deadlines.
fn date_cell() -> impl Strategy<Value = DateCell> {
    prop_oneof![
        3 => Just(DateCell::Empty),
        8 => (-300i64..300).prop_map(|d| DateCell::Date(as_of() + Duration::days(d))),
        1 => Just(DateCell::Invalid("調整中".to_owned())),
        1 => Just(DateCell::NotApplicable),
    ]
}

/// One item, with the phase drawn from `phases` (an index into it, or none).
fn item(phases: &'static [&'static str]) -> impl Strategy<Value = Item> {
    (
        select(vec!["Ａ県", "Ｂ市", "Ｃ町", "Ａ県教育委員会"]),
        select(vec![Some("F-3"), Some("D-5"), None]),
        select(vec![Some("地方税関連システム"), Some("社会保障関連システム"), None]),
        proptest::option::weighted(0.9, select(phases)),
        [date_cell(), date_cell(), date_cell(), date_cell()],
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(org, task, system, phase, dates, marked)| {
            let not_applicable = marked || dates.contains(&DateCell::NotApplicable);
            Item {
                prefecture: Some("Ａ県".to_owned()),
                organization: org.to_owned(),
                code: None,
                organization_as_written: None,
                body_note: None,
                task_id: task.map(str::to_owned),
                task_name: None,
                system: system.map(str::to_owned),
                phase: phase.map(str::to_owned),
                dates: dates.into(),
                not_applicable,
                source: Source { file: "f.xlsx".into(), sheet: "s".into(), row: 1, columns: Default::default() },
            }
        })
}

fn items(phases: &'static [&'static str]) -> impl Strategy<Value = Vec<Item>> {
    proptest::collection::vec(item(phases), 1..24)
}

const WITH_OWN_PHASE: [&str; 5] = [SEED_PHASES[0], SEED_PHASES[1], SEED_PHASES[2], SEED_PHASES[3], "受入工程"];

fn run(items: &[Item], t: NaiveDate) -> Classification {
    classify(items, t, &Profile::default())
}

/// The (organization, task, system) an item belongs to; the generated names fold apart.
fn group(item: &Item) -> (&str, &str, Option<&str>) {
    (&item.organization, item.task(), item.system.as_deref())
}

fn seed_rank(item: &Item) -> Option<usize> {
    SEED_PHASES.iter().position(|p| Some(*p) == item.phase.as_deref())
}

fn shift_cell(cell: &DateCell, days: i64) -> DateCell {
    match cell {
        DateCell::Date(d) => DateCell::Date(*d + Duration::days(days)),
        other => other.clone(),
    }
}

fn shift_profile(profile: &Profile, days: i64) -> Profile {
    let mut p = profile.clone();
    for rule in &mut p.rules {
        rule.deadline += Duration::days(days);
    }
    p.default.deadline += Duration::days(days);
    p
}

proptest! {
    #[test]
    fn an_items_status_does_not_depend_on_the_order_of_the_items(
        (items, order) in items(&SEED_PHASES).prop_flat_map(|items| {
            let n = items.len();
            (Just(items), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let shuffled: Vec<Item> = order.iter().map(|&i| items[i].clone()).collect();
        let a = run(&items, as_of());
        let b = run(&shuffled, as_of());
        for (k, &i) in order.iter().enumerate() {
            prop_assert_eq!(a.verdicts[i].status, b.verdicts[k].status);
            prop_assert_eq!(a.verdicts[i].days_late, b.verdicts[k].days_late);
        }
    }

    #[test]
    fn a_rollup_does_not_depend_on_the_order_of_the_items(
        (items, order) in items(&SEED_PHASES).prop_flat_map(|items| {
            let n = items.len();
            (Just(items), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let shuffled: Vec<Item> = order.iter().map(|&i| items[i].clone()).collect();
        let key = |c: &Classification| {
            let mut v: Vec<_> = c.rollups.iter()
                .map(|r| (r.organization.clone(), r.task.clone(), r.system.clone(), r.status))
                .collect();
            v.sort();
            v
        };
        prop_assert_eq!(key(&run(&items, as_of())), key(&run(&shuffled, as_of())));
    }

    #[test]
    fn shifting_every_date_the_deadlines_and_the_as_of_date_keeps_every_status(
        items in items(&WITH_OWN_PHASE),
        days in -200_000i64..200_000,
    ) {
        let profile = Profile::default();
        let before = classify(&items, as_of(), &profile);
        let moved: Vec<Item> = items.iter().cloned().map(|mut item| {
            item.dates = PerSlot::from_fn(|slot| shift_cell(&item.dates[slot], days));
            item
        }).collect();
        let after = classify(&moved, as_of() + Duration::days(days), &shift_profile(&profile, days));
        for (b, a) in before.verdicts.iter().zip(&after.verdicts) {
            prop_assert_eq!(b.status, a.status);
            prop_assert_eq!(b.days_late, a.days_late);
            prop_assert_eq!(&b.warnings, &a.warnings);
        }
        let statuses = |c: &Classification| c.rollups.iter().map(|r| r.status).collect::<Vec<_>>();
        prop_assert_eq!(statuses(&before), statuses(&after));
    }

    #[test]
    fn an_actual_end_on_or_before_the_as_of_date_makes_an_item_done(
        mut items in items(&WITH_OWN_PHASE),
        pick in any::<proptest::sample::Index>(),
        back in 0i64..400,
    ) {
        let i = pick.index(items.len());
        items[i].not_applicable = false;
        for cell in items[i].dates.iter_mut() {
            if *cell == DateCell::NotApplicable {
                *cell = DateCell::Empty;
            }
        }
        items[i].dates[Slot::ActualEnd] = DateCell::Date(as_of() - Duration::days(back));
        prop_assert_eq!(run(&items, as_of()).verdicts[i].status, Status::Done);
    }

    #[test]
    fn a_later_phase_done_implies_the_earlier_phases_done(items in items(&SEED_PHASES)) {
        let c = run(&items, as_of());
        for (i, earlier) in items.iter().enumerate() {
            for (j, later) in items.iter().enumerate() {
                let (Some(ri), Some(rj)) = (seed_rank(earlier), seed_rank(later)) else { continue };
                if group(earlier) == group(later) && ri < rj && c.verdicts[j].status == Status::Done
                    && !earlier.not_applicable
                {
                    prop_assert_eq!(c.verdicts[i].status, Status::Done, "item {} (phase {}) under done item {}", i, ri, j);
                }
            }
        }
    }

    #[test]
    fn a_rollup_is_done_iff_its_last_phase_is_done_else_the_worst(items in items(&WITH_OWN_PHASE)) {
        let c = run(&items, as_of());
        for r in &c.rollups {
            // The phases' order: the seed's four, then the others by first appearance overall.
            let rank = |i: usize| items[i].phase.as_deref().map(|p| {
                SEED_PHASES.iter().position(|s| *s == p).unwrap_or_else(|| {
                    4 + items.iter().position(|x| x.phase.as_deref() == Some(p)).unwrap()
                })
            });
            let last_rank = r.items.iter().map(|&i| rank(i)).max().unwrap();
            let last: Vec<usize> = r.items.iter().copied().filter(|&i| rank(i) == last_rank).collect();
            let worst = r.items.iter().map(|&i| c.verdicts[i].status).min().unwrap();
            let expected = if last.iter().all(|&i| c.verdicts[i].status == Status::Done) { Status::Done } else { worst };
            prop_assert_eq!(r.status, expected, "group {:?}", r.items);
        }
    }

    #[test]
    fn the_classifier_never_panics_on_extreme_dates(
        raw in proptest::collection::vec(
            (proptest::option::of(NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce()), 0..4usize),
            1..12),
        t in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
        d in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
    ) {
        let day = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap();
        let items: Vec<Item> = raw.chunks(4).enumerate().map(|(k, chunk)| {
            let mut dates: PerSlot<DateCell> = PerSlot::from_fn(|_| DateCell::Empty);
            for (n, slot) in chunk {
                if let Some(n) = n {
                    dates[Slot::ALL[*slot]] = DateCell::Date(day(*n));
                }
            }
            Item {
                prefecture: None,
                organization: "Ｂ市".into(),
                code: None,
                organization_as_written: None,
                body_note: None,
                task_id: Some("F-3".into()),
                task_name: None,
                system: None,
                phase: SEED_PHASES.get(k).map(|p| p.to_string()),
                dates,
                not_applicable: false,
                source: Source { file: "f".into(), sheet: "s".into(), row: 1, columns: Default::default() },
            }
        }).collect();
        let mut profile = Profile::default();
        profile.default.deadline = day(d);
        for rule in &mut profile.rules {
            rule.deadline = day(d);
        }
        let c = classify(&items, day(t), &profile);
        prop_assert_eq!(c.verdicts.len(), items.len());
    }

    #[test]
    fn parse_text_never_panics(s in any::<String>()) {
        let _ = parse_text(&s);
    }

    #[test]
    fn parse_text_never_panics_on_date_like_text(
        s in "[0-9０-９元年月日/／.．\\-－ :T()（）HRSMThrsm令和平成昭和大正明治]{0,24}"
    ) {
        let _ = parse_text(&s);
    }

    #[test]
    fn parse_text_reads_back_every_valid_date_written_as_y_m_d(
        n in NaiveDate::from_ymd_opt(1000, 1, 1).unwrap().num_days_from_ce()
            ..=NaiveDate::from_ymd_opt(9999, 12, 31).unwrap().num_days_from_ce()
    ) {
        let date = NaiveDate::from_num_days_from_ce_opt(n).unwrap();
        let text = format!("{}/{}/{}", date.year(), date.month(), date.day());
        prop_assert_eq!(parse_text(&text), DateCell::Date(date), "{}", text);
    }
}
