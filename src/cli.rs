//! The native command line: `shinchoku check FILE...` (SPEC §8) and `shinchoku diff OLD NEW`.
//!
//! Exit status 0 on success; 2 when a file cannot be read or holds no recognisable layout
//! (one line on stderr naming the file and the reason; the other files are still reported),
//! or when an argument or the profile is wrong; 1 when the output cannot be written.
//!
//! Errors take one path, as in ripgrep: each command returns `Result<Outcome, CliError>`;
//! [`main`] prints a [`CliError`] as one line and maps it to its exit status ([`CliError::code`]).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use thiserror::Error;

use crate::classify::systems::Rate;
use crate::classify::{classify_all, Status, Warning};
use crate::export::{self, Delimiter};
use crate::item::Item;
use crate::limits::Limits;
use crate::load::{load, LoadError, Skipped};
use crate::profile::register;
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
    /// Follow monthly exports over time (SPEC §11): each system's completion rate per snapshot,
    /// its pace in steps a month, its projected completion, and the warnings projected_late and
    /// stalled.
    History(HistoryArgs),
    /// Print a built-in profile (action-plan-2016, hyojunka) as a file to edit and pass back
    /// with --profile.
    Profile {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The earlier export (OLD@YYYY-MM-DD gives its date).
    #[arg(value_name = "OLD[@DATE]")]
    old: String,
    /// The later export (NEW@YYYY-MM-DD gives its date).
    #[arg(value_name = "NEW[@DATE]")]
    new: String,
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
    /// Exported workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv); FILE@YYYY-MM-DD gives a file's
    /// date (時点). Files of several dates: the latest date is classified (see `history`).
    #[arg(required = true, value_name = "FILE[@DATE]")]
    files: Vec<String>,
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
    #[command(flatten)]
    filters: Filters,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct HistoryArgs {
    /// Monthly exports (and 特定移行支援 lists), of at least two dates; FILE@YYYY-MM-DD gives a
    /// file's date (時点), else its sheet names or titles do (令和8年1月_進捗状況, 令和8年1月時点).
    #[arg(required = true, value_name = "FILE[@DATE]")]
    files: Vec<String>,
    /// The as-of date every snapshot is classified at (default: today in Japan).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// A built-in profile (action-plan-2016, hyojunka) or a profile file (default: hyojunka).
    #[arg(long, value_name = "NAME|FILE")]
    profile: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    format: DiffFormat,
    #[command(flatten)]
    filters: Filters,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The filters `check` and `history` share: the page's filter ([`Query`]) as flags.
#[derive(Debug, clap::Args)]
struct Filters {
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
    /// Keep only rows with any of these warnings (comma-separated keys, e.g.
    /// projected_late,stalled).
    #[arg(long, value_name = "KEY,...", value_delimiter = ',', value_parser = parse_warning)]
    warning: Vec<Warning>,
}

impl Filters {
    /// The page's filter, its text filters matching text within a value as the flags promise.
    fn query(&self) -> Query {
        Query {
            statuses: self.status.iter().copied().collect(),
            body: self.organization.clone().unwrap_or_default(),
            task: self.task.clone(),
            extended: self.extended,
            rate_below: self.rate_below,
            priority: self.priority,
            system: self.system.clone(),
            phase: self.phase.clone(),
            warnings: self.warning.iter().copied().collect(),
            matching: Matching::Containing,
            ..Query::default()
        }
    }
}

fn parse_warning(s: &str) -> Result<Warning, String> {
    Warning::from_key(s).ok_or_else(|| {
        let keys: Vec<&str> = Warning::ALL.iter().map(|w| w.key()).collect();
        format!("`{s}` is not a warning; use one of {}", keys.join(", "))
    })
}

/// A file argument: the path, and the date given after `@` (`FILE@YYYY-MM-DD`). A path that
/// exists as written is taken whole, `@` and all.
fn file_arg(arg: &str) -> Result<(PathBuf, Option<NaiveDate>), String> {
    if std::path::Path::new(arg).exists() {
        return Ok((PathBuf::from(arg), None));
    }
    match arg.rsplit_once('@') {
        Some((path, date)) if !path.is_empty() && date.len() == 10 && date.as_bytes().get(4) == Some(&b'-') => {
            let date = parse_date(date).map_err(|e| format!("{arg}: {e}"))?;
            Ok((PathBuf::from(path), Some(date)))
        }
        _ => Ok((PathBuf::from(arg), None)),
    }
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

/// Why a command stopped. [`main`] prints it as one line (`shinchoku: …`) and exits with
/// [`CliError::code`].
#[derive(Debug, Error)]
enum CliError {
    /// `--profile` names neither a built-in profile nor a file.
    #[error("`{name}` is neither a built-in profile ({}) nor a file", BUILTIN.join(", "))]
    UnknownProfile { name: String },
    /// `shinchoku profile NAME` names no built-in profile.
    #[error("`{name}` is not a built-in profile; use one of {}", BUILTIN.join(", "))]
    NotBuiltIn { name: String },
    #[error("{path}: cannot read the profile: {reason}")]
    ProfileUnreadable { path: String, reason: String },
    #[error("{path}: {source}")]
    ProfileInvalid {
        path: String,
        #[source]
        source: crate::profile::ProfileError,
    },
    /// A `FILE@YYYY-MM-DD` argument whose date is not a date.
    #[error("{0}")]
    FileArgument(String),
    /// `--prefecture` names no prefecture.
    #[error("--prefecture {scope}: no such prefecture (a name such as 鳥取県, or a code such as 31)")]
    UnknownPrefecture { scope: String },
    /// `diff`: OLD or NEW could not be read (each was named as it was read).
    #[error("diff needs both exports, and one could not be read")]
    ExportUnread,
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    #[error("cannot write the output: {0}")]
    Output(String),
}

impl CliError {
    /// The exit status: 1 when the output cannot be written, 2 for everything about the input.
    fn code(&self) -> u8 {
        match self {
            CliError::Output(_) => 1,
            _ => 2,
        }
    }
}

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Done,
    /// Some files could not be read (each named on stderr as it was read); the others were
    /// reported: exit status 2.
    SomeFilesUnread,
}

impl Outcome {
    fn of(failed: bool) -> Outcome {
        if failed {
            Outcome::SomeFilesUnread
        } else {
            Outcome::Done
        }
    }
}

/// Runs the CLI and gives its exit status.
pub fn main() -> ExitCode {
    std::panic::set_hook(Box::new(record_panic));
    // The last boundary: whatever panics outside a file's reading is one line and exit 2 too.
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        eprintln!("shinchoku: internal error: {} (please report it with the file that caused it)", last_panic());
        ExitCode::from(2)
    })
}

