//! The ledger core through its library interface: workflows, deadlines, storage.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::sample;
use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use taizhang::ledger::command::{self, Context};
use taizhang::ledger::deadline::rule_due;
use taizhang::ledger::model::Value;
use taizhang::ledger::schema::schema;
use taizhang::ledger::{Calendar, Command, Kind, Ledger, LedgerError, Request};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn every_allowed_transition_works_and_a_refused_one_names_the_allowed() {
    let cal = Calendar::none();
    let ctx = Context {
        today: d(2026, 5, 1),
        time: None,
        recorded: false,
        rule_set: "national",
        calendar: &cal,
    };
    for kind in Kind::ALL {
        let def = kind.def();
        let mut refused = 0;
        for from in &def.states {
            for to in &def.states {
                let (mut case, _) =
                    command::create("X-2026-0001".into(), kind, "t", &[], None, &ctx, Utc::now())
                        .unwrap();
                case.state = from.key.clone();
                match def.transition(&from.key, &to.key) {
                    Some(tr) => {
                        let fields: Vec<(String, String)> = tr
                            .requires
                            .iter()
                            .map(|f| (f.clone(), sample(kind, f)))
                            .collect();
                        // A move that waits for a period is made the working day after it
                        // has run, its start recorded (the clocks' own tests are in `clocks`).
                        let mut fields = fields;
                        for w in &tr.wait {
                            let rule = schema().rule("national", kind, w).unwrap();
                            if let Some(f) = &rule.from_field
                                && !case.fields.contains_key(f)
                                && !fields.iter().any(|(k, _)| k == f)
                            {
                                fields.push((f.clone(), sample(kind, f)));
                            }
                        }
                        let mut probe = case.clone();
                        for (k, v) in &fields {
                            command::set_field(&mut probe, k, v).unwrap();
                        }
                        let mut day = ctx.today;
                        for w in &tr.wait {
                            if let Some(due) = rule_due(&probe, w, "national", &cal, day) {
                                day = day.max(
                                    due.allowed_after().unwrap_or(due.date).succ_opt().unwrap(),
                                );
                            }
                        }
                        while !cal.is_working_day(day) {
                            day = day.succ_opt().unwrap();
                        }
                        let later = Context { today: day, ..ctx };
                        let ctx = &later;
                        let cmd = Command::Move {
                            id: case.id.clone(),
                            to: to.key.clone(),
                            note: tr.note.then(|| "依法处理".to_string()),
                            fields,
                            urgent: None,
                        };
                        command::apply(&mut case, &cmd, ctx)
                            .unwrap_or_else(|e| panic!("{kind} {} → {}: {e}", from.key, to.key));
                        assert_eq!(case.state, to.key);
                        assert_eq!(
                            case.closed.is_some(),
                            to.terminal,
                            "{kind} {}: closed date follows terminal states",
                            to.key
                        );
                        // Without its note or fields the same transition is refused.
                        if tr.note || !tr.requires.is_empty() {
                            let (mut bare, _) = command::create(
                                "X-2026-0002".into(),
                                kind,
                                "t",
                                &[],
                                None,
                                ctx,
                                Utc::now(),
                            )
                            .unwrap();
                            bare.state = from.key.clone();
                            let cmd = Command::Move {
                                id: bare.id.clone(),
                                to: to.key.clone(),
                                note: None,
                                fields: vec![],
                                urgent: None,
                            };
                            assert!(matches!(
                                command::apply(&mut bare, &cmd, ctx),
                                Err(LedgerError::Requirement(_))
                            ));
                            assert_eq!(bare.state, from.key);
                        }
                    }
                    None => {
                        let cmd = Command::Move {
                            id: case.id.clone(),
                            to: to.key.clone(),
                            note: Some("x".into()),
                            fields: vec![],
                            urgent: None,
                        };
                        let err = command::apply(&mut case, &cmd, &ctx)
                            .unwrap_err()
                            .to_string();
                        assert!(
                            err.contains("cannot move") && err.contains("allowed next states"),
                            "{err}"
                        );
                        assert_eq!(case.state, from.key, "a refused move leaves the state");
                        refused += 1;
                    }
                }
            }
        }
        assert!(refused > 0, "{kind}: some transition must be refused");
    }
}

fn at(day: NaiveDate) -> (chrono::DateTime<Utc>, NaiveDate) {
    (
        Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap()),
        day,
    )
}

fn open(dir: &Path, cal: Calendar) -> Ledger {
    Ledger::open(&dir.join("l.redb"), cal).unwrap()
}

