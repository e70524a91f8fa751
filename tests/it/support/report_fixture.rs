//! A small ledger for the report tests, written through the ledger's one write path with each
//! command dated, so every figure can be worked out by hand. The comments give the dates that
//! matter; `tests/it/report_figures.rs` holds the arithmetic.

use chrono::{DateTime, NaiveDate, Utc};
use taizhang::ledger::report::{Data, Figures, Period};
use taizhang::ledger::{Calendar, Command, Kind, Ledger, NoteType, Request, Target};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// The day the reports are run on.
pub fn today() -> NaiveDate {
    d(2026, 11, 25)
}

/// 04:00 UTC is the same calendar day from UTC−4 to UTC+19, so event days do not depend on the
/// machine's time zone.
fn at(day: NaiveDate) -> (DateTime<Utc>, NaiveDate) {
    (day.and_hms_opt(4, 0, 0).expect("time").and_utc(), day)
}

pub struct Fixture {
    /// Holds the ledger's directory until the fixture is dropped.
    #[allow(dead_code)]
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub struct B<'a> {
    l: &'a Ledger,
    pub id: String,
}

impl B<'_> {
    fn run(&self, day: NaiveDate, c: Command) -> &Self {
        self.l
            .execute_batch_with(vec![Request::from(c)], |_| at(day))
            .unwrap_or_else(|e| panic!("{} on {day}: {e}", self.id));
        self
    }
    pub fn mv(&self, day: NaiveDate, to: &str) -> &Self {
        self.run(
            day,
            Command::Move {
                id: self.id.clone(),
                to: to.into(),
                note: None,
                fields: vec![],
                urgent: None,
            },
        )
    }
    pub fn mv_note(&self, day: NaiveDate, to: &str, note: &str) -> &Self {
        self.run(
            day,
            Command::Move {
                id: self.id.clone(),
                to: to.into(),
                note: Some(note.into()),
                fields: vec![],
                urgent: None,
            },
        )
    }
    pub fn mv_with(&self, day: NaiveDate, to: &str, fields: &[(&str, &str)]) -> &Self {
        self.run(
            day,
            Command::Move {
                id: self.id.clone(),
                to: to.into(),
                note: None,
                fields: kv(fields),
                urgent: None,
            },
        )
    }
    pub fn edit(&self, day: NaiveDate, fields: &[(&str, &str)]) -> &Self {
        self.run(
            day,
            Command::Edit {
                id: self.id.clone(),
                fields: kv(fields),
            },
        )
    }
    pub fn note(&self, day: NaiveDate, t: NoteType, text: &str, people: Option<u32>) -> &Self {
        self.run(
            day,
            Command::Note {
                id: self.id.clone(),
                note_type: t,
                text: text.into(),
                people,
                date: Some(day),
            },
        )
    }
    pub fn pause(&self, day: NaiveDate) -> &Self {
        self.run(
            day,
            Command::Pause {
                id: self.id.clone(),
                reason: "等待听证".into(),
            },
        )
    }
    pub fn resume(&self, day: NaiveDate) -> &Self {
        self.run(
            day,
            Command::Resume {
                id: self.id.clone(),
            },
        )
    }
    pub fn extend(&self, day: NaiveDate, days: u32) -> &Self {
        self.run(
            day,
            Command::Extend {
                id: self.id.clone(),
                days,
                reason: "案情复杂,经批准延长".into(),
            },
        )
    }
}

pub fn case<'a>(
    l: &'a Ledger,
    day: NaiveDate,
    kind: Kind,
    title: &str,
    fields: &[(&str, &str)],
) -> B<'a> {
    let out = l
        .execute_batch_with(
            vec![Request::from(Command::Create {
                kind,
                title: title.into(),
                fields: kv(fields),
                source: None,
            })],
            |_| at(day),
        )
        .unwrap_or_else(|e| panic!("create {title}: {e}"));
    B {
        l,
        id: out[0].id.clone(),
    }
}

impl Fixture {
    pub fn figures(&self, period: &str) -> Figures {
        let data = Data::read(&self.ledger).expect("read");
        Figures::compute(
            &data,
            &Calendar::none(),
            &Period::parse(period).expect("period"),
            today(),
        )
        .expect("figures")
    }
}

