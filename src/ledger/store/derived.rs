//! The tables derived from the cases and their histories, in one registry: the index of open
//! cases and the figures table. Each declares the meta key of the ledger version it is exact for
//! (its marker), how it is kept on each write to a case, how it is rebuilt, and how it is
//! checked; opening the file, the write path, `check` and `check --repair` go through
//! [`Derived::ALL`] rather than code of their own per table.
//!
//! A process of an older taizhang that opened the ledger before it was upgraded writes without
//! keeping a derived table: then the version moves past the table's marker, readers go to the
//! cases and histories instead, and the next open rebuilds the table.

use std::collections::{BTreeMap, BTreeSet};

use redb::{ReadTransaction, ReadableTable, TableDefinition, WriteTransaction};

use super::{CASES, EVENTS, KEY_VERSION, chain, checksum, decode, facts};
use crate::ledger::error::Result;
use crate::ledger::event::Event;
use crate::ledger::model::Case;
use crate::ledger::schema;

/// The open cases, by id, each with a copy of its record: what `list` and the interface read
/// first, in one sequential pass over a quarter of a big ledger rather than all of it. Derived
/// from CASES and written in the same transaction as the case; `check` compares the two and
/// `check --repair` rebuilds it.
pub(super) const OPEN: TableDefinition<&str, &[u8]> = TableDefinition::new("open_cases");
/// An earlier form of that index (ids only) in ledgers made while schema 2 was being written:
/// dropped when the index is rebuilt.
const OPEN_IDS: TableDefinition<&str, ()> = TableDefinition::new("open");

/// What the figures count about each case, by id (see store/facts.rs): what `summary`, `report`
/// and the dashboard read instead of every history event. Derived from CASES and EVENTS and
/// written in the same transaction; `check` compares, `check --repair` rebuilds.
pub(super) const FIGURES: TableDefinition<&str, &[u8]> = TableDefinition::new("figures");

/// Each case's chain head (see store/chain.rs), sealed: what `taizhang seal` digests.
pub(super) const HEADS: TableDefinition<&str, &[u8]> = TableDefinition::new("chain_heads");

/// The ledger version the open-case index is exact for.
const KEY_OPEN_AT: &str = "open_cases_at";
/// The ledger version the figures table is exact for.
const KEY_FIGURES_AT: &str = "figures_at";
/// The ledger version the chain heads are exact for.
const KEY_HEADS_AT: &str = "chain_heads_at";
/// The numbering the figures records use ([`facts::layout`]): a table in another is rebuilt.
const KEY_FIGURES_LAYOUT: &str = "figures_layout";
/// The clock rules ([`schema::clock_digest`]) the case records' clocks and due dates were worked
/// out under: records written under other rules are recomputed from their histories.
const KEY_CLOCK_RULES: &str = "clock_rules";

/// Whether the case records' clocks follow this program's rules.
pub(super) fn clocks_current(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
) -> Result<bool> {
    Ok(meta
        .get(KEY_CLOCK_RULES)?
        .is_some_and(|v| v.value() == schema::clock_digest().as_bytes()))
}

