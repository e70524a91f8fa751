//! The figures table: what `summary`, `report` and the dashboard read instead of every history
//! event. Whatever writes a case, the table must give exactly the figures a replay of the
//! histories gives; a write by an older taizhang that knows nothing of it, or a table numbered by
//! another taizhang, must never be misread; `check` must find a wrong record and `check --repair`
//! rebuild it.

use crate::support;

use std::path::Path;

use chrono::NaiveDate;
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use taizhang::demo;
use taizhang::ledger::clock::today;
use taizhang::ledger::report::{Dashboard, Data, Figures, Period};
use taizhang::ledger::schema::schema;
use taizhang::ledger::store::LocalStore;
use taizhang::ledger::store::facts::{self, FieldValue, What, field_value};
use taizhang::ledger::{Calendar, Case, Command, Event, Kind, Ledger, NoteType, deadline};

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");
const EVENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("events");
const FIGURES: TableDefinition<&str, &[u8]> = TableDefinition::new("figures");

const PERIODS: [&str; 6] = [
    "2025",
    "2025H2",
    "2026H1",
    "2026Q3",
    "2026",
    "2025-03-15..2026-02-10",
];

/// Every figure of several periods and the dashboard, as JSON, from `data`.
fn everything(data: &Data) -> serde_json::Value {
    let day = today();
    let mut out = serde_json::Map::new();
    for p in PERIODS {
        let f = Figures::compute(data, &Calendar::none(), &Period::parse(p).unwrap(), day)
            .expect("figures");
        out.insert(p.into(), serde_json::to_value(&f).unwrap());
    }
    let d = Dashboard::from_data(data, &Calendar::none(), day).expect("dashboard");
    out.insert("dashboard".into(), serde_json::to_value(&d).unwrap());
    serde_json::Value::Object(out)
}

/// The figures as the ledger gives them (from its figures table where it keeps one).
fn from_table(l: &Ledger) -> serde_json::Value {
    everything(&Data::read(l).unwrap())
}

/// The figures replayed from every case and every event.
fn replayed(l: &Ledger) -> serde_json::Value {
    everything(&Data::from_parts(
        l.cases().unwrap(),
        l.all_events().unwrap(),
        l.targets().unwrap(),
        l.rule_set().unwrap(),
    ))
}

fn generated(dir: &Path, n: usize) -> (std::path::PathBuf, Ledger) {
    let path = dir.join("ledger.redb");
    let l = Ledger::open(&path, Calendar::none()).unwrap();
    demo::load(&l).unwrap();
    demo::generate(&l, n, 11).unwrap();
    (path, l)
}

fn first_open(l: &Ledger, kind: Kind) -> Case {
    l.open_cases()
        .unwrap()
        .into_iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("an open {kind:?} case"))
}

fn meta_u64(path: &Path, key: &str) -> Option<u64> {
    let db = redb::Builder::new().create(path).unwrap();
    let r = db.begin_read().unwrap();
    let meta = r.open_table(META).unwrap();
    meta.get(key)
        .unwrap()
        .map(|v| u64::from_le_bytes(v.value().try_into().unwrap_or([0; 8])))
}

