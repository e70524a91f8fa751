//! The ledger file: a redb database several officers' processes open at once (MultiWriter mode).
//! Every write is one short transaction holding the events, the updated case and the counters;
//! values are JSON bytes decoded here, so a damaged record is reported with its key.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDate, Utc};
use redb::{
    ConcurrencyMode, Database, ReadTransaction, ReadableDatabase, ReadableTable, ReadableTableMetadata,
    TableDefinition, WriteTransaction,
};
use serde::{Serialize, de::DeserializeOwned};

use super::calendar::Calendar;
use super::command::{self, Command, Context};
use super::deadline::{Due, due};
use super::error::{LedgerError, Result};
use super::event::{Change, Event};
use super::model::Case;
use super::schema::{DEFAULT_RULE_SET, Kind, schema};

pub const SCHEMA_VERSION: u32 = 1;

const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");
const EVENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("events");
/// Import source reference (file#row or an external id) → case id.
const SOURCES: TableDefinition<&str, &str> = TableDefinition::new("sources");

/// Yearly targets: "kind/measure/year" → Target.
const TARGETS: TableDefinition<&str, &[u8]> = TableDefinition::new("targets");

const KEY_SCHEMA: &str = "schema";
const KEY_VERSION: &str = "version";
const KEY_RULE_SET: &str = "rule_set";

/// How long a writer waits for another process's write transaction before giving up.
const WRITE_PATIENCE: Duration = Duration::from_secs(20);

pub struct Ledger {
    db: Database,
    path: PathBuf,
    calendar: Calendar,
    actor: String,
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
        Request { command, expect_rev: None }
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

fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| LedgerError::Storage(format!("cannot encode a record: {e}")))
}

fn decode<T: DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| LedgerError::Damaged {
        key: key.to_string(),
        message: e.to_string(),
    })
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

