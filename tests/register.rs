//! Bodies through the register (SPEC §10): the fixtures written by `cargo xtask
//! register-fixtures` (see xtask/src/register.rs for what each holds) name real bodies the ways
//! real files do; each test is one behaviour of resolution or coverage.

mod common;

use std::process::Command;

use common::{date, load_fixture};
use shinchoku::classify::coverage::MissingBody;
use shinchoku::classify::systems::SystemVerdict;
use shinchoku::classify::{classify_all, Classification, Status, Warning};
use shinchoku::item::Item;
use shinchoku::profile::Profile;
use shinchoku::system::Systems;

/// The fixtures loaded together and classified under the standardisation profile.
fn classified(files: &[&str], as_of: &str) -> (Vec<Item>, Systems, Classification) {
    let (mut items, mut systems) = (Vec::new(), Systems::default());
    for f in files {
        let loaded = load_fixture(f);
        items.extend(loaded.items);
        systems.extend(loaded.systems);
    }
    let c = classify_all(&items, &systems, date(as_of), &Profile::hyojunka());
    (items, systems, c)
}

fn system<'a>(c: &'a Classification, body: &str, task: &str) -> &'a SystemVerdict {
    c.systems
        .systems
        .iter()
        .find(|v| v.organization == body && v.task == task)
        .unwrap_or_else(|| panic!("no system {body} / {task}"))
}

/// (prefecture, organization, code) of every distinct body the systems name, in order.
fn bodies(c: &Classification) -> Vec<(Option<String>, String, Option<String>)> {
    let mut out: Vec<(Option<String>, String, Option<String>)> = Vec::new();
    for v in c.systems.systems.iter().filter(|v| !v.warnings.contains(&Warning::NotInFile)) {
        let b = (v.prefecture.clone(), v.organization.clone(), v.code.clone());
        if !out.contains(&b) {
            out.push(b);
        }
    }
    out
}

fn body(prefecture: &str, organization: &str, code: &str) -> (Option<String>, String, Option<String>) {
    (Some(prefecture.to_owned()), organization.to_owned(), Some(code.to_owned()))
}

const PUBLISHED: [&str; 3] =
    ["register_tokutei_published.xlsx", "register_steps_tottori.xlsx", "register_prefectures.xlsx"];

// ---- The list as published ------------------------------------------------------------------

#[test]
fn the_published_list_joins_every_designation_to_the_system_it_names() {
    let (_, _, c) = classified(&PUBLISHED, "2026-04-30");
    assert!(c.systems.unmatched.is_empty(), "{:?}", c.systems.unmatched);
    let mut extended: Vec<(&str, &str)> =
        c.systems.systems.iter().filter(|v| v.extended).map(|v| (v.organization.as_str(), v.task.as_str())).collect();
    extended.sort_unstable();
    assert_eq!(
        extended,
        [
            ("南部町", "介護保険"),
            ("岩手県", "児童扶養手当"),
            ("日野町", "戸籍"),
            ("江府町", "介護保険"),
            ("鳥取市", "住民記録"),
            ("鳥取市", "戸籍附票"),
            ("鳥取県", "生活保護"),
        ]
    );
}

#[test]
fn a_designated_system_has_the_extended_deadline_after_the_original_one() {
    let (_, _, c) = classified(&PUBLISHED, "2026-04-30");
    let v = system(&c, "鳥取市", "住民記録");
    assert_eq!((v.deadline, v.status), (date("2031-03-31"), Status::OnTrack));
    assert_eq!(system(&c, "鳥取市", "戸籍").status, Status::DeadlineExceeded);
}

#[test]
fn prefecture_and_body_in_one_cell_resolve_to_the_register_body_keeping_the_name_as_written() {
    let loaded = load_fixture("register_tokutei_published.xlsx");
    let d = &loaded.systems.designations[0];
    assert_eq!(
        (d.prefecture.as_deref(), d.organization.as_str(), d.code.as_deref(), d.organization_as_written.as_deref()),
        (Some("鳥取県"), "鳥取市", Some("312011"), Some("鳥取県鳥取市"))
    );
}

#[test]
fn a_gun_between_prefecture_and_body_is_dropped() {
    let loaded = load_fixture("register_tokutei_published.xlsx");
    let d = loaded.systems.designations.iter().find(|d| d.task == "戸籍").unwrap();
    assert_eq!((d.organization.as_str(), d.code.as_deref()), ("日野町", Some("314021")));
}

