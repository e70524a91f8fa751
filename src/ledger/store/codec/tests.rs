//! The record codec's tests: every record and event comes back exactly, older forms still
//! read, damage is an error.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(in crate::ledger::store) fn full_case() -> Case {
    let mut fields = BTreeMap::new();
    fields.insert(
        "area_mu".to_string(),
        Value::Dec("54.8370".parse().unwrap()),
    );
    fields.insert("people".to_string(), Value::Int(-152));
    fields.insert("phone".to_string(), Value::Text("13800001111".into()));
    fields.insert("served".to_string(), Value::Date(d(2026, 2, 28)));
    fields.insert("collective".to_string(), Value::Bool(true));
    fields.insert(
        "petitioners".to_string(),
        Value::List(vec!["张三".into(), "李四".into(), String::new()]),
    );
    Case {
        id: "XF-2026-0031".into(),
        kind: Kind::Petition,
        title: "联合村草尼马上访 \u{202e}要求兑现".into(),
        description: "多行\n说明".into(),
        party: "德乐公司".into(),
        location: String::new(),
        assignee: Some("wang".into()),
        priority: Priority::Urgent,
        tags: vec!["集体访".into(), "重复访".into()],
        state: "accepted".into(),
        opened: d(2026, 3, 1),
        closed: Some(d(2027, 1, 5)),
        links: vec!["ZD-2026-0001".into()],
        fields,
        clock: Some(Clock {
            rule: "answer".into(),
            started: d(2026, 3, 1),
            extended_days: 30,
            extensions: 1,
            paused_days: 4,
            paused_since: Some(d(2026, 4, 2)),
        }),
        due: Some(d(2026, 5, 30)),
        rev: 300,
        created: DateTime::from_timestamp(1_767_225_600, 123_456_789).unwrap(),
        updated: DateTime::from_timestamp(-5, 999_999_999).unwrap(),
        source: Some("台账.xlsx#信访!12".into()),
    }
}

#[test]
fn a_case_comes_back_exactly_as_written() {
    let full = full_case();
    let bytes = full.to_bytes().unwrap();
    assert_eq!(bytes[0], CASE_V2);
    assert_eq!(Case::from_bytes("k", &bytes).unwrap(), full);
    let json = serde_json::to_vec(&full).unwrap();
    assert!(
        bytes.len() * 2 < json.len(),
        "{} bytes vs {} in JSON",
        bytes.len(),
        json.len()
    );
    // Scale is kept: 54.8370 is not 54.837.
    let back = Case::from_bytes("k", &bytes).unwrap();
    assert_eq!(back.dec("area_mu").to_string(), "54.8370");

    let bare = Case {
        assignee: None,
        tags: vec![],
        closed: None,
        links: vec![],
        fields: BTreeMap::new(),
        clock: None,
        due: None,
        source: None,
        ..full
    };
    assert_eq!(
        Case::from_bytes("k", &bare.to_bytes().unwrap()).unwrap(),
        bare
    );
}

pub(in crate::ledger::store) fn events() -> Vec<Event> {
    let at = DateTime::from_timestamp(1_767_225_600, 5).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let changes = vec![
        Change::Created {
            kind: Kind::Land,
            state: "surveyed".into(),
            source: Some("台账.xlsx#征地!3".into()),
        },
        Change::Created {
            kind: Kind::Hazard,
            state: "found".into(),
            source: None,
        },
        Change::Field {
            field: "area_mu".into(),
            before: None,
            after: Some(Value::Dec("3.2500".parse().unwrap())),
        },
        Change::Field {
            field: "petitioners".into(),
            before: Some(Value::List(vec!["张三".into()])),
            after: None,
        },
        Change::State {
            from: "found".into(),
            to: "notified".into(),
            note: Some("限期整改".into()),
        },
        Change::State {
            from: "a".into(),
            to: "b".into(),
            note: None,
        },
        Change::Assigned {
            before: None,
            after: Some("wang".into()),
        },
        Change::Assigned {
            before: Some("li".into()),
            after: None,
        },
        Change::Note {
            note_type: NoteType::Inspection,
            text: "节前安全检查".into(),
            people: Some(4),
            date: day(1, 20),
            shared: None,
        },
        Change::Note {
            note_type: NoteType::Other,
            text: String::new(),
            people: None,
            date: day(1, 21),
            shared: None,
        },
        Change::Note {
            note_type: NoteType::Meeting,
            text: "三方协调会".into(),
            people: Some(8),
            date: day(1, 22),
            shared: Some("LD-2026-0003#4".into()),
        },
        Change::Extended {
            days: 30,
            reason: "经批准延期".into(),
            before: Some(day(3, 1)),
            after: None,
        },
        Change::Paused {
            reason: "等待法院判决".into(),
        },
        Change::Resumed { days: 12 },
        Change::Linked {
            other: "XF-2026-0001".into(),
        },
        Change::PiiViewed {
            purpose: "show --with-pii".into(),
        },
    ];
    changes
        .into_iter()
        .enumerate()
        .map(|(i, change)| Event {
            case: "ZD-2026-0007".into(),
            seq: i as u64 + 1,
            at,
            actor: "wang".into(),
            change,
            // Every other event states the day it happened; the rest were recorded before
            // effective dates existed.
            on: (i % 2 == 0).then(|| day(1, 1 + i as u32)),
        })
        .collect()
}

