//! What the report may claim: each sentence from the outcome the record shows (a withdrawn
//! dispute is not 成功化解, an escalated or dissatisfied collective petition is not 成功稳控, a
//! demolition not yet verified is demolished), which sections it prints, which typical cases it
//! names and in which order, and "等" only where a list is cut short. On the hand-worked ledger
//! of `support/words_fixture.rs`, and through the built binary.

use crate::support::{Sandbox, report_fixture, words_fixture};

use report_fixture::{Fixture, case, d};
use taizhang::ledger::report::{
    DisputeOutcome, Options, Order, PetitionOutcome, check_names, markdown, markdown_with,
    parse_sections, typical,
};
use taizhang::ledger::{Calendar, Kind, Lang, Ledger};

fn id_of(fx: &Fixture, title: &str) -> String {
    fx.ledger
        .cases()
        .expect("cases")
        .into_iter()
        .find(|c| c.title == title)
        .map(|c| c.id)
        .unwrap_or_else(|| panic!("no case {title}"))
}

#[test]
fn a_withdrawn_dispute_is_not_called_resolved() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    let outcomes: Vec<(&str, DisputeOutcome)> = f
        .labour
        .resolved
        .iter()
        .map(|r| (r.employer.as_str(), r.outcome))
        .collect();
    // Named workers first (李四 closed 02-20, 张三 03-01), then by workers; B2 closed from
    // 调解不成.
    assert_eq!(
        outcomes,
        vec![
            ("乙公司", DisputeOutcome::Withdrawn),
            ("甲公司", DisputeOutcome::Agreement),
            ("丙公司", DisputeOutcome::Award),
        ]
    );
    assert_eq!((f.labour.closed, f.labour.withdrawn), (3, 1));
    let zh = markdown(&f, Lang::Zh, false);
    assert!(
        zh.contains("一是成功化解甲公司与其职工张**劳资纠纷,丙公司与3名职工劳资纠纷。"),
        "{zh}"
    );
    assert!(!zh.contains("乙公司"), "{zh}");
    assert!(zh.contains("办结3件(其中申请人撤回或放弃1件)"), "{zh}");
    let en = markdown(&f, Lang::En, false);
    assert!(
        en.contains("and 3 closed, 1 of them withdrawn or abandoned"),
        "{en}"
    );
    assert!(!en.contains("乙公司"), "{en}");
}

#[test]
fn an_escalated_or_dissatisfied_petition_is_not_called_stabilised() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    let named: Vec<(&str, PetitionOutcome)> = f
        .petition
        .named
        .iter()
        .map(|n| (n.name.as_str(), n.outcome))
        .collect();
    // Most people first: A8 丁村 60, A1 甲村 40, A3 丙村 30 (escalated although closed
    // satisfied), A2 乙村 12 (closed dissatisfied).
    assert_eq!(
        named,
        vec![
            ("丁村", PetitionOutcome::Stabilised),
            ("甲村", PetitionOutcome::Stabilised),
            ("丙村", PetitionOutcome::Escalated),
            ("乙村", PetitionOutcome::Dissatisfied),
        ]
    );
    assert_eq!(f.petition.escalated, 1);
    let zh = markdown(&f, Lang::Zh, false);
    assert!(
        zh.contains("二是成功稳控丁村60人、甲村40人上访事件;丙村30人上访事件发生越级访;乙村12人上访事件已办结,群众不满意。"),
        "{zh}"
    );
    assert!(zh.contains("重复访率28.6%,发生越级访1件。"), "{zh}");
    // No list here is cut short, so no "等".
    assert!(!zh.contains('等'), "{zh}");
    let en = markdown(&f, Lang::En, false);
    assert!(
        en.contains("Collective petitions closed to the petitioners' satisfaction: 丁村 (60 people) and 甲村 (40 people); 丙村 (30 people) went over the office's head (越级访); 乙村 (12 people) closed with the petitioners dissatisfied."),
        "{en}"
    );
    // By date instead: 甲村 (01-05) before 丁村 (04-15).
    let mut o = Options::new(Lang::Zh, false);
    o.order = Order::Date;
    let by_date = markdown_with(&f, &o);
    assert!(
        by_date.contains("二是成功稳控甲村40人、丁村60人上访事件;"),
        "{by_date}"
    );
    assert!(Order::parse("日期").is_ok() && Order::parse("SIZE").is_ok());
    let e = Order::parse("people-first")
        .expect_err("bad order")
        .to_string();
    assert!(e.contains("date") && e.contains("size"), "{e}");
}