/// Recompute every case's clock from its recorded events under this program's rules, and its
/// stored due date with them, rewriting only the case records (the events are left as they
/// were); returns how many records changed. The derived tables follow on the same open.
pub(super) fn recompute_clocks(
    txn: &WriteTransaction,
    meta: &mut redb::Table<&str, &[u8]>,
    calendar: &crate::ledger::calendar::Calendar,
    today: chrono::NaiveDate,
) -> Result<usize> {
    let rule_set = meta
        .get(super::KEY_RULE_SET)?
        .and_then(|v| String::from_utf8(v.value().to_vec()).ok())
        .unwrap_or_else(|| schema::DEFAULT_RULE_SET.to_string());
    let mut cases = txn.open_table(CASES)?;
    let events = txn.open_table(EVENTS)?;
    let mut changed = Vec::new();
    'cases: for item in cases.iter()? {
        let (k, v) = item?;
        // An undecodable record or history is left alone; `check` reports it on its own.
        let Ok(mut case) = decode::<Case>(k.value(), v.value()) else {
            continue;
        };
        let mut history = Vec::new();
        for item in events.range((k.value(), 0)..=(k.value(), u64::MAX))? {
            let (ek, ev) = item?;
            let (cid, seq) = ek.value();
            match decode::<Event>(&format!("{cid}#{seq}"), ev.value()) {
                Ok(e) => history.push(e),
                Err(_) => continue 'cases,
            }
        }
        if history.is_empty() {
            continue;
        }
        let clock = crate::ledger::command::replay_clock(case.kind, &history);
        let due = crate::ledger::deadline::due_from(
            case.kind,
            &case.state,
            clock.as_ref().map(|c| c.as_ref()),
            |f| case.date(f),
            &rule_set,
            calendar,
            today,
        )
        .map(|d| d.date);
        if clock != case.clock || due != case.due {
            case.clock = clock;
            case.due = due;
            changed.push(case);
        }
    }
    for case in &changed {
        cases.insert(case.id.as_str(), super::encode(case)?.as_slice())?;
    }
    meta.insert(KEY_CLOCK_RULES, schema::clock_digest().as_bytes())?;
    Ok(changed.len())
}

/// A table derived from the cases and their histories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Derived {
    /// The index of open cases ([`OPEN`]).
    OpenIndex,
    /// The figures records ([`FIGURES`]).
    Figures,
    /// Each case's chain head ([`HEADS`]).
    Chain,
}

