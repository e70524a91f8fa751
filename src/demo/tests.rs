use std::collections::{BTreeMap, BTreeSet};

use super::generate::{OFFICERS, generate_until};
use super::hazards::INSPECTIONS_H1;
use super::*;
use crate::ledger::event::{Change, Event};
use crate::ledger::model::Case;
use crate::ledger::units::{m2, mu};
use crate::ledger::{Calendar, Value};

fn ledger(dir: &tempfile::TempDir) -> Ledger {
    Ledger::open(&dir.path().join("l.redb"), Calendar::none()).unwrap()
}

fn loaded() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    let n = load(&l).unwrap();
    assert!(n > 100, "the demo has {n} cases");
    assert_eq!(l.count().unwrap(), n as u64);
    (dir, l)
}

fn h1(date: NaiveDate) -> bool {
    (d(1, 1)..=d(6, 30)).contains(&date)
}

fn sum(cases: &[Case], field: &str, keep: impl Fn(&Case) -> bool) -> Decimal {
    cases.iter().filter(|c| keep(c)).map(|c| c.dec(field)).sum()
}

#[test]
fn demo_loads_cleanly_and_refuses_a_second_load() {
    let (_dir, l) = loaded();
    assert_eq!(l.check().unwrap(), Vec::<String>::new());
    let n = l.count().unwrap();
    let err = load(&l).unwrap_err().to_string();
    assert!(err.contains("not empty") && err.contains("--db"), "{err}");
    assert_eq!(l.count().unwrap(), n, "a refused load adds nothing");
    let t = l.targets().unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(
        (t[0].guaranteed, t[0].stretch),
        (Decimal::from(4000), Some(Decimal::from(4800)))
    );
}

#[test]
fn demo_shows_every_kind_in_every_state_with_history() {
    let (_dir, l) = loaded();
    let cases = l.cases().unwrap();
    let seen: BTreeSet<(Kind, String)> = cases.iter().map(|c| (c.kind, c.state.clone())).collect();
    for kind in Kind::ALL {
        for st in &kind.def().states {
            assert!(
                seen.contains(&(kind, st.key.clone())),
                "no {kind} case in state {}",
                st.key
            );
        }
    }
    let me = l.actor().to_string();
    assert!(
        cases
            .iter()
            .any(|c| c.assignee.as_deref() == Some(me.as_str()) && c.is_open()),
        "nothing open for {me}"
    );
    for officer in OFFICERS {
        assert!(
            cases.iter().any(|c| c.assignee.as_deref() == Some(officer)),
            "nothing for {officer}"
        );
    }
    // Events carry the days the work was done, in 2025 and 2026, never after today.
    let events = l.all_events().unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.at.date_naive() >= y25(1, 1) && e.at.date_naive() <= d(11, 25))
    );
    assert!(
        events
            .iter()
            .filter(|e| e.at.date_naive() < d(1, 1))
            .count()
            > 10
    );
    let moves = events
        .iter()
        .filter(|e| matches!(e.change, Change::State { .. }))
        .count();
    let assigns = events
        .iter()
        .filter(|e| {
            matches!(
                e.change,
                Change::Assigned {
                    before: Some(_),
                    ..
                }
            )
        })
        .count();
    assert!(
        moves > 200 && assigns >= 5,
        "{moves} moves, {assigns} reassignments"
    );
    // Some things are overdue today; links go both ways.
    let rule_set = l.rule_set().unwrap();
    let overdue: Vec<&str> = cases
        .iter()
        .filter(|c| {
            l.due(c, &rule_set, d(11, 25))
                .is_some_and(|x| x.overdue(d(11, 25)))
        })
        .map(|c| c.kind.key())
        .collect();
    for kind in ["petition", "labour", "hazard", "demolition"] {
        assert!(overdue.contains(&kind), "no overdue {kind}: {overdue:?}");
    }
    let linked: Vec<&Case> = cases.iter().filter(|c| !c.links.is_empty()).collect();
    assert!(
        linked.iter().any(|c| c.kind == Kind::Petition)
            && linked.iter().any(|c| c.kind == Kind::Land)
    );
}