/// The fixture ledger. Period of interest: 2026H1 (2026-01-01..2026-06-30).
pub fn build() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = Ledger::open(&dir.path().join("ledger.redb"), Calendar::none()).expect("open");
    let l = &ledger;
    use Kind::*;
    use NoteType::*;

    // ---- Petitions -------------------------------------------------------------------------
    // P1: opened 2025-12-10, still open on 1 January (handled), closed 2026-03-05 satisfied.
    //     Two coordination rounds in the period (12 + 8 people); a phone call does not count.
    let p1 = case(
        l,
        d(2025, 12, 10),
        Petition,
        "岳宋村村民反映粉尘问题",
        &[("people", "3"), ("batches", "1"), ("person_times", "20")],
    );
    p1.mv(d(2025, 12, 12), "accepted")
        .mv(d(2025, 12, 13), "in_progress");
    p1.note(d(2026, 1, 15), Coordination, "召开协调会", Some(12))
        .note(d(2026, 2, 3), Visit, "入户走访", Some(8));
    p1.note(d(2026, 2, 10), Call, "电话回访", Some(3));
    p1.mv_note(d(2026, 3, 1), "answered", "书面答复").mv_with(
        d(2026, 3, 5),
        "closed",
        &[("satisfaction", "satisfied")],
    );

    // P2: collective, opened 2026-02-01 with 150 person-times at intake; closed 05-15, reopened
    //     for review 06-01, closed again 06-25: closed once, reopened once. Rounds: 03-03 (8),
    //     04-08 (16); the visit of 07-05 is after the period.
    let p2 = case(
        l,
        d(2026, 2, 1),
        Petition,
        "联合村群众集体上访",
        &[
            ("people", "150"),
            ("batches", "1"),
            ("person_times", "150"),
            ("collective", "yes"),
            ("party", "回隆乡联合村草尼马"),
        ],
    );
    p2.mv(d(2026, 2, 2), "accepted");
    p2.note(d(2026, 3, 3), Coordination, "协调会", Some(8))
        .note(d(2026, 4, 8), Meeting, "村民代表会议", Some(16));
    p2.mv_note(d(2026, 5, 10), "answered", "答复").mv_with(
        d(2026, 5, 15),
        "closed",
        &[("satisfaction", "basically")],
    );
    p2.mv(d(2026, 6, 1), "review")
        .mv_note(d(2026, 6, 20), "review_answered", "复查意见")
        .mv(d(2026, 6, 25), "closed");
    p2.note(d(2026, 7, 5), Visit, "回访", Some(6));

    // P3: opened 2026-06-20 (5 people, 2 households, 5 person-times), still open; its only
    //     round is after the period.
    let p3 = case(
        l,
        d(2026, 6, 20),
        Petition,
        "城郊镇农户反映道路占用",
        &[
            ("people", "5"),
            ("households", "2"),
            ("batches", "1"),
            ("person_times", "5"),
            ("location", "城郊镇"),
            ("assignee", "li"),
        ],
    );
    p3.mv(d(2026, 6, 22), "accepted")
        .note(d(2026, 7, 2), Coordination, "协调", Some(4));

    // P4: opened and closed in 2025: not handled in 2026H1.
    let p4 = case(
        l,
        d(2025, 5, 1),
        Petition,
        "往年信访",
        &[("people", "1"), ("person_times", "1")],
    );
    p4.mv(d(2025, 5, 2), "accepted")
        .mv_note(d(2025, 6, 1), "answered", "答复");
    p4.mv_with(
        d(2025, 10, 1),
        "closed",
        &[("satisfaction", "dissatisfied")],
    );

    // P5: opened after the period.
    case(
        l,
        d(2026, 7, 10),
        Petition,
        "七月来访",
        &[("people", "2"), ("person_times", "2"), ("assignee", "wang")],
    );

    // P6: opened 01-20, answered 03-05, closed 03-10, reopened for review 04-01 (within the 30
    //     days of the answer) and still in review: handled, reopened, not closed; its review was
    //     due 05-01, so overdue on 06-30 by 60 days.
    let p6 = case(
        l,
        d(2026, 1, 20),
        Petition,
        "复查中的信访",
        &[
            ("people", "1"),
            ("batches", "1"),
            ("person_times", "1"),
            ("assignee", "wang"),
        ],
    );
    p6.mv(d(2026, 1, 21), "accepted")
        .mv_note(d(2026, 3, 5), "answered", "答复");
    p6.mv_with(d(2026, 3, 10), "closed", &[("satisfaction", "satisfied")])
        .mv(d(2026, 4, 1), "review");

    // ---- Labour disputes --------------------------------------------------------------------
    // L1: 德乐公司, worker 杜小明; recovered in two steps in the period; closed 03-04.
    let l1 = case(
        l,
        d(2026, 1, 5),
        Labour,
        "德乐公司拖欠工资",
        &[
            ("employer", "德乐公司"),
            ("party", "杜小明"),
            ("subtype", "wage"),
            ("workers", "1"),
            ("amount_claimed", "18600"),
        ],
    );
    l1.mv(d(2026, 1, 6), "mediating")
        .note(d(2026, 1, 9), Coordination, "协调", Some(3));
    l1.mv_note(d(2026, 1, 20), "settled", "调解协议")
        .mv(d(2026, 1, 21), "paying");
    l1.edit(d(2026, 2, 10), &[("amount_recovered", "9300")])
        .edit(d(2026, 3, 1), &[("amount_recovered", "18600")]);
    l1.mv_note(d(2026, 3, 4), "closed", "履行完毕");

    // L2: 湘顺硅业 work injury; arbitration extended once (05-20); award 06-01; closed 07-15.
    let l2 = case(
        l,
        d(2026, 4, 1),
        Labour,
        "湘顺硅业工伤",
        &[
            ("employer", "湘顺硅业公司"),
            ("party", "乌几莫"),
            ("subtype", "injury"),
            ("workers", "1"),
            ("amount_claimed", "0.1"),
        ],
    );
    l2.mv(d(2026, 4, 2), "mediating")
        .note(d(2026, 5, 10), Meeting, "约谈", Some(5));
    l2.mv_with(
        d(2026, 4, 20),
        "arbitration",
        &[("arbitration_no", "县劳人仲案〔2026〕12号")],
    )
    .extend(d(2026, 5, 20), 10);
    l2.mv_note(d(2026, 6, 1), "awarded", "裁决")
        .edit(d(2026, 6, 10), &[("amount_recovered", "0.2")]);
    l2.mv_note(d(2026, 7, 15), "closed", "执行完毕");

    // L3: 云佑酒业, five workers; 20000 recovered in 2025, 30000 more in the period; closed 02-20.
    let l3 = case(
        l,
        d(2025, 11, 1),
        Labour,
        "云佑酒业拖欠季节工工资",
        &[
            ("employer", "云南云佑酒业有限公司"),
            ("subtype", "wage"),
            ("workers", "5"),
            ("amount_claimed", "50000"),
        ],
    );
    l3.mv(d(2025, 11, 2), "mediating")
        .mv_note(d(2025, 11, 20), "settled", "协议")
        .mv(d(2025, 11, 21), "paying");
    l3.edit(d(2025, 12, 1), &[("amount_recovered", "20000")])
        .edit(d(2026, 2, 15), &[("amount_recovered", "50000")]);
    l3.mv_note(d(2026, 2, 20), "closed", "付清");

    // ---- Land households ---------------------------------------------------------------------
    // Published after the project's pre-notice (10 working days), registered after the 30 days
    // of publication (土地管理法实施条例 arts 26, 28).
    let land_path = |b: &B, days: [NaiveDate; 3]| {
        let pre = (days[0] - chrono::Days::new(20)).to_string();
        b.edit(days[0], &[("pre_notice_date", &pre)])
            .mv(days[0], "published")
            .mv(days[1], "registered")
            .mv(days[2], "negotiating");
    };
    // D1: 一期, 54.8375 亩, signed, paid and handed over in 2025; approved for use 2026-02-01.
    let d1 = case(
        l,
        d(2025, 3, 1),
        Land,
        "一期 岩嘎户",
        &[
            ("project", "勐梭片区第一期征地"),
            ("area_mu", "54.8375"),
            ("compensation_due", "100000"),
        ],
    );
    land_path(&d1, [d(2025, 3, 2), d(2025, 4, 2), d(2025, 4, 3)]);
    d1.mv(d(2025, 5, 1), "signed")
        .mv_with(d(2025, 6, 1), "paid", &[("compensation_paid", "100000")])
        .mv(d(2025, 7, 1), "handed_over");
    d1.edit(d(2026, 2, 1), &[("approved", "yes")]);

    // D2: 一期, 245.5925 亩, signed 2026-03-10, not approved, nothing paid of 200000.50.
    let d2 = case(
        l,
        d(2025, 3, 1),
        Land,
        "一期 叶团户",
        &[
            ("project", "勐梭片区第一期征地"),
            ("area_mu", "245.5925"),
            ("compensation_due", "200000.50"),
            ("approved", "no"),
        ],
    );
    land_path(&d2, [d(2025, 3, 2), d(2025, 4, 2), d(2025, 4, 3)]);
    d2.mv(d(2026, 3, 10), "signed");

    // D3: 二期, 0.1 亩, holding out from 04-01 over the standard (水田15%返还).
    let d3 = case(
        l,
        d(2025, 6, 1),
        Land,
        "二期 尼嘎户",
        &[("project", "勐梭片区第二期征地"), ("area_mu", "0.1")],
    );
    land_path(&d3, [d(2025, 6, 2), d(2025, 7, 3), d(2025, 7, 4)]);
    d3.mv_with(
        d(2026, 4, 1),
        "holdout",
        &[
            ("holdout_reason", "standard_dispute"),
            ("policy_note", "水田15%返还"),
        ],
    );

    // D4: 二期, 0.2 亩, boundary dispute from 05-01; signs 08-01 (after the period).
    let d4 = case(
        l,
        d(2025, 6, 1),
        Land,
        "二期 娜发户",
        &[("project", "勐梭片区第二期征地"), ("area_mu", "0.2")],
    );
    land_path(&d4, [d(2025, 6, 2), d(2025, 7, 3), d(2025, 7, 4)]);
    d4.mv_with(
        d(2026, 5, 1),
        "holdout",
        &[("holdout_reason", "boundary_dispute")],
    );
    d4.mv_note(d(2026, 7, 20), "negotiating", "地界调处完毕")
        .mv(d(2026, 8, 1), "signed");

    // D5: 二期, 1.5 亩, negotiating since 2025, 3000 due.
    let d5 = case(
        l,
        d(2025, 6, 1),
        Land,
        "二期 艾块户",
        &[
            ("project", "勐梭片区第二期征地"),
            ("area_mu", "1.5"),
            ("compensation_due", "3000"),
        ],
    );
    land_path(&d5, [d(2025, 6, 2), d(2025, 7, 3), d(2025, 7, 4)]);

    // ---- Hazards -----------------------------------------------------------------------------
    let ins1 = "2026年元旦节后复工安全检查";
    // H1: general, found 01-05 by inspection `ins1` (noted on this case), closed 01-18.
    let h1 = case(
        l,
        d(2026, 1, 5),
        Hazard,
        "配电箱未接地",
        &[
            ("company", "龙威混凝土"),
            ("grade", "general"),
            ("inspection", ins1),
        ],
    );
    h1.note(d(2026, 1, 5), Inspection, ins1, None);
    h1.mv_with(d(2026, 1, 6), "notified", &[("rectify_by", "2026-01-20")])
        .mv(d(2026, 1, 7), "rectifying")
        .mv(d(2026, 1, 15), "recheck");
    h1.mv_with(d(2026, 1, 18), "closed", &[("recheck_date", "2026-01-15")]);
    // H2: major, same inspection, due 06-01 and never closed: overdue at the end; a drill noted.
    let h2 = case(
        l,
        d(2026, 1, 5),
        Hazard,
        "液氯储罐报警仪失效",
        &[
            ("company", "金泰氯碱"),
            ("grade", "major"),
            ("inspection", ins1),
        ],
    );
    h2.mv_with(d(2026, 1, 6), "notified", &[("rectify_by", "2026-06-01")])
        .mv(d(2026, 1, 7), "rectifying");
    h2.note(d(2026, 6, 20), Drill, "消防应急演练", Some(86));
    // H3: general, found 04-01 by an inspection only its field names; closed 04-20, reopened
    //     05-01, closed again 05-12: rectified, reopened once.
    let h3 = case(
        l,
        d(2026, 4, 1),
        Hazard,
        "粉尘清扫不及时",
        &[
            ("company", "世全木业"),
            ("grade", "general"),
            ("inspection", "2026年清明节安全检查"),
        ],
    );
    h3.mv_with(d(2026, 4, 2), "notified", &[("rectify_by", "2026-04-30")])
        .mv(d(2026, 4, 3), "rectifying")
        .mv(d(2026, 4, 15), "recheck");
    h3.mv_with(d(2026, 4, 20), "closed", &[("recheck_date", "2026-04-15")]);
    h3.mv_note(d(2026, 5, 1), "rectifying", "复查发现反弹")
        .mv(d(2026, 5, 10), "recheck")
        .mv(d(2026, 5, 12), "closed");
    // H4: found 2025-12-01, closed 2026-02-01 (an older hazard rectified in the period); a
    //     spring inspection is noted on it 03-15.
    let h4 = case(
        l,
        d(2025, 12, 1),
        Hazard,
        "消防通道堵塞",
        &[("company", "昌裕糖业"), ("grade", "general")],
    );
    h4.mv_with(d(2025, 12, 2), "notified", &[("rectify_by", "2026-01-31")])
        .mv(d(2025, 12, 3), "rectifying")
        .mv(d(2026, 1, 25), "recheck");
    h4.mv_with(d(2026, 2, 1), "closed", &[("recheck_date", "2026-01-25")]);
    h4.note(d(2026, 3, 15), Inspection, "2026年春季专项检查", None);

    // ---- Illegal structures ------------------------------------------------------------------
    // C1: 强园建材, state land, self-demolished in two steps: 1000.25 m² recorded 03-01, raised to
    //     2524 at completion 06-15 (2524 in the period), then 3000 on 08-01 (476 after it).
    let c1 = case(
        l,
        d(2026, 1, 10),
        Demolition,
        "强园建材违章厂房",
        &[
            ("owner", "强园建材有限公司"),
            ("structure", "brick_concrete"),
            ("area_m2", "3000"),
            ("land_ownership", "state"),
        ],
    );
    c1.mv(d(2026, 1, 11), "filed").mv_with(
        d(2026, 1, 20),
        "ordered",
        &[
            ("order_no", "拆决〔2026〕1号"),
            ("served", "2026-01-20"),
            ("deadline", "2026-03-20"),
        ],
    );
    c1.mv(d(2026, 2, 1), "self_demolishing")
        .edit(d(2026, 3, 1), &[("area_demolished_m2", "1000.25")]);
    c1.mv_with(
        d(2026, 6, 15),
        "demolished",
        &[("area_demolished_m2", "2524"), ("method", "self")],
    );
    c1.edit(d(2026, 8, 1), &[("area_demolished_m2", "3000")]);
    // C2: 惠同纸业, collective land, 477.4 m² self-demolished 05-01.
    let c2 = case(
        l,
        d(2026, 2, 1),
        Demolition,
        "惠同纸业车棚",
        &[
            ("owner", "惠同纸业"),
            ("structure", "shed"),
            ("area_m2", "477.4"),
            ("land_ownership", "collective"),
        ],
    );
    c2.mv(d(2026, 2, 2), "filed").mv_with(
        d(2026, 5, 1),
        "demolished",
        &[("area_demolished_m2", "477.4"), ("method", "self")],
    );
    // C3: enforced in 2025 (1000 m², not this year), verified 2026-01-15 (closed in the period).
    let c3 = case(
        l,
        d(2025, 4, 1),
        Demolition,
        "毛田村钢构棚",
        &[
            ("owner", "毛田村农户"),
            ("structure", "steel"),
            ("area_m2", "1000"),
            ("land_ownership", "state"),
        ],
    );
    c3.mv(d(2025, 4, 2), "filed").mv_with(
        d(2025, 4, 3),
        "ordered",
        &[
            ("order_no", "拆决〔2025〕9号"),
            ("served", "2025-04-03"),
            ("deadline", "2025-04-20"),
        ],
    );
    // Enforced only after the warning period, the public notice and the owner's appeal windows
    // (served 2025-04-03 + 6 months), on a working day.
    c3.edit(d(2025, 4, 25), &[("warning_until", "2025-05-05")])
        .mv_note(d(2025, 4, 25), "warned", "催告");
    c3.mv_note(d(2025, 5, 10), "enforcement_decided", "强制执行决定")
        .mv_with(
            d(2025, 5, 12),
            "announced",
            &[("notice_until", "2025-05-22")],
        );
    c3.mv_with(
        d(2025, 12, 19),
        "enforced",
        &[("area_demolished_m2", "1000"), ("method", "enforced")],
    )
    .mv(d(2026, 1, 15), "verified");
    // C4: found 03-01, demolished on application 07-10 (300 m²): not in 2026H1.
    let c4 = case(
        l,
        d(2026, 3, 1),
        Demolition,
        "海强工贸临时仓库",
        &[
            ("owner", "海强工贸"),
            ("area_m2", "300"),
            ("land_ownership", "state"),
        ],
    );
    c4.mv(d(2026, 3, 2), "filed").mv_with(
        d(2026, 7, 10),
        "demolished",
        &[("area_demolished_m2", "300"), ("method", "applied")],
    );

    // ---- Targets -----------------------------------------------------------------------------
    let dec = |s: &str| s.parse().expect("decimal");
    ledger
        .set_target(&Target {
            kind: Demolition,
            measure: "area_demolished_m2".into(),
            year: 2026,
            guaranteed: dec("2500"),
            stretch: Some(dec("3000")),
        })
        .expect("target");
    ledger
        .set_target(&Target {
            kind: Petition,
            measure: "closed".into(),
            year: 2026,
            guaranteed: dec("4"),
            stretch: None,
        })
        .expect("target");
    // A target of another year is not shown.
    ledger
        .set_target(&Target {
            kind: Petition,
            measure: "closed".into(),
            year: 2025,
            guaranteed: dec("9"),
            stretch: None,
        })
        .expect("target");
    Fixture { dir, ledger }
}