#[test]
fn a_prefecture_alone_with_a_code_that_lost_its_leading_zero_is_the_prefectures_own_office() {
    let (_, _, c) = classified(&PUBLISHED, "2026-04-30");
    let v = system(&c, "岩手県", "児童扶養手当");
    assert_eq!((v.prefecture.as_deref(), v.code.as_deref(), v.own_office), (Some("岩手県"), Some("030007"), true));
}

// ---- Codes and names ------------------------------------------------------------------------

#[test]
fn codes_in_every_form_name_their_bodies() {
    let (_, _, c) = classified(&["register_codes.csv"], "2026-01-31");
    assert_eq!(
        bodies(&c),
        [
            body("北海道", "札幌市", "011002"),
            body("北海道", "函館市", "012025"),
            body("北海道", "小樽市", "012033"),
            body("北海道", "旭川市", "012041"),
            body("北海道", "室蘭市", "012050"),
            body("北海道", "釧路市", "012068"),
        ]
    );
}

#[test]
fn a_code_and_a_name_of_different_bodies_keep_the_code_with_a_warning() {
    let (_, _, c) = classified(&["register_codes.csv"], "2026-01-31");
    let v = system(&c, "釧路市", "住民記録");
    assert_eq!(v.organization_as_written.as_deref(), Some("函館市"));
    assert!(v.warnings.contains(&Warning::CodeNameMismatch));
    assert!(!system(&c, "函館市", "住民記録").warnings.contains(&Warning::CodeNameMismatch));
}

#[test]
fn shared_names_beside_a_prefecture_column_are_the_bodies_of_those_prefectures() {
    let (_, _, c) = classified(&["register_shared_names.csv"], "2026-01-31");
    assert_eq!(
        bodies(&c),
        [
            body("北海道", "伊達市", "012335"),
            body("福島県", "伊達市", "072133"),
            body("東京都", "府中市", "132063"),
            body("広島県", "府中市", "342084"),
        ]
    );
}

#[test]
fn shared_names_alone_in_a_sheet_spanning_prefectures_stay_as_written_with_a_warning() {
    let (_, _, c) = classified(&["register_shared_names_alone.csv"], "2026-01-31");
    let v = system(&c, "伊達市", "住民記録");
    assert_eq!((v.prefecture.as_deref(), v.code.as_deref()), (None, None));
    assert!(v.warnings.contains(&Warning::AmbiguousName));
}

#[test]
fn a_prefectures_own_sheet_without_a_prefecture_column_gives_every_body_its_prefecture_and_code() {
    let (_, _, c) = classified(&["register_steps_tottori.xlsx"], "2026-01-31");
    let found = bodies(&c);
    assert_eq!(found.len(), 18);
    assert!(found.iter().all(|(p, _, code)| p.as_deref() == Some("鳥取県") && code.is_some()), "{found:?}");
}

#[test]
fn a_shared_name_takes_the_prefecture_of_the_rest_of_its_sheet() {
    let (_, _, c) = classified(&["register_steps_tottori.xlsx"], "2026-01-31");
    assert_eq!(system(&c, "南部町", "住民記録").code.as_deref(), Some("313891"));
    assert_eq!(system(&c, "日野町", "住民記録").code.as_deref(), Some("314021"));
}

#[test]
fn the_seeds_bodies_under_a_prefecture_the_register_does_not_know_stay_as_written_without_a_note() {
    let (items, _, c) = classified(&["seed_f3.xlsx"], "2016-07-15");
    assert!(items.iter().all(|i| i.prefecture.as_deref() == Some("Ａ県")));
    assert!(items.iter().all(|i| i.organization_as_written.is_none() && i.body_note.is_none()));
    assert!(items.iter().any(|i| i.organization == "Ｂ市"));
    assert!(c.missing_bodies.is_empty());
}

// ---- Coverage -------------------------------------------------------------------------------

#[test]
fn a_municipality_no_file_reports_is_listed_as_missing() {
    let (_, _, c) = classified(&["register_steps_tottori.xlsx"], "2026-01-31");
    assert_eq!(
        c.missing_bodies,
        [MissingBody { code: "314030".into(), prefecture: "鳥取県".into(), organization: "江府町".into() }]
    );
}

