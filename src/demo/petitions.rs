//! The collective petitions (联合村草尼马, 竹马村青杠组, 水田返还 …) and the small cases of the
//! half-year.

use super::*;

pub(super) fn petitions(s: &mut Script, me: &str, holdout: usize) {
    // 篇五: "成功稳控回隆乡联合村草尼马150余人 … 等上访事件".
    // Person-times (人次) follow the reports' rule: the `person_times` field counts the
    // petitioners' own visits (one person coming three times is three), each batch added as it
    // comes; the notes count the people present at each later round of coordination.
    s.case(
        Kind::Petition,
        d(2, 26),
        "回隆乡联合村草尼马等150余人集体上访",
        &[
            ("channel", "visit"),
            ("category", "appeal"),
            ("petitioners", "草尼马"),
            ("party", "回隆乡联合村草尼马"),
            ("phone", "13988791234"),
            ("people", "153"),
            ("batches", "1"),
            ("person_times", "153"),
            ("collective", "yes"),
            (
                "demands",
                "要求解决企业生产粉尘、运输车辆噪声影响及占地补偿兑现问题",
            ),
            ("responsible_unit", "园区管委会"),
            ("leader", "管委会主任"),
            ("location", "回隆乡联合村"),
            ("priority", "urgent"),
            ("tags", "稳控,集体访"),
            ("assignee", "wang"),
        ],
    )
    .note(
        d(2, 26),
        NoteType::Other,
        "联合村群众153人到管委会集体上访,现场接待、登记诉求并劝返",
        None,
    )
    .mv(d(2, 28), "accepted")
    .mv(d(3, 2), "in_progress")
    .note(
        d(3, 3),
        NoteType::Coordination,
        "召集回隆乡政府、金泰氯碱、冀东水泥与群众代表召开协调会",
        Some(8),
    )
    .note(
        d(3, 10),
        NoteType::Visit,
        "到联合村走访受影响农户,核实粉尘及噪声影响范围",
        Some(15),
    )
    .edit(d(3, 19), &[("batches", "2"), ("person_times", "194")])
    .note(
        d(3, 19),
        NoteType::Other,
        "第二批群众41人来访反映补偿兑现进度,现场答复",
        None,
    )
    .note(
        d(3, 25),
        NoteType::Coordination,
        "会同环保、交通部门与企业协调:加装除尘设施,运输车辆限时限速",
        Some(12),
    )
    .note(
        d(4, 2),
        NoteType::Meeting,
        "约谈金泰氯碱、冀东水泥负责人,明确除尘改造时限",
        Some(3),
    )
    .note(
        d(4, 8),
        NoteType::Meeting,
        "在联合村召开村民代表会议,通报整改方案和补偿兑现计划",
        Some(16),
    )
    .edit(d(4, 20), &[("batches", "3"), ("person_times", "226")])
    .note(
        d(4, 20),
        NoteType::Other,
        "第三批群众32人来访,要求明确补偿兑现时间,包案领导接待",
        None,
    )
    .mv_note(
        d(4, 28),
        "answered",
        "书面答复:企业6月底前完成除尘改造,运输车辆避开夜间;占地补偿5月底前兑现到户",
    )
    .note(
        d(5, 15),
        NoteType::Visit,
        "回访联合村,补偿款已兑现到户,除尘设施安装中",
        Some(6),
    )
    .mv_with(
        d(5, 20),
        "closed",
        Some("整改和补偿均已落实,群众表示满意,事件稳控"),
        &[("satisfaction", "satisfied")],
    );

    // 篇五: "竹马村青杠组村80余户380余人等上访事件".
    s.case(
        Kind::Petition,
        d(3, 12),
        "竹马村青杠组80余户380余人上访",
        &[
            ("channel", "visit"),
            ("category", "appeal"),
            ("petitioners", "青杠组村民代表"),
            ("party", "竹马村青杠组"),
            ("households", "83"),
            ("people", "386"),
            ("batches", "1"),
            ("person_times", "18"),
            ("collective", "yes"),
            (
                "demands",
                "要求解决园区排洪渠建设占用林地补偿及饮水水源保护问题",
            ),
            ("responsible_unit", "园区管委会、县林业局"),
            ("leader", "管委会副主任"),
            ("location", "竹马村青杠组"),
            ("priority", "urgent"),
            ("tags", "稳控,集体访"),
            ("assignee", "wang"),
        ],
    )
    .note(
        d(3, 12),
        NoteType::Other,
        "青杠组村民代表18人来访,反映排洪渠施工占用林地、影响饮水水源",
        None,
    )
    .mv(d(3, 13), "accepted")
    .mv(d(3, 16), "in_progress")
    .note(
        d(3, 18),
        NoteType::Visit,
        "到青杠组实地查看排洪渠施工段与饮水水源点",
        Some(22),
    )
    .note(
        d(3, 26),
        NoteType::Coordination,
        "协调县林业局、水务公司核定林地面积及水源保护措施",
        Some(7),
    )
    .edit(d(4, 9), &[("batches", "2"), ("person_times", "56")])
    .note(
        d(4, 9),
        NoteType::Other,
        "第二批村民38人来访,要求先定补偿再施工",
        None,
    )
    .note(
        d(4, 16),
        NoteType::Meeting,
        "在青杠组召开群众会,逐户解释林地补偿标准与水源保护方案",
        Some(30),
    )
    .note(
        d(5, 14),
        NoteType::Coordination,
        "协调施工单位调整排洪渠线位,避开水源保护范围",
        Some(6),
    )
    .note(
        d(5, 21),
        NoteType::Coordination,
        "协调县林业局核发林地补偿资金",
        Some(4),
    )
    .note(
        d(5, 28),
        NoteType::Visit,
        "逐户走访,签订林地补偿面积确认书",
        Some(12),
    )
    .mv_note(
        d(6, 5),
        "answered",
        "书面答复:排洪渠线位调整;林地补偿按县定标准6月兑付;新建饮水蓄水池一座",
    )
    .mv_with(
        d(6, 18),
        "closed",
        Some("补偿兑付到户,蓄水池开工,群众满意,事件稳控"),
        &[("satisfaction", "satisfied")],
    );

    // The petition the 水田15%返还 holdout produced: answered, reviewed, now in second review.
    let p = s
        .case(
            Kind::Petition,
            d(5, 20),
            "勐梭村农户要求征地水田按15%返还",
            &[
                ("channel", "letter"),
                ("category", "appeal"),
                ("petitioners", "岩块、叶嘎"),
                ("people", "6"),
                ("batches", "1"),
                (
                    "demands",
                    "要求参照东城区标准对被征收水田按15%返还,或提高水田补偿标准",
                ),
                ("responsible_unit", "园区管委会、县自然资源局"),
                ("leader", "分管副主任"),
                ("location", "勐梭村"),
                ("assignee", "zhang"),
            ],
        )
        .mv(d(5, 22), "accepted")
        .mv(d(5, 26), "in_progress")
        .note(
            d(6, 10),
            NoteType::Meeting,
            "约谈农户代表,解释现行补偿标准和政策依据",
            Some(9),
        )
        .extend(
            d(7, 15),
            30,
            "涉及补偿政策,需报县政府研究,经包案领导批准延期",
        )
        .mv_note(
            d(8, 18),
            "answered",
            "书面答复:水田15%返还无本县政策依据,按县定补偿标准执行,另按规定落实社会保障",
        )
        .mv(d(9, 10), "review")
        .mv_note(d(10, 9), "review_answered", "复查意见:维持原答复意见")
        .mv(d(11, 5), "recheck")
        .assign(d(11, 5), me)
        .done();
    s.at(p).link(d(5, 20), holdout);

    s.case(
        Kind::Petition,
        d(11, 21),
        "娜妥村村民网上反映世全木业运输车辆碾压村道",
        &[
            ("channel", "online"),
            ("category", "complaint"),
            ("petitioners", "娜妥村村民"),
            ("people", "1"),
            ("demands", "要求企业修复被碾压损坏的村道"),
            ("assignee", me),
        ],
    );

    s.case(
        Kind::Petition,
        d(11, 6),
        "勐卡村村民反映腾飞大理石切割粉尘",
        &[
            ("channel", "call"),
            ("category", "complaint"),
            ("petitioners", "勐卡村村民"),
            ("people", "3"),
            ("phone", "15912790388"),
            ("assignee", "wang"),
        ],
    )
    .mv(d(11, 10), "accepted")
    .note(
        d(11, 17),
        NoteType::Visit,
        "到企业周边查看,切割车间未封闭作业",
        Some(3),
    );

    s.case(
        Kind::Petition,
        d(4, 2),
        "反映已作出复核意见的土地补偿事项",
        &[
            ("channel", "letter"),
            ("category", "appeal"),
            ("petitioners", "毛田村村民"),
            ("people", "1"),
            ("assignee", "wang"),
        ],
    )
    .mv_note(
        d(4, 8),
        "refused",
        "该事项已于2026年2月作出复核意见,同一事实和理由不再受理(信访工作条例第36条)",
    );

    s.case(
        Kind::Petition,
        d(3, 30),
        "园区企业职工反映未足额支付加班费",
        &[
            ("channel", "visit"),
            ("category", "appeal"),
            ("petitioners", "弘聚塑业职工"),
            ("people", "2"),
            ("person_times", "2"),
            ("assignee", "li"),
        ],
    )
    .mv_note(
        d(4, 1),
        "diverted",
        "属劳动争议,已引导向县劳动人事争议仲裁院申请仲裁",
    );

    // In progress past its 60 + 30 days: overdue.
    s.case(
        Kind::Petition,
        d(8, 14),
        "岳宋村村民反映冀东水泥爆破震裂房屋",
        &[
            ("channel", "visit"),
            ("category", "appeal"),
            ("petitioners", "岳宋村村民"),
            ("people", "7"),
            ("batches", "1"),
            ("collective", "yes"),
            ("demands", "要求鉴定房屋裂缝成因并赔偿"),
            ("priority", "high"),
            ("assignee", me),
        ],
    )
    .mv(d(8, 17), "accepted")
    .mv(d(8, 20), "in_progress")
    .note(
        d(8, 27),
        NoteType::Visit,
        "会同住建部门入户查看房屋裂缝",
        Some(7),
    )
    .extend(
        d(10, 10),
        30,
        "房屋安全鉴定需委托第三方机构,经包案领导批准延期",
    )
    .note(d(11, 2), NoteType::Call, "催促鉴定机构出具报告", None);

    s.case(
        Kind::Petition,
        d(9, 1),
        "城郊镇群众反映园区道路施工影响出行",
        &[
            ("channel", "hotline"),
            ("category", "suggestion"),
            ("petitioners", "城郊镇群众"),
            ("people", "2"),
            ("assignee", "wang"),
        ],
    )
    .mv(d(9, 3), "accepted")
    .mv(d(9, 4), "in_progress")
    .note(
        d(9, 18),
        NoteType::Coordination,
        "协调施工单位设置临时便道和夜间照明",
        Some(4),
    )
    .mv_note(
        d(11, 5),
        "answered",
        "书面答复:临时便道已设置,主体工程12月底完工",
    );

    // Review requested and past its 30 days.
    s.case(
        Kind::Petition,
        d(7, 2),
        "联合村村民对粉尘补偿答复不服申请复查",
        &[
            ("channel", "letter"),
            ("category", "appeal"),
            ("petitioners", "联合村村民"),
            ("people", "4"),
            ("assignee", "wang"),
        ],
    )
    .mv(d(7, 3), "accepted")
    .mv(d(7, 6), "in_progress")
    .mv_note(d(9, 25), "answered", "书面答复:粉尘影响补偿按协议标准执行")
    .mv(d(10, 20), "review")
    .assign(d(10, 21), me);

    s.case(
        Kind::Petition,
        d(7, 20),
        "竹马村村民对林地补偿面积有异议",
        &[
            ("channel", "visit"),
            ("category", "appeal"),
            ("petitioners", "竹马村村民"),
            ("people", "2"),
            ("assignee", "wang"),
        ],
    )
    .mv(d(7, 22), "accepted")
    .mv(d(7, 23), "in_progress")
    .note(
        d(8, 6),
        NoteType::Visit,
        "会同林业站现场复测林地面积",
        Some(3),
    )
    .mv_note(d(9, 15), "answered", "书面答复:复测面积与公示面积一致")
    .mv(d(10, 10), "review")
    .mv_note(
        d(11, 12),
        "review_answered",
        "复查意见:维持原答复,告知可申请复核",
    );

    // The whole ladder, ending in a final second-review opinion.
    s.case(
        Kind::Petition,
        y25(9, 8),
        "毛田村村民对征地安置答复不服",
        &[
            ("channel", "visit"),
            ("category", "appeal"),
            ("petitioners", "毛田村村民"),
            ("people", "3"),
            ("assignee", "wang"),
        ],
    )
    .mv(y25(9, 10), "accepted")
    .mv(y25(9, 12), "in_progress")
    .mv_note(y25(11, 10), "answered", "书面答复:安置按已公告方案执行")
    .mv(y25(11, 28), "review")
    .mv_note(y25(12, 22), "review_answered", "复查意见:维持原答复")
    .mv(d(1, 10), "recheck")
    .mv_note(
        d(2, 6),
        "recheck_answered",
        "复核意见:维持原处理意见;同一事实和理由不再受理",
    );

    s.case(
        Kind::Petition,
        y25(11, 3),
        "洋浩村村民反映园区企业货车夜间鸣笛",
        &[
            ("channel", "call"),
            ("category", "complaint"),
            ("petitioners", "洋浩村村民"),
            ("people", "1"),
            ("assignee", "wang"),
        ],
    )
    .mv(y25(11, 4), "accepted")
    .mv(y25(11, 5), "in_progress")
    .note(
        y25(11, 12),
        NoteType::Coordination,
        "协调企业在村口设置禁鸣标志",
        Some(3),
    )
    .mv_note(
        y25(11, 26),
        "answered",
        "书面答复:已设置禁鸣标志,企业司机签订承诺书",
    )
    .mv_with(
        y25(12, 10),
        "closed",
        None,
        &[("satisfaction", "satisfied")],
    );
}

