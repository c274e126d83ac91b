//! The compact binary form of a [`Classification`], so that the worker, which classifies where
//! the items are, hands the verdicts and roll-ups to the page as one transferable buffer.
//!
//! Same scheme as the analysis (string table, indices, checked decoding that never panics);
//! its own magic, so that one is never read as the other.

use chrono::NaiveDate;

use super::{Reader, Writer, NONE};
use crate::classify::coverage::MissingBody;
use crate::classify::systems::{Rate, SystemVerdict, SystemsClassification, Unmatched};
use crate::classify::{Classification, OrganizationRollup, Rollup, RollupKind, Status, SystemId, Verdict, Warning};

const MAGIC: &[u8; 4] = b"SNC2";

/// The position of `x` in `all`, as one byte (`u8::MAX` if absent, which decodes to `None`).
fn tag<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|a| a == x).and_then(|p| u8::try_from(p).ok()).unwrap_or(u8::MAX)
}

impl<'a> Writer<'a> {
    pub(super) fn day(&mut self, d: NaiveDate) {
        self.u32(d.to_epoch_days() as u32);
    }
    fn days_late(&mut self, d: Option<i64>) {
        match d.and_then(|d| i32::try_from(d).ok()) {
            Some(d) => {
                self.u8(1);
                self.u32(d as u32);
            }
            None => self.u8(0),
        }
    }
    pub(super) fn warnings(&mut self, ws: &[Warning]) {
        self.len(ws.len());
        for w in ws {
            self.u8(tag(&Warning::ALL, w));
        }
    }
    pub(super) fn rate(&mut self, r: Option<Rate>) {
        self.u32(r.map_or(NONE, |r| u32::from(r.ten_thousandths())));
    }
    fn index(&mut self, i: Option<usize>) {
        self.u32(i.and_then(|i| u32::try_from(i).ok()).unwrap_or(NONE));
    }
    fn indices(&mut self, is: &[usize]) {
        self.len(is.len());
        for &i in is {
            self.len(i);
        }
    }
    fn flag(&mut self, b: bool) {
        self.u8(u8::from(b));
    }

    fn verdict(&mut self, v: &'a Verdict) {
        self.u8(tag(&Status::ALL, &v.status));
        self.day(v.deadline);
        self.str(&v.deadline_label);
        self.days_late(v.days_late);
        self.warnings(&v.warnings);
        self.flag(v.own_office);
    }

    fn rollup(&mut self, r: &'a Rollup) {
        self.opt(r.prefecture.as_deref());
        self.str(&r.organization);
        self.opt(r.code.as_deref());
        self.opt(r.organization_as_written.as_deref());
        self.flag(r.own_office);
        self.str(&r.task);
        self.opt(r.system.as_deref());
        self.u8(tag(&Status::ALL, &r.status));
        self.indices(&r.items);
        self.day(r.deadline);
        self.str(&r.deadline_label);
        self.days_late(r.days_late);
        self.flag(r.extended);
        self.rate(r.completion_rate);
        self.opt(r.current_step.as_deref());
        self.warnings(&r.warnings);
        self.index(r.kind.system().map(|id| id.0));
    }

    fn system_verdict(&mut self, v: &'a SystemVerdict) {
        self.opt(v.prefecture.as_deref());
        self.str(&v.organization);
        self.opt(v.organization_as_written.as_deref());
        self.flag(v.own_office);
        self.opt(v.code.as_deref());
        self.str(&v.task);
        self.len(v.task_order);
        self.u8(tag(&Status::ALL, &v.status));
        self.day(v.deadline);
        self.str(&v.deadline_label);
        self.flag(v.extended);
        self.days_late(v.days_late);
        self.rate(v.completion_rate);
        self.opt(v.current_step.as_deref());
        match v.planned_end {
            Some(d) => {
                self.u8(1);
                self.day(d);
            }
            None => self.u8(0),
        }
        self.warnings(&v.warnings);
        self.index(v.steps);
        self.index(v.rate);
        self.indices(&v.reports);
        self.indices(&v.step_order);
        self.optional_day(v.projected_completion);
    }

