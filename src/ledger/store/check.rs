//! `taizhang check [--repair]`: verifying a ledger file and its invariants without changing it,
//! and rebuilding the data derived from the cases and their histories. Kept apart from the write path: nothing here
//! runs in the daily work, and nothing here deletes a case or an event.
//!
//! The check runs on a private copy of the file. redb's own verification repairs what it can as
//! it goes, and a damaged ledger must be reported, never repaired silently; the copy also keeps a
//! read-only check from touching a file other officers are writing.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use redb::{ReadableTable, ReadableTableMetadata};

use super::derived::{Derived, Expected, bump_version};
use super::open::check_mode;
use super::users::{audit_in, require_supervisor};
use super::{CASES, EVENTS, LocalStore, META, SOURCES, decode, encode, open_error};
use crate::ledger::calendar::Calendar;
use crate::ledger::clock::today;
use crate::ledger::deadline::due;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::Event;
use crate::ledger::history::Walk;
use crate::ledger::model::Case;

/// What `check` found in a ledger file.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// redb's verification of every page: Err with its message if the file is damaged or is
    /// not a ledger at all.
    pub storage: std::result::Result<(), String>,
    /// Broken invariants of the ledger (`LocalStore::check`), one line each.
    pub problems: Vec<String>,
    pub cases: u64,
}

/// Verify the file at `path` without changing it: redb checks every page of a private copy,
/// then the ledger's invariants are checked on that copy. A copy taken while another officer
/// commits can look torn, so a copy that fails while the file changed under it is taken again
/// before the file is called damaged.
pub fn check_file(path: &Path, calendar: &Calendar) -> Result<Checked> {
    check_mode(path)?;
    let stamp = || {
        std::fs::metadata(path)
            .map(|m| (m.len(), m.modified().ok()))
            .map_err(|e| open_error(path, e))
    };
    if stamp()?.0 == 0 {
        return Err(open_error(
            path,
            "the file is empty, not a ledger; remove it or point --db at the ledger",
        ));
    }
    let mut last = String::new();
    for attempt in 0..5 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(100));
        }
        let before = stamp()?;
        let copy = PrivateCopy::of(path)?;
        let written_meanwhile = stamp()? != before;
        match redb::Builder::new()
            .set_check_integrity_on_open(true)
            .open(&copy.path)
        {
            Ok(db) => drop(db),
            Err(e) => {
                last = e.to_string();
                if written_meanwhile {
                    continue;
                }
                break;
            }
        }
        let store = LocalStore::open(&copy.path, calendar.clone())
            .map_err(|e| as_original(e, &copy.path, path))?;
        let problems = store
            .check()
            .map_err(|e| as_original(e, &copy.path, path))?;
        let cases = store
            .count()
            .map_err(|e| as_original(e, &copy.path, path))?;
        return Ok(Checked {
            storage: Ok(()),
            problems,
            cases,
        });
    }
    Ok(Checked {
        storage: Err(last),
        problems: Vec::new(),
        cases: 0,
    })
}

/// Errors about the copy name the file the user gave.
fn as_original(e: LedgerError, copy: &Path, original: &Path) -> LedgerError {
    let (copy, original) = (copy.display().to_string(), original.display().to_string());
    let fix = |s: String| s.replace(&copy, &original);
    match e {
        LedgerError::Open { path, message } => LedgerError::Open {
            path: fix(path),
            message: fix(message),
        },
        LedgerError::NewerSchema {
            path,
            found,
            supported,
        } => LedgerError::NewerSchema {
            path: fix(path),
            found,
            supported,
        },
        LedgerError::Busy { path, seconds } => LedgerError::Busy {
            path: fix(path),
            seconds,
        },
        e => e,
    }
}

/// A copy readable by this user only, beside the ledger (its directory is the ledger group's) or
/// else in the temporary directory; removed when dropped.
struct PrivateCopy {
    path: PathBuf,
}

