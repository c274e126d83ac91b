//! The native command line: `shinchoku check FILE...` (SPEC §8) and `shinchoku diff OLD NEW`.
//!
//! Exit status 0 on success; 2 when a file cannot be read or holds no recognisable layout
//! (one line on stderr naming the file and the reason; the other files are still reported),
//! or when an argument or the profile is wrong; 1 when the output cannot be written.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::classify::systems::Rate;
use crate::classify::{classify_all, Status, Warning};
use crate::export::{self, Delimiter};
use crate::item::Item;
use crate::limits::Limits;
use crate::load::{load, Skipped};
use crate::profile::register::register;
use crate::profile::{Profile, BUILTIN};
use crate::query::{Matching, Query};
use crate::report::build_all;
use crate::system::Systems;

#[derive(Debug, Parser)]
#[command(name = "shinchoku", version, about = "Check action-plan exports against national deadlines")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify every item of one or more exported workbooks.
    Check(CheckArgs),
    /// Compare two exports (e.g. last month's and this month's): what changed per item, or per
    /// system for standardisation exports.
    Diff(DiffArgs),
    /// Print a built-in profile (action-plan-2016, hyojunka) as a file to edit and pass back
    /// with --profile.
    Profile {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The earlier export.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The later export.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// The as-of date both are classified at (default: today in Japan).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// A built-in profile (action-plan-2016, hyojunka) or a profile file (default: chosen by
    /// the shape of the files).
    #[arg(long, value_name = "NAME|FILE")]
    profile: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    format: DiffFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Exported workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The as-of date (default: today in Japan).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// A built-in profile (action-plan-2016, hyojunka) or a profile file giving the deadlines
    /// (default: hyojunka when every file is a standardisation export, else action-plan-2016).
    #[arg(long, value_name = "NAME|FILE")]
    profile: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// In table, CSV and TSV output, list every step of each standardisation system instead of
    /// one row per system.
    #[arg(long)]
    steps: bool,
    /// Keep only these statuses (comma-separated keys, e.g. plan_overrun,unreported).
    #[arg(long, value_name = "KEY,...", value_delimiter = ',', value_parser = parse_status)]
    status: Vec<Status>,
    /// Scope: only the bodies of this prefecture (a name such as 鳥取県 or 鳥取, or a code: 31,
    /// 310000): counts, roll-ups, missing bodies and notes all follow it.
    #[arg(long, value_name = "NAME|CODE")]
    prefecture: Option<String>,
    /// Keep only organizations whose name contains this text (width-insensitive).
    #[arg(long, value_name = "TEXT")]
    organization: Option<String>,
    /// Keep only tasks (業務) whose name contains this text (width-insensitive).
    #[arg(long, value_name = "TEXT")]
    task: Option<String>,
    /// Keep only this priority: high (優先度高) or follow_up (継続確認).
    #[arg(long, value_name = "high|follow_up", value_parser = parse_priority)]
    priority: Option<crate::classify::Priority>,
    /// Keep only systems (地方税関連システム, …) whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    system: Option<String>,
    /// Keep only phases (or standardisation steps, e.g. ⑱-1) whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    phase: Option<String>,
    /// Keep only systems designated 特定移行支援システム (`--extended`, or `--extended=false`
    /// for those that are not). Like every filter, it narrows only rows that have the field:
    /// action-plan items have no designation and are kept.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    extended: Option<bool>,
    /// Keep only systems whose completion rate is below this percentage (e.g. 50); action-plan
    /// items have no rate and are kept.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    rate_below: Option<Rate>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_priority(s: &str) -> Result<crate::classify::Priority, String> {
    use crate::classify::Priority;
    [Priority::High, Priority::FollowUp]
        .into_iter()
        .find(|p| p.key() == s.trim())
        .ok_or_else(|| format!("`{s}` is not a priority; use high or follow_up"))
}

