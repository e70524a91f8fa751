//! Safety hazards: the holiday and flood-season inspections, the fire drill and the hazards
//! found.

use super::*;

/// Safety checks of 2026-H1 (篇二: "在元旦、春节、清明、端午等重大节日对园区企业进行安全督查及
/// 食品安全检查,上半年共计开展安全检查工作6次,参加1次消防应急演练 … 按照汛期安全生产工作要求").
pub(super) const INSPECTIONS_H1: [(&str, (u32, u32)); 6] = [
    ("2026年元旦节后复工安全检查", (1, 5)),
    ("2026年春节节前安全督查", (2, 10)),
    ("2026年清明节安全检查", (4, 1)),
    ("2026年汛期安全检查", (5, 20)),
    ("2026年安全生产月专项检查", (6, 10)),
    ("2026年端午节前安全及食品安全检查", (6, 16)),
];

/// An inspection as reports count it: a note whose text is exactly the inspection's name (the name
/// the hazards it found carry), with what it covered in a remark beside it.
pub(super) fn inspection_notes<'s>(
    c: CaseSteps<'s>,
    day: NaiveDate,
    name: &str,
    detail: &str,
) -> CaseSteps<'s> {
    c.note(day, NoteType::Inspection, name, None).note(
        day,
        NoteType::Other,
        &format!("{name}:{detail}"),
        None,
    )
}

pub(super) struct HazardSpec<'a> {
    company: &'a str,
    industry: &'a str,
    title: &'a str,
    grade: &'a str,
    inspection: &'a str,
    found: NaiveDate,
    assignee: &'a str,
}

pub(super) fn hazard<'s>(s: &'s mut Script, h: &HazardSpec) -> CaseSteps<'s> {
    let title = format!("{}{}", h.company, h.title);
    s.case(
        Kind::Hazard,
        h.found,
        &title,
        &[
            ("company", h.company),
            ("industry", h.industry),
            ("grade", h.grade),
            ("inspection", h.inspection),
            ("found_by", "节日及专项安全检查"),
            ("inspector", "园区安监组"),
            (
                "basis",
                if h.grade == "major" {
                    "安全生产法第四十一条;重大事故隐患判定标准"
                } else {
                    "安全生产法第四十一条"
                },
            ),
            ("assignee", h.assignee),
        ],
    )
}