impl PrivateCopy {
    fn of(path: &Path) -> Result<PrivateCopy> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "ledger".into());
        let copy_name = format!(".{name}.check-{}", std::process::id());
        let beside = path.with_file_name(&copy_name);
        let mut places = vec![beside];
        places.push(std::env::temp_dir().join(&copy_name));
        let mut why = String::new();
        let mut full = Vec::new();
        for place in places {
            let _ = std::fs::remove_file(&place);
            let made = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&place);
            let mut out = match made {
                Ok(f) => f,
                Err(e) => {
                    why = e.to_string();
                    continue;
                }
            };
            let copy = PrivateCopy { path: place };
            let mut src = std::fs::File::open(path).map_err(|e| open_error(path, e))?;
            match std::io::copy(&mut src, &mut out).and_then(|_| out.flush()) {
                Ok(()) => return Ok(copy),
                // No room here: the copy is removed (on drop) and the next place tried.
                Err(e) if e.raw_os_error() == Some(nix::libc::ENOSPC) => {
                    full.push(
                        copy.path
                            .parent()
                            .map(Path::to_path_buf)
                            .unwrap_or_default(),
                    );
                    why = e.to_string();
                }
                Err(e) => {
                    return Err(open_error(path, format!("cannot copy it to check it: {e}")));
                }
            }
        }
        if !full.is_empty() {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let places: Vec<String> = full.iter().map(|p| p.display().to_string()).collect();
            return Err(LedgerError::Io(format!(
                "disk full: checking {} needs a private copy of {} MB and there is no room in {}; free some space there, or set TMPDIR to a directory with room (nothing was changed)",
                path.display(),
                size.div_ceil(1 << 20),
                places.join(" or ")
            )));
        }
        Err(open_error(
            path,
            format!("cannot make a private copy to check: {why}"),
        ))
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn counter(meta: &impl ReadableTable<&'static str, &'static [u8]>, key: &str) -> Result<u64> {
    Ok(meta
        .get(key)?
        .and_then(|v| v.value().try_into().ok().map(u64::from_le_bytes))
        .unwrap_or(0))
}