#[test]
fn a_prefecture_whose_own_systems_no_file_reports_is_listed_as_missing() {
    let (_, _, c) = classified(&["register_prefectures.xlsx"], "2026-01-31");
    assert_eq!(
        c.missing_bodies,
        [MissingBody { code: "470007".into(), prefecture: "沖縄県".into(), organization: "沖縄県".into() }]
    );
}

#[test]
fn a_missing_body_has_one_unreported_system_per_business_its_kind_reports() {
    let (_, _, c) = classified(&PUBLISHED, "2026-01-31");
    let missing: Vec<&SystemVerdict> = c.systems.systems.iter().filter(|v| v.organization == "江府町").collect();
    let tasks: Vec<&str> = missing.iter().map(|v| v.task.as_str()).collect();
    assert_eq!(tasks, ["住民記録", "介護保険", "戸籍", "戸籍附票"]);
    assert!(missing.iter().all(|v| v.status == Status::Unreported && v.warnings == [Warning::NotInFile]));
    assert!(missing.iter().all(|v| v.reports.is_empty()));
    let okinawa: Vec<&str> =
        c.systems.systems.iter().filter(|v| v.organization == "沖縄県").map(|v| v.task.as_str()).collect();
    assert_eq!(okinawa, ["生活保護", "児童扶養手当"]);
}

#[test]
fn a_list_row_naming_a_missing_body_designates_its_unreported_system() {
    let (_, _, c) = classified(&PUBLISHED, "2026-04-30");
    let v = system(&c, "江府町", "介護保険");
    assert_eq!((v.status, v.extended, v.deadline), (Status::Unreported, true, date("2031-03-31")));
    assert!(!system(&c, "江府町", "戸籍").extended);
}

#[test]
fn a_shared_name_written_without_its_prefecture_lists_none_of_its_bodies_as_missing() {
    let (_, _, c) = classified(&["register_shared_names_alone.csv"], "2026-01-31");
    assert!(c.missing_bodies.iter().all(|m| m.organization != "伊達市"), "{:?}", c.missing_bodies.len());
    assert!(c.missing_bodies.iter().any(|m| m.organization == "函館市"));
}

#[test]
fn a_prefectures_own_systems_are_not_expected_because_its_municipalities_are_reported() {
    let (_, _, c) = classified(&["register_steps_tottori.xlsx"], "2026-01-31");
    assert!(c.missing_bodies.iter().all(|m| m.organization != "鳥取県"));
    assert!(c.systems.systems.iter().all(|v| v.organization != "鳥取県"));
}

// ---- Headings as real files write them ------------------------------------------------------

#[test]
fn headings_with_a_unit_a_note_or_a_line_break_name_their_business() {
    let (_, _, c) = classified(&["register_rates_headings.xlsx"], "2026-01-31");
    let mut tasks: Vec<&str> =
        c.systems.systems.iter().filter(|v| v.organization == "鳥取市").map(|v| v.task.as_str()).collect();
    tasks.sort_unstable();
    assert_eq!(tasks, ["住民記録", "印鑑登録", "戸籍", "戸籍附票"]);
}

#[test]
fn a_rate_column_headed_with_percent_holds_numbers_from_0_to_100() {
    let (_, _, c) = classified(&["register_rates_headings.xlsx"], "2026-01-31");
    let rate = |body: &str, task: &str| system(&c, body, task).completion_rate.map(|r| r.as_f64());
    assert_eq!(rate("鳥取市", "住民記録"), Some(1.0));
    assert_eq!(rate("鳥取市", "印鑑登録"), Some(0.01));
    assert_eq!(rate("米子市", "印鑑登録"), Some(0.005));
}

// ---- Output ---------------------------------------------------------------------------------

