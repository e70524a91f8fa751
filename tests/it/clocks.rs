//! The law's clocks (rules.toml, kinds.toml `wait`/`within`/`daytime`): each period's date, its
//! kind and start event, the moves refused before or after it, holidays and working days,
//! pauses; what the office is shown; a ledger written under earlier rules recomputing its clocks.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use taizhang::ledger::command::{self, Context};
use taizhang::ledger::deadline::Standing;
use taizhang::ledger::present::due_cell;
use taizhang::ledger::query::{Env, Query};
use taizhang::ledger::schema::PeriodKind;
use taizhang::ledger::{Calendar, Case, Command, Kind, Lang, Ledger, LedgerError, Request};

use crate::support::Sandbox;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A calendar with the 2026 National Day holiday and its make-up working days.
fn national_day() -> Calendar {
    Calendar::parse(
        r#"holidays = ["2026-10-01..2026-10-07", "2026-01-01"]
           workdays = ["2026-09-27", "2026-10-10"]"#,
        "test",
    )
    .unwrap()
}

struct L {
    _dir: tempfile::TempDir,
    ledger: Ledger,
}

fn ledger(cal: Calendar) -> L {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("l.redb"), cal).unwrap();
    L { _dir: dir, ledger }
}

impl L {
    /// Run `cmd` as done on `day` (recorded for that day: the time of day is not checked).
    fn on(&self, day: NaiveDate, cmd: Command) -> Result<String, LedgerError> {
        let at = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap());
        self.ledger
            .execute_batch_with(vec![Request::from(cmd)], |_| (at, day))
            .map(|mut o| o.pop().unwrap().id)
    }

    fn create(&self, day: NaiveDate, kind: Kind, fields: &[(&str, &str)]) -> String {
        self.on(
            day,
            Command::Create {
                kind,
                title: "案件".into(),
                fields: kv(fields),
                source: None,
            },
        )
        .unwrap()
    }

    fn mv(
        &self,
        day: NaiveDate,
        id: &str,
        to: &str,
        fields: &[(&str, &str)],
    ) -> Result<(), LedgerError> {
        self.on(day, mv(id, to, fields, None)).map(|_| ())
    }

    fn case(&self, id: &str) -> Case {
        self.ledger.get(id).unwrap()
    }

    fn due(&self, id: &str, today: NaiveDate) -> taizhang::ledger::deadline::Due {
        self.ledger
            .due(&self.case(id), "national", today)
            .expect("a running clock")
    }
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn mv(id: &str, to: &str, fields: &[(&str, &str)], urgent: Option<&str>) -> Command {
    Command::Move {
        id: id.into(),
        to: to.into(),
        note: Some("依法办理".into()),
        fields: kv(fields),
        urgent: urgent.map(String::from),
    }
}

/// A demolition served on `served`, its own deadline 20 days on, warned with a 10-day period,
/// enforcement decided on `decided`.
fn decided_demolition(l: &L, served: NaiveDate, decided: NaiveDate) -> String {
    let id = l.create(served, Kind::Demolition, &[("area_m2", "100")]);
    l.mv(served, &id, "filed", &[]).unwrap();
    let deadline = (served + chrono::Days::new(20)).to_string();
    l.mv(
        served,
        &id,
        "ordered",
        &[
            ("order_no", "拆决〔2026〕1号"),
            ("served", &served.to_string()),
            ("deadline", &deadline),
        ],
    )
    .unwrap();
    let warned = served + chrono::Days::new(21);
    let until = (warned + chrono::Days::new(10)).to_string();
    l.mv(warned, &id, "warned", &[("warning_until", &until)])
        .unwrap();
    l.mv(decided, &id, "enforcement_decided", &[]).unwrap();
    id
}