#[test]
fn demolition_figures_of_the_half_year_are_exact() {
    let (_dir, l) = loaded();
    let cases: Vec<Case> = l
        .cases()
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == Kind::Demolition)
        .collect();
    let in_h1 = |c: &Case| c.date("completed").is_some_and(h1);
    let total = sum(&cases, "area_demolished_m2", in_h1);
    assert_eq!(m2(total), "4816");
    let state = sum(&cases, "area_demolished_m2", |c| {
        in_h1(c) && c.text("land_ownership") == Some("state")
    });
    assert_eq!(m2(state), "1503");
    let qiangyuan = sum(&cases, "area_demolished_m2", |c| {
        in_h1(c) && c.title.contains("强园建材") && c.text("method") == Some("self")
    });
    assert_eq!(qiangyuan, Decimal::from(2524));
    let three = sum(&cases, "area_demolished_m2", |c| {
        in_h1(c)
            && ["惠同纸业", "海强工贸", "碧岩竹炭"]
                .iter()
                .any(|n| c.title.contains(n))
            && c.text("method") == Some("self")
    });
    assert_eq!(three, Decimal::from(477));
    // Those are all the self-demolitions the summary names: 2524 + 477.
    let by_self = sum(&cases, "area_demolished_m2", |c| {
        in_h1(c) && c.text("method") == Some("self")
    });
    assert_eq!(by_self, Decimal::from(3001));
    // Demolition outside the half-year exists, so the figure depends on the dates.
    assert!(sum(&cases, "area_demolished_m2", |c| !in_h1(c)) > Decimal::ZERO);
    // Every demolished area was recorded with the move that demolished it.
    for c in cases
        .iter()
        .filter(|c| matches!(c.state.as_str(), "demolished" | "enforced" | "verified"))
    {
        assert!(
            c.field("area_demolished_m2").is_some() && c.field("method").is_some(),
            "{}",
            c.id
        );
    }
    let target = Target {
        kind: Kind::Demolition,
        measure: "area_demolished_m2".into(),
        year: 2026,
        guaranteed: Decimal::from(4000),
        stretch: Some(Decimal::from(4800)),
    };
    assert_eq!(l.targets().unwrap(), vec![target]);
    assert!(
        total >= Decimal::from(4800),
        "the stretch target is met, as the seed says"
    );
}

#[test]
fn land_figures_are_exact() {
    let (_dir, l) = loaded();
    let cases: Vec<Case> = l
        .cases()
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == Kind::Land)
        .collect();
    let approved = sum(&cases, "area_mu", |c| {
        c.field("approved") == Some(&Value::Bool(true))
    });
    let awaiting = sum(&cases, "area_mu", |c| {
        c.field("approved") == Some(&Value::Bool(false))
    });
    assert_eq!(mu(approved), "54.8375");
    assert_eq!(mu(awaiting), "245.5925");
    assert_eq!(mu(approved + awaiting), "300.4300");
    let phase2 = sum(&cases, "area_mu", |c| c.text("project") == Some(PROJECT2));
    assert_eq!(mu(phase2), "413.0799", "400余亩 surveyed and published");
    // The three holdout reasons the seed names, each with its story.
    let reason = |r: &str| {
        cases
            .iter()
            .filter(|c| c.state == "holdout" && c.text("holdout_reason") == Some(r))
            .collect::<Vec<_>>()
    };
    let standard = reason("standard_dispute");
    assert!(
        !standard.is_empty()
            && standard
                .iter()
                .all(|c| c.text("policy_note") == Some(STANDARD_DISPUTE_NOTE))
    );
    assert!(
        reason("refuses_payment")
            .iter()
            .any(|c| c.text("project") == Some(PROJECT1))
    );
    assert_eq!(reason("boundary_dispute").len(), 2);
    // Paid means paid in full, to the fen.
    for c in cases
        .iter()
        .filter(|c| matches!(c.state.as_str(), "paid" | "handed_over"))
    {
        assert_eq!(
            c.dec("compensation_paid"),
            c.dec("compensation_due"),
            "{}",
            c.id
        );
        assert_eq!(
            c.dec("compensation_due"),
            (c.dec("area_mu") * c.dec("unit_price")).round_dp(2),
            "{}",
            c.id
        );
    }
    assert!(cases.iter().filter(|c| c.field("phone").is_some()).count() >= 5);
}

