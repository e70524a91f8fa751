//! When it happened: every change carries the day it happened beside the time it was recorded;
//! figures count by the former, the history shows both, the dating rules refuse what cannot be,
//! and one note shared by several cases is counted once.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use taizhang::ledger::access::{Role, UserChange};
use taizhang::ledger::clock::today;
use taizhang::ledger::report::{Data, Figures, Period};
use taizhang::ledger::store::LocalStore;
use taizhang::ledger::{
    Calendar, Change, Command, Event, Kind, Lang, Ledger, LedgerError, NoteType, Request,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// 04:00 UTC of `day`: the same calendar day from UTC−4 to UTC+19.
fn at(day: NaiveDate) -> (DateTime<Utc>, NaiveDate) {
    (day.and_hms_opt(4, 0, 0).expect("time").and_utc(), day)
}

/// Last year: every day of it is in the past whenever the tests run.
fn year() -> i32 {
    today().year() - 1
}

fn ledger(dir: &tempfile::TempDir) -> Ledger {
    Ledger::open(&dir.path().join("l.redb"), Calendar::none()).expect("open")
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Run `c`, recorded on `recorded`, stating it happened on `on`.
fn run(l: &Ledger, recorded: NaiveDate, on: Option<NaiveDate>, c: Command) -> String {
    let out = l
        .execute_batch_with(vec![Request::from(c).on(on)], |_| at(recorded))
        .unwrap_or_else(|e| panic!("on {on:?}: {e}"));
    out[0].id.clone()
}

fn create(
    l: &Ledger,
    kind: Kind,
    title: &str,
    opened: NaiveDate,
    fields: &[(&str, &str)],
) -> String {
    run(
        l,
        opened,
        None,
        Command::Create {
            kind,
            title: title.into(),
            fields: kv(fields),
            source: None,
        },
    )
}

fn mv(to: &str, id: &str, fields: &[(&str, &str)]) -> Command {
    Command::Move {
        id: id.into(),
        to: to.into(),
        note: Some("办理".into()),
        fields: kv(fields),
        urgent: None,
    }
}

fn meeting(id: &str, people: u32) -> Command {
    Command::Note {
        id: id.into(),
        note_type: NoteType::Meeting,
        text: "协调会".into(),
        people: Some(people),
        date: None,
    }
}

fn figures(l: &Ledger, period: &str) -> Figures {
    let data = Data::read(l).expect("read");
    let period = Period::parse(period).expect("period");
    Figures::compute(&data, l.calendar(), &period, today()).expect("figures")
}

#[test]
fn an_event_recorded_in_july_about_june_counts_in_the_first_half() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let y = year();
    let id = create(&l, Kind::Labour, "德乐公司欠薪", d(y, 5, 10), &[]);
    // Recorded on 15 July; the mediation began on 1 June, the meeting was on 28 June and the
    // dispute was settled on 30 June.
    let july = d(y, 7, 15);
    run(&l, july, Some(d(y, 6, 1)), mv("mediating", &id, &[]));
    run(&l, july, Some(d(y, 6, 28)), meeting(&id, 6));
    run(&l, july, Some(d(y, 6, 30)), mv("settled", &id, &[]));
    // The same, recorded and happening in July: counts in the second half.
    let other = create(&l, Kind::Labour, "湘顺硅业工伤", d(y, 5, 12), &[]);
    run(&l, july, None, mv("mediating", &other, &[]));
    run(&l, july, None, meeting(&other, 4));

    let h1 = figures(&l, &format!("{y}H1"));
    let h2 = figures(&l, &format!("{y}H2"));
    assert_eq!((h1.labour.rounds, h1.labour.person_times), (1, 6));
    assert_eq!((h2.labour.rounds, h2.labour.person_times), (1, 4));
    // The case's clock started on the day the mediation began, not the day it was recorded.
    let case = l.get(&id).unwrap();
    let mediating_clock = l
        .history(&id)
        .unwrap()
        .iter()
        .find(|e| matches!(&e.change, Change::State { to, .. } if to == "mediating"))
        .map(|e| e.effective());
    assert_eq!(mediating_clock, Some(d(y, 6, 1)));
    assert_eq!(case.state, "settled");
    // The history says both days where they differ, and only there.
    let events = l.history(&id).unwrap();
    let settled_ev = events.last().unwrap();
    assert_eq!(settled_ev.on, Some(d(y, 6, 30)));
    assert_eq!(settled_ev.recorded(), july);
    assert_eq!(
        settled_ev.dates_note(Lang::Zh).as_deref(),
        Some("记录于 07-15,发生于 06-30")
    );
    assert_eq!(
        settled_ev.dates_note(Lang::En).as_deref(),
        Some("recorded 07-15, happened 06-30")
    );
    assert_eq!(events[0].dates_note(Lang::Zh), None);
}

#[test]
fn a_case_closed_in_june_but_recorded_in_july_is_closed_in_the_first_half() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let y = year();
    let id = create(
        &l,
        Kind::Petition,
        "联合村草尼马",
        d(y, 3, 2),
        &[("people", "150")],
    );
    let july = d(y, 7, 3);
    run(&l, d(y, 3, 5), None, mv("accepted", &id, &[]));
    run(&l, july, Some(d(y, 6, 29)), mv("answered", &id, &[]));
    run(
        &l,
        july,
        Some(d(y, 6, 30)),
        mv("closed", &id, &[("satisfaction", "satisfied")]),
    );
    let row = |f: &Figures| {
        let r = f
            .kinds
            .iter()
            .find(|r| r.kind == Some(Kind::Petition))
            .unwrap();
        (r.closed, r.open)
    };
    assert_eq!(row(&figures(&l, &format!("{y}H1"))), (1, 0));
    assert_eq!(row(&figures(&l, &format!("{y}H2"))), (0, 0));
    let case = l.get(&id).unwrap();
    assert_eq!(case.closed, Some(d(y, 6, 30)));
    // The id's year is the year it was registered.
    assert!(id.starts_with(&format!("XF-{y}-")), "{id}");
}