#[test]
fn enforcement_two_weeks_after_the_decision_is_refused_naming_the_windows() {
    let l = ledger(Calendar::none());
    let id = decided_demolition(&l, d(2026, 3, 2), d(2026, 4, 20));
    l.mv(
        d(2026, 4, 21),
        &id,
        "announced",
        &[("notice_until", "2026-04-30")],
    )
    .unwrap();
    let before = l.case(&id);
    // Monday 2026-05-04, two weeks after the decision: the notice and the 60 days of review
    // (served 03-02 → 05-01) have run, the six months to sue have not.
    let err = l
        .mv(
            d(2026, 5, 4),
            &id,
            "enforced",
            &[("area_demolished_m2", "100")],
        )
        .unwrap_err()
        .to_string();
    assert!(!err.contains('\n'), "one line: {err}");
    assert_eq!(l.case(&id), before, "a refused move changes nothing");
    assert!(
        err.contains("suit_window")
            && err.contains("行政诉讼法 第46条")
            && err.contains("2026-09-03"),
        "{err}"
    );
    // The day after the six months (served 03-02 → 09-02), on a working day: allowed.
    l.mv(
        d(2026, 9, 3),
        &id,
        "enforced",
        &[("area_demolished_m2", "100")],
    )
    .unwrap();
    assert_eq!(l.case(&id).state, "enforced");
}

#[test]
fn the_decision_waits_for_the_warning_and_enforcement_for_the_public_notice() {
    let l = ledger(Calendar::none());
    let id = l.create(d(2026, 1, 5), Kind::Demolition, &[]);
    l.mv(d(2026, 1, 5), &id, "filed", &[]).unwrap();
    l.mv(
        d(2026, 1, 6),
        &id,
        "ordered",
        &[
            ("order_no", "1"),
            ("served", "2026-01-06"),
            ("deadline", "2026-01-26"),
        ],
    )
    .unwrap();
    // The warning comes only when the owner's own deadline has passed.
    let err = l
        .mv(
            d(2026, 1, 20),
            &id,
            "warned",
            &[("warning_until", "2026-02-05")],
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("allowed from 2026-01-27"), "{err}");
    l.mv(
        d(2026, 1, 27),
        &id,
        "warned",
        &[("warning_until", "2026-02-05")],
    )
    .unwrap();
    let due = l.due(&id, d(2026, 1, 28));
    assert_eq!((due.kind, due.date), (PeriodKind::Wait, d(2026, 2, 5)));
    assert_eq!(
        due.standing(d(2026, 1, 28)),
        Standing::NotBefore(d(2026, 2, 5))
    );
    // 行政强制法 art 37: no decision before the warning's period has run.
    let err = l
        .mv(d(2026, 2, 5), &id, "enforcement_decided", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第35、37条") && err.contains("2026-02-06"),
        "{err}"
    );
    l.mv(d(2026, 2, 6), &id, "enforcement_decided", &[])
        .unwrap();
    // Enforcement needs the public notice (art 44) as a step of its own.
    let err = l
        .mv(
            d(2026, 9, 1),
            &id,
            "enforced",
            &[("area_demolished_m2", "1")],
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cannot move") && err.contains("announced"),
        "{err}"
    );
    l.mv(
        d(2026, 8, 3),
        &id,
        "announced",
        &[("notice_until", "2026-08-20")],
    )
    .unwrap();
    let err = l
        .mv(
            d(2026, 8, 14),
            &id,
            "enforced",
            &[("area_demolished_m2", "1")],
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("notice") && err.contains("第44条") && err.contains("2026-08-21"),
        "{err}"
    );
    l.mv(
        d(2026, 8, 21),
        &id,
        "enforced",
        &[("area_demolished_m2", "1")],
    )
    .unwrap();
}

#[test]
fn a_waiting_demolition_is_not_overdue_after_its_windows() {
    let l = ledger(Calendar::none());
    let id = decided_demolition(&l, d(2026, 1, 5), d(2026, 3, 2));
    let during = d(2026, 5, 1);
    let due = l.due(&id, during);
    assert_eq!((due.kind, due.date), (PeriodKind::Wait, d(2026, 7, 5)));
    assert_eq!(due_cell(Some(&due), during, Lang::Zh), "可于2026-07-05后");
    assert_eq!(
        due_cell(Some(&due), during, Lang::En),
        "not before 2026-07-05"
    );
    // Long after the windows: the office may act; nobody is late.
    let after = d(2026, 9, 1);
    let due = l.due(&id, after);
    assert!(!due.overdue(after));
    assert_eq!(due.standing(after), Standing::Allowed);
    let cell = due_cell(Some(&due), after, Lang::Zh);
    assert!(!cell.contains('⚠') && cell.contains("诉讼期已过"), "{cell}");
    let case = l.case(&id);
    let cal = Calendar::none();
    let env = Env {
        today: after,
        rule_set: "national",
        calendar: &cal,
        user: "wang",
    };
    assert!(!Query::parse("overdue").unwrap().matches(&case, &env));
}

