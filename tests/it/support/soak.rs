//! What the crash and concurrency tests share: writer processes that make a random stream of
//! changes and print each one after it is committed, and the checks the parent runs on the ledger
//! they leave behind.

use std::collections::HashMap;
use std::io::Write;

use super::sample;
use rand::Rng;
use taizhang::ledger::{Case, Change, Command, Event, Ledger, LedgerError, NoteType, Request};

/// Whether the long soak mode was asked for (`TAIZHANG_SOAK=1`).
pub fn soak() -> bool {
    std::env::var("TAIZHANG_SOAK").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A number from the environment, else `default`.
pub fn env_number(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A seed from `var`, else one from the clock; printed by the caller so a failure can be replayed.
pub fn seed(var: &str) -> u64 {
    match std::env::var(var).ok().and_then(|v| v.trim().parse().ok()) {
        Some(s) => s,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

/// A move of `case` to a random next state of its workflow, with the fields the transition needs
/// and `token` as its note; None when the case is in a final state.
pub fn random_move(case: &Case, token: &str, rng: &mut impl Rng) -> Option<Command> {
    let def = case.kind.def();
    let next = def.next_states(&case.state);
    if next.is_empty() {
        return None;
    }
    let to = next[rng.random_range(0..next.len())];
    let tr = def.transition(&case.state, &to.key)?;
    let fields = tr
        .requires
        .iter()
        .filter(|f| !case.fields.contains_key(*f))
        .map(|f| (f.clone(), sample(case.kind, f)))
        .collect();
    Some(Command::Move {
        id: case.id.clone(),
        to: to.key.clone(),
        note: Some(token.to_string()),
        fields,
        urgent: None,
    })
}

/// Print one acknowledged change and flush at once, so a kill right after loses nothing printed.
pub fn ack(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The text a change carries that identifies the write that made it.
pub fn token_of(ev: &Event) -> Option<&str> {
    match &ev.change {
        Change::Note { text, .. } => Some(text),
        Change::State { note: Some(n), .. } => Some(n),
        Change::Field {
            field,
            after: Some(taizhang::ledger::Value::Text(t)),
            ..
        } if field == "title" || field == "description" => Some(t),
        _ => None,
    }
}

/// One acknowledged change as the writer printed it: `op id rev token`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ack {
    pub op: String,
    pub id: String,
    pub rev: u64,
    pub token: String,
}

impl Ack {
    pub fn parse(line: &str) -> Option<Ack> {
        let mut p = line.splitn(4, ' ');
        let op = p.next()?;
        if !matches!(op, "add" | "note" | "edit" | "move" | "batch") {
            return None;
        }
        Some(Ack {
            op: op.into(),
            id: p.next()?.into(),
            rev: p.next()?.parse().ok()?,
            token: p.next()?.into(),
        })
    }
}

/// Every acknowledged change is in the ledger, at the revision reported, carrying its token; a
/// batch's three notes are all there. Returns a description of the first one missing.
pub fn verify_acks(acks: &[Ack], histories: &HashMap<String, Vec<Event>>) -> Result<(), String> {
    for a in acks {
        let Some(h) = histories.get(&a.id) else {
            return Err(format!("{a:?}: the case is missing"));
        };
        let Some(ev) = h.get((a.rev as usize).wrapping_sub(1)) else {
            return Err(format!("{a:?}: the case has only {} events", h.len()));
        };
        let found = match a.op.as_str() {
            "add" => {
                h.first()
                    .is_some_and(|e| matches!(e.change, Change::Created { .. }))
                    && h.iter()
                        .take(a.rev as usize)
                        .any(|e| token_of(e) == Some(&a.token))
            }
            "batch" => (0..3).all(|k| {
                h.get((a.rev as usize).wrapping_sub(1 + k))
                    .and_then(token_of)
                    == Some(&format!("{}/{}", a.token, 2 - k))
            }),
            _ => token_of(ev) == Some(&a.token),
        };
        if !found {
            return Err(format!("{a:?}: event {} is {:?}", a.rev, ev.change));
        }
    }
    Ok(())
}

/// Histories of the cases named, read one case at a time.
pub fn histories(
    ledger: &Ledger,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, Vec<Event>>, LedgerError> {
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(&id) {
            continue;
        }
        match ledger.history(&id) {
            Ok(h) => {
                out.insert(id, h);
            }
            Err(LedgerError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// A batch's notes: all of them or none, under a crash as under an error.
pub fn batch_notes(id: &str, token: &str) -> Vec<Request> {
    (0..3)
        .map(|k| {
            Request::from(Command::Note {
                id: id.to_string(),
                note_type: NoteType::Meeting,
                text: format!("{token}/{k}"),
                people: Some(k + 1),
                date: None,
            })
        })
        .collect()
}
