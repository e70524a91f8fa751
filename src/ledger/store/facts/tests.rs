//! The figures records' tests: appending equals rebuilding, the facts kept, the wire form, no
//! personal data, damage is an error.

use super::super::codec::tests::{events, full_case};
use super::*;

#[test]
fn appending_events_gives_the_same_record_as_building_from_the_whole_history() {
    let case = full_case();
    let history = events();
    let whole = build(&case, &history);
    for split in 0..=history.len() {
        let first = build(&case, &history[..split]);
        assert_eq!(
            append(Some(&first), &case, &history[split..]),
            whole,
            "{split}"
        );
    }
    // The head follows the case: a renamed case keeps its facts under the new head.
    let mut renamed = case.clone();
    renamed.title = "新标题".into();
    let rewritten = append(Some(&whole), &renamed, &[]);
    let mut facts = Vec::new();
    let head = decode("k", &rewritten, &mut facts).unwrap();
    assert_eq!(head.title(), "新标题");
    let mut before = Vec::new();
    decode("k", &whole, &mut before).unwrap();
    assert_eq!(facts, before);
}

#[test]
fn facts_keep_what_the_figures_count() {
    let case = full_case();
    let mut history = events();
    // Fields the figures read, of every type, and a big exact decimal.
    let field = |f: &str, before: Option<Value>, after: Option<Value>| Event {
        change: Change::Field {
            field: f.into(),
            before,
            after,
        },
        at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        ..history[0].clone()
    };
    history.extend([
        field("people", None, Some(Value::Int(152))),
        field(
            "collective",
            Some(Value::Bool(false)),
            Some(Value::Bool(true)),
        ),
        field(
            "batches",
            Some(Value::Int(-3)),
            Some(Value::Dec(
                "-79228162514264337593543950335".parse().unwrap(),
            )),
        ),
        field(
            "person_times",
            Some(Value::Dec(
                "0.0000000000000000000000000001".parse().unwrap(),
            )),
            None,
        ),
        field("households", Some(Value::Text("十二户".into())), None),
    ]);
    let record = build(&case, &history);
    let mut facts = Vec::new();
    let head = decode("k", &record, &mut facts).unwrap();
    assert_eq!(head.id, "XF-2026-0031");
    assert_eq!(head.kind, Kind::Petition);
    assert_eq!(head.assignee, Some("wang"));
    assert_eq!(head.closed, case.closed);
    // Every event leaves one fact but a view of personal data.
    let views = history
        .iter()
        .filter(|e| matches!(e.change, Change::PiiViewed { .. }))
        .count();
    assert!(views > 0);
    assert_eq!(facts.len(), history.len() - views);
    let mut fields = 0;
    for (f, e) in facts.iter().zip(
        history
            .iter()
            .filter(|e| !matches!(e.change, Change::PiiViewed { .. })),
    ) {
        assert_eq!(f.at, e.at.timestamp());
        assert_eq!(f.on, e.on, "the day it happened is kept");
        match (&e.change, f.what) {
            (
                Change::Field {
                    field,
                    before,
                    after,
                },
                What::Field {
                    field: kept,
                    before: b,
                    after: a,
                },
            ) => {
                assert_eq!(field, kept);
                assert!(Kind::Petition.def().field(field).is_some_and(|f| !f.pii));
                assert!(FIGURE_FIELDS.contains(&kept));
                assert_eq!(before.as_ref().map(field_value), b, "{field}");
                assert_eq!(after.as_ref().map(field_value), a, "{field}");
                fields += 1;
            }
            (Change::Field { field, .. }, What::Other) => {
                assert!(
                    Kind::Petition.def().field(field).is_none_or(|f| f.pii)
                        || !FIGURE_FIELDS.contains(&field.as_str()),
                    "{field}"
                );
            }
            (
                Change::Note {
                    note_type,
                    text,
                    people,
                    date,
                    shared,
                },
                What::Note {
                    note_type: t,
                    text: kept,
                    people: p,
                    date: d,
                    shared: s,
                },
            ) => {
                assert_eq!((*note_type, *people, *date), (t, p, d));
                assert_eq!(shared.as_deref(), s);
                let want = if *note_type == NoteType::Inspection {
                    text.trim()
                } else {
                    ""
                };
                assert_eq!(kept, want);
            }
            (Change::State { from, to, .. }, What::State { from: f0, to: t0 }) => {
                assert_eq!((from.as_str(), to.as_str()), (f0, t0));
            }
            (Change::Created { state, .. }, What::Created { state: s }) => {
                assert_eq!(state, s);
            }
            (Change::Extended { days, .. }, What::Extended { days: d }) => assert_eq!(*days, d),
            (Change::Paused { .. }, What::Paused) => {}
            (Change::Resumed { days }, What::Resumed { days: d }) => assert_eq!(*days, d),
            (c, What::Other) => assert!(
                !matches!(
                    c,
                    Change::Created { .. }
                        | Change::State { .. }
                        | Change::Note { .. }
                        | Change::Extended { .. }
                        | Change::Paused { .. }
                        | Change::Resumed { .. }
                ),
                "{c:?}"
            ),
            (c, f) => panic!("{c:?} became {f:?}"),
        }
    }
    assert_eq!(fields, 5);
}