pub(super) fn hazards(s: &mut Script, me: &str) {
    let ins = |i: usize| INSPECTIONS_H1[i].0;
    let ins_day = |i: usize| d(INSPECTIONS_H1[i].1.0, INSPECTIONS_H1[i].1.1);
    // The inspection note goes on the first hazard each check found, so each check counts once.
    let inspected = |c: CaseSteps<'_>, i: usize, text: &str| -> usize {
        inspection_notes(c, ins_day(i), ins(i), text).done()
    };
    let closed_general = |s: &mut Script,
                          company: &str,
                          industry: &str,
                          title: &str,
                          i: usize,
                          days: (u64, u64, u64)| {
        let found = ins_day(i);
        let by = (found + Days::new(days.2)).to_string();
        let c = hazard(
            s,
            &HazardSpec {
                company,
                industry,
                title,
                grade: "general",
                inspection: ins(i),
                found,
                assignee: "chen",
            },
        )
        .mv_with(
            found + Days::new(1),
            "notified",
            None,
            &[("rectify_by", &by), ("responsible", "企业安全负责人")],
        )
        .mv(found + Days::new(2), "rectifying")
        .mv(found + Days::new(days.0), "recheck");
        let rechecked = found + Days::new(days.0);
        let rd = rechecked.to_string();
        c.mv_with(
            found + Days::new(days.1),
            "closed",
            None,
            &[("recheck_date", &rd)],
        )
        .done()
    };

    // 元旦: a major hazard at the chlor-alkali plant, supervised, still under re-inspection.
    let c = hazard(
        s,
        &HazardSpec {
            company: "金泰氯碱",
            industry: "化工",
            title: "液氯储罐区有毒气体泄漏报警仪失效",
            grade: "major",
            inspection: ins(0),
            found: ins_day(0),
            assignee: me,
        },
    )
    .edit(
        ins_day(0),
        &[
            ("priority", "urgent"),
            ("funds", "186000.00"),
            ("responsible", "金泰氯碱安全总监"),
        ],
    );
    let jintai = inspected(c, 0, "检查企业12家,发现隐患5处");
    s.at(jintai)
        .mv_with(
            d(1, 7),
            "escalated",
            Some("判定为重大事故隐患,报县应急管理局挂牌督办,液氯储罐区局部停产"),
            &[
                ("supervised", "yes"),
                ("stop_scope", "partial"),
                ("rectify_by", "2026-12-15"),
            ],
        )
        .note(
            d(1, 20),
            NoteType::Other,
            "企业报送治理方案:更换报警仪并接入安全仪表系统",
            None,
        )
        .mv(d(1, 22), "rectifying")
        .note(
            d(6, 20),
            NoteType::Drill,
            "参加园区消防应急演练(金泰氯碱液氯泄漏处置与人员疏散)",
            Some(86),
        )
        .mv(d(11, 18), "recheck")
        .edit(d(11, 18), &[("recheck_date", "2026-11-18")]);
    closed_general(
        s,
        "冀东水泥",
        "建材",
        "窑尾除尘平台护栏缺失",
        0,
        (13, 15, 15),
    );

    let c = closed_general(
        s,
        "龙威混凝土",
        "建材",
        "搅拌站配电箱未可靠接地",
        1,
        (10, 16, 14),
    );
    inspected(s.at(c), 1, "检查企业9家,发现隐患4处");
    closed_general(
        s,
        "昌裕糖业",
        "食品制造",
        "锅炉房压力表超期未校验",
        1,
        (20, 23, 21),
    );

    // 清明: 粉尘涉爆 at the woodworks, a major hazard, supervised and still escalated.
    let c = hazard(
        s,
        &HazardSpec {
            company: "世全木业",
            industry: "木材加工",
            title: "木粉尘除尘系统未设泄爆装置",
            grade: "major",
            inspection: ins(2),
            found: ins_day(2),
            assignee: "chen",
        },
    );
    let shiquan = inspected(c, 2, "检查企业10家,发现隐患4处(含重大隐患1处)");
    s.at(shiquan)
        .mv_with(
            d(4, 3),
            "escalated",
            Some("粉尘涉爆重大事故隐患,挂牌督办,砂光工段停产"),
            &[
                ("supervised", "yes"),
                ("stop_scope", "partial"),
                ("rectify_by", "2026-12-31"),
                ("funds", "320000.00"),
            ],
        )
        .note(
            d(5, 6),
            NoteType::Other,
            "除尘系统整体改造方案通过专家论证",
            None,
        )
        .note(
            d(10, 15),
            NoteType::Call,
            "企业报告设备已到货,安装调试中",
            None,
        )
        .assign(d(10, 16), me);
    closed_general(
        s,
        "云佑酒业",
        "酒类制造",
        "酒库消防通道堆放杂物",
        2,
        (7, 9, 7),
    );
    closed_general(
        s,
        "绿源天然气",
        "燃气",
        "加气站卸车区静电接地报警器损坏",
        2,
        (12, 14, 15),
    );

    // 汛期: a slope that is still being fixed after its deadline.
    let c = hazard(
        s,
        &HazardSpec {
            company: "龙威混凝土",
            industry: "建材",
            title: "沉淀池边坡未设防护且有垮塌迹象",
            grade: "general",
            inspection: ins(3),
            found: ins_day(3),
            assignee: me,
        },
    );
    let slope = inspected(c, 3, "检查企业11家,督促做好汛期防洪排涝,发现隐患3处");
    s.at(slope)
        .edit(d(5, 20), &[("priority", "high")])
        .mv_with(
            d(5, 21),
            "notified",
            None,
            &[
                ("rectify_by", "2026-06-30"),
                ("responsible", "龙威混凝土生产经理"),
            ],
        )
        .mv(d(5, 25), "rectifying")
        .note(
            d(7, 8),
            NoteType::Call,
            "企业称雨季施工困难,护坡工程未完成",
            None,
        );
    closed_general(s, "瑞龙商砼", "建材", "厂区排洪沟淤堵", 3, (16, 19, 15));

    let c = closed_general(s, "长庆天然气", "燃气", "阀室应急照明失效", 4, (10, 14, 10));
    inspected(s.at(c), 4, "检查企业8家,发现隐患3处");
    // Failed its re-inspection: back to rectifying, past its deadline.
    hazard(
        s,
        &HazardSpec {
            company: "阿佤香食品",
            industry: "食品制造",
            title: "冷库氨制冷机房未设泄漏报警装置",
            grade: "general",
            inspection: ins(4),
            found: ins_day(4),
            assignee: "chen",
        },
    )
    .mv_with(d(6, 12), "notified", None, &[("rectify_by", "2026-07-31")])
    .mv(d(6, 20), "rectifying")
    .mv(d(8, 3), "recheck")
    .note(
        d(8, 3),
        NoteType::Other,
        "复查未通过:报警装置未与排风机联动",
        None,
    )
    .mv(d(8, 4), "rectifying");

    let c = closed_general(
        s,
        "昌裕糖业",
        "食品制造",
        "职工食堂燃气软管老化",
        5,
        (7, 9, 7),
    );
    inspected(s.at(c), 5, "检查企业10家及食堂6处,发现隐患2处");
    hazard(
        s,
        &HazardSpec {
            company: "腾飞大理石",
            industry: "石材加工",
            title: "切割车间砂轮机防护罩缺失",
            grade: "general",
            inspection: ins(5),
            found: ins_day(5),
            assignee: "liu",
        },
    )
    .mv_with(d(6, 17), "notified", None, &[("rectify_by", "2026-07-15")])
    .mv(d(6, 22), "rectifying");

    // The second half-year.
    let autumn = "2026年中秋国庆节前安全检查";
    let c = hazard(
        s,
        &HazardSpec {
            company: "昌裕糖业",
            industry: "食品制造",
            title: "榨季前锅炉安全附件未检验",
            grade: "general",
            inspection: autumn,
            found: d(9, 24),
            assignee: "chen",
        },
    );
    inspection_notes(c, d(9, 24), autumn, "检查企业12家,发现隐患4处")
        .mv_with(d(9, 25), "notified", None, &[("rectify_by", "2026-10-20")])
        .mv(d(9, 28), "rectifying")
        .mv(d(10, 16), "recheck")
        .mv_with(d(10, 18), "closed", None, &[("recheck_date", "2026-10-16")])
        .mv_with(
            d(11, 9),
            "rectifying",
            Some("开榨后复查发现安全阀铅封被拆,重新整改"),
            &[("rectify_by", "2026-12-05")],
        );
    let winter = "2026年冬季安全检查";
    let c = hazard(
        s,
        &HazardSpec {
            company: "金泰氯碱",
            industry: "化工",
            title: "电解车间应急洗眼器冻损",
            grade: "general",
            inspection: winter,
            found: d(11, 20),
            assignee: me,
        },
    );
    inspection_notes(c, d(11, 20), winter, "检查企业7家,发现隐患2处");
    hazard(
        s,
        &HazardSpec {
            company: "冀东水泥",
            industry: "建材",
            title: "煤磨防爆门锈蚀",
            grade: "general",
            inspection: winter,
            found: d(11, 20),
            assignee: "chen",
        },
    )
    .mv_with(d(11, 21), "notified", None, &[("rectify_by", "2026-12-10")]);

    // 2025.
    let c = hazard(
        s,
        &HazardSpec {
            company: "龙威混凝土",
            industry: "建材",
            title: "罐车司机未按规定系安全带",
            grade: "general",
            inspection: "2025年安全生产月专项检查",
            found: y25(6, 12),
            assignee: "chen",
        },
    );
    let c = inspection_notes(
        c,
        y25(6, 12),
        "2025年安全生产月专项检查",
        "检查企业9家,发现隐患3处",
    )
    .done();
    s.at(c)
        .mv_with(
            y25(6, 13),
            "notified",
            None,
            &[("rectify_by", "2025-06-30")],
        )
        .mv(y25(6, 14), "rectifying")
        .mv(y25(6, 28), "recheck")
        .mv_with(
            y25(6, 30),
            "closed",
            None,
            &[("recheck_date", "2025-06-28")],
        );
}