#[test]
fn the_table_gives_the_figures_a_replay_gives_after_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let (_, l) = generated(dir.path(), 400);
    assert!(l.digests().unwrap().is_some(), "the table is kept");
    assert_eq!(from_table(&l), replayed(&l));

    // One of each kind of change, on cases of each kind.
    let demolition = first_open(&l, Kind::Demolition);
    let labour = first_open(&l, Kind::Labour);
    let petition = first_open(&l, Kind::Petition);
    let hazard = first_open(&l, Kind::Hazard);
    let area = demolition.dec("area_demolished_m2") + rust_decimal::Decimal::new(1255, 2);
    let writes = vec![
        Command::Edit {
            id: demolition.id.clone(),
            fields: vec![("area_demolished_m2".into(), area.to_string())],
        },
        Command::Edit {
            id: labour.id.clone(),
            fields: vec![
                ("amount_recovered".into(), "12345.67".into()),
                ("title".into(), "改过的标题".into()),
            ],
        },
        Command::Note {
            id: petition.id.clone(),
            note_type: NoteType::Visit,
            text: "走访".into(),
            people: Some(7),
            date: Some(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
        },
        Command::Note {
            id: hazard.id.clone(),
            note_type: NoteType::Inspection,
            text: "  春季安全大检查 ".into(),
            people: None,
            date: None,
        },
        Command::Extend {
            id: labour.id.clone(),
            days: 10,
            reason: "需补充材料".into(),
        },
        Command::Assign {
            id: petition.id.clone(),
            user: Some("li".into()),
        },
        Command::Pause {
            id: labour.id.clone(),
            reason: "等待仲裁".into(),
        },
        Command::Resume {
            id: labour.id.clone(),
        },
        Command::Link {
            id: petition.id.clone(),
            other: labour.id.clone(),
        },
        Command::Tag {
            id: hazard.id.clone(),
            add: vec!["复查".into()],
            remove: vec![],
        },
    ];
    for w in writes {
        l.execute(w).unwrap();
    }
    l.record_pii_view(std::slice::from_ref(&petition.id), "show")
        .unwrap();
    assert!(l.digests().unwrap().is_some());
    assert!(l.check().unwrap().is_empty(), "{:?}", l.check());
    assert_eq!(from_table(&l), replayed(&l));
}

#[test]
fn an_open_cases_record_gives_its_due_date_under_every_rule_set_and_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let (_, l) = generated(dir.path(), 400);
    // A paused clock and an extended one among them.
    let open = l.open_cases().unwrap();
    let with_clock: Vec<&Case> = open.iter().filter(|c| c.clock.is_some()).collect();
    let paused = with_clock
        .iter()
        .find(|c| {
            l.execute(Command::Pause {
                id: c.id.clone(),
                reason: "等待鉴定".into(),
            })
            .is_ok()
        })
        .expect("a clock that can be paused");
    let extended = with_clock
        .iter()
        .filter(|c| c.id != paused.id)
        .find(|c| {
            l.execute(Command::Extend {
                id: c.id.clone(),
                days: 15,
                reason: "案情复杂".into(),
            })
            .is_ok()
        })
        .expect("a deadline that can be extended");
    let (paused, extended) = (paused.id.clone(), extended.id.clone());
    let calendars = [
        Calendar::none(),
        Calendar::parse(
            "holidays = [\"2026-10-01..2026-10-08\", \"2027-01-01\", \"2026-12-31\"]\nworkdays = [\"2026-09-28\", \"2026-10-11\"]\n",
            "test calendar",
        )
        .unwrap(),
    ];
    let data = l.digests().unwrap().expect("the table is kept");
    let cases = l.cases().unwrap();
    let mut facts_buf = Vec::new();
    let mut compared = 0;
    for (i, case) in cases.iter().enumerate() {
        let head = data.case(i, &mut facts_buf).unwrap();
        assert_eq!(head.id, case.id);
        assert_eq!(
            head.clock.is_some(),
            case.is_open() && case.clock.is_some(),
            "{}",
            case.id
        );
        for rule_set in schema().rule_set_names() {
            for cal in &calendars {
                for day in [today(), today() + chrono::Days::new(45)] {
                    let want = deadline::due(case, rule_set, cal, day);
                    let got = deadline::due_from(
                        head.kind,
                        head.state,
                        head.clock,
                        |f| head.date(f),
                        rule_set,
                        cal,
                        day,
                    );
                    assert_eq!(got, want, "{} under {rule_set} on {day}", case.id);
                    compared += usize::from(want.is_some());
                }
            }
        }
    }
    assert!(compared > 200, "{compared} due dates compared");
    let clock = |id: &str| l.get(id).unwrap().clock.unwrap();
    assert!(clock(&paused).paused_since.is_some());
    assert!(clock(&extended).extended_days >= 15);
}

