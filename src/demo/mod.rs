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

mod clocks;
mod demolitions;
mod generate;
mod hazards;
mod labour;
mod land;
mod petitions;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::ledger::api::Ledger;
use crate::ledger::clock::today;
use crate::ledger::command::Command;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::model::NoteType;
use crate::ledger::request::Request;
use crate::ledger::schema::Kind;
use crate::ledger::target::Target;

use demolitions::demolitions;
pub use generate::generate;
use hazards::hazards;
use labour::labour;
use land::land;
use petitions::{petitions, small_h1_cases};

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
            urgent: None,
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
    clocks::clocks(&mut s, me);
    s
}
