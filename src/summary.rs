//! The summary: item counts per status, and the body × system matrix coloured by roll-up
//! status (the seed's progress chart). For the standardisation programme (SPEC §9.3) the
//! counts are of systems, the matrix's columns are the 業務 in the profile's order, and each
//! cell carries the system's completion rate.

use crate::classify::systems::{Rate, SystemVerdict};
use crate::classify::{Classification, Status};

/// Items per status, in [`Status::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([usize; 6]);

impl Counts {
    /// Rows per status, of any kind of row: items' verdicts, or systems (SPEC §9.3: the page
    /// counts systems for step and rate tables).
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Counts {
        let mut n = [0; 6];
        for status in statuses {
            if let Some(slot) = Status::ALL.iter().position(|s| *s == status).and_then(|p| n.get_mut(p)) {
                *slot += 1;
            }
        }
        Counts(n)
    }

    /// The number of items with `status` (0 when none).
    pub fn get(&self, status: Status) -> usize {
        Status::ALL.iter().position(|s| *s == status).and_then(|p| self.0.get(p)).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// What the page paints first, before the items have crossed from the worker: the counts and,
/// for step and rate tables, the systems' summary. Ten numbers on the way
/// ([`Early::to_numbers`]), so the worker posts it at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Early {
    pub counts: Counts,
    /// `Some` when the counts are of systems (SPEC §9.3).
    pub systems: Option<SystemSummary>,
}

impl Early {
    /// The counts a classification gives: of systems where there are systems, else of items.
    pub fn of(c: &Classification) -> Early {
        if c.systems.systems.is_empty() {
            Early { counts: Counts::of(c.verdicts.iter().map(|v| v.status)), systems: None }
        } else {
            Early {
                counts: Counts::of(c.systems.systems.iter().map(|v| v.status)),
                systems: Some(SystemSummary::of(&c.systems.systems)),
            }
        }
    }

    /// `[systems?, six counts, systems, mean rate in ten-thousandths or -1, designated]`.
    pub fn to_numbers(&self) -> [f64; 10] {
        let [a, b, c, d, e, f] = self.counts.0.map(|n| n as f64);
        let s = self.systems.unwrap_or_default();
        [
            if self.systems.is_some() { 1.0 } else { 0.0 },
            a,
            b,
            c,
            d,
            e,
            f,
            s.systems as f64,
            s.mean_rate.map_or(-1.0, |r| f64::from(r.ten_thousandths())),
            s.designated as f64,
        ]
    }

    /// What [`Early::to_numbers`] wrote; `None` for anything else.
    pub fn from_numbers(n: &[f64]) -> Option<Early> {
        let count = |x: f64| (x >= 0.0 && x.fract() == 0.0 && x < 1e12).then_some(x as usize);
        let [mode, a, b, c, d, e, f, systems, rate, designated] = <[f64; 10]>::try_from(n).ok()?;
        let counts = Counts([count(a)?, count(b)?, count(c)?, count(d)?, count(e)?, count(f)?]);
        let summary = SystemSummary {
            systems: count(systems)?,
            mean_rate: if rate < 0.0 {
                None
            } else {
                Some(Rate::from_ten_thousandths(u16::try_from(count(rate)?).ok()?)?)
            },
            designated: count(designated)?,
        };
        match mode {
            0.0 => Some(Early { counts, systems: None }),
            1.0 => Some(Early { counts, systems: Some(summary) }),
            _ => None,
        }
    }
}

/// The heading shown for items without a system.
pub const NO_SYSTEM: &str = "（システム区分なし）";

/// One body's row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub prefecture: Option<String>,
    pub organization: String,
    pub own_office: bool,
    /// The body's overall roll-up.
    pub status: Status,
    /// One cell per [`Matrix::systems`] entry: the worst roll-up of the body's tasks for that
    /// system, or `None` where the body reported nothing for it.
    pub cells: Vec<Option<Status>>,
    /// A standardisation system's completion rate per cell (`None` for date tables).
    pub rates: Vec<Option<Rate>>,
    /// The mean of the body's rates, where it has any.
    pub mean_rate: Option<Rate>,
}

