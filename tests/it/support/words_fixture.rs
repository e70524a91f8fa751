//! A second hand-worked ledger for the report tests: outcomes the wording must tell apart
//! (a withdrawn dispute, an escalated and a dissatisfied collective petition, a demolition not yet
//! verified) and acts whose deadlines the assessment rates check (accepted and answered on the
//! last day, after an extension, after a pause; hazards closed before and after their notice's
//! date). Rules: the national rule set, plain calendar days (no holiday calendar): accept in 15
//! days, answer in 60 (+ one extension of up to 30), hazards by the notice's `rectify_by`.
//! `tests/it/report_rates.rs` and `report_wording.rs` hold the arithmetic.

use taizhang::ledger::{Calendar, Kind, Ledger};

use super::report_fixture::{Fixture, case, d};

pub fn build() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = Ledger::open(&dir.path().join("ledger.redb"), Calendar::none()).expect("open");
    let l = &ledger;
    use Kind::*;

    // ---- Petitions ---------------------------------------------------------------------------
    // A1 XF-2026-0001: collective, 40 people of 甲村. Opened 01-05, accepted 01-20 (due 01-20:
    //     on time, the last day), answered 03-21 (due 01-20 + 60 = 03-21: on time, the last day),
    //     closed 03-25 satisfied. Stabilised.
    let a1 = case(
        l,
        d(2026, 1, 5),
        Petition,
        "甲村村民集体上访",
        &[("people", "40"), ("collective", "yes"), ("party", "甲村")],
    );
    a1.mv(d(2026, 1, 20), "accepted")
        .mv_note(d(2026, 3, 21), "answered", "书面答复")
        .mv_with(d(2026, 3, 25), "closed", &[("satisfaction", "satisfied")]);

    // A2 XF-2026-0002: 12 people of 乙村, a repeat petition. Opened 02-01, accepted 02-17 (due
    //     02-16: late). Extended 30 days on 03-01 (answer due 02-17 + 60 = 04-18, + 30 = 05-18);
    //     answered 05-10: on time. Closed 05-20 dissatisfied.
    let a2 = case(
        l,
        d(2026, 2, 1),
        Petition,
        "乙村村民反映征地补偿",
        &[("people", "12"), ("party", "乙村"), ("repeat", "yes")],
    );
    a2.mv(d(2026, 2, 17), "accepted").extend(d(2026, 3, 1), 30);
    a2.mv_note(d(2026, 5, 10), "answered", "书面答复").mv_with(
        d(2026, 5, 20),
        "closed",
        &[("satisfaction", "dissatisfied")],
    );

    // A3 XF-2026-0003: collective, 30 people of 丙村, escalated (越级访). Opened 03-01, accepted
    //     03-10 (due 03-16: on time). Paused 03-20, resumed 04-09 (20 days): answer due 03-10 + 60
    //     = 05-09, + 20 = 05-29; answered 05-25: on time (without the pause it would be late).
    //     Closed 06-01 satisfied, but escalated: not stabilised.
    let a3 = case(
        l,
        d(2026, 3, 1),
        Petition,
        "丙村村民越级上访",
        &[
            ("people", "30"),
            ("collective", "yes"),
            ("party", "丙村"),
            ("escalated", "yes"),
        ],
    );
    a3.mv(d(2026, 3, 10), "accepted")
        .pause(d(2026, 3, 20))
        .resume(d(2026, 4, 9));
    a3.mv_note(d(2026, 5, 25), "answered", "书面答复").mv_with(
        d(2026, 6, 1),
        "closed",
        &[("satisfaction", "satisfied")],
    );

    // A4 XF-2026-0004: one person, a repeat petition. Opened 04-01, refused 04-10 (due 04-16:
    //     decided on time).
    let a4 = case(
        l,
        d(2026, 4, 1),
        Petition,
        "个人重复信访",
        &[("people", "1"), ("repeat", "yes")],
    );
    a4.mv_note(d(2026, 4, 10), "refused", "不属于本机关职权范围");

    // A5 XF-2026-0005: opened 06-01 and still registered on 06-30: its acceptance was due 06-16,
    //     so it is late already.
    case(l, d(2026, 6, 1), Petition, "六月来信", &[("people", "1")]);

    // A6 XF-2026-0006: opened 05-01, accepted 05-05 (on time); answer due 07-04, still in
    //     progress on 06-30: not yet due.
    let a6 = case(l, d(2026, 5, 1), Petition, "五月来访", &[("people", "2")]);
    a6.mv(d(2026, 5, 5), "accepted")
        .mv(d(2026, 5, 6), "in_progress");

    // A7 XF-2025-0001: opened 2025-12-01, accepted 2025-12-05 (a decision of 2025); answer due
    //     2026-02-03, still awaiting it on 06-30: late already.
    let a7 = case(l, d(2025, 12, 1), Petition, "去年来访", &[("people", "1")]);
    a7.mv(d(2025, 12, 5), "accepted");

    // A8 XF-2026-0007: collective, 60 people of 丁村. Opened 04-15, accepted 04-16, answered
    //     05-01 (due 06-15), closed 05-05 basically satisfied. Stabilised.
    let a8 = case(
        l,
        d(2026, 4, 15),
        Petition,
        "丁村村民集体上访",
        &[("people", "60"), ("collective", "yes"), ("party", "丁村")],
    );
    a8.mv(d(2026, 4, 16), "accepted")
        .mv_note(d(2026, 5, 1), "answered", "书面答复")
        .mv_with(d(2026, 5, 5), "closed", &[("satisfaction", "basically")]);

    // ---- Labour disputes -----------------------------------------------------------------------
    // B1 LD-2026-0001: 甲公司 and its worker 张三; agreement, paid, closed 03-01. 10000 of 10000.
    let b1 = case(
        l,
        d(2026, 1, 10),
        Labour,
        "甲公司拖欠工资",
        &[
            ("employer", "甲公司"),
            ("party", "张三"),
            ("workers", "1"),
            ("amount_claimed", "10000"),
        ],
    );
    b1.mv(d(2026, 1, 11), "mediating")
        .mv_note(d(2026, 1, 20), "settled", "调解协议")
        .mv(d(2026, 1, 21), "paying")
        .edit(d(2026, 2, 20), &[("amount_recovered", "10000")]);
    b1.mv_note(d(2026, 3, 1), "closed", "履行完毕");

    // B2 LD-2026-0002: 乙公司 and its worker 李四; mediation failed 02-10, closed 02-20 when the
    //     worker withdrew: 撤回, not 成功化解. 5000 claimed, nothing recovered.
    let b2 = case(
        l,
        d(2026, 2, 1),
        Labour,
        "乙公司拖欠工资",
        &[
            ("employer", "乙公司"),
            ("party", "李四"),
            ("workers", "1"),
            ("amount_claimed", "5000"),
        ],
    );
    b2.mv(d(2026, 2, 2), "mediating")
        .mv_note(d(2026, 2, 10), "mediation_failed", "调解不成")
        .mv_note(d(2026, 2, 20), "closed", "申请人撤回");

    // B3 LD-2026-0003: 丙公司 and 3 workers; arbitration, award 04-01, enforced, closed 05-01.
    //     30000.50 claimed, 12000.25 recovered.
    let b3 = case(
        l,
        d(2026, 2, 15),
        Labour,
        "丙公司拖欠工资",
        &[
            ("employer", "丙公司"),
            ("workers", "3"),
            ("amount_claimed", "30000.50"),
        ],
    );
    b3.mv(d(2026, 2, 16), "mediating").mv_with(
        d(2026, 3, 1),
        "arbitration",
        &[("arbitration_no", "仲案〔2026〕3号")],
    );
    b3.mv_note(d(2026, 4, 1), "awarded", "裁决")
        .mv(d(2026, 4, 20), "enforcing")
        .edit(d(2026, 4, 25), &[("amount_recovered", "12000.25")]);
    b3.mv_note(d(2026, 5, 1), "closed", "执行完毕");

    // ---- Hazards (general: an officer may close them) ------------------------------------------
    let notify = |b: &super::report_fixture::B, day, by: &str| {
        b.mv_with(day, "notified", &[("grade", "general"), ("rectify_by", by)]);
    };
    // H1 YH-2026-0001: found 01-10, rectify by 02-10, closed 02-08: on time.
    let h1 = case(
        l,
        d(2026, 1, 10),
        Hazard,
        "配电箱未接地",
        &[("company", "甲厂")],
    );
    notify(&h1, d(2026, 1, 11), "2026-02-10");
    h1.mv(d(2026, 2, 5), "recheck").mv_with(
        d(2026, 2, 8),
        "closed",
        &[("recheck_date", "2026-02-05")],
    );
    // H2 YH-2025-0001: found 2025-12-01, rectify by 2026-01-15, closed 01-25: late.
    let h2 = case(
        l,
        d(2025, 12, 1),
        Hazard,
        "消防通道堵塞",
        &[("company", "乙厂")],
    );
    notify(&h2, d(2025, 12, 2), "2026-01-15");
    h2.mv(d(2026, 1, 20), "recheck").mv_with(
        d(2026, 1, 25),
        "closed",
        &[("recheck_date", "2026-01-20")],
    );
    // H3 YH-2026-0002: found 03-01, rectify by 04-01, still rectifying on 06-30: late already.
    let h3 = case(
        l,
        d(2026, 3, 1),
        Hazard,
        "粉尘清扫不及时",
        &[("company", "丙厂")],
    );
    notify(&h3, d(2026, 3, 2), "2026-04-01");
    h3.mv(d(2026, 3, 3), "rectifying");
    // H4 YH-2026-0003: found 05-01, rectify by 07-31, open on 06-30: not yet due.
    let h4 = case(
        l,
        d(2026, 5, 1),
        Hazard,
        "安全警示标志缺失",
        &[("company", "丁厂")],
    );
    notify(&h4, d(2026, 5, 2), "2026-07-31");
    // H5 YH-2026-0004: found 02-01, rectify by 03-01; closed 02-25 (on time), reopened 03-05,
    //     closed again 03-15: its last close in the period is late.
    let h5 = case(
        l,
        d(2026, 2, 1),
        Hazard,
        "灭火器过期",
        &[("company", "戊厂")],
    );
    notify(&h5, d(2026, 2, 2), "2026-03-01");
    h5.mv(d(2026, 2, 20), "recheck").mv_with(
        d(2026, 2, 25),
        "closed",
        &[("recheck_date", "2026-02-20")],
    );
    h5.mv_note(d(2026, 3, 5), "rectifying", "复查发现反弹")
        .mv(d(2026, 3, 10), "recheck")
        .mv(d(2026, 3, 15), "closed");

    // ---- Illegal structures --------------------------------------------------------------------
    // K1 CW-2026-0001: demolished by its owner 03-01 (100 m²), not yet verified: demolished.
    let k1 = case(
        l,
        d(2026, 1, 5),
        Demolition,
        "甲厂简易棚",
        &[("owner", "甲厂"), ("area_m2", "100")],
    );
    k1.mv(d(2026, 1, 6), "filed").mv_with(
        d(2026, 3, 1),
        "demolished",
        &[("area_demolished_m2", "100"), ("method", "self")],
    );
    // K2 CW-2026-0002: demolished on application 04-01 (50 m²), verified 05-01: closed.
    let k2 = case(
        l,
        d(2026, 1, 5),
        Demolition,
        "乙厂车棚",
        &[("owner", "乙厂"), ("area_m2", "50")],
    );
    k2.mv(d(2026, 1, 6), "filed")
        .mv_with(
            d(2026, 4, 1),
            "demolished",
            &[("area_demolished_m2", "50"), ("method", "applied")],
        )
        .mv(d(2026, 5, 1), "verified");
    // K3 CW-2026-0003: filed 02-02 and still being dealt with.
    let k3 = case(
        l,
        d(2026, 2, 1),
        Demolition,
        "丙厂违章仓库",
        &[("owner", "丙厂"), ("area_m2", "80")],
    );
    k3.mv(d(2026, 2, 2), "filed");

    Fixture { dir, ledger }
}
