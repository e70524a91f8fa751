//! The interface (ratatui). Depends on the ledger, never the reverse.

use std::process::ExitCode;

use crate::cli::Env;
use crate::ledger::Result;

pub fn run(_env: &Env, _keymap: Option<&str>, _mouse: bool) -> Result<ExitCode> {
    eprintln!("taizhang: the interactive interface is not built yet; use the subcommands (taizhang --help)");
    Ok(ExitCode::from(2))
}
