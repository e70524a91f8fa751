//! `taizhang check [PATH]`: verify a ledger or a backup.

use std::process::ExitCode;

use crate::ledger::text::sanitize;
use crate::ledger::{Ledger, LedgerError, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A ledger or backup file to check instead of the current ledger
    pub path: Option<std::path::PathBuf>,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let path = a.path.clone().unwrap_or_else(|| env.config.ledger_path(env.db.as_deref()));
    if !path.exists() {
        return Err(LedgerError::Open {
            path: path.display().to_string(),
            message: "no such file; give the path of a ledger or backup".into(),
        });
    }
    let ledger = Ledger::open(&path, env.config.calendar()?)?;
    let problems = ledger.check()?;
    let count = ledger.count()?;
    if problems.is_empty() {
        println!("{}: {} ({count} {})", path.display(), env.lang.pick("正常", "ok"), env.lang.pick("件", "cases"));
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            eprintln!("{}: {}", path.display(), sanitize(p));
        }
        eprintln!("{}: {} problem(s) found; restore from a backup (see README)", path.display(), problems.len());
        Ok(ExitCode::from(1))
    }
}