#[test]
fn json_rollups_carry_the_code_the_canonical_name_and_the_name_as_written_and_list_missing_bodies() {
    let fixture = |f: &str| format!("{}/tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["check", &fixture("register_codes.csv"), "--as-of", "2026-01-31", "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = v["rollups"].as_array().unwrap().iter().find(|r| r["organization"] == "釧路市").unwrap();
    assert_eq!(
        (&r["code"], &r["prefecture"], &r["organization_as_written"]),
        (&"012068".into(), &"北海道".into(), &"函館市".into())
    );
    let sapporo = v["rollups"].as_array().unwrap().iter().find(|r| r["organization"] == "札幌市").unwrap();
    assert!(sapporo.get("organization_as_written").is_none());
    let missing = v["missing_bodies"].as_array().unwrap();
    assert_eq!(missing.len(), 179 - 6);
    assert_eq!(missing[0], serde_json::json!({"code": "012076", "prefecture": "北海道", "organization": "帯広市"}));
}

#[test]
fn the_cli_summarises_the_register_notes_of_each_file_on_stderr() {
    let fixture = |f: &str| format!("{}/tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["check", &fixture("register_shared_names_alone.csv"), "--as-of", "2026-01-31", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("register_shared_names_alone.csv: 2 bodies noted by the register of bodies (ambiguous_name 2)"),
        "{err}"
    );
    assert!(err.contains("row 3: 伊達市 (ambiguous_name)"), "{err}");
}

#[test]
fn the_cli_prefecture_scope_keeps_that_prefectures_bodies_and_its_missing_ones() {
    let fixture = |f: &str| format!("{}/tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"));
    for scope in ["鳥取県", "31", "310000"] {
        let mut args: Vec<String> = PUBLISHED.iter().map(|f| fixture(f)).collect();
        args.extend(["check", "--as-of", "2026-04-30", "--format", "json", "--prefecture", scope].map(str::to_owned));
        args.rotate_right(7);
        let o = Command::new(env!("CARGO_BIN_EXE_shinchoku")).args(&args).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let rollups = v["rollups"].as_array().unwrap();
        assert!(rollups.iter().all(|r| r["prefecture"] == "鳥取県"), "{scope}");
        assert_eq!(rollups.len(), 18 * 4 + 4 + 2, "{scope}: 18 bodies × 4 業務, 江府町's 4, the prefecture's own 2");
        assert_eq!(v["missing_bodies"].as_array().unwrap().len(), 1, "{scope}");
    }
}

#[test]
fn names_as_written_notes_and_missing_bodies_cross_to_the_page_unchanged() {
    use shinchoku::analyse::{analyse, Input};
    use shinchoku::limits::Limits;
    let input = |f: &str| Input { name: f.to_owned(), bytes: common::fixture(f) };
    let a = analyse(&[input("register_codes.csv"), input("register_tokutei_published.xlsx")], &Limits::default());
    assert!(a.systems.reports.iter().any(|r| r.organization_as_written.is_some() && r.body_note.is_some()));
    assert_eq!(shinchoku::wire::decode(&shinchoku::wire::encode(&a)).as_ref(), Some(&a));
    let c = classify_all(&a.items, &a.systems, date("2026-01-31"), &Profile::hyojunka());
    assert!(!c.missing_bodies.is_empty());
    let wire = shinchoku::wire::classification::encode(&c);
    assert_eq!(shinchoku::wire::classification::decode(&wire), Some(c));
}