/// Parses the arguments, runs the command and turns its result into the exit status: the one
/// place where an error becomes a line on stderr.
fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match try_main(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFilesUnread) => ExitCode::from(2),
        Err(e) => {
            eprintln!("shinchoku: {}", one_line(&e.to_string()));
            ExitCode::from(e.code())
        }
    }
}

fn try_main(cli: Cli) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Diff(args) => diff(args),
        Command::History(args) => history(args),
        Command::Profile { name } => {
            let profile = Profile::builtin(&name).ok_or(CliError::NotBuiltIn { name })?;
            emit(None, &(profile.to_json() + "\n"))?;
            Ok(Outcome::Done)
        }
    }
}

/// The profile a `--profile NAME|FILE` names, or the one the files' shape chooses (SPEC §9.3:
/// the standardisation profile when every file is of its shapes).
fn read_profile(arg: Option<&str>, standardisation: bool) -> Result<Profile, CliError> {
    let Some(arg) = arg else {
        return Ok(if standardisation { Profile::hyojunka() } else { Profile::default() });
    };
    if let Some(p) = Profile::builtin(arg) {
        return Ok(p);
    }
    let path = std::path::Path::new(arg);
    if !path.exists() && !arg.contains(['/', '\\', '.']) {
        return Err(CliError::UnknownProfile { name: arg.to_owned() });
    }
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::ProfileUnreadable { path: shown.clone(), reason: io_message(&e) })?;
    Profile::from_json(&text).map_err(|source| CliError::ProfileInvalid { path: shown, source })
}

/// [`load`], with a panic inside a reader (a library's bug reached by damaged bytes) turned into
/// this file's [`LoadError::ReaderFailed`]: one line names the file, the other files are still
/// read, and the exit status is 2, never a panic's 101 and backtrace.
fn load_catching(name: &str, bytes: &[u8], limits: &Limits) -> Result<crate::load::Loaded, LoadError> {
    catch_reader(name, || load(name, bytes, limits))
}

