//! A whole ledger as of one moment, as backups, exports and restores carry it.

use super::event::Event;
use super::model::Case;
use super::target::Target;

/// Everything in the ledger as of one moment (one read transaction): for backups and exports.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub version: u64,
    pub rule_set: String,
    /// Every case with its full history, in id order.
    pub cases: Vec<(Case, Vec<Event>)>,
    pub targets: Vec<Target>,
}

/// What a restore did: cases written, and cases already present with the same history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Restored {
    pub new: usize,
    pub unchanged: usize,
}
