//! Native benchmarks of the whole pipeline (issue 5): read + detect + extract, classify, and
//! both together, per file, with throughput in cells per second; and reading alone (issue 19):
//! shinchoku's .xlsx scanner against calamine's cell reader on the same bytes, every sheet into
//! the rows the readers receive.
//!
//! Run with `scripts/bench.sh` (which first writes the national files with
//! `cargo xtask national`), or `cargo bench --bench pipeline` once they exist.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use shinchoku::classify::classify_all;
use shinchoku::limits::Limits;
use shinchoku::load::load;
use shinchoku::profile::Profile;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![];
    for (name, path) in [
        ("seed_f3", root.join("tests/fixtures/seed_f3.xlsx")),
        ("national_wide", root.join("target/national/national_wide.xlsx")),
        ("national_long", root.join("target/national/national_long.xlsx")),
        // The standardisation step table (SPEC §9): 34,820 systems × 40 steps.
        ("national_steps", root.join("target/national/national_steps.xlsx")),
    ] {
        match std::fs::read(&path) {
            Ok(bytes) => out.push((name.to_owned(), bytes)),
            Err(_) => eprintln!("skipping {name}: {} is missing (run `cargo xtask national`)", path.display()),
        }
    }
    out
}

/// Non-empty cells of every sheet, for the throughput figure.
fn cell_count(name: &str, bytes: &[u8]) -> u64 {
    let mut cells = 0u64;
    let _ = shinchoku::workbook::read(
        name,
        bytes,
        &Limits::default(),
        &mut |s| cells += s.rows.iter().map(|r| r.cells.len() as u64).sum::<u64>(),
        &mut |_, _| {},
    );
    cells
}

fn pipeline(c: &mut Criterion) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2016, 7, 15).unwrap_or_default();
    let limits = Limits::default();
    for (name, bytes) in inputs() {
        let standardisation = load(&name, &bytes, &limits).is_ok_and(|l| l.is_standardisation());
        let profile = if standardisation { Profile::hyojunka() } else { Profile::default() };
        let cells = cell_count(&name, &bytes);
        let mut group = c.benchmark_group(&name);
        group.sample_size(10);
        group.throughput(Throughput::Elements(cells));
        let read_cells = |s: shinchoku::workbook::Sheet<'_>| s.rows.iter().map(|r| r.cells.len()).sum::<usize>();
        group.bench_function("read (scanner)", |b| {
            b.iter(|| {
                let mut n = 0;
                let _ = shinchoku::workbook::read(&name, &bytes, &limits, &mut |s| n += read_cells(s), &mut |_, _| {});
                n
            })
        });
        group.bench_function("read (calamine)", |b| {
            b.iter(|| {
                let mut n = 0;
                let _ = shinchoku::workbook::read_xlsx_with_calamine(
                    &bytes,
                    &limits,
                    &mut |s| n += read_cells(s),
                    &mut |_, _| {},
                );
                n
            })
        });
        group.bench_function("read+detect+extract", |b| {
            b.iter(|| load(&name, &bytes, &limits).map(|l| l.items.len() + l.systems.reports.len()))
        });
        let loaded = load(&name, &bytes, &limits).ok();
        let (items, systems) = loaded.map(|l| (l.items, l.systems)).unwrap_or_default();
        group.bench_function("classify", |b| b.iter(|| classify_all(&items, &systems, as_of, &profile).rollups.len()));
        group.bench_function("whole (bytes → classification)", |b| {
            b.iter_batched(
                || (),
                |()| {
                    load(&name, &bytes, &limits)
                        .map(|l| classify_all(&l.items, &l.systems, as_of, &profile).rollups.len())
                },
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
