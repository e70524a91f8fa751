//! The one write path for cases: a command is checked against the workflow and the actor's role,
//! becomes events, and is committed in one transaction with the updated case and everything
//! derived from it (store/derived.rs).

use chrono::{DateTime, NaiveDate, Utc};
use redb::{ReadableTable, WriteTransaction};

use super::derived::{DerivedTables, Written, bump_version};
use super::users::{access_in, require_supervisor};
use super::{CASES, EVENTS, LocalStore, META, SOURCES, decode, encode};
use crate::ledger::access;
use crate::ledger::calendar::Calendar;
use crate::ledger::clock::today;
use crate::ledger::command::{self, Command, Context};
use crate::ledger::deadline::due;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::{Change, Event};
use crate::ledger::model::Case;
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
            let mut meta = txn.open_table(META)?;
            let mut t = CaseTables::open(txn)?;
            let mut sources = txn.open_table(SOURCES)?;
            let mut outcomes = Vec::with_capacity(reqs.len());
            for (i, req) in reqs.iter().enumerate() {
                let (now, today) = when.get(i).copied().unwrap_or(now);
                let ctx = Context {
                    today,
                    rule_set: &rule_set,
                    calendar: &self.calendar,
                };
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
                        let id =
                            next_id(&mut meta, *kind, today.format("%Y").to_string().as_str())?;
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
                                    now,
                                    actor,
                                    &rule_set,
                                    &self.calendar,
                                    today,
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
                    now,
                    actor,
                    &rule_set,
                    &self.calendar,
                    today,
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
                    now,
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

    /// Record `changes` on `case` (already applied to it) as its events from `first_seq`, and
    /// store the case with its new revision and due date.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn commit(
        &mut self,
        case: &mut Case,
        changes: Vec<Change>,
        first_seq: u64,
        now: DateTime<Utc>,
        actor: &str,
        rule_set: &str,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<()> {
        let mut new = Vec::with_capacity(changes.len());
        for (seq, change) in (first_seq..).zip(changes) {
            let ev = Event {
                case: case.id.clone(),
                seq,
                at: now,
                actor: actor.to_string(),
                change,
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
