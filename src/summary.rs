//! The summary: item counts per status, and the body × system matrix coloured by roll-up
//! status (the seed's progress chart).

use crate::classify::{Classification, Status, Verdict};

/// Items per status, in [`Status::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([usize; 6]);

impl Counts {
    pub fn of(verdicts: &[Verdict]) -> Counts {
        let mut n = [0; 6];
        for v in verdicts {
            if let Some(slot) = Status::ALL.iter().position(|s| *s == v.status).and_then(|p| n.get_mut(p)) {
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
}

/// Bodies down, systems across.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    /// System names in order of first appearance ([`NO_SYSTEM`] for items without one).
    pub systems: Vec<String>,
    /// Bodies in order of first appearance.
    pub rows: Vec<MatrixRow>,
}

/// Builds the matrix from the roll-ups.
pub fn matrix(c: &Classification) -> Matrix {
    let mut systems: Vec<String> = Vec::new();
    for r in &c.rollups {
        let s = r.system.as_deref().unwrap_or(NO_SYSTEM);
        if !systems.iter().any(|x| x == s) {
            systems.push(s.to_owned());
        }
    }
    let mut rows: Vec<MatrixRow> = c
        .organizations
        .iter()
        .map(|o| MatrixRow {
            prefecture: o.prefecture.clone(),
            organization: o.organization.clone(),
            own_office: o.own_office,
            status: o.status,
            cells: vec![None; systems.len()],
        })
        .collect();
    let key = |p: &Option<String>, o: &str| {
        (crate::text::fold(p.as_deref().unwrap_or("")).into_owned(), crate::text::fold(o).into_owned())
    };
    let index: foldhash::HashMap<_, usize> =
        rows.iter().enumerate().map(|(i, r)| (key(&r.prefecture, &r.organization), i)).collect();
    for r in &c.rollups {
        let s = r.system.as_deref().unwrap_or(NO_SYSTEM);
        let (Some(&row), Some(col)) =
            (index.get(&key(&r.prefecture, &r.organization)), systems.iter().position(|x| x == s))
        else {
            continue;
        };
        if let Some(cell) = rows.get_mut(row).and_then(|row| row.cells.get_mut(col)) {
            *cell = Some(cell.map_or(r.status, |old| old.min(r.status)));
        }
    }
    Matrix { systems, rows }
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
        let n = Counts::of(&seed().verdicts);
        assert_eq!(n.get(Status::DeadlineExceeded), 2);
        assert_eq!(n.get(Status::Unreported), 1);
        assert_eq!(n.get(Status::PlanOverrun), 1);
        assert_eq!(n.get(Status::OnTrack), 0);
        assert_eq!(n.get(Status::Done), 24);
        assert_eq!(n.get(Status::NotApplicable), 0);
        assert_eq!(n.total(), 28);
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
        assert_eq!(Counts::of(&c.verdicts).total(), 0);
    }
}