/// The ordinary matters behind "参与协调事件30余件": petitions and labour disputes opened and
/// settled in 2026-H1, each with one or two rounds of coordination.
pub(super) struct Small {
    kind: Kind,
    opened: (u32, u32),
    title: &'static str,
    fields: &'static [(&'static str, &'static str)],
    notes: &'static [((u32, u32), NoteType, u32, &'static str)],
    closed: (u32, u32),
    assignee: &'static str,
}

#[rustfmt::skip]
pub(super) const SMALL: &[Small] = &[
    Small { kind: Kind::Petition, opened: (1, 12), title: "岳宋村村民反映冀东水泥运输车辆扬尘", fields: &[("channel", "visit"), ("category", "complaint"), ("petitioners", "岳宋村村民"), ("people", "5")], notes: &[((1, 15), NoteType::Visit, 5, "到岳宋村查看运输道路扬尘,约谈企业落实洒水降尘")], closed: (2, 20), assignee: "wang" },
    Small { kind: Kind::Petition, opened: (1, 19), title: "娜妥坝片区农户反映世全木业夜间生产噪声", fields: &[("channel", "call"), ("category", "complaint"), ("petitioners", "娜妥坝农户"), ("people", "2")], notes: &[((1, 23), NoteType::Coordination, 4, "协调企业调整夜间作业时段,加装隔音设施")], closed: (3, 2), assignee: "wang" },
    Small { kind: Kind::Petition, opened: (2, 3), title: "勐卡片区群众反映腾飞大理石废水外排", fields: &[("channel", "online"), ("category", "complaint"), ("petitioners", "勐卡片区群众"), ("people", "1")], notes: &[((2, 6), NoteType::Visit, 3, "会同环保部门现场检查沉淀池"), ((2, 27), NoteType::Meeting, 6, "约谈企业负责人,限期完善废水循环设施")], closed: (3, 25), assignee: "chen" },
    Small { kind: Kind::Petition, opened: (2, 24), title: "城郊镇农户反映园区道路施工占用便道", fields: &[("channel", "visit"), ("category", "appeal"), ("petitioners", "城郊镇农户"), ("people", "7")], notes: &[((2, 27), NoteType::Coordination, 7, "协调施工单位恢复便道并设置警示标志")], closed: (3, 20), assignee: "wang" },
    Small { kind: Kind::Petition, opened: (3, 5), title: "联合村村民反映金泰氯碱夜间异味", fields: &[("channel", "hotline"), ("category", "complaint"), ("petitioners", "联合村村民"), ("people", "2")], notes: &[((3, 9), NoteType::Visit, 4, "夜间到厂区周边巡查,督促企业检修尾气吸收装置")], closed: (4, 10), assignee: "chen" },
    Small { kind: Kind::Petition, opened: (3, 17), title: "毛田村村民反映龙威混凝土搅拌站粉尘", fields: &[("channel", "visit"), ("category", "complaint"), ("petitioners", "毛田村村民"), ("people", "6")], notes: &[((3, 20), NoteType::Visit, 6, "到搅拌站周边查看粉尘情况"), ((4, 2), NoteType::Coordination, 5, "协调企业对料场全封闭改造")], closed: (4, 28), assignee: "wang" },
    Small { kind: Kind::Petition, opened: (4, 7), title: "勐梭村农户反映给水工程施工损坏灌溉水管", fields: &[("channel", "call"), ("category", "appeal"), ("petitioners", "勐梭村农户"), ("people", "3")], notes: &[((4, 9), NoteType::Coordination, 4, "协调县水务公司修复灌溉水管")], closed: (4, 30), assignee: "zhang" },
    Small { kind: Kind::Petition, opened: (4, 21), title: "大桥村村民反映强园建材拆除作业扬尘", fields: &[("channel", "visit"), ("category", "complaint"), ("petitioners", "大桥村村民"), ("people", "3")], notes: &[((4, 22), NoteType::Visit, 3, "现场督促拆除作业湿法降尘、围挡施工")], closed: (5, 15), assignee: "liu" },
    Small { kind: Kind::Petition, opened: (5, 6), title: "洋浩村村民反映园区企业货车占道停放", fields: &[("channel", "online"), ("category", "suggestion"), ("petitioners", "洋浩村村民"), ("people", "1")], notes: &[((5, 9), NoteType::Coordination, 5, "协调交警中队与企业设置临时停车区")], closed: (6, 2), assignee: "wang" },
    Small { kind: Kind::Petition, opened: (5, 19), title: "竹马村村民反映昌裕糖业蔗渣堆场冒烟", fields: &[("channel", "hotline"), ("category", "complaint"), ("petitioners", "竹马村村民"), ("people", "2")], notes: &[((5, 20), NoteType::Visit, 4, "会同消防救援站查看蔗渣堆场,督促企业翻堆降温")], closed: (6, 10), assignee: "chen" },
    Small { kind: Kind::Petition, opened: (5, 27), title: "龙板山村村民要求解决施工阻断灌溉渠问题", fields: &[("channel", "visit"), ("category", "appeal"), ("petitioners", "龙板山村村民"), ("people", "6"), ("collective", "yes")], notes: &[((5, 29), NoteType::Visit, 6, "到龙板山工地查看被阻断的灌溉渠"), ((6, 11), NoteType::Coordination, 4, "协调施工单位改建灌溉涵管")], closed: (6, 26), assignee: "wang" },
    Small { kind: Kind::Petition, opened: (6, 8), title: "云峰村村民反映园区路灯不亮影响夜间出行", fields: &[("channel", "letter"), ("category", "suggestion"), ("petitioners", "云峰村村民"), ("people", "1")], notes: &[((6, 12), NoteType::Coordination, 3, "协调供电所和养护单位检修路灯")], closed: (6, 29), assignee: "zhang" },
    Small { kind: Kind::Petition, opened: (6, 15), title: "勐卡村群众反映云佑酒业酒糟异味", fields: &[("channel", "online"), ("category", "complaint"), ("petitioners", "勐卡村群众"), ("people", "1")], notes: &[((6, 18), NoteType::Visit, 4, "到企业查看酒糟堆放,督促当日清运")], closed: (7, 10), assignee: "chen" },
    Small { kind: Kind::Labour, opened: (1, 20), title: "云佑酒业拖欠5名季节工工资", fields: &[("subtype", "wage"), ("employer", "云南云佑酒业有限公司"), ("workers", "5"), ("amount_claimed", "23500.00"), ("amount_recovered", "23500.00"), ("tags", "欠薪,春节前清欠")], notes: &[((1, 22), NoteType::Coordination, 6, "协调企业春节前结清季节工工资")], closed: (2, 12), assignee: "li" },
    Small { kind: Kind::Labour, opened: (1, 28), title: "昌裕糖业拖欠榨季临时工12人工资", fields: &[("subtype", "wage"), ("employer", "昌裕糖业有限公司"), ("workers", "12"), ("amount_claimed", "96000.00"), ("amount_recovered", "96000.00"), ("tags", "欠薪,春节前清欠")], notes: &[((1, 30), NoteType::Coordination, 12, "组织企业与临时工代表协调,约定节前付清"), ((2, 4), NoteType::Visit, 4, "到糖厂核对工资表与考勤")], closed: (2, 14), assignee: "li" },
    Small { kind: Kind::Labour, opened: (2, 5), title: "冀东水泥劳务派遣工社会保险补缴纠纷", fields: &[("subtype", "insurance"), ("employer", "冀东水泥"), ("workers", "3"), ("amount_claimed", "14800.00"), ("amount_recovered", "14800.00")], notes: &[((2, 9), NoteType::Meeting, 4, "约谈劳务派遣公司与用工单位,明确补缴责任")], closed: (3, 30), assignee: "li" },
    Small { kind: Kind::Labour, opened: (2, 26), title: "阿佤香食品拖欠包装车间工人工资", fields: &[("subtype", "wage"), ("employer", "阿佤香特色食品有限责任公司"), ("workers", "6"), ("amount_claimed", "31800.00"), ("amount_recovered", "31800.00")], notes: &[((3, 2), NoteType::Coordination, 7, "协调企业与工人代表核对欠薪金额"), ((3, 12), NoteType::Coordination, 3, "协调企业落实支付资金来源")], closed: (3, 25), assignee: "li" },
    Small { kind: Kind::Labour, opened: (3, 11), title: "绿源天然气加气站员工加班费纠纷", fields: &[("subtype", "contract"), ("employer", "绿源天然气"), ("workers", "2"), ("amount_claimed", "8600.00"), ("amount_recovered", "7200.00")], notes: &[((3, 16), NoteType::Meeting, 3, "约谈企业核对排班记录")], closed: (4, 8), assignee: "li" },
    Small { kind: Kind::Labour, opened: (3, 23), title: "长庆天然气外包施工队拖欠农民工工资", fields: &[("subtype", "wage"), ("employer", "长庆天然气外包施工队"), ("workers", "9"), ("amount_claimed", "68000.00"), ("amount_recovered", "68000.00"), ("tags", "欠薪")], notes: &[((3, 25), NoteType::Coordination, 8, "协调总包单位代发农民工工资"), ((4, 3), NoteType::Visit, 3, "到工地核实农民工实名制名册")], closed: (4, 29), assignee: "li" },
    Small { kind: Kind::Labour, opened: (4, 14), title: "世全木业职工工伤医疗费垫付纠纷", fields: &[("subtype", "injury"), ("employer", "世全木业开发有限公司"), ("workers", "1"), ("amount_claimed", "12600.00"), ("amount_recovered", "12600.00"), ("injury_date", "2026-04-02")], notes: &[((4, 16), NoteType::Visit, 2, "到医院了解伤情,督促企业先行垫付医疗费")], closed: (5, 20), assignee: "li" },
    Small { kind: Kind::Labour, opened: (4, 27), title: "强园建材技改停产期间职工工资纠纷", fields: &[("subtype", "wage"), ("employer", "强园建材有限公司"), ("workers", "14"), ("amount_claimed", "42000.00"), ("amount_recovered", "42000.00")], notes: &[((4, 29), NoteType::Coordination, 8, "协调企业按停工停产规定发放生活费")], closed: (5, 26), assignee: "li" },
    Small { kind: Kind::Labour, opened: (5, 12), title: "瑞龙商砼搅拌车维修工讨薪", fields: &[("subtype", "wage"), ("employer", "瑞龙商砼有限公司"), ("workers", "4"), ("amount_claimed", "17600.00"), ("amount_recovered", "17600.00")], notes: &[((5, 14), NoteType::Coordination, 5, "协调企业与维修工结算工资"), ((5, 26), NoteType::Visit, 2, "到企业核实工资已发放")], closed: (6, 9), assignee: "li" },
    Small { kind: Kind::Labour, opened: (5, 25), title: "海强工贸解除劳动合同经济补偿纠纷", fields: &[("subtype", "contract"), ("employer", "海强工贸有限公司"), ("workers", "3"), ("amount_claimed", "27000.00"), ("amount_recovered", "24000.00")], notes: &[((5, 28), NoteType::Meeting, 4, "约谈企业与职工,释明经济补偿计算办法")], closed: (6, 22), assignee: "li" },
    Small { kind: Kind::Labour, opened: (6, 3), title: "碧岩竹炭拖欠装卸工工资", fields: &[("subtype", "wage"), ("employer", "碧岩竹炭有限公司"), ("workers", "6"), ("amount_claimed", "15900.00"), ("amount_recovered", "15900.00")], notes: &[((6, 5), NoteType::Coordination, 6, "协调企业当周结清装卸工工资")], closed: (6, 24), assignee: "li" },
    Small { kind: Kind::Labour, opened: (6, 10), title: "惠同纸业职工未签劳动合同二倍工资纠纷", fields: &[("subtype", "contract"), ("employer", "惠同纸业有限公司"), ("workers", "1"), ("amount_claimed", "22000.00"), ("amount_recovered", "18000.00")], notes: &[((6, 15), NoteType::Meeting, 3, "约谈企业补签劳动合同并协商二倍工资差额")], closed: (7, 20), assignee: "li" },
];

