//! Any bytes, under a file name whose extension the first byte chooses, through the whole
//! path the page takes: format sniffing, the workbook readers, layout detection, item
//! extraction (the action-plan layouts and the standardisation shapes of SPEC §9.1) and, for
//! whatever items and systems come out, the classifier and the report's step rows under both
//! built-in profiles.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use shinchoku::limits::Limits;

const NAMES: [&str; 6] = ["plan.xlsx", "plan.xls", "plan.ods", "plan.csv", "plan.xlsm", "plan"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    // Small enough limits that a fuzz input cannot spend the run's memory legitimately.
    let limits = Limits { max_file_bytes: 1 << 20, max_uncompressed_bytes: 64 << 20, max_cells: 200_000, ..Limits::default() };
    if let Ok(loaded) = shinchoku::load::load(name, bytes, &limits) {
        let as_of = NaiveDate::from_ymd_opt(2016, 7, 15).unwrap_or_default();
        for profile in [shinchoku::profile::Profile::default(), shinchoku::profile::Profile::hyojunka()] {
            let c = shinchoku::classify::classify_all(&loaded.items, &loaded.systems, as_of, &profile);
            let _ = shinchoku::report::step_rows(&loaded.systems, &c, &profile, |_| true);
        }
    }
});
