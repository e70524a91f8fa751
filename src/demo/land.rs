//! The land holdouts of 勐梭片区第二期征地 (and the first phase): households, areas and
//! compensation.

use super::*;

/// Areas in ten-thousandths of a 亩, so the sums are exact by construction.
pub(super) struct Household {
    head: &'static str,
    area: i64,
    land_type: &'static str,
}

pub(super) const fn hh(head: &'static str, area: i64, land_type: &'static str) -> Household {
    Household {
        head,
        area,
        land_type,
    }
}

/// Households whose land was approved for construction use (报批): 54.8375 亩 in all.
pub(super) const APPROVED: [Household; 5] = [
    hh("岩嘎", 123450, "paddy"),
    hh("叶娜", 98765, "dry"),
    hh("岩所", 112040, "paddy"),
    hh("艾块", 135120, "dry"),
    hh("娜倩", 79000, "forest"),
];

/// Signed households whose land still awaits conversion (农转用): 245.5925 亩 in all.
pub(super) const AWAITING: [Household; 20] = [
    hh("岩布", 116810, "paddy"),
    hh("叶团", 71156, "dry"),
    hh("尼嘎", 93544, "dry"),
    hh("娜发", 73889, "forest"),
    hh("岩松", 134226, "paddy"),
    hh("艾门块", 117642, "dry"),
    hh("叶惹", 69747, "forest"),
    hh("岩光", 170377, "paddy"),
    hh("娜丽", 136115, "dry"),
    hh("尼块", 78226, "dry"),
    hh("岩帅", 186184, "paddy"),
    hh("叶飞", 91260, "forest"),
    hh("艾嘎", 144657, "dry"),
    hh("岩绍", 144238, "paddy"),
    hh("娜块", 138414, "dry"),
    hh("岩那", 186218, "paddy"),
    hh("叶倩", 70108, "forest"),
    hh("尼所", 137642, "dry"),
    hh("岩门", 138748, "paddy"),
    hh("艾惹", 156724, "dry"),
];

/// Households still on their way, or holding out: 112.6499 亩.
pub(super) const PENDING: [Household; 14] = [
    hh("岩翁", 46499, "dry"),    // surveyed
    hh("叶拉", 68977, "forest"), // surveyed
    hh("娜嘎", 46105, "dry"),    // published
    hh("岩腊", 112963, "paddy"), // published
    hh("艾所", 57455, "dry"),    // registered
    hh("尼拉", 77959, "dry"),    // registered
    hh("岩倒", 94937, "paddy"),  // negotiating
    hh("叶块", 58907, "dry"),    // negotiating
    hh("娜门", 110868, "paddy"), // negotiating
    hh("岩块", 55439, "paddy"),  // holdout: standard dispute (水田15%返还)
    hh("叶嘎", 114830, "paddy"), // holdout: standard dispute
    hh("艾门", 80433, "dry"),    // holdout: boundary dispute
    hh("尼云", 113434, "dry"),   // holdout: boundary dispute with 艾门
    hh("岩拉", 87693, "forest"), // holdout refusing to sign → compensation decision
];

/// 元/亩 by land type (a county standard of the kind a 补偿安置方案 publishes).
pub(super) fn unit_price(land_type: &str) -> i64 {
    match land_type {
        "paddy" => 42000,
        "dry" => 28500,
        "forest" => 12600,
        "homestead" => 56000,
        _ => 20000,
    }
}

pub(super) fn mu_of(area: i64) -> Decimal {
    Decimal::new(area, 4)
}