/// Runs `read` for the file `name`; a panic in it becomes [`LoadError::ReaderFailed`].
fn catch_reader<T>(name: &str, read: impl FnOnce() -> Result<T, LoadError>) -> Result<T, LoadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(LoadError::ReaderFailed { file: name.to_owned(), message: last_panic() }))
}

thread_local! {
    /// The last panic's message and place, recorded by the hook [`main`] installs.
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The message of the panic just caught (for the one-line error).
fn last_panic() -> String {
    LAST_PANIC.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// Records a panic's message instead of printing it with a backtrace hint: the panic boundaries
/// ([`load_catching`], [`main`]) print it as one line.
fn record_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    LAST_PANIC.with(|p| *p.borrow_mut() = format!("{}{at}", one_line(&message)));
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
    match load_catching(&name, &bytes, limits) {
        Ok(loaded) => Some(loaded),
        Err(e) => {
            eprintln!("shinchoku: {}", one_line(&e.to_string()));
            None
        }
    }
}

/// Writes the output where asked.
fn emit(output: Option<&std::path::Path>, text: &str) -> Result<(), CliError> {
    match output {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display())),
        None => std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| e.to_string()),
    }
    .map_err(CliError::Output)
}

fn diff(args: DiffArgs) -> Result<Outcome, CliError> {
    let limits = Limits::default();
    let (old_path, old_date) = file_arg(&args.old).map_err(CliError::FileArgument)?;
    let (new_path, new_date) = file_arg(&args.new).map_err(CliError::FileArgument)?;
    let (Some(old), Some(new)) = (load_path(&old_path, &limits), load_path(&new_path, &limits)) else {
        return Err(CliError::ExportUnread);
    };
    // Each side is one export; say so when their dates (時点) run backwards or agree.
    if let (Some(o), Some(n)) = (old_date.or(old.date), new_date.or(new.date)) {
        if o >= n {
            eprintln!(
                "shinchoku: note: OLD is dated {} and NEW {}: the changes are read from OLD to NEW as given",
                day(Some(o)),
                day(Some(n))
            );
        }
    }
    let standardisation = old.is_standardisation() && new.is_standardisation();
    let profile = read_profile(args.profile.as_deref(), standardisation)?;
    let as_of = args.as_of.unwrap_or_else(today_in_japan);
    if !old.systems.is_empty() || !new.systems.is_empty() {
        let changes = crate::compare::compare_systems(&old.systems, &new.systems, as_of, &profile);
        let text = match args.format {
            DiffFormat::Json => serde_json::to_string_pretty(&changes).unwrap_or_default() + "\n",
            DiffFormat::Csv => with_bom(args.output.is_some(), export::changes_csv(&changes)),
            DiffFormat::Table => export::table::changes(&changes),
        };
        emit(args.output.as_deref(), &text)?;
        return Ok(Outcome::Done);
    }
    let comparison = crate::compare::compare(&old.items, &new.items, as_of, &profile);
    let text = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&comparison).unwrap_or_default() + "\n",
        DiffFormat::Csv => with_bom(args.output.is_some(), export::changes_csv(&comparison)),
        DiffFormat::Table => export::table::changes(&comparison),
    };
    emit(args.output.as_deref(), &text)?;
    Ok(Outcome::Done)
}

/// A file read from the command line: its name, its date (given, else as its sheets name it)
/// and what it gave.
struct Read {
    name: String,
    date: Option<NaiveDate>,
    loaded: crate::load::Loaded,
}

/// Reads every `FILE[@DATE]` argument; `Err` for a malformed date. Files that cannot be read
/// are named on stderr and left out (`bool`: some failed).
fn read_all(args: &[String], limits: &Limits) -> Result<(Vec<Read>, bool), CliError> {
    let mut read = Vec::new();
    let mut failed = false;
    for arg in args {
        let (path, given) = file_arg(arg).map_err(CliError::FileArgument)?;
        match load_path(&path, limits) {
            Some(loaded) => {
                read.push(Read { name: path.display().to_string(), date: given.or(loaded.date), loaded });
            }
            None => failed = true,
        }
    }
    Ok((read, failed))
}

/// The snapshots the files make (SPEC §11).
fn snapshots_of(read: &[Read]) -> crate::history::Snapshots {
    crate::history::snapshots(
        &read
            .iter()
            .map(|r| crate::history::FileDate { name: &r.name, date: r.date, list: r.loaded.is_designation_list() })
            .collect::<Vec<_>>(),
    )
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "undated".to_owned(), |d| d.format("%Y-%m-%d").to_string())
}