#[test]
fn a_shared_note_is_one_round_and_its_people_are_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let y = year();
    let a = create(&l, Kind::Labour, "德乐公司", d(y, 2, 1), &[]);
    let b = create(&l, Kind::Labour, "湘顺硅业", d(y, 2, 2), &[]);
    let c = create(&l, Kind::Petition, "联合村", d(y, 2, 3), &[]);
    let before = figures(&l, &format!("{y}H1")).coordination;
    let out = l
        .execute_batch_with(
            vec![
                Request::from(Command::SharedNote {
                    ids: vec![a.clone(), b.to_lowercase(), c.clone()],
                    note_type: NoteType::Meeting,
                    text: "三方协调会".into(),
                    people: Some(8),
                    date: None,
                })
                .on(Some(d(y, 3, 10))),
            ],
            |_| at(d(y, 3, 12)),
        )
        .unwrap();
    assert_eq!(out.len(), 3, "one note event on each case");
    let f = figures(&l, &format!("{y}H1"));
    assert_eq!(f.coordination.rounds - before.rounds, 1);
    assert_eq!(f.coordination.person_times - before.person_times, 8);
    // Counted once, under the first case in id order (a labour dispute).
    assert_eq!((f.labour.rounds, f.labour.person_times), (1, 8));
    assert_eq!((f.petition.rounds, f.petition.person_times), (0, 0));
    // Every case is touched by it: handled in the period.
    assert_eq!(f.coordination.matters, 3);
    // Each case's history holds the note with the same note id, dated 10 March.
    let ids: Vec<Option<String>> = [&a, &b, &c]
        .iter()
        .map(|id| {
            let h = l.history(id).unwrap();
            match &h.last().unwrap().change {
                Change::Note { shared, date, .. } => {
                    assert_eq!(*date, d(y, 3, 10));
                    shared.clone()
                }
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert!(ids[0].is_some());
    assert!(ids.iter().all(|s| *s == ids[0]), "{ids:?}");
    // Two separate notes are two rounds: the saving is the sharing, not the counting.
    run(&l, d(y, 3, 20), None, meeting(&a, 5));
    run(&l, d(y, 3, 20), None, meeting(&c, 5));
    let g = figures(&l, &format!("{y}H1"));
    assert_eq!(g.coordination.rounds - before.rounds, 3);
    assert_eq!(g.coordination.person_times - before.person_times, 18);
    // The dashboard counts it once too (its figures from 1 January).
    let data = Data::read(&l).unwrap();
    let via_parts = Data::from_parts(
        l.cases().unwrap(),
        l.all_events().unwrap(),
        vec![],
        l.rule_set().unwrap(),
    );
    let p = Period::parse(&format!("{y}H1")).unwrap();
    let f1 = Figures::compute(&data, l.calendar(), &p, today()).unwrap();
    let f2 = Figures::compute(&via_parts, l.calendar(), &p, today()).unwrap();
    assert_eq!(f1.coordination.rounds, f2.coordination.rounds);
    assert_eq!(f1.coordination.person_times, f2.coordination.person_times);
}

#[test]
fn a_shared_note_naming_an_unknown_case_changes_nothing_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let a = create(&l, Kind::Labour, "德乐公司", today(), &[]);
    let before = l.all_events().unwrap().len();
    let err = l
        .execute(Command::SharedNote {
            ids: vec![a.clone(), "LD-2026-0999".into()],
            note_type: NoteType::Meeting,
            text: "三方协调会".into(),
            people: Some(8),
            date: None,
        })
        .unwrap_err();
    assert!(
        matches!(&err, LedgerError::NotFound(id) if id == "LD-2026-0999"),
        "{err}"
    );
    assert!(err.to_string().contains("LD-2026-0999"));
    assert_eq!(l.all_events().unwrap().len(), before);
}

#[test]
fn impossible_days_are_refused_and_leave_the_case_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let t = today();
    let id = create(&l, Kind::Labour, "德乐公司", t - Duration::days(10), &[]);
    run(
        &l,
        t,
        Some(t - Duration::days(5)),
        mv("mediating", &id, &[]),
    );
    let rev = l.get(&id).unwrap().rev;
    let refused = |on: NaiveDate, c: Command| {
        l.execute(Request::from(c).on(Some(on)))
            .unwrap_err()
            .to_string()
    };
    let e = refused(t + Duration::days(1), meeting(&id, 3));
    assert!(e.contains("发生日期不能晚于今天"), "{e}");
    let e = refused(t - Duration::days(11), meeting(&id, 3));
    assert!(
        e.contains(&format!("早于登记日期 {}", t - Duration::days(10))),
        "{e}"
    );
    let e = refused(t - Duration::days(6), meeting(&id, 3));
    assert!(e.contains("早于上一次变更的发生日期"), "{e}");
    assert_eq!(e.lines().count(), 1);
    // A registration date in the future, as a field or as the day of the registration.
    let e = l
        .execute(Command::Create {
            kind: Kind::Labour,
            title: "x".into(),
            fields: kv(&[("opened", "2099-01-01")]),
            source: None,
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("登记日期不能晚于今天"), "{e}");
    let e = l
        .execute(
            Request::from(Command::Create {
                kind: Kind::Labour,
                title: "x".into(),
                fields: vec![],
                source: None,
            })
            .on(Some(t + Duration::days(1))),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("不能晚于今天"), "{e}");
    let e = l
        .execute(Command::Edit {
            id: id.clone(),
            fields: kv(&[("opened", "2099-01-01")]),
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("登记日期不能晚于今天"), "{e}");
    assert_eq!(l.get(&id).unwrap().rev, rev, "nothing was recorded");
    // The same day as the last change is fine.
    run(&l, t, Some(t - Duration::days(5)), meeting(&id, 3));
}

#[test]
fn dating_far_back_is_a_supervisors_where_roles_are_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.redb");
    let store = LocalStore::open(&path, Calendar::none()).unwrap();
    // Accounts every Linux machine has: root the supervisor, daemon the officer.
    let (sup, officer) = ("root", "daemon");
    store
        .change_user(sup, sup, UserChange::Add(Role::Supervisor))
        .unwrap();
    store
        .change_user(sup, officer, UserChange::Add(Role::Officer))
        .unwrap();
    let t = today();
    let create = |actor: &str, on: NaiveDate| {
        store.execute_batch(
            actor,
            vec![
                Request::from(Command::Create {
                    kind: Kind::Labour,
                    title: "欠薪".into(),
                    fields: vec![],
                    source: None,
                })
                .on(Some(on)),
            ],
            &[],
        )
    };
    // Within the limit: anyone who may register.
    create(officer, t - Duration::days(30)).unwrap();
    // Beyond it: a supervisor's.
    let e = create(officer, t - Duration::days(31)).unwrap_err();
    assert!(matches!(e, LedgerError::Forbidden(_)), "{e}");
    assert!(e.to_string().contains("supervisor"), "{e}");
    create(sup, t - Duration::days(400)).unwrap();
    // The same for a registration date given as a field.
    let e = store
        .execute_batch(
            officer,
            vec![Request::from(Command::Create {
                kind: Kind::Labour,
                title: "欠薪".into(),
                fields: kv(&[("opened", &(t - Duration::days(45)).to_string())]),
                source: None,
            })],
            &[],
        )
        .unwrap_err();
    assert!(matches!(e, LedgerError::Forbidden(_)), "{e}");
    // The limit is a setting.
    drop(store);
    let store = LocalStore::open(&path, Calendar::none())
        .unwrap()
        .with_backdate_days(60);
    store
        .execute_batch(
            officer,
            vec![
                Request::from(Command::Create {
                    kind: Kind::Labour,
                    title: "欠薪".into(),
                    fields: vec![],
                    source: None,
                })
                .on(Some(t - Duration::days(45))),
            ],
            &[],
        )
        .unwrap();
}

#[test]
fn events_recorded_before_effective_dates_count_on_the_day_they_were_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let y = year();
    let id = create(&l, Kind::Petition, "联合村", d(y, 3, 1), &[]);
    run(&l, d(y, 3, 2), None, mv("accepted", &id, &[]));
    run(&l, d(y, 3, 3), None, mv("answered", &id, &[]));
    // Closed on 30 June, recorded on 2 July.
    run(
        &l,
        d(y, 7, 2),
        Some(d(y, 6, 30)),
        mv("closed", &id, &[("satisfaction", "satisfied")]),
    );
    let closed = |events: Vec<Event>, half: &str| {
        let data = Data::from_parts(l.cases().unwrap(), events, vec![], l.rule_set().unwrap());
        let p = Period::parse(&format!("{y}{half}")).unwrap();
        let f = Figures::compute(&data, l.calendar(), &p, today()).unwrap();
        f.petition.closed
    };
    let events = l.all_events().unwrap();
    assert!(events.iter().all(|e| e.on.is_some()));
    assert_eq!(
        (closed(events.clone(), "H1"), closed(events.clone(), "H2")),
        (1, 0)
    );
    // The same history as a ledger written before effective dates holds it: no stated days.
    // Each event then took effect the day it was recorded, so the closing is July's.
    let old: Vec<Event> = events
        .into_iter()
        .map(|mut e| {
            e.on = None;
            e
        })
        .collect();
    assert_eq!(old.last().unwrap().effective(), d(y, 7, 2));
    assert_eq!((closed(old.clone(), "H1"), closed(old, "H2")), (0, 1));
}
