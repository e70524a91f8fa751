//! Any sequence of commands — allowed or not, with good values or bad, alone or in batches,
//! spread over days — keeps every invariant of the ledger (`Ledger::check` finds nothing), and no
//! sequence reaches a state the workflow does not allow: a move is committed only along a
//! transition of the kind's workflow, and a refused command changes nothing.
//!
//! Case counts are small by default; `TAIZHANG_SOAK=1` multiplies them by 50, `PROPTEST_CASES=N`
//! sets them.

use crate::support::sample;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use taizhang::ledger::command::{self, Context};
use taizhang::ledger::deadline::rule_due;
use taizhang::ledger::{Calendar, Case, Command, Kind, Ledger, NoteType, Request};

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

/// A command in terms of indexes, resolved against the cases that exist when it runs.
#[derive(Debug, Clone)]
enum Op {
    Create {
        kind: usize,
        fields: Vec<(usize, String)>,
    },
    Move {
        case: usize,
        state: usize,
        note: bool,
        fields: bool,
    },
    Note {
        case: usize,
        text: String,
        people: Option<u32>,
    },
    Edit {
        case: usize,
        field: usize,
        value: String,
    },
    Extend {
        case: usize,
        days: u32,
        reason: String,
    },
    Pause {
        case: usize,
    },
    Resume {
        case: usize,
    },
    Assign {
        case: usize,
        user: Option<String>,
    },
    Tag {
        case: usize,
        add: String,
        remove: bool,
    },
    Link {
        case: usize,
        other: usize,
    },
    /// Several commands in one transaction: all or none.
    Batch(Vec<Op>),
    /// Days pass before the next command.
    Wait(i64),
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "2026-06-30",
            "2026年5月23日",
            "2026-02-30",
            "12",
            "1.2万元",
            "54.8375",
            "-5",
            "1.2.3",
            "1e30",
            "yes",
            "否",
            "general",
            "major",
            "boundary_dispute",
            "地界冲突",
            "satisfied",
            "满意",
            "来访",
            "甲,乙",
            "",
            " ",
            "13812345678",
        ])
        .prop_map(String::from),
        "\\PC{0,12}",
        "[0-9]{1,14}",
    ]
}

