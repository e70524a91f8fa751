//! The case generator (`taizhang demo --generate N --seed S`): any number of plausible cases
//! from a seed, for benchmarks and for trying the interface on a big ledger.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::land::{compensation, money_text, mu_of, unit_price};
use super::*;
use crate::ledger::command::{self, Context};
use crate::ledger::deadline::rule_due;

/// Cases generated and committed per round: their creations in one transaction, what happened to
/// them in transactions of at most `STEP_CHUNK` commands (short transactions let other officers'
/// processes write in between).
pub(super) const CASE_CHUNK: usize = 1000;
pub(super) const STEP_CHUNK: usize = 5000;

/// Make `n` plausible cases across all kinds and states, the same ones for the same seed, opened
/// between 2025-01-01 and today.
pub fn generate(ledger: &Ledger, n: usize, seed: u64) -> Result<usize> {
    generate_until(ledger, n, seed, today())
}

pub(super) fn generate_until(
    ledger: &Ledger,
    n: usize,
    seed: u64,
    end: NaiveDate,
) -> Result<usize> {
    let start = ymd(2025, 1, 1);
    if end < start {
        return Err(LedgerError::Requirement(format!(
            "generated cases are dated from {start} to today, but today is {end}: set the system clock"
        )));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let span = (end - start).num_days() as u64;
    // Opening days first, sorted, so ids count up with the dates as in a real ledger.
    let mut opened: Vec<NaiveDate> = (0..n)
        .map(|_| start + Days::new(rng.random_range(0..=span)))
        .collect();
    opened.sort();
    let me = ledger.actor().to_string();
    let mut clock = Clock::default();
    let mut made = 0;
    for days in opened.chunks(CASE_CHUNK) {
        let mut plans: Vec<Plan> = Vec::with_capacity(days.len());
        for &day in days {
            let plan = gen_case(&mut rng, day, end, &me, plans.len());
            plans.push(plan);
        }
        made += commit(ledger, &plans, &mut clock, STEP_CHUNK, Order::ByCase)?;
    }
    Ok(made)
}

pub(super) const COMPANIES: &[&str] = &[
    "金泰氯碱",
    "冀东水泥",
    "龙威混凝土",
    "昌裕糖业",
    "世全木业",
    "绿源天然气",
    "长庆天然气",
    "瑞龙商砼",
    "云佑酒业",
    "阿佤香食品",
    "腾飞大理石",
    "德凯盛农业",
    "绿润源农业",
    "强园建材",
    "惠同纸业",
    "海强工贸",
    "碧岩竹炭",
    "兴昌纸业",
    "星宇旅游用品",
    "鸿浩科技",
    "弘聚塑业",
    "维康竹炭",
    "良泰精锻",
    "德乐公司",
    "湘顺硅业",
    "新恒金属",
    "新宏钢制品",
    "一洲铜业",
    "鸿云科技",
    "宝莱材料",
];
pub(super) const INDUSTRIES: &[&str] = &[
    "化工",
    "建材",
    "食品制造",
    "木材加工",
    "燃气",
    "冶金",
    "造纸",
    "机械加工",
    "石材加工",
];
pub(super) const VILLAGES: &[&str] = &[
    "联合村",
    "竹马村",
    "岳宋村",
    "勐梭村",
    "娜妥村",
    "勐卡村",
    "毛田村",
    "大桥村",
    "洋浩村",
    "龙板山村",
    "云峰村",
    "城郊村",
];
pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "岩", "叶", "艾", "娜",
];
pub(super) const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "红梅", "国华", "玉兰", "永福", "金凤", "德明", "桂芳", "块", "嘎",
    "所", "门", "倩", "拉",
];
pub(super) const ISSUES: &[&str] = &[
    "生产粉尘污染",
    "夜间噪声扰民",
    "运输车辆扬尘",
    "废水外排",
    "异味扰民",
    "占地补偿未兑现",
    "运输车辆损坏村道",
    "施工阻断灌溉渠",
    "饮水水源受影响",
    "爆破震裂房屋",
    "货车占道停放",
];
pub(super) const HAZARDS: &[&str] = &[
    "配电箱未可靠接地",
    "消防通道堵塞",
    "灭火器过期未更换",
    "有限空间作业未审批",
    "安全出口标识缺失",
    "压力表超期未检",
    "除尘系统未设泄爆装置",
    "叉车司机无证作业",
    "危化品仓库通风不良",
    "高处平台护栏缺失",
    "应急照明失效",
    "燃气管道老化",
    "特种设备未定期检验",
    "电缆沟积水",
    "安全警示标志缺失",
];
pub(super) const PLACES: &[&str] = &[
    "大桥区块",
    "洋浩湖边区块",
    "龙板山区块",
    "毛田区块",
    "石材园区",
    "勐梭片区",
    "娜妥坝片区",
    "云峰街道",
];
pub(super) const PROJECTS: &[&str] = &[
    "勐梭片区第三期征地",
    "娜妥坝片区征地",
    "龙板山b地块征地",
    "毛田区块征地",
];
pub(super) const OFFICERS: &[&str] = &["wang", "li", "zhang", "chen", "liu"];

