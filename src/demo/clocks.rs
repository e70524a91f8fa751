//! Cases that show every kind of clock the law sets (rules.toml): transferred petitions and
//! their set deadlines, labour arbitration, setting an award aside, labour inspection and the
//! stages of a work injury, land requisition after approval and court enforcement of a
//! compensation decision, forced demolition waiting for the owner's appeal windows, and the court
//! path for structures on illegally occupied land. All opened after the first half-year, so the
//! half-year figures the seed summaries state are unchanged.

use super::*;

pub(super) fn clocks(s: &mut Script, me: &str) {
    petitions(s, me);
    labour(s, me);
    land(s);
    hazards(s, me);
    demolitions(s, me);
}

fn hazards(s: &mut Script, me: &str) {
    // The company reported the work done and asked for re-inspection before its deadline: it is
    // not 逾期未整改; the office's re-inspection, due within 10 days of the request, is late.
    s.case(
        Kind::Hazard,
        d(10, 19),
        "兴达包装原料库消防通道堵塞",
        &[
            ("company", "兴达包装有限公司"),
            ("industry", "包装"),
            ("grade", "general"),
            ("inspector", "王志"),
            ("assignee", me),
        ],
    )
    .mv_with(
        d(10, 20),
        "notified",
        None,
        &[
            ("rectify_by", "2026-11-05"),
            ("responsible", "企业安全负责人"),
        ],
    )
    .mv(d(10, 22), "rectifying")
    .mv_with(
        d(11, 4),
        "recheck",
        None,
        &[("recheck_requested", "2026-11-04")],
    );
}

fn petitions(s: &mut Script, me: &str) {
    // 信访工作条例 art 23: a transferred petition may be objected to within 5 working days; the
    // window has run, so it is for the office to accept it.
    s.case(
        Kind::Petition,
        d(11, 16),
        "市信访局转送:园区企业夜间噪声扰民",
        &[
            ("channel", "online"),
            ("category", "complaint"),
            ("petitioners", "洋浩村村民"),
            ("people", "1"),
            ("assignee", me),
        ],
    )
    .mv_with(
        d(11, 17),
        "transferred",
        None,
        &[("assigned_by", "市信访局"), ("set_deadline", "2026-12-20")],
    );

    // Assigned (交办) with a deadline earlier than the 60 days: the office is late.
    s.case(
        Kind::Petition,
        d(10, 20),
        "县委信访局交办:毛田区块企业占道堆放原料",
        &[
            ("channel", "letter"),
            ("category", "appeal"),
            ("petitioners", "毛田村村民"),
            ("people", "3"),
            ("assignee", "chen"),
        ],
    )
    .mv_with(
        d(10, 21),
        "transferred",
        None,
        &[
            ("assigned_by", "县委信访局"),
            ("set_deadline", "2026-11-20"),
        ],
    )
    .mv(d(10, 23), "accepted")
    .note(
        d(11, 3),
        NoteType::Visit,
        "现场查看原料堆放情况,责令企业清理",
        Some(2),
    );

    // Not the office's to handle: returned within the 5 working days.
    s.case(
        Kind::Petition,
        d(9, 1),
        "市信访局转送:反映外县企业拖欠货款",
        &[
            ("channel", "letter"),
            ("category", "appeal"),
            ("petitioners", "个体运输户"),
            ("people", "1"),
            ("assignee", "chen"),
        ],
    )
    .mv_with(d(9, 2), "transferred", None, &[("assigned_by", "市信访局")])
    .mv_note(
        d(9, 4),
        "returned",
        "所涉企业不在本园区,不属本机关职责,书面告知转送机关并退回",
    );

    // Answered; the 30 days to ask for a review (art 35) have run out: no one is late, the
    // petition may be closed.
    s.case(
        Kind::Petition,
        d(7, 27),
        "竹马村村民反映园区道路扬尘",
        &[
            ("channel", "visit"),
            ("category", "suggestion"),
            ("petitioners", "竹马村村民"),
            ("people", "2"),
            ("assignee", me),
        ],
    )
    .mv(d(7, 28), "accepted")
    .mv(d(8, 3), "in_progress")
    .mv_with(
        d(9, 20),
        "answered",
        Some("已督促施工单位洒水降尘并设置围挡,书面答复信访人"),
        &[("answer_received", "2026-09-25")],
    );
}