#[test]
fn an_answered_petition_is_not_overdue_after_30_days_and_its_late_review_is_refused() {
    let l = ledger(Calendar::none());
    let id = l.create(d(2026, 3, 1), Kind::Petition, &[]);
    l.mv(d(2026, 3, 2), &id, "accepted", &[]).unwrap();
    l.mv(d(2026, 4, 1), &id, "answered", &[]).unwrap();
    // Counted from the stage until the receipt is recorded, then from the receipt (art 35).
    let due = l.due(&id, d(2026, 4, 2));
    assert_eq!((due.kind, due.date), (PeriodKind::Window, d(2026, 5, 1)));
    l.on(
        d(2026, 4, 3),
        Command::Edit {
            id: id.clone(),
            fields: kv(&[("answer_received", "2026-04-03")]),
        },
    )
    .unwrap();
    let due = l.due(&id, d(2026, 4, 4));
    assert_eq!(due.date, d(2026, 5, 3));
    assert_eq!(due.standing(d(2026, 5, 3)), Standing::WindowOpen(0));
    let late = d(2026, 5, 4);
    let due = l.due(&id, late);
    assert!(
        !due.overdue(late),
        "the petitioner's lapsed window is not the office's overdue"
    );
    assert_eq!(due.standing(late), Standing::WindowLapsed);
    assert_eq!(
        due_cell(Some(&due), late, Lang::Zh),
        "2026-05-03 期满未申请复查 → 下一步:办结"
    );
    let before = l.case(&id);
    let err = l.mv(late, &id, "review", &[]).unwrap_err().to_string();
    assert!(
        err.contains("第35条") && err.contains("ran out on 2026-05-03"),
        "{err}"
    );
    assert_eq!(l.case(&id), before);
    // On the last day it is still in time.
    l.mv(d(2026, 5, 3), &id, "review", &[]).unwrap();
}

#[test]
fn a_closed_petition_keeps_its_review_window_for_a_review_request() {
    let l = ledger(Calendar::none());
    let id = l.create(d(2026, 3, 1), Kind::Petition, &[]);
    l.mv(d(2026, 3, 2), &id, "accepted", &[]).unwrap();
    l.mv(d(2026, 4, 1), &id, "answered", &[]).unwrap();
    l.mv(
        d(2026, 4, 5),
        &id,
        "closed",
        &[("satisfaction", "basically")],
    )
    .unwrap();
    assert!(
        l.ledger
            .due(&l.case(&id), "national", d(2026, 4, 6))
            .is_none()
    );
    let err = l
        .mv(d(2026, 5, 2), &id, "review", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("第35条"), "{err}");
    l.mv(d(2026, 5, 1), &id, "review", &[]).unwrap();
    // The review itself is the office's duty: 30 days.
    let due = l.due(&id, d(2026, 5, 2));
    assert_eq!((due.kind, due.date), (PeriodKind::Duty, d(2026, 5, 31)));
}

#[test]
fn land_does_not_move_on_after_4_days_of_publication() {
    let l = ledger(Calendar::none());
    let id = l.create(
        d(2026, 2, 1),
        Kind::Land,
        &[("pre_notice_date", "2026-01-12")],
    );
    l.mv(d(2026, 3, 2), &id, "published", &[]).unwrap();
    let due = l.due(&id, d(2026, 3, 3));
    assert_eq!((due.kind, due.date), (PeriodKind::Wait, d(2026, 4, 1)));
    let before = l.case(&id);
    let err = l
        .mv(d(2026, 3, 6), &id, "registered", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("publication")
            && err.contains("第28条")
            && err.contains("allowed from 2026-04-02"),
        "{err}"
    );
    assert_eq!(l.case(&id), before);
    assert!(l.mv(d(2026, 4, 1), &id, "registered", &[]).is_err());
    l.mv(d(2026, 4, 2), &id, "registered", &[]).unwrap();
}