fn check(args: CheckArgs) -> Result<Outcome, CliError> {
    let as_of = args.as_of.unwrap_or_else(today_in_japan);
    let limits = Limits::default();
    let (mut read, failed) = read_all(&args.files, &limits)?;

    // Files of several dates are snapshots: the latest is classified, never a merge of months.
    let snapshots = snapshots_of(&read);
    if snapshots.dates() > 1 {
        if let Some(latest) = snapshots.latest() {
            let others: Vec<String> = snapshots
                .snapshots
                .iter()
                .filter(|s| s.date != latest.date)
                .map(|s| format!("{} ({})", day(s.date), s.files.join(", ")))
                .collect();
            eprintln!(
                "shinchoku: note: the files are of {} dates; classifying the latest, {} ({}), and not {}: \
                 use `shinchoku history` to follow them over time",
                snapshots.dates(),
                day(latest.date),
                latest.files.join(", "),
                others.join(", ")
            );
            let keep: Vec<usize> = latest.members.iter().chain(&snapshots.lists).copied().collect();
            read = read.into_iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, r)| r).collect();
        }
    }

    let mut items: Vec<Item> = Vec::new();
    let mut systems = Systems::default();
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut standardisation = true;
    for r in read {
        standardisation &= r.loaded.is_standardisation();
        items.extend(r.loaded.items);
        systems.extend(r.loaded.systems);
        skipped.extend(r.loaded.skipped);
    }
    if let Some(number) = args.filters.scope()? {
        register::keep_prefecture(number, &mut items, &mut systems);
    }
    let profile = read_profile(args.profile.as_deref(), standardisation && !systems.is_empty())?;

    let classification = classify_all(&items, &systems, as_of, &profile);
    let filter = args.filters.query();
    let per_system = !classification.systems.systems.is_empty() && !args.steps;
    // Steps are items in JSON (SPEC §9.2), and rows of the other formats on request.
    let with_steps = args.steps || args.format == Format::Json;
    let report = build_all(&items, &systems, &classification, &skipped, &filter, &profile, with_steps);
    for line in notes(&items, &systems, &classification) {
        eprintln!("shinchoku: note: {line}");
    }
    let system_rows = || report.rollups.iter().filter(|r| r.source.is_some());
    let text = match args.format {
        Format::Table if per_system && items.is_empty() => export::table::systems(&report),
        Format::Table if per_system => export::table::report(&report) + "\n" + &export::table::systems(&report),
        Format::Table => export::table::report(&report),
        Format::Json => export::json(&report) + "\n",
        Format::Csv if per_system => with_bom(
            args.output.is_some(),
            export::list(&crate::column::systems(false), system_rows(), Delimiter::Comma),
        ),
        Format::Tsv if per_system => export::list(&crate::column::systems(false), system_rows(), Delimiter::Tab),
        Format::Csv => with_bom(args.output.is_some(), export::delimited(&report.items, Delimiter::Comma)),
        Format::Tsv => export::delimited(&report.items, Delimiter::Tab),
    };
    emit(args.output.as_deref(), &text)?;
    Ok(Outcome::of(failed))
}

fn history(args: HistoryArgs) -> Result<Outcome, CliError> {
    let as_of = args.as_of.unwrap_or_else(today_in_japan);
    let limits = Limits::default();
    let (read, failed) = read_all(&args.files, &limits)?;
    if read.iter().any(|r| !r.loaded.items.is_empty()) {
        eprintln!(
            "shinchoku: note: action-plan items have no completion rate: `history` follows the \
             standardisation programme's systems only"
        );
    }
    let profile = read_profile(args.profile.as_deref(), true)?;
    let scope = args.filters.scope()?;
    let files = read
        .into_iter()
        .map(|r| {
            let mut systems = r.loaded.systems;
            if let Some(number) = scope {
                register::keep_prefecture(number, &mut Vec::new(), &mut systems);
            }
            crate::history::DatedFile { name: r.name, date: r.date, systems }
        })
        .collect();
    let mut history = crate::history::history(files, as_of, &profile)?;
    let filter = args.filters.query();
    history.systems.retain(|s| filter.keeps_system(&s.latest));
    let text = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&history).unwrap_or_default() + "\n",
        DiffFormat::Csv => with_bom(args.output.is_some(), export::history_csv(&history, &history.systems)),
        DiffFormat::Table => export::table::history(&history, &history.systems),
    };
    emit(args.output.as_deref(), &text)?;
    Ok(Outcome::of(failed))
}

