//! The ledger file: a redb database several officers' processes open at once (MultiWriter mode).
//! Every write is one short transaction holding the events, the updated case and the counters;
//! values are decoded here (store/codec.rs), so a damaged record is reported with its key.
//!
//! [`LocalStore`] is this file's ledger; callers hold [`Ledger`] (src/ledger/api.rs), which
//! forwards to a `LocalStore` here or to a ledger server (src/server). A new storage operation
//! goes here as a `LocalStore` method taking the acting user if it writes, then into the `Store`
//! trait and the `Ledger` facade (api.rs) and the server's `Call` (src/server/protocol.rs).
//!
//! The parts, each a file under store/: opening and upgrading the file (open.rs), reading
//! (read.rs), the one write path for cases (write.rs), the rule set and targets (settings.rs),
//! users and the audit log (users.rs), backups and restores (backup.rs), the tables derived from
//! the cases and histories (derived.rs), `check`/`--repair` (check.rs), and the bytes of records
//! (codec.rs, facts.rs for the figures records, value.rs for a field's value in either).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use redb::{Database, TableDefinition};

use super::calendar::Calendar;
use super::error::{LedgerError, Result};
use super::model::Case;

mod backup;
pub mod chain;
mod check;
mod checksum;
mod codec;
mod derived;
pub mod facts;
mod open;
mod read;
mod seal;
mod settings;
mod users;
mod value;
mod write;

pub use check::{Checked, check_file};
use codec::Record;
pub use derived::figures_layout;
pub use facts::{Digests, Fact, FieldValue, Head, What, field_value};
pub use open::check_file_integrity;
pub use write::SOURCE_PREFIX;

/// 2: case records and history events in a compact binary form (schema 1's JSON records still
/// read) and the index of open cases. A ledger of schema 1 is upgraded when it is first opened.
pub const SCHEMA_VERSION: u32 = 3;

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");
const EVENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("events");
/// Import source reference (file#row or an external id) → case id.
const SOURCES: TableDefinition<&str, &str> = TableDefinition::new("sources");

/// Yearly targets: "kind/measure/year" → Target.
const TARGETS: TableDefinition<&str, &[u8]> = TableDefinition::new("targets");

/// Users of the ledger: account name → UserRecord (role). Empty: an open ledger, nothing checked.
const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");
/// Privileged actions and refused attempts: sequence → AuditEntry, appended and never rewritten.
const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");

const KEY_SCHEMA: &str = "schema";
const KEY_VERSION: &str = "version";
const KEY_RULE_SET: &str = "rule_set";

/// How many days back an officer may date a change unless the settings say otherwise.
pub const DEFAULT_BACKDATE_DAYS: u32 = 30;

/// redb's page cache. Its default (1 GiB) keeps every page a whole-ledger read touches: the
/// interface or a summary over 100,000 cases would hold the file's hundreds of megabytes in
/// memory on top of the decoded cases. The kernel caches the file anyway; this keeps the tree's
/// upper pages and a working set.
const CACHE_BYTES: usize = 32 << 20;

/// How long a writer waits for another process's write transaction before giving up.
const WRITE_PATIENCE: Duration = Duration::from_secs(20);

/// The ledger in a redb file on this machine: what the embedded mode opens, and what the ledger
/// server owns. Every write names its actor; the roles of the users table are checked here, in
/// the write transaction, so the embedded mode and the server refuse the same things.
pub struct LocalStore {
    db: Database,
    path: PathBuf,
    calendar: Calendar,
    /// How many days back an officer may date a change (`--on`) where roles are in force;
    /// further back is a supervisor's.
    backdate_days: u32,
    /// Writers of this process queue here instead of polling redb's lock: the ledger server runs
    /// one thread per officer, and a queue keeps a `move` quick while others write.
    writers: Mutex<()>,
}

fn encode<T: Record>(v: &T) -> Result<Vec<u8>> {
    Ok(checksum::seal(&v.to_bytes()?))
}

/// A record read back: its checksum verified (records written before checksums have none), its
/// contents decoded, and its name checked against the key it was found under.
fn decode<T: Record>(key: &str, bytes: &[u8]) -> Result<T> {
    let v = T::from_bytes(key, checksum::open(key, bytes)?)?;
    if !v.is_named(key) {
        return Err(LedgerError::Damaged {
            key: key.to_string(),
            message: "the record is of another case than the key it is kept under; restore it from a backup".into(),
        });
    }
    Ok(v)
}

/// A case record as the file holds it, in the form of any schema (for tools and tests that read
/// the file itself).
pub fn decode_case_record(key: &str, bytes: &[u8]) -> Result<Case> {
    decode(key, bytes)
}

fn open_error(path: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Open {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The longest a `wait_version` waits before answering with the version unchanged.
pub const MAX_WAIT: Duration = Duration::from_secs(60);