#[test]
fn a_demolition_not_yet_verified_counts_as_demolished() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    let dm = &f.demolition;
    // K1 demolished 03-01, not verified; K2 verified 05-01 (closed); K3 filed.
    assert_eq!(
        (dm.demolished, dm.awaiting_verification, dm.open),
        (2, 1, 1)
    );
    let zh = markdown(&f, Lang::Zh, false);
    assert!(
        zh.contains("上半年巡查发现违建3处,完成拆除2处;期末已拆除待验收1处、正在处置1处。"),
        "{zh}"
    );
    assert!(!zh.contains("正在处置2处"), "{zh}");
    let en = markdown(&f, Lang::En, false);
    assert!(
        en.contains("1 is demolished and awaiting verification and 1 still being dealt with."),
        "{en}"
    );
}

#[test]
fn the_sections_are_those_asked_for_or_those_with_something_to_say() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    // By default the empty land section is left out, and the others numbered as printed.
    let zh = markdown(&f, Lang::Zh, false);
    for want in [
        "## 一、信访维稳与矛盾纠纷调处",
        "## 二、劳资纠纷调处",
        "## 三、安全生产",
        "## 四、违建拆除",
    ] {
        assert!(zh.contains(want), "missing {want} in\n{zh}");
    }
    assert!(
        !zh.contains("征地补偿") && !zh.contains("台账未记录此类事项"),
        "{zh}"
    );
    // Asked for by kind or section name, in report order whatever the order asked.
    let kinds = parse_sections("安全生产, labour").expect("sections");
    assert_eq!(kinds, vec![Kind::Labour, Kind::Hazard]);
    let mut o = Options::new(Lang::Zh, false);
    o.sections = Some(kinds);
    let two = markdown_with(&f, &o);
    assert!(
        two.contains("## 一、劳资纠纷调处") && two.contains("## 二、安全生产"),
        "{two}"
    );
    assert!(!two.contains("信访维稳") && !two.contains("违建"), "{two}");
    // A section asked for says so when it is empty.
    o.sections = Some(parse_sections("all").expect("all"));
    let all = markdown_with(&f, &o);
    assert!(
        all.contains("## 三、征地补偿\n\n上半年台账未记录此类事项。"),
        "{all}"
    );
    assert_eq!(
        parse_sections("信访,劳资纠纷,XF").expect("sections"),
        vec![Kind::Petition, Kind::Labour]
    );
    let e = parse_sections("petition,roads")
        .expect_err("bad")
        .to_string();
    assert!(e.contains("roads") && e.contains("demolition"), "{e}");
    assert!(!e.contains('\n'));
    // A ledger with nothing in the period says so once.
    let empty = markdown(&fx.figures("2024"), Lang::Zh, false);
    assert!(
        empty.contains("2024年台账未记录信访、劳资纠纷、征地补偿、安全隐患和违建拆除事项。"),
        "{empty}"
    );
    assert!(!empty.contains("## "), "{empty}");
}

#[test]
fn the_office_chooses_which_supported_cases_to_name() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    let (b1, b2, b3) = (
        id_of(&fx, "甲公司拖欠工资"),
        id_of(&fx, "乙公司拖欠工资"),
        id_of(&fx, "丙公司拖欠工资"),
    );
    let (a1, a3, a8) = (
        id_of(&fx, "甲村村民集体上访"),
        id_of(&fx, "丙村村民越级上访"),
        id_of(&fx, "丁村村民集体上访"),
    );
    // The record supports naming B1, B3 (agreement, award), A8 and A1 (stabilised).
    let mut ok = typical(&f);
    ok.sort();
    let mut want = vec![b1.clone(), b3.clone(), a1.clone(), a8.clone()];
    want.sort();
    assert_eq!(ok, want);
    for unsupported in [&b2, &a3, &"LD-2026-9999".to_string()] {
        let e = check_names(&f, std::slice::from_ref(unsupported))
            .expect_err("not supported")
            .to_string();
        assert!(e.contains(unsupported.as_str()) && e.contains(&b1), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
    check_names(&f, &[b1.clone(), a1.clone()]).expect("supported");
    let mut o = Options::new(Lang::Zh, false);
    o.names = Some(vec![b1, a1]);
    let zh = markdown_with(&f, &o);
    assert!(
        zh.contains("一是成功化解甲公司与其职工张**劳资纠纷。"),
        "{zh}"
    );
    // The escalated and dissatisfied petitions are still reported as such.
    assert!(
        zh.contains("二是成功稳控甲村40人上访事件;丙村30人上访事件发生越级访;乙村12人上访事件已办结,群众不满意。"),
        "{zh}"
    );
    assert!(!zh.contains("丙公司") && !zh.contains("丁村"), "{zh}");
}

#[test]
fn deng_only_where_the_list_is_cut_short() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = Ledger::open(&dir.path().join("l.redb"), Calendar::none()).expect("open");
    let mut ids = Vec::new();
    // Four collective petitions closed satisfied: 40, 30, 20 and 10 people.
    for (i, (party, people)) in [
        ("东村", "40"),
        ("西村", "30"),
        ("南村", "20"),
        ("北村", "10"),
    ]
    .into_iter()
    .enumerate()
    {
        let day = d(2026, 2, 1 + i as u32);
        let p = case(
            &ledger,
            day,
            Kind::Petition,
            &format!("{party}集体上访"),
            &[("people", people), ("collective", "yes"), ("party", party)],
        );
        p.mv(day, "accepted")
            .mv_note(d(2026, 3, 1), "answered", "答复")
            .mv_with(d(2026, 3, 2), "closed", &[("satisfaction", "satisfied")]);
        ids.push(p.id.clone());
    }
    let fx = Fixture { dir, ledger };
    let f = fx.figures("2026H1");
    let zh = markdown(&f, Lang::Zh, false);
    assert!(
        zh.contains("成功稳控东村40人、西村30人、南村20人等上访事件。"),
        "{zh}"
    );
    let en = markdown(&f, Lang::En, false);
    assert!(en.contains("南村 (20 people), among others."), "{en}");
    // Chosen by the office, all four are named and nothing is left out.
    let mut o = Options::new(Lang::Zh, false);
    o.names = Some(ids);
    let chosen = markdown_with(&f, &o);
    assert!(
        chosen.contains("成功稳控东村40人、西村30人、南村20人、北村10人上访事件。"),
        "{chosen}"
    );
}