#[test]
fn replaying_a_cases_facts_gives_its_state_and_fields_as_they_stand() {
    let dir = tempfile::tempdir().unwrap();
    let (_, l) = generated(dir.path(), 300);
    let mut events: Vec<Event> = l.all_events().unwrap();
    events.sort_by(|a, b| (a.case.as_str(), a.seq).cmp(&(b.case.as_str(), b.seq)));
    let mut checked = 0;
    for case in l.cases().unwrap() {
        let history: Vec<Event> = events
            .iter()
            .filter(|e| e.case == case.id)
            .cloned()
            .collect();
        let record = facts::build(&case, &history);
        let mut fs = Vec::new();
        let head = facts::decode(&case.id, &record, &mut fs).unwrap();
        assert_eq!(
            (head.id, head.kind, head.state, head.opened, head.closed),
            (
                case.id.as_str(),
                case.kind,
                case.state.as_str(),
                case.opened,
                case.closed
            )
        );
        let mut state = None;
        let mut fields: Vec<(&str, FieldValue)> = Vec::new();
        for f in &fs {
            match f.what {
                What::Created { state: s } | What::State { to: s, .. } => state = Some(s),
                What::Field { field, after, .. } => {
                    fields.retain(|(k, _)| *k != field);
                    if let Some(v) = after {
                        fields.push((field, v));
                    }
                }
                _ => {}
            }
        }
        assert_eq!(state, Some(case.state.as_str()), "{}", case.id);
        fields.sort_by_key(|(k, _)| *k);
        let def = case.kind.def();
        let want: Vec<(&str, FieldValue)> = case
            .fields
            .iter()
            .filter(|(k, _)| def.field(k).is_some_and(|f| !f.pii))
            .filter(|(k, _)| facts::FIGURE_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), field_value(v)))
            .collect();
        assert_eq!(fields, want, "{}", case.id);
        checked += 1;
    }
    assert!(checked > 300);
}

/// What a process of an older taizhang does: it appends a note to the history and rewrites the
/// case, bumps the version, and knows nothing of the figures table.
fn older_process_adds_a_visit(path: &Path, case: &Case) {
    let mut case = case.clone();
    case.rev += 1;
    let ev = Event {
        case: case.id.clone(),
        seq: case.rev,
        at: chrono::Utc::now(),
        actor: "older".into(),
        change: taizhang::ledger::Change::Note {
            note_type: NoteType::Visit,
            text: "走访".into(),
            people: Some(40),
            date: today(),
            shared: None,
        },
        on: None,
    };
    let db = redb::Builder::new()
        .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
        .create(path)
        .unwrap();
    let w = db.begin_write().unwrap();
    {
        let mut events = w.open_table(EVENTS).unwrap();
        events
            .insert(
                (case.id.as_str(), case.rev),
                serde_json::to_vec(&ev).unwrap().as_slice(),
            )
            .unwrap();
        let mut cases = w.open_table(CASES).unwrap();
        cases
            .insert(
                case.id.as_str(),
                serde_json::to_vec(&case).unwrap().as_slice(),
            )
            .unwrap();
        support::bump_version(&mut w.open_table(META).unwrap());
    }
    w.commit().unwrap();
}

#[test]
#[ignore = "started by the tests of other processes below"]
fn as_an_older_process() {
    let Some(path) = std::env::var_os("OLDER_PROCESS_LEDGER") else {
        return;
    };
    match std::env::var("OLDER_PROCESS_CASE") {
        Ok(case) => {
            older_process_adds_a_visit(Path::new(&path), &serde_json::from_str(&case).unwrap())
        }
        Err(_) => set_layout(Path::new(&path), "another taizhang's numbering"),
    }
}