pub(super) fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

pub(super) fn person(rng: &mut ChaCha8Rng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

pub(super) fn phone(rng: &mut ChaCha8Rng) -> String {
    let prefix = pick(rng, &["139", "138", "158", "187", "151", "182"]);
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}

pub(super) fn yuan(amount: i64) -> String {
    format!("{amount}.00")
}

/// One generated case: fields drawn to fit its kind, then a walk along the workflow's transitions
/// that stops when its dates reach `end`, so recent cases tend to be open and old ones closed.
pub(super) fn gen_case(
    rng: &mut ChaCha8Rng,
    opened: NaiveDate,
    end: NaiveDate,
    me: &str,
    index: usize,
) -> Plan {
    let kind = match rng.random_range(0..100) {
        0..28 => Kind::Petition,
        28..46 => Kind::Labour,
        46..58 => Kind::Land,
        58..88 => Kind::Hazard,
        _ => Kind::Demolition,
    };
    let mut f: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| f.push((k.to_string(), v));
    let company = pick(rng, COMPANIES);
    let mut major = false;
    let mut area_m2 = 0i64;
    let mut due_paid = String::new();
    let title = match kind {
        Kind::Petition => {
            let village = pick(rng, VILLAGES);
            let people: u32 = if rng.random_bool(0.2) {
                rng.random_range(5..=200)
            } else {
                rng.random_range(1..=4)
            };
            put(
                "channel",
                pick(rng, &["letter", "visit", "online", "call", "hotline"]).into(),
            );
            put(
                "category",
                pick(rng, &["suggestion", "complaint", "appeal", "appeal"]).into(),
            );
            put("petitioners", person(rng));
            put("people", people.to_string());
            put("batches", "1".into());
            put("person_times", people.to_string());
            if people >= 5 {
                put("collective", "yes".into());
            }
            if rng.random_bool(0.3) {
                put("phone", phone(rng));
            }
            let issue = pick(rng, ISSUES);
            put("demands", format!("要求解决{company}{issue}问题"));
            put("responsible_unit", "园区管委会".into());
            if people >= 5 {
                format!("{village}{people}人反映{company}{issue}")
            } else {
                format!("{village}村民反映{company}{issue}")
            }
        }
        Kind::Labour => {
            let subtype = pick(
                rng,
                &["wage", "wage", "wage", "injury", "contract", "insurance"],
            );
            let workers: i64 = if subtype == "injury" {
                1
            } else {
                rng.random_range(1..=30)
            };
            put("subtype", subtype.into());
            put("employer", format!("{company}有限公司"));
            put("workers", workers.to_string());
            put(
                "amount_claimed",
                yuan(workers * rng.random_range(2_000..=15_000)),
            );
            if rng.random_bool(0.4) {
                put("phone", phone(rng));
            }
            match subtype {
                "wage" => {
                    put("months_in_arrears", rng.random_range(1..=8).to_string());
                    format!("{company}拖欠{workers}名职工工资")
                }
                "injury" => {
                    let who = format!("{}**", pick(rng, SURNAMES));
                    put("party", who.clone());
                    put(
                        "injury_date",
                        (opened - Days::new(rng.random_range(10..=200))).to_string(),
                    );
                    format!("{company}职工{who}工伤待遇纠纷")
                }
                "contract" => format!("{company}解除劳动合同经济补偿纠纷"),
                _ => format!("{company}未依法缴纳社会保险纠纷"),
            }
        }
        Kind::Land => {
            let project = pick(rng, PROJECTS);
            let head = person(rng);
            let land_type = pick(
                rng,
                &["paddy", "dry", "dry", "forest", "homestead", "other"],
            );
            let area = rng.random_range(5_000..=200_000i64);
            put("project", project.into());
            put("parcel", format!("P{:05}", rng.random_range(1..100_000)));
            put("household_head", head.clone());
            put("household_size", rng.random_range(1..=9).to_string());
            put("land_type", land_type.into());
            // The project's pre-notice came before the survey (土地管理法实施条例 art 26).
            put("pre_notice_date", (opened - Days::new(20)).to_string());
            put("area_mu", mu_of(area).to_string());
            put("unit_price", yuan(unit_price(land_type)));
            due_paid = money_text(compensation(area, land_type));
            put("compensation_due", due_paid.clone());
            if rng.random_bool(0.35) {
                put("phone", phone(rng));
            }
            format!("{project} {head}户")
        }
        Kind::Hazard => {
            major = rng.random_bool(0.08);
            put("company", company.into());
            put("industry", pick(rng, INDUSTRIES).into());
            put("grade", if major { "major" } else { "general" }.into());
            put(
                "inspection",
                format!(
                    "{}年{}",
                    opened.format("%Y"),
                    pick(
                        rng,
                        &["节前安全检查", "汛期安全检查", "专项安全检查", "日常巡查"]
                    )
                ),
            );
            put(
                "found_by",
                pick(rng, &["安全检查", "企业自查上报", "群众举报", "日常巡查"]).into(),
            );
            put("inspector", person(rng));
            put("basis", "安全生产法第四十一条".into());
            format!("{company}{}", pick(rng, HAZARDS))
        }
        Kind::Demolition => {
            let place = pick(rng, PLACES);
            area_m2 = rng.random_range(2_000..=150_000);
            let structure = pick(rng, &["brick_concrete", "steel", "shed", "other"]);
            let urban = rng.random_bool(0.6);
            put(
                "owner",
                if rng.random_bool(0.6) {
                    format!("{company}有限公司")
                } else {
                    format!("{}村民", pick(rng, VILLAGES))
                },
            );
            put("structure", structure.into());
            put("area_m2", Decimal::new(area_m2, 2).to_string());
            put("urban_rural", if urban { "urban" } else { "rural" }.into());
            put(
                "land_ownership",
                if urban && rng.random_bool(0.7) {
                    "state"
                } else {
                    "collective"
                }
                .into(),
            );
            let what = match structure {
                "brick_concrete" => "违章砖混房",
                "steel" => "违章钢构棚",
                "shed" => "违章简易棚",
                _ => "违章搭建物",
            };
            format!("{place}{what}")
        }
    };
    let priority = match rng.random_range(0..100) {
        0..10 => "low",
        10..75 => "normal",
        75..93 => "high",
        _ => "urgent",
    };
    put("priority", priority.into());
    let assignee = if rng.random_bool(0.15) {
        me.to_string()
    } else {
        pick(rng, OFFICERS).to_string()
    };
    if rng.random_bool(0.9) {
        put("assignee", assignee);
    }
    let mut plan = Plan {
        kind,
        title,
        opened,
        fields: f,
        steps: Vec::new(),
    };
    walk(rng, &mut plan, end, me, index, major, area_m2, &due_paid);
    plan
}

/// How likely the walk takes `to` from where it is: the main line of each workflow is common, the
/// side roads (refusals, reviews, arbitration, holdouts, escalation, enforcement) rarer.
pub(super) fn weight(kind: Kind, to: &str, major: bool) -> u32 {
    match (kind, to) {
        (Kind::Petition, "refused" | "diverted") => 1,
        (Kind::Petition, "accepted" | "in_progress") => 25,
        (Kind::Petition, "review" | "recheck") => 4,
        (Kind::Petition, "transferred") => 3,
        (Kind::Labour, "arbitration_applied" | "inspection" | "set_aside") => 2,
        (Kind::Labour, "recognition") => 4,
        (Kind::Labour, "appraisal" | "reappraisal") => 20,
        (Kind::Land, "court_applied") => 20,
        (Kind::Demolition, "court_warned") => 6,
        (Kind::Labour, "mediation_failed") => 3,
        (Kind::Labour, "litigation") => 2,
        (Kind::Land, "holdout") => 2,
        (Kind::Land, "decided") => 3,
        (Kind::Hazard, "escalated") => {
            if major {
                20
            } else {
                1
            }
        }
        (Kind::Hazard, "rectifying") => 4,
        (Kind::Demolition, "deferred") => 1,
        (Kind::Demolition, "warned") => 10,
        (Kind::Demolition, "enforcement_decided") => 10,
        (Kind::Demolition, "filed") => 8,
        _ => 10,
    }
}

pub(super) fn note_for(rng: &mut ChaCha8Rng, kind: Kind) -> (NoteType, &'static str, Option<u32>) {
    let (t, text) = match kind {
        Kind::Petition => *[
            (NoteType::Visit, "接待来访群众,登记诉求"),
            (NoteType::Visit, "入户走访,了解诉求"),
            (NoteType::Coordination, "召集相关部门与企业协调"),
            (NoteType::Meeting, "约谈企业负责人"),
            (NoteType::Call, "电话回访信访人"),
            (NoteType::Other, "整理信访材料,报包案领导"),
        ]
        .get(rng.random_range(0..6))
        .unwrap_or(&(NoteType::Other, "跟进")),
        Kind::Labour => *[
            (NoteType::Coordination, "组织劳资双方协调"),
            (NoteType::Meeting, "约谈企业法定代表人"),
            (NoteType::Call, "电话催促企业支付"),
            (NoteType::Visit, "到企业核对考勤和工资表"),
        ]
        .get(rng.random_range(0..4))
        .unwrap_or(&(NoteType::Other, "跟进")),
        Kind::Land => *[
            (NoteType::Visit, "入户协商补偿事宜"),
            (NoteType::Call, "电话通知核对面积"),
            (NoteType::Coordination, "会同乡镇、村组协调"),
            (NoteType::Other, "复核地上附着物清单"),
        ]
        .get(rng.random_range(0..4))
        .unwrap_or(&(NoteType::Other, "跟进")),
        Kind::Hazard => *[
            (NoteType::Visit, "到企业现场查看整改进度"),
            (NoteType::Call, "电话督促企业按期整改"),
            (NoteType::Other, "企业报送整改方案"),
        ]
        .get(rng.random_range(0..3))
        .unwrap_or(&(NoteType::Other, "跟进")),
        Kind::Demolition => *[
            (NoteType::Visit, "上门宣传政策,动员自行拆除"),
            (NoteType::Call, "电话督促拆除进度"),
            (NoteType::Other, "现场拍照取证"),
        ]
        .get(rng.random_range(0..3))
        .unwrap_or(&(NoteType::Other, "跟进")),
    };
    let people = if t.is_coordination() {
        Some(rng.random_range(1..=12))
    } else {
        None
    };
    (t, text, people)
}

pub(super) fn move_note(kind: Kind, to: &str) -> &'static str {
    match (kind, to) {
        (Kind::Petition, "refused") => "不属于信访事项受理范围,告知通过其他途径解决",
        (Kind::Petition, "diverted") => "属法定途径解决事项,已引导依法申请",
        (Kind::Petition, "answered") => "书面答复处理意见",
        (Kind::Petition, "review_answered") => "复查意见:维持原答复",
        (Kind::Petition, "recheck_answered") => "复核意见:维持原处理意见",
        (Kind::Labour, "settled") => "双方达成调解协议",
        (Kind::Labour, "mediation_failed") => "双方分歧较大,调解不成",
        (Kind::Labour, "awarded") => "仲裁委作出裁决",
        (Kind::Labour, "closed") => "协议履行完毕,结案",
        (Kind::Land, "negotiating") => "农户同意重新协商",
        (Kind::Hazard, "escalated") => "报县应急管理局挂牌督办",
        (Kind::Hazard, "rectifying") => "复查发现问题反弹,重新整改",
        (Kind::Demolition, "warned") => "逾期未拆除,依法催告",
        (Kind::Demolition, "enforcement_decided") => "期限届满未申请复议或起诉,作出强制执行决定",
        (Kind::Demolition, "deferred") => "涉及项目审批,经研究暂缓拆除",
        (Kind::Demolition, "filed") => "暂缓情形消除,恢复办理",
        _ => "按程序办理",
    }
}