fn labour(s: &mut Script, me: &str) {
    let case = |s: &mut Script, opened, title: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("assignee", "li")];
        all.extend_from_slice(fields);
        s.case(Kind::Labour, opened, title, &all).done()
    };
    // Applied for arbitration: the committee decides within 5 days (art 29).
    let c = case(
        s,
        d(11, 18),
        "兴达包装拖欠3名搬运工工资",
        &[
            ("subtype", "wage"),
            ("employer", "兴达包装有限公司"),
            ("workers", "3"),
            ("employment_end", "2026-10-31"),
            ("amount_claimed", "16800.00"),
        ],
    );
    s.at(c).mv(d(11, 22), "arbitration_applied");

    // The employer applied to set the award aside within its 30 days (art 49).
    let c = case(
        s,
        d(7, 6),
        "众鑫机械解除劳动合同经济补偿纠纷",
        &[
            ("subtype", "contract"),
            ("employer", "众鑫机械有限公司"),
            ("workers", "1"),
            ("employment_end", "2026-06-30"),
            ("amount_claimed", "38000.00"),
        ],
    );
    s.at(c)
        .mv(d(7, 8), "arbitration_applied")
        .mv_with(
            d(7, 10),
            "arbitration",
            None,
            &[("arbitration_no", "县劳人仲案〔2026〕28号")],
        )
        .mv_with(
            d(8, 20),
            "awarded",
            Some("裁决企业支付经济补偿38,000元(终局裁决)"),
            &[("award_received", "2026-08-22")],
        )
        .mv_note(
            d(9, 10),
            "set_aside",
            "企业向市中级人民法院申请撤销仲裁裁决",
        );

    // Unpaid wages through labour inspection (劳动保障监察条例 art 17): 60 working days.
    let c = case(
        s,
        d(10, 9),
        "宏泰建筑工地拖欠12名农民工工资(劳动监察)",
        &[
            ("subtype", "wage"),
            ("employer", "宏泰建筑劳务有限公司"),
            ("workers", "12"),
            ("amount_claimed", "96000.00"),
            ("months_in_arrears", "3"),
        ],
    );
    s.at(c).mv(d(10, 10), "inspection");

    // A work injury's stages (工伤保险条例 arts 17, 20, 25-26).
    let injury = |s: &mut Script, opened, who: &str, injured: &str| {
        case(
            s,
            opened,
            &format!("{who}工伤认定及待遇"),
            &[
                ("subtype", "injury"),
                ("employer", "湘顺硅业公司"),
                ("party", who),
                ("workers", "1"),
                ("injury_date", injured),
            ],
        )
    };
    let c = injury(s, d(10, 15), "硅冶炼车间职工阿木", "2026-09-28");
    s.at(c).mv(d(10, 16), "recognition");
    let c = injury(s, d(7, 1), "包装车间职工沙马", "2026-06-10");
    s.at(c)
        .mv(d(7, 2), "recognition")
        .mv_note(d(8, 20), "recognised", "县人社局认定为工伤");
    let c = injury(s, d(7, 3), "维修班职工吉克", "2026-06-02");
    s.at(c)
        .mv(d(7, 6), "recognition")
        .mv_note(d(8, 18), "recognised", "县人社局认定为工伤")
        .mv(d(10, 1), "appraisal");
    let c = injury(s, d(7, 8), "原料车间职工曲比", "2026-05-20");
    s.at(c)
        .mv(d(7, 9), "recognition")
        .mv_note(d(8, 12), "recognised", "县人社局认定为工伤")
        .mv(d(8, 25), "appraisal")
        .mv_with(
            d(11, 9),
            "appraised",
            None,
            &[
                ("injury_grade", "十级"),
                ("appraisal_received", "2026-11-10"),
            ],
        );
    let c = injury(s, d(7, 10), "电炉车间职工阿约", "2026-05-06");
    s.at(c)
        .mv(d(7, 13), "recognition")
        .mv_note(d(8, 5), "recognised", "县人社局认定为工伤")
        .mv(d(8, 10), "appraisal")
        .mv_with(
            d(10, 16),
            "appraised",
            None,
            &[
                ("injury_grade", "十级"),
                ("appraisal_received", "2026-10-20"),
            ],
        )
        .mv(d(10, 30), "reappraisal")
        .note(
            d(10, 30),
            NoteType::Other,
            "职工对鉴定结论不服,向市劳动能力鉴定委员会申请再次鉴定",
            None,
        );

    // Registered past the one-year limitation (art 27), with the reason recorded.
    let c = case(
        s,
        d(11, 20),
        "原金盛矿业职工追索2025年工资",
        &[
            ("subtype", "wage"),
            ("employer", "金盛矿业有限公司"),
            ("workers", "2"),
            ("employment_end", "2025-08-31"),
            ("amount_claimed", "21400.00"),
            (
                "late_reason",
                "2026年3月职工曾向企业书面主张权利,时效中断(劳动争议调解仲裁法第27条第2款)",
            ),
        ],
    );
    s.at(c).assign(d(11, 20), me);
}