/// Run `as_an_older_process` on the ledger at `path` while this process has it open: with a
/// case, an older taizhang adds a visit to it; without, another version renumbers the table.
fn in_another_process(path: &Path, case: Option<&Case>) {
    let mut c = std::process::Command::new(std::env::current_exe().unwrap());
    c.args([
        "--exact",
        "figures_table::as_an_older_process",
        "--ignored",
        "--quiet",
    ])
    .env("OLDER_PROCESS_LEDGER", path);
    if let Some(case) = case {
        c.env("OLDER_PROCESS_CASE", serde_json::to_string(case).unwrap());
    }
    let out = c.output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
}

/// What a taizhang whose kinds are numbered otherwise does when it rebuilds the table.
fn set_layout(path: &Path, layout: &str) {
    let db = redb::Builder::new()
        .set_concurrency_mode(redb::ConcurrencyMode::MultiWriter)
        .create(path)
        .unwrap();
    let w = db.begin_write().unwrap();
    w.open_table(META)
        .unwrap()
        .insert("figures_layout", layout.as_bytes())
        .unwrap();
    w.commit().unwrap();
}

fn layout_of(path: &Path) -> Vec<u8> {
    let db = redb::Builder::new().create(path).unwrap();
    let r = db.begin_read().unwrap();
    let meta = r.open_table(META).unwrap();
    meta.get("figures_layout")
        .unwrap()
        .unwrap()
        .value()
        .to_vec()
}

#[test]
fn a_table_in_another_layout_is_never_read_and_the_next_open_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, l) = generated(dir.path(), 120);
    let before = from_table(&l);
    in_another_process(&path, None);
    assert!(
        l.digests().unwrap().is_none(),
        "another numbering: not read"
    );
    assert_eq!(from_table(&l), before);
    // A write now keeps its records but cannot vouch for the others: the marker falls behind.
    let case = l.open_cases().unwrap()[0].id.clone();
    l.execute(Command::Assign {
        id: case,
        user: Some("zhang".into()),
    })
    .unwrap();
    assert!(l.digests().unwrap().is_none());
    drop(l);
    assert_ne!(meta_u64(&path, "figures_at"), meta_u64(&path, "version"));
    let l = Ledger::open(&path, Calendar::none()).unwrap();
    assert!(l.digests().unwrap().is_some(), "the open rebuilt it");
    assert!(l.check().unwrap().is_empty(), "{:?}", l.check());
    assert_eq!(from_table(&l), replayed(&l));
    drop(l);
    assert_eq!(
        layout_of(&path),
        taizhang::ledger::store::figures_layout().as_bytes()
    );
}

#[test]
fn a_write_by_an_older_process_is_replayed_until_the_next_open_rebuilds_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let (path, l) = generated(dir.path(), 150);
    let petition = first_open(&l, Kind::Petition);
    let this_year = Period::parse(&today().format("%Y").to_string()).unwrap();
    let rounds = |l: &Ledger| {
        let f = Figures::compute(
            &Data::read(l).unwrap(),
            &Calendar::none(),
            &this_year,
            today(),
        )
        .unwrap();
        (f.petition.rounds, f.petition.person_times)
    };
    let (r0, p0) = rounds(&l);
    // While this process has the ledger open, an older one writes.
    in_another_process(&path, Some(&petition));
    assert!(
        l.digests().unwrap().is_none(),
        "the table is behind: not read"
    );
    assert_eq!(
        rounds(&l),
        (r0 + 1, p0 + 40),
        "the visit counts all the same"
    );
    assert_eq!(from_table(&l), replayed(&l));
    drop(l);
    assert_ne!(meta_u64(&path, "figures_at"), meta_u64(&path, "version"));
    let l = Ledger::open(&path, Calendar::none()).unwrap();
    assert!(l.digests().unwrap().is_some(), "the open rebuilt it");
    assert_eq!(rounds(&l), (r0 + 1, p0 + 40));
    assert_eq!(from_table(&l), replayed(&l));
    drop(l);
    assert_eq!(meta_u64(&path, "figures_at"), meta_u64(&path, "version"));
}