#[test]
fn records_sent_over_the_wire_come_back_the_same() {
    let case = full_case();
    let history = events();
    let mut d = Digests::default();
    d.push("XF-2026-0031", &build(&case, &history));
    d.push("XF-2026-0032", &build(&case, &history[..3]));
    let wire = d.to_wire();
    let back = Digests::from_wire(&wire).unwrap();
    assert_eq!(back.len(), 2);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..2 {
        assert_eq!(d.case(i, &mut a).unwrap(), back.case(i, &mut b).unwrap());
        assert_eq!(a, b);
    }
    // A cut between two records reads as fewer records (frames carry whole replies); any
    // other cut is an error.
    let mut first = Digests::default();
    first.push("XF-2026-0031", &build(&case, &history));
    let boundary = first.to_wire().len();
    for n in 1..wire.len() {
        match Digests::from_wire(&wire[..n]) {
            Ok(d) => assert!(n == boundary && d.len() == 1, "cut at {n}"),
            Err(_) => assert_ne!(n, boundary),
        }
    }
}

#[test]
fn personal_data_is_never_copied_into_a_record() {
    let case = full_case();
    let phone = Event {
        change: Change::Field {
            field: "phone".into(),
            before: None,
            after: Some(Value::Text("13800001111".into())),
        },
        ..events()[0].clone()
    };
    assert!(Kind::Petition.def().field("phone").is_some_and(|f| f.pii));
    let record = build(&case, &[phone]);
    assert!(!record.windows(11).any(|w| w == b"13800001111"));
    let mut facts = Vec::new();
    decode("k", &record, &mut facts).unwrap();
    assert_eq!(
        facts.iter().map(|f| f.what).collect::<Vec<_>>(),
        [What::Other]
    );
}

#[test]
fn a_cut_or_garbled_record_is_an_error_naming_it_never_a_panic() {
    let record = build(&full_case(), &events());
    let mut facts = Vec::new();
    for n in 0..record.len() {
        // A cut between two facts recorded in the same second reads as a shorter history;
        // any other cut is an error.
        if let Err(e) = decode("XF-2026-0031", &record[..n], &mut facts) {
            assert!(e.to_string().contains("XF-2026-0031"), "{e}");
        }
    }
    for i in 0..record.len() {
        for b in [0x00, 0x7f, 0xff] {
            let mut garbled = record.clone();
            garbled[i] = b;
            let _ = decode("k", &garbled, &mut Vec::new());
        }
    }
    let mut d = Digests::default();
    d.push("XF-2026-0031", b"\x04\x09short");
    let e = d.case(0, &mut facts).unwrap_err().to_string();
    assert!(
        e.contains("figures/XF-2026-0031") && e.contains("check --repair"),
        "{e}"
    );
}
