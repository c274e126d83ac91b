//! The messages between the page (src/ui/worker.rs) and the analyser module
//! (src/bin/analyser.rs): one [`Request`] and one [`Reply`] type that both sides encode and
//! decode, so neither can read a property the other never wrote.
//!
//! A message is a JavaScript object: its `message` property is the request or reply as JSON
//! ([`Request::encode`], [`Reply::decode`]…), and the bulky parts travel beside it as
//! properties of their own, transferred rather than copied: the files (`files`, or `names` and
//! `buffers` where the page read them), and the answers' `analysis`, `classification` and
//! `history` buffers ([`crate::wire`]).
//!
//! Decoding is strict: a message that does not decode, or a date that does not read as
//! `YYYY-MM-DD`, is a [`ProtocolError`] — answered with [`Reply::Failed`] and shown to the user
//! — never a default such as 1970-01-01.

// No panic on input (ARCHITECTURE.md, Invariants): a message is input to either side.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::string_slice, clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::analyse::Progress;
use crate::profile::Profile;
use crate::summary::Early;

/// The settings a classification is made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(with = "day")]
    pub as_of: NaiveDate,
    pub profile: Profile,
}

/// One of the built-in samples, which live in the analyser module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sample {
    ActionPlan,
    Hyojunka,
}

/// The prefecture scope (表示範囲) of an answer, by name: the prefectures the files cover and
/// the one shown (`None`: every one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub prefectures: Vec<String>,
    pub shown: Option<String>,
}

impl Scope {
    /// Whether there is a choice: the files cover more than one prefecture.
    pub fn offered(&self) -> bool {
        self.prefectures.len() > 1
    }
}

impl From<&crate::analyse::Scope> for Scope {
    fn from(scope: &crate::analyse::Scope) -> Scope {
        use crate::analyse::Scope as Numbers;
        Scope {
            prefectures: scope.prefectures.iter().filter_map(|&n| Numbers::name(n)).map(str::to_owned).collect(),
            shown: scope.shown.and_then(Numbers::name).map(str::to_owned),
        }
    }
}

/// What the page asks the analyser. `id` pairs a request with its replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Read the files beside the message (or a sample), classify them with `settings` and keep
    /// them: `Progress`…, `Counts`, then `Done`. `scope`: the prefecture scope (表示範囲) the
    /// page asks for, by name (`None`: every prefecture).
    Load { id: u32, settings: Settings, sample: Option<Sample>, scope: Option<String> },
    /// Reclassify what was kept with new settings: `Classified`.
    Classify { id: u32, settings: Settings },
    /// The user corrected the kept files' dates (one per file, `None`: undated, SPEC §11): the
    /// snapshots are made again, and the answer is `Done` as for a load.
    Dates {
        id: u32,
        settings: Settings,
        #[serde(with = "days")]
        dates: Vec<Option<NaiveDate>>,
        scope: Option<String>,
    },
    /// The user chose another prefecture scope (`None`: every prefecture): what was kept is
    /// narrowed again without rereading, and the answer is `Done` as for a load.
    Rescope { id: u32, settings: Settings, scope: Option<String> },
    /// Read the files beside the message without keeping them (an earlier export, for the
    /// comparison), within the prefecture scope `scope`: `Read`.
    Read { id: u32, scope: Option<String> },
}

/// What the analyser answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reply {
    /// The module has started and takes requests.
    Ready,
    Progress {
        id: u32,
        progress: Progress,
    },
    /// A load's counts, before anything large is encoded, so the page paints the summary first.
    Counts {
        id: u32,
        #[serde(with = "early")]
        early: Early,
    },
    /// A load's (or a redating's) answer: `analysis`, `classification` and perhaps `history`
    /// beside the message, classified with `settings` (the analyser may have chosen the
    /// profile by the files' shape, and a sample brings its own as-of date).
    Done {
        id: u32,
        settings: Settings,
        scope: Scope,
    },
    /// A reclassification: `classification` and perhaps `history` beside the message.
    Classified {
        id: u32,
        settings: Settings,
    },
    /// A read's answer: `analysis` beside the message.
    Read {
        id: u32,
    },
    /// The request did not decode (`id` where it could be read): `message` says why, in
    /// Japanese, for the user.
    Failed {
        id: Option<u32>,
        message: String,
    },
    /// The module panicked; the page replaces it.
    Panic {
        message: String,
    },
}

