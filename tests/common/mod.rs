//! Helpers shared by the integration tests: loading fixtures and classifying them.
#![allow(dead_code)]

use chrono::NaiveDate;
use shinchoku::classify::{classify, Classification, Status};
use shinchoku::item::Item;
use shinchoku::limits::Limits;
use shinchoku::load::{load, LoadError, Loaded};
use shinchoku::profile::Profile;

pub fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn try_load(name: &str) -> Result<Loaded, LoadError> {
    load(name, &fixture(name), &Limits::default())
}

pub fn load_fixture(name: &str) -> Loaded {
    try_load(name).unwrap_or_else(|e| panic!("{e}"))
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn classify_at(items: &[Item], as_of: &str) -> Classification {
    classify(items, date(as_of), &Profile::default())
}

/// (organization, phase) → status, for the items of one system.
pub fn statuses(items: &[Item], c: &Classification) -> Vec<(String, Option<String>, Status)> {
    items.iter().zip(&c.verdicts).map(|(i, v)| (i.organization.clone(), i.phase.clone(), v.status)).collect()
}