fn parse_percent(s: &str) -> Result<Rate, String> {
    match s.trim().trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(Rate::from_fraction(p / 100.0)),
        _ => Err(format!("`{s}` is not a percentage from 0 to 100")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
    Tsv,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::from_key(s).ok_or_else(|| {
        let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
        format!("`{s}` is not a status; use one of {}", keys.join(", "))
    })
}

/// Today's date in Japan (UTC+9), from the system clock.
pub fn today_in_japan() -> NaiveDate {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let days = (secs + 9 * 3600).div_euclid(86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or_default()
}

/// Runs the CLI and gives its exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Diff(args) => diff(args),
        Command::Profile { name } => match Profile::builtin(&name) {
            Some(p) => match emit(None, &(p.to_json() + "\n")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            },
            None => fail(&format!("`{name}` is not a built-in profile; use one of {}", BUILTIN.join(", "))),
        },
    }
}

/// The profile a `--profile NAME|FILE` names, or the one the files' shape chooses (SPEC §9.3:
/// the standardisation profile when every file is of its shapes); `Err` is the exit status
/// after a message.
fn read_profile(arg: Option<&str>, standardisation: bool) -> Result<Profile, ExitCode> {
    let Some(arg) = arg else {
        return Ok(if standardisation { Profile::hyojunka() } else { Profile::default() });
    };
    if let Some(p) = Profile::builtin(arg) {
        return Ok(p);
    }
    let path = std::path::Path::new(arg);
    if !path.exists() && !arg.contains(['/', '\\', '.']) {
        return Err(fail(&format!("`{arg}` is neither a built-in profile ({}) nor a file", BUILTIN.join(", "))));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| fail(&format!("{}: cannot read the profile: {}", path.display(), io_message(&e))))?;
    Profile::from_json(&text).map_err(|e| fail(&format!("{}: {e}", path.display())))
}

/// Reads and loads one file, printing the one-line reason when it fails.
fn load_path(path: &std::path::Path, limits: &Limits) -> Option<crate::load::Loaded> {
    let name = path.display().to_string();
    let bytes = match read_file(path, limits) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("shinchoku: {name}: {msg}");
            return None;
        }
    };
    match load(&name, &bytes, limits) {
        Ok(loaded) => Some(loaded),
        Err(e) => {
            eprintln!("shinchoku: {}", one_line(&e.to_string()));
            None
        }
    }
}

/// Writes the output where asked; `Err` is the exit status after a message.
fn emit(output: Option<&std::path::Path>, text: &str) -> Result<(), ExitCode> {
    let written = match output {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display())),
        None => std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| e.to_string()),
    };
    written.map_err(|msg| {
        eprintln!("shinchoku: cannot write the output: {msg}");
        ExitCode::from(1)
    })
}

