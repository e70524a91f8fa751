//! The labour disputes of the seed summaries (德乐, 湘顺硅业, 龙威, 绿润源 …) and the ordinary ones
//! around them.

use super::*;

pub(super) fn labour(s: &mut Script, me: &str) {
    // 篇五: "成功化解德乐公司与其职工杜**劳资纠纷".
    s.case(
        Kind::Labour,
        d(1, 6),
        "德乐公司拖欠职工杜**工资",
        &[
            ("subtype", "wage"),
            ("employer", "德乐公司"),
            ("party", "杜**"),
            ("workers", "1"),
            ("phone", "13908791526"),
            ("amount_claimed", "18600.00"),
            ("months_in_arrears", "4"),
            ("employment_end", "2025-12-20"),
            (
                "description",
                "杜**于2025年12月离职,反映德乐公司拖欠其2025年9月至12月工资共计18,600元",
            ),
            ("priority", "high"),
            ("tags", "欠薪,春节前清欠"),
            ("assignee", "li"),
        ],
    )
    .note(
        d(1, 6),
        NoteType::Call,
        "电话联系德乐公司人事负责人,核实欠薪月份与金额",
        None,
    )
    .mv(d(1, 8), "mediating")
    .note(
        d(1, 9),
        NoteType::Coordination,
        "约请德乐公司负责人与杜**到管委会协调,核对考勤与工资表",
        Some(3),
    )
    .note(
        d(1, 15),
        NoteType::Meeting,
        "约谈德乐公司法定代表人,明确分期支付方案",
        Some(4),
    )
    .mv_note(
        d(1, 20),
        "settled",
        "达成调解协议:公司于2月10日前支付9,300元,3月5日前付清余款9,300元",
    )
    .mv(d(1, 21), "paying")
    .note(
        d(2, 10),
        NoteType::Call,
        "回访杜**:第一期9,300元已到账",
        None,
    )
    .edit(d(2, 10), &[("amount_recovered", "9300.00")])
    .edit(d(3, 4), &[("amount_recovered", "18600.00")])
    .mv_note(
        d(3, 4),
        "closed",
        "欠薪18,600元全部付清,杜**签字确认,纠纷化解",
    );

    // 篇五: "湘顺硅业公司与其职工乌几莫工伤纠纷".
    s.case(Kind::Labour, d(1, 15), "湘顺硅业公司职工乌几莫工伤待遇纠纷", &[
        ("subtype", "injury"),
        ("employer", "湘顺硅业公司"),
        ("party", "乌几莫"),
        ("workers", "1"),
        ("injury_date", "2025-11-14"),
        ("injury_grade", "九级"),
        ("amount_claimed", "126500.00"),
        ("description", "乌几莫在硅冶炼车间作业时右手受伤,已认定工伤、鉴定九级伤残;要求支付停工留薪期工资、医疗费差额及一次性伤残就业补助金"),
        ("tags", "工伤"),
        ("assignee", "li"),
    ])
    .note(d(1, 16), NoteType::Visit, "到县医院看望乌几莫,了解伤情和诉求", Some(3))
    .mv(d(1, 19), "mediating")
    .note(d(1, 27), NoteType::Coordination, "会同县人社局工伤股与湘顺硅业核算工伤保险基金支付与企业承担部分", Some(4))
    .note(d(3, 10), NoteType::Meeting, "约谈湘顺硅业负责人,就一次性伤残就业补助金达成一致", Some(5))
    .mv_note(d(3, 18), "settled", "达成调解协议:公司支付停工留薪期工资、医疗费差额及一次性伤残就业补助金共98,000元")
    .mv(d(3, 20), "paying")
    .edit(d(4, 15), &[("amount_recovered", "98000.00")])
    .mv_note(d(5, 10), "closed", "98,000元全部支付到位,乌几莫表示满意,工伤纠纷化解");

    // Open: in arbitration.
    s.case(
        Kind::Labour,
        d(9, 22),
        "瑞龙商砼拖欠7名运输司机工资",
        &[
            ("subtype", "wage"),
            ("employer", "瑞龙商砼有限公司"),
            ("workers", "7"),
            ("amount_claimed", "212400.00"),
            ("months_in_arrears", "5"),
            ("phone", "15187902214"),
            ("priority", "high"),
            ("tags", "欠薪"),
            ("assignee", me),
        ],
    )
    .mv(d(9, 23), "mediating")
    .note(
        d(9, 24),
        NoteType::Coordination,
        "组织瑞龙商砼与司机代表协调,企业称资金周转困难",
        Some(5),
    )
    .note(
        d(10, 9),
        NoteType::Call,
        "催促企业提出支付方案,企业未答复",
        None,
    )
    .mv_note(
        d(10, 20),
        "mediation_failed",
        "企业在调解期内未提出支付方案,调解不成,告知司机申请仲裁",
    )
    .mv_with(
        d(10, 28),
        "arbitration",
        None,
        &[("arbitration_no", "县劳人仲案〔2026〕37号")],
    )
    .note(
        d(11, 12),
        NoteType::Call,
        "向仲裁院了解:定于12月3日开庭",
        None,
    );

    // Open: mediating past its 15 days (劳动争议调解仲裁法 art 14).
    s.case(
        Kind::Labour,
        d(10, 20),
        "世全木业开发有限公司拖欠8名工人工资",
        &[
            ("subtype", "wage"),
            ("employer", "世全木业开发有限公司"),
            ("workers", "8"),
            ("amount_claimed", "86400.00"),
            ("months_in_arrears", "3"),
            ("tags", "欠薪"),
            ("assignee", "wang"),
        ],
    )
    .mv(d(10, 22), "mediating")
    .note(
        d(10, 29),
        NoteType::Coordination,
        "到企业协调,企业承诺11月底前筹措资金",
        Some(6),
    )
    .note(
        d(11, 13),
        NoteType::Call,
        "电话催促企业落实支付方案,尚无进展",
        None,
    );

    s.case(
        Kind::Labour,
        d(11, 2),
        "阿佤香特色食品有限责任公司解除劳动合同经济补偿纠纷",
        &[
            ("subtype", "contract"),
            ("employer", "阿佤香特色食品有限责任公司"),
            ("workers", "2"),
            ("amount_claimed", "24000.00"),
            ("employment_end", "2026-10-31"),
            ("assignee", me),
        ],
    )
    .mv(d(11, 4), "mediating")
    .note(
        d(11, 10),
        NoteType::Meeting,
        "约谈企业与两名职工,核对工作年限与工资基数",
        Some(3),
    )
    .mv_note(
        d(11, 18),
        "settled",
        "达成协议:公司支付经济补偿18,000元,12月15日前付清",
    );

    s.case(
        Kind::Labour,
        d(9, 8),
        "云佑酒业拖欠11名季节工工资(分期支付)",
        &[
            ("subtype", "wage"),
            ("employer", "云南云佑酒业有限公司"),
            ("workers", "11"),
            ("amount_claimed", "63800.00"),
            ("months_in_arrears", "2"),
            ("tags", "欠薪"),
            ("assignee", "li"),
        ],
    )
    .mv(d(9, 9), "mediating")
    .note(
        d(9, 15),
        NoteType::Coordination,
        "协调企业与季节工代表,企业同意分三期支付",
        Some(8),
    )
    .mv_note(
        d(9, 30),
        "settled",
        "达成协议:10月、11月、12月底各支付三分之一",
    )
    .mv(d(10, 8), "paying")
    .edit(d(10, 30), &[("amount_recovered", "21300.00")])
    .edit(d(11, 20), &[("amount_recovered", "42500.00")]);

    s.case(
        Kind::Labour,
        d(11, 9),
        "德凯盛农业科技开发有限公司社会保险补缴纠纷",
        &[
            ("subtype", "insurance"),
            ("employer", "德凯盛农业科技开发有限公司"),
            ("workers", "4"),
            ("amount_claimed", "31200.00"),
            ("assignee", "chen"),
        ],
    )
    .mv(d(11, 10), "mediating")
    .note(
        d(11, 16),
        NoteType::Meeting,
        "约谈企业财务负责人,企业对补缴年限有异议",
        Some(5),
    )
    .mv_note(
        d(11, 20),
        "mediation_failed",
        "企业对补缴年限有异议,调解不成,告知职工可申请仲裁",
    );

    s.case(
        Kind::Labour,
        d(9, 21),
        "腾飞大理石有限公司职工工伤赔偿纠纷",
        &[
            ("subtype", "injury"),
            ("employer", "腾飞大理石有限公司"),
            ("party", "岩**"),
            ("workers", "1"),
            ("injury_date", "2025-08-03"),
            ("injury_grade", "十级"),
            ("amount_claimed", "58600.00"),
            ("tags", "工伤"),
            ("assignee", "liu"),
        ],
    )
    .mv(d(9, 22), "mediating")
    .note(
        d(9, 25),
        NoteType::Visit,
        "到企业了解受伤经过和工伤认定情况",
        Some(2),
    )
    .mv_note(
        d(9, 30),
        "mediation_failed",
        "企业以已购买商业保险为由拒绝承担,调解不成",
    )
    .mv_with(
        d(10, 5),
        "arbitration",
        None,
        &[("arbitration_no", "县劳人仲案〔2026〕31号")],
    )
    // The award's 45 days stop while the disability grade is re-appraised (中止审理).
    .pause(d(10, 20), "等待伤残等级再次鉴定结论,仲裁中止")
    .resume(d(11, 3))
    .mv_note(
        d(11, 16),
        "awarded",
        "裁决企业支付一次性伤残补助金等共计52,300元",
    );

    // Award, extension, then the employer sues: litigation.
    s.case(
        Kind::Labour,
        d(4, 13),
        "龙威混凝土有限公司驾驶员解除劳动合同纠纷",
        &[
            ("subtype", "contract"),
            ("employer", "龙威混凝土有限公司"),
            ("party", "张**"),
            ("workers", "1"),
            ("amount_claimed", "45000.00"),
            ("employment_end", "2026-03-31"),
            ("assignee", "li"),
        ],
    )
    .mv(d(4, 14), "mediating")
    .note(
        d(4, 20),
        NoteType::Meeting,
        "约谈企业与驾驶员,双方对解除理由各执一词",
        Some(3),
    )
    .mv_note(d(4, 29), "mediation_failed", "双方分歧较大,调解不成")
    .mv_with(
        d(5, 6),
        "arbitration",
        None,
        &[("arbitration_no", "县劳人仲案〔2026〕18号")],
    )
    .extend(d(6, 15), 15, "需调取企业运输记录,经仲裁委员会主任批准延长")
    .mv_note(
        d(7, 2),
        "awarded",
        "裁决公司支付违法解除劳动合同赔偿金32,000元",
    )
    .mv(d(7, 16), "litigation")
    .note(
        d(7, 20),
        NoteType::Other,
        "企业不服裁决向县人民法院起诉,案号(2026)县法院民初1123号",
        None,
    )
    .assign(d(8, 3), me);

    s.case(
        Kind::Labour,
        d(2, 24),
        "绿润源农业开发有限公司拖欠15名采摘工工资",
        &[
            ("subtype", "wage"),
            ("employer", "绿润源农业开发有限公司"),
            ("workers", "15"),
            ("amount_claimed", "74250.00"),
            ("months_in_arrears", "2"),
            ("phone", "18787901163"),
            ("tags", "欠薪"),
            ("assignee", "li"),
        ],
    )
    .mv(d(2, 25), "mediating")
    .note(
        d(3, 3),
        NoteType::Coordination,
        "组织企业与采摘工代表协调,企业称待农产品回款后支付",
        Some(9),
    )
    .mv_note(
        d(3, 12),
        "mediation_failed",
        "企业无力按期支付,调解不成,协助工人申请仲裁",
    )
    .mv_with(
        d(3, 17),
        "arbitration",
        None,
        &[("arbitration_no", "县劳人仲案〔2026〕09号")],
    )
    .mv_note(d(4, 24), "awarded", "裁决企业支付拖欠工资74,250元")
    .mv(d(5, 20), "enforcing")
    .note(d(6, 20), NoteType::Call, "县法院执行局已冻结企业账户", None)
    .edit(d(8, 5), &[("amount_recovered", "40000.00")])
    .assign(d(8, 5), me);

    s.case(
        Kind::Labour,
        d(11, 23),
        "昌裕糖业有限公司榨季临时工工伤保险参保纠纷",
        &[
            ("subtype", "insurance"),
            ("employer", "昌裕糖业有限公司"),
            ("workers", "23"),
            ("priority", "high"),
            ("assignee", me),
        ],
    )
    .note(
        d(11, 24),
        NoteType::Call,
        "联系企业人事部门,要求提供榨季用工花名册和参保清单",
        None,
    );

    // 2025, for comparison with the year before.
    s.case(
        Kind::Labour,
        y25(10, 9),
        "长庆天然气外包班组拖欠农民工工资",
        &[
            ("subtype", "wage"),
            ("employer", "长庆天然气外包施工队"),
            ("workers", "6"),
            ("amount_claimed", "41600.00"),
            ("assignee", "li"),
        ],
    )
    .mv(y25(10, 10), "mediating")
    .note(
        y25(10, 14),
        NoteType::Coordination,
        "协调总包单位代发农民工工资",
        Some(7),
    )
    .mv_note(y25(10, 24), "settled", "总包单位同意先行垫付")
    .edit(y25(11, 3), &[("amount_recovered", "41600.00")])
    .mv_note(y25(11, 3), "closed", "工资已由总包单位代发到位");
}
