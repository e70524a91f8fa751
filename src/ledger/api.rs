//! The ledger facade every caller uses: [`Ledger`] holds a [`Store`] (the redb file on this
//! machine, `LocalStore`, or a ledger server reached over a Unix socket) and offers the same
//! methods whichever is behind it, so no command is written twice. The methods that forward one
//! operation are generated from the operations table (`super::ops`); those here are the few with
//! a signature of their own. Every operation names the acting user; a server ignores the name and
//! uses the one the kernel vouches for.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use super::calendar::Calendar;
use super::clock::{current_user, today};
use super::deadline::{Due, due};
use super::error::{LedgerError, Result};
use super::model::Case;
pub use super::ops::Store;
use super::request::{Outcome, Request};
use super::store::LocalStore;

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

    /// The store behind the facade (the generated forwarding methods use it).
    pub(super) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Wait for another officer's change: returns as soon as the version differs from `after`
    /// (a server tells at once), or after `timeout` with the version unchanged.
    pub fn wait_version(&self, after: u64, timeout: Duration) -> Result<u64> {
        let timeout_ms = timeout.as_millis().min(u128::from(u64::MAX)) as u64;
        self.store.wait_version(&self.actor, after, timeout_ms)
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

    /// The due date of `case` under `rule_set` and this ledger's calendar.
    pub fn due(&self, case: &Case, rule_set: &str, today: NaiveDate) -> Option<Due> {
        due(case, rule_set, &self.calendar, today)
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