/// The mean completion rate of systems and how many are designated (SPEC §9.3's page summary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemSummary {
    pub systems: usize,
    pub mean_rate: Option<Rate>,
    pub designated: usize,
}

impl SystemSummary {
    pub fn of(systems: &[SystemVerdict]) -> SystemSummary {
        let rates: Vec<f64> = systems.iter().filter_map(|v| v.completion_rate.map(Rate::as_f64)).collect();
        SystemSummary {
            systems: systems.len(),
            mean_rate: (!rates.is_empty()).then(|| Rate::from_fraction(rates.iter().sum::<f64>() / rates.len() as f64)),
            designated: systems.iter().filter(|v| v.extended).count(),
        }
    }
}

/// How the matrix's rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// As the files list the bodies.
    #[default]
    AsRead,
    /// Lowest mean completion rate first.
    MeanRate,
    /// Worst status first.
    WorstStatus,
}

impl Matrix {
    /// The rows' indices in `order` (stable: ties keep the files' order).
    pub fn order(&self, order: RowOrder) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.rows.len()).collect();
        match order {
            RowOrder::AsRead => {}
            RowOrder::MeanRate => idx.sort_by_key(|&i| {
                self.rows.get(i).map(|r| r.mean_rate.map_or(u32::MAX, |m| u32::from(m.ten_thousandths())))
            }),
            RowOrder::WorstStatus => idx.sort_by_key(|&i| self.rows.get(i).map(|r| r.status)),
        }
        idx
    }
}

/// Bodies down, systems across.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    /// System names in order of first appearance ([`NO_SYSTEM`] for items without one).
    pub systems: Vec<String>,
    /// Bodies in order of first appearance.
    pub rows: Vec<MatrixRow>,
}

/// The matrix column of a roll-up: its system, or for a standardisation system its 業務.
fn column(r: &crate::classify::Rollup) -> &str {
    if r.kind.is_system() {
        &r.task
    } else {
        r.system.as_deref().unwrap_or(NO_SYSTEM)
    }
}

/// Builds the matrix from the roll-ups: systems (or 業務, in the profile's order) across.
pub fn matrix(c: &Classification) -> Matrix {
    let mut systems: Vec<String> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    for r in &c.rollups {
        let s = column(r);
        if !systems.iter().any(|x| x == s) {
            systems.push(s.to_owned());
            let rank = r.kind.system().and_then(|id| c.systems.get(id)).map_or(usize::MAX, |v| v.task_order);
            order.push(rank);
        }
    }
    // 業務 in the profile's (the 総務省's) order; other columns keep their first appearance.
    let mut by_rank: Vec<(usize, usize, String)> =
        systems.into_iter().enumerate().map(|(i, s)| (order.get(i).copied().unwrap_or(usize::MAX), i, s)).collect();
    by_rank.sort();
    let systems: Vec<String> = by_rank.into_iter().map(|(_, _, s)| s).collect();
    let mut rows: Vec<MatrixRow> = c
        .organizations
        .iter()
        .map(|o| MatrixRow {
            prefecture: o.prefecture.clone(),
            organization: o.organization.clone(),
            own_office: o.own_office,
            status: o.status,
            cells: vec![None; systems.len()],
            rates: vec![None; systems.len()],
            mean_rate: None,
        })
        .collect();
    let key = |p: &Option<String>, o: &str| {
        (crate::text::fold(p.as_deref().unwrap_or("")).into_owned(), crate::text::fold(o).into_owned())
    };
    let index: foldhash::HashMap<_, usize> =
        rows.iter().enumerate().map(|(i, r)| (key(&r.prefecture, &r.organization), i)).collect();
    for r in &c.rollups {
        let s = column(r);
        let (Some(&row), Some(col)) =
            (index.get(&key(&r.prefecture, &r.organization)), systems.iter().position(|x| x == s))
        else {
            continue;
        };
        let Some(row) = rows.get_mut(row) else { continue };
        if let Some(cell) = row.cells.get_mut(col) {
            *cell = Some(cell.map_or(r.status, |old| old.min(r.status)));
        }
        if let (Some(rate), Some(cell)) = (r.completion_rate, row.rates.get_mut(col)) {
            *cell = Some(rate);
        }
    }
    for row in &mut rows {
        let rates: Vec<f64> = row.rates.iter().flatten().map(|r| r.as_f64()).collect();
        if !rates.is_empty() {
            row.mean_rate = Some(Rate::from_fraction(rates.iter().sum::<f64>() / rates.len() as f64));
        }
    }
    Matrix { systems, rows }
}

