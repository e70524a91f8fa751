//! What makes a case's history its own: numbered from 1 without gaps, starting with its creation,
//! moving only along its kind's workflow to the state the case is in, in time order, and never
//! dated after it was written. `check` walks the file's histories with [`Walk`]; a restore or a
//! JSON Lines import refuses a history [`verify`] finds wrong, so a file cannot bring in a
//! history the program itself could not have written.

use chrono::{DateTime, Duration, Utc};

use super::event::{Change, Event};
use super::model::Case;
use super::schema::Kind;

/// How far a clock may run ahead of the importing machine's before an event counts as dated in
/// the future (two machines' clocks are never exactly together).
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// One history, walked event by event; each step says what is wrong with it, if anything.
pub struct Walk<'a> {
    id: &'a str,
    kind: Kind,
    state: Option<String>,
    expected: u64,
    last_at: Option<DateTime<Utc>>,
}

impl<'a> Walk<'a> {
    pub fn new(id: &'a str, kind: Kind) -> Walk<'a> {
        Walk {
            id,
            kind,
            state: None,
            expected: 1,
            last_at: None,
        }
    }

    /// The next event, numbered `seq`; its problems are pushed to `problems`.
    pub fn step(&mut self, seq: u64, change: &Change, problems: &mut Vec<String>) {
        let id = self.id;
        if seq != self.expected {
            problems.push(format!(
                "{id}: history event {} missing (found {seq})",
                self.expected
            ));
        }
        self.expected = seq + 1;
        match change {
            Change::Created { kind, state, .. } => {
                if seq != 1 {
                    problems.push(format!("{id}#{seq}: created again"));
                } else if *kind != self.kind {
                    problems.push(format!("{id}#{seq}: created as {kind}, not {}", self.kind));
                }
                self.state = Some(state.clone());
            }
            _ if seq == 1 => problems.push(format!(
                "{id}: the history does not start with the case's creation"
            )),
            Change::State { from, to, .. } => {
                if self.state.as_deref() != Some(from.as_str()) {
                    problems.push(format!(
                        "{id}#{seq}: moved from {from} but history had it in {}",
                        self.state.as_deref().unwrap_or("no state")
                    ));
                } else if self.kind.def().transition(from, to).is_none() {
                    problems.push(format!(
                        "{id}#{seq}: {from} → {to} is not an allowed transition"
                    ));
                }
                self.state = Some(to.clone());
            }
            _ => {}
        }
    }

    /// An event numbered `seq` that could not be read (reported by the reader): counted, so the
    /// ones after it are not reported missing.
    pub fn unreadable(&mut self, seq: u64, problems: &mut Vec<String>) {
        if seq != self.expected {
            problems.push(format!(
                "{}: history event {} missing (found {seq})",
                self.id, self.expected
            ));
        }
        self.expected = seq + 1;
    }

    /// The event's recording time, in order after the one before it and not after `now`.
    pub fn dated(
        &mut self,
        seq: u64,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        problems: &mut Vec<String>,
    ) {
        let id = self.id;
        if self.last_at.is_some_and(|last| at < last) {
            problems.push(format!(
                "{id}#{seq}: dated {} before the event it follows",
                at.format("%Y-%m-%d %H:%M")
            ));
        }
        if at > now + CLOCK_SKEW {
            problems.push(format!(
                "{id}#{seq}: dated {}, after it was written",
                at.format("%Y-%m-%d %H:%M")
            ));
        }
        self.last_at = Some(at);
    }

    /// The end of the history: its length is the case's revision and it leads to the case's state.
    pub fn end(self, case: &Case, problems: &mut Vec<String>) {
        let id = self.id;
        if self.expected - 1 != case.rev {
            problems.push(format!(
                "{id}: revision {} but {} history events",
                case.rev,
                self.expected - 1
            ));
        }
        if self.state.as_deref() != Some(case.state.as_str()) {
            problems.push(format!(
                "{id}: state {} is not where its history leads ({})",
                case.state,
                self.state.as_deref().unwrap_or("nothing")
            ));
        }
    }
}

/// Everything wrong with `history` as the history of `case`, written no later than `now`.
pub fn verify(case: &Case, history: &[Event], now: DateTime<Utc>) -> Vec<String> {
    let mut problems = Vec::new();
    if case.id.trim().is_empty() || case.id != case.id.trim().to_uppercase() {
        problems.push(format!(
            "the id {:?} is not an upper-case case id such as XF-2026-0001",
            case.id
        ));
        return problems;
    }
    if case.kind.def().state(&case.state).is_none() {
        problems.push(format!(
            "{}: {} has no state {}",
            case.id, case.kind, case.state
        ));
    }
    let mut walk = Walk::new(&case.id, case.kind);
    for ev in history {
        if ev.case != case.id {
            problems.push(format!("{}: holds an event of {}", case.id, ev.case));
        }
        walk.step(ev.seq, &ev.change, &mut problems);
        walk.dated(ev.seq, ev.at, now, &mut problems);
    }
    if history.is_empty() {
        problems.push(format!(
            "{}: the history does not start with the case's creation",
            case.id
        ));
    }
    walk.end(case, &mut problems);
    problems
}