/// The flags through the built binary, on a ledger written today.
#[test]
fn report_flags_from_the_command_line() {
    let s = Sandbox::new();
    let add = |title: &str, employer: &str, party: &str| {
        s.ok(&[
            "add",
            "labour",
            "--title",
            title,
            "--field",
            &format!("employer={employer}"),
            "--party",
            party,
        ])
        .trim()
        .to_string()
    };
    let x1 = add("甲公司欠薪", "甲公司", "张三");
    let x2 = add("乙公司欠薪", "乙公司", "李四");
    let x3 = add("丙公司欠薪", "丙公司", "王五");
    for (id, path) in [
        (&x1, &["mediating", "settled", "paying", "closed"][..]),
        (&x2, &["mediating", "settled", "closed"][..]),
        (&x3, &["mediating", "mediation_failed", "closed"][..]),
    ] {
        for to in path {
            s.ok(&["move", id, to, "--note", "记录"]);
        }
    }
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive()).to_string();
    let md = s.ok(&["report", "--period", &year, "--lang", "zh"]);
    assert!(
        md.contains("成功化解甲公司与其职工张**劳资纠纷,乙公司与其职工李**劳资纠纷。"),
        "{md}"
    );
    assert!(!md.contains("丙公司") && !md.contains("征地补偿"), "{md}");
    // A tag 典型 names that case only; on a withdrawn dispute it names nothing.
    s.ok(&["tag", &x1, "+典型"]);
    s.ok(&["tag", &x3, "+典型"]);
    let md = s.ok(&["report", "--period", &year, "--lang", "zh"]);
    assert!(
        md.contains("一是成功化解甲公司与其职工张**劳资纠纷。"),
        "{md}"
    );
    let md = s.ok(&["report", "--period", &year, "--lang", "zh", "--name", &x2]);
    assert!(
        md.contains("成功化解甲公司与其职工张**劳资纠纷,乙公司与其职工李**劳资纠纷。"),
        "{md}"
    );
    let e = s.fails(&["report", "--period", &year, "--name", &x3]);
    assert!(e.contains(&x3) && e.contains("--name"), "{e}");
    // Sections, order and periods.
    let md = s.ok(&[
        "report",
        "--period",
        &year,
        "--lang",
        "zh",
        "--sections",
        "labour",
    ]);
    assert!(
        md.contains("## 一、劳资纠纷调处") && !md.contains("信访维稳"),
        "{md}"
    );
    let e = s.fails(&["report", "--sections", "roads"]);
    assert!(e.contains("roads"), "{e}");
    let e = s.fails(&["report", "--order", "biggest"]);
    assert!(e.contains("date") && e.contains("size"), "{e}");
    let e = s.fails(&["report", "--period", "2026H1", "--from", "2026-01-01"]);
    assert!(e.contains("--from"), "{e}");
    let md = s.ok(&[
        "report",
        "--from",
        &format!("{year}-01-01"),
        "--to",
        &format!("{year}-12-31"),
        "--lang",
        "en",
    ]);
    assert!(md.contains("Labour disputes"), "{md}");
    for p in ["2026-05", "2026年5月", "2026W22"] {
        s.ok(&["report", "--period", p]);
        s.ok(&["summary", "--period", p]);
    }
    let e = s.fails(&["summary", "--period", "2026W60"]);
    assert!(e.contains("2026W22"), "{e}");
}