impl Ledger {
    /// Open the ledger at `path`, creating it (group-shared, 0660 in a 0770 directory) if absent.
    pub fn open(path: &Path, calendar: Calendar) -> Result<Ledger> {
        let exists = path.exists();
        if !exists {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
                std::fs::create_dir_all(dir).map_err(|e| open_error(path, format!("cannot create its directory: {e}")))?;
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o770));
            }
        } else {
            check_mode(path)?;
            if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
                return Err(open_error(path, "the file is empty, not a ledger; remove it or point --db at the ledger"));
            }
        }
        let db = redb::Builder::new()
            .set_concurrency_mode(ConcurrencyMode::MultiWriter)
            .create(path)
            .map_err(|e| match e {
                redb::DatabaseError::Storage(redb::StorageError::Io(io)) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                    open_error(path, "permission denied: ask for membership of the ledger's group")
                }
                e => open_error(path, format!("{e} (is it a taizhang ledger? `taizhang check --db {}` says more)", path.display())),
            })?;
        if !exists {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660));
        }
        let ledger = Ledger {
            db,
            path: path.to_path_buf(),
            calendar,
            actor: current_user(),
        };
        ledger.init_schema()?;
        Ok(ledger)
    }

    fn init_schema(&self) -> Result<()> {
        // Fast path: an existing ledger needs only a read.
        {
            let r = self.db.begin_read()?;
            if let Ok(meta) = r.open_table(META)
                && let Some(v) = meta.get(KEY_SCHEMA)?
            {
                return self.check_schema(v.value());
            }
        }
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let found = meta.get(KEY_SCHEMA)?.map(|v| v.value().to_vec());
            match found {
                Some(v) => self.check_schema(&v)?,
                None => {
                    meta.insert(KEY_SCHEMA, SCHEMA_VERSION.to_le_bytes().as_slice())?;
                    meta.insert(KEY_VERSION, 0u64.to_le_bytes().as_slice())?;
                }
            }
            drop(meta);
            txn.open_table(CASES)?;
            txn.open_table(EVENTS)?;
            txn.open_table(SOURCES)?;
            txn.open_table(TARGETS)?;
            Ok(())
        })
    }

    fn check_schema(&self, bytes: &[u8]) -> Result<()> {
        let found = bytes
            .try_into()
            .map(u32::from_le_bytes)
            .map_err(|_| LedgerError::Damaged { key: "meta/schema".into(), message: "not a version number".into() })?;
        if found > SCHEMA_VERSION {
            return Err(LedgerError::NewerSchema {
                path: self.path.display().to_string(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &str {
        &self.actor
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

    pub fn set_rule_set(&self, name: &str) -> Result<()> {
        if !schema().has_rule_set(name) {
            return Err(LedgerError::BadValue {
                what: "rule set".into(),
                value: name.to_string(),
                hint: format!("use one of {}", schema().rule_set_names().join(", ")),
            });
        }
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            meta.insert(KEY_RULE_SET, name.as_bytes())?;
            bump_version(&mut meta)?;
            Ok(())
        })
    }

    /// Set a yearly target (replacing any for the same kind, measure and year).
    pub fn set_target(&self, t: &Target) -> Result<()> {
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let mut targets = txn.open_table(TARGETS)?;
            targets.insert(t.key().as_str(), encode(t)?.as_slice())?;
            bump_version(&mut meta)?;
            Ok(())
        })
    }

    /// Remove a target; false if there was none.
    pub fn remove_target(&self, kind: Kind, measure: &str, year: i32) -> Result<bool> {
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let mut targets = txn.open_table(TARGETS)?;
            let key = format!("{}/{measure}/{year}", kind.key());
            let removed = targets.remove(key.as_str())?.is_some();
            if removed {
                bump_version(&mut meta)?;
            }
            Ok(removed)
        })
    }

    pub fn targets(&self) -> Result<Vec<Target>> {
        let r = self.read()?;
        let table = match r.open_table(TARGETS) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut out = Vec::new();
        for item in table.iter()? {
            let (k, v) = item?;
            out.push(decode(k.value(), v.value())?);
        }
        Ok(out)
    }

    /// Apply one command now, as the current user.
    pub fn execute(&self, req: impl Into<Request>) -> Result<Outcome> {
        let mut out = self.execute_batch(vec![req.into()], Utc::now(), today())?;
        out.pop().ok_or_else(|| LedgerError::Storage("a command produced no outcome".into()))
    }

    /// Apply several commands in one transaction: all are committed, or none (the first error).
    /// `now` and `today` are the time recorded and the day deadlines count from.
    pub fn execute_batch(&self, reqs: Vec<Request>, now: DateTime<Utc>, today: NaiveDate) -> Result<Vec<Outcome>> {
        self.execute_batch_with(reqs, |_| (now, today))
    }

    /// Like [`execute_batch`](Self::execute_batch), with the time of each command given by `when`
    /// (the demo and imports record work done on earlier days).
    pub fn execute_batch_with(
        &self,
        reqs: Vec<Request>,
        mut when: impl FnMut(usize) -> (DateTime<Utc>, NaiveDate),
    ) -> Result<Vec<Outcome>> {
        let rule_set = self.rule_set()?;
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let mut cases = txn.open_table(CASES)?;
            let mut events = txn.open_table(EVENTS)?;
            let mut sources = txn.open_table(SOURCES)?;
            let mut outcomes = Vec::with_capacity(reqs.len());
            for (i, req) in reqs.iter().enumerate() {
                let (now, today) = when(i);
                let ctx = Context { today, rule_set: &rule_set, calendar: &self.calendar };
                let (mut case, changes, first_seq) = match &req.command {
                    Command::Create { kind, title, fields, source } => {
                        if let Some(src) = source
                            && let Some(existing) = sources.get(src.as_str())?
                        {
                            return Err(LedgerError::Requirement(format!(
                                "{src} was already imported as {}",
                                existing.value()
                            )));
                        }
                        let id = next_id(&mut meta, *kind, today.format("%Y").to_string().as_str())?;
                        let (case, changes) = command::create(id, *kind, title, fields, source.clone(), &ctx, now)?;
                        if let Some(src) = source {
                            sources.insert(src.as_str(), case.id.as_str())?;
                        }
                        (case, changes, 1)
                    }
                    cmd => {
                        let id = resolve_target(&sources, cmd.target().unwrap_or_default())?;
                        let mut case: Case = match cases.get(id.as_str())? {
                            Some(v) => decode(&id, v.value())?,
                            None => return Err(LedgerError::NotFound(id)),
                        };
                        if let Some(expect) = req.expect_rev
                            && expect != case.rev
                        {
                            let by = events
                                .get((id.as_str(), case.rev))?
                                .and_then(|v| decode::<Event>(&id, v.value()).ok())
                                .map(|e| e.actor)
                                .unwrap_or_else(|| "another officer".into());
                            return Err(LedgerError::Conflict { id, by, had: expect, now: case.rev });
                        }
                        if let Command::Link { other, .. } = cmd {
                            let other = other.trim().to_uppercase();
                            let mut o: Case = match cases.get(other.as_str())? {
                                Some(v) => decode(&other, v.value())?,
                                None => return Err(LedgerError::NotFound(other)),
                            };
                            // Links go both ways: record it on the other case too.
                            let back = command::apply(&mut o, &Command::Link { id: other.clone(), other: id.clone() }, &ctx)?;
                            if !back.is_empty() {
                                let seq = o.rev + 1;
                                commit_case(&mut cases, &mut events, &mut o, back, seq, now, &self.actor, &rule_set, &self.calendar, today)?;
                            }
                            let cmd = Command::Link { id: id.clone(), other };
                            let changes = command::apply(&mut case, &cmd, &ctx)?;
                            let seq = case.rev + 1;
                            (case, changes, seq)
                        } else {
                            let changes = command::apply(&mut case, cmd, &ctx)?;
                            let seq = case.rev + 1;
                            (case, changes, seq)
                        }
                    }
                };
                if changes.is_empty() {
                    outcomes.push(Outcome { id: case.id.clone(), rev: case.rev, changes });
                    continue;
                }
                commit_case(&mut cases, &mut events, &mut case, changes.clone(), first_seq, now, &self.actor, &rule_set, &self.calendar, today)?;
                outcomes.push(Outcome { id: case.id.clone(), rev: case.rev, changes });
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

    /// Record that personal data of `ids` was shown in full to the current user.
    pub fn record_pii_view(&self, ids: &[String], purpose: &str) -> Result<()> {
        let now = Utc::now();
        let rule_set = self.rule_set()?;
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let mut cases = txn.open_table(CASES)?;
            let mut events = txn.open_table(EVENTS)?;
            for id in ids {
                let mut case: Case = match cases.get(id.as_str())? {
                    Some(v) => decode(id, v.value())?,
                    None => return Err(LedgerError::NotFound(id.clone())),
                };
                let seq = case.rev + 1;
                let change = Change::PiiViewed { purpose: purpose.to_string() };
                commit_case(&mut cases, &mut events, &mut case, vec![change], seq, now, &self.actor, &rule_set, &self.calendar, today())?;
            }
            bump_version(&mut meta)?;
            Ok(())
        })
    }

    /// The due date of `case` under this ledger's rule set and calendar.
    pub fn due(&self, case: &Case, rule_set: &str, today: NaiveDate) -> Option<Due> {
        due(case, rule_set, &self.calendar, today)
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
        for item in cases.iter()? {
            let (k, v) = item?;
            let id = k.value().to_string();
            let case: Case = match decode(&id, v.value()) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            if case.id != id {
                problems.push(format!("{id}: record says it is {}", case.id));
            }
            let def = case.kind.def();
            let mut state: Option<String> = None;
            let mut expected = 1u64;
            for item in events.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
                let (k, v) = item?;
                let seq = k.value().1;
                n_events += 1;
                if seq != expected {
                    problems.push(format!("{id}: history event {expected} missing (found {seq})"));
                }
                expected = seq + 1;
                let ev: Event = match decode(&format!("{id}#{seq}"), v.value()) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(e.to_string());
                        continue;
                    }
                };
                match ev.change {
                    Change::Created { state: s, .. } => state = Some(s),
                    Change::State { from, to, .. } => {
                        if state.as_deref() != Some(from.as_str()) {
                            problems.push(format!("{id}#{seq}: moved from {from} but history had it in {}", state.as_deref().unwrap_or("no state")));
                        } else if def.transition(&from, &to).is_none() {
                            problems.push(format!("{id}#{seq}: {from} → {to} is not an allowed transition"));
                        }
                        state = Some(to);
                    }
                    _ => {}
                }
            }
            if expected - 1 != case.rev {
                problems.push(format!("{id}: revision {} but {} history events", case.rev, expected - 1));
            }
            if state.as_deref() != Some(case.state.as_str()) {
                problems.push(format!("{id}: state {} is not where its history leads ({})", case.state, state.as_deref().unwrap_or("nothing")));
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
                    problems.push(format!("{id}: id counter {code}-{year} is at {counter}, behind the id"));
                }
            }
        }
        if events.len()? != n_events {
            problems.push(format!("{} history events belong to no case", events.len()? - n_events));
        }
        for item in sources.iter()? {
            let (k, v) = item?;
            if cases.get(v.value())?.is_none() {
                problems.push(format!("import reference {} points at missing case {}", k.value(), v.value()));
            }
        }
        Ok(problems)
    }
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

