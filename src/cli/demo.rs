//! `taizhang demo [--generate N --seed S]`: the demo ledger drawn from the seed work summaries,
//! or N generated cases (for benchmarks).

use std::process::ExitCode;

use crate::demo;
use crate::ledger::{LedgerError, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Add N generated cases instead of the demo set
    #[arg(long, value_name = "N")]
    pub generate: Option<usize>,
    /// Seed of the generator (same seed, same cases)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    match a.generate {
        Some(0) => Err(LedgerError::BadValue {
            what: "--generate".into(),
            value: "0".into(),
            hint: "give a number of cases, e.g. --generate 10000".into(),
        }),
        Some(n) => {
            let made = demo::generate(&ledger, n, a.seed)?;
            println!(
                "{}",
                match env.lang {
                    crate::ledger::Lang::Zh => format!("已生成 {made} 件"),
                    crate::ledger::Lang::En => format!("generated {made} cases"),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let made = demo::load(&ledger)?;
            println!(
                "{}",
                match env.lang {
                    crate::ledger::Lang::Zh =>
                        format!("已载入演示台账 {made} 件 ({})", ledger.path().display()),
                    crate::ledger::Lang::En =>
                        format!("loaded {made} demo cases into {}", ledger.path().display()),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