/// A band of completion rates for the distribution (SPEC §11's page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBand {
    /// Stable key (`data-band`).
    pub key: &'static str,
    pub label: &'static str,
    /// The band's lowest rate, in ten-thousandths.
    pub from: u16,
}

/// The distribution's bands: under 50 %, 50–80 %, 80–99 % (under 100 %), 100 %.
pub const RATE_BANDS: [RateBand; 4] = [
    RateBand { key: "under_50", label: "50%未満", from: 0 },
    RateBand { key: "50_80", label: "50〜80%未満", from: 5000 },
    RateBand { key: "80_99", label: "80〜100%未満", from: 8000 },
    RateBand { key: "100", label: "100%", from: 10_000 },
];

/// How many systems with a rate fall in each of [`RATE_BANDS`].
pub fn rate_bands(systems: &[SystemVerdict]) -> [usize; 4] {
    let mut out = [0; 4];
    for r in systems.iter().filter_map(|v| v.completion_rate) {
        let band = RATE_BANDS.iter().rposition(|b| r.ten_thousandths() >= b.from).unwrap_or(0);
        if let Some(n) = out.get_mut(band) {
            *n += 1;
        }
    }
    out
}

/// Each 業務's mean rate (0–1, four decimals) and how many systems have a rate, in the
/// programme's order.
pub fn task_means(systems: &[SystemVerdict]) -> Vec<(String, f64, usize)> {
    let mut sums: std::collections::BTreeMap<(usize, &str), (u64, usize)> = std::collections::BTreeMap::new();
    for v in systems {
        if let Some(r) = v.completion_rate {
            let e = sums.entry((v.task_order, v.task.as_str())).or_default();
            e.0 += u64::from(r.ten_thousandths());
            e.1 += 1;
        }
    }
    sums.into_iter()
        .map(|((_, task), (sum, n))| (task.to_owned(), (sum as f64 / n as f64).round() / 10_000.0, n))
        .collect()
}