fn simple_op() -> impl Strategy<Value = Op> {
    let idx = || 0usize..64;
    prop_oneof![
        2 => (0usize..5, prop::collection::vec((0usize..40, value()), 0..3)).prop_map(|(kind, fields)| Op::Create { kind, fields }),
        6 => (idx(), idx(), any::<bool>(), prop::bool::weighted(0.8)).prop_map(|(case, state, note, fields)| Op::Move { case, state, note, fields }),
        2 => (idx(), "\\PC{0,8}", prop::option::of(0u32..200_000)).prop_map(|(case, text, people)| Op::Note { case, text, people }),
        3 => (idx(), 0usize..48, value()).prop_map(|(case, field, value)| Op::Edit { case, field, value }),
        1 => (idx(), 0u32..70, "\\PC{0,6}").prop_map(|(case, days, reason)| Op::Extend { case, days, reason }),
        1 => idx().prop_map(|case| Op::Pause { case }),
        1 => idx().prop_map(|case| Op::Resume { case }),
        1 => (idx(), prop::option::of("[a-z]{1,8}|two words|\\PC{1,4}")).prop_map(|(case, user)| Op::Assign { case, user }),
        1 => (idx(), "\\PC{0,6}", any::<bool>()).prop_map(|(case, add, remove)| Op::Tag { case, add, remove }),
        1 => (idx(), idx()).prop_map(|(case, other)| Op::Link { case, other }),
        2 => (0i64..40).prop_map(Op::Wait),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![8 => simple_op(), 1 => prop::collection::vec(simple_op(), 1..5).prop_map(Op::Batch)]
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// Turn an op into a command against the cases in `ids` (kinds in `kinds`); None to skip.
fn resolve(
    op: &Op,
    ids: &[(String, Kind)],
    states: &dyn Fn(&str) -> Option<Case>,
) -> Option<Command> {
    let pick = |i: usize| ids.get(i % ids.len().max(1)).cloned();
    Some(match op {
        Op::Create { kind, fields } => {
            let kind = Kind::ALL[*kind % 5];
            let def = kind.def();
            let fields = fields
                .iter()
                .map(|(f, v)| {
                    let key = def
                        .fields
                        .get(*f)
                        .map(|f| f.key.clone())
                        .unwrap_or_else(|| {
                            ["party", "tags", "priority", "nonsense"][*f % 4].to_string()
                        });
                    (key, v.clone())
                })
                .collect();
            Command::Create {
                kind,
                title: "property case".into(),
                fields,
                source: None,
            }
        }
        Op::Move {
            case,
            state,
            note,
            fields,
        } => {
            let (id, kind) = pick(*case)?;
            let def = kind.def();
            let to = def.states[*state % def.states.len()].key.clone();
            let current = states(&id)?;
            let fields = match (fields, def.transition(&current.state, &to)) {
                (true, Some(tr)) => tr
                    .requires
                    .iter()
                    .map(|f| (f.clone(), sample(kind, f)))
                    .collect(),
                _ => vec![],
            };
            Command::Move {
                id,
                to,
                note: note.then(|| "依法处理".to_string()),
                fields,
                urgent: None,
            }
        }
        Op::Note {
            case, text, people, ..
        } => {
            let (id, _) = pick(*case)?;
            Command::Note {
                id,
                note_type: NoteType::ALL[text.len() % 7],
                text: text.clone(),
                people: *people,
                date: None,
            }
        }
        Op::Edit { case, field, value } => {
            let (id, kind) = pick(*case)?;
            let def = kind.def();
            let common = [
                "title",
                "description",
                "party",
                "location",
                "priority",
                "tags",
                "opened",
                "state",
                "due",
                "nonsense",
            ];
            let key = match def.fields.get(*field) {
                Some(f) => f.key.clone(),
                None => common[*field % common.len()].to_string(),
            };
            Command::Edit {
                id,
                fields: vec![(key, value.clone())],
            }
        }
        Op::Extend { case, days, reason } => Command::Extend {
            id: pick(*case)?.0,
            days: *days,
            reason: reason.clone(),
        },
        Op::Pause { case } => Command::Pause {
            id: pick(*case)?.0,
            reason: "等待法院认定".into(),
        },
        Op::Resume { case } => Command::Resume { id: pick(*case)?.0 },
        Op::Assign { case, user } => Command::Assign {
            id: pick(*case)?.0,
            user: user.clone(),
        },
        Op::Tag { case, add, remove } => {
            let (id, _) = pick(*case)?;
            if *remove {
                Command::Tag {
                    id,
                    add: vec![],
                    remove: vec![add.clone()],
                }
            } else {
                Command::Tag {
                    id,
                    add: vec![add.clone()],
                    remove: vec![],
                }
            }
        }
        Op::Link { case, other } => Command::Link {
            id: pick(*case)?.0,
            other: pick(*other)?.0,
        },
        Op::Batch(_) | Op::Wait(_) => return None,
    })
}

/// What must hold of every case at every moment.
fn case_invariants(c: &Case) -> Result<(), String> {
    let def = c.kind.def();
    let st = def
        .state(&c.state)
        .ok_or_else(|| format!("{}: unknown state {}", c.id, c.state))?;
    if c.closed.is_some() != st.terminal {
        return Err(format!(
            "{}: closed date {:?} in state {}",
            c.id, c.closed, c.state
        ));
    }
    match (&c.clock, &st.deadline) {
        (None, None) => {}
        (Some(k), Some(rule)) if &k.rule == rule => {}
        // A state without a rule keeps the last clock, stopped (a closed petition's review
        // window, for the late review request to be refused): never paused.
        (Some(k), None) if k.paused_since.is_none() => {}
        (k, rule) => {
            return Err(format!(
                "{}: clock {k:?} in state {} (rule {rule:?})",
                c.id, c.state
            ));
        }
    }
    Ok(())
}

/// The states each case went through, checked against the workflow; the case's own invariants.
fn check_ledger(ledger: &Ledger) -> Result<(), String> {
    let problems = ledger.check().map_err(|e| e.to_string())?;
    if !problems.is_empty() {
        return Err(format!("check: {problems:?}"));
    }
    for c in ledger.cases().map_err(|e| e.to_string())? {
        case_invariants(&c)?;
    }
    Ok(())
}

fn run_on_ledger(ops: &[Op]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let ledger = Ledger::open(&dir.path().join("l.redb"), Calendar::none())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut ids: Vec<(String, Kind)> = Vec::new();
    let mut day = d(2026, 3, 2);
    for op in ops {
        if let Op::Wait(n) = op {
            day += Duration::days(*n);
            continue;
        }
        let get = |id: &str| ledger.get(id).ok();
        let cmds: Vec<Command> = match op {
            Op::Batch(inner) => inner
                .iter()
                .filter_map(|o| resolve(o, &ids, &get))
                .collect(),
            o => resolve(o, &ids, &get).into_iter().collect(),
        };
        if cmds.is_empty() {
            continue;
        }
        let before: Vec<Case> = ledger
            .cases()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let version = ledger
            .version()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let now = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).expect("time"));
        let reqs: Vec<Request> = cmds.iter().cloned().map(Request::from).collect();
        match ledger.execute_batch(reqs, now, day) {
            Ok(outs) => {
                for (cmd, out) in cmds.iter().zip(&outs) {
                    if let Command::Create { kind, .. } = cmd {
                        ids.push((out.id.clone(), *kind));
                    }
                    if let Command::Move { id, to, .. } = cmd
                        && let Some(old) = before.iter().find(|c| &c.id == id)
                        && !out.changes.is_empty()
                    {
                        // Only a single move per case is judged against the state before the batch.
                        let moves_of_case = cmds
                            .iter()
                            .filter(|c| matches!(c, Command::Move { id: i, .. } if i == id))
                            .count();
                        prop_assert!(
                            moves_of_case > 1
                                || old.kind.def().transition(&old.state, to).is_some(),
                            "{id}: committed a move {} → {to} the workflow does not allow",
                            old.state
                        );
                    }
                }
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(
                    !msg.contains('\n') && !msg.is_empty(),
                    "error is one line: {msg:?}"
                );
                let after = ledger
                    .cases()
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(
                    &before,
                    &after,
                    "a refused command ({}) changed the ledger",
                    msg
                );
                prop_assert_eq!(
                    version,
                    ledger
                        .version()
                        .map_err(|e| TestCaseError::fail(e.to_string()))?
                );
            }
        }
    }
    check_ledger(&ledger).map_err(TestCaseError::fail)?;
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    /// Through the real store: every command is a transaction on a redb file.
    #[test]
    fn any_sequence_of_commands_keeps_the_ledger_consistent(ops in prop::collection::vec(op(), 1..40)) {
        run_on_ledger(&ops)?;
    }
}