pub(super) fn compensation(area: i64, land_type: &str) -> Decimal {
    (mu_of(area) * Decimal::from(unit_price(land_type)))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

pub(super) fn money_text(d: Decimal) -> String {
    let mut d = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d.to_string()
}

pub(super) fn land_fields(
    h: &Household,
    n: usize,
    project: &str,
    phone: Option<&str>,
    assignee: &str,
) -> Vec<(String, String)> {
    let mut f = kv(&[
        ("project", project),
        ("household_head", h.head),
        ("land_type", h.land_type),
        ("assignee", assignee),
        ("location", "勐梭片区"),
    ]);
    f.push(("parcel".into(), format!("MS2-{n:03}")));
    // The project's pre-notice (预公告), at least 10 working days before the survey went on.
    let pre = if project == PROJECT1 {
        "2025-03-01"
    } else {
        "2025-12-15"
    };
    f.push(("pre_notice_date".into(), pre.into()));
    f.push(("household_size".into(), (3 + n % 5).to_string()));
    f.push(("area_mu".into(), mu_of(h.area).to_string()));
    f.push((
        "unit_price".into(),
        money_text(Decimal::from(unit_price(h.land_type))),
    ));
    f.push((
        "compensation_due".into(),
        money_text(compensation(h.area, h.land_type)),
    ));
    if let Some(p) = phone {
        f.push(("phone".into(), p.into()));
    }
    f
}

/// The 勐梭片区第二期征地 households and the first phase's payment holdout; returns the
/// standard-dispute holdout that a petition is linked to.
pub(super) fn land(s: &mut Script, me: &str) -> usize {
    let phones = [
        "13987921045",
        "15908792263",
        "18208790471",
        "13529974318",
        "15087926650",
    ];
    let title = |h: &Household| format!("{PROJECT2} {}户", h.head);
    let mut n = 0usize;
    let mut next = || {
        n += 1;
        n
    };
    // Survey 2026-01, publication 2026-03-02 (30 days, 土地管理法实施条例 art 28), registration in
    // April, agreements from late April.
    let surveyed = |i: usize| d(1, 12 + (i % 18) as u32);
    for (i, h) in APPROVED.iter().enumerate() {
        let n = next();
        let phone = phones.get(i).copied().filter(|_| i % 2 == 0);
        let paid = money_text(compensation(h.area, h.land_type));
        let plan = Plan {
            kind: Kind::Land,
            title: title(h),
            opened: surveyed(n),
            fields: land_fields(h, n, PROJECT2, phone, "zhang"),
            steps: Vec::new(),
        };
        s.plans.push(plan);
        let c = s.plans.len() - 1;
        s.at(c)
            .mv(d(3, 2), "published")
            .mv(d(4, 6), "registered")
            .mv(d(4, 13), "negotiating")
            .note(
                d(4, 15),
                NoteType::Call,
                "电话通知到管委会核对面积及地上附着物清单",
                None,
            )
            .mv(d(4, 22 + i as u32), "signed")
            .mv_with(d(5, 18), "paid", None, &[("compensation_paid", &paid)])
            .mv(d(6, 10), "handed_over")
            .edit(d(6, 26), &[("approved", "yes")]);
    }
    for (i, h) in AWAITING.iter().enumerate() {
        let n = next();
        let phone = phones.get(i % 5).copied().filter(|_| i % 3 == 0);
        let paid = money_text(compensation(h.area, h.land_type));
        let signed = d(5, 4 + (i % 20) as u32);
        let plan = Plan {
            kind: Kind::Land,
            title: title(h),
            opened: surveyed(n),
            fields: land_fields(h, n, PROJECT2, phone, "zhang"),
            steps: Vec::new(),
        };
        s.plans.push(plan);
        let c = s.plans.len() - 1;
        let mut steps = s
            .at(c)
            .mv(d(3, 2), "published")
            .mv(d(4, 6 + (i % 10) as u32), "registered")
            .mv(d(4, 20), "negotiating")
            .mv(signed, "signed")
            .edit(signed, &[("approved", "no")]);
        // Twelve have been paid, four of them have handed the land over; eight wait for funds
        // (篇二: "向人民政府申请土地收储资金").
        if i < 12 {
            steps = steps.mv_with(
                d(7, 6 + i as u32),
                "paid",
                None,
                &[("compensation_paid", &paid)],
            );
        }
        if i < 4 {
            steps = steps.mv(d(9, 15 + i as u32), "handed_over");
        }
        if i >= 16 {
            steps.assign(d(8, 1), me);
        }
    }
    let mut holdout = 0;
    for (i, h) in PENDING.iter().enumerate() {
        let n = next();
        let opened = if i < 2 { d(11, 3) } else { surveyed(n) };
        let phone = phones.get(i % 5).copied().filter(|_| i % 2 == 1);
        let assignee = if i % 3 == 0 { me } else { "zhang" };
        let plan = Plan {
            kind: Kind::Land,
            title: title(h),
            opened,
            fields: land_fields(h, n, PROJECT2, phone, assignee),
            steps: Vec::new(),
        };
        s.plans.push(plan);
        let c = s.plans.len() - 1;
        match i {
            // 附着物补测: surveyed in November, not yet published.
            0 | 1 => {
                s.at(c).note(
                    d(11, 3),
                    NoteType::Other,
                    "补测地上附着物(果树、圈舍)",
                    None,
                );
            }
            2 | 3 => {
                s.at(c).mv(d(11, 10), "published").note(
                    d(11, 10),
                    NoteType::Other,
                    "补充公示,公示期30日",
                    None,
                );
            }
            4 | 5 => {
                s.at(c).mv(d(3, 2), "published").mv(d(10, 14), "registered");
            }
            6..=8 => {
                let st = s
                    .at(c)
                    .mv(d(3, 2), "published")
                    .mv(d(4, 8), "registered")
                    .mv(d(4, 20), "negotiating")
                    .note(
                        d(6, 18),
                        NoteType::Call,
                        "电话沟通签约时间,户主在外务工,约定返乡后签约",
                        None,
                    )
                    .note(
                        d(10, 22),
                        NoteType::Visit,
                        "入户协商,对附着物清点数量有疑问,已安排复核",
                        Some(4),
                    );
                // Requisition approved while they negotiate: the notice is due within 15
                // working days of approval (土地管理法实施条例 art 31).
                match i {
                    7 => {
                        st.mv_with(
                            d(10, 26),
                            "approved",
                            None,
                            &[("approved_on", "2026-10-26")],
                        )
                        .mv(d(11, 6), "requisition_noticed");
                    }
                    8 => {
                        st.mv_with(
                            d(11, 16),
                            "approved",
                            None,
                            &[("approved_on", "2026-11-16")],
                        );
                    }
                    _ => {}
                }
            }
            // 篇二: "农户要求参照东城区标准对涉及水田进行15%返还或增加水田补偿标准".
            9 | 10 => {
                let mut st = s
                    .at(c)
                    .mv(d(3, 2), "published")
                    .mv(d(4, 8), "registered")
                    .mv(d(4, 20), "negotiating");
                if i == 9 {
                    st = st.note(
                        d(5, 12),
                        NoteType::Visit,
                        "入户解释现行水田补偿标准,户主坚持要求15%返还",
                        Some(4),
                    );
                }
                st.mv_with(
                    d(5, 15 + (i - 9) as u32 * 3),
                    "holdout",
                    Some("不同意现行补偿标准,拒绝签约"),
                    &[
                        ("holdout_reason", "standard_dispute"),
                        ("policy_note", STANDARD_DISPUTE_NOTE),
                    ],
                )
                .edit(d(5, 20), &[("priority", "high")]);
                if i == 9 {
                    holdout = c;
                }
            }
            // 篇二: "部分农户地界冲突,尚未调解清楚".
            11 | 12 => {
                let st = s
                    .at(c)
                    .mv(d(3, 2), "published")
                    .mv(d(4, 8), "registered")
                    .mv_with(
                        d(5, 25),
                        "holdout",
                        Some("与相邻农户地界存在争议,待乡政府调处"),
                        &[("holdout_reason", "boundary_dispute")],
                    );
                if i == 11 {
                    st.note(
                        d(6, 5),
                        NoteType::Coordination,
                        "会同勐梭镇政府、村组干部现场踏勘两户地界",
                        Some(6),
                    )
                    .link(d(6, 5), c + 1)
                    .note(
                        d(9, 16),
                        NoteType::Other,
                        "镇政府作出地界调处意见,尼云户不服,拟提起诉讼",
                        None,
                    );
                }
            }
            _ => {
                s.at(c)
                    .mv(d(3, 2), "published")
                    .mv(d(4, 8), "registered")
                    .mv(d(4, 20), "negotiating")
                    .mv_with(
                        d(5, 30),
                        "holdout",
                        Some("多次协商仍拒绝签约"),
                        &[("holdout_reason", "refuses_to_sign")],
                    )
                    .mv_with(
                        d(10, 12),
                        "decided",
                        None,
                        &[
                            ("decision_no", "县政征补决〔2026〕3号"),
                            ("decision_served", "2026-10-12"),
                        ],
                    )
                    .note(
                        d(10, 14),
                        NoteType::Other,
                        "补偿安置决定书已送达,告知申请复议、提起诉讼的期限",
                        None,
                    );
            }
        }
    }
    // 篇二: "对第一期未领取土地补偿款的农户进行引导".
    let first = Household {
        head: "艾布",
        area: 68250,
        land_type: "paddy",
    };
    let mut f = land_fields(&first, 1, PROJECT1, Some("13887926634"), me);
    if let Some(p) = f.iter_mut().find(|(k, _)| k == "parcel") {
        p.1 = "MS1-047".into();
    }
    f.push((
        "description".into(),
        "第一期已签约,户主以补偿偏低为由至今未领取补偿款".into(),
    ));
    s.plans.push(Plan {
        kind: Kind::Land,
        title: format!("{PROJECT1} 艾布户(未领取补偿款)"),
        opened: y25(3, 10),
        fields: f,
        steps: Vec::new(),
    });
    let c = s.plans.len() - 1;
    s.at(c)
        .mv(y25(4, 14), "published")
        .mv(y25(5, 20), "registered")
        .mv(y25(6, 3), "negotiating")
        .mv(y25(7, 8), "signed")
        .mv_with(
            y25(9, 20),
            "holdout",
            Some("签约后拒绝领取补偿款"),
            &[("holdout_reason", "refuses_payment")],
        )
        .note(
            d(4, 22),
            NoteType::Visit,
            "上门引导领取第一期补偿款,讲解提存政策",
            Some(3),
        )
        .note(
            d(9, 3),
            NoteType::Call,
            "再次电话联系,户主仍不同意领取",
            None,
        );
    holdout
}
