//! Import, export and backup: whole-ledger reads and the lossless restore path.

use redb::{ReadableTable, ReadableTableMetadata};

use super::derived::bump_version;
use super::users::{audit_in, require_supervisor};
use super::write::CaseTables;
use super::{
    AUDIT, CASES, EVENTS, KEY_RULE_SET, KEY_VERSION, LocalStore, META, SOURCES, TARGETS, USERS,
    decode, encode,
};
use crate::ledger::access::{AuditEntry, UserRecord};
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::Event;
use crate::ledger::history;
use crate::ledger::model::Case;
use crate::ledger::schema::{DEFAULT_RULE_SET, schema};
use crate::ledger::snapshot::{Restored, Snapshot};
use crate::ledger::target::Target;

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
            super::read::whole(&case, &history)?;
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
            users: read_table(&r, USERS, "users")?,
            audit: read_table(&r, AUDIT, "audit")?,
            partial: None,
        })
    }

    /// Bring back a copy's users and audit log (a backup, a JSON Lines import into a new ledger):
    /// users are added as they were; the audit lines follow the ledger's own, in their order and
    /// with their times, then a line saying who restored them. Needs a supervisor where the ledger
    /// already has users; a user already present keeps the role they have.
    pub fn restore_access(
        &self,
        actor: &str,
        users: &[UserRecord],
        audit: &[AuditEntry],
    ) -> Result<()> {
        let action = format!(
            "restore {} user(s) and {} audit line(s)",
            users.len(),
            audit.len()
        );
        self.guarded(actor, &action, |txn| {
            require_supervisor(
                txn,
                actor,
                "restoring users and the audit log",
                "ask one to run the restore",
            )?;
            {
                let mut t = txn.open_table(USERS)?;
                for u in users {
                    if t.get(u.name.as_str())?.is_none() {
                        t.insert(u.name.as_str(), encode(u)?.as_slice())?;
                    }
                }
                let mut a = txn.open_table(AUDIT)?;
                let mut seq = a.last()?.map(|(k, _)| k.value()).unwrap_or(0);
                for e in audit {
                    seq += 1;
                    let e = AuditEntry { seq, ..e.clone() };
                    a.insert(seq, encode(&e)?.as_slice())?;
                }
            }
            audit_in(txn, actor, &action, None)
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
    match history::verify(case, history, chrono::Utc::now())
        .into_iter()
        .next()
    {
        None => Ok(()),
        Some(problem) => Err(LedgerError::Damaged {
            key: case.id.clone(),
            message: problem,
        }),
    }
}

/// Every record of a table of JSON records, in key order; none where the table does not exist.
fn read_table<K: redb::Key + 'static, T: super::codec::Record>(
    r: &redb::ReadTransaction,
    table: redb::TableDefinition<K, &[u8]>,
    what: &str,
) -> Result<Vec<T>> {
    match r.open_table(table) {
        Ok(t) => t
            .iter()?
            .map(|item| {
                let (_, v) = item?;
                decode(what, v.value())
            })
            .collect(),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}
