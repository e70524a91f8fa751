//! The ledger interface every caller uses, and the storage behind it.
//!
//! [`Store`] is what a ledger can be asked: implemented by the redb file on this machine
//! ([`LocalStore`]) and by a ledger server reached over a Unix socket
//! ([`crate::server::client::RemoteStore`]). [`Ledger`] is the facade the command line and the
//! interface hold: the same methods whichever store is behind it, so no command is written twice.
//! Writes name their actor; a server ignores the name and uses the one the kernel vouches for.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use super::access::{AuditEntry, UserChange, UserRecord};
use super::calendar::Calendar;
use super::deadline::{Due, due};
use super::error::{LedgerError, Result};
use super::event::Event;
use super::model::Case;
use super::schema::Kind;
use super::store::{Digests, LocalStore};
use super::store::{Outcome, Request, Restored, Snapshot, Target, current_user, today};

/// The storage operations of a ledger. Reads take no actor: a server answers them for the
/// authenticated user (personal data masked unless a supervisor asks).
pub trait Store: Send + Sync {
    /// The ledger file, or the server's socket.
    fn location(&self) -> &Path;
    /// The authenticated user where a server decides who that is; None in embedded mode.
    fn authenticated_user(&self) -> Option<&str> {
        None
    }
    fn version(&self) -> Result<u64>;
    /// Block until the version differs from `after` or `timeout` passes; returns the version.
    fn wait_version(&self, after: u64, timeout: Duration) -> Result<u64>;
    fn rule_set(&self) -> Result<String>;
    fn set_rule_set(&self, actor: &str, name: &str) -> Result<()>;
    fn targets(&self) -> Result<Vec<Target>>;
    fn set_target(&self, actor: &str, target: &Target) -> Result<()>;
    fn remove_target(&self, actor: &str, kind: Kind, measure: &str, year: i32) -> Result<bool>;
    fn execute_batch(
        &self,
        actor: &str,
        reqs: Vec<Request>,
        when: Vec<(DateTime<Utc>, NaiveDate)>,
    ) -> Result<Vec<Outcome>>;
    fn get(&self, id: &str) -> Result<Case>;
    fn cases(&self) -> Result<Vec<Case>>;
    /// The open cases, in id order. A store with an index of them reads only those.
    fn open_cases(&self) -> Result<Vec<Case>> {
        Ok(self.cases()?.into_iter().filter(Case::is_open).collect())
    }
    fn count(&self) -> Result<u64>;
    fn history(&self, id: &str) -> Result<Vec<Event>>;
    fn all_events(&self) -> Result<Vec<Event>>;
    /// Every case's figures record (see [`LocalStore::digests`]); None where the store has none
    /// to give (the figures are then replayed from every case and event).
    fn digests(&self) -> Result<Option<Digests>> {
        Ok(None)
    }
    fn record_pii_view(&self, actor: &str, ids: &[String], purpose: &str) -> Result<()>;
    fn check(&self) -> Result<Vec<String>>;
    /// Rebuild the data derived from the cases and their histories (a supervisor's alone); the
    /// changes made, one line each.
    fn repair(&self, actor: &str) -> Result<Vec<String>>;
    fn find_by_source(&self, source: &str) -> Result<Option<String>>;
    fn source_map(&self) -> Result<HashMap<String, String>>;
    fn snapshot(&self) -> Result<Snapshot>;
    fn restore(
        &self,
        actor: &str,
        items: &[(Case, Vec<Event>)],
        targets: &[Target],
        rule_set: Option<&str>,
    ) -> Result<Restored>;
    fn users(&self) -> Result<Vec<UserRecord>>;
    fn change_user(&self, actor: &str, name: &str, change: UserChange) -> Result<()>;
    fn audit_log(&self, actor: &str) -> Result<Vec<AuditEntry>>;
}