#[test]
fn the_pre_notice_counts_working_days_over_the_holiday() {
    let l = ledger(national_day());
    // Pre-notice on Monday 28 September: 10 working days are 29, 30, (1-7 holiday), 8, 9, 10
    // (a make-up Saturday), 12, 13, 14, 15, 16 → runs to 16 October.
    let id = l.create(
        d(2026, 9, 28),
        Kind::Land,
        &[("pre_notice_date", "2026-09-28")],
    );
    let err = l
        .mv(d(2026, 10, 16), &id, "published", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第26条") && err.contains("allowed from 2026-10-17"),
        "{err}"
    );
    l.mv(d(2026, 10, 17), &id, "published", &[]).unwrap();
    // Without its pre-notice date, publication is refused with how to give it.
    let other = l.create(d(2026, 9, 28), Kind::Land, &[]);
    let err = l
        .mv(d(2026, 11, 1), &other, "published", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("pre_notice_date"), "{err}");
}

#[test]
fn the_requisition_notice_is_due_in_15_working_days_and_the_decision_becomes_final() {
    let l = ledger(national_day());
    let id = l.create(
        d(2026, 1, 5),
        Kind::Land,
        &[("pre_notice_date", "2025-12-01")],
    );
    l.mv(d(2026, 1, 5), &id, "published", &[]).unwrap();
    l.mv(d(2026, 2, 5), &id, "registered", &[]).unwrap();
    l.mv(d(2026, 2, 6), &id, "negotiating", &[]).unwrap();
    l.mv(
        d(2026, 9, 25),
        &id,
        "approved",
        &[("approved_on", "2026-09-25")],
    )
    .unwrap();
    // Friday 25 September + 15 working days: 27 (a make-up Sunday), 28, 29, 30, 8, 9, 10 (a
    // make-up Saturday), 12 … 16, 19, 20, 21: the holiday skipped.
    let due = l.due(&id, d(2026, 9, 26));
    assert_eq!((due.kind, due.date), (PeriodKind::Duty, d(2026, 10, 21)));
    assert!(!due.overdue(d(2026, 10, 21)) && due.overdue(d(2026, 10, 22)));
    l.mv(d(2026, 10, 12), &id, "requisition_noticed", &[])
        .unwrap();
    l.mv(
        d(2026, 10, 20),
        &id,
        "decided",
        &[
            ("decision_no", "决〔2026〕1号"),
            ("decision_served", "2026-10-21"),
        ],
    )
    .unwrap();
    let due = l.due(&id, d(2026, 11, 1));
    assert_eq!((due.kind, due.date), (PeriodKind::Window, d(2027, 4, 21)));
    let final_day = d(2027, 4, 22);
    let due = l.due(&id, final_day);
    assert!(!due.overdue(final_day));
    assert_eq!(
        due_cell(Some(&due), final_day, Lang::En),
        "2027-04-21 decision final → next: Court enforcement applied for"
    );
    assert_eq!(
        due_cell(Some(&due), d(2027, 1, 5), Lang::Zh),
        "2027-04-21 当事人期限剩106天"
    );
    // Court enforcement: not before the windows, and within three months after (art 53).
    let err = l
        .mv(d(2027, 1, 5), &id, "court_applied", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("court_application") && err.contains("第53条"),
        "{err}"
    );
    let err = l
        .mv(d(2027, 7, 23), &id, "court_applied", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("ran out on 2027-07-21"), "{err}");
    l.mv(d(2027, 5, 10), &id, "court_applied", &[]).unwrap();
}

