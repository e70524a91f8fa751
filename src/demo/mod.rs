//! The demo ledger and the case generator.
//!
//! `load` fills an empty ledger with the casework behind the seed work summaries (five half-year
//! 工作总结 of industrial-park offices): the 德乐 and 湘顺硅业 disputes, the 联合村 and 竹马村
//! collective petitions, the 勐梭片区第二期征地 households, the holiday and flood-season safety
//! checks, the 三改一拆 demolitions, and enough ordinary cases around them that every kind and
//! every state can be seen. `generate` makes any number of plausible cases from a seed, for
//! benchmarks and for trying the interface on a big ledger.
//!
//! Both go through the ledger's one write path: each case is a `Create` carrying its fields, then
//! moves, notes, assignments and links, committed with `execute_batch_with` so every event carries
//! the day the work was done rather than the day the demo was loaded.

use std::collections::HashMap;

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, TimeDelta, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::ledger::command::Command;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::model::NoteType;
use crate::ledger::schema::Kind;
use crate::ledger::store::{Ledger, Request, Target, today};

// ---------------------------------------------------------------------------------------------
// Plans: a case and what happened to it, written as data, then turned into commands.

#[derive(Debug, Clone)]
enum Step {
    Move {
        to: String,
        note: Option<String>,
        fields: Vec<(String, String)>,
    },
    Note {
        note_type: NoteType,
        text: String,
        people: Option<u32>,
    },
    Assign(String),
    Edit(Vec<(String, String)>),
    /// A link to another case of the same script, by its index there.
    Link(usize),
    Extend {
        days: u32,
        reason: String,
    },
    Pause(String),
    Resume,
}

#[derive(Debug, Clone)]
struct Plan {
    kind: Kind,
    title: String,
    opened: NaiveDate,
    fields: Vec<(String, String)>,
    steps: Vec<(NaiveDate, Step)>,
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The demo's cases, written with a small builder so each reads like a line of the ledger.
#[derive(Default)]
struct Script {
    plans: Vec<Plan>,
}

/// Adds steps to one case of a script; `done()` gives the case's index for links.
struct CaseSteps<'a> {
    script: &'a mut Script,
    i: usize,
}

impl Script {
    fn case(
        &mut self,
        kind: Kind,
        opened: NaiveDate,
        title: &str,
        fields: &[(&str, &str)],
    ) -> CaseSteps<'_> {
        self.plans.push(Plan {
            kind,
            title: title.to_string(),
            opened,
            fields: kv(fields),
            steps: Vec::new(),
        });
        let i = self.plans.len() - 1;
        CaseSteps { script: self, i }
    }

    fn at(&mut self, i: usize) -> CaseSteps<'_> {
        CaseSteps { script: self, i }
    }
}

impl CaseSteps<'_> {
    fn step(self, date: NaiveDate, step: Step) -> Self {
        self.script.plans[self.i].steps.push((date, step));
        self
    }

    fn mv(self, date: NaiveDate, to: &str) -> Self {
        self.step(
            date,
            Step::Move {
                to: to.into(),
                note: None,
                fields: Vec::new(),
            },
        )
    }

    fn mv_note(self, date: NaiveDate, to: &str, note: &str) -> Self {
        self.step(
            date,
            Step::Move {
                to: to.into(),
                note: Some(note.into()),
                fields: Vec::new(),
            },
        )
    }

    fn mv_with(
        self,
        date: NaiveDate,
        to: &str,
        note: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Self {
        self.step(
            date,
            Step::Move {
                to: to.into(),
                note: note.map(String::from),
                fields: kv(fields),
            },
        )
    }

    fn note(self, date: NaiveDate, note_type: NoteType, text: &str, people: Option<u32>) -> Self {
        self.step(
            date,
            Step::Note {
                note_type,
                text: text.into(),
                people,
            },
        )
    }

    fn assign(self, date: NaiveDate, user: &str) -> Self {
        self.step(date, Step::Assign(user.into()))
    }

    fn edit(self, date: NaiveDate, fields: &[(&str, &str)]) -> Self {
        self.step(date, Step::Edit(kv(fields)))
    }

    fn link(self, date: NaiveDate, other: usize) -> Self {
        self.step(date, Step::Link(other))
    }

    fn extend(self, date: NaiveDate, days: u32, reason: &str) -> Self {
        self.step(
            date,
            Step::Extend {
                days,
                reason: reason.into(),
            },
        )
    }

    fn pause(self, date: NaiveDate, reason: &str) -> Self {
        self.step(date, Step::Pause(reason.into()))
    }

    fn resume(self, date: NaiveDate) -> Self {
        self.step(date, Step::Resume)
    }

    fn done(self) -> usize {
        self.i
    }
}

/// When an event happened: from 08:30 in China (UTC+8), the `k`-th thing done that day a little
/// later than the one before, so a day's events read in order.
fn stamp(date: NaiveDate, k: u32) -> DateTime<Utc> {
    // A busy generated day runs into the evening rather than wrapping round to the morning, so
    // time never goes backwards within a day.
    let secs = (8 * 3600 + 30 * 60 + u64::from(k) * 29).min(86_399) as u32;
    let t = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or(NaiveTime::MIN);
    (date.and_time(t) - TimeDelta::hours(8)).and_utc()
}

