//! Everything a user types is parsed without panicking: queries, dates, amounts and areas, every
//! field's values, the holiday calendar. What a parser accepts it reads back the same way, and
//! a refused query names a column inside the text.
//!
//! The case counts are kept small for the default run; `TAIZHANG_SOAK=1` multiplies them by 50
//! and `PROPTEST_CASES=N` sets them exactly. Inputs that once broke a parser (found by these tests
//! or by the fuzz targets under fuzz/) are replayed from fuzz/regressions/ on every run.

use std::path::Path;

use chrono::{Datelike, NaiveDate, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use rust_decimal::Decimal;
use taizhang::ledger::model::{Clock, parse_value};
use taizhang::ledger::query::{Env, Query};
use taizhang::ledger::schema::FieldType;
use taizhang::ledger::units::{self, parse_date, parse_decimal};
use taizhang::ledger::{Calendar, Case, Kind, LedgerError, Priority, Value};

fn config(default: u32) -> Config {
    let cases = match std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => n,
        None if std::env::var_os("TAIZHANG_SOAK").is_some() => default * 50,
        None => default,
    };
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    }
}

/// Pieces queries are made of: keywords, operators, field names, dates, Chinese text, quotes,
/// parentheses of both widths, and characters a terminal or a parser may choke on.
fn query_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "kind",
            "state",
            "assignee",
            "priority",
            "tag",
            "id",
            "title",
            "party",
            "opened",
            "closed",
            "due",
            "updated",
            "is",
            "people",
            "area_mu",
            "amount_claimed",
            "holdout_reason",
            "collective",
            "channel",
            "served",
            "colour",
            "pri",
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            ":", "=", "!=", "<", "<=", ">", ">=", "：", "-", "!", "\"", " ", "  ", "(", ")", "（",
            "）"
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            "and",
            "or",
            "not",
            "&&",
            "||",
            "overdue",
            "open",
            "mine",
            "paused",
            "逾期",
            "未结",
            "petition",
            "信访",
            "hazard",
            "closed",
            "accepted",
            "受理",
            "high",
            "急",
            "today",
            "7d",
            "-30d",
            "36501d",
            "2026-05-23",
            "2026年5月23日",
            "2026-02-30",
            "1.2万元",
            "54.8375",
            "1.2.3",
            "yes",
            "否",
            "地界冲突",
            "德乐",
            "me",
            "none",
        ])
        .prop_map(String::from),
        "[a-z0-9_]{1,6}",
        "\\PC{1,4}",
        any::<char>().prop_map(String::from),
    ]
}

fn query_text() -> impl Strategy<Value = String> {
    prop::collection::vec(query_piece(), 0..24).prop_map(|v| v.concat())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// A few cases of every kind to evaluate parsed queries against.
fn sample_cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        let def = kind.def();
        for (j, st) in def.states.iter().enumerate().take(3) {
            let mut fields = std::collections::BTreeMap::new();
            for f in &def.fields {
                let v = match f.ty {
                    FieldType::Text => Value::Text("德乐 text".into()),
                    FieldType::Int => Value::Int(150),
                    FieldType::Money | FieldType::AreaMu | FieldType::AreaM2 => {
                        Value::Dec("54.8375".parse().expect("decimal"))
                    }
                    FieldType::Date => Value::Date(d(2026, 5, 23)),
                    FieldType::Bool => Value::Bool(j % 2 == 0),
                    FieldType::Enum => Value::Text(f.options[0].key.clone()),
                    FieldType::List => Value::List(vec!["甲".into(), "乙".into()]),
                };
                fields.insert(f.key.clone(), v);
            }
            let clock = st.deadline.clone().map(|rule| Clock {
                rule,
                started: d(2026, 3, 1),
                extended_days: 0,
                extensions: 0,
                paused_days: 0,
                paused_since: (j == 1).then(|| d(2026, 4, 1)),
            });
            out.push(Case {
                id: format!("{}-2026-{:04}", def.code, i * 10 + j + 1),
                kind,
                title: "联合村草尼马上访".into(),
                description: "描述".into(),
                party: "德乐公司".into(),
                location: "园区".into(),
                assignee: (j != 2).then(|| "wang".into()),
                priority: Priority::ALL[j % 4],
                tags: vec!["集体访".into()],
                state: st.key.clone(),
                opened: d(2026, 3, 1),
                closed: st.terminal.then(|| d(2026, 5, 1)),
                links: vec![],
                fields,
                clock,
                due: None,
                rev: 1,
                created: Utc::now(),
                updated: Utc::now(),
                source: None,
            });
        }
    }
    out
}