impl Filters {
    /// The prefecture `--prefecture` scopes the output to, if any.
    fn scope(&self) -> Result<Option<u8>, CliError> {
        self.prefecture
            .as_deref()
            .map(|scope| {
                register::prefecture_named(scope).ok_or_else(|| CliError::UnknownPrefecture { scope: scope.to_owned() })
            })
            .transpose()
    }
}

/// Rows shown per file and kind of note on stderr; JSON keeps every row.
const NOTE_ROWS: usize = 5;

/// A summary of the notes ([`crate::notes`]), per kind and file: the 特定移行支援 list rows that
/// designated nothing, the bodies the register noted (SPEC §10) and the progress rows of no 業務
/// of the programme, each as a count by reason and the first rows. A few lines however many.
fn notes(items: &[Item], systems: &Systems, c: &crate::classify::Classification) -> Vec<String> {
    use crate::notes::{Kind, Note};
    use std::collections::BTreeMap;
    let all = crate::notes::notes(items, systems, c);
    let mut groups: BTreeMap<(Kind, &str), Vec<&Note<'_>>> = BTreeMap::new();
    for n in &all {
        groups.entry((n.reason.kind(), n.file)).or_default().push(n);
    }
    let mut out = Vec::new();
    for ((kind, file), rows) in groups {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for n in &rows {
            *by.entry(n.reason.key()).or_default() += 1;
        }
        let counts = by.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
        out.push(match kind {
            Kind::List => {
                format!("{file}: {} list rows designate no system in the progress files ({counts})", rows.len())
            }
            Kind::Body => format!("{file}: {} bodies noted by the register of bodies ({counts})", rows.len()),
            Kind::Task => {
                format!("{file}: {} rows name no 業務 of the programme and make no system ({counts})", rows.len())
            }
        });
        for n in rows.iter().take(NOTE_ROWS) {
            let key = n.reason.key();
            out.push(match kind {
                Kind::List => {
                    format!("  {} row {}: {} {} designates no system ({key})", n.sheet, n.row, n.organization, n.task)
                }
                Kind::Body if n.written == n.organization => {
                    format!("  {} row {}: {} ({key})", n.sheet, n.row, n.written)
                }
                Kind::Body => format!("  {} row {}: {} → {} ({key})", n.sheet, n.row, n.written, n.organization),
                Kind::Task => format!("  {} row {}: {} {} ({key})", n.sheet, n.row, n.organization, n.task),
            });
        }
        if rows.len() > NOTE_ROWS {
            let more = rows.len() - NOTE_ROWS;
            out.push(match kind {
                Kind::Body => format!("  … and {more} more (each as a warning in --format json)"),
                _ => format!("  … and {more} more (every row is in --format json)"),
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_reader_is_this_files_error_naming_the_file() {
        let result: Result<(), LoadError> = catch_reader("broken.xls", || panic!("index out of range"));
        let error = result.unwrap_err();
        assert!(matches!(error, LoadError::ReaderFailed { .. }), "{error:?}");
        assert!(error.to_string().starts_with("broken.xls: the file is damaged"), "{error}");
    }

    #[test]
    fn an_unwritable_output_exits_1_and_every_input_error_exits_2() {
        assert_eq!(CliError::Output("disk full".into()).code(), 1);
        for e in [
            CliError::UnknownProfile { name: "x".into() },
            CliError::NotBuiltIn { name: "x".into() },
            CliError::FileArgument("a.xlsx@2026-13-01: bad date".into()),
            CliError::ExportUnread,
        ] {
            assert_eq!(e.code(), 2, "{e}");
        }
    }

    #[test]
    fn a_run_with_an_unread_file_exits_2_after_reporting_the_others() {
        assert_eq!(Outcome::of(true), Outcome::SomeFilesUnread);
        assert_eq!(Outcome::of(false), Outcome::Done);
    }

    #[test]
    fn a_reader_that_returns_is_not_touched_by_the_boundary() {
        let result = catch_reader("fine.csv", || Ok::<_, LoadError>(7));
        assert_eq!(result.unwrap(), 7);
    }
}
