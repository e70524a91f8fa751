//! The one write path for cases: a command is checked against the workflow and the actor's role,
//! becomes events, and is committed in one transaction with the updated case and everything
//! derived from it (store/derived.rs).

use chrono::{DateTime, NaiveDate, Utc};
use redb::{ReadableTable, WriteTransaction};

use super::derived::{DerivedTables, Written, bump_version};
use super::users::{access_in, require_supervisor};
use super::{CASES, EVENTS, LocalStore, META, SOURCES, decode, encode};
use crate::ledger::access::{self, Role};
use crate::ledger::calendar::Calendar;
use crate::ledger::clock::today;
use crate::ledger::command::{self, Command, Context};
use crate::ledger::deadline::due;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::{Change, Event};
use crate::ledger::model::{Case, Value};
use crate::ledger::request::{Outcome, Request};
use crate::ledger::schema::Kind;

impl LocalStore {
    /// Apply several commands as `actor` in one transaction: all are committed, or none (the
    /// first error). `when[i]` is the time recorded for command i and the day its deadlines count
    /// from (the demo and imports record work done on earlier days); missing entries mean now.
    pub fn execute_batch(
        &self,
        actor: &str,
        reqs: Vec<Request>,
        when: &[(DateTime<Utc>, NaiveDate)],
    ) -> Result<Vec<Outcome>> {
        let rule_set = self.rule_set()?;
        let now = (Utc::now(), today());
        let clock_today = now.1;
        let action = match reqs.as_slice() {
            [one] => access::describe(&one.command),
            [first, ..] => format!(
                "{} (and {} more in one batch)",
                access::describe(&first.command),
                reqs.len() - 1
            ),
            [] => return Ok(Vec::new()),
        };
        self.guarded(actor, &action, |txn| {
            let role = access_in(txn, actor)?.role(actor)?;
            access::check_batch(role, reqs.len())?;
            let dating = Dating {
                today: clock_today,
                limit: self.backdate_days,
                role,
                actor,
            };
            let mut meta = txn.open_table(META)?;
            let mut t = CaseTables::open(txn)?;
            let mut sources = txn.open_table(SOURCES)?;
            let mut outcomes = Vec::with_capacity(reqs.len());
            for (i, req) in reqs.iter().enumerate() {
                let (now, recorded) = when.get(i).copied().unwrap_or(now);
                // The day it happened: as stated, or for a registration its `opened` field,
                // or the day it is recorded for.
                let opened_field = match &req.command {
                    Command::Create { fields, .. } => opened_of(fields)?,
                    _ => None,
                };
                let stated = req.on.or(opened_field);
                let on = stated.unwrap_or(recorded);
                if let Some(d) = stated {
                    dating.check(d, opened_field.is_some() && req.on.is_none())?;
                }
                // The time of day is known only for a change made now; work recorded for an
                // earlier day is checked by its day alone.
                let time = ((Utc::now() - now).num_minutes().abs() < 10 && on == recorded)
                    .then(|| crate::ledger::clock::local_time(now));
                let ctx = Context {
                    today: on,
                    time,
                    recorded: req.past,
                    rule_set: &rule_set,
                    calendar: &self.calendar,
                };
                if let Command::SharedNote { ids, .. } = &req.command {
                    let out =
                        shared_note(&mut t, &sources, req, ids, &ctx, now, recorded, actor, role)?;
                    outcomes.extend(out);
                    continue;
                }
                let (mut case, changes, first_seq) = match &req.command {
                    Command::Create {
                        kind,
                        title,
                        fields,
                        source,
                    } => {
                        if let Some(src) = source
                            && let Some(existing) = sources.get(src.as_str())?
                        {
                            return Err(LedgerError::Requirement(format!(
                                "{src} was already imported as {}",
                                existing.value()
                            )));
                        }
                        let id = next_id(&mut meta, *kind, on.format("%Y").to_string().as_str())?;
                        let (case, changes) =
                            command::create(id, *kind, title, fields, source.clone(), &ctx, now)?;
                        access::check_changes(actor, role, None, &case, &changes)?;
                        if let Some(src) = source {
                            sources.insert(src.as_str(), case.id.as_str())?;
                        }
                        (case, changes, 1)
                    }
                    cmd => {
                        let id = resolve_target(&sources, cmd.target().unwrap_or_default())?;
                        let mut case: Case = match t.cases.get(id.as_str())? {
                            Some(v) => decode(&id, v.value())?,
                            None => return Err(LedgerError::NotFound(id)),
                        };
                        access::check_case(actor, role, &case)?;
                        // Kept only where roles are checked: the checks compare before and after.
                        let before = role.map(|_| case.clone());
                        if let Some(expect) = req.expect_rev
                            && expect != case.rev
                        {
                            let by = t
                                .events
                                .get((id.as_str(), case.rev))?
                                .and_then(|v| decode::<Event>(&id, v.value()).ok())
                                .map(|e| e.actor)
                                .unwrap_or_else(|| "another officer".into());
                            return Err(LedgerError::Conflict {
                                id,
                                by,
                                had: expect,
                                now: case.rev,
                            });
                        }
                        if req.on.is_some() {
                            t.check_order(&case, on)?;
                        }
                        if let Command::Link { other, .. } = cmd {
                            let other = other.trim().to_uppercase();
                            let mut o: Case = match t.cases.get(other.as_str())? {
                                Some(v) => decode(&other, v.value())?,
                                None => return Err(LedgerError::NotFound(other)),
                            };
                            access::check_case(actor, role, &o)?;
                            // Links go both ways: record it on the other case too.
                            let back = command::apply(
                                &mut o,
                                &Command::Link {
                                    id: other.clone(),
                                    other: id.clone(),
                                },
                                &ctx,
                            )?;
                            if !back.is_empty() {
                                let seq = o.rev + 1;
                                t.commit(
                                    &mut o,
                                    back,
                                    seq,
                                    (now, on),
                                    actor,
                                    &rule_set,
                                    &self.calendar,
                                    recorded,
                                )?;
                            }
                            let cmd = Command::Link {
                                id: id.clone(),
                                other,
                            };
                            let changes = command::apply(&mut case, &cmd, &ctx)?;
                            let seq = case.rev + 1;
                            (case, changes, seq)
                        } else {
                            let changes = command::apply(&mut case, cmd, &ctx)?;
                            access::check_changes(actor, role, before.as_ref(), &case, &changes)?;
                            let seq = case.rev + 1;
                            (case, changes, seq)
                        }
                    }
                };
                // A registration date edited later follows the rule of every stated date.
                for c in &changes {
                    if let Change::Field {
                        field,
                        after: Some(Value::Date(d)),
                        ..
                    } = c
                        && field == "opened"
                        && !matches!(req.command, Command::Create { .. })
                    {
                        dating.check(*d, true)?;
                    }
                }
                if changes.is_empty() {
                    outcomes.push(Outcome {
                        id: case.id.clone(),
                        rev: case.rev,
                        changes,
                    });
                    continue;
                }
                t.commit(
                    &mut case,
                    changes.clone(),
                    first_seq,
                    (now, on),
                    actor,
                    &rule_set,
                    &self.calendar,
                    recorded,
                )?;
                outcomes.push(Outcome {
                    id: case.id.clone(),
                    rev: case.rev,
                    changes,
                });
            }
            bump_version(&mut meta)?;
            Ok(outcomes)
        })
    }