/// The query checks shared by the property test and the regression replay.
fn check_query(q: &str, cases: &[Case]) {
    let cal = Calendar::none();
    let env = Env {
        today: d(2026, 5, 20),
        rule_set: "national",
        calendar: &cal,
        user: "wang",
    };
    match Query::parse(q) {
        Ok(parsed) => {
            for c in cases {
                let _ = parsed.matches(c, &env);
            }
        }
        Err(LedgerError::Query { column, message }) => {
            let len = q.chars().count();
            assert!(
                (1..=len + 1).contains(&column),
                "column {column} outside {q:?} ({len} chars): {message}"
            );
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{q:?}: {message:?}"
            );
        }
        Err(other) => {
            panic!("{q:?}: a query error must be a Query error with a column, got {other}")
        }
    }
}

fn check_date(s: &str) {
    if let Ok(date) = parse_date(s) {
        assert_eq!(
            parse_date(&date.to_string()).ok(),
            Some(date),
            "{s:?} read back as ISO"
        );
        let zh = format!("{}年{}月{}日", date.year(), date.month(), date.day());
        assert_eq!(parse_date(&zh).ok(), Some(date), "{s:?} read back as {zh}");
    }
}

fn check_decimal(s: &str) {
    for ty in [FieldType::Money, FieldType::AreaMu, FieldType::AreaM2] {
        if let Ok(v) = parse_decimal(s, ty) {
            assert!(v >= Decimal::ZERO, "{s:?} as {ty:?} gave a negative {v}");
            assert!(
                v.scale() <= ty.scale().unwrap_or(4),
                "{s:?} as {ty:?} kept too many places: {v}"
            );
            assert_eq!(
                parse_decimal(&v.to_string(), ty).ok(),
                Some(v),
                "{s:?} as {ty:?} read back"
            );
            // Shown in every unit without panicking, and the shown figure has no exponent.
            for shown in [units::money(v), units::mu(v), units::m2(v), units::wan(v)] {
                assert!(!shown.contains('e') && !shown.contains('E'), "{shown}");
            }
        }
    }
}

/// Every field of every kind reads a value back from the text it writes (`Value::raw`).
fn check_values(s: &str) {
    for kind in Kind::ALL {
        for f in &kind.def().fields {
            if let Ok(Some(v)) = parse_value(f, s) {
                let again = parse_value(f, &v.raw());
                assert_eq!(
                    again.ok(),
                    Some(Some(v.clone())),
                    "{kind}.{} from {s:?} read back from {:?}",
                    f.key,
                    v.raw()
                );
            }
        }
    }
}

fn check_calendar(text: &str) {
    if let Ok(cal) = Calendar::parse(text, "cal.toml") {
        // Arithmetic on any calendar ends and moves forwards.
        let start = d(2026, 9, 18);
        assert!(cal.add_days(start, 15) >= start.succ_opt().expect("date"));
        assert!(cal.add_working_days(start, 5) > start);
        let _ = cal.add_months(start, 6);
    } else if let Err(e) = Calendar::parse(text, "cal.toml") {
        let msg = e.to_string();
        assert!(msg.contains("cal.toml"), "the error names the file: {msg}");
    }
}