/// How many days a case usually stays in a state before its next move: short for registration
/// steps, long for courts, appeal windows and negotiations. A case whose next move would fall
/// after today stays where it is, so the open cases of a generated ledger sit where real ones do.
pub(super) fn dwell(kind: Kind, state: &str) -> (u64, u64) {
    match (kind, state) {
        (Kind::Petition, "registered" | "accepted") => (1, 15),
        (Kind::Petition, "in_progress") => (10, 70),
        // The petitioner's 30 days to ask for a review (信访工作条例 arts 35-36).
        (Kind::Petition, "answered" | "review_answered") => (3, 28),
        (Kind::Petition, _) => (5, 35),
        (Kind::Labour, "registered" | "mediation_failed") => (1, 15),
        (Kind::Labour, "mediating" | "settled") => (3, 25),
        // The party's windows: 15 days to sue an award or ask for re-appraisal.
        (Kind::Labour, "awarded") => (3, 20),
        (Kind::Labour, "appraised") => (2, 12),
        (Kind::Labour, "arbitration") => (20, 60),
        (Kind::Labour, "litigation") => (60, 240),
        (Kind::Labour, _) => (20, 150),
        (Kind::Land, "published") => (30, 45),
        (Kind::Land, "holdout") => (30, 150),
        // Court enforcement only after the review and suit windows (6 months), within 3 more.
        (Kind::Land, "decided") => (185, 260),
        (Kind::Land, _) => (10, 60),
        (Kind::Hazard, "found" | "notified" | "recheck") => (1, 10),
        (Kind::Hazard, "closed") => (30, 120),
        (Kind::Hazard, _) => (7, 50),
        (Kind::Demolition, "deferred") => (60, 180),
        (Kind::Demolition, "enforced") => (15, 120),
        (Kind::Demolition, "demolished") => (10, 60),
        (Kind::Demolition, "self_demolishing") => (15, 90),
        (Kind::Demolition, _) => (5, 45),
    }
}