fn land(s: &mut Script) {
    // 勐梭片区第一期征地: a household that would not sign; requisition approved, the notice posted,
    // a compensation decision served, and after the review and suit windows ran out, court
    // enforcement applied for within the three months (行政强制法 art 53).
    s.case(
        Kind::Land,
        ymd(2025, 3, 10),
        &format!("{PROJECT1} 岩温户(拒签,申请法院强制执行)"),
        &[
            ("project", PROJECT1),
            ("household_head", "岩温"),
            ("parcel", "MS1-052"),
            ("land_type", "dry"),
            ("area_mu", "3.2150"),
            ("unit_price", "36000.00"),
            ("compensation_due", "115740.00"),
            ("pre_notice_date", "2025-03-01"),
            ("location", "勐梭片区"),
            ("assignee", "zhang"),
        ],
    )
    .mv(y25(4, 14), "published")
    .mv(y25(5, 20), "registered")
    .mv(y25(6, 3), "negotiating")
    .mv_with(
        y25(6, 20),
        "holdout",
        Some("多次协商仍拒绝签约"),
        &[("holdout_reason", "refuses_to_sign")],
    )
    .mv_with(
        y25(6, 30),
        "approved",
        None,
        &[("approved_on", "2025-06-30")],
    )
    .mv(y25(7, 8), "requisition_noticed")
    .mv_with(
        y25(7, 20),
        "decided",
        None,
        &[
            ("decision_no", "县政征补决〔2025〕2号"),
            ("decision_served", "2025-07-20"),
        ],
    )
    .mv(d(2, 10), "court_applied");
}

fn demolitions(s: &mut Script, me: &str) {
    use super::demolitions::{Structure, order, structure};
    // Enforcement decided; the owner's six months to sue (行政诉讼法 art
    // 46) have not run: enforcement may come only after them, and nobody is late.
    let c = structure(
        s,
        &Structure {
            title: "龙板山区块违章钢构厂房",
            owner: "龙兴石材有限公司",
            location: "龙板山区块",
            structure: "steel",
            area: "420",
            urban_rural: "urban",
            ownership: "state",
            found: d(7, 20),
            assignee: me,
        },
    )
    .mv(d(7, 24), "filed");
    order(c, d(8, 10), 20, "县综执拆字〔2026〕17号")
        .mv_with(
            d(9, 2),
            "warned",
            Some("逾期未自行拆除,依法催告,限10日内自行拆除"),
            &[("warning_until", "2026-09-12")],
        )
        .mv_note(
            d(9, 20),
            "enforcement_decided",
            "催告期满仍未拆除,作出强制执行决定",
        );

    // Structures on illegally occupied collective land go through the court (土地管理法 art 83,
    // 行政强制法 arts 53-54): warned, then the office must apply within three months of the
    // owner's 15 days to sue. This one has not been applied for in time.
    let c = structure(
        s,
        &Structure {
            title: "勐梭片区非法占用集体土地建房",
            owner: "勐梭村村民",
            location: "勐梭片区",
            structure: "brick_concrete",
            area: "168",
            urban_rural: "rural",
            ownership: "collective",
            found: d(6, 22),
            assignee: "liu",
        },
    )
    .mv(d(6, 25), "filed");
    order(c, d(7, 1), 10, "县自然资罚字〔2026〕8号").mv_note(
        d(7, 20),
        "court_warned",
        "逾期未拆除,申请法院强制执行前依法催告",
    );

    let c = structure(
        s,
        &Structure {
            title: "毛田区块非法占地搭建养殖场",
            owner: "毛田村村民",
            location: "毛田区块",
            structure: "shed",
            area: "245",
            urban_rural: "rural",
            ownership: "collective",
            found: d(5, 18),
            assignee: "liu",
        },
    )
    .mv(d(5, 20), "filed");
    order(c, d(6, 1), 10, "县自然资罚字〔2026〕5号")
        .mv_note(d(6, 15), "court_warned", "申请法院强制执行前依法催告")
        .mv_note(
            d(7, 10),
            "court_applied",
            "催告十日期满仍未拆除,向县人民法院申请强制执行",
        );
}