    pub(super) fn optional_day(&mut self, d: Option<NaiveDate>) {
        match d {
            Some(d) => {
                self.u8(1);
                self.day(d);
            }
            None => self.u8(0),
        }
    }
}

/// Encodes a classification.
pub fn encode(c: &Classification) -> Vec<u8> {
    let mut w = Writer::default();
    w.day(c.as_of);
    w.len(c.verdicts.len());
    for v in &c.verdicts {
        w.verdict(v);
    }
    w.len(c.rollups.len());
    for r in &c.rollups {
        w.rollup(r);
    }
    w.len(c.organizations.len());
    for o in &c.organizations {
        w.opt(o.prefecture.as_deref());
        w.str(&o.organization);
        w.flag(o.own_office);
        w.u8(tag(&Status::ALL, &o.status));
    }
    let s = &c.systems;
    w.len(s.systems.len());
    for v in &s.systems {
        w.system_verdict(v);
    }
    w.len(s.unmatched.len());
    for (i, why) in &s.unmatched {
        w.len(*i);
        w.u8(tag(&Unmatched::ALL, why));
    }
    w.len(s.designated);
    w.len(s.unknown_tasks.len());
    for (i, why) in &s.unknown_tasks {
        w.len(*i);
        w.u8(tag(&Unmatched::ALL, why));
    }
    w.len(c.missing_bodies.len());
    for m in &c.missing_bodies {
        w.str(&m.code);
        w.str(&m.prefecture);
        w.str(&m.organization);
    }
    w.finish(MAGIC)
}

impl Reader<'_> {
    fn status(&mut self) -> Option<Status> {
        Status::ALL.get(usize::from(self.u8()?)).copied()
    }
    pub(super) fn day(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_epoch_days(self.u32()? as i32)
    }
    pub(super) fn optional_day(&mut self) -> Option<Option<NaiveDate>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.day()?)),
            _ => None,
        }
    }
    fn days_late(&mut self) -> Option<Option<i64>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(i64::from(self.u32()? as i32))),
            _ => None,
        }
    }
    pub(super) fn warnings(&mut self) -> Option<Vec<Warning>> {
        (0..self.count()?).map(|_| Warning::ALL.get(usize::from(self.u8()?)).copied()).collect()
    }
    pub(super) fn rate(&mut self) -> Option<Option<Rate>> {
        match self.u32()? {
            NONE => Some(None),
            r => Some(Some(Rate::from_ten_thousandths(u16::try_from(r).ok()?)?)),
        }
    }
    fn index(&mut self) -> Option<Option<usize>> {
        let i = self.u32()?;
        Some((i != NONE).then_some(i as usize))
    }
    fn indices(&mut self) -> Option<Vec<usize>> {
        (0..self.count()?).map(|_| self.u32().map(|i| i as usize)).collect()
    }
    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn verdict(&mut self) -> Option<Verdict> {
        Some(Verdict {
            status: self.status()?,
            deadline: self.day()?,
            deadline_label: self.str()?,
            days_late: self.days_late()?,
            warnings: self.warnings()?,
            own_office: self.flag()?,
        })
    }

    fn rollup(&mut self) -> Option<Rollup> {
        Some(Rollup {
            prefecture: self.opt()?,
            organization: self.str()?,
            code: self.opt()?,
            organization_as_written: self.opt()?,
            own_office: self.flag()?,
            task: self.str()?,
            system: self.opt()?,
            status: self.status()?,
            items: self.indices()?,
            deadline: self.day()?,
            deadline_label: self.str()?,
            days_late: self.days_late()?,
            extended: self.flag()?,
            completion_rate: self.rate()?,
            current_step: self.opt()?,
            warnings: self.warnings()?,
            kind: self.index()?.map_or(RollupKind::Items, |i| RollupKind::System(SystemId(i))),
        })
    }

    fn system_verdict(&mut self) -> Option<SystemVerdict> {
        Some(SystemVerdict {
            prefecture: self.opt()?,
            organization: self.str()?,
            organization_as_written: self.opt()?,
            own_office: self.flag()?,
            code: self.opt()?,
            task: self.str()?,
            task_order: self.u32()? as usize,
            status: self.status()?,
            deadline: self.day()?,
            deadline_label: self.str()?,
            extended: self.flag()?,
            days_late: self.days_late()?,
            completion_rate: self.rate()?,
            current_step: self.opt()?,
            planned_end: match self.u8()? {
                0 => None,
                1 => Some(self.day()?),
                _ => return None,
            },
            warnings: self.warnings()?,
            steps: self.index()?,
            rate: self.index()?,
            reports: self.indices()?,
            step_order: self.indices()?,
            projected_completion: self.optional_day()?,
        })
    }
}