impl Store for LocalStore {
    fn location(&self) -> &Path {
        self.path()
    }
    fn version(&self) -> Result<u64> {
        LocalStore::version(self)
    }
    fn wait_version(&self, after: u64, timeout: Duration) -> Result<u64> {
        LocalStore::wait_version(self, after, timeout)
    }
    fn rule_set(&self) -> Result<String> {
        LocalStore::rule_set(self)
    }
    fn set_rule_set(&self, actor: &str, name: &str) -> Result<()> {
        LocalStore::set_rule_set(self, actor, name)
    }
    fn targets(&self) -> Result<Vec<Target>> {
        LocalStore::targets(self)
    }
    fn set_target(&self, actor: &str, target: &Target) -> Result<()> {
        LocalStore::set_target(self, actor, target)
    }
    fn remove_target(&self, actor: &str, kind: Kind, measure: &str, year: i32) -> Result<bool> {
        LocalStore::remove_target(self, actor, kind, measure, year)
    }
    fn execute_batch(
        &self,
        actor: &str,
        reqs: Vec<Request>,
        when: Vec<(DateTime<Utc>, NaiveDate)>,
    ) -> Result<Vec<Outcome>> {
        LocalStore::execute_batch(self, actor, reqs, &when)
    }
    fn get(&self, id: &str) -> Result<Case> {
        LocalStore::get(self, id)
    }
    fn cases(&self) -> Result<Vec<Case>> {
        LocalStore::cases(self)
    }
    fn open_cases(&self) -> Result<Vec<Case>> {
        LocalStore::open_cases(self)
    }
    fn count(&self) -> Result<u64> {
        LocalStore::count(self)
    }
    fn history(&self, id: &str) -> Result<Vec<Event>> {
        LocalStore::history(self, id)
    }
    fn all_events(&self) -> Result<Vec<Event>> {
        LocalStore::all_events(self)
    }
    fn digests(&self) -> Result<Option<Digests>> {
        LocalStore::digests(self)
    }
    fn record_pii_view(&self, actor: &str, ids: &[String], purpose: &str) -> Result<()> {
        LocalStore::record_pii_view(self, actor, ids, purpose)
    }
    fn check(&self) -> Result<Vec<String>> {
        LocalStore::check(self)
    }
    fn repair(&self, actor: &str) -> Result<Vec<String>> {
        LocalStore::repair(self, actor)
    }
    fn find_by_source(&self, source: &str) -> Result<Option<String>> {
        LocalStore::find_by_source(self, source)
    }
    fn source_map(&self) -> Result<HashMap<String, String>> {
        LocalStore::source_map(self)
    }
    fn snapshot(&self) -> Result<Snapshot> {
        LocalStore::snapshot(self)
    }
    fn restore(
        &self,
        actor: &str,
        items: &[(Case, Vec<Event>)],
        targets: &[Target],
        rule_set: Option<&str>,
    ) -> Result<Restored> {
        LocalStore::restore(self, actor, items, targets, rule_set)
    }
    fn users(&self) -> Result<Vec<UserRecord>> {
        LocalStore::users(self)
    }
    fn change_user(&self, actor: &str, name: &str, change: UserChange) -> Result<()> {
        LocalStore::change_user(self, actor, name, change)
    }
    fn audit_log(&self, actor: &str) -> Result<Vec<AuditEntry>> {
        LocalStore::audit_log(self, actor)
    }
}

/// The ledger as the command line and the interface see it: a store, the office's holiday
/// calendar (for showing due dates) and the acting user.
pub struct Ledger {
    store: Box<dyn Store>,
    calendar: Calendar,
    actor: String,
    remote: bool,
}

impl Ledger {
    /// Open the ledger file at `path` on this machine (the embedded mode), creating it if absent.
    pub fn open(path: &Path, calendar: Calendar) -> Result<Ledger> {
        let store = LocalStore::open(path, calendar.clone())?;
        Ok(Ledger {
            store: Box::new(store),
            calendar,
            actor: current_user(),
            remote: false,
        })
    }

    /// Use the ledger server listening on `socket`. Never falls back to a local file: an
    /// unreachable server is an error saying so.
    pub fn connect(socket: &Path, calendar: Calendar) -> Result<Ledger> {
        let store = crate::server::client::RemoteStore::connect(socket)?;
        Ok(Ledger::with_store(Box::new(store), calendar))
    }

    /// A ledger over any store (tests, and the server's own use).
    pub fn with_store(store: Box<dyn Store>, calendar: Calendar) -> Ledger {
        let remote = store.authenticated_user().is_some();
        let actor = store
            .authenticated_user()
            .map(String::from)
            .unwrap_or_else(current_user);
        Ledger {
            store,
            calendar,
            actor,
            remote,
        }
    }

    /// The ledger file, or the socket of the server.
    pub fn path(&self) -> &Path {
        self.store.location()
    }

    /// Whether a ledger server holds the ledger.
    pub fn is_remote(&self) -> bool {
        self.remote
    }

    /// The user every change is recorded under: the operating-system user, as the server's
    /// kernel check or this process sees it.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// A counter bumped by every committed write: compare it to notice other officers' changes.
    pub fn version(&self) -> Result<u64> {
        self.store.version()
    }

    /// Wait for another officer's change: returns as soon as the version differs from `after`
    /// (a server tells at once), or after `timeout` with the version unchanged.
    pub fn wait_version(&self, after: u64, timeout: Duration) -> Result<u64> {
        self.store.wait_version(after, timeout)
    }

    pub fn rule_set(&self) -> Result<String> {
        self.store.rule_set()
    }

    pub fn set_rule_set(&self, name: &str) -> Result<()> {
        self.store.set_rule_set(&self.actor, name)
    }

    /// Set a yearly target (replacing any for the same kind, measure and year).
    pub fn set_target(&self, t: &Target) -> Result<()> {
        self.store.set_target(&self.actor, t)
    }

