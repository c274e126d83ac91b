//! Coverage (SPEC §10): the bodies of the register that no file reports, where the files cover
//! their prefecture.
//!
//! For every prefecture some of whose municipalities the files report, its municipalities that
//! no file reports are missing. Where the files report the own systems of more than one
//! prefecture (the 総務省's file of the prefectures' 2 業務), the prefectures whose own systems
//! no file reports are missing too; a prefecture's own systems are never expected merely because
//! its municipalities are reported, nor the other way round. Bodies count as reported by their
//! register code (resolution gives every body that resolves its code, [`crate::profile::register`]).
//!
//! Under a profile with 業務 (the standardisation programme), each missing body gets one
//! `unreported` system per 業務 that the files report for bodies of its kind, with warning
//! `not_in_file` and no source ([`missing_systems`]); a 特定移行支援 list row naming such a body
//! designates its system ([`designate_missing`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::systems::{SystemVerdict, SystemsClassification, Unmatched};
use super::{Status, Warning};
use crate::item::{BodyNote, Item};
use crate::profile::register::{register, Entry};
use crate::profile::{Profile, Vocabulary};
use crate::system::Systems;
use crate::text::fold;

/// A body of a covered prefecture that no file reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingBody {
    /// The register's 6-digit 団体コード.
    pub code: String,
    pub prefecture: String,
    /// The municipality's name, or the prefecture's for its own systems.
    pub organization: String,
}

impl MissingBody {
    fn of(e: &Entry) -> MissingBody {
        MissingBody { code: e.code.to_owned(), prefecture: e.prefecture.to_owned(), organization: e.name.to_owned() }
    }

    /// Whether the body is a prefecture (its own systems), not a municipality.
    pub fn is_prefecture(&self) -> bool {
        register().by_code(&self.code).is_some_and(|e| e.is_prefecture)
    }
}

/// The register's codes of the bodies the files report: a body counts where resolution named
/// it (its code, prefecture and name are the register's), not where a file merely wrote a code
/// (the seed's Ａ県 fixtures borrow real codes for made-up bodies).
fn reported<'a>(bodies: impl Iterator<Item = (Option<&'a str>, &'a str, Option<&'a str>)>) -> BTreeSet<&'static str> {
    let r = register();
    let mut out = BTreeSet::new();
    let mut last = None;
    for body in bodies {
        if last == Some(body) {
            continue;
        }
        last = Some(body);
        let (prefecture, organization, code) = body;
        if let Some(e) = code.and_then(|c| r.by_code(c)) {
            if prefecture == Some(e.prefecture) && organization == e.name {
                out.insert(e.code);
            }
        }
    }
    out
}

/// The bodies no file reports, in code order: the missing municipalities of every prefecture
/// some of whose municipalities are reported, then (where more than one prefecture's own
/// systems are reported) the missing prefectures.
pub fn missing_bodies(items: &[Item], systems: &Systems) -> Vec<MissingBody> {
    let bodies = items
        .iter()
        .map(|i| (i.prefecture.as_deref(), i.organization.as_str(), i.code.as_deref()))
        .chain(systems.reports.iter().map(|r| (r.prefecture.as_deref(), r.organization.as_str(), r.code.as_deref())));
    let reported = reported(bodies);
    // A shared name the files write without telling which body (伊達市 alone, `ambiguous_name`)
    // may be any of its bodies: none of them is listed as missing.
    let ambiguous: BTreeSet<String> = items
        .iter()
        .filter(|i| i.body_note == Some(BodyNote::AmbiguousName))
        .map(|i| i.organization.as_str())
        .chain(
            systems
                .reports
                .iter()
                .filter(|r| r.body_note == Some(BodyNote::AmbiguousName))
                .map(|r| r.organization.as_str()),
        )
        .map(|o| fold(o).into_owned())
        .collect();
    let r = register();
    let entries: Vec<&Entry> = reported.iter().filter_map(|c| r.by_code(c)).collect();
    let covered: BTreeSet<u8> = entries.iter().filter(|e| !e.is_prefecture).map(|e| e.prefecture_number).collect();
    let own = entries.iter().filter(|e| e.is_prefecture).count();
    r.entries()
        .iter()
        .filter(|e| !reported.contains(e.code))
        .filter(|e| ambiguous.is_empty() || !ambiguous.contains(fold(e.name).as_ref()))
        .filter(|e| if e.is_prefecture { own > 1 } else { covered.contains(&e.prefecture_number) })
        .map(MissingBody::of)
        .collect()
}