impl Ledger {
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
        Ok(Snapshot { version, rule_set, cases: out, targets })
    }

    /// Write cases and their histories exactly as given (a JSON Lines import, a backup), in one
    /// transaction: nothing is replayed, so actors, times and ids stay as they were. A case already
    /// in the ledger with the same record and history is left alone; one that differs refuses the
    /// whole restore. Id counters move past the restored ids so new cases do not collide.
    pub fn restore(&self, items: &[(Case, Vec<Event>)], targets: &[Target], rule_set: Option<&str>) -> Result<Restored> {
        if let Some(rs) = rule_set
            && !schema().has_rule_set(rs)
        {
            return Err(LedgerError::BadValue {
                what: "rule set".into(),
                value: rs.to_string(),
                hint: format!("use one of {}", schema().rule_set_names().join(", ")),
            });
        }
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let mut cases = txn.open_table(CASES)?;
            let mut events = txn.open_table(EVENTS)?;
            let mut sources = txn.open_table(SOURCES)?;
            let mut done = Restored::default();
            for (case, history) in items {
                check_history(case, history)?;
                let id = case.id.as_str();
                let existing: Option<Case> = match cases.get(id)? {
                    Some(v) => Some(decode(id, v.value())?),
                    None => None,
                };
                if let Some(old) = existing {
                    let mut old_history = Vec::new();
                    for item in events.range((id, 0)..=(id, u64::MAX))? {
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
                for ev in history {
                    events.insert((id, ev.seq), encode(ev)?.as_slice())?;
                }
                cases.insert(id, encode(case)?.as_slice())?;
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
    let damaged = |message: String| LedgerError::Damaged { key: case.id.clone(), message };
    if case.id.trim().is_empty() || case.id != case.id.trim().to_uppercase() {
        return Err(damaged(format!("the id {:?} is not an upper-case case id", case.id)));
    }
    if history.len() as u64 != case.rev {
        return Err(damaged(format!("revision {} but {} history events", case.rev, history.len())));
    }
    for (i, ev) in history.iter().enumerate() {
        if ev.case != case.id || ev.seq != i as u64 + 1 {
            return Err(damaged(format!("history event {} is {}#{}", i + 1, ev.case, ev.seq)));
        }
    }
    match history.first().map(|e| &e.change) {
        Some(Change::Created { kind, .. }) if *kind == case.kind => Ok(()),
        _ => Err(damaged("the history does not start with the case's creation".into())),
    }
}

/// Whether redb's own integrity check passes, on a file no other process has open.
pub fn check_file_integrity(path: &Path) -> Result<bool> {
    check_mode(path)?;
    let mut db = redb::Builder::new()
        .create(path)
        .map_err(|e| open_error(path, e))?;
    db.check_integrity().map_err(|e| LedgerError::Storage(e.to_string()))
}

/// A ledger readable by users outside its group is refused: petitioners' data must not leak.
fn check_mode(path: &Path) -> Result<()> {
    let mode = std::fs::metadata(path).map_err(|e| open_error(path, e))?.permissions().mode();
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

fn bump_version(meta: &mut redb::Table<&str, &[u8]>) -> Result<()> {
    let v = meta
        .get(KEY_VERSION)?
        .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
        .unwrap_or(0);
    meta.insert(KEY_VERSION, (v + 1).to_le_bytes().as_slice())?;
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

#[allow(clippy::too_many_arguments)]
fn commit_case(
    cases: &mut redb::Table<&str, &[u8]>,
    events: &mut redb::Table<(&str, u64), &[u8]>,
    case: &mut Case,
    changes: Vec<Change>,
    first_seq: u64,
    now: DateTime<Utc>,
    actor: &str,
    rule_set: &str,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<()> {
    let mut seq = first_seq;
    for change in changes {
        let ev = Event { case: case.id.clone(), seq, at: now, actor: actor.to_string(), change };
        events.insert((case.id.as_str(), seq), encode(&ev)?.as_slice())?;
        seq += 1;
    }
    case.rev = seq - 1;
    case.updated = now;
    case.due = due(case, rule_set, calendar, today).map(|d| d.date);
    cases.insert(case.id.as_str(), encode(case)?.as_slice())?;
    Ok(())
}
