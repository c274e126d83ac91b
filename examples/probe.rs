use shinchoku::{classify::classify_all, limits::Limits, load::load, profile::Profile, system::Systems};
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let as_of = chrono::NaiveDate::parse_from_str(&args[0], "%Y-%m-%d").unwrap();
    let mut systems = Systems::default();
    for f in &args[1..] {
        let bytes = std::fs::read(f).unwrap();
        match load(f, &bytes, &Limits::default()) {
            Ok(l) => { for s in &l.skipped { println!("skipped {} {}", s.sheet, s.reason); } systems.extend(l.systems); }
            Err(e) => println!("ERR {e}"),
        }
    }
    let c = classify_all(&[], &systems, as_of, &Profile::hyojunka());
    for r in &c.rollups { println!("{:?}|{}|{}|{:?}|{} {:?} rate={:?} cur={:?} ext={} {:?}", r.prefecture, r.organization, r.task, r.status, r.deadline, r.days_late, r.completion_rate.map(|x| x.as_f64()), r.current_step, r.extended, r.warnings.iter().map(|w| w.key()).collect::<Vec<_>>()); }
    for (i, u) in &c.systems.unmatched { let d = &systems.designations[*i]; println!("unmatched {} {} {} row {}", d.organization, d.task, u.key(), d.source.row); }
}