/// One `unreported` system per missing body and 業務 that the classified systems report for
/// bodies of its kind (municipalities, or prefectures' own), under a profile with 業務.
pub(crate) fn missing_systems(
    missing: &[MissingBody],
    judged: &[SystemVerdict],
    profile: &Profile,
) -> Vec<SystemVerdict> {
    if profile.tasks.is_empty() || judged.is_empty() {
        return Vec::new();
    }
    let r = register();
    // 業務 (by their place in the profile) reported for each kind of body: false municipal,
    // true a prefecture's own.
    let mut tasks: BTreeMap<bool, BTreeSet<usize>> = BTreeMap::new();
    for v in judged.iter().filter(|v| v.task_order < profile.tasks.len()) {
        let named = v.code.as_deref().and_then(|c| r.by_code(c));
        if let Some(e) = named.filter(|e| v.prefecture.as_deref() == Some(e.prefecture) && v.organization == e.name) {
            tasks.entry(e.is_prefecture).or_default().insert(v.task_order);
        }
    }
    let matcher = profile.matcher();
    let mut out = Vec::new();
    for m in missing {
        let Some(kind) = tasks.get(&m.is_prefecture()) else { continue };
        for &t in kind {
            let Some(task) = profile.tasks.get(t) else { continue };
            let deadline = matcher.deadline_for_task(None, Some(&task.name), None);
            out.push(SystemVerdict {
                prefecture: Some(m.prefecture.clone()),
                organization: m.organization.clone(),
                organization_as_written: None,
                own_office: m.is_prefecture(),
                code: Some(m.code.clone()),
                task: task.name.clone(),
                task_order: t,
                status: Status::Unreported,
                deadline: deadline.date,
                deadline_label: deadline.label.to_owned(),
                extended: false,
                days_late: None,
                completion_rate: None,
                current_step: None,
                planned_end: None,
                warnings: vec![Warning::NotInFile],
                projected_completion: None,
                steps: None,
                rate: None,
                reports: Vec::new(),
                step_order: Vec::new(),
            });
        }
    }
    out
}

/// Applies the 特定移行支援 list rows that name a missing body (by its register code) to that
/// body's `unreported` systems, which then have the extended deadline; such rows are no longer
/// unmatched. Returns how many systems they designated.
pub(crate) fn designate_missing(
    missing: &mut [SystemVerdict],
    judged: &mut SystemsClassification,
    systems: &Systems,
    profile: &Profile,
) -> usize {
    let (Some(extended), false) = (&profile.extended, missing.is_empty()) else { return 0 };
    let vocabulary = Vocabulary::of(profile);
    let mut designated = 0;
    judged.unmatched.retain(|&(i, why)| {
        let d = systems.designations.get(i);
        let (Some(d), Unmatched::UnknownBody) = (d, why) else { return true };
        let (Some(code), Some(task)) = (d.code.as_deref(), vocabulary.task(&d.task)) else { return true };
        match missing.iter_mut().find(|v| v.code.as_deref() == Some(code) && v.task_order == task) {
            Some(v) => {
                if !v.extended {
                    v.extended = true;
                    v.deadline = extended.deadline;
                    v.deadline_label = extended.label.clone();
                    designated += 1;
                }
                false
            }
            None => true,
        }
    });
    designated
}