/// Run dated commands, one per day given.
fn run(ledger: &Ledger, steps: Vec<(NaiveDate, Command)>) -> Vec<taizhang::ledger::Outcome> {
    let days: Vec<NaiveDate> = steps.iter().map(|s| s.0).collect();
    ledger
        .execute_batch_with(
            steps.into_iter().map(|(_, c)| Request::from(c)).collect(),
            |i| at(days[i]),
        )
        .unwrap()
}

#[test]
fn petition_deadlines_with_extension_and_pause() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path(), Calendar::none());
    let id = run(
        &ledger,
        vec![(
            d(2026, 1, 20),
            Command::Create {
                kind: Kind::Petition,
                title: "t".into(),
                fields: vec![],
                source: None,
            },
        )],
    )[0]
    .id
    .clone();
    assert_eq!(id, "XF-2026-0001");
    let due = |today| {
        ledger
            .due(&ledger.get(&id).unwrap(), "national", today)
            .unwrap()
    };
    // Accept within 15 days, start day not counted: 01-20 + 15 = 02-04.
    assert_eq!(due(d(2026, 1, 21)).date, d(2026, 2, 4));
    assert!(due(d(2026, 2, 5)).overdue(d(2026, 2, 5)));
    assert_eq!(due(d(2026, 2, 5)).days_left(d(2026, 2, 5)), -1);
    let mv = |to: &str| Command::Move {
        id: id.clone(),
        to: to.into(),
        note: None,
        fields: vec![],
        urgent: None,
    };
    run(&ledger, vec![(d(2026, 2, 4), mv("accepted"))]);
    // Answer within 60 days of acceptance: 02-04 + 60 = 04-05.
    assert_eq!(due(d(2026, 2, 5)).date, d(2026, 4, 5));
    run(&ledger, vec![(d(2026, 2, 10), mv("in_progress"))]);
    assert_eq!(
        due(d(2026, 2, 11)).date,
        d(2026, 4, 5),
        "in progress keeps the answer clock"
    );
    run(
        &ledger,
        vec![(
            d(2026, 3, 1),
            Command::Extend {
                id: id.clone(),
                days: 30,
                reason: "复杂".into(),
            },
        )],
    );
    assert_eq!(due(d(2026, 3, 2)).date, d(2026, 5, 5));
    run(
        &ledger,
        vec![(
            d(2026, 3, 10),
            Command::Pause {
                id: id.clone(),
                reason: "听证".into(),
            },
        )],
    );
    // While paused the date moves on with every day of the pause.
    let paused = due(d(2026, 3, 15));
    assert!(paused.paused && !paused.overdue(d(2026, 6, 1)));
    assert_eq!(paused.date, d(2026, 5, 10));
    run(
        &ledger,
        vec![(d(2026, 3, 20), Command::Resume { id: id.clone() })],
    );
    assert_eq!(due(d(2026, 3, 21)).date, d(2026, 5, 15), "ten days paused");
    let hist = ledger.history(&id).unwrap();
    let keys: Vec<&str> = hist.iter().map(|e| e.change.key()).collect();
    assert_eq!(
        keys,
        [
            "created", "field", "state", "state", "extended", "paused", "resumed"
        ]
    );
    assert_eq!(
        hist.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<u64>>()
    );
}

#[test]
fn deadlines_roll_over_holidays_from_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let cal = Calendar::parse(
        "holidays = [\"2026-10-01..2026-10-07\"]\nworkdays = [\"2026-10-10\"]",
        "test",
    )
    .unwrap();
    let ledger = open(dir.path(), cal);
    // Mediation 15 days from 2026-09-18 ends on 10-03, a holiday: rolls to 10-08.
    let id = run(
        &ledger,
        vec![(
            d(2026, 9, 18),
            Command::Create {
                kind: Kind::Labour,
                title: "t".into(),
                fields: vec![],
                source: None,
            },
        )],
    )[0]
    .id
    .clone();
    run(
        &ledger,
        vec![(
            d(2026, 9, 18),
            Command::Move {
                id: id.clone(),
                to: "mediating".into(),
                note: None,
                fields: vec![],
                urgent: None,
            },
        )],
    );
    assert_eq!(
        ledger
            .due(&ledger.get(&id).unwrap(), "national", d(2026, 9, 19))
            .unwrap()
            .date,
        d(2026, 10, 8)
    );
    // The same case read without a calendar: plain calendar days.
    let plain = Ledger::open(&dir.path().join("l.redb"), Calendar::none()).unwrap();
    assert_eq!(
        plain
            .due(&plain.get(&id).unwrap(), "national", d(2026, 9, 19))
            .unwrap()
            .date,
        d(2026, 10, 3)
    );
}

