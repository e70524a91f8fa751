//! The 三改一拆 demolitions of illegal structures.

use super::*;

pub(super) struct Structure<'a> {
    pub(super) title: &'a str,
    pub(super) owner: &'a str,
    pub(super) location: &'a str,
    pub(super) structure: &'a str,
    pub(super) area: &'a str,
    pub(super) urban_rural: &'a str,
    pub(super) ownership: &'a str,
    pub(super) found: NaiveDate,
    pub(super) assignee: &'a str,
}

pub(super) fn structure<'s>(s: &'s mut Script, st: &Structure) -> CaseSteps<'s> {
    s.case(
        Kind::Demolition,
        st.found,
        st.title,
        &[
            ("owner", st.owner),
            ("location", st.location),
            ("structure", st.structure),
            ("area_m2", st.area),
            ("urban_rural", st.urban_rural),
            ("land_ownership", st.ownership),
            ("tags", "三改一拆"),
            ("assignee", st.assignee),
        ],
    )
}

pub(super) fn order<'s>(c: CaseSteps<'s>, served: NaiveDate, days: u64, no: &str) -> CaseSteps<'s> {
    let deadline = (served + Days::new(days)).to_string();
    let served_s = served.to_string();
    c.mv_with(
        served,
        "ordered",
        None,
        &[
            ("order_no", no),
            ("served", &served_s),
            ("deadline", &deadline),
        ],
    )
}

pub(super) fn demolished<'s>(
    c: CaseSteps<'s>,
    date: NaiveDate,
    area: &str,
    method: &str,
) -> CaseSteps<'s> {
    let done = date.to_string();
    c.mv_with(
        date,
        "demolished",
        None,
        &[
            ("area_demolished_m2", area),
            ("method", method),
            ("completed", &done),
        ],
    )
}

