//! The command line as SPEC §8 specifies it, run as a real process.

use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku")).args(args).output().expect("run shinchoku")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn check_prints_the_seed_rollups_in_a_table() {
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--as-of", "2016-07-15"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for (body, status) in [
        ("Ｂ市", "plan_overrun"),
        ("Ｃ市", "done"),
        ("Ｅ町", "deadline_exceeded"),
        ("Ｇ町", "unreported"),
        ("Ｈ村", "deadline_exceeded"),
    ] {
        let line = out.lines().rev().find(|l| l.starts_with(body)).unwrap();
        assert!(line.contains(status), "{line}");
    }
}

#[test]
fn json_output_is_one_object_with_items_rollups_and_skipped() {
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--as-of", "2016-07-15", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["as_of"], "2016-07-15");
    assert_eq!(v["items"].as_array().unwrap().len(), 28);
    assert_eq!(v["rollups"].as_array().unwrap().len(), 7);
    assert!(v["skipped"].is_array());
}

#[test]
fn status_and_organization_filters_narrow_the_items() {
    let o = run(&[
        "check",
        &fixture("seed_f3.xlsx"),
        "--as-of",
        "2016-07-15",
        "--format",
        "json",
        "--status",
        "plan_overrun,unreported",
        "--organization",
        "b市",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["organization"], "Ｂ市");
}

#[test]
fn an_unknown_status_is_a_usage_error() {
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--status", "late"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("plan_overrun"));
}

#[test]
fn csv_output_file_has_a_bom_and_neutralised_formula_cells() {
    let dir = std::env::temp_dir().join(format!("shinchoku-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.csv");
    let o = run(&[
        "check",
        &fixture("hostile_cells.csv"),
        "--as-of",
        "2016-07-15",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.lines().next().unwrap().contains("団体名"));
    assert!(text.contains(",\"'=HYPERLINK(\"\"http"), "{text}");
    assert!(text.contains(",'+SUM(A1),") && text.contains(",'-1,") && text.contains(",'@cmd,"), "{text}");
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in rdr.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "cell {cell:?} would run as a formula");
        }
    }
}

#[test]
fn tsv_output_is_tab_separated() {
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--as-of", "2016-07-15", "--format", "tsv"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 29);
    assert!(out.lines().all(|l| l.split('\t').count() == 21));
}