/// Counts what has been done each day, for `stamp`.
#[derive(Default)]
struct Clock {
    per_day: HashMap<NaiveDate, u32>,
}

impl Clock {
    fn when(&mut self, date: NaiveDate) -> (DateTime<Utc>, NaiveDate) {
        let k = self.per_day.entry(date).or_insert(0);
        *k += 1;
        (stamp(date, *k), date)
    }
}

fn step_command(step: &Step, id: &str, date: NaiveDate, ids: &[String]) -> Result<Command> {
    let id = id.to_string();
    Ok(match step {
        Step::Move { to, note, fields } => Command::Move {
            id,
            to: to.clone(),
            note: note.clone(),
            fields: fields.clone(),
        },
        Step::Note {
            note_type,
            text,
            people,
        } => Command::Note {
            id,
            note_type: *note_type,
            text: text.clone(),
            people: *people,
            date: Some(date),
        },
        Step::Assign(user) => Command::Assign {
            id,
            user: Some(user.clone()),
        },
        Step::Edit(fields) => Command::Edit {
            id,
            fields: fields.clone(),
        },
        Step::Link(j) => {
            let other = ids.get(*j).cloned().ok_or_else(|| {
                LedgerError::Requirement(format!(
                    "demo case {id} links to case #{j}, which the script does not have"
                ))
            })?;
            Command::Link { id, other }
        }
        Step::Extend { days, reason } => Command::Extend {
            id,
            days: *days,
            reason: reason.clone(),
        },
        Step::Pause(reason) => Command::Pause {
            id,
            reason: reason.clone(),
        },
        Step::Resume => Command::Resume { id },
    })
}

/// In what order the steps of a batch of cases are committed.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    /// All steps by date: every history, links included, reads in time order.
    ByDate,
    /// Case by case in id order, the order of the ledger's keys, so a transaction appends to a few
    /// pages instead of touching many (a sixth less time for the generator). A link then lands in
    /// the other case's history after that case's own later steps.
    ByCase,
}

/// Commit `plans`: the creations in one transaction (ids are handed out there, in order of the
/// day each case was opened), then everything that happened to them in transactions of at most
/// `chunk` commands, each case's steps in order of date. Returns the number of cases made.
fn commit(
    ledger: &Ledger,
    plans: &[Plan],
    clock: &mut Clock,
    chunk: usize,
    order_by: Order,
) -> Result<usize> {
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|&i| plans[i].opened);
    let mut creates = Vec::with_capacity(plans.len());
    let mut times = Vec::with_capacity(plans.len());
    for &i in &order {
        let p = &plans[i];
        creates.push(Request::from(Command::Create {
            kind: p.kind,
            title: p.title.clone(),
            fields: p.fields.clone(),
            source: None,
        }));
        times.push(clock.when(p.opened));
    }
    let fallback = (Utc::now(), today());
    let out = ledger.execute_batch_with(creates, |i| times.get(i).copied().unwrap_or(fallback))?;
    let mut ids = vec![String::new(); plans.len()];
    for (&i, o) in order.iter().zip(out) {
        ids[i] = o.id;
    }
    // A case's own steps keep their written order on the same day (the sorts are stable).
    let mut steps: Vec<(NaiveDate, usize, usize)> = Vec::new();
    let mut by_id: Vec<usize> = (0..plans.len()).collect();
    by_id.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    for i in by_id {
        let p = &plans[i];
        let mut own: Vec<usize> = (0..p.steps.len()).collect();
        own.sort_by_key(|&s| p.steps[s].0);
        let mut last = p.opened;
        for s in own {
            let date = p.steps[s].0.max(last);
            last = date;
            steps.push((date, i, s));
        }
    }
    if order_by == Order::ByDate {
        steps.sort_by_key(|&(d, _, _)| d);
    }
    for part in steps.chunks(chunk.max(1)) {
        let mut reqs = Vec::with_capacity(part.len());
        let mut times = Vec::with_capacity(part.len());
        for &(date, i, s) in part {
            reqs.push(Request::from(step_command(
                &plans[i].steps[s].1,
                &ids[i],
                date,
                &ids,
            )?));
            times.push(clock.when(date));
        }
        ledger.execute_batch_with(reqs, |i| times.get(i).copied().unwrap_or(fallback))?;
    }
    Ok(plans.len())
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Only called with the demo's own constant dates, every one a real day (the tests load them).
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A day of 2026, the year the demo's half-year figures are about.
fn d(m: u32, day: u32) -> NaiveDate {
    ymd(2026, m, day)
}

fn y25(m: u32, day: u32) -> NaiveDate {
    ymd(2025, m, day)
}

// ---------------------------------------------------------------------------------------------
// The demo ledger.

