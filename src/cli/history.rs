//! `taizhang history ID`: every event of a case, oldest first.

use std::process::ExitCode;

use crate::ledger::access::Personal;
use crate::ledger::text::table;
use crate::ledger::{Lang, Result};

use super::{Env, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub id: String,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    let case = ledger.get(&a.id)?;
    let events = ledger.history(&case.id)?;
    if a.json {
        // Personal data in field edits is masked as everywhere else.
        let mut masked = events.clone();
        masked.mask_personal();
        return print_json(&masked);
    }
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                e.at.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                e.actor.clone(),
                e.change.key().to_string(),
                crate::ledger::present::event_text(e, case.kind, env.lang),
            ]
        })
        .collect();
    let header = match env.lang {
        Lang::Zh => ["#", "时间", "操作人", "类型", "变更"],
        Lang::En => ["#", "TIME", "ACTOR", "EVENT", "CHANGE"],
    };
    print!("{}", table(&header, &rows, &[], &[true]));
    Ok(ExitCode::SUCCESS)
}
