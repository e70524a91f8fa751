//! Each case's history is a hash chain, so that no one can rewrite it quietly. The chain starts
//! from the case's id; each event moves it on by hashing the previous head with the event in its
//! JSON form (the form of the JSON Lines export, which keeps its fields as they were written).
//! The ledger keeps each case's head (a derived table, kept in the write transaction and checked
//! by `check`), and a seal is one digest of every head: a supervisor writes it down or sends it
//! upward, and `check --against DIGEST` later proves nothing recorded before it has changed.
//!
//! What it proves: that every event recorded before the seal is still there, unchanged, in its
//! place. What it does not: someone who can write the file can rewrite everything and recompute
//! the chains and even the seal records; only a digest held elsewhere (on paper, upstream)
//! catches that.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::Event;

pub(super) type Head = [u8; 32];

/// The head of a case with no events yet.
pub(super) fn start(id: &str) -> Head {
    let mut h = Sha256::new();
    h.update(b"taizhang chain 1\0");
    h.update(id.as_bytes());
    h.finalize().into()
}

/// The head after `event`.
pub(super) fn next(head: &Head, event: &Event) -> Result<Head> {
    let bytes = serde_json::to_vec(event)
        .map_err(|e| LedgerError::Storage(format!("cannot hash an event: {e}")))?;
    let mut h = Sha256::new();
    h.update(head);
    h.update(&bytes);
    Ok(h.finalize().into())
}

/// The head of `id` after `events`, from `from`.
pub(super) fn follow<'a>(from: Head, events: impl IntoIterator<Item = &'a Event>) -> Result<Head> {
    events.into_iter().try_fold(from, |h, e| next(&h, e))
}

/// One digest of every case's head, in id order.
pub(super) fn digest<'a>(heads: impl IntoIterator<Item = (&'a str, &'a Head)>) -> Head {
    let mut h = Sha256::new();
    h.update(b"taizhang seal 1\0");
    for (id, head) in heads {
        h.update(id.as_bytes());
        h.update([0]);
        h.update(head);
    }
    h.finalize().into()
}

/// A digest as people write it down: hex in groups of eight.
pub fn show(d: &Head) -> String {
    d.chunks(4)
        .map(|c| c.iter().map(|b| format!("{b:02x}")).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A digest as typed back: hex, with or without separators and spaces.
pub fn parse(text: &str) -> Result<Head> {
    let hex: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | ':'))
        .collect();
    let bad = || LedgerError::BadValue {
        what: "seal digest".into(),
        value: text.to_string(),
        hint: "give the 64 hexadecimal digits `taizhang seal` printed, e.g. 3f2a09c1-…".into(),
    };
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// A seal as the ledger keeps it: when and by whom, its digest, and each case's length and
/// chain head at that moment (so `check --against` can name the cases that changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealRecord {
    pub at: DateTime<Utc>,
    pub by: String,
    pub digest: String,
    /// (case id, events, head in hex), in id order.
    pub cases: Vec<(String, u64, String)>,
}

/// What `taizhang seal` reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealInfo {
    pub at: DateTime<Utc>,
    pub by: String,
    pub digest: String,
    pub cases: u64,
    pub events: u64,
}

pub(super) fn hex(h: &Head) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}
