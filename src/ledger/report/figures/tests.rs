//! The figures' own tests: local days, percentages, names, and the fields the figures read.

use std::collections::BTreeSet;

use chrono::{DateTime, Local};

use super::super::replay::{Days, date_of};
use super::*;
use crate::ledger::store::facts::FIGURE_FIELDS;

/// Every 17 minutes over two years, including the days the clocks change where the zone has
/// daylight saving time: the remembered offsets give the day chrono gives.
fn days_agree_with_chrono() {
    let mut days = Days::default();
    let start = 1_735_689_600; // 2025-01-01T00:00:00Z
    for at in (start..start + 2 * 366 * 86_400).step_by(17 * 60) {
        let want = DateTime::from_timestamp(at, 0)
            .unwrap()
            .with_timezone(&Local)
            .date_naive();
        assert_eq!(date_of(days.day(at)), want, "{at}");
    }
}

#[test]
fn local_days_are_chronos_in_this_zone() {
    days_agree_with_chrono();
}

#[test]
#[ignore = "run by local_days_are_chronos_with_daylight_saving_time"]
fn local_days_in_the_zone_given() {
    days_agree_with_chrono();
}

#[test]
fn local_days_are_chronos_with_daylight_saving_time() {
    // Santiago and Beirut change their clocks at midnight, where a day's offset matters;
    // where the machine has no time zone data the zone falls back to UTC: still a check.
    for tz in [
        "America/New_York",
        "America/Santiago",
        "Asia/Beirut",
        "Australia/Lord_Howe",
        "Asia/Shanghai",
    ] {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "ledger::report::figures::tests::local_days_in_the_zone_given",
            ])
            .args(["--ignored", "--quiet"])
            .env("TZ", tz)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&status.stdout);
        assert!(status.status.success(), "{tz}: {said}");
    }
}

/// The field names a source reads: the arguments of `snap.get/dec/int/text/flag("…")`, and
/// the fields `tally` matches on in a history (`"…" =>` within it).
fn fields_read_in(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut literal_after = |text: &str, marker: &str| {
        for (at, _) in text.match_indices(marker) {
            let rest = &text[at + marker.len()..];
            if let Some(end) = rest.find('"') {
                out.insert(rest[..end].to_string());
            }
        }
    };
    for accessor in ["get", "dec", "int", "text", "flag"] {
        literal_after(source, &format!("snap.{accessor}(\""));
    }
    if let Some(start) = source.find("fn tally<") {
        let body = &source[start..];
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        for line in body.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix('"')
                && let Some((name, _)) = rest.split_once("\" =>")
            {
                out.insert(name.to_string());
            }
        }
    }
    out
}

#[test]
fn every_field_a_figure_reads_is_kept_in_the_figures_table() {
    // The scan finds what it should: a field a report reads that is not kept is caught.
    let sample = "let n = snap.int(\"not_kept\");\nfn tally<'a>() {\n    \"area_mu\" => 1,\n}\n";
    assert_eq!(
        fields_read_in(sample),
        BTreeSet::from(["area_mu".to_string(), "not_kept".to_string()])
    );
    let mut read = BTreeSet::new();
    for source in [
        include_str!("../figures.rs"),
        include_str!("../replay.rs"),
        include_str!("../dashboard.rs"),
        include_str!("../mod.rs"),
        include_str!("../prose.rs"),
        include_str!("../period.rs"),
    ] {
        read.extend(fields_read_in(source));
    }
    read.remove("not_kept"); // the sample above, in this file's text
    assert!(
        read.contains("person_times") && read.contains("area_demolished_m2"),
        "the scan no longer finds the fields the figures read: {read:?}"
    );
    let missing: Vec<_> = read
        .iter()
        .filter(|f| !FIGURE_FIELDS.contains(&f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "read by a figure but not kept in the figures table: add {missing:?} to FIGURE_FIELDS"
    );
}

#[test]
fn percentages_round_half_up_exactly() {
    assert_eq!(
        pct(Decimal::from(2), Decimal::from(3)),
        Some("66.7".parse().unwrap())
    );
    assert_eq!(
        pct(Decimal::from(1), Decimal::from(8)),
        Some("12.5".parse().unwrap())
    );
    assert_eq!(
        pct(Decimal::from(1), Decimal::from(16)),
        Some("6.3".parse().unwrap())
    );
    assert_eq!(
        pct(Decimal::from(4816), Decimal::from(4000)),
        Some("120.4".parse().unwrap())
    );
    assert_eq!(pct(Decimal::ONE, Decimal::ZERO), None);
}

#[test]
fn worker_names_are_shortened_to_the_surname() {
    assert_eq!(short_name("杜小明"), "杜**");
    assert_eq!(short_name("乌几莫"), "乌**");
    assert_eq!(short_name("德乐公司"), "德乐公司");
    assert_eq!(short_name("12名职工"), "12名职工");
    assert_eq!(short_name("Du Xiaoming"), "Du Xiaoming");
}
