//! A whole ledger as of one moment, as backups, exports and restores carry it.

use super::access::{AuditEntry, UserRecord};
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
    /// The users and their roles, so a restored ledger keeps its roles.
    #[serde(default)]
    pub users: Vec<UserRecord>,
    /// The audit log, oldest first.
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
    /// Why this is not a complete copy (read by someone who may not see everything); None when
    /// it is complete.
    #[serde(default)]
    pub partial: Option<String>,
}

/// What a restore did: cases written, and cases already present with the same history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Restored {
    pub new: usize,
    pub unchanged: usize,
}