#[test]
fn hazard_and_demolition_deadlines_come_from_the_notice() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path(), Calendar::none());
    let out = run(
        &ledger,
        vec![
            (
                d(2026, 6, 1),
                Command::Create {
                    kind: Kind::Hazard,
                    title: "汛期隐患".into(),
                    fields: vec![("grade".into(), "general".into())],
                    source: None,
                },
            ),
            (
                d(2026, 6, 1),
                Command::Create {
                    kind: Kind::Demolition,
                    title: "简易棚".into(),
                    fields: vec![],
                    source: None,
                },
            ),
        ],
    );
    let (yh, cw) = (out[0].id.clone(), out[1].id.clone());
    run(
        &ledger,
        vec![
            (
                d(2026, 6, 2),
                Command::Move {
                    id: yh.clone(),
                    to: "notified".into(),
                    note: None,
                    fields: vec![("rectify_by".into(), "2026年6月30日".into())],
                    urgent: None,
                },
            ),
            (
                d(2026, 6, 2),
                Command::Move {
                    id: cw.clone(),
                    to: "filed".into(),
                    note: None,
                    fields: vec![],
                    urgent: None,
                },
            ),
            (
                d(2026, 6, 3),
                Command::Move {
                    id: cw.clone(),
                    to: "ordered".into(),
                    note: None,
                    fields: vec![
                        ("order_no".into(), "限拆〔2026〕3号".into()),
                        ("served".into(), "2026-06-03".into()),
                        ("deadline".into(), "2026-06-20".into()),
                    ],
                    urgent: None,
                },
            ),
        ],
    );
    let due = |id: &str, today| {
        ledger
            .due(&ledger.get(id).unwrap(), "national", today)
            .map(|d| d.date)
    };
    assert_eq!(due(&yh, d(2026, 6, 3)), Some(d(2026, 6, 30)));
    assert_eq!(due(&cw, d(2026, 6, 3)), Some(d(2026, 6, 20)));
    // Overdue order → warning: enforcement waits for the appeal windows, service + 6 months.
    run(
        &ledger,
        vec![(
            d(2026, 6, 21),
            Command::Move {
                id: cw.clone(),
                to: "warned".into(),
                note: Some("催告".into()),
                fields: vec![("warning_until".into(), "2026-07-01".into())],
                urgent: None,
            },
        )],
    );
    // The warning's own period (行政强制法 art 35), then the enforcement decision, which waits
    // for the appeal windows: service + 6 months.
    assert_eq!(due(&cw, d(2026, 6, 22)), Some(d(2026, 7, 1)));
    run(
        &ledger,
        vec![(
            d(2026, 7, 2),
            Command::Move {
                id: cw.clone(),
                to: "enforcement_decided".into(),
                note: Some("催告期满".into()),
                fields: vec![],
                urgent: None,
            },
        )],
    );
    assert_eq!(due(&cw, d(2026, 7, 3)), Some(d(2026, 12, 3)));
    // The notice's own deadline cannot be "extended"; the refusal says how to change it.
    let err = ledger
        .execute(Command::Extend {
            id: yh.clone(),
            days: 5,
            reason: "x".into(),
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("edit") && err.contains("rectify_by"), "{err}");
}

#[test]
fn decimal_sums_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path(), Calendar::none());
    let reqs: Vec<Request> = ["54.8375", "245.5925", "0.1", "0.2"]
        .iter()
        .map(|a| {
            Command::Create {
                kind: Kind::Land,
                title: "户".into(),
                fields: vec![("area_mu".into(), a.to_string())],
                source: None,
            }
            .into()
        })
        .collect();
    ledger
        .execute_batch(reqs, Utc::now(), d(2026, 5, 1))
        .unwrap();
    let total: Decimal = ledger
        .cases()
        .unwrap()
        .iter()
        .map(|c| c.dec("area_mu"))
        .sum();
    assert_eq!(total.to_string(), "300.7300");
    assert_eq!(
        taizhang::ledger::units::mu(total - Decimal::new(3, 1)),
        "300.4300"
    );
}