/// The coordination figures as the half-year report defines them (report/mod.rs): petitions
/// and labour disputes handled in the period (registered by its end, and touched in it or
/// open before it), coordination notes dated in it, and person-times = those notes' people +
/// the `person_times` of petitions opened in it.
fn coordination_h1(l: &Ledger) -> (usize, usize, u64) {
    let events = l.all_events().unwrap();
    let mut by_case: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in &events {
        by_case.entry(e.case.as_str()).or_default().push(e);
    }
    let (mut matters, mut rounds, mut people) = (0, 0, 0u64);
    for c in l.cases().unwrap() {
        if !matches!(c.kind, Kind::Petition | Kind::Labour) {
            continue;
        }
        let evs = by_case.get(c.id.as_str()).cloned().unwrap_or_default();
        let mut touched = false;
        let mut state_2025 = None;
        for e in &evs {
            match &e.change {
                Change::Note {
                    note_type,
                    people: p,
                    date,
                    ..
                } => {
                    touched |= h1(*date);
                    if note_type.is_coordination() && h1(*date) {
                        rounds += 1;
                        people += u64::from(p.unwrap_or(0));
                    }
                }
                Change::PiiViewed { .. } => {}
                _ => touched |= h1(e.at.date_naive()),
            }
            if e.at.date_naive() < d(1, 1) {
                match &e.change {
                    Change::Created { state, .. } => state_2025 = Some(state.clone()),
                    Change::State { to, .. } => state_2025 = Some(to.clone()),
                    _ => {}
                }
            }
        }
        let open_before = state_2025.is_some_and(|s| !c.kind.def().is_terminal(&s));
        if c.opened <= d(6, 30) && (touched || open_before) {
            matters += 1;
        }
        if c.kind == Kind::Petition && h1(c.opened) {
            people += c.int("person_times") as u64;
        }
    }
    (matters, rounds, people)
}

#[test]
fn coordination_figures_read_like_the_summary() {
    let (_dir, l) = loaded();
    let (matters, rounds, people) = coordination_h1(&l);
    assert_eq!(
        (matters, rounds, people),
        (H1_MATTERS, H1_ROUNDS, H1_PERSON_TIMES)
    );
    assert!((30..40).contains(&matters), "30余件");
    assert!((50..60).contains(&rounds), "50余次");
    assert!((600..700).contains(&people), "600余人次");
    // 企业满意率100%: every closed petition closed as satisfied.
    let all = l.cases().unwrap();
    let closed: Vec<&Case> = all
        .iter()
        .filter(|c| c.kind == Kind::Petition && c.state == "closed")
        .collect();
    assert!(closed.len() > 10);
    assert!(
        closed
            .iter()
            .all(|c| c.text("satisfaction") == Some("satisfied"))
    );
    // The two collective petitions the seed names, stabilised.
    let find = |t: &str| all.iter().find(|c| c.title.contains(t)).unwrap();
    let lianhe = find("草尼马");
    assert!(
        lianhe.flag("collective")
            && (150..160).contains(&lianhe.int("people"))
            && lianhe.int("batches") >= 3
    );
    assert!(lianhe.int("person_times") > lianhe.int("people"));
    let zhuma = find("青杠组");
    assert!(
        (80..90).contains(&zhuma.int("households")) && (380..390).contains(&zhuma.int("people"))
    );
    for c in [lianhe, zhuma] {
        assert_eq!(c.state, "closed");
        assert!(c.tags.iter().any(|t| t == "稳控"));
        // Each batch's visitors were added to person-times as they came.
        let raised = l
            .history(&c.id)
            .unwrap()
            .iter()
            .filter(|e| matches!(&e.change, Change::Field { field, .. } if field == "person_times"))
            .count();
        assert!(
            raised >= 2,
            "{}: person-times recorded once per batch",
            c.title
        );
    }
    assert_eq!(lianhe.int("person_times"), 153 + 41 + 32);
    let dele = find("德乐");
    assert_eq!(
        (dele.state.as_str(), dele.dec("amount_recovered")),
        ("closed", Decimal::from(18600))
    );
    assert_eq!(find("乌几莫").state, "closed");
    let arb = all
        .iter()
        .filter(|c| c.kind == Kind::Labour && c.state == "arbitration")
        .collect::<Vec<_>>();
    assert!(!arb.is_empty() && arb.iter().all(|c| c.text("arbitration_no").is_some()));
}