    /// Record that personal data of `ids` was shown in full to `actor` (supervisors only, where
    /// the ledger has users).
    pub fn record_pii_view(&self, actor: &str, ids: &[String], purpose: &str) -> Result<()> {
        let now = Utc::now();
        let rule_set = self.rule_set()?;
        let action = format!("{purpose} {}", ids.join(","));
        self.guarded(actor, &action, |txn| {
            require_supervisor(
                txn,
                actor,
                "seeing personal data in full",
                "leave out --with-pii, or ask a supervisor",
            )?;
            let mut meta = txn.open_table(META)?;
            let mut t = CaseTables::open(txn)?;
            for id in ids {
                let mut case: Case = match t.cases.get(id.as_str())? {
                    Some(v) => decode(id, v.value())?,
                    None => return Err(LedgerError::NotFound(id.clone())),
                };
                let seq = case.rev + 1;
                let change = Change::PiiViewed {
                    purpose: purpose.to_string(),
                };
                t.commit(
                    &mut case,
                    vec![change],
                    seq,
                    (now, today()),
                    actor,
                    &rule_set,
                    &self.calendar,
                    today(),
                )?;
            }
            bump_version(&mut meta)?;
            Ok(())
        })
    }
}

/// The rules a stated date (`--on`, a registration date) must keep.
struct Dating<'a> {
    /// The clock's day.
    today: NaiveDate,
    /// Days back an officer may date a change where roles are in force.
    limit: u32,
    role: Option<Role>,
    actor: &'a str,
}