pub(super) fn small_h1_cases(s: &mut Script) {
    for m in SMALL {
        let opened = d(m.opened.0, m.opened.1);
        let closed = d(m.closed.0, m.closed.1);
        let mut fields: Vec<(&str, &str)> = m.fields.to_vec();
        fields.push(("assignee", m.assignee));
        if let Some((_, who)) = m.fields.iter().find(|(k, _)| *k == "petitioners") {
            fields.push(("party", who));
        }
        // A visit brings its people in person: that is their person-times at intake.
        let people = m
            .fields
            .iter()
            .find(|(k, _)| *k == "people")
            .map(|(_, v)| *v);
        if m.fields.contains(&("channel", "visit"))
            && let Some(p) = people
        {
            fields.push(("person_times", p));
        }
        let mut c = s.case(m.kind, opened, m.title, &fields);
        for &((mo, dd), t, people, text) in m.notes {
            c = c.note(d(mo, dd), t, text, Some(people));
        }
        let one = |n: u64| opened + Days::new(n);
        let before_close = |n: u64| closed - Days::new(n);
        match m.kind {
            Kind::Petition => {
                c.mv(one(1), "accepted")
                    .mv(one(2), "in_progress")
                    .mv_note(
                        before_close(5),
                        "answered",
                        "书面答复处理意见,问题已整改到位",
                    )
                    .mv_with(
                        closed,
                        "closed",
                        Some("回访信访人,对处理结果满意"),
                        &[("satisfaction", "satisfied")],
                    );
            }
            _ => {
                c.mv(one(1), "mediating")
                    .mv_note(before_close(10), "settled", "双方达成调解协议")
                    .mv(before_close(9), "paying")
                    .mv_note(closed, "closed", "协议履行完毕,劳动者签字确认");
            }
        }
    }
}