fn diff(args: DiffArgs) -> ExitCode {
    let limits = Limits::default();
    let (Some(old), Some(new)) = (load_path(&args.old, &limits), load_path(&args.new, &limits)) else {
        return ExitCode::from(2);
    };
    let standardisation = old.is_standardisation() && new.is_standardisation();
    let profile = match read_profile(args.profile.as_deref(), standardisation) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let as_of = args.as_of.unwrap_or_else(today_in_japan);
    if !old.systems.is_empty() || !new.systems.is_empty() {
        let changes = crate::compare::compare_systems(&old.systems, &new.systems, as_of, &profile);
        let text = match args.format {
            DiffFormat::Json => serde_json::to_string_pretty(&changes).unwrap_or_default() + "\n",
            DiffFormat::Csv => with_bom(args.output.is_some(), export::system_changes_csv(&changes)),
            DiffFormat::Table => export::table::system_changes(&changes),
        };
        return match emit(args.output.as_deref(), &text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        };
    }
    let comparison = crate::compare::compare(&old.items, &new.items, as_of, &profile);
    let text = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&comparison).unwrap_or_default() + "\n",
        DiffFormat::Csv => with_bom(args.output.is_some(), export::changes_csv(&comparison)),
        DiffFormat::Table => export::table::changes(&comparison),
    };
    match emit(args.output.as_deref(), &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let as_of = args.as_of.unwrap_or_else(today_in_japan);
    let limits = Limits::default();

    let mut items: Vec<Item> = Vec::new();
    let mut systems = Systems::default();
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut failed = false;
    let mut standardisation = true;
    for path in &args.files {
        match load_path(path, &limits) {
            Some(loaded) => {
                standardisation &= loaded.is_standardisation();
                items.extend(loaded.items);
                systems.extend(loaded.systems);
                skipped.extend(loaded.skipped);
            }
            None => failed = true,
        }
    }
    if let Some(scope) = args.prefecture.as_deref() {
        let Some(number) = prefecture_of(scope) else {
            return fail(&format!(
                "--prefecture {scope}: no such prefecture (a name such as 鳥取県, or a code such as 31)"
            ));
        };
        scope_to(number, &mut items, &mut systems);
    }
    let profile = match read_profile(args.profile.as_deref(), standardisation && !systems.is_empty()) {
        Ok(p) => p,
        Err(code) => return code,
    };

    let classification = classify_all(&items, &systems, as_of, &profile);
    // The page's filter, its text filters matching text within a value as the flags promise.
    let filter = Query {
        statuses: args.status.iter().copied().collect(),
        body: args.organization.clone().unwrap_or_default(),
        task: args.task.clone(),
        extended: args.extended,
        rate_below: args.rate_below,
        priority: args.priority,
        system: args.system.clone(),
        phase: args.phase.clone(),
        matching: Matching::Containing,
        ..Query::default()
    };
    let per_system = !classification.systems.systems.is_empty() && !args.steps;
    // Steps are items in JSON (SPEC §9.2), and rows of the other formats on request.
    let with_steps = args.steps || args.format == Format::Json;
    let report = build_all(&items, &systems, &classification, &skipped, &filter, &profile, with_steps);
    for line in notes(&report.unmatched_designations, &items, &systems) {
        eprintln!("shinchoku: note: {line}");
    }
    let system_rows = || report.rollups.iter().filter(|r| r.source.is_some());
    let text = match args.format {
        Format::Table if per_system && items.is_empty() => export::table::systems(&report),
        Format::Table if per_system => export::table::report(&report) + "\n" + &export::table::systems(&report),
        Format::Table => export::table::report(&report),
        Format::Json => export::json(&report) + "\n",
        Format::Csv if per_system => {
            with_bom(args.output.is_some(), export::systems_delimited(system_rows(), Delimiter::Comma))
        }
        Format::Tsv if per_system => export::systems_delimited(system_rows(), Delimiter::Tab),
        Format::Csv => with_bom(args.output.is_some(), export::delimited(&report.items, Delimiter::Comma)),
        Format::Tsv => export::delimited(&report.items, Delimiter::Tab),
    };
    if let Err(code) = emit(args.output.as_deref(), &text) {
        return code;
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// The prefecture `--prefecture` names: by name (鳥取県, 鳥取), by its number (31) or by any
/// code of it (310000, 31201).
fn prefecture_of(scope: &str) -> Option<u8> {
    let r = register();
    if let Some(n) = r.prefecture_number(scope) {
        return Some(n);
    }
    let digits: String =
        scope.trim().chars().filter_map(|c| c.to_digit(10)).map(|d| char::from(b'0' + d as u8)).collect();
    if digits.is_empty() || digits.chars().count() != scope.trim().chars().count() {
        return None;
    }
    let number: u8 = match digits.len() {
        1 | 2 => digits.parse().ok()?,
        5 | 6 => digits.get(..2)?.parse().ok()?,
        _ => return None,
    };
    r.prefecture(number).map(|e| e.prefecture_number)
}

/// Keeps only the items, system reports and designations of prefecture `number` (as the
/// register resolved them, or as a prefecture column wrote it).
fn scope_to(number: u8, items: &mut Vec<Item>, systems: &mut Systems) {
    let r = register();
    let within = |prefecture: Option<&str>| prefecture.and_then(|p| r.prefecture_number(p)) == Some(number);
    items.retain(|i| within(i.prefecture.as_deref()));
    systems.reports.retain(|s| within(s.prefecture.as_deref()));
    systems.designations.retain(|d| within(d.prefecture.as_deref()));
}

/// Rows shown per file and kind of note on stderr; JSON keeps every row.
const NOTE_ROWS: usize = 5;

/// A summary of the notes, per file: the 特定移行支援 list rows that designated nothing and the
/// bodies the register noted (SPEC §10), each as a count by reason and the first rows.
fn notes(unmatched: &[crate::report::UnmatchedRow<'_>], items: &[Item], systems: &Systems) -> Vec<String> {
    use std::collections::BTreeMap;
    let mut out = Vec::new();
    let counts = |by: &BTreeMap<&str, usize>| by.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
    let mut by_file: BTreeMap<&str, Vec<&crate::report::UnmatchedRow<'_>>> = BTreeMap::new();
    for u in unmatched {
        by_file.entry(u.source.file).or_default().push(u);
    }
    for (file, rows) in by_file {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for u in &rows {
            *by.entry(u.reason.key()).or_default() += 1;
        }
        out.push(format!(
            "{file}: {} list rows designate no system in the progress files ({})",
            rows.len(),
            counts(&by)
        ));
        for u in rows.iter().take(NOTE_ROWS) {
            out.push(format!(
                "  {} row {}: {} {} designates no system ({})",
                u.source.sheet,
                u.source.row,
                u.organization,
                u.task,
                u.reason.key()
            ));
        }
        if rows.len() > NOTE_ROWS {
            out.push(format!("  … and {} more (every row is in --format json)", rows.len() - NOTE_ROWS));
        }
    }
    // Bodies the register noted, each body once per file.
    type Noted<'a> = (&'a str, u32, &'a str, &'a str, Warning);
    let mut noted: BTreeMap<&str, Vec<Noted<'_>>> = BTreeMap::new();
    let bodies = items
        .iter()
        .map(|i| (&i.source, i.organization_as_written.as_deref(), i.organization.as_str(), i.body_note))
        .chain(
            systems
                .reports
                .iter()
                .map(|r| (&r.source, r.organization_as_written.as_deref(), r.organization.as_str(), r.body_note)),
        )
        .chain(
            systems
                .designations
                .iter()
                .map(|d| (&d.source, d.organization_as_written.as_deref(), d.organization.as_str(), d.body_note)),
        );
    let mut seen = std::collections::HashSet::new();
    for (source, written, organization, note) in bodies {
        let Some(note) = note else { continue };
        let w = Warning::of_body_note(note);
        let written = written.unwrap_or(organization);
        // Each body once per sheet (a national table names it on 20 rows).
        if seen.insert((source.file.as_str(), source.sheet.as_str(), written, organization, w)) {
            let list = noted.entry(source.file.as_str()).or_default();
            list.push((source.sheet.as_str(), source.row, organization, written, w));
        }
    }
    for (file, rows) in noted {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for (.., w) in &rows {
            *by.entry(w.key()).or_default() += 1;
        }
        out.push(format!("{file}: {} bodies noted by the register of bodies ({})", rows.len(), counts(&by)));
        for (sheet, row, organization, written, w) in rows.iter().take(NOTE_ROWS) {
            let name = if written == organization {
                (*organization).to_owned()
            } else {
                format!("{written} → {organization}")
            };
            out.push(format!("  {sheet} row {row}: {name} ({})", w.key()));
        }
        if rows.len() > NOTE_ROWS {
            out.push(format!("  … and {} more (each as a warning in --format json)", rows.len() - NOTE_ROWS));
        }
    }
    out
}

/// Reads a file, refusing one over the size limit before reading it.
fn read_file(path: &std::path::Path, limits: &Limits) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a file".to_owned());
    }
    if meta.len() > limits.max_file_bytes {
        return Err(format!("the file is {} bytes, over the limit of {} bytes", meta.len(), limits.max_file_bytes));
    }
    std::fs::read(path).map_err(|e| io_message(&e))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn with_bom(bom: bool, text: String) -> String {
    if bom {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("shinchoku: {}", one_line(msg));
    ExitCode::from(2)
}
