//! `taizhang seal`: one digest of every case's history chain, kept in the ledger and printed for
//! the office's paper records or to send upward; `taizhang check --against DIGEST` proves later
//! that nothing recorded before it has changed.

use std::process::ExitCode;

use chrono::Local;

use crate::ledger::{Lang, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    let seal = ledger.seal()?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&seal).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let day = seal.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
    match env.lang {
        Lang::Zh => println!(
            "台账封存摘要({day},{} 件,{} 条记录,{} 封存):\n  {}\n请抄入纸质台账或报送上级留存;日后用 `taizhang check --against 摘要` 核验此前记录未被改动。",
            seal.cases, seal.events, seal.by, seal.digest
        ),
        Lang::En => println!(
            "Ledger seal ({day}, {} cases, {} events, by {}):\n  {}\nWrite it in the office's paper records or send it upward; `taizhang check --against DIGEST` later proves nothing recorded before it has changed.",
            seal.cases, seal.events, seal.by, seal.digest
        ),
    }
    Ok(ExitCode::SUCCESS)
}