/// Fill an empty ledger with the demo cases; refuses a ledger that already holds cases, so the
/// demo is never mixed into real work or loaded twice.
pub fn load(ledger: &Ledger) -> Result<usize> {
    let n = ledger.count()?;
    if n > 0 {
        return Err(LedgerError::Requirement(format!(
            "the ledger {} is not empty ({n} cases): the demo loads only into a new ledger; give a new file with --db, e.g. --db /tmp/demo/ledger.redb",
            ledger.path().display()
        )));
    }
    let script = demo_script(ledger.actor());
    let made = commit(
        ledger,
        &script.plans,
        &mut Clock::default(),
        usize::MAX,
        Order::ByDate,
    )?;
    ledger.set_target(&Target {
        kind: Kind::Demolition,
        measure: "area_demolished_m2".into(),
        year: 2026,
        guaranteed: Decimal::from(4000),
        stretch: Some(Decimal::from(4800)),
    })?;
    Ok(made)
}

/// What the demo aims at for 2026-H1, as the seed's summary states it ("今年以来共参与协调事件
/// 30余件、协调次数50余次,涉及600余人次,企业满意率100%"; "已累计拆除违章建筑4816平方米 …
/// 其中国有资产范围内拆除1503平方米"; "完成建设用地报批54.8375亩,剩余245.5925亩未完成农转用").
///
/// Tally, counted as the half-year report counts (report/mod.rs): matters are petitions and labour
/// disputes handled in the period; rounds are their visit / coordination / meeting notes dated in
/// it; person-times are those notes' people plus the `person_times` (the petitioners' own visits)
/// of petitions opened in it.
///   matters: 19 petitions (草尼马, 青杠组, 水田返还, one refused, one diverted, the 2025 second
///     review still open in January, 13 small ones) + 16 labour disputes (德乐, 湘顺, 龙威, 绿润源,
///     12 small ones) = 35                                                         → "30余件"
///   rounds:  草尼马 6, 青杠组 6, 德乐 2, 湘顺 3, 水田返还 1, 龙威 1, 绿润源 1, small 16 + 16 = 52
///                                                                                 → "50余次"
///   person-times: notes 60 + 81 + 7 + 12 + 9 + 3 + 9 + 73 + 80 = 334; petitioners' visits 草尼马
///     153 + 41 + 32 = 226, 青杠组 18 + 38 = 56, small visits 27, the diverted one 2 = 311;
///     334 + 311 = 645                                                              → "600余人次"
/// Land holdouts have coordination notes in H1 too (3 notes, 13 people); reports leave them out
/// of these figures. Every petition closed in the demo is closed as satisfied (满意率100%).
/// Demolition in 2026-H1: 4816 m² (强园建材 2524, 惠同/海强/碧岩 477, four others 1815), of it
///   1503 m² on state-owned land; outside H1 more is demolished so the figures depend on dates.
/// Land, 勐梭片区第二期征地: 413.0799 亩 surveyed and published; approved 54.8375 亩, awaiting
///   conversion 245.5925 亩.
/// Hazards: six inspections and one fire drill in 2026-H1.
pub const H1_MATTERS: usize = 35;
pub const H1_ROUNDS: usize = 52;
pub const H1_PERSON_TIMES: u64 = 645;

const PROJECT2: &str = "勐梭片区第二期征地";
const PROJECT1: &str = "勐梭片区第一期征地";
const STANDARD_DISPUTE_NOTE: &str = "要求参照东城区标准对水田15%返还";

fn demo_script(me: &str) -> Script {
    let mut s = Script::default();
    labour(&mut s, me);
    let holdout = land(&mut s, me);
    petitions(&mut s, me, holdout);
    small_h1_cases(&mut s);
    hazards(&mut s, me);
    demolitions(&mut s, me);
    s
}