#[test]
fn enforcement_on_a_holiday_is_refused_without_urgent() {
    let l = ledger(national_day());
    let id = decided_demolition(&l, d(2026, 3, 2), d(2026, 4, 20));
    l.mv(
        d(2026, 4, 21),
        &id,
        "announced",
        &[("notice_until", "2026-05-01")],
    )
    .unwrap();
    let before = l.case(&id);
    let err = l
        .mv(
            d(2026, 10, 5),
            &id,
            "enforced",
            &[("area_demolished_m2", "100")],
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第43条") && err.contains("holiday") && err.contains("--urgent --reason"),
        "{err}"
    );
    assert_eq!(l.case(&id), before);
    // A Saturday is a rest day too, the make-up Saturday a working day.
    assert!(
        l.mv(
            d(2026, 9, 26),
            &id,
            "enforced",
            &[("area_demolished_m2", "100")]
        )
        .is_err()
    );
    // Urgent, with the reason recorded: allowed, and the reason is in the history.
    l.on(
        d(2026, 10, 5),
        mv(
            &id,
            "enforced",
            &[("area_demolished_m2", "100")],
            Some("汛期危房,随时可能倒塌"),
        ),
    )
    .unwrap();
    let events = l.ledger.history(&id).unwrap();
    let last = events.last().unwrap();
    assert!(
        matches!(&last.change, taizhang::ledger::Change::State { note: Some(n), .. } if n.contains("汛期危房")),
        "{last:?}"
    );
    // Urgency never shortens a waiting period.
    let other = decided_demolition(&l, d(2026, 6, 1), d(2026, 7, 20));
    l.mv(
        d(2026, 7, 21),
        &other,
        "announced",
        &[("notice_until", "2026-07-31")],
    )
    .unwrap();
    let err = l
        .on(
            d(2026, 8, 3),
            mv(
                &other,
                "enforced",
                &[("area_demolished_m2", "1")],
                Some("紧急"),
            ),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("suit_window") && err.contains("allowed from 2026-12-02"),
        "{err}"
    );
}

#[test]
fn enforcement_at_night_is_refused_unless_urgent() {
    let cal = Calendar::none();
    let night = Context {
        today: d(2026, 11, 18),
        time: NaiveTime::from_hms_opt(22, 30, 0),
        recorded: false,
        rule_set: "national",
        calendar: &cal,
    };
    let (mut case, _) = command::create(
        "CW-2026-0001".into(),
        Kind::Demolition,
        "t",
        &kv(&[("served", "2026-01-05"), ("notice_until", "2026-11-01")]),
        None,
        &night,
        Utc::now(),
    )
    .unwrap();
    case.state = "announced".into();
    let enforce = |urgent| {
        mv(
            "CW-2026-0001",
            "enforced",
            &[("area_demolished_m2", "1")],
            urgent,
        )
    };
    let err = command::apply(&mut case.clone(), &enforce(None), &night)
        .unwrap_err()
        .to_string();
    assert!(err.contains("at night") && err.contains("第43条"), "{err}");
    let day = Context {
        time: NaiveTime::from_hms_opt(9, 30, 0),
        ..night
    };
    command::apply(&mut case.clone(), &enforce(None), &day).unwrap();
    command::apply(
        &mut case.clone(),
        &enforce(Some("群众生命安全受到威胁")),
        &night,
    )
    .unwrap();
    let err = command::apply(&mut case, &enforce(Some("  ")), &night)
        .unwrap_err()
        .to_string();
    assert!(err.contains("reason"), "{err}");
}

#[test]
fn the_court_path_for_illegally_occupied_land_has_both_bounds() {
    let l = ledger(Calendar::none());
    let id = l.create(d(2026, 7, 1), Kind::Demolition, &[]);
    l.mv(d(2026, 7, 1), &id, "filed", &[]).unwrap();
    l.mv(
        d(2026, 7, 1),
        &id,
        "ordered",
        &[
            ("order_no", "罚〔2026〕8号"),
            ("served", "2026-07-01"),
            ("deadline", "2026-07-11"),
        ],
    )
    .unwrap();
    l.mv(d(2026, 7, 12), &id, "court_warned", &[]).unwrap();
    // Not before the 15 days to sue (土地管理法 art 83, to 07-16) and the warning's 10 days
    // (行政强制法 art 54, to 07-22); by 3 months after the 15 days (art 53).
    let due = l.due(&id, d(2026, 7, 13));
    assert_eq!(due.kind, PeriodKind::Range);
    assert_eq!(
        (due.earliest, due.date),
        (Some(d(2026, 7, 22)), d(2026, 10, 16))
    );
    assert_eq!(
        due.standing(d(2026, 7, 13)),
        Standing::NotBefore(d(2026, 7, 22))
    );
    assert_eq!(due.standing(d(2026, 8, 1)), Standing::DueIn(76));
    assert!(due.overdue(d(2026, 10, 17)), "the office itself is late");
    let err = l
        .mv(d(2026, 7, 22), &id, "court_applied", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("allowed from 2026-07-23"), "{err}");
    l.mv(d(2026, 7, 23), &id, "court_applied", &[]).unwrap();
}

