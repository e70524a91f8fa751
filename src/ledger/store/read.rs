//! Reading the ledger: cases, histories, the open cases through their index, the figures
//! records, import references, the version and the settings.

use std::time::{Duration, Instant};

use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};

use super::derived::Derived;
use super::{
    CASES, EVENTS, KEY_RULE_SET, KEY_VERSION, LocalStore, MAX_WAIT, META, TARGETS, codec, decode,
};
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::Event;
use crate::ledger::model::Case;
use crate::ledger::schema::DEFAULT_RULE_SET;
use crate::ledger::target::Target;

use super::facts::Digests;

impl LocalStore {
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

    pub fn targets(&self) -> Result<Vec<Target>> {
        self.read_all(TARGETS, "targets")
    }

    /// Every record of a table of JSON records, in key order; none if the table was never made.
    pub(super) fn read_all<K, T>(
        &self,
        def: TableDefinition<K, &[u8]>,
        label: &str,
    ) -> Result<Vec<T>>
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
    /// case while the index is behind (see store/derived.rs).
    pub fn open_cases(&self) -> Result<Vec<Case>> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        let cases = r.open_table(CASES)?;
        let mut out = Vec::new();
        if !Derived::OpenIndex.exact(&meta)? {
            for item in cases.iter()? {
                let (k, v) = item?;
                let case: Case = decode(k.value(), v.value())?;
                if case.is_open() {
                    out.push(case);
                }
            }
            return Ok(out);
        }
        let open = r.open_table(Derived::OpenIndex.table())?;
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
        let case: Case = match r.open_table(CASES)?.get(id.as_str())? {
            Some(v) => decode(&id, v.value())?,
            None => return Err(LedgerError::NotFound(id)),
        };
        let events = r.open_table(EVENTS)?;
        let mut out = Vec::new();
        for item in events.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
            let (k, v) = item?;
            let (cid, seq) = k.value();
            out.push(decode(&format!("{cid}#{seq}"), v.value())?);
        }
        whole(&case, &out)?;
        Ok(out)
    }

    /// Every event of every case, grouped by case in id order (for reports).
    pub fn all_events(&self) -> Result<Vec<Event>> {
        let r = self.read()?;
        let events = r.open_table(EVENTS)?;
        let cases = r.open_table(CASES)?;
        let mut out: Vec<Event> = Vec::with_capacity(events.len()? as usize);
        // Each case's run of events is whole: numbered from 1, as long as its revision.
        let ended = |last: Option<&Event>| -> Result<()> {
            if let Some(last) = last {
                let case: Case = match cases.get(last.case.as_str())? {
                    Some(v) => decode(&last.case, v.value())?,
                    None => return Err(damaged_history(&last.case, "its case record is missing")),
                };
                if last.seq != case.rev {
                    return Err(damaged_history(
                        &case.id,
                        &format!("{} events for revision {}", last.seq, case.rev),
                    ));
                }
            }
            Ok(())
        };
        for item in events.iter()? {
            let (k, v) = item?;
            let (cid, seq) = k.value();
            let ev: Event = decode(&format!("{cid}#{seq}"), v.value())?;
            let expected = match out.last() {
                Some(prev) if prev.case == ev.case => prev.seq + 1,
                prev => {
                    ended(prev)?;
                    1
                }
            };
            if ev.seq != expected {
                return Err(damaged_history(
                    &ev.case,
                    &format!("event {expected} is missing"),
                ));
            }
            out.push(ev);
        }
        ended(out.last())?;
        Ok(out)
    }

    /// What the figures read: every case's figures record, from one read of the ledger. None
    /// while the figures table is behind the ledger (an older taizhang wrote since it was last
    /// opened) or numbered otherwise: the caller replays the histories.
    pub fn digests(&self) -> Result<Option<Digests>> {
        let r = self.read()?;
        let meta = r.open_table(META)?;
        if !Derived::Figures.exact(&meta)? {
            return Ok(None);
        }
        let figures = match r.open_table(Derived::Figures.table()) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut d = Digests::default();
        for item in figures.iter()? {
            let (k, v) = item?;
            d.push(k.value(), super::checksum::open(k.value(), v.value())?);
        }
        Ok(Some(d))
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

fn damaged_history(id: &str, what: &str) -> LedgerError {
    LedgerError::Damaged {
        key: id.to_string(),
        message: format!(
            "its history is not whole ({what}); `taizhang check` says more, and a backup restores it"
        ),
    }
}

/// A case's history as read is the whole of it: events 1 to its revision, in order.
pub(super) fn whole(case: &Case, history: &[Event]) -> Result<()> {
    for (i, ev) in history.iter().enumerate() {
        if ev.seq != i as u64 + 1 {
            return Err(damaged_history(
                &case.id,
                &format!("event {} is missing", i + 1),
            ));
        }
    }
    if history.len() as u64 != case.rev {
        return Err(damaged_history(
            &case.id,
            &format!("{} events for revision {}", history.len(), case.rev),
        ));
    }
    Ok(())
}