proptest! {
    #![proptest_config(config(1500))]

    /// In memory, many more sequences: a move succeeds exactly when the workflow allows it from
    /// the current state (and its note and fields are given), and a refused command leaves the
    /// case as it was.
    #[test]
    fn moves_follow_the_workflow_exactly(kind in 0usize..5, steps in prop::collection::vec((0usize..32, any::<bool>(), any::<bool>(), 0i64..30), 1..60)) {
        let kind = Kind::ALL[kind];
        let def = kind.def();
        let cal = Calendar::none();
        let mut today = d(2026, 1, 5);
        let ctx = |today| Context { today, time: None, recorded: false, rule_set: "national", calendar: &cal };
        let (mut case, _) = command::create(format!("{}-2026-0001", def.code), kind, "t", &[], None, &ctx(today), Utc::now())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut path = vec![case.state.clone()];
        for (state, note, fields, wait) in steps {
            today += Duration::days(wait);
            let to = def.states[state % def.states.len()].key.clone();
            let tr = def.transition(&case.state, &to);
            let fields = match (fields, tr) {
                (true, Some(tr)) => tr.requires.iter().map(|f| (f.clone(), sample(kind, f))).collect(),
                _ => vec![],
            };
            let complete = tr.is_some_and(|tr| (!tr.note || note) && tr.requires.iter().all(|f| case.fields.contains_key(f) || fields.iter().any(|(k, _)| k == f)));
            // The clocks, restated: each waiting period has run, each window is still open,
            // enforcement is on a working day.
            let clocks_allow = tr.is_none_or(|tr| {
                let mut probe = case.clone();
                for (k, v) in &fields {
                    let _ = command::set_field(&mut probe, k, v);
                }
                let due = |r: &str| rule_due(&probe, r, "national", &cal, today);
                // A wait whose start date is not recorded cannot have run.
                tr.wait.iter().all(|r| match due(r) {
                    Some(d) => today > d.allowed_after().unwrap_or(d.date),
                    None => taizhang::ledger::schema::schema().rule("national", kind, r).is_some_and(|x| x.from_field.is_none()),
                })
                    && tr.within.iter().all(|r| due(r).is_none_or(|d| today <= d.date))
                    && (!tr.daytime || cal.is_working_day(today))
            });
            let complete = complete && clocks_allow;
            let before = case.clone();
            let cmd = Command::Move { id: case.id.clone(), to: to.clone(), note: note.then(|| "理由".to_string()), fields, urgent: None };
            match command::apply(&mut case, &cmd, &ctx(today)) {
                Ok(_) => {
                    prop_assert!(complete, "{kind}: {} → {to} was allowed without its transition, note or fields", before.state);
                    prop_assert_eq!(&case.state, &to);
                    path.push(to);
                }
                Err(_) => {
                    prop_assert!(!complete, "{kind}: {} → {to} was refused though allowed and complete", before.state);
                    prop_assert_eq!(&case.state, &before.state, "a refused move changed the state");
                    // The store drops a refused command's work with its transaction; so here.
                    case = before;
                }
            }
            case_invariants(&case).map_err(TestCaseError::fail)?;
        }
        for w in path.windows(2) {
            prop_assert!(def.transition(&w[0], &w[1]).is_some(), "{kind}: path {path:?}");
        }
    }
}