fn labour(s: &mut Script, me: &str) {
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

/// Areas in ten-thousandths of a 亩, so the sums are exact by construction.
struct Household {
    head: &'static str,
    area: i64,
    land_type: &'static str,
}

const fn hh(head: &'static str, area: i64, land_type: &'static str) -> Household {
    Household {
        head,
        area,
        land_type,
    }
}

/// Households whose land was approved for construction use (报批): 54.8375 亩 in all.
const APPROVED: [Household; 5] = [
    hh("岩嘎", 123450, "paddy"),
    hh("叶娜", 98765, "dry"),
    hh("岩所", 112040, "paddy"),
    hh("艾块", 135120, "dry"),
    hh("娜倩", 79000, "forest"),
];

/// Signed households whose land still awaits conversion (农转用): 245.5925 亩 in all.
const AWAITING: [Household; 20] = [
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
const PENDING: [Household; 14] = [
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
fn unit_price(land_type: &str) -> i64 {
    match land_type {
        "paddy" => 42000,
        "dry" => 28500,
        "forest" => 12600,
        "homestead" => 56000,
        _ => 20000,
    }
}

fn mu_of(area: i64) -> Decimal {
    Decimal::new(area, 4)
}

fn compensation(area: i64, land_type: &str) -> Decimal {
    (mu_of(area) * Decimal::from(unit_price(land_type)))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn money_text(d: Decimal) -> String {
    let mut d = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d.to_string()
}

fn land_fields(
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
fn land(s: &mut Script, me: &str) -> usize {
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
                s.at(c)
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
                        &[("decision_no", "县政征补决〔2026〕3号")],
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

fn petitions(s: &mut Script, me: &str, holdout: usize) {
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
struct Small {
    kind: Kind,
    opened: (u32, u32),
    title: &'static str,
    fields: &'static [(&'static str, &'static str)],
    notes: &'static [((u32, u32), NoteType, u32, &'static str)],
    closed: (u32, u32),
    assignee: &'static str,
}

#[rustfmt::skip]
const SMALL: &[Small] = &[
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

fn small_h1_cases(s: &mut Script) {
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

/// Safety checks of 2026-H1 (篇二: "在元旦、春节、清明、端午等重大节日对园区企业进行安全督查及
/// 食品安全检查,上半年共计开展安全检查工作6次,参加1次消防应急演练 … 按照汛期安全生产工作要求").
const INSPECTIONS_H1: [(&str, (u32, u32)); 6] = [
    ("2026年元旦节后复工安全检查", (1, 5)),
    ("2026年春节节前安全督查", (2, 10)),
    ("2026年清明节安全检查", (4, 1)),
    ("2026年汛期安全检查", (5, 20)),
    ("2026年安全生产月专项检查", (6, 10)),
    ("2026年端午节前安全及食品安全检查", (6, 16)),
];

/// An inspection as reports count it: a note whose text is exactly the inspection's name (the name
/// the hazards it found carry), with what it covered in a remark beside it.
fn inspection_notes<'s>(
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

struct HazardSpec<'a> {
    company: &'a str,
    industry: &'a str,
    title: &'a str,
    grade: &'a str,
    inspection: &'a str,
    found: NaiveDate,
    assignee: &'a str,
}

fn hazard<'s>(s: &'s mut Script, h: &HazardSpec) -> CaseSteps<'s> {
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

fn hazards(s: &mut Script, me: &str) {
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

struct Structure<'a> {
    title: &'a str,
    owner: &'a str,
    location: &'a str,
    structure: &'a str,
    area: &'a str,
    urban_rural: &'a str,
    ownership: &'a str,
    found: NaiveDate,
    assignee: &'a str,
}

fn structure<'s>(s: &'s mut Script, st: &Structure) -> CaseSteps<'s> {
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

fn order<'s>(c: CaseSteps<'s>, served: NaiveDate, days: u64, no: &str) -> CaseSteps<'s> {
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

fn demolished<'s>(c: CaseSteps<'s>, date: NaiveDate, area: &str, method: &str) -> CaseSteps<'s> {
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

fn demolitions(s: &mut Script, me: &str) {
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
        .mv_note(y25(11, 20), "warned", "逾期未自行拆除,依法催告")
        .mv_note(
            d(4, 20),
            "enforcement_decided",
            "复议、诉讼期限届满未申请复议或起诉,作出强制执行决定并公告",
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
        .mv_note(d(6, 10), "warned", "逾期未拆除,依法催告")
        .mv_note(
            d(11, 2),
            "enforcement_decided",
            "复议、诉讼期限届满,作出强制执行决定并公告",
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

    // Enforcement decided; the appeal windows (served + 6 months) have just run out.
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
        .mv_note(d(6, 20), "warned", "逾期未拆除,依法催告")
        .mv_note(
            d(11, 16),
            "enforcement_decided",
            "复议、诉讼期限届满未申请复议或起诉,作出强制执行决定并公告",
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
    order(c, d(6, 15), 30, "县综执拆字〔2026〕13号").mv_note(
        d(7, 25),
        "warned",
        "逾期未拆除,依法催告",
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

// ---------------------------------------------------------------------------------------------
// The generator.

/// Cases generated and committed per round: their creations in one transaction, what happened to
/// them in transactions of at most `STEP_CHUNK` commands (short transactions let other officers'
/// processes write in between).
const CASE_CHUNK: usize = 1000;
const STEP_CHUNK: usize = 5000;

/// Make `n` plausible cases across all kinds and states, the same ones for the same seed, opened
/// between 2025-01-01 and today.
pub fn generate(ledger: &Ledger, n: usize, seed: u64) -> Result<usize> {
    generate_until(ledger, n, seed, today())
}

fn generate_until(ledger: &Ledger, n: usize, seed: u64, end: NaiveDate) -> Result<usize> {
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

const COMPANIES: &[&str] = &[
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
const INDUSTRIES: &[&str] = &[
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
const VILLAGES: &[&str] = &[
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
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "岩", "叶", "艾", "娜",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "红梅", "国华", "玉兰", "永福", "金凤", "德明", "桂芳", "块", "嘎",
    "所", "门", "倩", "拉",
];
const ISSUES: &[&str] = &[
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
const HAZARDS: &[&str] = &[
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
const PLACES: &[&str] = &[
    "大桥区块",
    "洋浩湖边区块",
    "龙板山区块",
    "毛田区块",
    "石材园区",
    "勐梭片区",
    "娜妥坝片区",
    "云峰街道",
];
const PROJECTS: &[&str] = &[
    "勐梭片区第三期征地",
    "娜妥坝片区征地",
    "龙板山b地块征地",
    "毛田区块征地",
];
const OFFICERS: &[&str] = &["wang", "li", "zhang", "chen", "liu"];

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

fn person(rng: &mut ChaCha8Rng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    let prefix = pick(rng, &["139", "138", "158", "187", "151", "182"]);
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}

fn yuan(amount: i64) -> String {
    format!("{amount}.00")
}

/// One generated case: fields drawn to fit its kind, then a walk along the workflow's transitions
/// that stops when its dates reach `end`, so recent cases tend to be open and old ones closed.
fn gen_case(
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
fn weight(kind: Kind, to: &str, major: bool) -> u32 {
    match (kind, to) {
        (Kind::Petition, "refused" | "diverted") => 1,
        (Kind::Petition, "accepted" | "in_progress") => 25,
        (Kind::Petition, "review" | "recheck") => 4,
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
        (Kind::Demolition, "warned") => 6,
        (Kind::Demolition, "enforcement_decided") => 10,
        (Kind::Demolition, "filed") => 8,
        _ => 10,
    }
}

fn note_for(rng: &mut ChaCha8Rng, kind: Kind) -> (NoteType, &'static str, Option<u32>) {
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

fn move_note(kind: Kind, to: &str) -> &'static str {
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
fn dwell(kind: Kind, state: &str) -> (u64, u64) {
    match (kind, state) {
        (Kind::Petition, "registered" | "accepted") => (1, 15),
        (Kind::Petition, "in_progress") => (10, 70),
        (Kind::Petition, _) => (5, 35),
        (Kind::Labour, "registered" | "mediation_failed") => (1, 15),
        (Kind::Labour, "mediating" | "settled" | "awarded") => (3, 25),
        (Kind::Labour, "arbitration") => (20, 60),
        (Kind::Labour, "litigation") => (60, 240),
        (Kind::Labour, _) => (20, 150),
        (Kind::Land, "published") => (30, 45),
        (Kind::Land, "holdout") => (30, 150),
        (Kind::Land, "decided") => (150, 220),
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
fn stall(kind: Kind, state: &str) -> f64 {
    match (kind, state) {
        (Kind::Petition, "review_answered" | "recheck_answered") => 0.2,
        (Kind::Petition, "review") => 0.12,
        (Kind::Petition, "recheck") => 0.25,
        (Kind::Labour, "litigation" | "enforcing") => 0.2,
        (Kind::Land, "holdout" | "decided") => 0.2,
        (Kind::Hazard, "escalated") => 0.1,
        (Kind::Demolition, "warned" | "enforced" | "deferred" | "self_demolishing") => 0.15,
        (Kind::Demolition, "enforcement_decided") => 0.3,
        _ => 0.01,
    }
}

#[allow(clippy::too_many_arguments)]
fn walk(
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
        // Enforcement waits for the appeal windows (行政复议法 art 20, 行政诉讼法 art 46).
        if to == "enforced"
            && let Some(s) = served
        {
            let after = s + Months::new(6) + Days::new(1);
            if after > date {
                date = after;
            }
            if date > end {
                break;
            }
        }
        let Some(tr) = def.transition(&state, to) else {
            break;
        };
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
        // Whatever else the transition requires and the case lacks (kinds.toml may grow).
        for r in &tr.requires {
            if !have.iter().any(|k| k == r) {
                set(r, "待补".into(), &mut have);
            }
        }
        let note = if tr.note {
            Some(move_note(kind, to).to_string())
        } else {
            None
        };
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::ledger::event::{Change, Event};
    use crate::ledger::model::Case;
    use crate::ledger::units::{m2, mu};
    use crate::ledger::{Calendar, Value};

    fn ledger(dir: &tempfile::TempDir) -> Ledger {
        Ledger::open(&dir.path().join("l.redb"), Calendar::none()).unwrap()
    }

    fn loaded() -> (tempfile::TempDir, Ledger) {
        let dir = tempfile::tempdir().unwrap();
        let l = ledger(&dir);
        let n = load(&l).unwrap();
        assert!(n > 100, "the demo has {n} cases");
        assert_eq!(l.count().unwrap(), n as u64);
        (dir, l)
    }

    fn h1(date: NaiveDate) -> bool {
        (d(1, 1)..=d(6, 30)).contains(&date)
    }

    fn sum(cases: &[Case], field: &str, keep: impl Fn(&Case) -> bool) -> Decimal {
        cases.iter().filter(|c| keep(c)).map(|c| c.dec(field)).sum()
    }

    #[test]
    fn demo_loads_cleanly_and_refuses_a_second_load() {
        let (_dir, l) = loaded();
        assert_eq!(l.check().unwrap(), Vec::<String>::new());
        let n = l.count().unwrap();
        let err = load(&l).unwrap_err().to_string();
        assert!(err.contains("not empty") && err.contains("--db"), "{err}");
        assert_eq!(l.count().unwrap(), n, "a refused load adds nothing");
        let t = l.targets().unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(
            (t[0].guaranteed, t[0].stretch),
            (Decimal::from(4000), Some(Decimal::from(4800)))
        );
    }

    #[test]
    fn demo_shows_every_kind_in_every_state_with_history() {
        let (_dir, l) = loaded();
        let cases = l.cases().unwrap();
        let seen: BTreeSet<(Kind, String)> =
            cases.iter().map(|c| (c.kind, c.state.clone())).collect();
        for kind in Kind::ALL {
            for st in &kind.def().states {
                assert!(
                    seen.contains(&(kind, st.key.clone())),
                    "no {kind} case in state {}",
                    st.key
                );
            }
        }
        let me = l.actor().to_string();
        assert!(
            cases
                .iter()
                .any(|c| c.assignee.as_deref() == Some(me.as_str()) && c.is_open()),
            "nothing open for {me}"
        );
        for officer in OFFICERS {
            assert!(
                cases.iter().any(|c| c.assignee.as_deref() == Some(officer)),
                "nothing for {officer}"
            );
        }
        // Events carry the days the work was done, in 2025 and 2026, never after today.
        let events = l.all_events().unwrap();
        assert!(
            events
                .iter()
                .all(|e| e.at.date_naive() >= y25(1, 1) && e.at.date_naive() <= d(11, 25))
        );
        assert!(
            events
                .iter()
                .filter(|e| e.at.date_naive() < d(1, 1))
                .count()
                > 10
        );
        let moves = events
            .iter()
            .filter(|e| matches!(e.change, Change::State { .. }))
            .count();
        let assigns = events
            .iter()
            .filter(|e| {
                matches!(
                    e.change,
                    Change::Assigned {
                        before: Some(_),
                        ..
                    }
                )
            })
            .count();
        assert!(
            moves > 200 && assigns >= 5,
            "{moves} moves, {assigns} reassignments"
        );
        // Some things are overdue today; links go both ways.
        let rule_set = l.rule_set().unwrap();
        let overdue: Vec<&str> = cases
            .iter()
            .filter(|c| {
                l.due(c, &rule_set, d(11, 25))
                    .is_some_and(|x| x.overdue(d(11, 25)))
            })
            .map(|c| c.kind.key())
            .collect();
        for kind in ["petition", "labour", "hazard", "demolition"] {
            assert!(overdue.contains(&kind), "no overdue {kind}: {overdue:?}");
        }
        let linked: Vec<&Case> = cases.iter().filter(|c| !c.links.is_empty()).collect();
        assert!(
            linked.iter().any(|c| c.kind == Kind::Petition)
                && linked.iter().any(|c| c.kind == Kind::Land)
        );
    }

    #[test]
    fn demolition_figures_of_the_half_year_are_exact() {
        let (_dir, l) = loaded();
        let cases: Vec<Case> = l
            .cases()
            .unwrap()
            .into_iter()
            .filter(|c| c.kind == Kind::Demolition)
            .collect();
        let in_h1 = |c: &Case| c.date("completed").is_some_and(h1);
        let total = sum(&cases, "area_demolished_m2", in_h1);
        assert_eq!(m2(total), "4816");
        let state = sum(&cases, "area_demolished_m2", |c| {
            in_h1(c) && c.text("land_ownership") == Some("state")
        });
        assert_eq!(m2(state), "1503");
        let qiangyuan = sum(&cases, "area_demolished_m2", |c| {
            in_h1(c) && c.title.contains("强园建材") && c.text("method") == Some("self")
        });
        assert_eq!(qiangyuan, Decimal::from(2524));
        let three = sum(&cases, "area_demolished_m2", |c| {
            in_h1(c)
                && ["惠同纸业", "海强工贸", "碧岩竹炭"]
                    .iter()
                    .any(|n| c.title.contains(n))
                && c.text("method") == Some("self")
        });
        assert_eq!(three, Decimal::from(477));
        // Those are all the self-demolitions the summary names: 2524 + 477.
        let by_self = sum(&cases, "area_demolished_m2", |c| {
            in_h1(c) && c.text("method") == Some("self")
        });
        assert_eq!(by_self, Decimal::from(3001));
        // Demolition outside the half-year exists, so the figure depends on the dates.
        assert!(sum(&cases, "area_demolished_m2", |c| !in_h1(c)) > Decimal::ZERO);
        // Every demolished area was recorded with the move that demolished it.
        for c in cases
            .iter()
            .filter(|c| matches!(c.state.as_str(), "demolished" | "enforced" | "verified"))
        {
            assert!(
                c.field("area_demolished_m2").is_some() && c.field("method").is_some(),
                "{}",
                c.id
            );
        }
        let target = Target {
            kind: Kind::Demolition,
            measure: "area_demolished_m2".into(),
            year: 2026,
            guaranteed: Decimal::from(4000),
            stretch: Some(Decimal::from(4800)),
        };
        assert_eq!(l.targets().unwrap(), vec![target]);
        assert!(
            total >= Decimal::from(4800),
            "the stretch target is met, as the seed says"
        );
    }

    #[test]
    fn land_figures_are_exact() {
        let (_dir, l) = loaded();
        let cases: Vec<Case> = l
            .cases()
            .unwrap()
            .into_iter()
            .filter(|c| c.kind == Kind::Land)
            .collect();
        let approved = sum(&cases, "area_mu", |c| {
            c.field("approved") == Some(&Value::Bool(true))
        });
        let awaiting = sum(&cases, "area_mu", |c| {
            c.field("approved") == Some(&Value::Bool(false))
        });
        assert_eq!(mu(approved), "54.8375");
        assert_eq!(mu(awaiting), "245.5925");
        assert_eq!(mu(approved + awaiting), "300.4300");
        let phase2 = sum(&cases, "area_mu", |c| c.text("project") == Some(PROJECT2));
        assert_eq!(mu(phase2), "413.0799", "400余亩 surveyed and published");
        // The three holdout reasons the seed names, each with its story.
        let reason = |r: &str| {
            cases
                .iter()
                .filter(|c| c.state == "holdout" && c.text("holdout_reason") == Some(r))
                .collect::<Vec<_>>()
        };
        let standard = reason("standard_dispute");
        assert!(
            !standard.is_empty()
                && standard
                    .iter()
                    .all(|c| c.text("policy_note") == Some(STANDARD_DISPUTE_NOTE))
        );
        assert!(
            reason("refuses_payment")
                .iter()
                .any(|c| c.text("project") == Some(PROJECT1))
        );
        assert_eq!(reason("boundary_dispute").len(), 2);
        // Paid means paid in full, to the fen.
        for c in cases
            .iter()
            .filter(|c| matches!(c.state.as_str(), "paid" | "handed_over"))
        {
            assert_eq!(
                c.dec("compensation_paid"),
                c.dec("compensation_due"),
                "{}",
                c.id
            );
            assert_eq!(
                c.dec("compensation_due"),
                (c.dec("area_mu") * c.dec("unit_price")).round_dp(2),
                "{}",
                c.id
            );
        }
        assert!(cases.iter().filter(|c| c.field("phone").is_some()).count() >= 5);
    }

    /// The coordination figures as the half-year report defines them (report/mod.rs): petitions
    /// and labour disputes handled in the period (registered by its end, and touched in it or
    /// open before it), coordination notes dated in it, and person-times = those notes' people +
    /// the `person_times` of petitions opened in it.
    fn coordination_h1(l: &Ledger) -> (usize, usize, u64) {
        let events = l.all_events().unwrap();
        let mut by_case: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
        for e in &events {
            by_case.entry(e.case.as_str()).or_default().push(e);
        }
        let (mut matters, mut rounds, mut people) = (0, 0, 0u64);
        for c in l.cases().unwrap() {
            if !matches!(c.kind, Kind::Petition | Kind::Labour) {
                continue;
            }
            let evs = by_case.get(c.id.as_str()).cloned().unwrap_or_default();
            let mut touched = false;
            let mut state_2025 = None;
            for e in &evs {
                match &e.change {
                    Change::Note {
                        note_type,
                        people: p,
                        date,
                        ..
                    } => {
                        touched |= h1(*date);
                        if note_type.is_coordination() && h1(*date) {
                            rounds += 1;
                            people += u64::from(p.unwrap_or(0));
                        }
                    }
                    Change::PiiViewed { .. } => {}
                    _ => touched |= h1(e.at.date_naive()),
                }
                if e.at.date_naive() < d(1, 1) {
                    match &e.change {
                        Change::Created { state, .. } => state_2025 = Some(state.clone()),
                        Change::State { to, .. } => state_2025 = Some(to.clone()),
                        _ => {}
                    }
                }
            }
            let open_before = state_2025.is_some_and(|s| !c.kind.def().is_terminal(&s));
            if c.opened <= d(6, 30) && (touched || open_before) {
                matters += 1;
            }
            if c.kind == Kind::Petition && h1(c.opened) {
                people += c.int("person_times") as u64;
            }
        }
        (matters, rounds, people)
    }

    #[test]
    fn coordination_figures_read_like_the_summary() {
        let (_dir, l) = loaded();
        let (matters, rounds, people) = coordination_h1(&l);
        assert_eq!(
            (matters, rounds, people),
            (H1_MATTERS, H1_ROUNDS, H1_PERSON_TIMES)
        );
        assert!((30..40).contains(&matters), "30余件");
        assert!((50..60).contains(&rounds), "50余次");
        assert!((600..700).contains(&people), "600余人次");
        // 企业满意率100%: every closed petition closed as satisfied.
        let all = l.cases().unwrap();
        let closed: Vec<&Case> = all
            .iter()
            .filter(|c| c.kind == Kind::Petition && c.state == "closed")
            .collect();
        assert!(closed.len() > 10);
        assert!(
            closed
                .iter()
                .all(|c| c.text("satisfaction") == Some("satisfied"))
        );
        // The two collective petitions the seed names, stabilised.
        let find = |t: &str| all.iter().find(|c| c.title.contains(t)).unwrap();
        let lianhe = find("草尼马");
        assert!(
            lianhe.flag("collective")
                && (150..160).contains(&lianhe.int("people"))
                && lianhe.int("batches") >= 3
        );
        assert!(lianhe.int("person_times") > lianhe.int("people"));
        let zhuma = find("青杠组");
        assert!(
            (80..90).contains(&zhuma.int("households"))
                && (380..390).contains(&zhuma.int("people"))
        );
        for c in [lianhe, zhuma] {
            assert_eq!(c.state, "closed");
            assert!(c.tags.iter().any(|t| t == "稳控"));
            // Each batch's visitors were added to person-times as they came.
            let raised = l
                .history(&c.id)
                .unwrap()
                .iter()
                .filter(
                    |e| matches!(&e.change, Change::Field { field, .. } if field == "person_times"),
                )
                .count();
            assert!(
                raised >= 2,
                "{}: person-times recorded once per batch",
                c.title
            );
        }
        assert_eq!(lianhe.int("person_times"), 153 + 41 + 32);
        let dele = find("德乐");
        assert_eq!(
            (dele.state.as_str(), dele.dec("amount_recovered")),
            ("closed", Decimal::from(18600))
        );
        assert_eq!(find("乌几莫").state, "closed");
        let arb = all
            .iter()
            .filter(|c| c.kind == Kind::Labour && c.state == "arbitration")
            .collect::<Vec<_>>();
        assert!(!arb.is_empty() && arb.iter().all(|c| c.text("arbitration_no").is_some()));
    }

    #[test]
    fn inspections_and_drill_of_the_half_year() {
        let (_dir, l) = loaded();
        let mut inspections = BTreeMap::new();
        let mut drills = 0;
        for e in l.all_events().unwrap() {
            if let Change::Note {
                note_type,
                date,
                text,
                ..
            } = &e.change
                && h1(*date)
            {
                match note_type {
                    NoteType::Inspection => *inspections.entry(text.clone()).or_insert(0) += 1,
                    NoteType::Drill => drills += 1,
                    _ => {}
                }
            }
        }
        let names: BTreeSet<String> = INSPECTIONS_H1.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            inspections.keys().cloned().collect::<BTreeSet<_>>(),
            names,
            "安全检查6次"
        );
        assert!(
            inspections.values().all(|&n| n == 1),
            "each inspection noted once: {inspections:?}"
        );
        // A report counts notes plus hazards' inspection names no note names: still six.
        assert_eq!(drills, 1, "参加1次消防应急演练");
        let hazards: Vec<Case> = l
            .cases()
            .unwrap()
            .into_iter()
            .filter(|c| c.kind == Kind::Hazard)
            .collect();
        let found_h1: BTreeSet<&str> = hazards
            .iter()
            .filter(|c| h1(c.opened))
            .filter_map(|c| c.text("inspection"))
            .collect();
        assert_eq!(found_h1.len(), 6);
        let major_escalated = hazards.iter().any(|c| {
            c.text("grade") == Some("major") && c.state == "escalated" && c.flag("supervised")
        });
        assert!(major_escalated);
        let overdue_rectifying = hazards
            .iter()
            .filter(|c| {
                c.state == "rectifying" && c.date("rectify_by").is_some_and(|day| day < d(11, 25))
            })
            .count();
        assert!(overdue_rectifying >= 2);
    }

    fn generated(seed: u64, n: usize) -> (tempfile::TempDir, Ledger) {
        let dir = tempfile::tempdir().unwrap();
        let l = ledger(&dir);
        assert_eq!(generate_until(&l, n, seed, d(11, 25)).unwrap(), n);
        (dir, l)
    }

    #[test]
    fn generated_cases_are_valid_with_history_and_deterministic() {
        let (_d1, a) = generated(7, 2000);
        assert_eq!(a.count().unwrap(), 2000);
        assert_eq!(a.check().unwrap(), Vec::<String>::new());
        let mut per_case: BTreeMap<String, usize> = BTreeMap::new();
        for e in a.all_events().unwrap() {
            *per_case.entry(e.case).or_default() += 1;
            assert!(e.at.date_naive() >= y25(1, 1) && e.at.date_naive() <= d(11, 25));
        }
        assert_eq!(per_case.len(), 2000);
        assert!(
            per_case.values().all(|&n| n >= 3),
            "a case with fewer than 3 events"
        );
        let cases = a.cases().unwrap();
        let mut seen: BTreeMap<(Kind, String), usize> = BTreeMap::new();
        for c in &cases {
            *seen.entry((c.kind, c.state.clone())).or_default() += 1;
        }
        let missing: Vec<String> = Kind::ALL
            .iter()
            .flat_map(|k| k.def().states.iter().map(move |s| (*k, s.key.clone())))
            .filter(|ks| !seen.contains_key(ks))
            .map(|(k, s)| format!("{k}/{s}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no generated case in {missing:?}; seen {seen:?}"
        );
        let kinds = |k: Kind| cases.iter().filter(|c| c.kind == k).count();
        assert!(
            kinds(Kind::Hazard) > kinds(Kind::Land)
                && kinds(Kind::Petition) > kinds(Kind::Demolition)
        );
        let open = cases.iter().filter(|c| c.is_open()).count();
        assert!(open > 200 && open < 1000, "{open} of 2000 open");

        let (_d2, b) = generated(7, 300);
        let (_d3, c) = generated(7, 300);
        let (_d4, other) = generated(8, 300);
        let view = |l: &Ledger| {
            l.cases()
                .unwrap()
                .into_iter()
                .map(|c| (c.id, c.title, c.state, c.rev))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&b), view(&c));
        assert_ne!(view(&b), view(&other));
        // Generated cases go beside the demo without disturbing it.
        assert!(load(&b).unwrap_err().to_string().contains("not empty"));
    }

    #[test]
    fn generate_adds_to_the_demo_and_keeps_it_valid() {
        let (_dir, l) = loaded();
        let before = l.count().unwrap();
        generate_until(&l, 200, 3, d(11, 25)).unwrap();
        assert_eq!(l.count().unwrap(), before + 200);
        assert_eq!(l.check().unwrap(), Vec::<String>::new());
    }
}
