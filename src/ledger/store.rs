//! The ledger file: a redb database several officers' processes open at once (MultiWriter mode).
//! Every write is one short transaction holding the events, the updated case and the counters;
//! values are JSON bytes decoded here, so a damaged record is reported with its key.
//!
//! [`LocalStore`] is this file's ledger; callers hold [`Ledger`] (src/ledger/api.rs), which
//! forwards to a `LocalStore` here or to a ledger server (src/server). A new storage operation
//! goes here as a `LocalStore` method taking the acting user if it writes, then into the `Store`
//! trait and the `Ledger` facade (api.rs) and the server's `Call` (src/server/protocol.rs).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate, Utc};
use redb::{
    ConcurrencyMode, Database, ReadTransaction, ReadableDatabase, ReadableTable,
    ReadableTableMetadata, TableDefinition, WriteTransaction,
};

use super::access::{self, Access, AuditEntry, Role, UserChange, UserRecord};
use super::calendar::Calendar;
use super::command::{self, Command, Context};
use super::deadline::due;
use super::error::{LedgerError, Result};
use super::event::{Change, Event};
use super::model::Case;
use super::schema::{DEFAULT_RULE_SET, Kind, schema};

pub use super::api::Ledger;

mod codec;
use codec::Record;
pub mod facts;
pub use facts::{Digests, Fact, FieldValue, Head, What, field_value};

/// 2: case records and history events in a compact binary form (schema 1's JSON records still
/// read) and the index of open cases. A ledger of schema 1 is upgraded when it is first opened.
pub const SCHEMA_VERSION: u32 = 2;

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

/// The open cases, by id, each with a copy of its record: what `list` and the interface read
/// first, in one sequential pass over a quarter of a big ledger rather than all of it. Derived
/// from CASES and written in the same transaction as the case; `check` compares the two and
/// `check --repair` rebuilds it.
const OPEN: TableDefinition<&str, &[u8]> = TableDefinition::new("open_cases");
/// An earlier form of that index (ids only) in ledgers made while schema 2 was being written:
/// dropped when the index is rebuilt.
const OPEN_IDS: TableDefinition<&str, ()> = TableDefinition::new("open");

/// What the figures count about each case, by id (see store/facts.rs): what `summary`, `report`
/// and the dashboard read instead of every history event. Derived from CASES and EVENTS and
/// written in the same transaction; `check` compares, `check --repair` rebuilds.
const FIGURES: TableDefinition<&str, &[u8]> = TableDefinition::new("figures");

const KEY_SCHEMA: &str = "schema";
/// The ledger version the open-case index is exact for. A process of an older taizhang that
/// opened the ledger before it was upgraded writes without keeping the index: then the version
/// moves past this, readers scan every case instead, and the next open rebuilds the index.
const KEY_OPEN_AT: &str = "open_cases_at";
/// The ledger version the figures table is exact for; as [`KEY_OPEN_AT`] for the open index.
const KEY_FIGURES_AT: &str = "figures_at";
/// The numbering its records use ([`facts::layout`]): a table in another is rebuilt.
const KEY_FIGURES_LAYOUT: &str = "figures_layout";
const KEY_VERSION: &str = "version";
const KEY_RULE_SET: &str = "rule_set";

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
    /// Writers of this process queue here instead of polling redb's lock: the ledger server runs
    /// one thread per officer, and a queue keeps a `move` quick while others write.
    writers: Mutex<()>,
}

/// What a committed command did.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub id: String,
    pub rev: u64,
    pub changes: Vec<Change>,
}

/// A command with the revision of the case the user saw, for lost-update detection.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Request {
    pub command: Command,
    pub expect_rev: Option<u64>,
}

impl From<Command> for Request {
    fn from(command: Command) -> Self {
        Request {
            command,
            expect_rev: None,
        }
    }
}

/// A yearly target for a kind's measure (e.g. demolition area 2026: 确保 4000 m², 力争 4800 m²).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub kind: Kind,
    /// What is counted, e.g. `area_demolished_m2`, `closed`, `rectified`.
    pub measure: String,
    pub year: i32,
    /// The guaranteed figure (确保).
    pub guaranteed: rust_decimal::Decimal,
    /// The stretch figure (力争), if any.
    #[serde(default)]
    pub stretch: Option<rust_decimal::Decimal>,
}

impl Target {
    fn key(&self) -> String {
        format!("{}/{}/{}", self.kind.key(), self.measure, self.year)
    }
}

fn encode<T: Record>(v: &T) -> Result<Vec<u8>> {
    v.to_bytes()
}

fn decode<T: Record>(key: &str, bytes: &[u8]) -> Result<T> {
    T::from_bytes(key, bytes)
}

/// A case record as the file holds it, in the form of any schema (for tools and tests that read
/// the file itself).
pub fn decode_case_record(key: &str, bytes: &[u8]) -> Result<Case> {
    decode(key, bytes)
}

/// The name of the operating-system user running this process: the actor of every event.
pub fn current_user() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => u.name,
        _ => format!("uid{}", uid.as_raw()),
    }
}

pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn open_error(path: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Open {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

impl LocalStore {
    /// Open the ledger at `path`, creating it (group-shared, 0660 in a 0770 directory) if absent.
    pub fn open(path: &Path, calendar: Calendar) -> Result<LocalStore> {
        let exists = path.exists();
        check_dir(path)?;
        if !exists {
            if let Some(dir) = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty() && !d.exists())
            {
                std::fs::create_dir_all(dir)
                    .map_err(|e| open_error(path, format!("cannot create its directory: {e}")))?;
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o770));
            }
        } else {
            check_mode(path)?;
            if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
                return Err(open_error(
                    path,
                    "the file is empty, not a ledger; remove it or point --db at the ledger",
                ));
            }
        }
        let db = redb::Builder::new()
            .set_concurrency_mode(ConcurrencyMode::MultiWriter)
            .set_cache_size(CACHE_BYTES)
            .create(path)
            .map_err(|e| match e {
                redb::DatabaseError::Storage(redb::StorageError::Io(io))
                    if io.kind() == std::io::ErrorKind::PermissionDenied =>
                {
                    open_error(
                        path,
                        "permission denied: ask for membership of the ledger's group",
                    )
                }
                e => open_error(
                    path,
                    format!(
                        "{e} (is it a taizhang ledger? `taizhang check --db {}` says more)",
                        path.display()
                    ),
                ),
            })?;
        if !exists {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660));
        }
        let ledger = LocalStore {
            db,
            path: path.to_path_buf(),
            calendar,
            writers: Mutex::new(()),
        };
        ledger.init_schema()?;
        Ok(ledger)
    }

    fn init_schema(&self) -> Result<()> {
        // Fast path: an existing, current ledger needs only a read.
        {
            let r = self.db.begin_read()?;
            if let Ok(meta) = r.open_table(META)
                && let Some(v) = meta.get(KEY_SCHEMA)?
                && self.check_schema(v.value())? == SCHEMA_VERSION
                && open_index_exact(&meta)?
                && figures_exact(&meta)?
            {
                return Ok(());
            }
        }
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let found = meta.get(KEY_SCHEMA)?.map(|v| v.value().to_vec());
            match found {
                Some(v) => {
                    self.check_schema(&v)?;
                }
                None => {
                    meta.insert(KEY_VERSION, 0u64.to_le_bytes().as_slice())?;
                }
            }
            txn.open_table(CASES)?;
            txn.open_table(EVENTS)?;
            txn.open_table(SOURCES)?;
            txn.open_table(TARGETS)?;
            txn.open_table(USERS)?;
            txn.open_table(AUDIT)?;
            // Schema 1 had no index of open cases, and an older process may have written past it.
            if !open_index_exact(&meta)? {
                rebuild_open_index(txn, &mut meta)?;
            }
            // Ledgers made before the figures table, or written since by a taizhang without it.
            if !figures_exact(&meta)? {
                rebuild_figures(txn, &mut meta)?;
            }
            meta.insert(KEY_SCHEMA, SCHEMA_VERSION.to_le_bytes().as_slice())?;
            Ok(())
        })
    }

    /// The schema of the file, refused if newer than this program reads.
    fn check_schema(&self, bytes: &[u8]) -> Result<u32> {
        let found = bytes
            .try_into()
            .map(u32::from_le_bytes)
            .map_err(|_| LedgerError::Damaged {
                key: "meta/schema".into(),
                message: "not a version number".into(),
            })?;
        if found > SCHEMA_VERSION {
            return Err(LedgerError::NewerSchema {
                path: self.path.display().to_string(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(found)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Begin a write transaction, waiting with backoff while another process writes.
    fn begin_write(&self) -> Result<WriteTransaction> {
        let start = Instant::now();
        let mut wait = Duration::from_micros(200);
        loop {
            match self.db.try_begin_write() {
                Ok(t) => return Ok(t),
                Err(redb::TransactionError::WouldBlock) => {
                    if start.elapsed() > WRITE_PATIENCE {
                        return Err(LedgerError::Busy {
                            path: self.path.display().to_string(),
                            seconds: WRITE_PATIENCE.as_secs(),
                        });
                    }
                    // Jitter keeps several waiting processes from retrying in lockstep.
                    let jitter = Duration::from_micros(u64::from(std::process::id() % 7) * 50);
                    std::thread::sleep(wait + jitter);
                    wait = (wait * 2).min(Duration::from_millis(20));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Run `f` in one write transaction: committed if it succeeds, aborted (nothing written) if not.
    fn write<T>(&self, f: impl FnOnce(&WriteTransaction) -> Result<T>) -> Result<T> {
        // A panicked writer left no transaction behind (redb aborts on drop): the queue is sound.
        let _turn = self.writers.lock().unwrap_or_else(|p| p.into_inner());
        let txn = self.begin_write()?;
        match f(&txn) {
            Ok(v) => {
                txn.commit()?;
                Ok(v)
            }
            Err(e) => {
                let _ = txn.abort();
                Err(e)
            }
        }
    }

    fn read(&self) -> Result<ReadTransaction> {
        Ok(self.db.begin_read()?)
    }

    /// A counter bumped by every committed write: poll it to notice other officers' changes.
    pub fn version(&self) -> Result<u64> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        Ok(meta
            .get(KEY_VERSION)?
            .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
            .unwrap_or(0))
    }

    pub fn rule_set(&self) -> Result<String> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        Ok(meta
            .get(KEY_RULE_SET)?
            .map(|v| String::from_utf8_lossy(v.value()).into_owned())
            .unwrap_or_else(|| DEFAULT_RULE_SET.to_string()))
    }

    pub fn set_rule_set(&self, actor: &str, name: &str) -> Result<()> {
        if !schema().has_rule_set(name) {
            return Err(LedgerError::BadValue {
                what: "rule set".into(),
                value: name.to_string(),
                hint: format!("use one of {}", schema().rule_set_names().join(", ")),
            });
        }
        let action = format!("rules {name}");
        self.guarded(actor, &action, |txn| {
            require_supervisor(
                txn,
                actor,
                "changing the rule set",
                &format!("ask one to `taizhang rules {name}`"),
            )?;
            let mut meta = txn.open_table(META)?;
            meta.insert(KEY_RULE_SET, name.as_bytes())?;
            bump_version(&mut meta)?;
            audit_in(txn, actor, &action, None)
        })
    }

    /// Set a yearly target (replacing any for the same kind, measure and year).
    pub fn set_target(&self, actor: &str, t: &Target) -> Result<()> {
        let key = t.key();
        let action = format!("target set {key} {}", t.guaranteed);
        self.guarded(actor, &action, |txn| {
            require_supervisor(txn, actor, "changing targets", "ask one to set it")?;
            let mut meta = txn.open_table(META)?;
            let mut targets = txn.open_table(TARGETS)?;
            targets.insert(key.as_str(), encode(t)?.as_slice())?;
            bump_version(&mut meta)?;
            audit_in(txn, actor, &action, None)
        })
    }

    /// Remove a target; false if there was none.
    pub fn remove_target(&self, actor: &str, kind: Kind, measure: &str, year: i32) -> Result<bool> {
        let key = target_key(kind, measure, year);
        let action = format!("target remove {key}");
        self.guarded(actor, &action, |txn| {
            require_supervisor(txn, actor, "changing targets", "ask one to remove it")?;
            let mut meta = txn.open_table(META)?;
            let mut targets = txn.open_table(TARGETS)?;
            let removed = targets.remove(key.as_str())?.is_some();
            if removed {
                bump_version(&mut meta)?;
                audit_in(txn, actor, &action, None)?;
            }
            Ok(removed)
        })
    }

    pub fn targets(&self) -> Result<Vec<Target>> {
        self.read_all(TARGETS, "targets")
    }

    /// Every record of a table of JSON records, in key order; none if the table was never made.
    fn read_all<K, T>(&self, def: TableDefinition<K, &[u8]>, label: &str) -> Result<Vec<T>>
    where
        K: redb::Key + 'static,
        for<'a> K::SelfType<'a>: std::fmt::Display,
        T: codec::Record,
    {
        let r = self.read()?;
        let table = match r.open_table(def) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut out = Vec::new();
        for item in table.iter()? {
            let (k, v) = item?;
            out.push(decode(&format!("{label}/{}", k.value()), v.value())?);
        }
        Ok(out)
    }

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

    pub fn get(&self, id: &str) -> Result<Case> {
        let id = id.trim().to_uppercase();
        let r = self.read()?;
        let cases = r.open_table(CASES)?;
        match cases.get(id.as_str())? {
            Some(v) => decode(&id, v.value()),
            None => Err(LedgerError::NotFound(id)),
        }
    }

    /// Every case, in id order.
    pub fn cases(&self) -> Result<Vec<Case>> {
        let r = self.read()?;
        let cases = r.open_table(CASES)?;
        let mut out = Vec::with_capacity(cases.len()? as usize);
        for item in cases.iter()? {
            let (k, v) = item?;
            out.push(decode(k.value(), v.value())?);
        }
        Ok(out)
    }

    /// Every open case, in id order: read through the open-case index, or by a scan of every
    /// case while the index is behind (see [`KEY_OPEN_AT`]).
    pub fn open_cases(&self) -> Result<Vec<Case>> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        let cases = r.open_table(CASES)?;
        let mut out = Vec::new();
        if !open_index_exact(&meta)? {
            for item in cases.iter()? {
                let (k, v) = item?;
                let case: Case = decode(k.value(), v.value())?;
                if case.is_open() {
                    out.push(case);
                }
            }
            return Ok(out);
        }
        let open = r.open_table(OPEN)?;
        out.reserve(open.len()? as usize);
        for item in open.iter()? {
            let (k, v) = item?;
            out.push(decode(k.value(), v.value())?);
        }
        Ok(out)
    }

    pub fn count(&self) -> Result<u64> {
        let r = self.read()?;
        Ok(r.open_table(CASES)?.len()?)
    }

    pub fn history(&self, id: &str) -> Result<Vec<Event>> {
        let id = id.trim().to_uppercase();
        let r = self.read()?;
        if r.open_table(CASES)?.get(id.as_str())?.is_none() {
            return Err(LedgerError::NotFound(id));
        }
        let events = r.open_table(EVENTS)?;
        let mut out = Vec::new();
        for item in events.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
            let (k, v) = item?;
            let (cid, seq) = k.value();
            out.push(decode(&format!("{cid}#{seq}"), v.value())?);
        }
        Ok(out)
    }

    /// Every event of every case, grouped by case in id order (for reports).
    pub fn all_events(&self) -> Result<Vec<Event>> {
        let r = self.read()?;
        let events = r.open_table(EVENTS)?;
        let mut out = Vec::with_capacity(events.len()? as usize);
        for item in events.iter()? {
            let (k, v) = item?;
            let (cid, seq) = k.value();
            out.push(decode(&format!("{cid}#{seq}"), v.value())?);
        }
        Ok(out)
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

    /// Verify the file (redb's own integrity check where the file is not in use) and the ledger's
    /// invariants: records decode, histories are complete and replay to each case's state through
    /// allowed transitions, id counters are ahead of every id, import references point at cases.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let r = self.read()?;
        let cases = r.open_table(CASES)?;
        let events = r.open_table(EVENTS)?;
        let meta = r.open_table(META)?;
        let sources = r.open_table(SOURCES)?;
        let mut n_events = 0u64;
        let mut open_ids = std::collections::BTreeSet::new();
        // The figures record each case should have, made from the history read here.
        let mut want_figures = std::collections::BTreeMap::new();
        for item in cases.iter()? {
            let (k, v) = item?;
            let id = k.value().to_string();
            let case: Case = match decode(&id, v.value()) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(e.to_string());
                    // Its history is still its own, not events of no case.
                    n_events += events
                        .range((id.as_str(), 0)..=(id.as_str(), u64::MAX))?
                        .count() as u64;
                    continue;
                }
            };
            if case.id != id {
                problems.push(format!("{id}: record says it is {}", case.id));
            }
            if case.is_open() {
                open_ids.insert(id.clone());
            }
            let def = case.kind.def();
            let mut state: Option<String> = None;
            let mut expected = 1u64;
            let mut history = Vec::with_capacity(case.rev as usize);
            let mut whole = true;
            for item in events.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
                let (k, v) = item?;
                let seq = k.value().1;
                n_events += 1;
                if seq != expected {
                    problems.push(format!(
                        "{id}: history event {expected} missing (found {seq})"
                    ));
                }
                expected = seq + 1;
                let ev: Event = match decode(&format!("{id}#{seq}"), v.value()) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(e.to_string());
                        whole = false;
                        continue;
                    }
                };
                match &ev.change {
                    Change::Created { state: s, .. } => state = Some(s.clone()),
                    Change::State { from, to, .. } => {
                        if state.as_deref() != Some(from.as_str()) {
                            problems.push(format!(
                                "{id}#{seq}: moved from {from} but history had it in {}",
                                state.as_deref().unwrap_or("no state")
                            ));
                        } else if def.transition(from, to).is_none() {
                            problems.push(format!(
                                "{id}#{seq}: {from} → {to} is not an allowed transition"
                            ));
                        }
                        state = Some(to.clone());
                    }
                    _ => {}
                }
                history.push(ev);
            }
            if whole {
                want_figures.insert(case.id.clone(), facts::build(&case, &history));
            }
            if expected - 1 != case.rev {
                problems.push(format!(
                    "{id}: revision {} but {} history events",
                    case.rev,
                    expected - 1
                ));
            }
            if state.as_deref() != Some(case.state.as_str()) {
                problems.push(format!(
                    "{id}: state {} is not where its history leads ({})",
                    case.state,
                    state.as_deref().unwrap_or("nothing")
                ));
            }
            if let Some((code, rest)) = id.split_once('-')
                && let Some((year, n)) = rest.split_once('-')
                && let Ok(n) = n.parse::<u64>()
            {
                let counter = meta
                    .get(format!("seq/{code}-{year}").as_str())?
                    .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
                    .unwrap_or(0);
                if counter < n {
                    problems.push(format!(
                        "{id}: id counter {code}-{year} is at {counter}, behind the id"
                    ));
                }
            }
        }
        if events.len()? != n_events {
            problems.push(format!(
                "{} history events belong to no case",
                events.len()? - n_events
            ));
        }
        for item in sources.iter()? {
            let (k, v) = item?;
            if cases.get(v.value())?.is_none() {
                problems.push(format!(
                    "import reference {} points at missing case {}",
                    k.value(),
                    v.value()
                ));
            }
        }
        // The open-case index, where it claims to be exact (else it is not used).
        if open_index_exact(&meta)? {
            match r.open_table(OPEN) {
                Ok(open) => {
                    for item in open.iter()? {
                        let (k, v) = item?;
                        if !open_ids.remove(k.value()) {
                            problems.push(format!("the index of open cases lists {}, which is not an open case; `taizhang check --repair` rebuilds the index", k.value()));
                        } else if cases.get(k.value())?.is_none_or(|c| c.value() != v.value()) {
                            problems.push(format!("the index of open cases holds an old copy of {}; `taizhang check --repair` rebuilds the index", k.value()));
                        }
                    }
                    for id in open_ids {
                        problems.push(format!("open case {id} is missing from the index of open cases; `taizhang check --repair` rebuilds the index"));
                    }
                }
                Err(redb::TableError::TableDoesNotExist(_)) => problems.push(
                    "the index of open cases is missing; `taizhang check --repair` rebuilds it"
                        .into(),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        // The figures table, likewise.
        if figures_exact(&meta)? {
            match r.open_table(FIGURES) {
                Ok(figures) => {
                    let stale = stale_figures(&figures, &want_figures)?;
                    if !stale.is_empty() {
                        let mut ids = stale.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                        if stale.len() > 5 {
                            ids.push_str(", …");
                        }
                        problems.push(format!("the figures of {} case(s) do not match their histories ({ids}); `taizhang check --repair` rebuilds them", stale.len()));
                    }
                }
                Err(redb::TableError::TableDoesNotExist(_)) => problems.push(
                    "the figures table is missing; `taizhang check --repair` rebuilds it".into(),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(problems)
    }

    /// What the figures read: every case's figures record, from one read of the ledger. None
    /// while the figures table is behind the ledger (an older taizhang wrote since it was last
    /// opened) or numbered otherwise: the caller replays the histories.
    pub fn digests(&self) -> Result<Option<Digests>> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        if !figures_exact(&meta)? {
            return Ok(None);
        }
        let figures = match r.open_table(FIGURES) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut d = Digests::default();
        for item in figures.iter()? {
            let (k, v) = item?;
            d.push(k.value(), v.value());
        }
        Ok(Some(d))
    }
}

// ---- Verifying a file and rebuilding derived data (`taizhang check [--repair]`): store/repair.rs. ----

mod repair;
pub use repair::{Checked, check_file};

// ---- Users, roles and the audit log. ----

/// The longest a `wait_version` waits before answering with the version unchanged.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

impl LocalStore {
    /// Run a write that may be refused by the actor's role; a refusal aborts the write and is
    /// recorded in the audit log on its own.
    fn guarded<T>(
        &self,
        actor: &str,
        action: &str,
        f: impl FnOnce(&WriteTransaction) -> Result<T>,
    ) -> Result<T> {
        match self.write(f) {
            Err(LedgerError::Forbidden(reason)) => {
                // The refusal stands even if it cannot be recorded (e.g. the disk is full).
                let _ = self.record_refusal(actor, action, &reason);
                Err(LedgerError::Forbidden(reason))
            }
            other => other,
        }
    }

    /// Record a refused attempt (the ledger server also records users it turned away).
    pub fn record_refusal(&self, user: &str, action: &str, reason: &str) -> Result<()> {
        self.write(|txn| audit_in(txn, user, action, Some(reason)))
    }

    /// A user's standing: Open where the ledger has no users.
    pub fn access(&self, user: &str) -> Result<Access> {
        let r = self.read()?;
        match r.open_table(USERS) {
            Ok(users) => lookup(&users, user),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(Access::Open),
            Err(e) => Err(e.into()),
        }
    }

    /// The users of the ledger, by name.
    pub fn users(&self) -> Result<Vec<UserRecord>> {
        self.read_all(USERS, "users")
    }

    /// Add a user, change a role, or remove a user; supervisors only, once the ledger has users.
    /// The first user of an open ledger must be a supervisor, and the last supervisor stays.
    pub fn change_user(&self, actor: &str, name: &str, change: UserChange) -> Result<()> {
        let name = name.trim();
        check_account(name, matches!(change, UserChange::Add(_)))?;
        let (action, fix) = match change {
            UserChange::Add(r) => (
                format!("user add {name} {r}"),
                format!("user add {name} --role {r}"),
            ),
            UserChange::SetRole(r) => (
                format!("user set-role {name} {r}"),
                format!("user set-role {name} {r}"),
            ),
            UserChange::Remove => (format!("user remove {name}"), format!("user remove {name}")),
        };
        self.guarded(actor, &action, |txn| {
            let mut users = txn.open_table(USERS)?;
            match lookup(&users, actor)? {
                Access::Open if change != UserChange::Add(Role::Supervisor) => {
                    return Err(LedgerError::Requirement(format!(
                        "the ledger has no users yet, so nothing is checked: the first must be a supervisor (`taizhang user add {actor} --role supervisor`)"
                    )));
                }
                Access::Open => {}
                a => access::require(actor, a.role(actor)?, Role::Supervisor, "managing users", &format!("ask one to `taizhang {fix}`"))?,
            }
            let existing: Option<UserRecord> = match users.get(name)? {
                Some(v) => Some(decode(&format!("users/{name}"), v.value())?),
                None => None,
            };
            match (change, &existing) {
                (UserChange::Add(_), Some(u)) => {
                    return Err(LedgerError::Requirement(format!(
                        "{name} is already a user ({}): change the role with `taizhang user set-role {name} ROLE`",
                        u.role
                    )));
                }
                (UserChange::SetRole(_) | UserChange::Remove, None) => {
                    return Err(LedgerError::Requirement(format!(
                        "{name} is not a user of this ledger: add them with `taizhang user add {name} --role officer`"
                    )));
                }
                _ => {}
            }
            let new_role = match change {
                UserChange::Add(r) | UserChange::SetRole(r) => Some(r),
                UserChange::Remove => None,
            };
            if existing.as_ref().is_some_and(|u| u.role == Role::Supervisor) && new_role != Some(Role::Supervisor) {
                let mut supervisors = 0;
                for item in users.iter()? {
                    let (k, v) = item?;
                    if decode::<UserRecord>(&format!("users/{}", k.value()), v.value())?.role == Role::Supervisor {
                        supervisors += 1;
                    }
                }
                if supervisors <= 1 {
                    return Err(LedgerError::Requirement(format!(
                        "{name} is the only supervisor: make another user a supervisor first (`taizhang user set-role NAME supervisor`)"
                    )));
                }
            }
            match new_role {
                Some(role) => {
                    let rec = UserRecord { name: name.to_string(), role, since: Utc::now(), by: actor.to_string() };
                    users.insert(name, encode(&rec)?.as_slice())?;
                }
                None => {
                    users.remove(name)?;
                }
            }
            drop(users);
            audit_in(txn, actor, &action, None)
        })
    }

    /// Make `name` the first supervisor of a ledger with no users (`taizhang serve
    /// --init-supervisor`). True if added; false if `name` already is a supervisor; an error if
    /// the ledger already has other users (manage them with `taizhang user`).
    pub fn init_supervisor(&self, by: &str, name: &str) -> Result<bool> {
        let name = name.trim();
        check_account(name, true)?;
        self.write(|txn| {
            let mut users = txn.open_table(USERS)?;
            match lookup(&users, name)? {
                Access::Known(Role::Supervisor) => return Ok(false),
                Access::Open => {}
                _ => {
                    return Err(LedgerError::Requirement(format!(
                        "the ledger already has users and {name} is not a supervisor: leave out --init-supervisor and ask a supervisor to `taizhang user set-role {name} supervisor`"
                    )));
                }
            }
            let rec = UserRecord { name: name.to_string(), role: Role::Supervisor, since: Utc::now(), by: by.to_string() };
            users.insert(name, encode(&rec)?.as_slice())?;
            drop(users);
            audit_in(txn, by, &format!("user add {name} supervisor (server initialised)"), None)?;
            Ok(true)
        })
    }

    /// The audit log (privileged actions and refusals), oldest first; supervisors only where the
    /// ledger has users.
    pub fn audit_log(&self, actor: &str) -> Result<Vec<AuditEntry>> {
        let role = self.access(actor)?.role(actor);
        let allowed = role.and_then(|r| {
            access::require(
                actor,
                r,
                Role::Supervisor,
                "reading the audit log",
                "ask a supervisor",
            )
        });
        if let Err(e) = allowed {
            if let LedgerError::Forbidden(reason) = &e {
                let _ = self.record_refusal(actor, "audit", reason);
            }
            return Err(e);
        }
        self.read_all(AUDIT, "audit")
    }

    /// Wait until the version differs from `after` or `timeout` (at most [`MAX_WAIT`]) passes;
    /// returns the version. Another process may write the file, so this polls.
    pub fn wait_version(&self, after: u64, timeout: Duration) -> Result<u64> {
        let end = Instant::now() + timeout.min(MAX_WAIT);
        loop {
            let v = self.version()?;
            if v != after || Instant::now() >= end {
                return Ok(v);
            }
            std::thread::sleep(
                Duration::from_millis(100).min(end.saturating_duration_since(Instant::now())),
            );
        }
    }
}

fn lookup(users: &impl ReadableTable<&'static str, &'static [u8]>, user: &str) -> Result<Access> {
    if users.is_empty()? {
        return Ok(Access::Open);
    }
    match users.get(user)? {
        Some(v) => Ok(Access::Known(
            decode::<UserRecord>(&format!("users/{user}"), v.value())?.role,
        )),
        None => Ok(Access::Unknown),
    }
}

/// The actor's standing, read in the write transaction that the check guards.
fn access_in(txn: &WriteTransaction, user: &str) -> Result<Access> {
    lookup(&txn.open_table(USERS)?, user)
}

/// Refuse, in `txn`, an action only a supervisor may take (`what`), saying how to get it done.
fn require_supervisor(txn: &WriteTransaction, actor: &str, what: &str, fix: &str) -> Result<()> {
    let role = access_in(txn, actor)?.role(actor)?;
    access::require(actor, role, Role::Supervisor, what, fix)
}

/// Append to the audit log in `txn`.
fn audit_in(txn: &WriteTransaction, user: &str, action: &str, refused: Option<&str>) -> Result<()> {
    let mut t = txn.open_table(AUDIT)?;
    let seq = t.last()?.map(|(k, _)| k.value() + 1).unwrap_or(1);
    let e = AuditEntry {
        seq,
        at: Utc::now(),
        user: user.to_string(),
        action: action.to_string(),
        refused: refused.map(String::from),
    };
    t.insert(seq, encode(&e)?.as_slice())?;
    Ok(())
}

/// A user name is an account name; a new user must have an account on this machine, or the
/// server could never authenticate them.
fn check_account(name: &str, must_exist: bool) -> Result<()> {
    if name.is_empty()
        || name.chars().count() > 64
        || name.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(LedgerError::BadValue {
            what: "user".into(),
            value: name.to_string(),
            hint: "a user is an account name without spaces, such as wang".into(),
        });
    }
    if must_exist && !matches!(nix::unistd::User::from_name(name), Ok(Some(_))) {
        return Err(LedgerError::BadValue {
            what: "user".into(),
            value: name.to_string(),
            hint: format!(
                "there is no account {name} on this machine: create it first (`useradd {name}`) or check the spelling"
            ),
        });
    }
    Ok(())
}

fn target_key(kind: Kind, measure: &str, year: i32) -> String {
    format!("{}/{measure}/{year}", kind.key())
}

// ---- Import, export and backup: whole-ledger reads and the lossless restore path. ----

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

impl LocalStore {
    /// The case imported from `source` (an import reference), if any.
    pub fn find_by_source(&self, source: &str) -> Result<Option<String>> {
        let r = self.read()?;
        let sources = r.open_table(SOURCES)?;
        Ok(sources.get(source)?.map(|v| v.value().to_string()))
    }

    /// Every import reference and the case it made (one read, for imports of many rows).
    pub fn source_map(&self) -> Result<std::collections::HashMap<String, String>> {
        let r = self.read()?;
        let sources = r.open_table(SOURCES)?;
        let mut out = std::collections::HashMap::with_capacity(sources.len()? as usize);
        for item in sources.iter()? {
            let (k, v) = item?;
            out.insert(k.value().to_string(), v.value().to_string());
        }
        Ok(out)
    }

    /// Every case with its history, the targets and the rule set, read in one transaction so a
    /// backup or export is consistent while other officers keep writing.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        let version = meta
            .get(KEY_VERSION)?
            .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
            .unwrap_or(0);
        let rule_set = meta
            .get(KEY_RULE_SET)?
            .map(|v| String::from_utf8_lossy(v.value()).into_owned())
            .unwrap_or_else(|| DEFAULT_RULE_SET.to_string());
        let cases = r.open_table(CASES)?;
        let events = r.open_table(EVENTS)?;
        let mut out = Vec::with_capacity(cases.len()? as usize);
        for item in cases.iter()? {
            let (k, v) = item?;
            let id = k.value();
            let case: Case = decode(id, v.value())?;
            let mut history = Vec::with_capacity(case.rev as usize);
            for item in events.range((id, 0)..=(id, u64::MAX))? {
                let (k, v) = item?;
                let (cid, seq) = k.value();
                history.push(decode(&format!("{cid}#{seq}"), v.value())?);
            }
            out.push((case, history));
        }
        let mut targets = Vec::new();
        match r.open_table(TARGETS) {
            Ok(t) => {
                for item in t.iter()? {
                    let (k, v) = item?;
                    targets.push(decode(k.value(), v.value())?);
                }
            }
            Err(redb::TableError::TableDoesNotExist(_)) => {}
            Err(e) => return Err(e.into()),
        }
        Ok(Snapshot {
            version,
            rule_set,
            cases: out,
            targets,
        })
    }

    /// Write cases and their histories exactly as given (a JSON Lines import, a backup), in one
    /// transaction: nothing is replayed, so actors, times and ids stay as they were. A case already
    /// in the ledger with the same record and history is left alone; one that differs refuses the
    /// whole restore. Id counters move past the restored ids so new cases do not collide.
    /// Restoring writes histories with their recorded actors, so where the ledger has users only a
    /// supervisor may, and each restore is in the audit log.
    pub fn restore(
        &self,
        actor: &str,
        items: &[(Case, Vec<Event>)],
        targets: &[Target],
        rule_set: Option<&str>,
    ) -> Result<Restored> {
        if let Some(rs) = rule_set
            && !schema().has_rule_set(rs)
        {
            return Err(LedgerError::BadValue {
                what: "rule set".into(),
                value: rs.to_string(),
                hint: format!("use one of {}", schema().rule_set_names().join(", ")),
            });
        }
        let action = format!("restore {} cases", items.len());
        self.guarded(actor, &action, |txn| {
            require_supervisor(txn, actor, "restoring cases from a file", "ask one to run the restore")?;
            audit_in(txn, actor, &action, None)?;
            let mut meta = txn.open_table(META)?;
            let mut t = CaseTables::open(txn)?;
            let mut sources = txn.open_table(SOURCES)?;
            let mut done = Restored::default();
            for (case, history) in items {
                check_history(case, history)?;
                let id = case.id.as_str();
                let existing: Option<Case> = match t.cases.get(id)? {
                    Some(v) => Some(decode(id, v.value())?),
                    None => None,
                };
                if let Some(old) = existing {
                    let mut old_history = Vec::new();
                    for item in t.events.range((id, 0)..=(id, u64::MAX))? {
                        let (k, v) = item?;
                        let (cid, seq) = k.value();
                        old_history.push(decode::<Event>(&format!("{cid}#{seq}"), v.value())?);
                    }
                    if old == *case && old_history == *history {
                        done.unchanged += 1;
                        continue;
                    }
                    return Err(LedgerError::Requirement(format!(
                        "{id} is already in the ledger with a different record (revision {}, the file has {}): restore into an empty ledger, or leave {id} out",
                        old.rev, case.rev
                    )));
                }
                if let Some(src) = &case.source {
                    let other = sources.get(src.as_str())?.map(|v| v.value().to_string());
                    match other {
                        Some(other) if other != case.id => {
                            return Err(LedgerError::Requirement(format!(
                                "import reference {src} of {id} already belongs to {other}: restore into an empty ledger"
                            )));
                        }
                        Some(_) => {}
                        None => {
                            sources.insert(src.as_str(), id)?;
                        }
                    }
                }
                t.put_whole(case, history)?;
                if let Some((code, rest)) = id.split_once('-')
                    && let Some((year, n)) = rest.split_once('-')
                    && let Ok(n) = n.parse::<u64>()
                {
                    let key = format!("seq/{code}-{year}");
                    let counter = meta
                        .get(key.as_str())?
                        .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
                        .unwrap_or(0);
                    if counter < n {
                        meta.insert(key.as_str(), n.to_le_bytes().as_slice())?;
                    }
                }
                done.new += 1;
            }
            if !targets.is_empty() {
                let mut table = txn.open_table(TARGETS)?;
                for t in targets {
                    table.insert(t.key().as_str(), encode(t)?.as_slice())?;
                }
            }
            if let Some(rs) = rule_set {
                meta.insert(KEY_RULE_SET, rs.as_bytes())?;
            }
            bump_version(&mut meta)?;
            Ok(done)
        })
    }
}

/// A history fit to restore: events 1..=rev of this case, starting with its creation.
fn check_history(case: &Case, history: &[Event]) -> Result<()> {
    let damaged = |message: String| LedgerError::Damaged {
        key: case.id.clone(),
        message,
    };
    if case.id.trim().is_empty() || case.id != case.id.trim().to_uppercase() {
        return Err(damaged(format!(
            "the id {:?} is not an upper-case case id",
            case.id
        )));
    }
    if history.len() as u64 != case.rev {
        return Err(damaged(format!(
            "revision {} but {} history events",
            case.rev,
            history.len()
        )));
    }
    for (i, ev) in history.iter().enumerate() {
        if ev.case != case.id || ev.seq != i as u64 + 1 {
            return Err(damaged(format!(
                "history event {} is {}#{}",
                i + 1,
                ev.case,
                ev.seq
            )));
        }
    }
    match history.first().map(|e| &e.change) {
        Some(Change::Created { kind, .. }) if *kind == case.kind => Ok(()),
        _ => Err(damaged(
            "the history does not start with the case's creation".into(),
        )),
    }
}

/// Whether redb's own integrity check passes, on a file no other process has open.
pub fn check_file_integrity(path: &Path) -> Result<bool> {
    check_mode(path)?;
    let mut db = redb::Builder::new()
        .create(path)
        .map_err(|e| open_error(path, e))?;
    db.check_integrity()
        .map_err(|e| LedgerError::Storage(e.to_string()))
}

/// A ledger readable by users outside its group is refused: petitioners' data must not leak.
fn check_mode(path: &Path) -> Result<()> {
    let mode = std::fs::metadata(path)
        .map_err(|e| open_error(path, e))?
        .permissions()
        .mode();
    if mode & 0o007 != 0 {
        return Err(LedgerError::Permission(format!(
            "the ledger {} is open to users outside its group (mode {:o}); run `chmod 660 {}` and keep its directory at 770",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

/// A directory others may write to lets them replace the ledger with a file of their own, which
/// officers would then fill with petitioners' data; refused unless it has the sticky bit (as /tmp
/// does), which keeps others from renaming or deleting our files. A directory others can merely
/// read is accepted: the ledger file's own mode, checked above, keeps its contents in the group.
fn check_dir(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(meta) = std::fs::metadata(dir) else {
        return Ok(());
    };
    let mode = meta.permissions().mode();
    if mode & 0o002 != 0 && mode & 0o1000 == 0 {
        return Err(LedgerError::Permission(format!(
            "the ledger's directory {} can be written by users outside its group (mode {:o}), who could replace the ledger; run `chmod 770 {}`",
            dir.display(),
            mode & 0o7777,
            dir.display()
        )));
    }
    Ok(())
}

fn bump_version(meta: &mut redb::Table<&str, &[u8]>) -> Result<()> {
    let v = read_u64(meta, KEY_VERSION)?.unwrap_or(0);
    meta.insert(KEY_VERSION, (v + 1).to_le_bytes().as_slice())?;
    // Every case written in this transaction went through the index: it stays exact if it was.
    if read_u64(meta, KEY_OPEN_AT)? == Some(v) {
        meta.insert(KEY_OPEN_AT, (v + 1).to_le_bytes().as_slice())?;
    }
    // And through the figures table, if its records are in this program's layout (a taizhang of
    // another layout lets the marker fall behind, and the next open rebuilds the table).
    if read_u64(meta, KEY_FIGURES_AT)? == Some(v) && same_layout(meta)? {
        meta.insert(KEY_FIGURES_AT, (v + 1).to_le_bytes().as_slice())?;
    }
    Ok(())
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

/// The tables a write to a case touches: its record and its history, and what is derived from
/// them (the index of open cases, the figures table), which both ways of writing a case below
/// keep in step with them.
struct CaseTables<'t> {
    cases: redb::Table<'t, &'static str, &'static [u8]>,
    events: redb::Table<'t, (&'static str, u64), &'static [u8]>,
    open: redb::Table<'t, &'static str, &'static [u8]>,
    figures: redb::Table<'t, &'static str, &'static [u8]>,
}

impl<'t> CaseTables<'t> {
    fn open(txn: &'t WriteTransaction) -> Result<CaseTables<'t>> {
        Ok(CaseTables {
            cases: txn.open_table(CASES)?,
            events: txn.open_table(EVENTS)?,
            open: txn.open_table(OPEN)?,
            figures: txn.open_table(FIGURES)?,
        })
    }

    /// Record `changes` on `case` (already applied to it) as its events from `first_seq`, and
    /// store the case with its new revision and due date.
    #[allow(clippy::too_many_arguments)]
    fn commit(
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
        let digest = {
            let old = self.figures.get(case.id.as_str())?;
            facts::append(old.as_ref().map(|v| v.value()), case, &new)
        };
        self.figures.insert(case.id.as_str(), digest.as_slice())?;
        index_open(&mut self.open, case, &record)
    }

    /// Store a case and its whole history exactly as given (a restore).
    fn put_whole(&mut self, case: &Case, history: &[Event]) -> Result<()> {
        let id = case.id.as_str();
        for ev in history {
            self.events.insert((id, ev.seq), encode(ev)?.as_slice())?;
        }
        let record = encode(case)?;
        self.cases.insert(id, record.as_slice())?;
        index_open(&mut self.open, case, &record)?;
        self.figures
            .insert(id, facts::build(case, history).as_slice())?;
        Ok(())
    }
}

/// Keep `case` (as `record`, its stored bytes) in the open-case index if it is open, out of it
/// if not.
fn index_open(open: &mut redb::Table<&str, &[u8]>, case: &Case, record: &[u8]) -> Result<()> {
    if case.is_open() {
        open.insert(case.id.as_str(), record)?;
    } else {
        open.remove(case.id.as_str())?;
    }
    Ok(())
}

fn read_u64(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<u64>> {
    Ok(meta
        .get(key)?
        .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes)))
}

/// Whether the figures table is exact for the ledger's current version, in this program's layout.
fn figures_exact(meta: &impl ReadableTable<&'static str, &'static [u8]>) -> Result<bool> {
    let at = read_u64(meta, KEY_FIGURES_AT)?;
    Ok(at.is_some() && at == Some(read_u64(meta, KEY_VERSION)?.unwrap_or(0)) && same_layout(meta)?)
}

/// Whether the figures records are numbered as this program numbers them.
fn same_layout(meta: &impl ReadableTable<&'static str, &'static [u8]>) -> Result<bool> {
    Ok(meta
        .get(KEY_FIGURES_LAYOUT)?
        .is_some_and(|v| v.value() == facts::layout().as_bytes()))
}

/// The figures record each case should have, from its record and history; cases whose record
/// or history does not decode are left out (`check` reports them on their own).
fn wanted_figures(
    cases: &impl ReadableTable<&'static str, &'static [u8]>,
    events: &impl ReadableTable<(&'static str, u64), &'static [u8]>,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>> {
    let mut want = std::collections::BTreeMap::new();
    'cases: for item in cases.iter()? {
        let (k, v) = item?;
        let Ok(case) = decode::<Case>(k.value(), v.value()) else {
            continue;
        };
        let mut history = Vec::with_capacity(case.rev as usize);
        for item in events.range((k.value(), 0)..=(k.value(), u64::MAX))? {
            let (ek, ev) = item?;
            let (cid, seq) = ek.value();
            match decode::<Event>(&format!("{cid}#{seq}"), ev.value()) {
                Ok(e) => history.push(e),
                Err(_) => continue 'cases,
            }
        }
        want.insert(case.id.clone(), facts::build(&case, &history));
    }
    Ok(want)
}

/// The ids whose figures record differs from `want` (missing, stale, or of no case).
fn stale_figures(
    figures: &impl ReadableTable<&'static str, &'static [u8]>,
    want: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    let mut seen = 0usize;
    for item in figures.iter()? {
        let (k, v) = item?;
        match want.get(k.value()) {
            Some(w) if w.as_slice() == v.value() => seen += 1,
            _ => stale.push(k.value().to_string()),
        }
    }
    if seen + stale.iter().filter(|id| want.contains_key(*id)).count() < want.len() {
        for id in want.keys() {
            if figures.get(id.as_str())?.is_none() {
                stale.push(id.clone());
            }
        }
    }
    Ok(stale)
}

/// Rebuild the figures table from the cases and their histories and mark it exact; returns the
/// records that were wrong (missing, stale, or of no case).
fn rebuild_figures(txn: &WriteTransaction, meta: &mut redb::Table<&str, &[u8]>) -> Result<usize> {
    let cases = txn.open_table(CASES)?;
    let events = txn.open_table(EVENTS)?;
    let mut figures = txn.open_table(FIGURES)?;
    let want = wanted_figures(&cases, &events)?;
    if !same_layout(meta)? {
        // Every record is in another numbering: start afresh.
        let ids: Vec<String> = figures
            .iter()?
            .map(|item| item.map(|(k, _)| k.value().to_string()))
            .collect::<std::result::Result<_, _>>()?;
        for id in ids {
            figures.remove(id.as_str())?;
        }
        meta.insert(KEY_FIGURES_LAYOUT, facts::layout().as_bytes())?;
    }
    let stale = stale_figures(&figures, &want)?;
    for id in &stale {
        match want.get(id) {
            Some(w) => figures.insert(id.as_str(), w.as_slice())?,
            None => figures.remove(id.as_str())?,
        };
    }
    let version = read_u64(meta, KEY_VERSION)?.unwrap_or(0);
    meta.insert(KEY_FIGURES_AT, version.to_le_bytes().as_slice())?;
    Ok(stale.len())
}

/// Whether the open-case index is exact for the ledger's current version.
fn open_index_exact(meta: &impl ReadableTable<&'static str, &'static [u8]>) -> Result<bool> {
    let at = read_u64(meta, KEY_OPEN_AT)?;
    Ok(at.is_some() && at == Some(read_u64(meta, KEY_VERSION)?.unwrap_or(0)))
}

/// Rebuild the open-case index from the case records and mark it exact; returns the entries that
/// were wrong (added plus removed).
fn rebuild_open_index(
    txn: &WriteTransaction,
    meta: &mut redb::Table<&str, &[u8]>,
) -> Result<usize> {
    txn.delete_table(OPEN_IDS)?;
    let cases = txn.open_table(CASES)?;
    let mut open = txn.open_table(OPEN)?;
    let mut want = std::collections::BTreeMap::new();
    for item in cases.iter()? {
        let (k, v) = item?;
        // An undecodable record stays out of the index; `check` reports it on its own.
        if let Ok(case) = decode::<Case>(k.value(), v.value())
            && case.is_open()
        {
            want.insert(case.id, v.value().to_vec());
        }
    }
    let mut stale = Vec::new();
    for item in open.iter()? {
        let (k, v) = item?;
        if want
            .get(k.value())
            .is_some_and(|w| w.as_slice() == v.value())
        {
            want.remove(k.value());
        } else {
            stale.push(k.value().to_string());
        }
    }
    for id in &stale {
        open.remove(id.as_str())?;
    }
    for (id, record) in &want {
        open.insert(id.as_str(), record.as_slice())?;
    }
    let version = read_u64(meta, KEY_VERSION)?.unwrap_or(0);
    meta.insert(KEY_OPEN_AT, version.to_le_bytes().as_slice())?;
    Ok(stale.len() + want.len())
}