impl LocalStore {
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
        // What the derived tables should hold, made from the records and histories read here.
        let mut expected_derived = Expected::default();
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
            let mut walk = Walk::new(&id, case.kind);
            let mut history = Vec::with_capacity(case.rev as usize);
            let mut whole = true;
            for item in events.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
                let (k, v) = item?;
                let seq = k.value().1;
                n_events += 1;
                let ev: Event = match decode(&format!("{id}#{seq}"), v.value()) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(e.to_string());
                        whole = false;
                        walk.unreadable(seq, &mut problems);
                        continue;
                    }
                };
                walk.step(seq, &ev.change, &mut problems);
                history.push(ev);
            }
            expected_derived.case(&id, &case, whole.then_some(history.as_slice()));
            walk.end(&case, &mut problems);
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
        // The derived tables, where they claim to be exact (else they are not used).
        for d in Derived::ALL {
            if d.exact(&meta)? {
                d.check(&r, &mut expected_derived, &mut problems)?;
            }
        }
        Ok(problems)
    }

    /// Rebuild what is derived from the cases and their histories, in one transaction, and say
    /// what changed (one line each; nothing when all was in order):
    /// - an id counter (`seq/CODE-YEAR`) behind an existing id moves past it, so no id is given twice;
    /// - a case's revision becomes the length of its history, when that history is complete;
    /// - a case's stored due date is recomputed with this process's calendar (a paused clock's
    ///   date moves daily by design and is left alone);
    /// - import references are restored from each case's own record, and those naming no case
    ///   are dropped (the case records and histories are the truth; the references index them).
    ///
    /// Case records and history events are never deleted or rewritten: a gap in a history, an
    /// undecodable record or a state its history does not lead to stays for `check` to report
    /// and a backup to fix. Needs a supervisor where the ledger has users; recorded in the audit log.
    pub fn repair(&self, actor: &str) -> Result<Vec<String>> {
        let rule_set = self.rule_set()?;
        let today = today();
        self.guarded(actor, "check --repair", |txn| {
            require_supervisor(
                txn,
                actor,
                "repairing the ledger",
                "ask one to run `taizhang check --repair`",
            )?;
            let mut meta = txn.open_table(META)?;
            let mut cases = txn.open_table(CASES)?;
            let events = txn.open_table(EVENTS)?;
            let mut sources = txn.open_table(SOURCES)?;
            let mut done = Vec::new();
            let mut highest: BTreeMap<String, u64> = BTreeMap::new();
            let mut rewrite: Vec<Case> = Vec::new();
            let mut referenced: Vec<(String, String)> = Vec::new();
            for item in cases.iter()? {
                let (k, v) = item?;
                let id = k.value().to_string();
                let Ok(mut case) = decode::<Case>(&id, v.value()) else {
                    continue;
                };
                if let Some((code, rest)) = id.split_once('-')
                    && let Some((year, n)) = rest.split_once('-')
                    && let Ok(n) = n.parse::<u64>()
                {
                    let e = highest.entry(format!("seq/{code}-{year}")).or_default();
                    *e = (*e).max(n);
                }
                let mut last = 0u64;
                let mut complete = true;
                for item in events.range((id.as_str(), 0)..=(id.as_str(), u64::MAX))? {
                    let (k, _) = item?;
                    let seq = k.value().1;
                    complete &= seq == last + 1;
                    last = seq;
                }
                let mut changed = false;
                if complete && last > 0 && case.rev != last {
                    done.push(format!(
                        "{id}: revision {} set to {last}, the length of its history",
                        case.rev
                    ));
                    case.rev = last;
                    changed = true;
                }
                let paused = case
                    .clock
                    .as_ref()
                    .is_some_and(|c| c.paused_since.is_some());
                let recomputed = due(&case, &rule_set, &self.calendar, today).map(|d| d.date);
                if !paused && recomputed != case.due {
                    let shown = |d: Option<NaiveDate>| {
                        d.map(|d| d.to_string()).unwrap_or_else(|| "none".into())
                    };
                    done.push(format!(
                        "{id}: stored due date {} recomputed as {}",
                        shown(case.due),
                        shown(recomputed)
                    ));
                    case.due = recomputed;
                    changed = true;
                }
                if let Some(src) = &case.source {
                    referenced.push((src.clone(), id.clone()));
                }
                if changed {
                    rewrite.push(case);
                }
            }
            for case in rewrite {
                cases.insert(case.id.as_str(), encode(&case)?.as_slice())?;
            }
            for (key, n) in highest {
                let at = counter(&meta, &key)?;
                if at < n {
                    meta.insert(key.as_str(), n.to_le_bytes().as_slice())?;
                    done.push(format!(
                        "id counter {} moved from {at} to {n}, past the highest id",
                        key.trim_start_matches("seq/")
                    ));
                }
            }
            let mut dangling = Vec::new();
            for item in sources.iter()? {
                let (k, v) = item?;
                if cases.get(v.value())?.is_none() {
                    dangling.push((k.value().to_string(), v.value().to_string()));
                }
            }
            for (src, id) in dangling {
                sources.remove(src.as_str())?;
                done.push(format!(
                    "import reference {src} pointed at missing case {id}: dropped"
                ));
            }
            for (src, id) in referenced {
                let now = sources.get(src.as_str())?.map(|v| v.value().to_string());
                if now.is_none() {
                    sources.insert(src.as_str(), id.as_str())?;
                    done.push(format!("import reference {src} of {id} restored"));
                }
            }
            drop((cases, events, sources));
            for d in Derived::ALL {
                let wrong = d.rebuild(txn, &mut meta)?;
                if wrong > 0 {
                    done.push(d.repaired(wrong));
                }
            }
            if !done.is_empty() {
                bump_version(&mut meta)?;
            }
            audit_in(
                txn,
                actor,
                &format!("check --repair: {} change(s)", done.len()),
                None,
            )?;
            Ok(done)
        })
    }
}