#[test]
fn transferred_petitions_keep_the_set_deadline_and_five_working_days_to_object() {
    let l = ledger(national_day());
    let id = l.create(d(2026, 9, 28), Kind::Petition, &[]);
    l.mv(
        d(2026, 9, 28),
        &id,
        "transferred",
        &[("assigned_by", "市信访局"), ("set_deadline", "2026-10-30")],
    )
    .unwrap();
    // Monday 28 September + 5 working days: 29, 30, 8, 9, 10 (the make-up Saturday).
    let due = l.due(&id, d(2026, 9, 29));
    assert_eq!((due.kind, due.date), (PeriodKind::Window, d(2026, 10, 10)));
    let err = l
        .mv(d(2026, 10, 12), &id, "returned", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第23条") && err.contains("2026-10-10"),
        "{err}"
    );
    l.mv(d(2026, 10, 12), &id, "accepted", &[]).unwrap();
    // The answer is due by the set deadline when it is earlier than the 60 days.
    let due = l.due(&id, d(2026, 10, 13));
    assert_eq!((due.kind, due.date), (PeriodKind::Duty, d(2026, 10, 30)));
}

#[test]
fn labour_limitation_award_windows_and_the_injury_stages() {
    let l = ledger(Calendar::none());
    // More than a year after employment ended: refused at registration, with the way around.
    let late = Command::Create {
        kind: Kind::Labour,
        title: "追索工资".into(),
        fields: kv(&[("employment_end", "2025-01-10")]),
        source: None,
    };
    let err = l.on(d(2026, 3, 1), late).unwrap_err().to_string();
    assert!(
        err.contains("第27条") && err.contains("2026-01-10") && err.contains("late_reason"),
        "{err}"
    );
    assert_eq!(l.ledger.count().unwrap(), 0, "nothing registered");
    let id = l.create(
        d(2026, 3, 1),
        Kind::Labour,
        &[
            ("employment_end", "2025-01-10"),
            ("late_reason", "时效中断:曾书面主张"),
        ],
    );
    assert_eq!(
        l.due(&id, d(2026, 3, 1)).standing(d(2026, 3, 1)),
        Standing::WindowLapsed
    );
    // The day the worker knew counts first.
    let known = l.create(
        d(2026, 3, 1),
        Kind::Labour,
        &[
            ("employment_end", "2025-01-10"),
            ("rights_known", "2025-06-01"),
        ],
    );
    assert_eq!(l.due(&known, d(2026, 3, 1)).date, d(2026, 6, 1));

    // Arbitration: 5 days to accept, the committee's limit (not the office's overdue).
    l.mv(d(2026, 3, 2), &id, "arbitration_applied", &[])
        .unwrap();
    let due = l.due(&id, d(2026, 3, 3));
    assert_eq!(due.date, d(2026, 3, 7));
    assert!(!due.overdue(d(2026, 3, 9)));
    assert_eq!(due.standing(d(2026, 3, 9)), Standing::Late(2));
    l.mv(
        d(2026, 3, 6),
        &id,
        "arbitration",
        &[("arbitration_no", "仲〔2026〕1号")],
    )
    .unwrap();
    l.mv(
        d(2026, 4, 10),
        &id,
        "awarded",
        &[("award_received", "2026-04-12")],
    )
    .unwrap();
    // 15 days to sue from receipt; enforcement only after them; 30 for the employer to apply
    // to set the award aside.
    let err = l
        .mv(d(2026, 4, 20), &id, "enforcing", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("allowed from 2026-04-28"), "{err}");
    let err = l
        .mv(d(2026, 4, 28), &id, "litigation", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("第48、50条"), "{err}");
    let err = l
        .mv(d(2026, 5, 13), &id, "set_aside", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第49条") && err.contains("2026-05-12"),
        "{err}"
    );
    l.mv(d(2026, 5, 12), &id, "set_aside", &[]).unwrap();

    // Work injury: the worker's year to apply, then the stages, a pause for the court.
    let inj = l.create(
        d(2026, 3, 1),
        Kind::Labour,
        &[("subtype", "injury"), ("injury_date", "2025-02-01")],
    );
    let err = l
        .mv(d(2026, 3, 2), &inj, "recognition", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("工伤保险条例 第17条"), "{err}");
    let inj = l.create(
        d(2026, 3, 1),
        Kind::Labour,
        &[("subtype", "injury"), ("injury_date", "2026-02-01")],
    );
    l.mv(d(2026, 3, 2), &inj, "recognition", &[]).unwrap();
    assert_eq!(l.due(&inj, d(2026, 3, 3)).date, d(2026, 5, 1));
    l.on(
        d(2026, 3, 10),
        Command::Pause {
            id: inj.clone(),
            reason: "等待法院确认劳动关系".into(),
        },
    )
    .unwrap();
    l.on(d(2026, 4, 9), Command::Resume { id: inj.clone() })
        .unwrap();
    assert_eq!(
        l.due(&inj, d(2026, 4, 10)).date,
        d(2026, 5, 31),
        "30 days of pause"
    );
    l.mv(d(2026, 4, 20), &inj, "recognised", &[]).unwrap();
    l.mv(d(2026, 4, 21), &inj, "appraisal", &[]).unwrap();
    l.mv(
        d(2026, 6, 1),
        &inj,
        "appraised",
        &[
            ("injury_grade", "九级"),
            ("appraisal_received", "2026-06-03"),
        ],
    )
    .unwrap();
    let err = l
        .mv(d(2026, 6, 19), &inj, "reappraisal", &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("第26条") && err.contains("2026-06-18"),
        "{err}"
    );
    l.mv(d(2026, 6, 18), &inj, "reappraisal", &[]).unwrap();

    // Labour inspection: 60 working days (劳动保障监察条例 art 17), extendable by 30 more.
    let ins = l.create(d(2026, 3, 2), Kind::Labour, &[("subtype", "wage")]);
    l.mv(d(2026, 3, 2), &ins, "inspection", &[]).unwrap();
    assert_eq!(l.due(&ins, d(2026, 3, 3)).date, d(2026, 5, 25));
    l.on(
        d(2026, 5, 20),
        Command::Extend {
            id: ins.clone(),
            days: 30,
            reason: "案情复杂,经批准延长".into(),
        },
    )
    .unwrap();
    assert_eq!(
        l.due(&ins, d(2026, 5, 21)).date,
        d(2026, 7, 6),
        "30 working days more"
    );
}