/// How likely a case stays for good in a state: some stall anywhere (an employer who cannot be
/// found, a file in a drawer), more where real ledgers pile up: reviews, courts, holdouts,
/// enforcement waiting for its windows.
pub(super) fn stall(kind: Kind, state: &str) -> f64 {
    match (kind, state) {
        (Kind::Petition, "review_answered" | "recheck_answered") => 0.2,
        (Kind::Petition, "review") => 0.12,
        (Kind::Petition, "recheck") => 0.25,
        (Kind::Labour, "litigation" | "enforcing") => 0.2,
        (Kind::Labour, "mediation_failed") => 0.15,
        (Kind::Land, "holdout" | "decided") => 0.2,
        (Kind::Hazard, "escalated") => 0.1,
        (Kind::Demolition, "warned" | "enforced" | "deferred" | "self_demolishing") => 0.15,
        (Kind::Demolition, "enforcement_decided" | "announced") => 0.3,
        (Kind::Demolition, "court_applied") => 0.5,
        (Kind::Labour, "set_aside" | "reappraisal" | "recognised" | "appraisal" | "appraised") => {
            0.3
        }
        (Kind::Demolition, "court_warned") => 0.2,
        (Kind::Land, "court_applied") => 0.3,
        _ => 0.01,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn walk(
    rng: &mut ChaCha8Rng,
    plan: &mut Plan,
    end: NaiveDate,
    me: &str,
    index: usize,
    major: bool,
    area_m2: i64,
    due_paid: &str,
) {
    let kind = plan.kind;
    let def = kind.def();
    let mut state = def.initial.clone();
    let mut date = plan.opened;
    let mut served: Option<NaiveDate> = None;
    let mut have: Vec<String> = plan.fields.iter().map(|(k, _)| k.clone()).collect();
    // The case as the ledger will hold it, followed move by move, so each move keeps the clocks
    // (kinds.toml `wait`, `within`, `daytime`) as the write path will check them.
    let cal = crate::ledger::calendar::Calendar::none();
    let ctx = |today| Context {
        today,
        time: None,
        recorded: false,
        rule_set: crate::ledger::schema::DEFAULT_RULE_SET,
        calendar: &cal,
    };
    let Ok((mut case, _)) = command::create(
        String::new(),
        kind,
        &plan.title,
        &plan.fields,
        None,
        &ctx(plan.opened),
        stamp(plan.opened, 0),
    ) else {
        return;
    };
    for _ in 0..16 {
        // A terminal state ends the walk, except the rare reopening (a review of a closed
        // petition, a hazard that came back).
        if def.is_terminal(&state) && !rng.random_bool(0.03) {
            break;
        }
        let (lo, hi) = dwell(kind, &state);
        let gap = rng.random_range(lo..=hi);
        // What was done while the case sat in this state: notes, now and then a reassignment
        // or a link to a related case.
        for _ in 0..rng.random_range(0..=2) {
            let day = date + Days::new(rng.random_range(0..=gap));
            if day > end {
                continue;
            }
            let (t, text, people) = note_for(rng, kind);
            plan.steps.push((
                day,
                Step::Note {
                    note_type: t,
                    text: text.into(),
                    people,
                },
            ));
        }
        if rng.random_bool(0.04) {
            let day = date + Days::new(rng.random_range(0..=gap));
            if day <= end {
                let user = if rng.random_bool(0.3) {
                    me.to_string()
                } else {
                    pick(rng, OFFICERS).to_string()
                };
                plan.steps.push((day, Step::Assign(user)));
            }
        }
        if index > 0 && rng.random_bool(0.005) {
            plan.steps
                .push((date, Step::Link(rng.random_range(0..index))));
        }
        date = date + Days::new(gap);
        if date > end || rng.random_bool(stall(kind, &state)) {
            break;
        }
        let next: Vec<&str> = def
            .next_states(&state)
            .into_iter()
            .map(|s| s.key.as_str())
            .filter(|to| !(kind == Kind::Hazard && major && *to == "closed"))
            .collect();
        let total: u32 = next.iter().map(|to| weight(kind, to, major)).sum();
        if total == 0 {
            break;
        }
        let mut r = rng.random_range(0..total);
        let mut to = next[0];
        for cand in &next {
            let w = weight(kind, cand, major);
            if r < w {
                to = cand;
                break;
            }
            r -= w;
        }
        let Some(tr) = def.transition(&state, to) else {
            break;
        };
        // A move waits for its waiting periods (enforcement for the appeal windows, 行政复议法
        // art 20, 行政诉讼法 art 46; land for its publication), enforcement for a working day
        // (行政强制法 art 43); a party's step after its window is not taken.
        for w in &tr.wait {
            if let Some(d) = rule_due(&case, w, ctx(date).rule_set, &cal, date) {
                let after = d.allowed_after().unwrap_or(d.date);
                if date <= after {
                    date = after + Days::new(1);
                }
            }
        }
        if tr.daytime {
            while !cal.is_working_day(date) {
                date = date + Days::new(1);
            }
        }
        if date > end
            || tr.within.iter().any(|w| {
                rule_due(&case, w, ctx(date).rule_set, &cal, date).is_some_and(|d| date > d.date)
            })
        {
            break;
        }
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut set = |k: &str, v: String, have: &mut Vec<String>| {
            have.push(k.to_string());
            fields.push((k.to_string(), v));
        };
        match (kind, to) {
            (Kind::Petition, "closed") => {
                let s = match rng.random_range(0..100) {
                    0..80 => "satisfied",
                    80..95 => "basically",
                    _ => "dissatisfied",
                };
                set("satisfaction", s.into(), &mut have);
            }
            (Kind::Labour, "arbitration") if !have.iter().any(|k| k == "arbitration_no") => {
                set(
                    "arbitration_no",
                    format!(
                        "县劳人仲案〔{}〕{}号",
                        date.format("%Y"),
                        rng.random_range(1..400)
                    ),
                    &mut have,
                );
            }
            (Kind::Labour, "closed") => {
                set(
                    "amount_recovered",
                    yuan(rng.random_range(1_000..=60_000)),
                    &mut have,
                );
            }
            (Kind::Land, "holdout") => {
                let reason = pick(
                    rng,
                    &[
                        "refuses_to_sign",
                        "refuses_payment",
                        "boundary_dispute",
                        "standard_dispute",
                        "other",
                    ],
                );
                set("holdout_reason", reason.into(), &mut have);
                if reason == "standard_dispute" {
                    set("policy_note", STANDARD_DISPUTE_NOTE.into(), &mut have);
                }
            }
            (Kind::Land, "decided") if !have.iter().any(|k| k == "decision_no") => {
                set(
                    "decision_no",
                    format!(
                        "县政征补决〔{}〕{}号",
                        date.format("%Y"),
                        rng.random_range(1..99)
                    ),
                    &mut have,
                );
            }
            (Kind::Land, "paid") => set("compensation_paid", due_paid.to_string(), &mut have),
            (Kind::Land, "handed_over") => set(
                "approved",
                if rng.random_bool(0.5) { "yes" } else { "no" }.into(),
                &mut have,
            ),
            (Kind::Hazard, "notified") => {
                set(
                    "rectify_by",
                    (date + Days::new(rng.random_range(7..=60))).to_string(),
                    &mut have,
                );
                set("responsible", person(rng), &mut have);
            }
            (Kind::Hazard, "escalated") => {
                set("supervised", "yes".into(), &mut have);
                if !have.iter().any(|k| k == "rectify_by") {
                    set(
                        "rectify_by",
                        (date + Days::new(rng.random_range(30..=120))).to_string(),
                        &mut have,
                    );
                }
            }
            (Kind::Hazard, "closed") => set("recheck_date", date.to_string(), &mut have),
            (Kind::Demolition, "ordered") if served.is_none() => {
                served = Some(date);
                set(
                    "order_no",
                    format!(
                        "县综执拆字〔{}〕{}号",
                        date.format("%Y"),
                        rng.random_range(1..300)
                    ),
                    &mut have,
                );
                set("served", date.to_string(), &mut have);
                set(
                    "deadline",
                    (date + Days::new(rng.random_range(15..=60))).to_string(),
                    &mut have,
                );
            }
            (Kind::Demolition, "demolished" | "enforced") => {
                let part = if rng.random_bool(0.1) {
                    area_m2 * rng.random_range(30..=90) / 100
                } else {
                    area_m2
                };
                set(
                    "area_demolished_m2",
                    Decimal::new(part, 2).to_string(),
                    &mut have,
                );
                let method = if to == "enforced" {
                    "enforced"
                } else if rng.random_bool(0.7) {
                    "self"
                } else {
                    "applied"
                };
                set("method", method.into(), &mut have);
                set("completed", date.to_string(), &mut have);
            }
            _ => {}
        }
        // Whatever else the transition requires and the case lacks (kinds.toml may grow): a
        // date is the day of the move (a period a notice sets runs on from it; a pre-notice
        // came weeks before), anything else a placeholder.
        for r in &tr.requires {
            if !have.iter().any(|k| k == r) {
                let value = match def.field(r).map(|f| f.ty) {
                    Some(crate::ledger::schema::FieldType::Date) if r.ends_with("_until") => {
                        (date + Days::new(rng.random_range(10..=30))).to_string()
                    }
                    Some(crate::ledger::schema::FieldType::Date) if r == "pre_notice_date" => {
                        (date - Days::new(rng.random_range(20..=40))).to_string()
                    }
                    Some(crate::ledger::schema::FieldType::Date) => date.to_string(),
                    _ => "待补".into(),
                };
                set(r, value, &mut have);
            }
        }
        let note = if tr.note {
            Some(move_note(kind, to).to_string())
        } else {
            None
        };
        let cmd = Command::Move {
            id: String::new(),
            to: to.to_string(),
            note: note.clone(),
            fields: fields.clone(),
            urgent: None,
        };
        if command::apply(&mut case, &cmd, &ctx(date)).is_err() {
            break;
        }
        plan.steps.push((
            date,
            Step::Move {
                to: to.to_string(),
                note,
                fields,
            },
        ));
        state = to.to_string();
    }
}
