//! Users, roles and the audit log: who may write what, checked in the write transaction so the
//! embedded mode and the server refuse the same things.

use chrono::Utc;
use redb::{ReadableTable, WriteTransaction};

use super::{AUDIT, LocalStore, USERS, decode, encode};
use crate::ledger::access::{self, Access, AuditEntry, Role, UserChange, UserRecord};
use crate::ledger::error::{LedgerError, Result};

impl LocalStore {
    /// Run a write that may be refused by the actor's role; a refusal aborts the write and is
    /// recorded in the audit log on its own.
    pub(super) fn guarded<T>(
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
pub(super) fn access_in(txn: &WriteTransaction, user: &str) -> Result<Access> {
    lookup(&txn.open_table(USERS)?, user)
}

/// Refuse, in `txn`, an action only a supervisor may take (`what`), saying how to get it done.
pub(super) fn require_supervisor(
    txn: &WriteTransaction,
    actor: &str,
    what: &str,
    fix: &str,
) -> Result<()> {
    let role = access_in(txn, actor)?.role(actor)?;
    access::require(actor, role, Role::Supervisor, what, fix)
}

/// Repeats of one refusal by one user within this time are counted on its line.
const REPEAT_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// Append to the audit log in `txn`. Texts are bounded ([`access::audit_text`]), and a refusal
/// that repeats the last line (same user, action and reason, within an hour) is counted there.
pub(super) fn audit_in(
    txn: &WriteTransaction,
    user: &str,
    action: &str,
    refused: Option<&str>,
) -> Result<()> {
    let mut t = txn.open_table(AUDIT)?;
    let now = Utc::now();
    let action = access::audit_text(action);
    let refused = refused.map(access::audit_text);
    let last = match t.last()? {
        Some((k, v)) => Some((k.value(), decode::<AuditEntry>("audit", v.value())?)),
        None => None,
    };
    if let (Some(_), Some((seq, mut e))) = (&refused, last.clone())
        && e.user == user
        && e.action == action
        && e.refused == refused
        && now - e.last.unwrap_or(e.at) < REPEAT_WINDOW
    {
        e.repeats += 1;
        e.last = Some(now);
        t.insert(seq, encode(&e)?.as_slice())?;
        return Ok(());
    }
    let seq = last.as_ref().map(|(k, _)| k + 1).unwrap_or(1);
    // A burst of varied refusals by one user is counted on one line once it passes BURST a minute.
    if refused.is_some() && in_burst(&t, user, now)? {
        if let Some((seq, mut e)) = last
            && e.user == user
            && e.action == BURST_ACTION
        {
            e.repeats += 1;
            e.last = Some(now);
            t.insert(seq, encode(&e)?.as_slice())?;
            return Ok(());
        }
        let e = AuditEntry {
            seq,
            at: now,
            user: user.to_string(),
            action: BURST_ACTION.to_string(),
            refused: Some(format!(
                "more than {BURST} refused attempts within a minute; further ones are counted on this line, not itemised"
            )),
            repeats: 1,
            last: Some(now),
        };
        t.insert(seq, encode(&e)?.as_slice())?;
        return Ok(());
    }
    let e = AuditEntry {
        seq,
        at: now,
        user: user.to_string(),
        action,
        refused,
        repeats: 0,
        last: None,
    };
    t.insert(seq, encode(&e)?.as_slice())?;
    Ok(())
}

/// Refused attempts by one user within a minute that the audit log itemises.
const BURST: usize = 20;
const BURST_ACTION: &str = "(refused attempts)";

/// The last [`BURST`] lines are all refusals of `user` within the last minute.
fn in_burst(t: &redb::Table<u64, &[u8]>, user: &str, now: chrono::DateTime<Utc>) -> Result<bool> {
    let mut n = 0;
    for row in t.iter()?.rev().take(BURST) {
        let (_, v) = row?;
        let e: AuditEntry = decode("audit", v.value())?;
        if e.user != user
            || e.refused.is_none()
            || now - e.last.unwrap_or(e.at) > chrono::Duration::minutes(1)
        {
            return Ok(false);
        }
        if e.action == BURST_ACTION {
            return Ok(true);
        }
        n += 1;
    }
    Ok(n == BURST)
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