#[test]
fn a_company_that_asked_in_time_is_not_late_and_the_office_rechecks_in_10_days() {
    let l = ledger(Calendar::none());
    let late = l.create(d(2026, 5, 1), Kind::Hazard, &[("grade", "general")]);
    l.mv(
        d(2026, 5, 2),
        &late,
        "notified",
        &[("rectify_by", "2026-05-20")],
    )
    .unwrap();
    let due = l.due(&late, d(2026, 5, 25));
    assert_eq!(due.standing(d(2026, 5, 25)), Standing::WindowLapsed);
    assert!(
        !due.overdue(d(2026, 5, 25)),
        "the company's lateness, not the office's"
    );
    assert!(due_cell(Some(&due), d(2026, 5, 25), Lang::Zh).contains("逾期未整改"));

    let asked = l.create(d(2026, 5, 1), Kind::Hazard, &[("grade", "general")]);
    l.mv(
        d(2026, 5, 2),
        &asked,
        "notified",
        &[("rectify_by", "2026-05-20")],
    )
    .unwrap();
    l.mv(d(2026, 5, 3), &asked, "rectifying", &[]).unwrap();
    l.mv(
        d(2026, 5, 19),
        &asked,
        "recheck",
        &[("recheck_requested", "2026-05-18")],
    )
    .unwrap();
    let due = l.due(&asked, d(2026, 5, 25));
    assert_eq!((due.kind, due.date), (PeriodKind::Duty, d(2026, 5, 28)));
    assert!(!due.overdue(d(2026, 5, 25)));
    assert!(
        due.overdue(d(2026, 5, 29)),
        "the office's re-inspection is late"
    );
}