#[test]
fn inspections_and_drill_of_the_half_year() {
    let (_dir, l) = loaded();
    let mut inspections = BTreeMap::new();
    let mut drills = 0;
    for e in l.all_events().unwrap() {
        if let Change::Note {
            note_type,
            date,
            text,
            ..
        } = &e.change
            && h1(*date)
        {
            match note_type {
                NoteType::Inspection => *inspections.entry(text.clone()).or_insert(0) += 1,
                NoteType::Drill => drills += 1,
                _ => {}
            }
        }
    }
    let names: BTreeSet<String> = INSPECTIONS_H1.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        inspections.keys().cloned().collect::<BTreeSet<_>>(),
        names,
        "安全检查6次"
    );
    assert!(
        inspections.values().all(|&n| n == 1),
        "each inspection noted once: {inspections:?}"
    );
    // A report counts notes plus hazards' inspection names no note names: still six.
    assert_eq!(drills, 1, "参加1次消防应急演练");
    let hazards: Vec<Case> = l
        .cases()
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == Kind::Hazard)
        .collect();
    let found_h1: BTreeSet<&str> = hazards
        .iter()
        .filter(|c| h1(c.opened))
        .filter_map(|c| c.text("inspection"))
        .collect();
    assert_eq!(found_h1.len(), 6);
    let major_escalated = hazards.iter().any(|c| {
        c.text("grade") == Some("major") && c.state == "escalated" && c.flag("supervised")
    });
    assert!(major_escalated);
    let overdue_rectifying = hazards
        .iter()
        .filter(|c| {
            c.state == "rectifying" && c.date("rectify_by").is_some_and(|day| day < d(11, 25))
        })
        .count();
    assert!(overdue_rectifying >= 2);
}

fn generated(seed: u64, n: usize) -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(&dir);
    assert_eq!(generate_until(&l, n, seed, d(11, 25)).unwrap(), n);
    (dir, l)
}

#[test]
fn generated_cases_are_valid_with_history_and_deterministic() {
    let (_d1, a) = generated(7, 2000);
    assert_eq!(a.count().unwrap(), 2000);
    assert_eq!(a.check().unwrap(), Vec::<String>::new());
    let mut per_case: BTreeMap<String, usize> = BTreeMap::new();
    for e in a.all_events().unwrap() {
        *per_case.entry(e.case).or_default() += 1;
        assert!(e.at.date_naive() >= y25(1, 1) && e.at.date_naive() <= d(11, 25));
    }
    assert_eq!(per_case.len(), 2000);
    assert!(
        per_case.values().all(|&n| n >= 3),
        "a case with fewer than 3 events"
    );
    let cases = a.cases().unwrap();
    let mut seen: BTreeMap<(Kind, String), usize> = BTreeMap::new();
    for c in &cases {
        *seen.entry((c.kind, c.state.clone())).or_default() += 1;
    }
    let missing: Vec<String> = Kind::ALL
        .iter()
        .flat_map(|k| k.def().states.iter().map(move |s| (*k, s.key.clone())))
        .filter(|ks| !seen.contains_key(ks))
        .map(|(k, s)| format!("{k}/{s}"))
        .collect();
    assert!(
        missing.is_empty(),
        "no generated case in {missing:?}; seen {seen:?}"
    );
    let kinds = |k: Kind| cases.iter().filter(|c| c.kind == k).count();
    assert!(
        kinds(Kind::Hazard) > kinds(Kind::Land) && kinds(Kind::Petition) > kinds(Kind::Demolition)
    );
    let open = cases.iter().filter(|c| c.is_open()).count();
    assert!(open > 200 && open < 1000, "{open} of 2000 open");

    let (_d2, b) = generated(7, 300);
    let (_d3, c) = generated(7, 300);
    let (_d4, other) = generated(8, 300);
    let view = |l: &Ledger| {
        l.cases()
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.title, c.state, c.rev))
            .collect::<Vec<_>>()
    };
    assert_eq!(view(&b), view(&c));
    assert_ne!(view(&b), view(&other));
    // Generated cases go beside the demo without disturbing it.
    assert!(load(&b).unwrap_err().to_string().contains("not empty"));
}

#[test]
fn generate_adds_to_the_demo_and_keeps_it_valid() {
    let (_dir, l) = loaded();
    let before = l.count().unwrap();
    generate_until(&l, 200, 3, d(11, 25)).unwrap();
    assert_eq!(l.count().unwrap(), before + 200);
    assert_eq!(l.check().unwrap(), Vec::<String>::new());
}