#[test]
fn a_bad_file_exits_2_with_one_line_naming_it() {
    for name in ["garbage.xlsx", "empty.csv", "truncated.xlsx", "no_header.xlsx", "html_saved_as.xls"] {
        let o = run(&["check", &fixture(name)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name), "{err}");
        assert!(!err.contains("panicked") && !err.contains("backtrace"));
    }
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let o = run(&["check", "/nonexistent/plan.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "shinchoku: /nonexistent/plan.xlsx: no such file");
}

#[test]
fn good_files_are_still_reported_when_another_file_is_bad() {
    let o = run(&[
        "check",
        &fixture("garbage.xlsx"),
        &fixture("seed_f3.xlsx"),
        "--as-of",
        "2016-07-15",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 28);
}

#[test]
fn a_profile_file_changes_the_deadlines() {
    let dir = std::env::temp_dir().join(format!("shinchoku-cli-p-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("profile.json");
    let text = shinchoku::profile::Profile::default().to_json().replace("2016-11-01", "2017-12-31");
    std::fs::write(&path, text).unwrap();
    let o = run(&[
        "check",
        &fixture("seed_f3.xlsx"),
        "--as-of",
        "2016-07-15",
        "--profile",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--organization",
        "Ｅ町",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["rollups"][0]["status"], "on_track");
}

#[test]
fn an_invalid_profile_exits_2_with_the_reason() {
    let dir = std::env::temp_dir().join(format!("shinchoku-cli-q-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(&path, "{\"name\": \"x\"").unwrap();
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--profile", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.json"));
}

#[test]
fn diff_lists_changes_as_json_with_a_kind_each() {
    let o = run(&[
        "diff",
        &fixture("seed_f3.xlsx"),
        &fixture("seed_f3_next_month.xlsx"),
        "--as-of",
        "2016-07-15",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let b = changes.iter().find(|c| c["organization"] == "Ｂ市").unwrap();
    assert_eq!(b["kind"], "newly_done");
    assert_eq!(b["before"]["status"], "plan_overrun");
    assert_eq!(b["after"]["status"], "done");
    assert_eq!(b["task"], "F-3");
    assert_eq!(b["phase"], "団体内連携テスト工程");
    assert_eq!(b["before"]["planned_end"], "2016-06-30");
    let h = changes.iter().find(|c| c["organization"] == "Ｈ村" && c["kind"] == "plan_end_later").unwrap();
    assert_eq!(h["days_moved"], 35);
}

#[test]
fn diff_csv_and_table_name_each_change() {
    let o = run(&[
        "diff",
        &fixture("seed_f3.xlsx"),
        &fixture("seed_f3_next_month.xlsx"),
        "--as-of",
        "2016-07-15",
        "--format",
        "csv",
    ]);
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().starts_with("変化,"));
    assert!(out.contains("新たに完了,Ａ県,Ｂ市"));
    let o = run(&["diff", &fixture("seed_f3.xlsx"), &fixture("seed_f3_next_month.xlsx"), "--as-of", "2016-07-15"]);
    assert!(stdout(&o).lines().any(|l| l.starts_with("plan_end_earlier") && l.contains("Ｅ町") && l.contains("-60")));
}

#[test]
fn diff_of_a_bad_file_exits_2_naming_it() {
    let o = run(&["diff", &fixture("garbage.xlsx"), &fixture("seed_f3.xlsx")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("garbage.xlsx"));
}

#[test]
fn standardisation_files_choose_their_profile_and_json_rollups_carry_the_system_fields() {
    let o = run(&["check", &fixture("hyojunka_soumu.xlsx"), "--as-of", "2026-12-02", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rollups = v["rollups"].as_array().unwrap();
    assert_eq!(rollups.len(), 60);
    let r = rollups.iter().find(|r| r["organization"] == "Ｂ市" && r["task"] == "個人住民税").unwrap();
    assert_eq!(r["status"], "deadline_exceeded");
    assert_eq!(r["deadline"], "2026-03-31");
    assert_eq!(r["days_late"], 246);
    assert_eq!(r["extended"], false);
    assert_eq!(r["completion_rate"], 0.75);
    assert!(r["current_step"].as_str().unwrap().starts_with("⑬-1"));
    assert_eq!(r["warnings"], serde_json::json!([]));
    // Each step remains an item.
    assert_eq!(v["items"].as_array().unwrap().len(), 60 * 40);
}

#[test]
fn a_designation_list_given_as_another_file_extends_the_deadline_and_unmatched_rows_are_named() {
    let o = run(&[
        "check",
        &fixture("hyojunka_soumu.xlsx"),
        &fixture("tokutei_pairs.xlsx"),
        "--as-of",
        "2026-12-02",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let r = v["rollups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["organization"] == "Ｃ町" && r["task"] == "健康管理")
        .unwrap();
    assert_eq!(
        (r["extended"].clone(), r["deadline"].clone()),
        (serde_json::json!(true), serde_json::json!("2031-03-31"))
    );
    let unmatched = v["unmatched_designations"].as_array().unwrap();
    assert_eq!(unmatched.len(), 2);
    assert!(stderr(&o).contains("Ｚ市 介護保険 designates no system"), "{}", stderr(&o));
}

#[test]
fn the_csv_of_a_standardisation_export_has_one_row_per_system_and_steps_on_request() {
    let o = run(&["check", &fixture("hyojunka_prefectures.xlsx"), "--as-of", "2026-01-31", "--format", "csv"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1 + 4);
    assert!(out.starts_with("都道府県,団体名,自庁内,団体コード,業務,完了率,現在のステップ"), "{out}");
    let o =
        run(&["check", &fixture("hyojunka_prefectures.xlsx"), "--as-of", "2026-01-31", "--format", "tsv", "--steps"]);
    assert_eq!(stdout(&o).lines().count(), 1 + 4 * 40);
}

#[test]
fn a_builtin_profile_is_chosen_by_name_and_an_unknown_name_is_refused() {
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--as-of", "2016-07-15", "--profile", "action-plan-2016"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["check", &fixture("seed_f3.xlsx"), "--profile", "hyojunka2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("neither a built-in profile"), "{}", stderr(&o));
}

#[test]
fn diff_of_two_standardisation_exports_reports_per_system() {
    let f = fixture("hyojunka_prefectures.xlsx");
    let o = run(&["diff", &f, &f, "--as-of", "2026-01-31", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let kinds: Vec<&str> = v["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["still_unreported"]);
}

#[test]
fn systems_are_filtered_by_task_designation_and_rate() {
    let args = |extra: &[&str]| {
        let mut a = vec!["check".to_owned(), fixture("hyojunka_soumu.xlsx"), fixture("tokutei_marks.csv")];
        a.extend(["--as-of", "2026-12-02", "--format", "tsv"].map(String::from));
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let lines = |extra: &[&str]| {
        let a = args(extra);
        let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().skip(1).map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(lines(&["--task", "戸籍"]).len(), 3 * 2, "戸籍 and 戸籍附票 of three bodies");
    assert_eq!(lines(&["--extended"]).len(), 4);
    assert_eq!(lines(&["--extended=false"]).len(), 60 - 4);
    let below = lines(&["--rate-below", "60"]);
    assert_eq!(below.len(), 20 + 2, "Ｄ村's 20 at 50 %, Ｃ町's 国民年金 (0 %) and 健康管理 (50 %)");
}

#[test]
fn a_builtin_profile_prints_as_a_file_that_check_takes_back() {
    let o = run(&["profile", "hyojunka"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = std::env::temp_dir().join(format!("shinchoku-profile-{}.json", std::process::id()));
    std::fs::write(&path, stdout(&o).replace("2026-03-31", "2026-12-31")).unwrap();
    let o = run(&[
        "check",
        &fixture("hyojunka_prefectures.xlsx"),
        "--as-of",
        "2026-12-02",
        "--format",
        "json",
        "--profile",
        path.to_str().unwrap(),
    ]);
    std::fs::remove_file(&path).ok();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["rollups"].as_array().unwrap().iter().all(|r| r["deadline"] == "2026-12-31"));
}

#[test]
fn diff_of_two_monthly_soumu_workbooks_lists_newly_done_rates_up_with_their_steps_and_still_unreported() {
    let o = run(&[
        "diff",
        &fixture("hyojunka_soumu_last_month.xlsx"),
        &fixture("hyojunka_soumu.xlsx"),
        "--as-of",
        "2026-01-31",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let changes: Vec<(String, String, String, Vec<String>)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let steps = c["steps"].as_array().map_or(vec![], |s| {
                s.iter().map(|s| s["step"].as_str().unwrap().split(' ').next().unwrap().to_owned()).collect()
            });
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["organization"].as_str().unwrap().to_owned(),
                c["task"].as_str().unwrap().to_owned(),
                steps,
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &[&str]| {
        (a.to_owned(), b.to_owned(), c.to_owned(), d.iter().map(|x| x.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(
        changes,
        [
            s("newly_done", "Ｂ市", "住民記録", &[]),
            s("rate_up", "Ｂ市", "住民記録", &["⑱-1"]),
            s("rate_up", "Ｂ市", "個人住民税", &["⑪-2", "⑫-1"]),
            s("still_unreported", "Ｃ町", "国民年金", &[]),
            s("rate_up", "Ｃ町", "児童手当", &["⑰-1"]),
        ]
    );
}

#[test]
fn check_filters_by_priority_system_and_phase_as_the_page_does() {
    let rows = |extra: &[&str]| {
        let mut a = vec!["check", "--as-of", "2016-07-15", "--format", "tsv"];
        let f = fixture("seed_f3.xlsx");
        a.push(&f);
        a.extend(extra);
        let o = run(&a);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().skip(1).map(str::to_owned).collect::<Vec<_>>()
    };
    let high = rows(&["--priority", "high"]);
    assert_eq!(high.len(), 2, "Ｅ町 and Ｈ村, deadline exceeded: {high:?}");
    assert_eq!(rows(&["--priority", "follow_up"]).len(), 1);
    assert_eq!(rows(&["--phase", "団体内連携"]).len(), 7);
    assert_eq!(rows(&["--system", "地方税"]).len(), 28);
    assert_eq!(rows(&["--system", "公営住宅"]).len(), 0);
}

#[test]
fn a_system_s_steps_are_filtered_by_the_step_as_a_phase() {
    let o = run(&[
        "check",
        &fixture("hyojunka_prefectures.xlsx"),
        "--as-of",
        "2026-01-31",
        "--format",
        "tsv",
        "--steps",
        "--phase",
        "⑱-1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1 + 4);
}

#[test]
fn check_keeps_the_items_the_page_s_selection_keeps_for_the_same_filter() {
    use shinchoku::classify::{classify, Status};
    use shinchoku::query::{select_items, Matching, Query, SearchKeys};
    let path = fixture("seed_f3.xlsx");
    let o = run(&["check", &path, "--as-of", "2016-07-15", "--format", "json", "--status", "plan_overrun,done"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cli: Vec<(String, u64)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["organization"].as_str().unwrap().to_owned(), i["source"]["row"].as_u64().unwrap()))
        .collect();

    let loaded = shinchoku::load::load(&path, &std::fs::read(&path).unwrap(), &Default::default()).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2016, 7, 15).unwrap();
    let c = classify(&loaded.items, as_of, &shinchoku::profile::Profile::default());
    let q = Query {
        statuses: [Status::PlanOverrun, Status::Done].into(),
        matching: Matching::Containing,
        ..Query::default()
    };
    let page: Vec<(String, u64)> = select_items(&loaded.items, &c.verdicts, &SearchKeys::new(&loaded.items), &q)
        .into_iter()
        .map(|i| (loaded.items[i].organization.clone(), u64::from(loaded.items[i].source.row)))
        .collect();
    assert!(!page.is_empty());
    assert_eq!(cli, page);
}

/// `history` of July to January and the 特定移行支援 list at 2026-02-01, with more arguments.
fn history_of_four_months(more: &[&str]) -> Output {
    let files = ["monthly_r7_07.xlsx", "monthly_r7_10.csv", "monthly_r7_12.xlsx", "monthly_r8_01.xlsx"];
    let mut args: Vec<String> = vec!["history".to_owned()];
    args.extend(files.iter().map(|f| fixture(f)));
    args.push(fixture("tokutei_monthly.xlsx"));
    args.extend(["--as-of", "2026-02-01"].iter().map(|s| (*s).to_owned()));
    args.extend(more.iter().map(|s| (*s).to_owned()));
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn history_json_has_exactly_the_fields_of_spec_11() {
    let o = history_of_four_months(&["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(keys(&v), ["as_of", "missing_bodies", "snapshots", "systems"]);
    assert_eq!(v["as_of"], "2026-02-01");
    assert_eq!(v["missing_bodies"], serde_json::json!([]));
    let snapshots = v["snapshots"].as_array().unwrap();
    assert_eq!(snapshots.len(), 4, "the list is no snapshot");
    assert_eq!(keys(&snapshots[0]), ["date", "files"]);
    assert_eq!(snapshots[0]["date"], "2025-07-31");
    assert_eq!(snapshots[0]["files"], serde_json::json!([fixture("monthly_r7_07.xlsx")]));
    let systems = v["systems"].as_array().unwrap();
    assert_eq!(systems.len(), 6);
    assert_eq!(
        keys(&systems[0]),
        [
            "code",
            "deadline",
            "extended",
            "organization",
            "pace",
            "prefecture",
            "projected_completion",
            "series",
            "status",
            "task",
            "warnings"
        ]
    );
    assert_eq!(keys(&systems[0]["series"][0]), ["completion_rate", "date"]);
}

#[test]
fn history_json_gives_each_system_its_series_projection_and_warnings() {
    let o = history_of_four_months(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let find = |body: &str, task: &str| {
        v["systems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["organization"] == body && s["task"] == task)
            .unwrap_or_else(|| panic!("{body}/{task}"))
            .clone()
    };
    let late = find("Ｍ町", "個人住民税");
    assert_eq!(late["prefecture"], "Ａ県");
    assert_eq!(late["deadline"], "2031-03-31");
    assert_eq!(late["extended"], true);
    assert_eq!(late["status"], "on_track");
    assert_eq!(late["projected_completion"], "2048-07-02");
    assert_eq!(late["warnings"], serde_json::json!(["projected_late"]));
    let rates: Vec<&serde_json::Value> =
        late["series"].as_array().unwrap().iter().map(|p| &p["completion_rate"]).collect();
    assert_eq!(
        rates,
        [&serde_json::json!(0.1), &serde_json::json!(0.1), &serde_json::json!(0.105), &serde_json::json!(0.11)]
    );
    let blank = find("Ｌ市", "個人住民税");
    assert_eq!(blank["series"][2], serde_json::json!({ "date": "2025-12-31", "completion_rate": null }));
    let stalled = find("Ｌ市", "戸籍");
    assert_eq!(
        (stalled["pace"].clone(), stalled["warnings"].clone()),
        (serde_json::Value::Null, serde_json::json!(["stalled"]))
    );
    let done = find("Ｍ町", "住民記録");
    assert_eq!(
        (done["status"].clone(), done["projected_completion"].clone()),
        ("done".into(), serde_json::Value::Null)
    );
}

#[test]
fn history_keeps_only_the_warnings_asked_for() {
    let o = history_of_four_months(&["--format", "json", "--warning", "stalled"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let systems = v["systems"].as_array().unwrap();
    assert_eq!(systems.len(), 1);
    assert_eq!((systems[0]["organization"].as_str(), systems[0]["task"].as_str()), (Some("Ｌ市"), Some("戸籍")));
    let o = history_of_four_months(&["--format", "json", "--warning", "projected_late,stalled", "--extended"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["systems"].as_array().unwrap().len(), 1, "Ｍ町/個人住民税 alone");
}

#[test]
fn history_takes_a_files_date_after_an_at_sign() {
    let feb = format!("{}@2026-02-27", fixture("monthly_r8_02.xlsx"));
    let o = run(&["history", &fixture("monthly_r8_01.xlsx"), &feb, "--as-of", "2026-03-01", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["snapshots"][1]["date"], "2026-02-27");
    assert_eq!(v["snapshots"][1]["files"], serde_json::json!([fixture("monthly_r8_02.xlsx")]));
}

#[test]
fn history_of_fewer_than_two_dates_exits_2_with_one_line_naming_the_undated_files() {
    let o =
        run(&["history", &fixture("monthly_r8_01.xlsx"), &fixture("monthly_undated.xlsx"), "--as-of", "2026-02-01"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("monthly_undated.xlsx") && err.contains("FILE@YYYY-MM-DD"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn history_csv_has_a_rate_column_per_snapshot() {
    let o = history_of_four_months(&["--format", "csv"]);
    let out = stdout(&o);
    let head = out.lines().next().unwrap();
    for d in ["2025-07-31", "2025-10-31", "2025-12-31", "2026-01-31"] {
        assert!(head.contains(&format!("完了率 {d}")), "{head}");
    }
    let line = out.lines().find(|l| l.contains("Ｌ市,,住民記録")).unwrap();
    assert!(line.contains("20%,50%,60%,70%,2.61,2026-06-18"), "{line}");
}

#[test]
fn check_of_files_of_two_dates_classifies_the_latest_and_notes_the_other() {
    let o = run(&[
        "check",
        &fixture("monthly_r7_12.xlsx"),
        &fixture("monthly_r8_01.xlsx"),
        "--as-of",
        "2026-02-01",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rollups = v["rollups"].as_array().unwrap();
    assert_eq!(rollups.len(), 6, "one month's systems, not two merged");
    let l = rollups.iter().find(|r| r["organization"] == "Ｌ市" && r["task"] == "住民記録").unwrap();
    assert_eq!(l["completion_rate"], 0.7, "January's rate");
    let err = stderr(&o);
    assert!(err.contains("2025-12-31") && err.contains("shinchoku history"), "{err}");
}

#[test]
fn check_of_one_dated_and_one_undated_file_merges_them_as_before() {
    let o = run(&[
        "check",
        &fixture("hyojunka_soumu.xlsx"),
        &fixture("hyojunka_rates.xlsx"),
        "--as-of",
        "2026-02-01",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("dates"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["rollups"].as_array().unwrap().len(), 60 + 60);
}

#[test]
fn diff_of_a_newer_old_file_notes_that_the_dates_run_backwards() {
    let o = run(&[
        "diff",
        &fixture("hyojunka_soumu.xlsx"),
        &fixture("hyojunka_soumu_last_month.xlsx"),
        "--as-of",
        "2026-02-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("OLD is dated 2026-01-31 and NEW 2025-12-31"), "{}", stderr(&o));
    let o = run(&[
        "diff",
        &fixture("hyojunka_soumu_last_month.xlsx"),
        &fixture("hyojunka_soumu.xlsx"),
        "--as-of",
        "2026-02-01",
    ]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}