/// How a case was written, for the derived tables to follow it.
pub(super) enum Written<'a> {
    /// `new` events were appended to its history (a command).
    Appended(&'a [Event]),
    /// Its whole history was written as given (a restore).
    Whole(&'a [Event]),
}

impl Derived {
    /// Every derived table, in the order they are rebuilt and checked.
    pub(super) const ALL: [Derived; 3] = [Derived::OpenIndex, Derived::Figures, Derived::Chain];

    /// The table itself.
    pub(super) fn table(self) -> TableDefinition<'static, &'static str, &'static [u8]> {
        match self {
            Derived::OpenIndex => OPEN,
            Derived::Figures => FIGURES,
            Derived::Chain => HEADS,
        }
    }

    /// The meta key holding the ledger version the table is exact for.
    fn marker(self) -> &'static str {
        match self {
            Derived::OpenIndex => KEY_OPEN_AT,
            Derived::Figures => KEY_FIGURES_AT,
            Derived::Chain => KEY_HEADS_AT,
        }
    }

    /// Whether the table's records are in the form this program writes (the figures records are
    /// numbered by [`facts::layout`]; a taizhang of another layout lets the marker fall behind).
    fn in_our_layout(self, meta: &impl ReadableTable<&'static str, &'static [u8]>) -> Result<bool> {
        match self {
            Derived::OpenIndex | Derived::Chain => Ok(true),
            Derived::Figures => Ok(meta
                .get(KEY_FIGURES_LAYOUT)?
                .is_some_and(|v| v.value() == figures_layout().as_bytes())),
        }
    }

    /// Whether the table is exact for the ledger's current version, in this program's layout.
    pub(super) fn exact(
        self,
        meta: &impl ReadableTable<&'static str, &'static [u8]>,
    ) -> Result<bool> {
        let at = read_u64(meta, self.marker())?;
        Ok(at.is_some()
            && at == Some(read_u64(meta, KEY_VERSION)?.unwrap_or(0))
            && self.in_our_layout(meta)?)
    }

    /// Whether every derived table is exact.
    pub(super) fn all_exact(
        meta: &impl ReadableTable<&'static str, &'static [u8]>,
    ) -> Result<bool> {
        for d in Derived::ALL {
            if !d.exact(meta)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Keep the table in step with `case`, just stored as `record`.
    fn keep(
        self,
        table: &mut redb::Table<&str, &[u8]>,
        case: &Case,
        record: &[u8],
        written: &Written,
    ) -> Result<()> {
        let id = case.id.as_str();
        match self {
            Derived::OpenIndex => {
                if case.is_open() {
                    table.insert(id, record)?;
                } else {
                    table.remove(id)?;
                }
            }
            Derived::Figures => {
                let digest = match written {
                    Written::Appended(new) => {
                        let old = table.get(id)?;
                        let old = match &old {
                            Some(v) => Some(checksum::open(id, v.value())?),
                            None => None,
                        };
                        facts::append(old, case, new)
                    }
                    Written::Whole(history) => facts::build(case, history),
                };
                table.insert(id, checksum::seal(&digest).as_slice())?;
            }
            Derived::Chain => {
                let head = match written {
                    Written::Appended(new) => {
                        let old = match table.get(id)? {
                            Some(v) => read_head(id, v.value())?,
                            None => chain::start(id),
                        };
                        chain::follow(old, *new)?
                    }
                    Written::Whole(history) => chain::follow(chain::start(id), *history)?,
                };
                table.insert(id, checksum::seal(&head).as_slice())?;
            }
        }
        Ok(())
    }

    /// Rebuild the table from the cases (and histories) and mark it exact; returns the records
    /// that were wrong (missing, stale, or of no case).
    pub(super) fn rebuild(
        self,
        txn: &WriteTransaction,
        meta: &mut redb::Table<&str, &[u8]>,
    ) -> Result<usize> {
        let wrong = match self {
            Derived::OpenIndex => rebuild_open_index(txn)?,
            Derived::Figures => rebuild_figures(txn, meta)?,
            Derived::Chain => rebuild_chain(txn)?,
        };
        let version = read_u64(meta, KEY_VERSION)?.unwrap_or(0);
        meta.insert(self.marker(), version.to_le_bytes().as_slice())?;
        Ok(wrong)
    }

    /// What `check --repair` says it did when `wrong` records were corrected.
    pub(super) fn repaired(self, wrong: usize) -> String {
        match self {
            Derived::OpenIndex => format!("index of open cases: {wrong} entries corrected"),
            Derived::Figures => {
                format!("figures table: {wrong} records rebuilt from the histories")
            }
            Derived::Chain => {
                format!(
                    "history chains: {wrong} heads recomputed from the histories (a seal made before still proves whether they changed)"
                )
            }
        }
    }

    /// Compare the table with what `check` worked out from the cases and histories (`want`),
    /// adding a line to `problems` for each difference. Only for a table that claims to be
    /// exact: one that does not is not read, and is rebuilt on the next open.
    pub(super) fn check(
        self,
        r: &ReadTransaction,
        want: &mut Expected,
        problems: &mut Vec<String>,
    ) -> Result<()> {
        let table = match r.open_table(self.table()) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => {
                problems.push(match self {
                    Derived::OpenIndex => {
                        "the index of open cases is missing; `taizhang check --repair` rebuilds it"
                    }
                    Derived::Figures => {
                        "the figures table is missing; `taizhang check --repair` rebuilds it"
                    }
                    Derived::Chain => {
                        "the history chains are missing; `taizhang check --repair` rebuilds them"
                    }
                }.into());
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        match self {
            Derived::OpenIndex => {
                let cases = r.open_table(CASES)?;
                let open_ids = &mut want.open;
                for item in table.iter()? {
                    let (k, v) = item?;
                    if !open_ids.remove(k.value()) {
                        problems.push(format!("the index of open cases lists {}, which is not an open case; `taizhang check --repair` rebuilds the index", k.value()));
                    } else if cases.get(k.value())?.is_none_or(|c| c.value() != v.value()) {
                        problems.push(format!("the index of open cases holds an old copy of {}; `taizhang check --repair` rebuilds the index", k.value()));
                    }
                }
                for id in std::mem::take(open_ids) {
                    problems.push(format!("open case {id} is missing from the index of open cases; `taizhang check --repair` rebuilds the index"));
                }
            }
            Derived::Figures => {
                let stale = stale_figures(&table, &want.figures)?;
                if !stale.is_empty() {
                    let mut ids = stale.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                    if stale.len() > 5 {
                        ids.push_str(", …");
                    }
                    problems.push(format!("the figures of {} case(s) do not match their histories ({ids}); `taizhang check --repair` rebuilds them", stale.len()));
                }
            }
            Derived::Chain => {
                let mut want = std::mem::take(&mut want.heads);
                for item in table.iter()? {
                    let (k, v) = item?;
                    match want.remove(k.value()) {
                        Some(w) if w.as_slice() == v.value() => {}
                        Some(_) => problems.push(format!("{}: its history does not lead to the head its chain recorded: an event was changed, added or removed outside taizhang", k.value())),
                        None => problems.push(format!("the history chains hold {}, which is not a case whose history reads", k.value())),
                    }
                }
                for id in want.keys() {
                    problems.push(format!(
                        "{id}: its history chain is missing; `taizhang check --repair` rebuilds it"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What the derived tables should hold, worked out by `check` in its one pass over the cases.
#[derive(Default)]
pub(super) struct Expected {
    /// The ids of the open cases.
    open: BTreeSet<String>,
    /// The figures record of each case whose record and history decode.
    figures: BTreeMap<String, Vec<u8>>,
    /// The chain head (sealed) of each case whose record and history decode.
    heads: BTreeMap<String, Vec<u8>>,
}

impl Expected {
    /// Note the case stored under `id`; `history` is None if some of its events do not decode.
    pub(super) fn case(&mut self, id: &str, case: &Case, history: Option<&[Event]>) {
        if case.is_open() {
            self.open.insert(id.to_string());
        }
        if let Some(history) = history {
            self.figures.insert(
                case.id.clone(),
                checksum::seal(&facts::build(case, history)),
            );
            if let Ok(head) = chain::follow(chain::start(id), history) {
                self.heads.insert(id.to_string(), checksum::seal(&head));
            }
        }
    }
}

/// The derived tables, open in a write transaction, kept in step with each case written.
pub(super) struct DerivedTables<'t> {
    tables: Vec<(Derived, redb::Table<'t, &'static str, &'static [u8]>)>,
}

impl<'t> DerivedTables<'t> {
    pub(super) fn open(txn: &'t WriteTransaction) -> Result<DerivedTables<'t>> {
        let mut tables = Vec::with_capacity(Derived::ALL.len());
        for d in Derived::ALL {
            tables.push((d, txn.open_table(d.table())?));
        }
        Ok(DerivedTables { tables })
    }

    /// Follow `case`, just stored as `record`, into every derived table.
    pub(super) fn keep(&mut self, case: &Case, record: &[u8], written: Written) -> Result<()> {
        for (d, table) in &mut self.tables {
            d.keep(table, case, record, &written)?;
        }
        Ok(())
    }
}

/// Count a committed write: bump the ledger version, and move the marker of every derived table
/// that was exact and kept by this write (every case written went through [`DerivedTables`]),
/// if its records are in this program's layout.
pub(super) fn bump_version(meta: &mut redb::Table<&str, &[u8]>) -> Result<()> {
    let v = read_u64(meta, KEY_VERSION)?.unwrap_or(0);
    meta.insert(KEY_VERSION, (v + 1).to_le_bytes().as_slice())?;
    for d in Derived::ALL {
        if read_u64(meta, d.marker())? == Some(v) && d.in_our_layout(meta)? {
            meta.insert(d.marker(), (v + 1).to_le_bytes().as_slice())?;
        }
    }
    Ok(())
}

pub(super) fn read_u64(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    key: &str,
) -> Result<Option<u64>> {
    Ok(meta
        .get(key)?
        .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes)))
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
        want.insert(
            case.id.clone(),
            checksum::seal(&facts::build(&case, &history)),
        );
    }
    Ok(want)
}

/// The figures records' layout marker: their numbering, and that each is sealed with a checksum.
pub fn figures_layout() -> String {
    format!("{} sealed", facts::layout())
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

/// Rebuild the figures table from the cases and their histories; returns the records that were
/// wrong (missing, stale, or of no case).
fn rebuild_figures(txn: &WriteTransaction, meta: &mut redb::Table<&str, &[u8]>) -> Result<usize> {
    let cases = txn.open_table(CASES)?;
    let events = txn.open_table(EVENTS)?;
    let mut figures = txn.open_table(FIGURES)?;
    let want = wanted_figures(&cases, &events)?;
    if !Derived::Figures.in_our_layout(meta)? {
        // Every record is in another numbering: start afresh.
        let ids: Vec<String> = figures
            .iter()?
            .map(|item| item.map(|(k, _)| k.value().to_string()))
            .collect::<std::result::Result<_, _>>()?;
        for id in ids {
            figures.remove(id.as_str())?;
        }
        meta.insert(KEY_FIGURES_LAYOUT, figures_layout().as_bytes())?;
    }
    let stale = stale_figures(&figures, &want)?;
    for id in &stale {
        match want.get(id) {
            Some(w) => figures.insert(id.as_str(), w.as_slice())?,
            None => figures.remove(id.as_str())?,
        };
    }
    Ok(stale.len())
}

/// Rebuild the open-case index from the case records; returns the entries that were wrong (added
/// plus removed).
fn rebuild_open_index(txn: &WriteTransaction) -> Result<usize> {
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
    Ok(stale.len() + want.len())
}

/// A stored chain head.
pub(super) fn read_head(id: &str, bytes: &[u8]) -> Result<chain::Head> {
    checksum::open(id, bytes)?
        .try_into()
        .map_err(|_| crate::ledger::error::LedgerError::Damaged {
            key: format!("chain/{id}"),
            message: "not a chain head; `taizhang check --repair` rebuilds it".into(),
        })
}

/// Recompute every case's chain head from its history; returns the heads that were wrong.
fn rebuild_chain(txn: &WriteTransaction) -> Result<usize> {
    let cases = txn.open_table(CASES)?;
    let events = txn.open_table(EVENTS)?;
    let mut heads = txn.open_table(HEADS)?;
    let mut want = BTreeMap::new();
    'cases: for item in cases.iter()? {
        let (k, _) = item?;
        let id = k.value();
        let mut head = chain::start(id);
        for item in events.range((id, 0)..=(id, u64::MAX))? {
            let (ek, ev) = item?;
            let (cid, seq) = ek.value();
            match decode::<Event>(&format!("{cid}#{seq}"), ev.value()) {
                Ok(e) => head = chain::next(&head, &e)?,
                Err(_) => continue 'cases,
            }
        }
        want.insert(id.to_string(), checksum::seal(&head));
    }
    let mut wrong = Vec::new();
    for item in heads.iter()? {
        let (k, v) = item?;
        if want
            .get(k.value())
            .is_none_or(|w| w.as_slice() != v.value())
        {
            wrong.push(k.value().to_string());
        }
    }
    let present: BTreeSet<String> = heads
        .iter()?
        .map(|item| item.map(|(k, _)| k.value().to_string()))
        .collect::<std::result::Result<_, _>>()?;
    for id in want.keys() {
        if !present.contains(id) {
            wrong.push(id.clone());
        }
    }
    for id in &wrong {
        match want.get(id) {
            Some(w) => heads.insert(id.as_str(), w.as_slice())?,
            None => heads.remove(id.as_str())?,
        };
    }
    Ok(wrong.len())
}