#[test]
fn every_kind_of_event_comes_back_exactly_and_json_events_still_read() {
    for ev in events() {
        let bytes = ev.to_bytes().unwrap();
        assert_eq!(bytes[0], EVENT_V3);
        assert_eq!(Event::from_bytes("k", &bytes).unwrap(), ev);
        let json = serde_json::to_vec(&ev).unwrap();
        assert!(
            bytes.len() < json.len() / 2,
            "{} vs {} bytes",
            bytes.len(),
            json.len()
        );
        assert_eq!(Event::from_bytes("k", &json).unwrap(), ev);
        for n in 1..bytes.len() {
            assert!(
                matches!(
                    Event::from_bytes("ZD-2026-0007#1", &bytes[..n]),
                    Err(LedgerError::Damaged { .. })
                ),
                "cut at {n}"
            );
        }
    }
}

#[test]
fn events_written_before_effective_dates_read_and_took_effect_the_day_they_were_recorded() {
    for ev in events().into_iter().filter(|e| e.on.is_none()) {
        // The binary form before effective dates: the same fields, without the date after them.
        let now = ev.to_bytes().unwrap();
        assert_eq!(now.last(), Some(&0), "no date is written as none");
        let mut old = vec![EVENT_V2];
        old.extend_from_slice(&now[1..now.len() - 1]);
        let back = Event::from_bytes("k", &old).unwrap();
        assert_eq!(back, ev);
        assert_eq!(back.effective(), back.recorded());
        // And JSON without the field.
        let json = serde_json::to_string(&ev).unwrap();
        assert!(!json.contains("\"on\""), "{json}");
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back.on, None);
        assert_eq!(
            back.effective(),
            ev.at.with_timezone(&chrono::Local).date_naive()
        );
    }
    let dated = events().into_iter().find(|e| e.on.is_some()).unwrap();
    assert_eq!(Some(dated.effective()), dated.on);
}

#[test]
fn a_case_written_as_json_by_schema_1_still_reads() {
    let full = full_case();
    let json = serde_json::to_vec(&full).unwrap();
    assert_eq!(Case::from_bytes("k", &json).unwrap(), full);
}

#[test]
fn a_cut_or_garbled_record_is_reported_with_its_key_never_a_panic() {
    let bytes = full_case().to_bytes().unwrap();
    for n in 1..bytes.len() {
        match Case::from_bytes("XF-2026-0031", &bytes[..n]) {
            Err(LedgerError::Damaged { key, .. }) => assert_eq!(key, "XF-2026-0031"),
            other => panic!("cut at {n}: {other:?}"),
        }
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Case::from_bytes("k", &longer),
        Err(LedgerError::Damaged { .. })
    ));
    // Flipping any byte never panics (it may still decode to some other case).
    for i in 1..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0xff;
        let _ = Case::from_bytes("k", &b);
    }
    // A huge count is refused before anything is allocated.
    let mut huge = vec![CASE_V2];
    huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    assert!(matches!(
        Case::from_bytes("k", &huge),
        Err(LedgerError::Damaged { .. })
    ));
}
