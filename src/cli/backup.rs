//! `taizhang backup PATH`: a consistent copy of the ledger while others keep working — one read
//! transaction, written into a fresh ledger file (or JSON Lines when PATH ends in .jsonl).

use std::path::Path;
use std::process::ExitCode;

use crate::exchange::export::write_jsonl;
use crate::ledger::{Lang, Ledger, LedgerError, Result};

use super::Env;
use super::export::create_private;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the backup: a new file (ledger file, or JSON Lines if it ends in .jsonl)
    pub path: std::path::PathBuf,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let path = a.path.as_path();
    if path.exists() {
        return Err(LedgerError::Io(format!(
            "{} already exists: a backup never overwrites; choose a new name",
            path.display()
        )));
    }
    let ledger = env.open()?;
    let snap = ledger.snapshot()?;
    let jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
    if let Some(why) = &snap.partial
        && !jsonl
    {
        // A ledger file has no header to say it is partial: a copy that would pass for a
        // complete backup is not made.
        return Err(LedgerError::Forbidden(format!(
            "a backup is a supervisor's: this copy would be partial ({why}); ask a supervisor, or write a partial JSON Lines copy, marked as such, with `taizhang backup FILE.jsonl`"
        )));
    }
    if jsonl {
        // A backup is a complete copy: personal data included, file readable by the group only.
        let mut f = create_private(path, false)?;
        let mut buf = Vec::new();
        write_jsonl(&mut buf, &snap, true, true)?;
        std::io::Write::write_all(&mut f, &buf)
            .map_err(|e| LedgerError::Io(format!("cannot write {}: {e}", path.display())))?;
        f.sync_all()
            .map_err(|e| LedgerError::Io(format!("cannot write {}: {e}", path.display())))?;
    } else {
        write_ledger_copy(env, path, &snap)?;
    }
    if let Some(why) = &snap.partial {
        eprintln!(
            "{}",
            env.lang.pick(
                &format!("注意:这不是完整备份({why});完整备份须由主管执行"),
                &format!(
                    "note: this is not a complete backup ({why}); a complete one is a supervisor's"
                )
            )
        );
    }
    println!(
        "{}",
        match env.lang {
            Lang::Zh => format!(
                "已备份 {} 件到 {}(台账版本 {});用 `taizhang check {}` 校验",
                snap.cases.len(),
                path.display(),
                snap.version,
                path.display()
            ),
            Lang::En => format!(
                "backed up {} case(s) to {} (ledger version {}); verify it with `taizhang check {}`",
                snap.cases.len(),
                path.display(),
                snap.version,
                path.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Build the copy under a temporary name beside PATH, then link it into place: a half-written
/// backup never carries the final name, and an existing file is never replaced.
fn write_ledger_copy(
    env: &Env,
    path: &Path,
    snap: &crate::ledger::snapshot::Snapshot,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    let tmp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    remove_abandoned(path, &name);
    let result = (|| {
        let copy = Ledger::open(&tmp, env.config.calendar()?)?;
        copy.restore(&snap.cases, &snap.targets, Some(&snap.rule_set))?;
        copy.restore_access(&snap.users, &snap.audit)?;
        drop(copy);
        std::fs::hard_link(&tmp, path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => LedgerError::Io(format!(
                "{} already exists: a backup never overwrites; choose a new name",
                path.display()
            )),
            _ => LedgerError::Io(format!("cannot write {}: {e}", path.display())),
        })
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// A backup killed half-way leaves `.NAME.partial-PID` (private to the group, but a copy of the
/// ledger all the same): removed by the next backup to that name once its process is gone.
fn remove_abandoned(path: &Path, name: &str) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = format!(".{name}.partial-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        let gone = matches!(
            nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None),
            Err(nix::errno::Errno::ESRCH)
        );
        if gone {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