#[test]
fn check_reports_a_wrong_figures_record_and_repair_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, l) = generated(dir.path(), 80);
    let want = replayed(&l);
    let ids: Vec<String> = l.cases().unwrap().into_iter().map(|c| c.id).collect();
    drop(l);
    {
        let db = redb::Builder::new().create(&path).unwrap();
        let w = db.begin_write().unwrap();
        {
            let mut t = w.open_table(FIGURES).unwrap();
            // Garbled, missing, one of a case that is not there, and another case's record.
            t.insert(ids[0].as_str(), b"\x04\x05garbage".as_slice())
                .unwrap();
            t.remove(ids[1].as_str()).unwrap();
            t.insert("XF-2099-9999", b"x".as_slice()).unwrap();
            let other = t.get(ids[3].as_str()).unwrap().unwrap().value().to_vec();
            t.insert(ids[2].as_str(), other.as_slice()).unwrap();
        }
        w.commit().unwrap();
    }
    let l = Ledger::open(&path, Calendar::none()).unwrap();
    let err = Data::read(&l)
        .and_then(|d| {
            Figures::compute(
                &d,
                &Calendar::none(),
                &Period::parse("2026").unwrap(),
                today(),
            )
        })
        .expect_err("a garbled record is an error, not wrong figures");
    assert!(
        err.to_string().contains(&ids[0]) && err.to_string().contains("check --repair"),
        "{err}"
    );
    let problems = l.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("figures of 4 case(s)") && problems[0].contains("--repair"),
        "{problems:?}"
    );
    drop(l);
    let store = LocalStore::open(&path, Calendar::none()).unwrap();
    let done = store.repair("tester").unwrap();
    assert!(
        done.iter().any(|d| d.contains("figures table: 4 records")),
        "{done:?}"
    );
    assert!(store.check().unwrap().is_empty());
    drop(store);
    let l = Ledger::open(&path, Calendar::none()).unwrap();
    assert_eq!(from_table(&l), want);
}

fn seed_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/figures_record")
}

/// The fuzz target's seeds are records of the current form (a change of form makes them stale:
/// `cargo test --test it -- --ignored figures_table::write_fuzz_seeds` writes them anew).
#[test]
fn the_fuzz_seeds_are_records_of_the_current_form() {
    let mut n = 0;
    for entry in std::fs::read_dir(seed_dir()).expect("seeds") {
        let path = entry.expect("seed").path();
        let bytes = std::fs::read(&path).expect("read seed");
        if path.ends_with("wire") {
            let d = taizhang::ledger::store::Digests::from_wire(&bytes).expect("wire");
            for i in 0..d.len() {
                d.case(i, &mut Vec::new())
                    .expect("a record of the current form");
            }
        } else {
            facts::decode("seed", &bytes, &mut Vec::new())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        n += 1;
    }
    assert!(n >= 2);
}

#[test]
#[ignore = "writes the fuzz target's seeds: run after a change of the records' form"]
fn write_fuzz_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let l = Ledger::open(&dir.path().join("l.redb"), Calendar::none()).unwrap();
    demo::load(&l).unwrap();
    let data = l.digests().unwrap().unwrap();
    let out = seed_dir();
    for e in std::fs::read_dir(&out).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    // An open demolition with a clock, a closed petition, a hazard with a history.
    let mut wire = taizhang::ledger::store::Digests::default();
    let mut buf = Vec::new();
    let mut picked = 0;
    for (i, case) in l.cases().unwrap().iter().enumerate() {
        let head = data.case(i, &mut buf).unwrap();
        let want = match picked {
            0 => head.clock.is_some() && head.kind == Kind::Demolition,
            1 => !head.is_open() && head.kind == Kind::Petition,
            2 => head.kind == Kind::Hazard && buf.len() > 3,
            _ => break,
        };
        if want {
            let record = facts::build(case, &l.history(&case.id).unwrap());
            std::fs::write(out.join(&case.id), &record).unwrap();
            wire.push(&case.id, &record);
            picked += 1;
        }
    }
    std::fs::write(out.join("wire"), wire.to_wire()).unwrap();
}