/// Decodes what [`encode`] wrote; `None` if the bytes are not such an encoding. Indices are
/// decoded as written: the page looks them up with `get`, as it does for any classification.
pub fn decode(bytes: &[u8]) -> Option<Classification> {
    let mut r = Reader::open(bytes, MAGIC)?;
    let as_of = r.day()?;
    let verdicts = (0..r.count()?).map(|_| r.verdict()).collect::<Option<Vec<_>>>()?;
    let rollups = (0..r.count()?).map(|_| r.rollup()).collect::<Option<Vec<_>>>()?;
    let organizations = (0..r.count()?)
        .map(|_| {
            Some(OrganizationRollup {
                prefecture: r.opt()?,
                organization: r.str()?,
                own_office: r.flag()?,
                status: r.status()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let systems = (0..r.count()?).map(|_| r.system_verdict()).collect::<Option<Vec<_>>>()?;
    let unmatched = (0..r.count()?)
        .map(|_| Some((r.u32()? as usize, Unmatched::ALL.get(usize::from(r.u8()?)).copied()?)))
        .collect::<Option<Vec<_>>>()?;
    let designated = r.u32()? as usize;
    let unknown_tasks = (0..r.count()?)
        .map(|_| Some((r.u32()? as usize, Unmatched::ALL.get(usize::from(r.u8()?)).copied()?)))
        .collect::<Option<Vec<_>>>()?;
    let missing_bodies = (0..r.count()?)
        .map(|_| Some(MissingBody { code: r.str()?, prefecture: r.str()?, organization: r.str()? }))
        .collect::<Option<Vec<_>>>()?;
    r.bytes.is_empty().then_some(Classification {
        as_of,
        verdicts,
        rollups,
        organizations,
        systems: SystemsClassification { systems, unmatched, designated, unknown_tasks },
        missing_bodies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{analyse, sample, Input};
    use crate::classify::classify_all;
    use crate::limits::Limits;
    use crate::profile::Profile;

    fn classified(inputs: &[Input], profile: &Profile, as_of: NaiveDate) -> Classification {
        let a = analyse(inputs, &Limits::default());
        classify_all(&a.items, &a.systems, as_of, profile)
    }

    #[test]
    fn an_action_plan_classification_survives_the_round_trip_unchanged() {
        let c = classified(&[sample::input()], &Profile::default(), sample::as_of());
        assert!(!c.verdicts.is_empty() && !c.rollups.is_empty());
        assert!(c.verdicts.iter().any(|v| v.days_late.is_some()));
        assert_eq!(decode(&encode(&c)), Some(c));
    }

    #[test]
    fn a_standardisation_classification_survives_the_round_trip_unchanged() {
        let c = classified(&sample::hyojunka_inputs(), &Profile::hyojunka(), sample::hyojunka_as_of());
        assert!(!c.systems.systems.is_empty());
        assert!(c.systems.systems.iter().any(|v| v.completion_rate.is_some()));
        assert!(c.systems.systems.iter().any(|v| v.extended));
        assert_eq!(decode(&encode(&c)), Some(c));
    }

    #[test]
    fn truncated_or_foreign_bytes_decode_to_none_without_panicking() {
        let bytes = encode(&classified(&sample::hyojunka_inputs(), &Profile::hyojunka(), sample::hyojunka_as_of()));
        for cut in (0..bytes.len()).step_by(7) {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let analysis = super::super::encode(&analyse(&[sample::input()], &Limits::default()));
        assert_eq!(decode(&analysis), None);
    }
}
