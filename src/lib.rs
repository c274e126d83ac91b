//! shinchoku: checks local bodies' system-modification progress against national deadlines.
//!
//! The crate is plain Rust with no browser dependency; the web app (`ui`, WASM only) and the
//! CLI (`cli`, native only) share it. Data flows one way:
//!
//! bytes → [`workbook`] (sheets) → [`layout`] (items, see [`item`], [`date`]) →
//! [`classify`] (verdicts and roll-ups, using a [`profile`]) → [`export`] / the page.
//!
//! [`load::load`] is the entry point from a file's bytes to its items; [`compare`] diffs two
//! exports; [`history`] follows monthly exports as snapshots (pace and projected completion).

pub mod analyse;
pub mod classify;
pub mod column;
pub mod compare;
pub mod date;
pub mod export;
pub mod field;
pub mod history;
pub mod item;
pub mod layout;
pub mod letters;
pub mod limits;
pub mod load;
pub mod notes;
pub mod organization;
pub mod page;
pub mod profile;
pub mod protocol;
pub mod query;
pub mod report;
pub mod summary;
pub mod system;
pub mod text;
pub mod timeline;
pub mod wire;
pub mod workbook;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod js;
#[cfg(target_arch = "wasm32")]
pub mod ui;
