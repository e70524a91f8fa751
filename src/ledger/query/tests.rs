//! The query language's tests.

use super::*;
use crate::ledger::model::Clock;
use chrono::Utc;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn case(kind: Kind, state: &str, title: &str) -> Case {
    Case {
        id: format!("{}-2026-0001", kind.def().code),
        kind,
        title: title.into(),
        description: String::new(),
        party: "德乐公司".into(),
        location: String::new(),
        assignee: Some("wang".into()),
        priority: Priority::High,
        tags: vec!["集体访".into()],
        state: state.into(),
        opened: d(2026, 3, 1),
        closed: None,
        links: vec![],
        fields: Default::default(),
        clock: None,
        due: None,
        rev: 1,
        created: Utc::now(),
        updated: Utc::now(),
        source: None,
    }
}

fn env(cal: &Calendar) -> Env<'_> {
    Env {
        today: d(2026, 5, 20),
        rule_set: "national",
        calendar: cal,
        user: "wang",
    }
}

/// The petition answer clock started on `started`, never extended or paused.
fn answer_clock(started: NaiveDate) -> Clock {
    Clock {
        rule: "answer".into(),
        started,
        extended_days: 0,
        extensions: 0,
        paused_days: 0,
        paused_since: None,
    }
}

fn hits(q: &str, c: &Case) -> bool {
    let cal = Calendar::none();
    Query::parse(q)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .matches(c, &env(&cal))
}

#[test]
fn the_readme_example_parses_and_matches() {
    let mut c = case(Kind::Petition, "accepted", "联合村草尼马上访");
    c.fields.insert("people".into(), Value::Int(150));
    // Accepted 2026-03-01: the 60-day answer deadline (2026-04-30) has passed by 2026-05-20.
    c.clock = Some(answer_clock(d(2026, 3, 1)));
    assert!(hits(
        "kind:petition state:accepted assignee:wang overdue due<7d tag:集体访 opened>=2026-01-01 people>=5 德乐",
        &c
    ));
    assert!(hits("kind:信访 state:受理 联合村", &c));
    assert!(!hits("people>150", &c));
    assert!(hits("people>=150 and not kind:hazard", &c));
    assert!(hits("(kind:hazard or kind:petition) priority>=high", &c));
    assert!(!hits("kind:hazard or state:closed", &c));
    assert!(hits("-closed mine", &c));
    c.clock = None;
    assert!(!hits("overdue", &c));
}

#[test]
fn field_terms_compare_by_type() {
    let mut c = case(Kind::Land, "holdout", "勐梭片区二期");
    c.fields
        .insert("area_mu".into(), Value::Dec("54.8375".parse().unwrap()));
    c.fields.insert(
        "holdout_reason".into(),
        Value::Text("boundary_dispute".into()),
    );
    assert!(hits("area_mu>54.8 holdout_reason:地界冲突", &c));
    assert!(!hits("holdout_reason:refuses_to_sign", &c));
    assert!(hits("holdout_reason!=refuses_to_sign", &c));
    assert!(hits("collective:no", &c));
    assert!(hits("kind!=petition state!=closed", &c));
    assert!(!hits("kind!=land", &c));
}

