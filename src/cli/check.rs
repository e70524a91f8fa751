//! `taizhang check [PATH] [--repair]`: verify a ledger or a backup without changing it; with
//! `--repair`, rebuild the data derived from the cases and their histories and say what changed.
//!
//! With a ledger server configured and no PATH, the server checks (and repairs) its own ledger:
//! the officer cannot read the server's file, and checking some local file instead would report
//! on the wrong ledger.

use std::process::ExitCode;

use crate::ledger::clock::current_user;
use crate::ledger::store::{LocalStore, check_file};
use crate::ledger::text::sanitize;
use crate::ledger::{LedgerError, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A ledger or backup file to check here instead of the current ledger (which, with a
    /// server configured, the server checks)
    pub path: Option<std::path::PathBuf>,
    /// Rebuild derived data (id counters, revisions, stored due dates, import references, the
    /// index of open cases and the figures table) from the cases and their histories, and list
    /// each change; never deletes a case or an event
    #[arg(long)]
    pub repair: bool,
    /// Prove that nothing recorded before the seal with this digest (printed by `taizhang seal`)
    /// has changed
    #[arg(long, value_name = "DIGEST", conflicts_with = "repair")]
    pub against: Option<String>,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    if let Some(digest) = &a.against {
        return against(env, &a, digest);
    }
    // The same choice as `Env::open`: --server or TAIZHANG_SERVER, else `server =` in the config
    // file unless --db names a file.
    let server = env.server.is_some() || (env.db.is_none() && env.config.server.is_some());
    if a.path.is_none() && server {
        return run_on_server(env, &a);
    }
    let path = a
        .path
        .clone()
        .unwrap_or_else(|| env.config.ledger_path(env.db.as_deref()));
    if !path.exists() {
        return Err(LedgerError::Open {
            path: path.display().to_string(),
            message: "no such file; give the path of a ledger or backup".into(),
        });
    }
    let shown = path.display().to_string();
    let calendar = env.config.calendar()?;
    let lang = env.lang;
    let checked = check_file(&path, &calendar)?;
    if let Err(why) = &checked.storage {
        let what = if a.repair {
            lang.pick(
                "--repair 只重建派生数据,不动损坏的文件",
                "--repair rebuilds derived data only and does not touch a damaged file",
            )
        } else {
            lang.pick("未作任何改动", "nothing was changed")
        };
        eprintln!(
            "{shown}: {} ({}); {what}: {}",
            lang.pick(
                "文件已损坏或不是台账",
                "the file is damaged or is not a ledger"
            ),
            sanitize(why),
            lang.pick(
                "请从备份恢复 (见 README)",
                "restore it from a backup (see README)"
            )
        );
        return Ok(ExitCode::from(1));
    }
    let (problems, count) = if a.repair {
        let store = LocalStore::open(&path, calendar)?;
        print_repairs(env, &shown, &store.repair(&current_user())?);
        (store.check()?, store.count()?)
    } else {
        (checked.problems, checked.cases)
    };
    Ok(report(env, &a, &shown, &problems, count))
}

/// Ask the ledger server to check its ledger (anyone the server knows may: the answer holds no
/// personal data) or, for a supervisor, to repair it. Named by the server's socket. An
/// unreachable server is an error, as for every command: nothing local is checked instead.
fn run_on_server(env: &Env, a: &Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    let shown = ledger.path().display().to_string();
    if a.repair {
        print_repairs(env, &shown, &ledger.repair()?);
    }
    let problems = ledger.check()?;
    let count = ledger.count()?;
    Ok(report(env, a, &shown, &problems, count))
}

fn print_repairs(env: &Env, shown: &str, changes: &[String]) {
    let lang = env.lang;
    for c in changes {
        println!(
            "{shown}: {} {}",
            lang.pick("已修复:", "repaired:"),
            sanitize(c)
        );
    }
    if changes.is_empty() {
        println!(
            "{shown}: {}",
            lang.pick(
                "派生数据无需修复",
                "derived data in order, nothing to repair"
            )
        );
    }
}

/// Print the verdict: "ok" with the number of cases, or each problem and what to do.
fn report(env: &Env, a: &Args, shown: &str, problems: &[String], count: u64) -> ExitCode {
    let lang = env.lang;
    if problems.is_empty() {
        println!(
            "{shown}: {} ({count} {})",
            lang.pick("正常", "ok"),
            lang.pick("件", "cases")
        );
        return ExitCode::SUCCESS;
    }
    for p in problems {
        eprintln!("{shown}: {}", sanitize(p));
    }
    if a.repair {
        eprintln!(
            "{shown}: {} {}",
            problems.len(),
            lang.pick("处问题无法从历史重建,请从备份恢复 (见 README)", "problem(s) cannot be rebuilt from the histories; restore from a backup (see README)")
        );
    } else {
        eprintln!(
            "{shown}: {} {}",
            problems.len(),
            lang.pick(
                "处问题,未作任何改动;`taizhang check --repair` 可重建编号计数、版本号、期限、导入引用、未结索引和统计表,其余请从备份恢复 (见 README)",
                "problem(s) found, nothing changed; `taizhang check --repair` rebuilds id counters, revisions, due dates, import references, the open-case index and the figures table, for anything else restore from a backup (see README)"
            )
        );
    }
    ExitCode::from(1)
}

/// `check --against DIGEST`: what has changed since that seal, on the current ledger (or the
/// server's) or on the file given.
fn against(env: &Env, a: &Args, digest: &str) -> Result<ExitCode> {
    let ledger = match &a.path {
        Some(p) => crate::ledger::Ledger::open(p, env.config.calendar()?)?,
        None => env.open()?,
    };
    let problems = ledger.verify_seal(digest)?;
    if problems.is_empty() {
        println!(
            "{}",
            env.lang.pick(
                "核验通过:封存以来,此前记录的每一条都在、未被改动",
                "verified: every event recorded before the seal is there, unchanged"
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        eprintln!("{}", sanitize(p));
    }
    Ok(ExitCode::FAILURE)
}