impl Dating<'_> {
    /// `d` is not in the future, and, where roles are in force, no further back than the limit
    /// unless the actor is a supervisor. `registration`: the date is a case's `opened`.
    fn check(&self, d: NaiveDate, registration: bool) -> Result<()> {
        let (zh, en) = if registration {
            ("登记日期", "the registration date")
        } else {
            ("发生日期", "the day it happened")
        };
        if d > self.today {
            return Err(LedgerError::BadValue {
                what: zh.into(),
                value: d.to_string(),
                hint: format!(
                    "{zh}不能晚于今天 ({en} cannot be later than today, {}): give today or an earlier day",
                    self.today
                ),
            });
        }
        let back = (self.today - d).num_days();
        if back > i64::from(self.limit) {
            access::require(
                self.actor,
                self.role,
                Role::Supervisor,
                &format!(
                    "recording {en} {d}, {back} days back (more than {} days)",
                    self.limit
                ),
                "ask a supervisor to record it",
            )?;
        }
        Ok(())
    }
}

/// The registration date among a new case's fields, if one is given.
fn opened_of(fields: &[(String, String)]) -> Result<Option<NaiveDate>> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| matches!(k.trim(), "opened" | "登记日期"))
        .map(|(_, v)| crate::ledger::units::parse_date(v.trim()))
        .transpose()
}

/// Record one note on several cases: every case is found and may be worked by `actor` before
/// anything is written, and each gets a note event carrying the same note id (the first case's
/// id and the number of its event), by which the figures count the note once.
#[allow(clippy::too_many_arguments)]
fn shared_note(
    t: &mut CaseTables<'_>,
    sources: &redb::Table<&str, &str>,
    req: &Request,
    ids: &[String],
    ctx: &Context,
    now: DateTime<Utc>,
    recorded: NaiveDate,
    actor: &str,
    role: Option<Role>,
) -> Result<Vec<Outcome>> {
    let mut cases: Vec<Case> = Vec::with_capacity(ids.len());
    for raw in ids {
        let id = resolve_target(sources, raw)?;
        if cases.iter().any(|c| c.id == id) {
            continue;
        }
        match t.cases.get(id.as_str())? {
            Some(v) => cases.push(decode(&id, v.value())?),
            None => return Err(LedgerError::NotFound(id)),
        }
    }
    let Some(first) = cases.first() else {
        return Err(LedgerError::Requirement(
            "a note needs the id of at least one case".into(),
        ));
    };
    let note_id = format!("{}#{}", first.id, first.rev + 1);
    let on = ctx.today;
    let mut outcomes = Vec::with_capacity(cases.len());
    for mut case in cases {
        access::check_case(actor, role, &case)?;
        if req.on.is_some() {
            t.check_order(&case, on)?;
        }
        let before = role.map(|_| case.clone());
        let mut changes = command::apply(&mut case, &req.command, ctx)?;
        for c in &mut changes {
            if let Change::Note { shared, .. } = c {
                *shared = Some(note_id.clone());
            }
        }
        access::check_changes(actor, role, before.as_ref(), &case, &changes)?;
        let seq = case.rev + 1;
        t.commit(
            &mut case,
            changes.clone(),
            seq,
            (now, on),
            actor,
            ctx.rule_set,
            ctx.calendar,
            recorded,
        )?;
        outcomes.push(Outcome {
            id: case.id.clone(),
            rev: case.rev,
            changes,
        });
    }
    Ok(outcomes)
}

/// A prefix naming a case by the import reference it was created from (`source:台账.xlsx#信访!12`),
/// so one import batch can create a case and move it along its workflow before its id is known.
pub const SOURCE_PREFIX: &str = "source:";