/// A count with thousands separators: 28,625.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample};
    use crate::classify::classify;
    use crate::limits::Limits;
    use crate::profile::Profile;

    fn seed() -> Classification {
        let a = analyse(&[sample::input()], &Limits::default());
        classify(&a.items, sample::as_of(), &Profile::default())
    }

    #[test]
    fn counts_cover_every_status_including_absent_ones() {
        let n = Counts::of(seed().verdicts.iter().map(|v| v.status));
        assert_eq!(n.get(Status::DeadlineExceeded), 2);
        assert_eq!(n.get(Status::Unreported), 1);
        assert_eq!(n.get(Status::PlanOverrun), 1);
        assert_eq!(n.get(Status::OnTrack), 0);
        assert_eq!(n.get(Status::Done), 24);
        assert_eq!(n.get(Status::NotApplicable), 0);
        assert_eq!(n.total(), 28);
    }

    #[test]
    fn the_early_counts_are_the_items_counts_for_date_tables_and_survive_the_way_to_the_page() {
        let c = seed();
        let early = Early::of(&c);
        assert_eq!((early.counts, early.systems), (Counts::of(c.verdicts.iter().map(|v| v.status)), None));
        assert_eq!(Early::from_numbers(&early.to_numbers()), Some(early));
    }

    #[test]
    fn the_early_counts_are_of_systems_with_their_summary_for_step_tables() {
        let a = analyse(&sample::hyojunka_inputs(), &Limits::default());
        let c = crate::classify::classify_all(&a.items, &a.systems, sample::hyojunka_as_of(), &Profile::hyojunka());
        let early = Early::of(&c);
        assert_eq!(early.counts, Counts::of(c.systems.systems.iter().map(|v| v.status)));
        assert_eq!(early.systems, Some(SystemSummary::of(&c.systems.systems)));
        assert!(early.systems.is_some_and(|s| s.mean_rate.is_some() && s.designated > 0));
        assert_eq!(Early::from_numbers(&early.to_numbers()), Some(early));
    }

    #[test]
    fn numbers_that_are_not_early_counts_are_refused() {
        let good = Early::of(&seed()).to_numbers();
        assert_eq!(Early::from_numbers(&good[..9]), None);
        for (i, bad) in [(0, 2.0), (1, -1.0), (2, 0.5), (8, 10_001.0), (3, f64::NAN)] {
            let mut n = good;
            n[i] = bad;
            assert_eq!(Early::from_numbers(&n), None, "{i}: {bad}");
        }
    }

    #[test]
    fn the_matrix_has_one_row_per_body_and_one_column_per_system() {
        let m = matrix(&seed());
        assert_eq!(m.systems, ["地方税関連システム"]);
        let names: Vec<&str> = m.rows.iter().map(|r| r.organization.as_str()).collect();
        assert_eq!(names, ["Ｂ市", "Ｃ市", "Ｄ市", "Ｅ町", "Ｆ町", "Ｇ町", "Ｈ村"]);
    }

    #[test]
    fn each_matrix_cell_is_the_roll_up_of_spec_section_7() {
        let m = matrix(&seed());
        let cells: Vec<Option<Status>> = m.rows.iter().map(|r| r.cells[0]).collect();
        use Status::*;
        assert_eq!(
            cells,
            [
                Some(PlanOverrun),
                Some(Done),
                Some(Done),
                Some(DeadlineExceeded),
                Some(Done),
                Some(Unreported),
                Some(DeadlineExceeded)
            ]
        );
    }

    #[test]
    fn no_items_give_an_empty_matrix_and_zero_counts() {
        let c = classify(&[], sample::as_of(), &Profile::default());
        assert_eq!(matrix(&c), Matrix::default());
        assert_eq!(Counts::of(c.verdicts.iter().map(|v| v.status)).total(), 0);
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(28_625), "28,625");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn systems_fall_in_rate_bands_at_50_80_and_100_percent_and_each_gyomu_has_its_mean() {
        let path = format!("{}/tests/fixtures/monthly_r8_01.xlsx", env!("CARGO_MANIFEST_DIR"));
        let input = crate::analyse::Input { name: "monthly_r8_01.xlsx".into(), bytes: std::fs::read(path).unwrap() };
        let a = crate::analyse::analyse(&[input], &crate::limits::Limits::default());
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let c = crate::classify::classify_all(&a.items, &a.systems, as_of, &crate::profile::Profile::hyojunka());
        // January: Ｌ市 70 %, 60 %, 55 %; Ｍ町 100 %, 11 %, 30 %.
        assert_eq!(rate_bands(&c.systems.systems), [2, 3, 0, 1]);
        let means = task_means(&c.systems.systems);
        assert_eq!(
            means,
            [("住民記録".to_owned(), 0.85, 2), ("個人住民税".to_owned(), 0.355, 2), ("戸籍".to_owned(), 0.425, 2)]
        );
    }
}