    /// Remove a target; false if there was none.
    pub fn remove_target(&self, kind: Kind, measure: &str, year: i32) -> Result<bool> {
        self.store.remove_target(&self.actor, kind, measure, year)
    }

    pub fn targets(&self) -> Result<Vec<Target>> {
        self.store.targets()
    }

    /// Apply one command now, as the current user.
    pub fn execute(&self, req: impl Into<Request>) -> Result<Outcome> {
        let mut out = self.execute_batch(vec![req.into()], Utc::now(), today())?;
        out.pop()
            .ok_or_else(|| LedgerError::Storage("a command produced no outcome".into()))
    }

    /// Apply several commands in one transaction: all are committed, or none (the first error).
    /// `now` and `today` are the time recorded and the day deadlines count from.
    pub fn execute_batch(
        &self,
        reqs: Vec<Request>,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Vec<Outcome>> {
        self.execute_batch_with(reqs, |_| (now, today))
    }

    /// Like [`execute_batch`](Self::execute_batch), with the time of each command given by `when`
    /// (the demo and imports record work done on earlier days; a server records its own clock
    /// unless a supervisor asks).
    pub fn execute_batch_with(
        &self,
        reqs: Vec<Request>,
        when: impl FnMut(usize) -> (DateTime<Utc>, NaiveDate),
    ) -> Result<Vec<Outcome>> {
        let when = (0..reqs.len()).map(when).collect();
        self.store.execute_batch(&self.actor, reqs, when)
    }

    pub fn get(&self, id: &str) -> Result<Case> {
        self.store.get(id)
    }

    /// Every case, in id order.
    pub fn cases(&self) -> Result<Vec<Case>> {
        self.store.cases()
    }

    /// The open cases, in id order (quicker than filtering [`cases`](Self::cases): a local
    /// ledger keeps an index of them).
    pub fn open_cases(&self) -> Result<Vec<Case>> {
        self.store.open_cases()
    }

    pub fn count(&self) -> Result<u64> {
        self.store.count()
    }

    pub fn history(&self, id: &str) -> Result<Vec<Event>> {
        self.store.history(id)
    }

    /// Every event of every case, grouped by case in id order (for reports).
    pub fn all_events(&self) -> Result<Vec<Event>> {
        self.store.all_events()
    }

    /// What the figures read, where the store keeps it (see [`Store::digests`]).
    pub fn digests(&self) -> Result<Option<Digests>> {
        self.store.digests()
    }

    /// Record that personal data of `ids` was shown in full to the current user.
    pub fn record_pii_view(&self, ids: &[String], purpose: &str) -> Result<()> {
        self.store.record_pii_view(&self.actor, ids, purpose)
    }

    /// The due date of `case` under `rule_set` and this ledger's calendar.
    pub fn due(&self, case: &Case, rule_set: &str, today: NaiveDate) -> Option<Due> {
        due(case, rule_set, &self.calendar, today)
    }

    /// Verify the ledger's invariants (see [`LocalStore::check`]).
    pub fn check(&self) -> Result<Vec<String>> {
        self.store.check()
    }

    /// Rebuild the data derived from the cases and their histories (see [`LocalStore::repair`];
    /// supervisors only). Returns each change made.
    pub fn repair(&self) -> Result<Vec<String>> {
        self.store.repair(&self.actor)
    }

    /// The case imported from `source` (an import reference), if any.
    pub fn find_by_source(&self, source: &str) -> Result<Option<String>> {
        self.store.find_by_source(source)
    }

    /// Every import reference and the case it made (one read, for imports of many rows).
    pub fn source_map(&self) -> Result<HashMap<String, String>> {
        self.store.source_map()
    }

    /// Every case with its history, the targets and the rule set, read in one transaction.
    pub fn snapshot(&self) -> Result<Snapshot> {
        self.store.snapshot()
    }

    /// Write cases and their histories exactly as given (see [`LocalStore::restore`]).
    pub fn restore(
        &self,
        items: &[(Case, Vec<Event>)],
        targets: &[Target],
        rule_set: Option<&str>,
    ) -> Result<Restored> {
        self.store.restore(&self.actor, items, targets, rule_set)
    }

    /// The users of the ledger and their roles (empty: an open ledger).
    pub fn users(&self) -> Result<Vec<UserRecord>> {
        self.store.users()
    }

    /// Add a user, change a role or remove a user (supervisors only).
    pub fn change_user(&self, name: &str, change: UserChange) -> Result<()> {
        self.store.change_user(&self.actor, name, change)
    }

    /// Privileged actions and refused attempts, oldest first (supervisors only).
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        self.store.audit_log(&self.actor)
    }
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("at", &self.path())
            .field("actor", &self.actor)
            .finish()
    }
}