/// A message that does not decode.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the analyser's message does not decode: {reason}")]
pub struct ProtocolError {
    pub reason: String,
}

impl ProtocolError {
    /// The error for the user.
    pub fn message_ja(&self) -> String {
        format!("ページと解析モジュールのやり取りに失敗しました（{}）。ページを読み込み直してください。", self.reason)
    }
}

fn decode<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, ProtocolError> {
    serde_json::from_str(json).map_err(|e| ProtocolError { reason: e.to_string() })
}

fn encode<T: Serialize>(value: &T) -> String {
    // Every field serialises (no maps with non-string keys, no failing serialiser).
    serde_json::to_string(value).unwrap_or_default()
}

impl Request {
    pub fn encode(&self) -> String {
        encode(self)
    }

    pub fn decode(json: &str) -> Result<Request, ProtocolError> {
        decode(json)
    }

    /// The `id` of a request that does not decode, where it can be read, to answer it.
    pub fn id_of(json: &str) -> Option<u32> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        u32::try_from(value.get("id")?.as_u64()?).ok()
    }
}

impl Reply {
    pub fn encode(&self) -> String {
        encode(self)
    }

    pub fn decode(json: &str) -> Result<Reply, ProtocolError> {
        decode(json)
    }

    /// The request it answers, if any.
    pub fn id(&self) -> Option<u32> {
        match self {
            Reply::Progress { id, .. }
            | Reply::Counts { id, .. }
            | Reply::Done { id, .. }
            | Reply::Classified { id, .. }
            | Reply::Read { id } => Some(*id),
            Reply::Failed { id, .. } => *id,
            Reply::Ready | Reply::Panic { .. } => None,
        }
    }

    /// Whether it is the last reply to its request.
    pub fn is_last(&self) -> bool {
        !matches!(self, Reply::Progress { .. } | Reply::Counts { .. })
    }
}