fn resolve_target(sources: &redb::Table<&str, &str>, raw: &str) -> Result<String> {
    let raw = raw.trim();
    match raw.strip_prefix(SOURCE_PREFIX) {
        Some(src) => match sources.get(src)? {
            Some(id) => Ok(id.value().to_string()),
            None => Err(LedgerError::NotFound(raw.to_string())),
        },
        None => Ok(raw.to_uppercase()),
    }
}

fn next_id(meta: &mut redb::Table<&str, &[u8]>, kind: Kind, year: &str) -> Result<String> {
    let code = &kind.def().code;
    let key = format!("seq/{code}-{year}");
    let n = meta
        .get(key.as_str())?
        .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
        .unwrap_or(0)
        + 1;
    meta.insert(key.as_str(), n.to_le_bytes().as_slice())?;
    Ok(format!("{code}-{year}-{n:04}"))
}

/// The tables a write to a case touches: its record and its history, and the tables derived from
/// them (store/derived.rs), which both ways of writing a case below keep in step with them.
pub(super) struct CaseTables<'t> {
    pub(super) cases: redb::Table<'t, &'static str, &'static [u8]>,
    pub(super) events: redb::Table<'t, (&'static str, u64), &'static [u8]>,
    derived: DerivedTables<'t>,
}

impl<'t> CaseTables<'t> {
    pub(super) fn open(txn: &'t WriteTransaction) -> Result<CaseTables<'t>> {
        Ok(CaseTables {
            cases: txn.open_table(CASES)?,
            events: txn.open_table(EVENTS)?,
            derived: DerivedTables::open(txn)?,
        })
    }

    /// Record `changes` on `case` (already applied to it) as its events from `first_seq`,
    /// recorded at `at.0` and effective on `at.1`, and store the case with its new revision and
    /// due date.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn commit(
        &mut self,
        case: &mut Case,
        changes: Vec<Change>,
        first_seq: u64,
        at: (DateTime<Utc>, NaiveDate),
        actor: &str,
        rule_set: &str,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<()> {
        let (now, on) = at;
        let mut new = Vec::with_capacity(changes.len());
        for (seq, change) in (first_seq..).zip(changes) {
            let ev = Event {
                case: case.id.clone(),
                seq,
                at: now,
                actor: actor.to_string(),
                change,
                on: Some(on),
            };
            self.events
                .insert((case.id.as_str(), seq), encode(&ev)?.as_slice())?;
            new.push(ev);
        }
        case.rev = first_seq + new.len() as u64 - 1;
        case.updated = now;
        case.due = due(case, rule_set, calendar, today).map(|d| d.date);
        let record = encode(case)?;
        self.cases.insert(case.id.as_str(), record.as_slice())?;
        self.derived.keep(case, &record, Written::Appended(&new))
    }

    /// Refuse a change dated `on` that would come before `case`'s registration or before its
    /// latest change: a history reads in the order things happened.
    fn check_order(&self, case: &Case, on: NaiveDate) -> Result<()> {
        if on < case.opened {
            return Err(LedgerError::Requirement(format!(
                "发生日期 {on} 早于登记日期 {}: {} was registered on {}; a change to it cannot have happened earlier",
                case.opened, case.id, case.opened
            )));
        }
        if let Some(v) = self.events.get((case.id.as_str(), case.rev))? {
            let prev: Event = decode(&case.id, v.value())?;
            let last = prev.effective();
            if on < last {
                return Err(LedgerError::Requirement(format!(
                    "发生日期 {on} 早于上一次变更的发生日期 {last}: record the changes of {} in the order they happened (--on {last} or later)",
                    case.id
                )));
            }
        }
        Ok(())
    }

    /// Store a case and its whole history exactly as given (a restore).
    pub(super) fn put_whole(&mut self, case: &Case, history: &[Event]) -> Result<()> {
        let id = case.id.as_str();
        for ev in history {
            self.events.insert((id, ev.seq), encode(ev)?.as_slice())?;
        }
        let record = encode(case)?;
        self.cases.insert(id, record.as_slice())?;
        self.derived.keep(case, &record, Written::Whole(history))
    }
}