#[test]
fn malformed_queries_point_at_the_offending_column() {
    let cases = [
        ("kind:petition (state:closed", 15),
        ("kind:nonsense", 6),
        ("people>=lots", 9),
        ("opened>=2026-02-30", 9),
        ("state:closed )", 14),
        ("colour:red", 1),
        ("()", 2),
        ("kind:", 6),
        ("德乐 or", 6),
        ("\"unclosed", 1),
        ("is:weird", 4),
    ];
    for (q, col) in cases {
        match Query::parse(q) {
            Err(LedgerError::Query { column, message }) => {
                assert_eq!(column, col, "{q}: {message}");
                assert!(!message.is_empty());
            }
            other => panic!("{q}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn empty_query_matches_everything() {
    let q = Query::parse("   ").unwrap();
    assert!(q.is_empty());
    assert!(hits("", &case(Kind::Hazard, "found", "x")));
}

#[test]
fn free_words_in_the_search_text_match_as_in_the_case() {
    let cal = Calendar::none();
    // Accepted: the answer clock is the stage's own (a clock of another rule is not running).
    let mut c = case(Kind::Petition, "accepted", "ΣΟΦΙΑΣ 德乐电子 Deli");
    c.location = "İstanbul 联合村".into();
    c.description = "第二行\n说明".into();
    c.clock = Some(answer_clock(d(2026, 3, 1)));
    let mut text = String::new();
    push_search_text(&mut text, &c);
    let due = crate::ledger::deadline::due(&c, "national", &cal, d(2026, 5, 20));
    assert!(due.is_some());
    let known = Known {
        text: &text,
        due: due.as_ref(),
    };
    for q in [
        "德乐",
        "deli",
        "σοφιας",
        "σοφιασ",
        "i̇stanbul",
        "xf-2026",
        "说明",
        "村 第",
        "德乐 kind:hazard",
        "德乐 or kind:hazard",
        "not 德乐",
        "zz",
        "overdue",
        "not overdue",
        "due<7d",
        "due>=2026-04-30",
        "due>2026-04-30",
        "open due>=today due<=7d",
    ] {
        let q = Query::parse(q).unwrap();
        assert_eq!(
            q.matches_known(&c, &known, &env(&cal)),
            q.matches(&c, &env(&cal)),
            "{}",
            q.text()
        );
    }
}

#[test]
fn the_caseless_blocks_lower_case_to_themselves_and_nothing_else_lower_cases_into_them() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let lower: Vec<char> = c.to_lowercase().collect();
        if caseless(c) {
            assert_eq!(lower, [c], "{c:?}");
        } else {
            assert!(
                !lower.iter().any(|l| caseless(*l)),
                "{c:?} lower-cases into the caseless blocks"
            );
        }
    }
}

#[test]
fn free_words_ignore_case_in_ascii_chinese_and_mixed_text() {
    let hays = [
        "XF-2026-0031",
        "德乐电子 Deli Electronics",
        "联合村草尼马上访",
        "ΣΟΦΙΑ",
        "straße",
        "",
        "İstanbul",
        "（一）ＡＢ电子",
        "ａｂ电子",
    ];
    let needles = [
        "（一）",
        "ａｂ",
        "电子",
        "xf-2026",
        "deli",
        "电子 d",
        "联合村",
        "σοφ",
        "ße",
        "",
        "i̇st",
        "0031",
        "zz",
        "草尼马上访x",
    ];
    for h in hays {
        for n in needles {
            let n = n.to_lowercase();
            assert_eq!(
                contains_ci(h, &n),
                h.to_lowercase().contains(&n),
                "{h:?} ∋ {n:?}"
            );
        }
    }
    assert!(hits(
        "xf-2026-0001",
        &case(Kind::Petition, "registered", "x")
    ));
    assert!(hits("德乐", &case(Kind::Petition, "registered", "x")));
    assert!(!hits("德乐x", &case(Kind::Petition, "registered", "x")));
}

#[test]
fn a_query_is_open_only_when_no_closed_case_can_match_it() {
    let open_only = [
        "open",
        "mine",
        "overdue",
        "-closed",
        "not closed",
        "due<7d",
        "kind:hazard open 德乐",
        "state:accepted",
        "state:受理",
        "overdue or mine",
        "(open or due>today) kind:land",
    ];
    let not = [
        "",
        "德乐",
        "closed",
        "state:closed",
        "open or 德乐",
        "not open",
        "not overdue",
        "kind:hazard",
        "state:销号",
        "people>5",
    ];
    for q in open_only {
        assert!(
            Query::parse(q).unwrap().open_only(),
            "{q} should be open-only"
        );
    }
    for q in not {
        assert!(
            !Query::parse(q).unwrap().open_only(),
            "{q} should not be open-only"
        );
    }
    // What open_only promises: closed cases of every kind match none of those queries.
    let cal = Calendar::none();
    for k in Kind::ALL {
        for st in k.def().states.iter().filter(|s| s.terminal) {
            let mut c = case(k, &st.key, "德乐");
            c.closed = Some(d(2026, 5, 1));
            c.clock = Some(answer_clock(d(2026, 1, 1)));
            for q in open_only {
                assert!(
                    !Query::parse(q).unwrap().matches(&c, &env(&cal)),
                    "{q} matched closed {}",
                    c.state
                );
            }
        }
    }
}

#[test]
fn an_unknown_field_is_refused_with_the_nearest_names() {
    let msg = |q: &str| match Query::parse(q) {
        Err(LedgerError::Query { column, message }) => (column, message),
        other => panic!("{q} should be refused, got {other:?}"),
    };
    // A Chinese label is a field name the query does not know (yet): refused, never a word
    // searched for that matches nothing.
    let (col, m) = msg("状态:受理");
    assert_eq!(col, 1);
    assert!(
        m.contains("unknown field \"状态\"") && m.contains("did you mean state?"),
        "{m}"
    );
    let (col, m) = msg("overdue 责任人:wang");
    assert_eq!(col, 9);
    assert!(m.contains("did you mean assignee or"), "{m}");
    let (_, m) = msg("asignee:wang");
    assert!(m.contains("did you mean assignee?"), "{m}");
    let (_, m) = msg("zzzz:1");
    assert!(!m.contains("did you mean"), "{m}");
    // Words without a colon are still searched for.
    assert!(Query::parse("联合村 欠薪").is_ok());
}