/// A date as `YYYY-MM-DD`, read strictly.
mod day {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub(super) fn parse(text: &str) -> Result<NaiveDate, String> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("日付「{text}」を読めません"))
    }

    pub(super) fn format(d: NaiveDate) -> String {
        d.format("%Y-%m-%d").to_string()
    }

    pub(super) fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*d))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        parse(&String::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// Dates as `YYYY-MM-DD` or `null`, read strictly.
mod days {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(dates: &[Option<NaiveDate>], s: S) -> Result<S::Ok, S::Error> {
        dates.iter().map(|d| d.map(super::day::format)).collect::<Vec<_>>().serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Option<NaiveDate>>, D::Error> {
        Vec::<Option<String>>::deserialize(d)?
            .into_iter()
            .map(|d| d.map(|d| super::day::parse(&d)).transpose().map_err(D::Error::custom))
            .collect()
    }
}

/// The early counts as their ten numbers ([`Early::to_numbers`]).
mod early {
    use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

    use crate::summary::Early;

    pub(super) fn serialize<S: Serializer>(e: &Early, s: S) -> Result<S::Ok, S::Error> {
        e.to_numbers().serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Early, D::Error> {
        Early::from_numbers(&Vec::<f64>::deserialize(d)?).ok_or_else(|| D::Error::custom("件数を読めません"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings { as_of: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(), profile: Profile::hyojunka() }
    }

    #[test]
    fn every_request_decodes_as_it_was_encoded() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 1);
        for request in [
            Request::Load { id: 1, settings: settings(), sample: Some(Sample::Hyojunka), scope: None },
            Request::Load { id: 2, settings: settings(), sample: None, scope: Some("鳥取県".into()) },
            Request::Classify { id: 3, settings: settings() },
            Request::Dates { id: 4, settings: settings(), dates: vec![d, None], scope: None },
            Request::Rescope { id: 5, settings: settings(), scope: Some("島根県".into()) },
            Request::Read { id: 6, scope: None },
        ] {
            assert_eq!(Request::decode(&request.encode()), Ok(request));
        }
    }

    #[test]
    fn every_reply_decodes_as_it_was_encoded() {
        let progress = Progress {
            file_index: 0,
            files: 2,
            file: "a.xlsx".into(),
            bytes: 10,
            sheet: "s".into(),
            sheet_index: 1,
            sheets: 3,
            rows: 4000,
        };
        let mut numbers = Early::default().to_numbers();
        numbers[1] = 12.0;
        let early = Early::from_numbers(&numbers).unwrap();
        for reply in [
            Reply::Ready,
            Reply::Progress { id: 1, progress },
            Reply::Counts { id: 1, early },
            Reply::Done { id: 1, settings: settings(), scope: Scope::default() },
            Reply::Done {
                id: 1,
                settings: settings(),
                scope: Scope {
                    prefectures: vec!["鳥取県".into(), "島根県".into()], shown: Some("鳥取県".into())
                },
            },
            Reply::Classified { id: 2, settings: settings() },
            Reply::Read { id: 3 },
            Reply::Failed { id: Some(4), message: "x".into() },
            Reply::Panic { message: "y".into() },
        ] {
            assert_eq!(Reply::decode(&reply.encode()), Ok(reply));
        }
    }

    /// A classify request as JSON with `as_of` as given.
    fn classify_with_as_of(as_of: &str) -> String {
        let good = Request::Classify { id: 7, settings: settings() }.encode();
        good.replace("\"2026-01-31\"", as_of)
    }

    #[test]
    fn an_unreadable_as_of_date_is_an_error_naming_it_never_1970() {
        for bad in ["\"\"", "\"2026-02-30\"", "\"31/01/2026\"", "null", "0"] {
            let json = classify_with_as_of(bad);
            let error = Request::decode(&json).expect_err(bad);
            assert!(error.message_ja().contains("解析モジュール"), "{}", error.message_ja());
            assert_eq!(Request::id_of(&json), Some(7), "the failure answers request 7");
        }
        let error = Request::decode(&classify_with_as_of("\"2026-02-30\"")).unwrap_err();
        assert!(error.reason.contains("2026-02-30"), "{error}");
    }

    #[test]
    fn an_unreadable_corrected_date_is_an_error_too() {
        let good = Request::Dates { id: 1, settings: settings(), dates: vec![None], scope: None }.encode();
        let bad = good.replace("[null]", "[\"令和8年1月\"]");
        assert!(Request::decode(&bad).is_err());
    }

    #[test]
    fn a_message_that_is_not_a_request_is_an_error() {
        for bad in ["", "{}", "{\"kind\":\"load\"}", "{\"kind\":\"unknown\",\"id\":1}", "[1,2]"] {
            assert!(Request::decode(bad).is_err(), "{bad}");
            assert!(Reply::decode(bad).is_err(), "{bad}");
        }
        assert_eq!(Request::id_of("{\"kind\":\"unknown\",\"id\":1}"), Some(1));
        assert_eq!(Request::id_of("not json"), None);
    }

    #[test]
    fn counts_that_are_not_ten_counts_do_not_decode() {
        let good = Reply::Counts { id: 1, early: Early::default() }.encode();
        let bad = good.replace("[0.0,", "[-1.0,");
        assert_ne!(good, bad);
        assert!(Reply::decode(&bad).is_err());
    }

    #[test]
    fn only_progress_and_counts_leave_a_request_waiting() {
        assert!(!Reply::Progress { id: 1, progress: Progress::default() }.is_last());
        assert!(!Reply::Counts { id: 1, early: Early::default() }.is_last());
        assert!(Reply::Done { id: 1, settings: settings(), scope: Scope::default() }.is_last());
        assert!(Reply::Failed { id: None, message: String::new() }.is_last());
    }
}