#[test]
fn the_terminal_table_shows_the_first_five_unmatched_list_rows_and_counts_the_rest() {
    let dir = std::env::temp_dir().join(format!("shinchoku-register-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("list.csv");
    let rows: String = (0..7).map(|i| format!("鳥取県,架空{i}市,住民記録\r\n")).collect();
    std::fs::write(&list, format!("特定移行支援システム一覧\r\n都道府県名,市区町村名,業務名\r\n{rows}")).unwrap();
    let steps = format!("{}/tests/fixtures/register_steps_tottori.xlsx", env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["check", &steps, list.to_str().unwrap(), "--as-of", "2026-01-31"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("list rows that designated nothing: 7"), "{out}");
    assert_eq!(out.lines().filter(|l| l.contains("(unknown_body)")).count(), 5, "{out}");
    assert!(out.contains("… and 2 more"), "{out}");
}

/// A wide step table (CSV) for 鳥取市 with the 業務 of `tasks`: three step columns, 完了済み.
fn step_csv(tasks: &[&str]) -> Vec<u8> {
    let mut text = String::from("都道府県名,市区町村名,業務名,①-1,①-2,①-3\r\n");
    for t in tasks {
        text.push_str(&format!("鳥取県,鳥取市,{t},完了済み,完了済み,完了済み\r\n"));
    }
    text.into_bytes()
}

#[test]
fn a_row_of_no_業務_of_the_programme_is_noted_and_makes_no_system() {
    use shinchoku::analyse::{analyse, Input};
    use shinchoku::limits::Limits;
    use shinchoku::notes::{notes, Reason};
    let input = Input {
        name: "steps.csv".into(),
        bytes: step_csv(&["住民記録", "謎の業務", "共通機能", "住民基本台帳"]),
    };
    let a = analyse(&[input], &Limits::default());
    let c = classify_all(&a.items, &a.systems, date("2026-01-31"), &Profile::hyojunka());
    let tottori: Vec<&str> =
        c.systems.systems.iter().filter(|s| s.organization == "鳥取市").map(|s| s.task.as_str()).collect();
    assert_eq!(tottori, ["住民記録"], "住民基本台帳 is 住民記録's alias; the other two make no system");
    let noted: Vec<(&str, &str)> = notes(&a.items, &a.systems, &c)
        .into_iter()
        .filter(|n| matches!(n.reason, Reason::Task(_)))
        .map(|n| (n.task, n.reason.key()))
        .collect();
    assert_eq!(noted, [("謎の業務", "unknown_task"), ("共通機能", "ignored")]);
}

#[test]
fn the_cli_summarises_rows_of_no_業務_of_the_programme() {
    let dir = std::env::temp_dir().join(format!("shinchoku-task-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let steps = dir.join("steps.csv");
    std::fs::write(&steps, step_csv(&["住民記録", "謎の業務"])).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["check", steps.to_str().unwrap(), "--as-of", "2026-01-31", "--format", "json"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("steps.csv: 1 rows name no 業務 of the programme and make no system (unknown_task 1)"),
        "{err}"
    );
    assert!(err.contains("row 3: 鳥取市 謎の業務 (unknown_task)"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["unknown_tasks"][0]["task"], "謎の業務");
    assert!(v["rollups"].as_array().unwrap().iter().all(|r| r["task"] != "謎の業務"));
}

#[test]
fn a_body_cell_of_400000_characters_is_cut_with_a_warning_and_the_file_still_reads() {
    use shinchoku::analyse::{analyse, Input};
    use shinchoku::limits::Limits;
    let huge = "鳥".repeat(400_000);
    let text = format!("都道府県名,市区町村名,業務名,①-1,①-2,①-3\r\n鳥取県,{huge},住民記録,完了済み,完了済み,完了済み\r\n鳥取県,米子市,住民記録,完了済み,完了済み,完了済み\r\n");
    let a = analyse(&[Input { name: "huge.csv".into(), bytes: text.into_bytes() }], &Limits::default());
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    let cut = a.systems.reports.iter().find(|r| r.organization.starts_with('鳥')).unwrap();
    assert_eq!(cut.organization.chars().count(), shinchoku::profile::register::MAX_BODY_CHARS);
    let c = classify_all(&a.items, &a.systems, date("2026-01-31"), &Profile::hyojunka());
    let v = c.systems.systems.iter().find(|s| s.organization.starts_with('鳥')).unwrap();
    assert!(v.warnings.contains(&Warning::BodyCut), "{:?}", v.warnings);
    assert!(c.systems.systems.iter().any(|s| s.organization == "米子市"));
}

#[test]
fn a_rate_tables_heading_of_no_業務_among_the_業務_is_noted_and_makes_no_system() {
    use shinchoku::analyse::{analyse, Input};
    use shinchoku::limits::Limits;
    use shinchoku::notes::{notes, Reason};
    let text =
        "都道府県名,市区町村名,住民記録,謎の業務,戸籍,備考\r\n鳥取県,鳥取市,50,60,70,\r\n鳥取県,米子市,50,60,70,\r\n";
    let a = analyse(&[Input { name: "rates.csv".into(), bytes: text.as_bytes().to_vec() }], &Limits::default());
    let c = classify_all(&a.items, &a.systems, date("2026-01-31"), &Profile::hyojunka());
    let tasks: std::collections::BTreeSet<&str> =
        c.systems.systems.iter().filter(|s| s.code.is_some()).map(|s| s.task.as_str()).collect();
    assert_eq!(tasks, ["住民記録", "戸籍"].into_iter().collect());
    let noted: Vec<(&str, &str)> = notes(&a.items, &a.systems, &c)
        .into_iter()
        .filter(|n| matches!(n.reason, Reason::Task(_)))
        .map(|n| (n.organization, n.task))
        .collect();
    assert_eq!(noted, [("鳥取市", "謎の業務"), ("米子市", "謎の業務")]);
}