#[test]
fn a_batch_commits_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path(), Calendar::none());
    let v0 = ledger.version().unwrap();
    let reqs: Vec<Request> = vec![
        Command::Create {
            kind: Kind::Hazard,
            title: "ok".into(),
            fields: vec![],
            source: None,
        }
        .into(),
        Command::Create {
            kind: Kind::Hazard,
            title: "bad".into(),
            fields: vec![("funds".into(), "1.2.3".into())],
            source: None,
        }
        .into(),
    ];
    assert!(
        ledger
            .execute_batch(reqs, Utc::now(), d(2026, 5, 1))
            .is_err()
    );
    assert_eq!(ledger.count().unwrap(), 0);
    assert_eq!(ledger.version().unwrap(), v0);
    // The id the failed batch would have used is still free.
    let out = ledger
        .execute(Command::Create {
            kind: Kind::Hazard,
            title: "ok".into(),
            fields: vec![],
            source: None,
        })
        .unwrap();
    assert!(out.id.ends_with("-0001"));
    assert_eq!(ledger.version().unwrap(), v0 + 1);
}

#[test]
fn cases_round_trip_through_the_file_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    let before;
    {
        let ledger = open(dir.path(), Calendar::none());
        id = ledger
            .execute(Command::Create {
                kind: Kind::Demolition,
                title: "强园建材 砖混简易厂房".into(),
                fields: vec![
                    ("area_m2".into(), "2,524".into()),
                    ("served".into(), "2026/3/5".into()),
                    ("land_ownership".into(), "国有".into()),
                ],
                source: None,
            })
            .unwrap()
            .id;
        before = ledger.get(&id).unwrap();
    }
    let ledger = open(dir.path(), Calendar::none());
    let after = ledger.get(&id).unwrap();
    assert_eq!(before, after);
    assert_eq!(
        after.field("area_m2"),
        Some(&Value::Dec(Decimal::from(2524)))
    );
    assert_eq!(after.date("served"), Some(d(2026, 3, 5)));
    assert_eq!(after.text("land_ownership"), Some("state"));
}

#[test]
fn a_ledger_from_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.redb");
    drop(Ledger::open(&path, Calendar::none()).unwrap());
    {
        let db = redb::Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut meta = txn
                .open_table(redb::TableDefinition::<&str, &[u8]>::new("meta"))
                .unwrap();
            meta.insert("schema", 99u32.to_le_bytes().as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let err = Ledger::open(&path, Calendar::none())
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("newer taizhang") && err.contains("upgrade"),
        "{err}"
    );
}

/// tests/fixtures/ledger-v1.redb was written by the first release of the ledger format; every
/// later version must open it and read the same contents.
#[test]
fn the_version_1_fixture_ledger_opens_with_its_contents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger-v1.redb");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.redb"),
        &path,
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660)).unwrap();
    let ledger = Ledger::open(&path, Calendar::none()).unwrap();
    assert!(ledger.check().unwrap().is_empty(), "{:?}", ledger.check());
    let ids: Vec<String> = ledger.cases().unwrap().into_iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [
            "CW-2026-0001",
            "LD-2026-0001",
            "XF-2026-0001",
            "YH-2026-0001",
            "ZD-2026-0001"
        ]
    );
    let xf = ledger.get("XF-2026-0001").unwrap();
    assert_eq!(xf.state, "accepted");
    assert_eq!(xf.int("people"), 152);
    assert_eq!(xf.text("phone"), Some("13800001111"));
    assert_eq!(xf.links, ["ZD-2026-0001"]);
    assert_eq!(xf.clock.as_ref().unwrap().extended_days, 30);
    let xf_due = ledger.due(&xf, "national", d(2026, 11, 26)).unwrap().date;
    assert_eq!(xf_due, d(2027, 2, 23), "accepted 2026-11-25 + 60 + 30 days");
    let ld = ledger.get("LD-2026-0001").unwrap();
    assert_eq!(
        ld.dec("amount_claimed"),
        "38600.50".parse::<Decimal>().unwrap()
    );
    let zd = ledger.get("ZD-2026-0001").unwrap();
    assert_eq!(zd.dec("area_mu").to_string(), "54.8375");
    assert_eq!(zd.text("holdout_reason"), Some("standard_dispute"));
    let hist = ledger.history("XF-2026-0001").unwrap();
    assert_eq!(hist.len() as u64, xf.rev);
    assert!(hist.iter().any(|e| matches!(
        &e.change,
        taizhang::ledger::Change::Note {
            people: Some(40),
            ..
        }
    )));
    // And it still takes writes.
    ledger
        .execute(Command::Move {
            id: "YH-2026-0001".into(),
            to: "rectifying".into(),
            note: None,
            fields: vec![],
            urgent: None,
        })
        .unwrap();
    assert!(ledger.check().unwrap().is_empty());
}
