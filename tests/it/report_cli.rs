//! The report commands as a user runs them: the built binary on a private ledger.

use taizhang::ledger::text::width;

use crate::support::Sandbox;

#[test]
fn bad_periods_and_formats_are_refused_in_one_line() {
    let s = Sandbox::new();
    let e = s.fails(&["report", "--period", "2026H3"]);
    assert!(
        e.contains("2026H3") && e.contains("2026Q1") && e.contains("FROM..TO"),
        "{e}"
    );
    let e = s.fails(&["report", "--period", "2026-07-01..2026-06-30"]);
    assert!(e.contains("first day"), "{e}");
    let e = s.fails(&["report", "--period", "2026H1", "--format", "xml"]);
    assert!(e.contains("md or json"), "{e}");
    let e = s.fails(&["summary", "--from", "2026-02-30"]);
    assert!(e.contains("2026-02-30"), "{e}");
}

#[test]
fn targets_are_validated_set_listed_and_removed() {
    let s = Sandbox::new();
    let e = s.fails(&["target", "set", "demolition", "area", "2026", "4000"]);
    assert!(
        e.contains("area_demolished_m2") && e.contains("demolished"),
        "{e}"
    );
    let e = s.fails(&["target", "set", "parking", "closed", "2026", "4"]);
    assert!(
        e.contains("petition, labour, land, hazard or demolition"),
        "{e}"
    );
    let e = s.fails(&[
        "target",
        "set",
        "demolition",
        "area_demolished_m2",
        "2026",
        "4000",
        "--stretch",
        "3000",
    ]);
    assert!(e.contains("stretch"), "{e}");
    let e = s.fails(&["target", "set", "petition", "closed", "2026", "3.5"]);
    assert!(e.contains("whole number"), "{e}");
    s.ok(&[
        "target",
        "set",
        "违建拆除",
        "area_demolished_m2",
        "2026",
        "4000",
        "--stretch",
        "4800",
    ]);
    s.ok(&[
        "target",
        "set",
        "labour",
        "amount_recovered",
        "2026",
        "60万",
    ]);
    let list = s.ok(&["target", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&list).expect("json");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 2, "{list}");
    assert!(
        rows.iter()
            .any(|t| t["measure"] == "amount_recovered" && t["guaranteed"] == "600000"),
        "{list}"
    );
    assert!(
        rows.iter()
            .any(|t| t["measure"] == "area_demolished_m2" && t["stretch"] == "4800"),
        "{list}"
    );
    s.ok(&[
        "target",
        "remove",
        "demolition",
        "area_demolished_m2",
        "2026",
    ]);
    let e = s.fails(&[
        "target",
        "remove",
        "demolition",
        "area_demolished_m2",
        "2026",
    ]);
    assert!(e.contains("no 2026 target"), "{e}");
}

#[test]
fn the_demo_summary_fits_one_screen_and_the_report_reads_like_a_work_summary() {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    for lang in ["zh", "en"] {
        let out = s.ok(&["summary", "--lang", lang]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() <= 23, "{lang}: {} lines\n{out}", lines.len());
        for l in &lines {
            assert!(width(l) <= 80, "{lang}: {} columns: {l}", width(l));
        }
    }
    let md = s.ok(&["report", "--period", "2026H1", "--lang", "zh"]);
    for want in [
        "## 一、",
        "## 五、",
        "协调次数",
        "人次",
        "平方米",
        "国有资产范围内拆除",
        "安全检查工作",
    ] {
        assert!(md.contains(want), "missing {want}:\n{md}");
    }
    let json = s.ok(&["report", "--period", "2026H1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    // Decimals travel as exact strings.
    assert!(
        v["demolition"]["area_m2"].is_string(),
        "{}",
        v["demolition"]
    );
    assert_eq!(v["period"]["from"], "2026-01-01");
}