/// An office form of a real date (2026-05-23, 2026/5/23, 2026.5.23, 2026年5月23日, with padding).
fn date_forms() -> impl Strategy<Value = (NaiveDate, String)> {
    (
        1900i32..=2200,
        1u32..=12,
        1u32..=31,
        0usize..5,
        any::<bool>(),
    )
        .prop_filter_map("a real day of the month", |(y, m, day, form, pad)| {
            let date = NaiveDate::from_ymd_opt(y, m, day)?;
            let text = match form {
                0 => format!("{y}-{m:02}-{day:02}"),
                1 => format!("{y}/{m}/{day}"),
                2 => format!("{y}.{m}.{day}"),
                3 => format!("{y}年{m}月{day}日"),
                _ => format!("{y}-{m}-{day}"),
            };
            Some((date, if pad { format!(" {text}\t") } else { text }))
        })
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,14}(\\.[0-9]{0,6})?",
        "-?[0-9,，_ ]{0,16}(\\.[0-9]{0,30})?(元|万元|万|亿元|亿|亩|m²|m2|㎡|平方米)?",
        "[0-9eE.+-]{0,12}",
        "\\PC{0,8}",
    ]
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn queries_never_panic_and_errors_point_inside_the_text(q in query_text()) {
        check_query(&q, &sample_cases());
    }

    #[test]
    fn arbitrary_text_as_a_query_never_panics(q in "\\PC{0,40}") {
        check_query(&q, &sample_cases());
    }

    #[test]
    fn real_dates_are_read_in_every_office_form((date, text) in date_forms()) {
        prop_assert_eq!(parse_date(&text).ok(), Some(date), "{}", text);
        check_date(&text);
    }

    #[test]
    fn any_date_text_is_read_or_refused_never_a_panic(
        s in prop_oneof![
            "[0-9]{0,5}[-/.年]?[0-9]{0,3}[-/.月]?[0-9]{0,3}日?",
            "\\PC{0,16}",
        ]
    ) {
        check_date(&s);
    }

    #[test]
    fn amounts_and_areas_are_exact_and_read_back(s in number_text()) {
        check_decimal(&s);
        check_values(&s);
    }

    #[test]
    fn plain_amounts_keep_every_digit(int in 0u64..999_999_999_999, frac in 0u32..100) {
        let text = format!("{int}.{frac:02}");
        let want: Decimal = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(parse_decimal(&text, FieldType::Money).ok(), Some(want.normalize()));
        // With thousands separators and in 万元 the same amount is read.
        let wan = want / Decimal::from(10_000);
        let in_wan = parse_decimal(&format!("{wan}万元"), FieldType::Money).ok();
        prop_assert_eq!(in_wan, Some(want.normalize()));
    }

    #[test]
    fn every_fields_values_read_back(s in prop_oneof!["\\PC{0,12}", "[0-9]{1,9}", "(yes|no|是|否|y|n|1|0)"]) {
        check_values(&s);
    }

    #[test]
    fn calendar_files_are_read_or_refused_with_their_name(
        holidays in prop::collection::vec(prop_oneof![
            "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
            "20[0-9]{2}-[01][0-9]-[0-3][0-9]\\.\\.20[0-9]{2}-[01][0-9]-[0-3][0-9]",
            "\\PC{0,10}",
        ], 0..6),
        junk in prop_oneof![Just(String::new()), "\\PC{0,20}", Just("holiday = []".to_string())],
    ) {
        let list = holidays.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ");
        check_calendar(&format!("holidays = [{list}]\nworkdays = [{list}]\n{junk}"));
    }
}

/// Deeply nested or very long queries are refused or evaluated, never overflow the stack.
#[test]
fn deep_and_long_queries_do_not_overflow_the_stack() {
    let cases = sample_cases();
    let n = 100_000;
    for q in [
        "(".repeat(n),
        format!("{}kind:petition{}", "(".repeat(n), ")".repeat(n)),
        "not ".repeat(n) + "open",
        "-".repeat(n) + "open",
        "德乐 ".repeat(n),
        "kind:petition or ".repeat(n) + "open",
    ] {
        check_query(&q, &cases);
    }
}

/// Inputs that once broke a parser, one file each, replayed through the same checks.
#[test]
fn regression_inputs_are_handled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let cases = sample_cases();
    let mut n = 0;
    for (target, check) in [
        (
            "query",
            &(|s: &str| check_query(s, &cases)) as &dyn Fn(&str),
        ),
        ("units", &|s: &str| {
            check_date(s);
            check_decimal(s);
            check_values(s);
        }),
        ("calendar", &check_calendar),
        ("keymap", &|s: &str| {
            let _ = taizhang::tui::keymap::Keymap::parse("keys.toml", s);
        }),
    ] {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in dir.flatten() {
            let bytes = std::fs::read(entry.path()).expect("read regression input");
            check(&String::from_utf8_lossy(&bytes));
            n += 1;
        }
    }
    // Figures records and server replies, as bytes: read or refused, never a panic.
    if let Ok(dir) = std::fs::read_dir(root.join("figures_record")) {
        for entry in dir.flatten() {
            let bytes = std::fs::read(entry.path()).expect("read regression input");
            let _ = taizhang::ledger::store::facts::decode("input", &bytes, &mut Vec::new());
            if let Ok(d) = taizhang::ledger::store::Digests::from_wire(&bytes) {
                for i in 0..d.len() {
                    let _ = d.case(i, &mut Vec::new());
                }
            }
            n += 1;
        }
    }
    // Import files, as bytes: a dry run refuses or accepts them whole and writes nothing.
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = taizhang::ledger::Ledger::open(&dir.path().join("l.redb"), Calendar::none())
        .expect("ledger");
    for ext in ["csv", "jsonl", "xlsx"] {
        let Ok(entries) = std::fs::read_dir(root.join(format!("import_{ext}"))) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = dir.path().join(format!("input.{ext}"));
            std::fs::copy(entry.path(), &file).expect("copy regression input");
            let opts = taizhang::exchange::import::Options {
                kind: Some(Kind::Hazard),
                sheet: None,
                dry_run: true,
                map: None,
                encoding: None,
                ignore_unknown: false,
            };
            let _ = taizhang::exchange::import::import(
                &ledger,
                &file,
                &opts,
                &mut taizhang::exchange::import::NoProgress,
            );
            n += 1;
        }
    }
    assert_eq!(ledger.count().expect("count"), 0, "a dry-run import wrote");
    assert!(n > 0, "no regression inputs found under {}", root.display());
}