#[test]
fn a_ledger_written_under_earlier_rules_recomputes_its_clocks_on_first_open() {
    use redb::{ReadableDatabase, TableDefinition};
    const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");
    const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.redb");
    let l = L {
        ledger: Ledger::open(&path, Calendar::none()).unwrap(),
        _dir: tempfile::tempdir().unwrap(),
    };
    let id = l.create(d(2026, 1, 5), Kind::Demolition, &[]);
    l.mv(d(2026, 1, 5), &id, "filed", &[]).unwrap();
    l.mv(
        d(2026, 1, 6),
        &id,
        "ordered",
        &[
            ("order_no", "1"),
            ("served", "2026-01-06"),
            ("deadline", "2026-01-26"),
        ],
    )
    .unwrap();
    l.mv(
        d(2026, 1, 27),
        &id,
        "warned",
        &[("warning_until", "2026-02-05")],
    )
    .unwrap();
    let events = l.ledger.all_events().unwrap();
    let right = l.case(&id);
    drop(l);
    // As an earlier taizhang left it: the warning ran the appeal-window clock, its due date the
    // six months, and the ledger carries no mark of the rules it was written under.
    {
        let db = redb::Database::create(&path).unwrap();
        let w = db.begin_write().unwrap();
        {
            let mut old = right.clone();
            old.clock.as_mut().unwrap().rule = "appeal_windows".into();
            old.due = Some(d(2026, 7, 6));
            let mut cases = w.open_table(CASES).unwrap();
            cases
                .insert(id.as_str(), serde_json::to_vec(&old).unwrap().as_slice())
                .unwrap();
            let mut meta = w.open_table(META).unwrap();
            meta.remove("clock_rules").unwrap();
        }
        w.commit().unwrap();
        let r = db.begin_read().unwrap();
        let cases = r.open_table(CASES).unwrap();
        assert!(cases.get(id.as_str()).unwrap().is_some());
    }
    let ledger = Ledger::open(&path, Calendar::none()).unwrap();
    let case = ledger.get(&id).unwrap();
    assert_eq!(
        case.clock, right.clock,
        "the clock recomputed from the history"
    );
    assert_eq!(case.due, Some(d(2026, 2, 5)));
    assert_eq!(
        ledger.all_events().unwrap(),
        events,
        "nothing recorded is rewritten"
    );
    assert_eq!(ledger.check().unwrap(), Vec::<String>::new());
}

#[test]
fn the_command_line_refuses_in_one_line_and_lists_the_rules() {
    let s = Sandbox::new();
    let id = s.ok(&[
        "add",
        "land",
        "--title",
        "岩温户",
        "-f",
        "pre_notice_date=2020-01-01",
    ]);
    let id = id.trim();
    s.ok(&["move", id, "published"]);
    let err = s.fails(&["move", id, "registered"]);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("第28条") && err.contains("allowed from"),
        "{err}"
    );
    let shown = s.ok(&["show", id, "--lang", "zh"]);
    assert!(
        shown.contains("可于") && shown.contains("等待期"),
        "{shown}"
    );
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["show", id, "--json"])).unwrap();
    assert_eq!(json["due_kind"], "wait");
    assert_eq!(json["due_status"], "not_before");
    assert_eq!(json["overdue"], false);
    // --urgent needs its reason.
    let err = s.fails(&["move", id, "registered", "--urgent"]);
    assert!(err.contains("--reason"), "{err}");
    let rules = s.ok(&["rules", "--lang", "zh"]);
    for want in [
        "review_window",
        "当事人期限",
        "等待期",
        "办理时限",
        "信访工作条例 第35条",
        "行政强制法 第53条",
        "劳动保障监察条例 第17条",
        "起算",
    ] {
        assert!(rules.contains(want), "missing {want} in\n{rules}");
    }
}
