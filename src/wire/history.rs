//! The compact binary form of a history [`Overview`] (SPEC §11), the analyser's third buffer when
//! the files are of two dates or more: the snapshots, each system's course and the systems
//! table's rows. Same scheme as the analysis (string table, indices, checked decoding that never
//! panics); its own magic.

use super::{Reader, Writer, NONE};
use crate::history::{Course, Overview, Snapshot};

const MAGIC: &[u8; 4] = b"SNH1";

/// Encodes an overview.
pub fn encode(o: &Overview) -> Vec<u8> {
    let mut w = Writer::default();
    w.len(o.snapshots.len());
    for s in &o.snapshots {
        w.optional_day(s.date);
        w.len(s.files.len());
        for f in &s.files {
            w.str(f);
        }
    }
    w.len(o.courses.len());
    for c in &o.courses {
        w.opt(c.prefecture.as_deref());
        w.str(&c.organization);
        w.str(&c.task);
        w.len(c.task_order);
        w.len(c.rates.len());
        for &r in &c.rates {
            w.rate(r);
        }
        match c.pace {
            Some(p) => {
                w.u8(1);
                let bits = p.to_bits();
                w.u32(bits as u32);
                w.u32((bits >> 32) as u32);
            }
            None => w.u8(0),
        }
        w.optional_day(c.projected_completion);
        w.day(c.deadline);
        w.warnings(&c.warnings);
    }
    w.len(o.rows.len());
    for &r in &o.rows {
        w.u32(r.and_then(|r| u32::try_from(r).ok()).unwrap_or(NONE));
    }
    w.finish(MAGIC)
}

/// Decodes what [`encode`] wrote; `None` if the bytes are not such an encoding. A course's
/// series has one rate per snapshot and a row names a course, or the whole is refused.
pub fn decode(bytes: &[u8]) -> Option<Overview> {
    let mut r = Reader::open(bytes, MAGIC)?;
    let snapshots = (0..r.count()?)
        .map(|_| {
            let date = r.optional_day()?;
            let files = (0..r.count()?).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
            Some(Snapshot { date, files, members: Vec::new() })
        })
        .collect::<Option<Vec<_>>>()?;
    let courses = (0..r.count()?)
        .map(|_| {
            let prefecture = r.opt()?;
            let organization = r.str()?;
            let task = r.str()?;
            let task_order = r.u32()? as usize;
            let rates = (0..r.count()?).map(|_| r.rate()).collect::<Option<Vec<_>>>()?;
            if rates.len() != snapshots.len() {
                return None;
            }
            let pace = match r.u8()? {
                0 => None,
                1 => {
                    let (low, high) = (u64::from(r.u32()?), u64::from(r.u32()?));
                    Some(f64::from_bits(low | (high << 32))).filter(|p| p.is_finite())
                }
                _ => return None,
            };
            Some(Course {
                prefecture,
                organization,
                task,
                task_order,
                rates,
                pace,
                projected_completion: r.optional_day()?,
                deadline: r.day()?,
                warnings: r.warnings()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let rows = (0..r.count()?)
        .map(|_| match r.u32()? {
            NONE => Some(None),
            i => ((i as usize) < courses.len()).then_some(Some(i as usize)),
        })
        .collect::<Option<Vec<_>>>()?;
    r.bytes.is_empty().then_some(Overview { snapshots, courses, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{latest_snapshot, read_with_progress, Input};
    use crate::classify::classify_all;
    use crate::limits::Limits;
    use crate::profile::Profile;

    fn overview() -> Overview {
        let inputs =
            Input::fixtures(&["monthly_r7_10.csv", "monthly_r7_12.xlsx", "monthly_r8_01.xlsx", "tokutei_monthly.xlsx"]);
        let (a, files) = read_with_progress(&inputs, &Limits::default(), &mut |_| {});
        let profile = Profile::hyojunka();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let mut c = classify_all(&a.items, &latest_snapshot(&files), as_of, &profile);
        let h = crate::history::history(files, as_of, &profile).unwrap();
        Overview::apply(&h, &mut c)
    }

    #[test]
    fn an_overview_survives_the_round_trip_unchanged() {
        let o = overview();
        assert_eq!(o.snapshots.len(), 3);
        assert!(o.courses.iter().any(|c| c.pace.is_some()) && o.courses.iter().any(|c| c.rates.contains(&None)));
        assert!(o.rows.iter().all(Option::is_some));
        assert_eq!(decode(&encode(&o)), Some(o));
    }

    #[test]
    fn truncated_or_foreign_bytes_decode_to_none_without_panicking() {
        let bytes = encode(&overview());
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        assert_eq!(decode(b"SNK3"), None);
        let mut flipped = bytes.clone();
        for i in 8..bytes.len() {
            flipped[i] ^= 0xff;
            let _ = decode(&flipped);
            flipped[i] ^= 0xff;
        }
    }
}
