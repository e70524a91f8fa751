//! Opening the ledger file: creating it with the group's permissions, refusing files others
//! could read or replace, upgrading an older schema, and bringing derived tables up to date.
//! Also the write transaction every writer goes through, queued and patient.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use redb::{ConcurrencyMode, ReadTransaction, ReadableDatabase, ReadableTable, WriteTransaction};

use super::derived::{Derived, clocks_current, recompute_clocks};
use super::{
    AUDIT, CACHE_BYTES, CASES, EVENTS, KEY_SCHEMA, KEY_VERSION, LocalStore, META, SCHEMA_VERSION,
    SOURCES, TARGETS, USERS, WRITE_PATIENCE, open_error,
};
use crate::ledger::calendar::Calendar;
use crate::ledger::error::{LedgerError, Result};

/// Give every record of `table` written without a checksum its checksum (see `checksum`).
macro_rules! seal_all {
    ($txn:expr, $table:expr, |$k:ident| $owned:expr, |$o:ident| $borrowed:expr) => {{
        let mut t = $txn.open_table($table)?;
        let mut sealed = Vec::new();
        for item in t.iter()? {
            let (key, v) = item?;
            if !super::checksum::is_sealed(v.value()) {
                let $k = key.value();
                sealed.push(($owned, super::checksum::seal(v.value())));
            }
        }
        for ($o, v) in &sealed {
            t.insert($borrowed, v.as_slice())?;
        }
    }};
}

impl LocalStore {
    /// Open the ledger at `path`, creating it (group-shared, 0660 in a 0770 directory) if absent.
    pub fn open(path: &Path, calendar: Calendar) -> Result<LocalStore> {
        let link = std::fs::symlink_metadata(path).ok();
        let exists = path.exists();
        if link.as_ref().is_some_and(|m| m.file_type().is_symlink()) && !exists {
            return Err(open_error(
                path,
                "it is a link to a file that does not exist; point --db at the ledger itself",
            ));
        }
        check_dir(path)?;
        let mut builder = redb::Builder::new();
        builder
            .set_concurrency_mode(ConcurrencyMode::MultiWriter)
            .set_cache_size(CACHE_BYTES);
        let db = if exists {
            check_mode(path)?;
            if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
                return Err(open_error(
                    path,
                    "the file is empty, not a ledger; remove it or point --db at the ledger",
                ));
            }
            builder.create(path)
        } else {
            if let Some(dir) = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty() && !d.exists())
            {
                std::os::unix::fs::DirBuilderExt::mode(
                    std::fs::DirBuilder::new().recursive(true),
                    0o770,
                )
                .create(dir)
                .map_err(|e| open_error(path, format!("cannot create its directory: {e}")))?;
                // The umask may have taken the group's bits.
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o770));
            }
            // Created with its final mode: at no moment can anyone outside the group open it.
            redb::backends::FileBackend::new(create_private_file(path)?)
                .and_then(|backend| builder.create_with_backend(backend))
        }
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
            // The umask may have taken the group's write bit; the file was never open to others.
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660));
        }
        let ledger = LocalStore {
            db,
            path: path.to_path_buf(),
            calendar,
            backdate_days: super::DEFAULT_BACKDATE_DAYS,
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
                && Derived::all_exact(&meta)?
                && clocks_current(&meta)?
            {
                return Ok(());
            }
        }
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let found = meta.get(KEY_SCHEMA)?.map(|v| v.value().to_vec());
            let found_schema = match found {
                Some(v) => self.check_schema(&v)?,
                None => {
                    meta.insert(KEY_VERSION, 0u64.to_le_bytes().as_slice())?;
                    SCHEMA_VERSION
                }
            };
            txn.open_table(CASES)?;
            txn.open_table(EVENTS)?;
            txn.open_table(SOURCES)?;
            txn.open_table(TARGETS)?;
            txn.open_table(USERS)?;
            txn.open_table(AUDIT)?;
            // Schemas 1 and 2 kept records without checksums: sealed once, nothing else changed.
            if found_schema < 3 {
                for table in [CASES, USERS, TARGETS, super::derived::OPEN] {
                    seal_all!(txn, table, |k| k.to_string(), |k| k.as_str());
                }
                seal_all!(txn, EVENTS, |k| (k.0.to_string(), k.1), |k| (
                    k.0.as_str(),
                    k.1
                ));
                seal_all!(txn, AUDIT, |k| k, |k| *k);
            }
            // Case records written under other deadline rules have their clocks recomputed
            // from their histories; the derived tables then follow the rewritten records.
            let recomputed = if clocks_current(&meta)? {
                0
            } else {
                recompute_clocks(
                    txn,
                    &mut meta,
                    &self.calendar,
                    crate::ledger::clock::today(),
                )?
            };
            // Schema 1 had no index of open cases, ledgers made before the figures table had
            // none, and an older process may have written past either.
            for d in Derived::ALL {
                if recomputed > 0 || !d.exact(&meta)? {
                    d.rebuild(txn, &mut meta)?;
                }
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

    /// The store with another limit of days an officer may date a change back
    /// (`backdate_days` in the settings; where roles are in force, further back is a
    /// supervisor's).
    pub fn with_backdate_days(mut self, days: u32) -> LocalStore {
        self.backdate_days = days;
        self
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Begin a write transaction, waiting with backoff while another process writes.
    pub(super) fn begin_write(&self) -> Result<WriteTransaction> {
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
    pub(super) fn write<T>(&self, f: impl FnOnce(&WriteTransaction) -> Result<T>) -> Result<T> {
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

    pub(super) fn read(&self) -> Result<ReadTransaction> {
        Ok(self.db.begin_read()?)
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

/// A new file for a ledger (or a copy of one): created, never opened through a link, with no
/// permissions for users outside the group from the first moment.
pub fn create_private_file(path: &Path) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o660)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => open_error(
                path,
                "a file of that name appeared meanwhile; run the command again",
            ),
            _ => open_error(path, format!("cannot create it: {e}")),
        })
}

/// A ledger readable by users outside its group is refused: petitioners' data must not leak.
pub(super) fn check_mode(path: &Path) -> Result<()> {
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
    // Where the ledger really is: a link's target, or the path itself.
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    // Any directory on the way that others may write lets them swap what lies below it.
    for d in dir.ancestors() {
        let Ok(meta) = std::fs::metadata(d) else {
            continue;
        };
        let mode = meta.permissions().mode();
        if mode & 0o002 != 0 && mode & 0o1000 == 0 {
            let what = if d == dir {
                "directory"
            } else {
                "directory's parent"
            };
            return Err(LedgerError::Permission(format!(
                "the ledger's {what} {} can be written by users outside its group (mode {:o}), who could replace the ledger; run `chmod 770 {}`",
                d.display(),
                mode & 0o7777,
                d.display()
            )));
        }
    }
    Ok(())
}