pub(super) fn demolitions(s: &mut Script, me: &str) {
    // 篇四: "已累计拆除违章建筑4816平方米 … 其中国有资产范围内拆除1503平方米 … 强园建材有限公司已
    // 结合企业技改项目,拆除了砖混结构的简易厂房2524平方米,惠同纸业、海强工贸、碧岩竹炭等企业也自行
    // 拆除了477平米的车棚、临时仓库等搭建物". The other 1815 m² (1144 of them state-owned) are ours.
    let c = structure(
        s,
        &Structure {
            title: "大桥区块强园建材有限公司砖混简易厂房",
            owner: "强园建材有限公司",
            location: "大桥区块",
            structure: "brick_concrete",
            area: "2524",
            urban_rural: "urban",
            ownership: "collective",
            found: d(3, 2),
            assignee: "liu",
        },
    )
    .mv(d(3, 5), "filed")
    .note(
        d(3, 9),
        NoteType::Other,
        "与企业沟通,结合技改项目自行拆除",
        None,
    );
    demolished(c, d(4, 18), "2524", "self").mv(d(4, 25), "verified");

    for (title, owner, what, area, ownership, done) in [
        (
            "惠同纸业厂区违章车棚",
            "惠同纸业有限公司",
            "shed",
            "186",
            "state",
            d(5, 8),
        ),
        (
            "海强工贸临时仓库",
            "海强工贸有限公司",
            "steel",
            "173",
            "state",
            d(5, 13),
        ),
        (
            "碧岩竹炭厂区违章车棚",
            "碧岩竹炭有限公司",
            "shed",
            "118",
            "collective",
            d(5, 21),
        ),
    ] {
        let c = structure(
            s,
            &Structure {
                title,
                owner,
                location: "大桥区块",
                structure: what,
                area,
                urban_rural: "urban",
                ownership,
                found: d(4, 13),
                assignee: "liu",
            },
        )
        .mv(d(4, 16), "filed")
        .note(
            d(4, 20),
            NoteType::Other,
            "召开企业动员会,引导企业自行拆除车棚、临时仓库等搭建物",
            None,
        );
        let c = demolished(c, done, area, "self");
        if owner != "海强工贸有限公司" {
            c.mv(done + Days::new(6), "verified");
        }
    }

    // Enforced after the appeal windows ran out (served 2025-10-15, + 6 months).
    let c = structure(
        s,
        &Structure {
            title: "龙板山工地违章临时工棚",
            owner: "某建筑劳务公司",
            location: "龙板山区块",
            structure: "shed",
            area: "612",
            urban_rural: "urban",
            ownership: "state",
            found: y25(9, 3),
            assignee: "liu",
        },
    )
    .mv(y25(9, 8), "filed");
    order(c, y25(10, 15), 30, "县综执拆字〔2025〕21号")
        .mv_with(
            y25(11, 20),
            "warned",
            Some("逾期未自行拆除,依法催告"),
            &[("warning_until", "2025-11-30")],
        )
        .mv_note(
            d(4, 20),
            "enforcement_decided",
            "复议、诉讼期限届满未申请复议或起诉,作出强制执行决定",
        )
        .mv_with(
            d(4, 21),
            "announced",
            None,
            &[("notice_until", "2026-05-01")],
        )
        .mv_with(
            d(5, 12),
            "enforced",
            None,
            &[
                ("area_demolished_m2", "612"),
                ("method", "enforced"),
                ("completed", "2026-05-12"),
            ],
        )
        .mv(d(5, 20), "verified");

    let c = structure(
        s,
        &Structure {
            title: "洋浩湖边区块违章钢构仓库",
            owner: "洋浩物流有限公司",
            location: "洋浩湖边区块",
            structure: "steel",
            area: "532",
            urban_rural: "urban",
            ownership: "state",
            found: d(3, 10),
            assignee: "liu",
        },
    )
    .mv(d(3, 12), "filed");
    let c = order(c, d(3, 20), 30, "县综执拆字〔2026〕04号");
    demolished(c, d(4, 16), "532", "applied").mv(d(4, 28), "verified");

    let c = structure(
        s,
        &Structure {
            title: "毛田村农户违章简易棚",
            owner: "毛田村村民",
            location: "毛田区块",
            structure: "shed",
            area: "386.50",
            urban_rural: "rural",
            ownership: "collective",
            found: d(3, 16),
            assignee: "liu",
        },
    )
    .mv(d(3, 18), "filed");
    // The household asked the office to pull it down (申请拆除), so it is not self-demolition.
    let c = order(c, d(3, 25), 31, "县综执拆字〔2026〕06号");
    demolished(c, d(4, 22), "386.50", "applied").mv(d(4, 30), "verified");

    let c = structure(
        s,
        &Structure {
            title: "石材园区连头路沿线违章砖混房",
            owner: "连头村村民",
            location: "石材园区",
            structure: "brick_concrete",
            area: "284.50",
            urban_rural: "rural",
            ownership: "collective",
            found: d(4, 7),
            assignee: me,
        },
    )
    .mv(d(4, 9), "filed");
    let c = order(c, d(4, 15), 45, "县综执拆字〔2026〕09号");
    demolished(c, d(5, 28), "284.50", "applied");

    // Outside 2026-H1.
    let c = structure(
        s,
        &Structure {
            title: "云峰街道违章彩钢棚",
            owner: "云峰街道某商户",
            location: "云峰街道",
            structure: "steel",
            area: "356",
            urban_rural: "urban",
            ownership: "state",
            found: y25(6, 10),
            assignee: "liu",
        },
    )
    .mv(y25(6, 12), "filed");
    demolished(c, y25(8, 14), "356", "self").mv(y25(8, 20), "verified");

    let c = structure(
        s,
        &Structure {
            title: "毛田区块企业违章加层",
            owner: "一洲铜业有限公司",
            location: "毛田区块",
            structure: "steel",
            area: "198.60",
            urban_rural: "urban",
            ownership: "state",
            found: d(7, 15),
            assignee: "liu",
        },
    )
    .mv(d(7, 17), "filed");
    let c = order(c, d(7, 24), 30, "县综执拆字〔2026〕15号");
    demolished(c, d(8, 21), "198.60", "self").mv(d(9, 2), "verified");

    let c = structure(
        s,
        &Structure {
            title: "洋浩湖边区块农户违章养殖棚",
            owner: "洋浩村村民",
            location: "洋浩湖边区块",
            structure: "shed",
            area: "145",
            urban_rural: "rural",
            ownership: "collective",
            found: d(4, 10),
            assignee: "liu",
        },
    )
    .mv(d(4, 14), "filed");
    order(c, d(4, 28), 30, "县综执拆字〔2026〕11号")
        .mv_with(
            d(6, 10),
            "warned",
            Some("逾期未拆除,依法催告"),
            &[("warning_until", "2026-06-20")],
        )
        .mv_note(
            d(11, 2),
            "enforcement_decided",
            "复议、诉讼期限届满,作出强制执行决定",
        )
        .mv_with(
            d(11, 2),
            "announced",
            None,
            &[("notice_until", "2026-11-12")],
        )
        .mv_with(
            d(11, 20),
            "enforced",
            None,
            &[
                ("area_demolished_m2", "145"),
                ("method", "enforced"),
                ("completed", "2026-11-20"),
            ],
        );

    // Enforcement decided after the appeal windows (served + 6 months) ran out; the public notice
    // (行政强制法 art 44) runs to the end of November.
    let c = structure(
        s,
        &Structure {
            title: "大桥村农户违章彩钢房",
            owner: "大桥村村民",
            location: "大桥区块",
            structure: "steel",
            area: "236",
            urban_rural: "rural",
            ownership: "collective",
            found: d(4, 27),
            assignee: me,
        },
    )
    .mv(d(4, 30), "filed");
    order(c, d(5, 12), 30, "县综执拆字〔2026〕12号")
        .mv_with(
            d(6, 20),
            "warned",
            Some("逾期未拆除,依法催告"),
            &[("warning_until", "2026-06-30")],
        )
        .mv_note(
            d(11, 16),
            "enforcement_decided",
            "复议、诉讼期限届满未申请复议或起诉,作出强制执行决定",
        )
        .mv_with(
            d(11, 16),
            "announced",
            None,
            &[("notice_until", "2026-11-30")],
        );

    // Open.
    structure(
        s,
        &Structure {
            title: "龙板山b地块周边新发现违章简易棚",
            owner: "待查",
            location: "龙板山b地块",
            structure: "shed",
            area: "96",
            urban_rural: "rural",
            ownership: "collective",
            found: d(11, 19),
            assignee: me,
        },
    )
    .note(d(11, 19), NoteType::Other, "巡查发现,已拍照取证", None);

    structure(
        s,
        &Structure {
            title: "勐梭片区给水工程沿线违章围墙",
            owner: "勐梭村村民",
            location: "勐梭片区",
            structure: "brick_concrete",
            area: "64.80",
            urban_rural: "rural",
            ownership: "collective",
            found: d(10, 26),
            assignee: "liu",
        },
    )
    .mv(d(10, 30), "filed");

    let c = structure(
        s,
        &Structure {
            title: "洋浩湖边区块企业违章钢构雨棚",
            owner: "弘聚塑业有限公司",
            location: "洋浩湖边区块",
            structure: "steel",
            area: "210",
            urban_rural: "urban",
            ownership: "state",
            found: d(10, 8),
            assignee: me,
        },
    )
    .mv(d(10, 12), "filed");
    order(c, d(10, 20), 56, "县综执拆字〔2026〕22号");

    // Promised to demolish, past the order's deadline.
    let c = structure(
        s,
        &Structure {
            title: "毛田区块企业违章临时仓库",
            owner: "鸿云科技有限公司",
            location: "毛田区块",
            structure: "steel",
            area: "318",
            urban_rural: "urban",
            ownership: "state",
            found: d(9, 15),
            assignee: "liu",
        },
    )
    .mv(d(9, 18), "filed");
    order(c, d(9, 28), 43, "县综执拆字〔2026〕19号")
        .mv(d(10, 15), "self_demolishing")
        .note(
            d(11, 12),
            NoteType::Call,
            "企业称正在腾退仓库物资,尚未动工拆除",
            None,
        );

    let c = structure(
        s,
        &Structure {
            title: "龙板山区块农户违章砖混房",
            owner: "龙板山村村民",
            location: "龙板山区块",
            structure: "brick_concrete",
            area: "142",
            urban_rural: "rural",
            ownership: "collective",
            found: d(6, 2),
            assignee: "liu",
        },
    )
    .mv(d(6, 5), "filed");
    order(c, d(6, 15), 30, "县综执拆字〔2026〕13号").mv_with(
        d(7, 25),
        "warned",
        Some("逾期未拆除,依法催告"),
        &[("warning_until", "2026-08-04")],
    );

    structure(
        s,
        &Structure {
            title: "大桥区块企业技改项目范围内违章厂房",
            owner: "良泰精锻有限公司",
            location: "大桥区块",
            structure: "steel",
            area: "860",
            urban_rural: "urban",
            ownership: "state",
            found: d(5, 6),
            assignee: "liu",
        },
    )
    .mv(d(5, 8), "filed")
    .mv_note(
        d(6, 3),
        "deferred",
        "企业技改项目审批中,经研究暂缓拆除,待项目批复后一并处理",
    );
}
